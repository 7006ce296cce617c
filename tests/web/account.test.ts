/**
 * The account pages in Chromium: a person changes their password (a weak one refused next to the field,
 * other sessions end), a member turns reminder mail off and back on (the same state as the one-click link),
 * and a forgotten password is reset by a link that arrives by real SMTP, works once and expires; asking
 * never tells whether an email has an account.
 */
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { members, passwordResets } from "../../src/db/schema.ts";
import { buildOrg, type Org } from "../helpers/fixtures.ts";
import { startSink } from "../reminders/smtp-sink.ts";
import { mailsTo, PW, passwordLinkIn, webKit } from "./browser-kit.ts";

vi.setConfig({ testTimeout: 90_000 });
const sink = await startSink();
afterAll(() => sink.close());
const kit = await webKit({ now: "2026-06-09T03:00:00Z", env: { SMTP_URL: sink.url, LOGIN_RATE_LIMIT: "5" } });
const { t, base, phone, check, logIn } = kit;
let org: Org;

beforeAll(async () => {
  org = await buildOrg(t);
  await kit.start();
}, 120_000);

describe("changing one's password", () => {
  it("refuses a weak password next to its field, then changes it and ends the other sessions", async () => {
    const other = await t.login("binh@to1.vn", PW);
    // A reset link asked for earlier stops working once the password is changed.
    await fetch(`${base}/quen-mat-khau`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: "email=binh%40to1.vn",
      redirect: "manual",
    });
    await expect.poll(() => mailsTo(sink, "binh@to1.vn").length, { timeout: 15_000 }).toBe(1);
    const earlier = passwordLinkIn(mailsTo(sink, "binh@to1.vn")[0]!.text);
    const { ctx, page } = await phone();
    await logIn(page, "binh@to1.vn");
    await page.getByRole("link", { name: "Tài khoản" }).click();
    await page.getByRole("heading", { name: "Đổi mật khẩu" }).waitFor();
    await check(page, "account");

    await page.getByLabel("Mật khẩu hiện tại").fill(PW);
    await page.getByLabel("Mật khẩu mới", { exact: true }).fill("matkhau123");
    await page.getByLabel("Nhập lại mật khẩu mới").fill("matkhau123");
    await page.getByRole("button", { name: "Đổi mật khẩu" }).click();
    await page.locator("#f-newPassword-error").waitFor();
    expect(await page.locator("#f-newPassword-error").innerText()).toMatch(/Quá dễ đoán/);
    expect(await page.getByLabel("Mật khẩu mới", { exact: true }).getAttribute("aria-invalid")).toBe("true");
    // Passwords are never sent back into the page.
    expect(await page.getByLabel("Mật khẩu hiện tại").inputValue()).toBe("");
    await check(page, "account-refused");

    await page.getByLabel("Mật khẩu hiện tại").fill("sai-mat-khau-roi");
    await page.getByLabel("Mật khẩu mới", { exact: true }).fill("hoa ban nở trên đồi cao");
    await page.getByLabel("Nhập lại mật khẩu mới").fill("hoa ban nở trên đồi cao");
    await page.getByRole("button", { name: "Đổi mật khẩu" }).click();
    await page.locator("#f-currentPassword-error").waitFor();
    expect(await page.locator("#f-currentPassword-error").innerText()).toBe("Mật khẩu hiện tại không đúng.");

    await page.getByLabel("Mật khẩu hiện tại").fill(PW);
    await page.getByLabel("Mật khẩu mới", { exact: true }).fill("hoa ban nở trên đồi cao");
    await page.getByLabel("Nhập lại mật khẩu mới").fill("hoa ban nở trên đồi khác");
    await page.getByRole("button", { name: "Đổi mật khẩu" }).click();
    await page.locator("#f-newPassword2-error").waitFor();

    await page.getByLabel("Mật khẩu hiện tại").fill(PW);
    await page.getByLabel("Mật khẩu mới", { exact: true }).fill("hoa ban nở trên đồi cao");
    await page.getByLabel("Nhập lại mật khẩu mới").fill("hoa ban nở trên đồi cao");
    await page.getByRole("button", { name: "Đổi mật khẩu" }).click();
    await page.getByText(/Đã đổi mật khẩu/).waitFor();
    // This browser stays signed in; the session opened elsewhere has ended.
    expect((await t.app.inject({ url: "/api/auth/me", headers: other })).statusCode).toBe(401);
    await t.login("binh@to1.vn", "hoa ban nở trên đồi cao");
    const stale = await page.goto(earlier);
    expect(stale!.status()).toBe(410);
    expect(await page.locator("main").innerText()).toContain("Đường dẫn này đã được dùng");
    await ctx.close();
  });
});

describe("reminder mail", () => {
  it("a member turns reminder mail off and back on, the state the one-click link sets", async () => {
    const { ctx, page } = await phone();
    await logIn(page, "hoa@to1.vn");
    await page.goto(`${base}/tai-khoan`);
    await page.getByText("hoa@to1.vn", { exact: true }).waitFor();
    await page.getByRole("button", { name: "Tắt thư nhắc lịch" }).click();
    await page.getByText(/Đã tắt thư nhắc lịch/).waitFor();
    const [off] = await t.database.db
      .select({ at: members.remindersOptedOutAt })
      .from(members)
      .where(eq(members.id, org.memberA2));
    expect(off!.at).not.toBeNull();
    expect(await page.locator("main").innerText()).toContain(
      "Đồng chí đã tắt thư nhắc lịch từ Thứ Ba, 09/06/2026",
    );
    await page.getByRole("button", { name: "Bật lại thư nhắc lịch" }).click();
    await page.getByText("Đã bật lại thư nhắc lịch.").waitFor();
    const [on] = await t.database.db
      .select({ at: members.remindersOptedOutAt })
      .from(members)
      .where(eq(members.id, org.memberA2));
    expect(on!.at).toBeNull();
    await ctx.close();
  });
});

