/**
 * Where things go wrong, pages answer pages: an unknown address, a committee address that names nothing, a
 * form sent after the session ended, a note longer than allowed, a date that does not exist. Each is a page
 * in the site's layout, in Vietnamese, and what was typed is still there; `/api` keeps its problem documents.
 */
import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { meetings, sessions } from "../../src/db/schema.ts";
import { buildOrg, insertCampaign, type Org } from "../helpers/fixtures.ts";
import { webKit } from "./browser-kit.ts";

vi.setConfig({ testTimeout: 120_000 });
const kit = await webKit({ now: "2026-06-05T03:00:00Z" });
const { t, base, phone, check, logIn } = kit;
const db = t.database.db;
let org: Org;
let julyId: string;
let campaignId: string;

beforeAll(async () => {
  org = await buildOrg(t);
  const c = await insertCampaign(db, org.wardId, { firstMonth: "2026-06", lastMonth: "2027-05" });
  campaignId = c.id;
  await t.app.inject({ method: "POST", url: `/api/campaigns/${c.id}/plan`, headers: t.admin });
  const [july] = await db
    .select({ id: meetings.id })
    .from(meetings)
    .where(and(eq(meetings.branchId, org.branchA), eq(meetings.month, "2026-07-01")));
  julyId = july!.id;
  await kit.start();
}, 120_000);

describe("addresses that name nothing", () => {
  it("an unknown address and /cap-uy/abc answer a Vietnamese page in the layout; /api stays JSON", async () => {
    const { ctx, page } = await phone();
    await logIn(page, "cb@minhkhai.vn");
    const unknown = await page.goto(`${base}/khong-co-trang-nay`);
    expect(unknown!.status()).toBe(404);
    expect(unknown!.headers()["content-type"]).toMatch(/text\/html/);
    await page.getByRole("heading", { name: "Không tìm thấy trang" }).waitFor();
    // The layout, with the person's menu, and a way home.
    await page.getByRole("navigation", { name: "Trình đơn" }).waitFor();
    await page.getByRole("link", { name: "Về trang chủ" }).waitFor();
    await check(page, "error-not-found");

    const bad = await page.goto(`${base}/cap-uy/abc`);
    expect(bad!.status()).toBe(404);
    await page.getByRole("heading", { name: "Không tìm thấy trang" }).waitFor();
    expect(await page.locator("body").innerText()).not.toMatch(/params|uuid|"status"/);

    const api = await fetch(`${base}/api/khong-co`);
    expect(api.status).toBe(404);
    expect(api.headers.get("content-type")).toMatch(/application\/problem\+json/);
    const apiBad = await fetch(`${base}/api/committees/abc`);
    expect(apiBad.headers.get("content-type")).toMatch(/application\/problem\+json/);

    // Logged out, an unknown address is a page too.
    await ctx.clearCookies();
    const anon = await page.goto(`${base}/khong-co-trang-nay`);
    expect(anon!.status()).toBe(404);
    await page.getByRole("heading", { name: "Không tìm thấy trang" }).waitFor();
    await ctx.close();
  });
});

