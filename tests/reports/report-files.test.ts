/**
 * What an officer downloads and signs: the .xlsx read back cell by cell (numbers as numbers, Vietnamese
 * intact, a header row, column widths), the CSV a Vietnamese Excel opens in columns, file names that say
 * whose report and for when, the committee's own document code, place and signature (derived from its
 * name, settable through the API), each topic not yet studied listed once, and the current campaign as
 * the default period.
 */
import { parse } from "csv-parse/sync";
import { beforeAll, describe, expect, it } from "vitest";
import { buildTestApp } from "../helpers/app.ts";
import { fixtures } from "../minutes/fixtures.ts";
import { readXlsx, rowValues } from "./xlsx-read.ts";

const t = await buildTestApp({ now: "2026-06-20T03:00:00Z" });
const { app, admin } = t;
const f = fixtures(t);
type Headers = { authorization: string };

let province: string;
let district: string;
let commune: string;
let branch: string;
let old: { id: string; topicIds: string[] };
let cur: { id: string; topicIds: string[] };
let officer: Headers;

beforeAll(async () => {
  province = await f.committee("Tỉnh ủy Hà Giang");
  district = await f.committee("Huyện ủy Xín Mần", province);
  commune = await f.committee("Đảng ủy xã Nấm Dẩn", district);
  branch = await f.branch(commune, "Chi bộ thôn Nấm Lư");
  // The same book planned twice by the district: the 2023–2025 campaign, then the current one.
  old = await f.campaign(district, {
    title: "Đợt 2023–2025",
    firstMonth: "2023-05-01",
    lastMonth: "2025-11-01",
  });
  cur = await f.campaign(district, { title: "Đợt 2026", firstMonth: "2025-12-01", lastMonth: "2026-12-01" });
  const a = await f.member(branch, "Vàng Văn Sử");
  const b = await f.member(branch, "Sùng Thị Mai");
  const c = await f.member(branch, "Lù Văn Páo");
  await f.meeting(branch, "2025-03-05", { campaignId: old.id, topicId: old.topicIds[0]!, status: "held" });
  await f.meeting(branch, "2025-12-05", { campaignId: cur.id, topicId: cur.topicIds[1]!, status: "held" });
  const feb = await f.meeting(branch, "2026-02-05", { campaignId: cur.id, topicId: cur.topicIds[2]! });
  await f.meeting(branch, "2026-03-05", { campaignId: cur.id, topicId: cur.topicIds[3]! });
  await f.meeting(branch, "2026-07-06", { campaignId: cur.id, topicId: cur.topicIds[0]! });
  const res = await app.inject({
    method: "PUT",
    url: `/api/meetings/${feb}/attendance`,
    headers: admin,
    payload: {
      members: [
        { memberId: a, status: "present" },
        { memberId: b, status: "present" },
        { memberId: c, status: "absent_unexcused" },
      ],
    },
  });
  expect(res.statusCode, res.body).toBe(200);
  officer = await f.user("officer", "xinman@test.vn", { committeeId: district });
});

const get = async (url: string, headers: Headers = admin) => {
  const res = await app.inject({ url, headers });
  expect(res.statusCode, res.body).toBe(200);
  return res;
};

/** The `filename*` of a Content-Disposition, decoded. */
const unicodeName = (cd: string) => decodeURIComponent(cd.match(/filename\*=UTF-8''([^;]+)/)![1]!);
const asciiName = (cd: string) => cd.match(/filename="([^"]+)"/)![1];