describe("a forgotten password", () => {
  it("mails a one-time link; it sets a new password once, ends every session, and is refused after", async () => {
    const before = await t.login("hoa@to1.vn", PW);
    const { ctx, page } = await phone();
    await page.goto(`${base}/`);
    await page.getByRole("link", { name: "Quên mật khẩu?" }).click();
    await page.getByRole("heading", { name: "Quên mật khẩu" }).waitFor();
    await check(page, "forgot-password");
    await page.getByLabel("Email").fill("Hoa@To1.vn");
    await page.getByRole("button", { name: "Gửi đường dẫn" }).click();
    await page.getByText(/Nếu email này có tài khoản chibo/).waitFor();
    const answerForKnown = await page.locator("main").innerText();

    // An unknown email gets the same words, and no mail goes anywhere.
    await page.getByLabel("Email").fill("khong-co@to1.vn");
    await page.getByRole("button", { name: "Gửi đường dẫn" }).click();
    await page.getByText(/Nếu email này có tài khoản chibo/).waitFor();
    expect(await page.locator("main").innerText()).toBe(answerForKnown);

    await expect.poll(() => mailsTo(sink, "hoa@to1.vn").length, { timeout: 15_000 }).toBe(1);
    const mail = mailsTo(sink, "hoa@to1.vn")[0]!;
    expect(mail.subject).toBe("Đặt lại mật khẩu chibo");
    // Every Message-ID of the service ends in MAIL_FROM's domain, the reset's too (not PUBLIC_URL's host).
    expect(mail.messageId).toMatch(/^<reset\.[0-9a-f-]+@chibo\.local>$/);
    expect(mail.text).toContain("Kính gửi đồng chí Lê Thị Hoa");
    const link = /(http\S+\/quen-mat-khau\/[A-Za-z0-9_-]+)/.exec(mail.text ?? "")![1]!;
    expect(link.startsWith(`${base}/quen-mat-khau/`)).toBe(true);
    // Stored only as a hash.
    const token = link.split("/").pop()!;
    const rows = await t.database.db.select({ h: passwordResets.tokenHash }).from(passwordResets);
    expect(rows.map((r) => r.h)).not.toContain(token);
    expect(sink.received.some((m) => m.rcpt.includes("khong-co@to1.vn"))).toBe(false);

    await page.goto(link);
    await page.getByRole("heading", { name: "Đặt mật khẩu mới" }).waitFor();
    await page.getByLabel("Mật khẩu mới", { exact: true }).fill("12345678910");
    await page.getByLabel("Nhập lại mật khẩu mới").fill("12345678910");
    await page.getByRole("button", { name: "Đặt mật khẩu" }).click();
    await page.locator("#f-password-error").waitFor();
    expect(await page.locator("#f-password-error").innerText()).toMatch(/Quá dễ đoán/);
    await check(page, "reset-password");

    await page.getByLabel("Mật khẩu mới", { exact: true }).fill("suối Nậm Thanh chảy qua bản");
    await page.getByLabel("Nhập lại mật khẩu mới").fill("suối Nậm Thanh chảy qua bản");
    await page.getByRole("button", { name: "Đặt mật khẩu" }).click();
    await page.getByText(/Đã đặt mật khẩu mới/).waitFor();
    expect((await t.app.inject({ url: "/api/auth/me", headers: before })).statusCode).toBe(401);
    await t.login("hoa@to1.vn", "suối Nậm Thanh chảy qua bản");

    // The second use is refused, and says why.
    const again = await page.goto(link);
    expect(again!.status()).toBe(410);
    expect(await page.locator("main").innerText()).toContain("Đường dẫn này đã được dùng");
    await check(page, "reset-password-used");
    await ctx.close();
  });

  it("a link older than an hour says it has expired", async () => {
    const { ctx, page } = await phone();
    await page.goto(`${base}/quen-mat-khau`);
    await page.getByLabel("Email").fill("binh@to1.vn");
    await page.getByRole("button", { name: "Gửi đường dẫn" }).click();
    await page.getByText(/Nếu email này có tài khoản chibo/).waitFor();
    await expect.poll(() => mailsTo(sink, "binh@to1.vn").length, { timeout: 15_000 }).toBe(2);
    const link = passwordLinkIn(mailsTo(sink, "binh@to1.vn")[1]!.text);
    t.clock.set("2026-06-09T04:01:00Z");
    try {
      const res = await page.goto(link);
      expect(res!.status()).toBe(410);
      expect(await page.locator("main").innerText()).toContain("đã hết hạn");
    } finally {
      t.clock.set("2026-06-09T03:00:00Z");
    }
    await ctx.close();
  });

  it("is rate-limited per address like the login", async () => {
    let last = 0;
    for (let i = 0; i < 40 && last !== 429; i++) {
      const res = await fetch(`${base}/quen-mat-khau`, {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded" },
        body: `email=ai-do-${i}%40example.vn`,
        redirect: "manual",
      });
      last = res.status;
    }
    expect(last).toBe(429);
  });
});
