/**
 * The pages as people use them, in Debian's Chromium driven by playwright-core: a member logs in at `/`
 * on a 360 px phone, reads the next meeting, puts the calendar on the phone (the link answers a calendar
 * that ical.js parses, and its QR code as Chromium draws it decodes to the link), makes a new link; an officer reads the branches' months; wrong passwords keep
 * what was typed. Each page is checked with axe-core and for horizontal scrolling, and photographed at
 * 360 and 1280 px into tests/web/screenshots/.
 */

import { eq } from "drizzle-orm";
import ICAL from "ical.js";
import jsqr from "jsqr";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { newToken, tokenHash } from "../../src/auth/secrets.ts";
import { feedTokens } from "../../src/db/schema.ts";
import { buildOrg, insertCampaign } from "../helpers/fixtures.ts";
import { webKit } from "./browser-kit.ts";

// jsqr is CommonJS whose types declare `export default`: under NodeNext the function is `.default`.
const jsQR = jsqr.default;

vi.setConfig({ testTimeout: 90_000 });
const kit = await webKit({ now: "2026-04-20T03:00:00Z" });
const { t, base, phone, check } = kit;
let branchA: string;
const feedRows = async () => (await t.database.db.select({ id: feedTokens.id }).from(feedTokens)).length;

beforeAll(async () => {
  const org = await buildOrg(t);
  branchA = org.branchA;
  const c = await insertCampaign(t.database.db, org.wardId, { firstMonth: "2026-04", lastMonth: "2027-03" });
  const planned = await t.app.inject({
    method: "POST",
    url: `/api/campaigns/${c.id}/plan`,
    headers: t.admin,
  });
  expect(planned.statusCode).toBe(200);
  await kit.start();
}, 120_000);

const logIn = kit.logIn;

