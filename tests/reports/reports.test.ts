import { parse } from "csv-parse/sync";
import { beforeAll, describe, expect, it } from "vitest";
import { peaksStressedBy } from "../../src/domain/peaks.ts";
import { buildTestApp } from "../helpers/app.ts";
import { fixtures } from "../minutes/fixtures.ts";

const t = await buildTestApp({ now: "2026-06-20T03:00:00Z" });
const { app, admin, clock } = t;
const f = fixtures(t);
type Headers = { authorization: string };

const TODAY = "2026-06-20T03:00:00Z";
const B2_NAME = 'Chi bộ <Kỹ thuật> & "Dịch vụ"';
let city: string;
let ward: string;
let ward2: string;
let b1: string;
let b2: string;
let b3: string;
let camp: { id: string; topicIds: string[] };
let officer: Headers;
let secretary2: Headers;

const content = (topicId: string) => ({
  chair: "Nguyễn Văn An",
  recorder: "Trần Thị Bình",
  startTime: "14:00",
  endTime: "16:00",
  topicId,
  introducedBy: "Nguyễn Văn An",
  discussion: [],
  conclusions: "Thống nhất.",
  tasks: [],
});

async function record(
  meeting: string,
  people: string[],
  statuses: string[],
  minutes?: { topicId: string; savedAt: string; submittedAt?: string },
) {
  clock.set(TODAY);
  const res = await app.inject({
    method: "PUT",
    url: `/api/meetings/${meeting}/attendance`,
    headers: admin,
    payload: {
      members: people.map((memberId, i) => ({
        memberId,
        status: statuses[i],
        ...(statuses[i] === "absent_excused" ? { reason: "Ốm" } : {}),
      })),
    },
  });
  if (res.statusCode !== 200) throw new Error(res.body);
  if (minutes) {
    clock.set(minutes.savedAt);
    await app.inject({
      method: "PUT",
      url: `/api/meetings/${meeting}/minutes`,
      headers: admin,
      payload: content(minutes.topicId),
    });
    if (minutes.submittedAt) {
      clock.set(minutes.submittedAt);
      await app.inject({ method: "POST", url: `/api/meetings/${meeting}/minutes/submit`, headers: admin });
    }
  }
  clock.set(TODAY);
}

beforeAll(async () => {
  city = await f.committee("Thành ủy Hà Giang");
  ward = await f.committee("Đảng ủy phường Minh Khai", city);
  ward2 = await f.committee("Đảng ủy xã Phương Thiện", city);
  b1 = await f.branch(ward, "Chi bộ Tổ 1");
  b2 = await f.branch(ward, B2_NAME);
  b3 = await f.branch(ward2, "Chi bộ thôn Tả Ván");
  camp = await f.campaign(city);
  const [t1, t2, t3, t4] = camp.topicIds as [string, string, string, string];
  await f.peak(camp.id, 19, 5, 1890, "Ngày sinh Chủ tịch Hồ Chí Minh");
  // A local peak of the commune only: it must not count for the ward's branches.
  await f.peak(camp.id, 1, 7, 1950, "Ngày thành lập Đảng bộ xã Phương Thiện", ward2);

  const a = await f.member(b1, "Nguyễn Văn An");
  const b = await f.member(b1, "Trần Thị Bình");
  const c = await f.member(b1, "Lê Văn Cường");
  const d = await f.member(b3, "Sùng Thị Dua");
  const e = await f.member(b3, "Giàng A Páo");
  const P = "present";
  const X = "absent_excused";
  const U = "absent_unexcused";
  const mtg = (branch: string, date: string, topicId: string | null, status?: "cancelled") =>
    f.meeting(branch, date, { campaignId: camp.id, topicId, ...(status ? { status } : {}) });

  // Branch 1, 2026: the known data set the figures below are checked against.
  const dec = await mtg(b1, "2025-12-05", t4); // outside the year
  await record(dec, [a, b, c], [U, U, U]);
  const jan = await mtg(b1, "2026-01-06", t1);
  await record(jan, [a, b, c], [P, P, P], {
    topicId: t1,
    savedAt: "2026-01-08T03:00:00Z",
    submittedAt: "2026-01-10T03:00:00Z",
  });
  const feb = await mtg(b1, "2026-02-05", t2);
  await record(feb, [a, b, c], [P, P, U], {
    topicId: t2,
    savedAt: "2026-02-06T03:00:00Z",
    submittedAt: "2026-02-20T03:00:00Z",
  });
  await mtg(b1, "2026-03-05", t3, "cancelled");
  await mtg(b1, "2026-04-07", t3); // past, never recorded
  const may = await mtg(b1, "2026-05-05", t3);
  // Studied topic 1 again instead of the planned 3; saved but never submitted, now past due.
  await record(may, [a, b, c], [P, X, U], { topicId: t1, savedAt: "2026-05-06T03:00:00Z" });
  const jun = await mtg(b1, "2026-06-18", t3);
  await record(jun, [a, b, c], [P, P, U]); // no minutes yet, due 25/6
  await mtg(b1, "2026-07-06", t4); // upcoming

  const jun3 = await mtg(b3, "2026-06-10", t4);
  await record(jun3, [d, e], [P, P]);

  officer = await f.user("officer", "minhkhai@test.vn", { committeeId: ward });
  secretary2 = await f.user("secretary", "to2@test.vn", { branchId: b2 });
});