describe("the committee's document heading", () => {
  it("is derived from the committee's name, and each part can be set, and set back", async () => {
    const list = (await get("/api/committees")).json() as Record<string, unknown>[];
    expect(list.find((c) => c.id === district)).toMatchObject({
      reportCode: "HU",
      signedFor: "T/M BAN THƯỜNG VỤ",
      signerTitle: "BÍ THƯ",
      place: "Xín Mần",
      derived: ["reportCode", "signedFor", "signerTitle", "place"],
    });
    expect(list.find((c) => c.id === commune)).toMatchObject({
      reportCode: "ĐU",
      signedFor: "T/M ĐẢNG ỦY",
      place: "Nấm Dẩn",
    });
    expect(list.find((c) => c.id === province)).toMatchObject({ reportCode: "TU", place: "Hà Giang" });

    const patch = (payload: object, headers: Headers = officer, id = district) =>
      app.inject({ method: "PATCH", url: `/api/committees/${id}`, headers, payload });
    const set = await patch({ signerTitle: "Phó bí thư" });
    expect(set.statusCode, set.body).toBe(200);
    expect(set.json()).toMatchObject({
      name: "Huyện ủy Xín Mần",
      signerTitle: "PHÓ BÍ THƯ",
      derived: ["reportCode", "signedFor", "place"],
    });
    const html = (await get(`/api/reports/committees/${district}?year=2026&format=html`, officer)).body;
    expect(html).toContain("ĐẢNG BỘ TỈNH HÀ GIANG");
    expect(html).toContain("HUYỆN ỦY XÍN MẦN");
    expect(html).toMatch(/Số:[^<]*-BC\/HU</);
    expect(html).toContain("Xín Mần, ngày 20 tháng 6 năm 2026");
    expect(html).toMatch(/T\/M BAN THƯỜNG VỤ<\/div>\s*<div>PHÓ BÍ THƯ/);

    const blank = await patch({ reportCode: "  " });
    expect(blank.statusCode).toBe(400);
    expect(blank.json().errors[0].field).toBe("reportCode");
    // The district is above the officer of the commune's reach: not found, as for the API elsewhere.
    const communeOfficer = await f.user("officer", "namdan@test.vn", { committeeId: commune });
    expect((await patch({ reportCode: "XX" }, communeOfficer)).statusCode).toBe(404);
    const back = await patch({ signerTitle: null });
    expect(back.json()).toMatchObject({
      signerTitle: "BÍ THƯ",
      derived: ["reportCode", "signedFor", "signerTitle", "place"],
    });
  });

  it("heads a commune's report with its own code and a branch's with the branch's", async () => {
    const html = (await get(`/api/reports/committees/${commune}?year=2026&format=html`)).body;
    expect(html).toContain("ĐẢNG BỘ HUYỆN XÍN MẦN");
    expect(html).toMatch(/Số:[^<]*-BC\/ĐU</);
    expect(html).toContain("Nấm Dẩn, ngày 20 tháng 6 năm 2026");
    expect(html).toMatch(/T\/M ĐẢNG ỦY<\/div>\s*<div>BÍ THƯ/);
    const b = (await get(`/api/reports/branches/${branch}?year=2026&format=html`)).body;
    expect(b).toContain("ĐẢNG BỘ XÃ NẤM DẨN");
    expect(b).toContain("CHI BỘ THÔN NẤM LƯ");
    expect(b).toMatch(/Số:[^<]*-BC\/CB</);
    expect(b).toMatch(/T\/M CHI BỘ<\/div>\s*<div>BÍ THƯ/);
  });
});

describe("topics and the default period", () => {
  it("lists each topic not yet studied once, over two campaigns of the same book", async () => {
    // 2025 holds a meeting of each campaign: topic 1 studied in the old one, topic 2 in the current one.
    const r = (await get(`/api/reports/branches/${branch}?year=2025`)).json();
    expect(r.detail.studiedTopics.map((x: { code: string }) => x.code)).toEqual(["CĐ1", "CĐ2"]);
    expect(r.detail.notStudiedTopics.map((x: { code: string }) => x.code)).toEqual(["CĐ3", "CĐ4"]);
    expect(r.branches[0]).toMatchObject({ topicsStudied: 2, topicsNotStudied: 2 });
    const html = (await get(`/api/reports/branches/${branch}?year=2025&format=html`)).body;
    const notStudied = html.match(/Chuyên đề chưa học:<\/b>(.*?)<\/p>/s)![1]!;
    expect(notStudied.match(/Chuyên đề 3/g)).toHaveLength(1);
    expect(notStudied).not.toContain("Chuyên đề 1");
  });

  it("takes the campaign running today when no year or campaign is asked, else the current year", async () => {
    for (const url of [`/api/reports/committees/${district}`, `/api/reports/branches/${branch}`]) {
      const r = (await get(url)).json();
      expect(r.filter, url).toMatchObject({
        campaignId: cur.id,
        campaignTitle: "Đợt 2026",
        campaignFirstMonth: "2025-12",
        campaignLastMonth: "2026-12",
        year: null,
        defaulted: true,
      });
      // Only the current campaign's meetings: not March 2025's of the old campaign.
      expect(r.totals, url).toMatchObject({ planned: 4, held: 2, upcoming: 1, notRecorded: 1 });
    }
    const asked = (await get(`/api/reports/committees/${district}?year=2025`)).json();
    expect(asked.filter).toMatchObject({ year: 2025, campaignId: null, defaulted: false });
    expect(asked.totals).toMatchObject({ planned: 2, held: 2 });
    // The province runs no campaign of its own: its report covers this year.
    const top = (await get(`/api/reports/committees/${province}`)).json();
    expect(top.filter).toMatchObject({ year: 2026, campaignId: null, defaulted: true });
    expect(top.totals).toMatchObject({ planned: 3 });
  });
});

