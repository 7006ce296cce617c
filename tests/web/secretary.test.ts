/**
 * The secretary's meeting page in Debian's Chromium: she logs in at `/`, opens the month's meeting from her
 * home, records attendance (a guest too), uploads a real PDF and watches it finish, fills and submits the
 * minutes, then loses the connection while changing them and gets them on the server without retyping
 * once it is back. A member of the branch reads the meeting without the secretary's forms and is refused
 * when posting one; another branch's meeting is not found; a cross-site post is refused. Each page is
 * checked with axe-core and photographed at 360 and 1280 px.
 */
import { writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { and, eq } from "drizzle-orm";
import ICAL from "ical.js";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { attendance, meetings, minutes, minutesFiles, minutesRevisions } from "../../src/db/schema.ts";
import { buildOrg, meetingIn, type Org, planCampaign } from "../helpers/fixtures.ts";
import { minimalPdf, webKit } from "./browser-kit.ts";

vi.setConfig({ testTimeout: 120_000 });
// Tuesday 05/05/2026, 10:00 in Viet Nam: May's meeting (after the 30/4–1/5 holidays) is behind us.
const kit = await webKit({ now: "2026-05-05T03:00:00Z" });
const { t, base, phone, check, logIn } = kit;
const db = t.database.db;
let org: Org;
let mayId: string;
let otherBranchMeetingId: string;

beforeAll(async () => {
  org = await buildOrg(t);
  await planCampaign(t, org, "2026-04", "2027-03");
  mayId = (await meetingIn(t, org.branchA, "2026-05")).id;
  otherBranchMeetingId = (await meetingIn(t, org.branchB, "2026-05")).id;
  await kit.start();
}, 120_000);

const cookieOf = async (ctx: { cookies(): Promise<{ name: string; value: string }[]> }) =>
  (await ctx.cookies()).map((c) => `${c.name}=${c.value}`).join("; ");

describe("a secretary after the meeting, on a phone", () => {
  it("records attendance, uploads the signed minutes, submits the minutes, and loses nothing offline", async () => {
    const { ctx, page } = await phone();
    await logIn(page, "binh@to1.vn");
    await expect.poll(() => page.url()).toBe(`${base}/`);
    // She puts the branch's calendar on her phone: the link answers a calendar a client parses.
    await page.getByRole("link", { name: "Lịch của tôi" }).click();
    await page.getByRole("button", { name: "Tạo đường dẫn lịch" }).click();
    const link = (await page.locator("#feed-link").innerText()).trim();
    const ics = await fetch(`${base}${new URL(link).pathname}`);
    expect(ics.status).toBe(200);
    const vcal = new ICAL.Component(ICAL.parse(await ics.text()));
    const uids = vcal.getAllSubcomponents("vevent").map((e) => String(e.getFirstPropertyValue("uid")));
    expect(uids.some((u) => u.includes(mayId))).toBe(true);
    await page.getByRole("link", { name: "Trang chủ" }).click();
    // From home: this month's meeting in the year's plan.
    await page.locator("ul.plan a").first().click();
    await expect.poll(() => page.url()).toBe(`${base}/cuoc-hop/${mayId}`);
    await page.getByRole("heading", { name: /Sinh hoạt chi bộ tháng 5\/2026/ }).waitFor();

    // Attendance: one tap per member, a reason for the excused one, a guest who came.
    const hoa = page.locator("fieldset", { hasText: "Lê Thị Hoa" });
    await hoa.getByLabel("Vắng có lý do").check();
    await hoa.getByLabel("Lý do vắng").fill("Đi công tác huyện");
    await page.getByLabel("Thêm khách mời (họ tên)").fill("Ông Sùng Văn Chứ");
    await page.getByRole("button", { name: "Lưu điểm danh" }).click();
    await page.getByText("Đã lưu điểm danh.").waitFor();
    const marks = await db.select().from(attendance).where(eq(attendance.meetingId, mayId));
    expect(marks.find((m) => m.memberId === org.memberA2)).toMatchObject({
      status: "absent_excused",
      reason: "Đi công tác huyện",
    });
    expect(marks.find((m) => m.memberId === org.memberA)).toMatchObject({ status: "present" });
    expect(await page.getByLabel("Ông Sùng Văn Chứ có mặt").isChecked()).toBe(true);

    // Upload a real PDF: the progress bar, then the finished state and the file in the list.
    const pdf = path.join(os.tmpdir(), "Biên bản tháng 5 đã ký.pdf");
    writeFileSync(pdf, minimalPdf());
    await page.setInputFiles("#f-file", pdf);
    await page.getByRole("button", { name: "Tải lên" }).click();
    await page.getByText("Đã tải lên xong: Biên bản tháng 5 đã ký.pdf").waitFor();
    expect(await page.locator("progress").evaluate((p: HTMLProgressElement) => p.value)).toBe(100);
    await page.locator("ul.files a", { hasText: "Biên bản tháng 5 đã ký.pdf" }).waitFor();
    const files = await db.select().from(minutesFiles).where(eq(minutesFiles.meetingId, mayId));
    expect(files.map((f) => [f.fileName, f.mime])).toEqual([
      ["Biên bản tháng 5 đã ký.pdf", "application/pdf"],
    ]);

    // The minutes, saved and submitted in one go.
    await page.getByLabel("Chủ trì").fill("Trần Văn Bình");
    await page.getByLabel("Thư ký").fill("Lê Thị Hoa");
    await page.getByLabel("Người giới thiệu chuyên đề").fill("Trần Văn Bình");
    await page
      .getByLabel("Ý kiến thảo luận")
      .fill("Lê Thị Hoa: Cần nêu gương trong công việc hằng ngày.\nTrần Văn Bình: Thống nhất.");
    await page.getByLabel("Kết luận", { exact: true }).fill("Chi bộ thống nhất học tập và làm theo.");
    await page.getByRole("button", { name: "Lưu và nộp biên bản" }).click();
    await page.getByText("Đã lưu và nộp biên bản.").waitFor();
    const [state] = await db.select().from(minutes).where(eq(minutes.meetingId, mayId));
    expect(state).toMatchObject({ currentRevision: 1, submittedRevision: 1 });
    // When it was submitted, to the minute, in the branch's time.
    expect(await page.locator("#bien-ban").innerText()).toMatch(
      /Đã nộp lúc \d{2}h\d{2} ngày \d{2}\/\d{2}\/\d{4}/,
    );
    await page.getByRole("heading", { name: "Các phiên bản biên bản" }).waitFor();
    await check(page, "meeting-secretary");

    // Offline while changing the minutes: kept, said so, sent once the connection is back.
    await ctx.setOffline(true);
    await page
      .getByLabel("Kết luận", { exact: true })
      .fill("Chi bộ thống nhất học tập và làm theo; bổ sung khi mất sóng.");
    await page.getByLabel("Lý do sửa biên bản đã nộp").fill("Bổ sung kết luận");
    await page.getByRole("button", { name: "Lưu bản nháp" }).click();
    await page.getByText("Chưa gửi được — sẽ gửi khi có mạng").first().waitFor();
    const revisions = async () =>
      (await db.select().from(minutesRevisions).where(eq(minutesRevisions.meetingId, mayId))).length;
    expect(await revisions()).toBe(1);
    await ctx.setOffline(false);
    await page.getByText("Đã lưu biên bản.").waitFor();
    expect(await revisions()).toBe(2);
    const [latest] = await db
      .select()
      .from(minutesRevisions)
      .where(and(eq(minutesRevisions.meetingId, mayId), eq(minutesRevisions.revision, 2)));
    expect(latest!.content.conclusions).toBe("Chi bộ thống nhất học tập và làm theo; bổ sung khi mất sóng.");
    expect(latest!.reason).toBe("Bổ sung kết luận");

    // What is typed and not sent comes back on a fresh load.
    await page.getByLabel("Thêm khách mời (họ tên)").fill("Bà Lò Thị Mai");
    await page.reload();
    expect(await page.getByLabel("Thêm khách mời (họ tên)").inputValue()).toBe("Bà Lò Thị Mai");

    // Without JavaScript the upload form posts multipart, and comes back to the page.
    const form = new FormData();
    form.append(
      "_csrf",
      (await page.locator('form[data-upload] input[name="_csrf"]').getAttribute("value"))!,
    );
    form.append(
      "file",
      // Other bytes than the PDF above: the same bytes again are refused as a copy (issue 18).
      new Blob([new Uint8Array(Buffer.concat([minimalPdf(), Buffer.from("% bản quét\n")]))], {
        type: "application/pdf",
      }),
      "Bản quét.pdf",
    );
    const plain = await fetch(`${base}/cuoc-hop/${mayId}/tep`, {
      method: "POST",
      headers: { cookie: await cookieOf(ctx), origin: base },
      body: form,
      redirect: "manual",
    });
    expect(plain.status).toBe(303);
    expect(plain.headers.get("location")).toBe(`/cuoc-hop/${mayId}?xong=file#tep`);
    expect((await db.select().from(minutesFiles).where(eq(minutesFiles.meetingId, mayId))).length).toBe(2);

    // The whole page, full of what was filed, with its stylesheet and scripts, stays under 60 KB.
    const html = await fetch(`${base}/cuoc-hop/${mayId}`, { headers: { cookie: await cookieOf(ctx) } });
    let bytes = (await html.arrayBuffer()).byteLength;
    for (const src of await page
      .locator("script[src], link[rel=stylesheet]")
      .evaluateAll((els) => els.map((e) => e.getAttribute("src") ?? e.getAttribute("href"))))
      bytes += (await (await fetch(`${base}${src}`)).arrayBuffer()).byteLength;
    console.log(`meeting page (secretary, filed) with its assets: ${bytes} bytes`);
    expect(bytes).toBeLessThan(60_000);

    // A cross-site form post with her cookie is refused and changes nothing.
    const forged = await fetch(`${base}/cuoc-hop/${mayId}/huy`, {
      method: "POST",
      headers: {
        cookie: await cookieOf(ctx),
        origin: "https://evil.example",
        "content-type": "application/x-www-form-urlencoded",
      },
      body: "reason=B%E1%BB%8B+gi%E1%BA%A3+m%E1%BA%A1o",
      redirect: "manual",
    });
    expect(forged.status).toBe(403);
    const [still] = await db.select({ status: meetings.status }).from(meetings).where(eq(meetings.id, mayId));
    expect(still!.status).toBe("held");

    // The printed minutes, filled from the submitted text.
    await page.goto(`${base}/cuoc-hop/${mayId}/in-bien-ban`);
    const sheet = await page.locator("body").innerText();
    expect(sheet).toContain("BIÊN BẢN");
    expect(sheet).toContain("Sinh hoạt chi bộ tháng 5/2026");
    expect(sheet).toContain("CHI BỘ TỔ 1");
    expect(sheet).toContain("Lê Thị Hoa");
    expect(sheet).toContain("Ông Sùng Văn Chứ (khách mời)");
    await check(page, "minutes-form-print");
    await ctx.close();
  });

  it("moves a meeting out of its month only with a reason, and is told why next to the field", async () => {
    const { ctx, page } = await phone();
    await logIn(page, "binh@to1.vn");
    const [june] = await db
      .select({ id: meetings.id })
      .from(meetings)
      .where(and(eq(meetings.branchId, org.branchA), eq(meetings.month, "2026-06-01")));
    await page.goto(`${base}/cuoc-hop/${june!.id}`);
    await page.getByText("Dời lịch").first().click();
    await page.getByLabel("Ngày họp").fill("2026-07-03");
    await page.getByRole("button", { name: "Dời lịch" }).click();
    await page.locator("#f-move-reason-error").waitFor();
    expect(await page.locator("#f-move-reason-error").innerText()).toContain("cần ghi lý do");
    expect(await page.getByLabel("Ngày họp").inputValue()).toBe("2026-07-03");
    // The move form's own reason (the page also has the secretary's own Báo vắng form, "Lý do vắng").
    await page.locator("form[action$='/doi-lich']").getByLabel("Lý do").fill("Bí thư đi tập huấn cả tháng 6");
    await page.getByRole("button", { name: "Dời lịch" }).click();
    await page.getByText("Đã dời lịch buổi sinh hoạt.").waitFor();
    expect(await page.locator("main").innerText()).toContain(
      "Họp ngoài tháng: Bí thư đi tập huấn cả tháng 6",
    );
    await ctx.close();
  });
});

describe("a member of the branch", () => {
  it("reads the meeting and their attendance, without the secretary's forms, and cannot post them", async () => {
    const { ctx, page } = await phone();
    await logIn(page, "hoa@to1.vn");
    const res = await page.goto(`${base}/cuoc-hop/${mayId}`);
    expect(res!.status()).toBe(200);
    const text = await page.locator("main").innerText();
    expect(text).toContain("Sinh hoạt chi bộ tháng 5/2026");
    expect(text).toContain("Điểm danh của đồng chí: Vắng có lý do (Đi công tác huyện)");
    expect(await page.locator("form[action*='/cuoc-hop/']").count()).toBe(0);
    expect(await page.getByRole("button", { name: "Lưu điểm danh" }).count()).toBe(0);
    await check(page, "meeting-member");

    const token = await page.locator('header form input[name="_csrf"]').getAttribute("value");
    const posted = await fetch(`${base}/cuoc-hop/${mayId}/huy`, {
      method: "POST",
      headers: {
        cookie: await cookieOf(ctx),
        origin: base,
        "content-type": "application/x-www-form-urlencoded",
      },
      body: `_csrf=${token}&reason=Th%E1%BB%AD+h%E1%BB%A7y`,
      redirect: "manual",
    });
    expect(posted.status).toBe(403);
    const printed = await page.goto(`${base}/cuoc-hop/${mayId}/in-bien-ban`);
    expect(printed!.status()).toBe(403);

    // Another branch's meeting does not exist for them.
    const other = await page.goto(`${base}/cuoc-hop/${otherBranchMeetingId}`);
    expect(other!.status()).toBe(404);
    expect(await page.locator("main").innerText()).toContain("Không tìm thấy buổi sinh hoạt");
    await ctx.close();
  });
});