const report = async (url: string, headers: Headers = admin) => {
  const res = await app.inject({ url, headers });
  expect(res.statusCode, res.body).toBe(200);
  return res;
};

describe("reports", () => {
  it("sums up a branch's year: meetings, topics, peaks, attendance, minutes and flagged members", async () => {
    const body = (await report(`/api/reports/branches/${b1}?year=2026`)).json();
    expect(body.branches).toHaveLength(1);
    expect(body.branches[0]).toMatchObject({
      branchName: "Chi bộ Tổ 1",
      committeeName: "Đảng ủy phường Minh Khai",
      planned: 7,
      held: 4,
      cancelled: 1,
      notRecorded: 1,
      upcoming: 1,
      topicsStudied: 3, // 1 and 2 from the minutes, 3 as planned for June (held, minutes not written yet)
      topicsNotStudied: 1,
      peakMeetingsHeld: 1,
      expected: 12,
      present: 8,
      minutesOnTime: 1,
      minutesLate: 2,
      minutesPending: 1,
    });
    expect(body.branches[0].attendanceRate).toBeCloseTo(8 / 12, 4);
    expect(body.branches[0].flaggedMembers).toEqual([
      expect.objectContaining({ fullName: "Lê Văn Cường", year: 2026, unexcusedAbsences: 3 }),
    ]);
    expect(body.detail.studiedTopics.map((x: { code: string }) => x.code)).toEqual(["CĐ1", "CĐ2", "CĐ3"]);
    expect(body.detail.notStudiedTopics.map((x: { code: string }) => x.code)).toEqual(["CĐ4"]);
    expect(body.detail.peakMeetings).toEqual([
      {
        date: "2026-05-05",
        text: "kỷ niệm 136 năm Ngày sinh Chủ tịch Hồ Chí Minh (19/05/1890 - 19/05/2026)",
      },
    ]);
    // The SQL's peak rule agrees with the domain's peaksStressedBy on the held meetings.
    const national = [{ day: 19, month: 5, baseYear: 1890, name: "Ngày sinh Chủ tịch Hồ Chí Minh" }];
    const heldDates = ["2026-01-06", "2026-02-05", "2026-05-05", "2026-06-18"];
    const stressed = peaksStressedBy(
      heldDates.map((date) => ({ id: date, date })),
      national,
    );
    expect(stressed.size).toBe(body.branches[0].peakMeetingsHeld);
  });

  it("sums up everything below a committee, and only that", async () => {
    const ward1 = (await report(`/api/reports/committees/${ward}?year=2026`, officer)).json();
    expect(ward1.branches.map((r: { branchName: string }) => r.branchName)).toEqual([B2_NAME, "Chi bộ Tổ 1"]);
    expect(ward1.totals).toMatchObject({
      branches: 2,
      planned: 7,
      held: 4,
      peakMeetingsHeld: 1,
      flaggedMembers: 1,
    });
    const all = (await report(`/api/reports/committees/${city}?year=2026`)).json();
    expect(all.totals).toMatchObject({
      branches: 3,
      planned: 8,
      held: 5,
      cancelled: 1,
      notRecorded: 1,
      peakMeetingsHeld: 2, // the commune's own peak counts for its branch
      expected: 14,
      present: 10,
      minutesOnTime: 1,
      minutesLate: 3,
      minutesPending: 1,
      flaggedMembers: 1,
    });
    // The commune's branch reads the anniversary of its commune's own peak.
    const tavan = (await report(`/api/reports/branches/${b3}?year=2026`)).json();
    expect(tavan.detail.peakMeetings).toEqual([
      {
        date: "2026-06-10",
        text: "kỷ niệm 76 năm Ngày thành lập Đảng bộ xã Phương Thiện (01/07/1950 - 01/07/2026)",
      },
    ]);
    const campaign = (await report(`/api/reports/campaigns/${camp.id}?year=2026`)).json();
    expect(campaign.totals).toEqual(all.totals);
    expect(campaign.filter.campaignTitle).toBe("Đợt sinh hoạt chính trị, tư tưởng");
    // Without the year, December 2025 comes in, but absences still count per calendar year: 3 in 2026, not 4.
    const ever = (await report(`/api/reports/branches/${b1}`)).json();
    expect(ever.branches[0].held).toBe(5);
    expect(ever.branches[0].flaggedMembers).toEqual([
      expect.objectContaining({ fullName: "Lê Văn Cường", year: 2026, unexcusedAbsences: 3 }),
    ]);
  });

  it("is out of reach for another branch's secretary and for secretaries asking for a committee", async () => {
    expect(
      (await app.inject({ url: `/api/reports/branches/${b1}?year=2026`, headers: secretary2 })).statusCode,
    ).toBe(404);
    expect(
      (await app.inject({ url: `/api/reports/committees/${ward}?year=2026`, headers: secretary2 }))
        .statusCode,
    ).toBe(404);
    expect(
      (await app.inject({ url: `/api/reports/branches/${b3}?year=2026`, headers: officer })).statusCode,
    ).toBe(404);
  });

  it("a campaign filter out of the caller's reach is 404, as a random id is, and never names the campaign", async () => {
    // A campaign of the commune: out of reach for the ward's officer and for secretary 2 of the ward.
    const theirs = await f.campaign(ward2);
    const random = "00000000-0000-4000-8000-000000000000";
    for (const [url, headers] of [
      [`/api/reports/branches/${b1}`, officer],
      [`/api/reports/committees/${ward}`, officer],
      [`/api/reports/branches/${b2}`, secretary2],
    ] as const) {
      for (const id of [theirs.id, random]) {
        const res = await app.inject({ url: `${url}?campaignId=${id}`, headers });
        expect(res.statusCode, `${url} ${id}`).toBe(404);
        expect(res.body).not.toContain("Đợt sinh hoạt");
      }
      // The city's campaign, above them, stays readable as a filter.
      const ok = await app.inject({ url: `${url}?campaignId=${camp.id}`, headers });
      expect(ok.statusCode, ok.body).toBe(200);
      expect(ok.json().filter.campaignTitle).toBe("Đợt sinh hoạt chính trị, tư tưởng");
    }
  });

  it("exports CSV that a CSV parser (and Excel) reads with the Vietnamese intact", async () => {
    const res = await report(`/api/reports/committees/${city}?year=2026&format=csv`);
    expect(res.headers["content-type"]).toContain("text/csv");
    expect(res.rawPayload.subarray(0, 3).equals(Buffer.from([0xef, 0xbb, 0xbf]))).toBe(true);
    expect(res.body).toContain("\r\n");
    const rows: Record<string, string>[] = parse(res.rawPayload, {
      bom: true,
      columns: true,
      delimiter: ";",
    });
    expect(rows).toHaveLength(4);
    const tổ1 = rows.find((r) => r["Chi bộ"] === "Chi bộ Tổ 1")!;
    expect(tổ1["Cấp ủy"]).toBe("Đảng ủy phường Minh Khai");
    expect(tổ1["Đã sinh hoạt"]).toBe("4");
    expect(tổ1["Tỉ lệ dự họp (%)"]).toBe("66,7");
    expect(tổ1["Biên bản trễ hạn"]).toBe("2");
    expect(tổ1["Đảng viên vắng không lý do ≥ 3 lần"]).toBe("Lê Văn Cường (3 lần, 2026)");
    expect(rows.find((r) => r["Chi bộ"] === B2_NAME)).toBeDefined();
    expect(rows.at(-1)!["Cấp ủy"]).toBe("Tổng cộng");
    expect(rows.at(-1)!["Đã sinh hoạt"]).toBe("5");
  });

  it("prints an HTML report shaped like a Vietnamese party report, with names escaped", async () => {
    const res = await report(`/api/reports/committees/${ward}?year=2026&format=html`, officer);
    expect(res.headers["content-type"]).toContain("text/html");
    const html = res.body;
    expect(html).toContain("ĐẢNG CỘNG SẢN VIỆT NAM");
    // The party organisation above the issuer, then the issuer, as party documents are headed.
    expect(html).toContain("ĐẢNG BỘ THÀNH PHỐ HÀ GIANG");
    expect(html).toContain("ĐẢNG ỦY PHƯỜNG MINH KHAI");
    expect(html).toContain("<h1>BÁO CÁO</h1>");
    expect(html).toContain("Kết quả sinh hoạt chi bộ năm 2026");
    expect(html).toContain("Minh Khai, ngày 20 tháng 6 năm 2026");
    expect(html).toContain("-BC/ĐU");
    expect(html).toContain("T/M ĐẢNG ỦY");
    expect(html).toContain("Lê Văn Cường");
    expect(html).toContain("Chi bộ &lt;Kỹ thuật> &amp; &quot;Dịch vụ&quot;");
    expect(html).not.toContain("<Kỹ thuật>");
  });
});