describe("files", () => {
  it("downloads an .xlsx with a header row, numbers as numbers, Vietnamese intact and column widths", async () => {
    const res = await get(`/api/reports/committees/${district}?format=xlsx`, officer);
    expect(res.headers["content-type"]).toBe(
      "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    );
    const cd = String(res.headers["content-disposition"]);
    expect(cd).toMatch(/^attachment; /);
    expect(asciiName(cd)).toBe("bao-cao-huyen-uy-xin-man-2025-2026.xlsx");
    expect(unicodeName(cd)).toBe("Báo cáo Huyện ủy Xín Mần 2025-2026.xlsx");

    const { sheets, numberFormats } = readXlsx(res.rawPayload);
    expect(sheets.map((s) => s.name)).toEqual(["Báo cáo", "Thông tin"]);
    const sheet = sheets[0]!;
    const header = rowValues(sheet, 1);
    expect(header.slice(0, 4)).toEqual(["Cấp ủy", "Chi bộ", "Số buổi theo kế hoạch", "Đã sinh hoạt"]);
    expect(header).toHaveLength(33);
    expect(sheet.frozenRows).toBe(1);
    expect(sheet.widths).toHaveLength(33);
    expect(sheet.widths[1]).toBeGreaterThanOrEqual(25);

    const row = rowValues(sheet, 2);
    expect(row.slice(0, 2)).toEqual(["Đảng ủy xã Nấm Dẩn", "Chi bộ thôn Nấm Lư"]);
    expect(sheet.cells.get("C2")).toMatchObject({ type: "number", value: 4 });
    expect(sheet.cells.get("D2")).toMatchObject({ type: "number", value: 2 });
    const rate = sheet.cells.get("M2")!;
    expect(rate.type).toBe("number");
    expect(rate.value).toBeCloseTo(2 / 3, 4);
    expect(numberFormats.get((rate as { style: number }).style)).toBe("0.0%");
    expect(rowValues(sheet, 1)[32]).toBe("Đảng viên vắng không lý do ≥ 3 lần");
    expect(rowValues(sheet, 3)[0]).toBe("Tổng cộng");
    expect(sheet.cells.get("D3")).toMatchObject({ type: "number", value: 2 });
    const info = sheets[1]!;
    expect(rowValues(info, 3)[1]).toBe("Đợt 2026 (12/2025 – 12/2026)");

    // A branch's workbook adds its topics; a year in the file name when a year is asked.
    const b = await get(`/api/reports/branches/${branch}?year=2025&format=xlsx`);
    expect(asciiName(String(b.headers["content-disposition"]))).toBe("bao-cao-chi-bo-thon-nam-lu-2025.xlsx");
    const topics = readXlsx(b.rawPayload).sheets[2]!;
    expect(topics.name).toBe("Chuyên đề");
    expect(rowValues(topics, 4)).toEqual([
      "CĐ3",
      "Chuyên đề 3: phòng, chống tham nhũng, tiêu cực",
      "Chưa học",
    ]);
  });

  it("downloads a CSV with a BOM, ';' between cells and decimal commas, named after the committee and year", async () => {
    const res = await get(`/api/reports/committees/${district}?year=2026&format=csv`);
    const cd = String(res.headers["content-disposition"]);
    expect(asciiName(cd)).toBe("bao-cao-huyen-uy-xin-man-2026.csv");
    expect(unicodeName(cd)).toBe("Báo cáo Huyện ủy Xín Mần 2026.csv");
    const bytes = res.rawPayload;
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = bytes.subarray(3).toString("utf8");
    expect(text.startsWith("sep=")).toBe(false);
    const lines = text.split("\r\n");
    expect(lines[0]!.split(";")).toHaveLength(33);
    expect(lines[0]!.split(",")).toHaveLength(1);
    const rows: Record<string, string>[] = parse(bytes, { bom: true, columns: true, delimiter: ";" });
    expect(rows[0]).toMatchObject({
      "Cấp ủy": "Đảng ủy xã Nấm Dẩn",
      "Chi bộ": "Chi bộ thôn Nấm Lư",
      "Đã sinh hoạt": "1",
      "Tỉ lệ dự họp (%)": "66,7",
    });
  });
});
