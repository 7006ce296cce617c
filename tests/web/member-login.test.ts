/**
 * A secretary gives a member a login from the pages (issue 18): the member's page leads to an invitation
 * mail (real SMTP) whose one-use link opens a page where the member sets the password; the member then logs
 * in and reads the branch's schedule. Without an email the page says to add one; another branch's member
 * reads as not found; the invitation is in the branch's audit trail.
 */
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { auditLog } from "../../src/db/schema.ts";
import { buildOrg, type Org } from "../helpers/fixtures.ts";
import { startSink } from "../reminders/smtp-sink.ts";
import { webKit } from "./browser-kit.ts";

vi.setConfig({ testTimeout: 120_000 });
const sink = await startSink();
afterAll(() => sink.close());
const kit = await webKit({ now: "2026-06-09T03:00:00Z", env: { SMTP_URL: sink.url } });
const { t, base, phone, check, logIn } = kit;
let org: Org;
let lan: string;
let noEmail: string;

beforeAll(async () => {
  org = await buildOrg(t);
  const add = async (payload: object) => {
    const res = await t.app.inject({
      method: "POST",
      url: `/api/branches/${org.branchA}/members`,
      payload,
      headers: org.secretaryA,
    });
    return res.json().id as string;
  };
  lan = await add({ fullName: "Hoàng Thị Lan", email: "lan@to1.vn" });
  noEmail = await add({ fullName: "Sùng A Chứ" });
  await kit.start();
}, 120_000);

describe("a secretary gives a member a login", () => {
  it("sends an invitation; the member sets a password by its link and logs in", async () => {
    const { ctx, page } = await phone();
    await logIn(page, "binh@to1.vn");
    expect(await page.getByRole("link", { name: "Cài đặt" }).getAttribute("href")).toBe(
      `/chi-bo/${org.branchA}/cai-dat`,
    );
    await page.goto(`${base}/chi-bo/${org.branchA}/dang-vien`);
    await page.getByRole("link", { name: "Hoàng Thị Lan" }).click();
    await page.getByRole("link", { name: /Tài khoản đăng nhập chibo/ }).click();
    await page.getByText(/Chưa có tài khoản/).waitFor();
    await check(page, "member-login");
    await page.getByRole("button", { name: "Gửi thư mời" }).click();
    await page.getByText(/Đã gửi thư mời/).waitFor();
    expect(await page.locator("main").innerText()).toContain("Đồng chí đăng nhập bằng lan@to1.vn");
    await check(page, "member-login-sent");

    await expect
      .poll(() => sink.received.filter((m) => m.rcpt.includes("lan@to1.vn")).length, {
        timeout: 15_000,
      })
      .toBe(1);
    const mail = sink.received.find((m) => m.rcpt.includes("lan@to1.vn"))!.parsed!;
    expect(mail.replyTo?.text).toContain("binh@to1.vn");
    expect(mail.text).toContain("Kính gửi đồng chí Hoàng Thị Lan");
    const link = /(http\S+\/quen-mat-khau\/[A-Za-z0-9_-]+)/.exec(mail.text ?? "")![1]!;

    const member = await phone();
    await member.page.goto(link);
    await member.page.getByLabel("Mật khẩu mới", { exact: true }).fill("suối reo bên bản nhỏ");
    await member.page.getByLabel("Nhập lại mật khẩu mới").fill("suối reo bên bản nhỏ");
    await member.page.getByRole("button", { name: "Đặt mật khẩu" }).click();
    await member.page.getByText(/Đã đặt mật khẩu mới/).waitFor();
    await logIn(member.page, "lan@to1.vn", "suối reo bên bản nhỏ");
    await member.page.getByRole("heading", { name: "Chào đồng chí Hoàng Thị Lan" }).waitFor();
    expect(await member.page.locator("main").innerText()).toContain("Đảng viên");
    await member.ctx.close();

    const [entry] = await t.database.db
      .select({ branchId: auditLog.branchId, after: auditLog.after })
      .from(auditLog)
      .where(and(eq(auditLog.entity, "account"), eq(auditLog.action, "invited")));
    expect(entry!.branchId).toBe(org.branchA);
    expect(entry!.after).toMatchObject({ email: "lan@to1.vn", role: "member", memberId: lan });

    // A member with no email: the page says what to do first.
    await page.goto(`${base}/chi-bo/${org.branchA}/dang-vien/${noEmail}/tai-khoan`);
    await page.getByText(/Chưa có email của đồng chí này/).waitFor();
    expect(await page.getByRole("button", { name: "Gửi thư mời" }).count()).toBe(0);
    // Another branch's member is out of reach.
    const other = await page.goto(`${base}/chi-bo/${org.branchB}/dang-vien/${org.memberB}/tai-khoan`);
    expect(other!.status()).toBe(404);
    await ctx.close();
  });
});
