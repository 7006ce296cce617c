/**
 * The official minutes (issue 20, issue 18): the minutes record what the template asks (place, guests,
 * agenda, resolution and vote, read-back), a vote beyond those present is refused and nothing is written;
 * the printed A4 minutes carry the committee's party header, are filled from the submitted minutes and fit
 * two pages (printed by Chromium); the .docx says the same with its diacritics; a secretary files the new
 * fields at 360 px, and a refused vote keeps the typed text.
 */
import { strFromU8, unzipSync } from "fflate";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { buildOrg, meetingIn, type Org, planCampaign, sessionCookie } from "../helpers/fixtures.ts";
import { webKit } from "./browser-kit.ts";

vi.setConfig({ testTimeout: 120_000 });
const kit = await webKit({ now: "2026-04-01T03:00:00Z" });
const { t, base, phone, check, logIn } = kit;
let org: Org;
let may: string;
let june: string;
let mayDate: string;
const ids: Record<string, string> = {};

/** Twelve members: the org's two, ten more (two probationary). */
const MORE = [
  "Nguyễn Văn An",
  "Đặng Thị Bích",
  "Hoàng Văn Cường",
  "Vũ Thị Dung",
  "Lý Văn Ểnh",
  "Sùng Thị Giàng",
  "Giàng A Páo",
  "Lò Văn Quý",
  "Ma Thị Sen",
  "Triệu Văn Tài",
];
const GUEST = "Ông Sùng Văn Chứ, Phó Bí thư Đảng ủy phường";

const cookieOf = (email: string) => sessionCookie(t, email);

const fullMinutes = {
  chair: "Trần Văn Bình",
  recorder: "Lê Thị Hoa",
  startTime: "14:00",
  endTime: "16:00",
  introducedBy: "Trần Văn Bình",
  place: "Nhà văn hóa tổ 1",
  guests: [GUEST],
  agenda: [
    "Đánh giá kết quả thực hiện nhiệm vụ tháng 4/2026",
    "Phương hướng, nhiệm vụ tháng 5/2026",
    "Sinh hoạt chuyên đề: “Không có vùng cấm”",
  ],
  discussion: [
    { by: "Lê Thị Hoa", opinion: "Cần gương mẫu trong sinh hoạt hằng ngày, nói đi đôi với làm." },
    { by: "Nguyễn Văn An", opinion: "Đề nghị tổ chức thăm hỏi các gia đình chính sách trước ngày 19/5." },
    { by: "Đặng Thị Bích", opinion: "Tăng cường kiểm tra việc thu nộp đảng phí đúng hạn." },
  ],
  conclusions:
    "Chi bộ thống nhất đánh giá tháng 4 hoàn thành tốt nhiệm vụ.\nTháng 5 tập trung kỷ niệm 136 năm Ngày sinh Chủ tịch Hồ Chí Minh.",
  tasks: [{ content: "Viết bài thu hoạch chuyên đề", assignee: "Các đảng viên", due: "2026-05-20" }],
  resolution: { text: "Thông qua phương hướng, nhiệm vụ tháng 5/2026.", agree: 9, disagree: 0, other: 1 },
  readBack: true,
};

function docxText(buf: Buffer): string {
  const xml = strFromU8(unzipSync(new Uint8Array(buf))["word/document.xml"]!);
  return xml
    .replace(/<\/w:p>/g, "\n")
    .replace(/<[^>]+>/g, "")
    .replace(/&amp;/g, "&")
    .replace(/&quot;/g, '"');
}

/** Pages of a PDF printed by Chromium, from the page objects it writes. */
const pagesOf = (pdf: Buffer) => (pdf.toString("latin1").match(/\/Type\s*\/Page(?!s)/g) ?? []).length;

async function printedPages(html: string): Promise<number> {
  const page = await kit.browser().newPage();
  await page.setContent(html, { waitUntil: "load" });
  const pdf = await page.pdf({ format: "A4" });
  await page.close();
  const pages = pagesOf(pdf);
  // The count is read from the PDF's page objects: a PDF of none would mean the count is broken.
  expect(pages).toBeGreaterThanOrEqual(1);
  process.stdout.write(`printed minutes: ${pages} A4 page(s)\n`);
  return pages;
}

