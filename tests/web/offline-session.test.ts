/**
 * Work typed offline survives the session ending meanwhile: the secretary fills attendance and the minutes
 * with no connection, her password is changed elsewhere, the connection comes back. Nothing kept is
 * deleted until the server has taken it; she is told to log in again, comes back to the meeting, and each
 * form's outcome is shown: attendance taken, the minutes refused with their text and their reason kept.
 */
import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { attendance, sessions } from "../../src/db/schema.ts";
import { type Org, plannedOrg } from "../helpers/fixtures.ts";
import { webKit } from "./browser-kit.ts";

vi.setConfig({ testTimeout: 120_000 });
// Tuesday 05/05/2026, 10:00 in Viet Nam: May's meeting is behind us.
const kit = await webKit({ now: "2026-05-05T03:00:00Z" });
const { t, base, phone, check, logIn } = kit;
const db = t.database.db;
let org: Org;
let mayId: string;

beforeAll(async () => {
  ({ org, meetingId: mayId } = await plannedOrg(t, "2026-04", "2027-03", "2026-05"));
  await kit.start();
}, 120_000);

describe("offline work when the session ends meanwhile", () => {
  it("keeps both forms through the login, sends them after it, and shows each outcome", async () => {
    const { ctx, page } = await phone();
    await logIn(page, "binh@to1.vn");
    await page.goto(`${base}/cuoc-hop/${mayId}`);
    await ctx.setOffline(true);

    const hoa = page.locator("fieldset", { hasText: "Lê Thị Hoa" });
    await hoa.getByLabel("Vắng có lý do").check();
    await hoa.getByLabel("Lý do vắng").fill("Đi công tác huyện");
    await page.getByRole("button", { name: "Lưu điểm danh" }).click();
    await page.getByText("Chưa gửi được — sẽ gửi khi có mạng").first().waitFor();

    await page.getByLabel("Chủ trì").fill("Trần Văn Bình");
    await page.getByLabel("Thư ký").fill("Lê Thị Hoa");
    await page.getByLabel("Người giới thiệu chuyên đề").fill("Trần Văn Bình");
    // A line without "Họ tên:" is refused by the server, once it reaches it.
    await page.getByLabel("Ý kiến thảo luận").fill("Cần nêu gương trong công việc hằng ngày");
    await page.getByLabel("Kết luận", { exact: true }).fill("Chi bộ thống nhất học tập và làm theo.");
    await page.getByRole("button", { name: "Lưu bản nháp" }).click();
    await expect.poll(() => page.getByText("Chưa gửi được — sẽ gửi khi có mạng").count()).toBe(2);

    // The password is changed elsewhere: every session ends.
    await db.delete(sessions);
    await ctx.setOffline(false);
    await expect.poll(() => page.getByText(/Phiên đăng nhập đã hết/).count(), { timeout: 15_000 }).toBe(2);
    // Nothing was taken, nothing kept was lost.
    expect(await db.select().from(attendance).where(eq(attendance.meetingId, mayId))).toEqual([]);
    expect(
      await page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith("chibo:draft:")).length),
    ).toBe(2);
    await check(page, "offline-session-ended");

    // Logging in again comes back to the meeting, where the kept forms are sent.
    await page.getByRole("link", { name: "Đăng nhập lại" }).first().click();
    await page.getByLabel("Email").fill("binh@to1.vn");
    await page.getByLabel("Mật khẩu").fill("mat-khau-dai-du");
    await page.getByRole("button", { name: "Đăng nhập" }).click();
    await page.waitForURL(`${base}/cuoc-hop/${mayId}`);
    await page.getByText("Điểm danh: đã gửi và lưu.").waitFor({ timeout: 15_000 });
    await page.getByText(/Biên bản chưa được lưu: .*Họ tên: ý kiến/).waitFor();
    const marks = await db.select().from(attendance).where(eq(attendance.meetingId, mayId));
    expect(marks.find((m) => m.memberId === org.memberA2)).toMatchObject({
      status: "absent_excused",
      reason: "Đi công tác huyện",
    });
    // The refused minutes keep their text, here and on this phone.
    expect(await page.getByLabel("Ý kiến thảo luận").inputValue()).toBe(
      "Cần nêu gương trong công việc hằng ngày",
    );
    expect(await page.getByLabel("Kết luận", { exact: true }).inputValue()).toBe(
      "Chi bộ thống nhất học tập và làm theo.",
    );
    await check(page, "offline-outcomes");
    await page.reload();
    expect(await page.getByLabel("Kết luận", { exact: true }).inputValue()).toBe(
      "Chi bộ thống nhất học tập và làm theo.",
    );
    await page.getByText(/Biên bản chưa được lưu/).waitFor();
    await ctx.close();
  });
});