describe("a member on a phone", () => {
  it("logs in at / and reads the next meeting first, then the months ahead", async () => {
    const { ctx, page } = await phone();
    let bytes = 0;
    page.on("response", async (r) => {
      bytes += Number(
        (await r.allHeaders())["content-length"] ?? (await r.body().catch(() => Buffer.alloc(0))).length,
      );
    });
    const login = await page.goto(`${base}/`);
    const csp = login!.headers()["content-security-policy"]!;
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toMatch(/script-src[^;]*unsafe-inline/);
    await check(page, "login");

    await logIn(page, "hoa@to1.vn");
    await expect.poll(() => page.url()).toBe(`${base}/`);
    await page.getByRole("heading", { name: /Buổi sinh hoạt tới/ }).waitFor();
    const text = await page.locator("main").innerText();
    expect(text).toContain("Chào đồng chí");
    // 20/04/2026 in Viet Nam: May's meeting (2/5, moved off the 30/4–1/5 holidays) is next, with its weekday.
    expect(text).toMatch(/Thứ \w+|Chủ nhật/);
    expect(text).toMatch(/Còn \d+ ngày/);
    expect(text).toContain("Kế hoạch 12 tháng");
    expect(text).toContain("Gợi ý thảo luận");
    await check(page, "home-member");
    expect(bytes, "the home page and its assets weigh under 60 KB").toBeLessThan(60_000);
    await ctx.close();
  });

  it("puts the calendar on the phone: opening the page changes nothing, the link shows on every visit, a new one only by the button", async () => {
    const { ctx, page } = await phone();
    await logIn(page, "hoa@to1.vn");
    await page.getByRole("link", { name: "Lịch của tôi" }).click();
    // Opening the page makes nothing: a button does.
    expect(await feedRows()).toBe(0);
    await page.getByRole("button", { name: "Tạo đường dẫn lịch" }).click();
    await page.waitForURL(/\/lich-cua-toi\?xong=tao$/);
    await page.getByRole("heading", { name: "Đường dẫn lịch của đồng chí" }).waitFor();
    const link = (await page.locator("#feed-link").innerText()).trim();
    expect(link).toMatch(new RegExp(`^${base}/feeds/[A-Za-z0-9_-]{40,}\\.ics$`));
    expect(await page.getByRole("link", { name: "Thêm vào lịch của máy" }).getAttribute("href")).toMatch(
      /^webcal:\/\//,
    );
    // A phone gets a phone's steps (iPhone, Android), not a QR code to scan with the phone it is.
    await page.getByText("Điện thoại Android (Google Lịch)").waitFor();
    await page.getByText("iPhone, iPad").waitFor();
    expect(await page.getByRole("link", { name: "Thêm vào Google Lịch" }).getAttribute("href")).toContain(
      encodeURIComponent(link.replace(/^https?:\/\//, "webcal://")),
    );
    expect(await page.getByText(/Quét mã/).isVisible()).toBe(false);
    await check(page, "calendar");

    const feedPath = new URL(link).pathname;
    const ics = await fetch(`${base}${feedPath}`);
    expect(ics.status).toBe(200);
    const vcal = new ICAL.Component(ICAL.parse(await ics.text()));
    const events = vcal.getAllSubcomponents("vevent");
    expect(events.length).toBeGreaterThanOrEqual(6);
    expect(String(events[0]!.getFirstPropertyValue("summary"))).toContain("Sinh hoạt chi bộ");

    // Reloading after the form re-sends nothing, and every later visit shows the same link.
    await page.reload();
    expect((await page.locator("#feed-link").innerText()).trim()).toBe(link);
    await page.goto(`${base}/lich-cua-toi`);
    expect((await page.locator("#feed-link").innerText()).trim()).toBe(link);
    expect(await feedRows()).toBe(1);
    // On a computer's screen the QR code is there, to open the link on a phone.
    await page.setViewportSize({ width: 1280, height: 780 });
    await page.getByText("Máy tính (Outlook, Google Calendar)").click();
    expect(await page.locator(".qr svg").isVisible()).toBe(true);
    // The QR code as the browser draws it (onto a canvas, in a white margin) decodes to that same link.
    const side = 320;
    const pixels = await page.locator(".qr svg").evaluate(async (svg, side) => {
      const image = new Image();
      image.src = `data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg.outerHTML)}`;
      await image.decode();
      const canvas = document.createElement("canvas");
      canvas.width = canvas.height = side;
      const g = canvas.getContext("2d")!;
      g.fillStyle = "#fff";
      g.fillRect(0, 0, side, side);
      g.drawImage(image, 40, 40, side - 80, side - 80);
      return Array.from(g.getImageData(0, 0, side, side).data);
    }, side);
    expect(jsQR(Uint8ClampedArray.from(pixels), side, side)?.data).toBe(
      link.replace(/^https?:\/\//, "webcal://"),
    );
    await page.setViewportSize({ width: 360, height: 780 });

    // A new link only by the button; the old one stops, and reloading does not make a third.
    await page.getByRole("button", { name: "Tạo đường dẫn mới" }).click();
    await page.waitForURL(/\/lich-cua-toi\?xong=moi$/);
    expect(await page.getByRole("status").innerText()).toContain("đường dẫn cũ đã ngừng hoạt động");
    const renewed = (await page.locator("#feed-link").innerText()).trim();
    expect(renewed).not.toBe(link);
    await page.reload();
    expect((await page.locator("#feed-link").innerText()).trim()).toBe(renewed);
    expect((await fetch(`${base}${feedPath}`)).status).toBe(404);
    expect((await fetch(`${base}${new URL(renewed).pathname}`)).status).toBe(200);
    await check(page, "calendar-renewed");

    // With no connection, the form says so and the page stays (the browser's error page would lose it).
    await ctx.setOffline(true);
    await page.getByRole("button", { name: "Tạo đường dẫn mới" }).click();
    expect(await page.getByRole("alert").innerText()).toContain("Không có kết nối mạng");
    await ctx.setOffline(false);

    // The forms carry the session's token; a cross-site post with the cookie is refused and changes nothing.
    const cookie = (await ctx.cookies()).map((c) => `${c.name}=${c.value}`).join("; ");
    const token = await page
      .locator('form[action="/lich-cua-toi/moi"] input[name="_csrf"]')
      .getAttribute("value");
    expect(token).toMatch(/^[A-Za-z0-9_-]{20,}$/);
    const forged = await fetch(`${base}/lich-cua-toi/moi`, {
      method: "POST",
      headers: {
        cookie,
        origin: "https://evil.example",
        "content-type": "application/x-www-form-urlencoded",
      },
      body: "",
      redirect: "manual",
    });
    expect(forged.status).toBe(403);
    expect((await fetch(`${base}${new URL(renewed).pathname}`)).status).toBe(200);
    await ctx.close();
  });

  it("a link made before links could be shown again keeps working until a new one is made", async () => {
    // A secretary's branch link from before: a random token, of which only the hash is stored (version 0).
    const made = await t.app.inject({
      method: "POST",
      url: "/api/feeds",
      headers: await t.login("binh@to1.vn", "mat-khau-dai-du"),
      payload: { kind: "branch", branchId: branchA },
    });
    const random = newToken();
    await t.database.db
      .update(feedTokens)
      .set({ version: 0, tokenHash: tokenHash(random) })
      .where(eq(feedTokens.id, made.json().id));
    const old = `/feeds/${random}.ics`;
    expect((await fetch(`${base}${old}`)).status).toBe(200);
    const { ctx, page } = await phone();
    await logIn(page, "binh@to1.vn");
    await page.goto(`${base}/lich-cua-toi`);
    expect(await page.locator("main").innerText()).toContain("vẫn dùng được");
    expect(await page.locator("#feed-link").count()).toBe(0);
    // No step refers to a link above when there is none.
    expect(await page.getByText(/ở trên/).count()).toBe(0);
    await check(page, "calendar-legacy");
    expect((await fetch(`${base}${old}`)).status).toBe(200);
    await page.getByRole("button", { name: "Tạo đường dẫn mới" }).click();
    await page.waitForURL(/xong=moi/);
    const shown = (await page.locator("#feed-link").innerText()).trim();
    expect((await fetch(`${base}${new URL(shown).pathname}`)).status).toBe(200);
    // The other instances hear of the change by a notification: the old link stops within moments.
    await expect.poll(async () => (await fetch(`${base}${old}`)).status, { timeout: 5000 }).toBe(404);
    await ctx.close();
  });

  it("keeps the email and says why when the password is wrong, and logs out", async () => {
    const { ctx, page } = await phone();
    await logIn(page, "hoa@to1.vn", "sai-mat-khau");
    await page.getByRole("alert").waitFor();
    expect(await page.getByLabel("Email").inputValue()).toBe("hoa@to1.vn");
    expect(await page.getByRole("alert").innerText()).toMatch(/mật khẩu/i);
    await check(page, "login-refused");
    await logIn(page, "hoa@to1.vn");
    await page.getByRole("button", { name: "Đăng xuất" }).click();
    await page.getByRole("button", { name: "Đăng nhập" }).waitFor();
    expect((await page.goto(`${base}/lich-cua-toi`))!.url()).toBe(`${base}/?next=%2Flich-cua-toi`);
    await ctx.close();
  });
});

describe("an officer", () => {
  it("reads every branch's months below the committee", async () => {
    const { ctx, page } = await phone(1280);
    await logIn(page, "cb@minhkhai.vn");
    await page.getByRole("heading", { name: "Lịch sinh hoạt các chi bộ" }).waitFor();
    const text = await page.locator("main").innerText();
    expect(text).toContain("Chi bộ Tổ 1");
    expect(text).toContain("Chi bộ Tổ 2");
    expect(text).not.toContain("Nậm Thanh");
    await check(page, "home-officer");
    await ctx.close();
  });
});