beforeAll(async () => {
  org = await buildOrg(t);
  await planCampaign(t, org, "2026-05", "2026-06");
  const mayMeeting = await meetingIn(t, org.branchA, "2026-05");
  [may, mayDate] = [mayMeeting.id, mayMeeting.date];
  june = (await meetingIn(t, org.branchA, "2026-06")).id;
  for (const [i, fullName] of MORE.entries()) {
    const res = await t.app.inject({
      method: "POST",
      url: `/api/branches/${org.branchA}/members`,
      headers: t.admin,
      payload: { fullName, joinedOn: "2020-01-01", ...(i >= 8 ? { status: "probationary" } : {}) },
    });
    ids[fullName] = res.json().id;
  }
  await kit.start();
}, 120_000);

describe("the official minutes", () => {
  it("records the template's parts, refuses a vote beyond those present, prints and downloads them", async () => {
    t.clock.set("2026-05-10T10:00:00Z");
    // Sessions opened at setup have expired by then: log in again.
    const sec = await t.login("binh@to1.vn", "mat-khau-dai-du");
    const att = await t.app.inject({
      method: "PUT",
      url: `/api/meetings/${may}/attendance`,
      headers: sec,
      payload: {
        members: [
          { memberId: org.memberA, status: "present" },
          { memberId: org.memberA2, status: "present" },
          ...MORE.map((n) => ({
            memberId: ids[n]!,
            status:
              n === "Giàng A Páo" ? "absent_excused" : n === "Lò Văn Quý" ? "absent_unexcused" : "present",
            ...(n === "Giàng A Páo" ? { reason: "Đi viện điều trị" } : {}),
          })),
        ],
        guests: [{ name: GUEST, present: true }],
      },
    });
    expect(att.statusCode, att.body).toBe(200);
    const put = (body: object) =>
      t.app.inject({ method: "PUT", url: `/api/meetings/${may}/minutes`, headers: sec, payload: body });

    // 10 present: 9 + 1 + 1 = 11 votes is refused, naming the field, and writes nothing.
    const tooMany = await put({ ...fullMinutes, resolution: { ...fullMinutes.resolution, disagree: 1 } });
    expect(tooMany.statusCode).toBe(400);
    expect(tooMany.headers["content-type"]).toContain("application/problem+json");
    expect(tooMany.json().errors).toEqual([
      { field: "body.resolution.agree", reason: "Tổng số biểu quyết (11) vượt số đảng viên có mặt (10)" },
    ]);
    expect((await t.app.inject({ url: `/api/meetings/${may}/minutes`, headers: sec })).statusCode).toBe(404);

    // A draft without place, agenda or opinions is kept; what is missing is named, not refused.
    const { place, agenda, guests, resolution, readBack, ...bare } = fullMinutes;
    const draft = await put({ ...bare, discussion: [] });
    expect(draft.statusCode, draft.body).toBe(200);
    expect(draft.json().missingParts).toEqual(["địa điểm", "nội dung sinh hoạt", "ý kiến thảo luận"]);
    expect(draft.json().readBack).toBe(false);

    // Before submission the printed minutes are the blank form, two pages at most.
    const cookie = await cookieOf("binh@to1.vn");
    const blank = await t.app.inject({ url: `/cuoc-hop/${may}/in-bien-ban`, headers: { cookie } });
    expect(blank.statusCode).toBe(200);
    expect(blank.body).not.toContain("Nhà văn hóa tổ 1, ngày");
    expect(blank.body).toContain("Chưa nộp biên bản: mẫu để trống");
    expect(await printedPages(blank.body)).toBeLessThanOrEqual(2);

    const full = await put({ ...fullMinutes, baseRevision: 1 });
    expect(full.statusCode, full.body).toBe(200);
    expect(full.json()).toMatchObject({ missingParts: [], readBack: true });
    expect(full.json().content).toMatchObject({ place, guests, agenda, resolution, readBack });
    // Revisions stay whole: the first keeps its (empty) parts, the second has them all.
    const revs = await t.app.inject({ url: `/api/meetings/${may}/minutes/revisions`, headers: sec });
    expect(revs.json().map((r: { content: { place: string } }) => r.content.place)).toEqual([
      "",
      "Nhà văn hóa tổ 1",
    ]);
    const submitted = await t.app.inject({
      method: "POST",
      url: `/api/meetings/${may}/minutes/submit`,
      headers: sec,
    });
    expect(submitted.statusCode, submitted.body).toBe(200);

    // The printed minutes: the party header, filled from the submitted text, two A4 pages at most.
    const printed = await t.app.inject({ url: `/cuoc-hop/${may}/in-bien-ban`, headers: { cookie } });
    expect(printed.statusCode).toBe(200);
    const text = printed.body.replace(/<[^>]+>/g, " ").replace(/\s+/g, " ");
    const [y, m, d] = mayDate.split("-").map(Number);
    for (const s of [
      "ĐẢNG BỘ PHƯỜNG MINH KHAI",
      "CHI BỘ TỔ 1",
      " * ",
      "Số: …… -BB/CB",
      "ĐẢNG CỘNG SẢN VIỆT NAM",
      `Minh Khai, ngày ${d} tháng ${m} năm ${y}`,
      "Tổng số đảng viên của chi bộ: 12 đồng chí (chính thức: 10; dự bị: 2)",
      "có mặt: 10 đồng chí (chính thức: 8; dự bị: 2); vắng: 2 đồng chí (có lý do: 1; không lý do: 1)",
      "Vắng có lý do: Giàng A Páo (Đi viện điều trị)",
      "Vắng không lý do: Lò Văn Quý",
      `${GUEST} (khách mời)`,
      "Đồng chí Nguyễn Văn An: Đề nghị tổ chức thăm hỏi",
      "Biểu quyết: 9/10 đồng chí có mặt nhất trí; 0 không nhất trí; 1 ý kiến khác.",
      "Buổi sinh hoạt kết thúc lúc 16 giờ 00 cùng ngày.",
      "Biên bản đã được đọc lại trước chi bộ và được thông qua trước khi bế mạc.",
      "THƯ KÝ",
      "CHỦ TRÌ",
    ])
      expect(text).toContain(s);
    expect(text).toMatch(/\(ký, ghi rõ họ tên\) Lê Thị Hoa .*\(ký, ghi rõ họ tên\) Trần Văn Bình/);
    expect(await printedPages(printed.body)).toBeLessThanOrEqual(2);

    // The same minutes as .docx, for the secretary and the officer above; not for a member.
    const docx = await t.app.inject({ url: `/cuoc-hop/${may}/bien-ban.docx`, headers: { cookie } });
    expect(docx.statusCode).toBe(200);
    expect(docx.headers["content-type"]).toContain("wordprocessingml.document");
    expect(docx.headers["content-disposition"]).toContain(".docx");
    const words = docxText(docx.rawPayload);
    for (const s of [
      "ĐẢNG BỘ PHƯỜNG MINH KHAI",
      "CHI BỘ TỔ 1",
      "ĐẢNG CỘNG SẢN VIỆT NAM",
      "Giàng A Páo (Đi viện điều trị)",
      `${GUEST} (khách mời)`,
      "Chi bộ thống nhất đánh giá tháng 4 hoàn thành tốt nhiệm vụ.",
      "Biểu quyết: 9/10 đồng chí có mặt nhất trí",
      "Trần Văn Bình",
    ])
      expect(words).toContain(s);
    const officer = await t.app.inject({
      url: `/cuoc-hop/${may}/bien-ban.docx`,
      headers: { cookie: await cookieOf("cb@minhkhai.vn") },
    });
    expect(officer.statusCode).toBe(200);
    const member = await t.app.inject({
      url: `/cuoc-hop/${may}/bien-ban.docx`,
      headers: { cookie: await cookieOf("hoa@to1.vn") },
    });
    expect(member.statusCode).toBe(403);

    // A member reads the new parts on the meeting page.
    const read = await t.app.inject({
      url: `/cuoc-hop/${may}`,
      headers: { cookie: await cookieOf("hoa@to1.vn") },
    });
    const shown = read.body.replace(/<[^>]+>/g, " ").replace(/\s+/g, " ");
    expect(shown).toContain("Địa điểm: Nhà văn hóa tổ 1");
    expect(shown).toContain(`${GUEST} (khách mời)`);
    expect(shown).toContain("Nhất trí 9 · Không nhất trí 0 · Ý kiến khác 1");
    expect(shown).toContain("Biên bản đã được đọc lại và thông qua trước khi bế mạc.");
  });

  it("a secretary files the template's parts at 360 px; a vote beyond those present is refused with the text kept", async () => {
    t.clock.set("2026-06-12T10:00:00Z");
    const sec = await t.login("binh@to1.vn", "mat-khau-dai-du");
    const att = await t.app.inject({
      method: "PUT",
      url: `/api/meetings/${june}/attendance`,
      headers: sec,
      payload: {
        members: [org.memberA, org.memberA2, ...MORE.map((n) => ids[n]!)].map((memberId) => ({
          memberId,
          status: "present",
        })),
      },
    });
    expect(att.statusCode, att.body).toBe(200);
    const { ctx, page } = await phone(360);
    await logIn(page, "binh@to1.vn");
    await page.goto(`${base}/cuoc-hop/${june}#bien-ban`);
    const form = page.locator("#bien-ban form");
    // A regular meeting's agenda is prefilled: last month's results, this month's tasks, the topic.
    const agenda = await form.getByLabel("Nội dung sinh hoạt").inputValue();
    expect(agenda).toContain("Đánh giá kết quả thực hiện nhiệm vụ tháng 5/2026");
    expect(agenda).toContain("Phương hướng, nhiệm vụ tháng 6/2026");
    expect(agenda).toContain("Sinh hoạt chuyên đề: Chuyên đề");
    await form.getByLabel("Chủ trì").fill("Trần Văn Bình");
    await form.getByLabel("Thư ký").fill("Lê Thị Hoa");
    await form.getByLabel("Địa điểm").fill("Hội trường thôn Nậm Thanh");
    await form.getByLabel("Khách mời dự").fill("Bà Lò Thị Mai, Đảng ủy viên");
    await form.getByLabel("Người giới thiệu chuyên đề").fill("Trần Văn Bình");
    await form.getByLabel("Ý kiến thảo luận").fill("Lê Thị Hoa: Nhất trí với nội dung chuyên đề.");
    await form.getByLabel("Kết luận").fill("Chi bộ thống nhất triển khai nhiệm vụ tháng 6.");
    await form.getByLabel("Nghị quyết").fill("Thông qua nhiệm vụ tháng 6/2026 đã bàn.");
    await form.getByLabel("Nhất trí", { exact: true }).fill("12");
    await form.getByLabel("Không nhất trí").fill("1");
    await form.getByLabel("Ý kiến khác").fill("0");
    await form.getByLabel("Biên bản đã được đọc lại và thông qua trước khi bế mạc").check();
    await form.getByRole("button", { name: "Lưu bản nháp" }).click();
    await page.waitForLoadState("load");
    // Refused next to the vote, with everything typed kept.
    const vote = page.locator("#bieu-quyet");
    await expect.poll(() => vote.locator(".error").innerText()).toContain("vượt số đảng viên có mặt (12)");
    const again = page.locator("#bien-ban form");
    expect(await again.getByLabel("Nghị quyết").inputValue()).toBe("Thông qua nhiệm vụ tháng 6/2026 đã bàn.");
    expect(await again.getByLabel("Địa điểm").inputValue()).toBe("Hội trường thôn Nậm Thanh");
    expect(await again.getByLabel("Không nhất trí").inputValue()).toBe("1");
    await vote.scrollIntoViewIfNeeded();
    await check(page, "minutes-vote-refused");

    await again.getByLabel("Không nhất trí").fill("0");
    await Promise.all([
      page.waitForURL(/xong=submit/, { timeout: 20_000 }).catch(() => undefined),
      again.getByRole("button", { name: "Lưu và nộp biên bản" }).click(),
    ]);
    expect(page.url()).toContain("xong=submit");
    const saved = await t.app.inject({ url: `/api/meetings/${june}/minutes`, headers: sec });
    expect(saved.json()).toMatchObject({
      submitted: true,
      readBack: true,
      missingParts: [],
      content: {
        place: "Hội trường thôn Nậm Thanh",
        guests: ["Bà Lò Thị Mai, Đảng ủy viên"],
        resolution: { text: "Thông qua nhiệm vụ tháng 6/2026 đã bàn.", agree: 12, disagree: 0, other: 0 },
      },
    });
    expect(saved.json().content.agenda).toHaveLength(3);
    await check(page, "minutes-filed");

    // The printed minutes on a phone and on paper.
    await page.goto(`${base}/cuoc-hop/${june}/in-bien-ban`);
    expect(await page.locator("body").innerText()).toContain("Bà Lò Thị Mai, Đảng ủy viên (khách mời)");
    await check(page, "minutes-print-filled");
    await ctx.close();
  });
});