describe("forms that cannot be taken as sent", () => {
  it("a 10,000-character note is refused next to its field, with every character kept", async () => {
    const { ctx, page } = await phone();
    await logIn(page, "cb@minhkhai.vn");
    await page.goto(`${base}/cap-uy/${org.wardId}/dot-hoc-tap?dot=${campaignId}`);
    const note = "Ghi chú về hội nghị ở phường. ".repeat(334).slice(0, 10_000);
    const add = page.locator("form", { has: page.getByRole("button", { name: "Thêm sự kiện" }) });
    await add.getByLabel("Ngày").fill("2026-09-15");
    await add.getByLabel("Tên sự kiện").fill("Hội nghị giới thiệu tác phẩm");
    await add.getByLabel("Ghi chú").fill(note);
    await add.getByRole("button", { name: "Thêm sự kiện" }).click();
    await page.waitForLoadState("load");
    const body = await page.locator("body").innerText();
    expect(body).not.toMatch(/Request body is too large|"statusCode"/);
    // The event form's own note (other forms of the page have a description too).
    const kept = add.locator("textarea[name=description]");
    expect((await kept.inputValue()).length).toBe(10_000);
    expect(await kept.getAttribute("aria-invalid")).toBe("true");
    expect(body).toMatch(/dài quá 5000 ký tự/);
    await check(page, "error-long-note");
    await ctx.close();
  });

  it("a move to 30/02/2027 says the day does not exist, keeps what was typed, and is no 500", async () => {
    const { ctx, page } = await phone();
    await logIn(page, "binh@to1.vn");
    await page.goto(`${base}/cuoc-hop/${julyId}`);
    await page.locator("summary", { hasText: "Dời lịch" }).click();
    const move = page.locator("form[action$='/doi-lich']");
    // A browser without a date picker sends what was typed.
    await move.locator("input[name=date]").evaluate((el) => el.setAttribute("type", "text"));
    await move.locator("input[name=date]").fill("2027-02-30");
    await move.getByLabel("Lý do").fill("Trùng lịch họp tổ dân phố");
    const [res] = await Promise.all([
      page.waitForResponse((r) => r.request().method() === "POST"),
      move.getByRole("button", { name: "Dời lịch" }).click(),
    ]);
    expect(res.status()).toBe(400);
    await page.waitForLoadState("load");
    const field = page.locator("form[action$='/doi-lich'] input[name=date]");
    expect(await page.locator("form[action$='/doi-lich'] .field.invalid .error").innerText()).toMatch(
      /không có/i,
    );
    expect(await page.locator("form[action$='/doi-lich'] [name=reason]").inputValue()).toBe(
      "Trùng lịch họp tổ dân phố",
    );
    expect(await field.getAttribute("aria-invalid")).toBe("true");
    await check(page, "error-date-does-not-exist");
    await ctx.close();
  });
});

describe("a session that ended while a form was open", () => {
  it("asks to log in again, keeps the form, sends it after the login, and lands where it was", async () => {
    const { ctx, page } = await phone();
    await logIn(page, "binh@to1.vn");
    await page.goto(`${base}/cuoc-hop/${julyId}`);
    await page.locator("summary", { hasText: "Hủy buổi sinh hoạt" }).click();
    const cancel = page.locator("form[action$='/huy']");
    await cancel.getByLabel(/Lý do/).fill("Bão số 3 đổ bộ, mất điện cả tổ");
    // The session ends elsewhere (a password change, a logout on another device).
    await db.delete(sessions);
    await cancel.getByRole("button", { name: /Hủy buổi/ }).click();
    await page.waitForLoadState("load");
    await page.getByText(/Phiên đăng nhập đã hết/).waitFor();
    expect(await page.locator("body").innerText()).toContain("Bão số 3 đổ bộ, mất điện cả tổ");
    await check(page, "error-session-ended");
    await page.getByLabel("Email").fill("binh@to1.vn");
    await page.getByLabel("Mật khẩu").fill("mat-khau-dai-du");
    await page.getByRole("button", { name: "Đăng nhập" }).click();
    await page.waitForLoadState("load");
    // Nothing is done behind the person's back: the form comes back to be sent again.
    await page.getByRole("heading", { name: /Gửi lại/ }).waitFor();
    await check(page, "error-session-resend");
    await page.getByRole("button", { name: /Gửi lại/ }).click();
    await page.waitForLoadState("load");
    expect(new URL(page.url()).pathname).toBe(`/cuoc-hop/${julyId}`);
    const [m] = await db.select({ status: meetings.status }).from(meetings).where(eq(meetings.id, julyId));
    expect(m!.status).toBe("cancelled");
    await ctx.close();
  });
});
