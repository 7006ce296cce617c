/**
 * The installable app and the account page's channels in Chromium at 360 px: a member chooses how reminders
 * reach her (push offered because the server sends push; Zalo not, because it is not configured), none at
 * all is refused next to the field; her devices are listed and one is removed; the manifest, icons and
 * service worker are served; the service worker shows her meeting page offline, and after she logs out it
 * shows nobody's page.
 */
import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { channelChoices, meetings, pushSubscriptions, users } from "../../src/db/schema.ts";
import { buildOrg, insertCampaign, type Org } from "../helpers/fixtures.ts";
import { PW, webKit } from "./browser-kit.ts";

vi.setConfig({ testTimeout: 120_000 });
// Tuesday 05/05/2026, 10:00 in Viet Nam.
const kit = await webKit({
  now: "2026-05-05T03:00:00Z",
  // Push is on (a sender exists); nothing is sent in this file.
  channels: { push: { send: async () => ({ kind: "sent" }) } },
});
const { t, base, phone, check, logIn } = kit;
const db = t.database.db;
let org: Org;
let meetingId: string;
let hoaId: string;

beforeAll(async () => {
  org = await buildOrg(t);
  const c = await insertCampaign(db, org.wardId, { firstMonth: "2026-04", lastMonth: "2027-03" });
  await t.app.inject({ method: "POST", url: `/api/campaigns/${c.id}/plan`, headers: t.admin });
  const [jun] = await db
    .select({ id: meetings.id })
    .from(meetings)
    .where(and(eq(meetings.branchId, org.branchA), eq(meetings.month, "2026-06-01")));
  meetingId = jun!.id;
  const [hoa] = await db.select().from(users).where(eq(users.email, "hoa@to1.vn"));
  hoaId = hoa!.id;
  await kit.start();
}, 120_000);

describe("choosing channels on the account page", () => {
  it("offers email and push (not Zalo), stores the choice, refuses none next to the field", async () => {
    const { ctx, page } = await phone();
    await logIn(page, "hoa@to1.vn");
    await page.goto(`${base}/tai-khoan`);
    const box = page.getByRole("group", { name: "Chọn một hoặc nhiều cách" });
    await expect.poll(() => box.getByRole("checkbox").count()).toBe(2);
    expect(await page.getByText("Tin nhắn Zalo").count()).toBe(0);
    expect(await box.getByRole("checkbox", { name: /Thư điện tử/ }).isChecked()).toBe(true);
    await box.getByRole("checkbox", { name: /Thông báo trên điện thoại/ }).check();
    await box.getByRole("checkbox", { name: /Thư điện tử/ }).uncheck();
    await page.getByRole("button", { name: "Lưu cách nhận" }).click();
    await page.getByText("Đã lưu cách nhận nhắc lịch.").waitFor();
    const [choice] = await db.select().from(channelChoices).where(eq(channelChoices.userId, hoaId));
    expect(choice!.channels).toEqual(["push"]);
    expect(await box.getByRole("checkbox", { name: /Thông báo trên điện thoại/ }).isChecked()).toBe(true);

    await box.getByRole("checkbox", { name: /Thông báo trên điện thoại/ }).uncheck();
    await page.getByRole("button", { name: "Lưu cách nhận" }).click();
    await page.getByText("Hãy chọn ít nhất một cách nhận nhắc lịch").waitFor();
    // Nothing written by the refused form.
    const [still] = await db.select().from(channelChoices).where(eq(channelChoices.userId, hoaId));
    expect(still!.channels).toEqual(["push"]);
    await ctx.close();
  });

  it("lists her devices and removes one", async () => {
    const key = Buffer.concat([Buffer.from([4]), Buffer.alloc(64, 7)]).toString("base64url");
    await db.insert(pushSubscriptions).values([
      {
        userId: hoaId,
        endpoint: "https://push.example/a",
        p256dh: key,
        auth: "AAAAAAAAAAAAAAAAAAAAAA",
        label: "Chrome trên Android",
      },
      {
        userId: hoaId,
        endpoint: "https://push.example/b",
        p256dh: key,
        auth: "AAAAAAAAAAAAAAAAAAAAAA",
        label: "Safari trên iPhone",
      },
    ]);
    const { ctx, page } = await phone();
    await logIn(page, "hoa@to1.vn");
    await page.goto(`${base}/tai-khoan`);
    await page.getByText("Cài chibo lên màn hình chính").click();
    await page.getByText("iPhone (iOS 16.4 trở lên, Safari)").waitFor();
    await check(page, "account-channels");
    const android = page.getByRole("listitem").filter({ hasText: "Chrome trên Android" });
    await android.getByRole("button", { name: "Bỏ máy này" }).click();
    await page.getByText("Đã bỏ thiết bị").waitFor();
    expect(await page.getByText("Chrome trên Android").count()).toBe(0);
    expect(await page.getByText("Safari trên iPhone").count()).toBe(1);
    const left = await db.select().from(pushSubscriptions).where(eq(pushSubscriptions.userId, hoaId));
    expect(left.map((s) => s.label)).toEqual(["Safari trên iPhone"]);
    await ctx.close();
  });

  it("takes a device's subscription only with valid RFC 8291 keys, and never another person's device", async () => {
    const hoa = await t.login("hoa@to1.vn", PW);
    const form = (body: Record<string, string>) =>
      t.app.inject({
        method: "POST",
        url: "/tai-khoan/thiet-bi",
        headers: { ...hoa, "content-type": "application/x-www-form-urlencoded" },
        payload: new URLSearchParams(body).toString(),
      });
    const key = Buffer.concat([Buffer.from([4]), Buffer.alloc(64, 9)]).toString("base64url");
    const bad = await form({
      endpoint: "https://push.example/c",
      p256dh: "abc",
      auth: "AAAAAAAAAAAAAAAAAAAAAA",
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain("khoá của trình duyệt không hợp lệ");
    const http = await form({
      endpoint: "http://push.example/c",
      p256dh: key,
      auth: "AAAAAAAAAAAAAAAAAAAAAA",
    });
    expect(http.statusCode).toBe(400);
    const ok = await form({
      endpoint: "https://push.example/c",
      p256dh: key,
      auth: "AAAAAAAAAAAAAAAAAAAAAA",
      label: "Firefox",
    });
    expect(ok.statusCode).toBe(303);
    const [row] = await db
      .select()
      .from(pushSubscriptions)
      .where(eq(pushSubscriptions.endpoint, "https://push.example/c"));
    // Another person cannot remove it: 404, as for an id that does not exist.
    const binh = await t.login("binh@to1.vn", PW);
    const other = await t.app.inject({
      method: "POST",
      url: `/tai-khoan/thiet-bi/${row!.id}/xoa`,
      headers: binh,
    });
    expect(other.statusCode).toBe(404);
    expect(await db.select().from(pushSubscriptions).where(eq(pushSubscriptions.id, row!.id))).toHaveLength(
      1,
    );
  });
});

describe("the installable app", () => {
  it("serves the manifest, the icons and the service worker", async () => {
    const m = await fetch(`${base}/manifest.webmanifest`);
    expect(m.headers.get("content-type")).toContain("application/manifest+json");
    const manifest = await m.json();
    expect(manifest).toMatchObject({ start_url: "/", display: "standalone", lang: "vi" });
    for (const icon of manifest.icons) {
      const png = Buffer.from(await (await fetch(`${base}${icon.src}`)).arrayBuffer());
      expect(png.subarray(1, 4).toString()).toBe("PNG");
      expect(`${png.readUInt32BE(16)}x${png.readUInt32BE(20)}`).toBe(icon.sizes);
    }
    const sw = await fetch(`${base}/sw.js`);
    expect(sw.headers.get("content-type")).toContain("javascript");
    expect(sw.headers.get("cache-control")).toBe("no-cache");
  });

  it("shows her meeting page offline, and after logout nobody's", async () => {
    const { ctx, page } = await phone();
    await logIn(page, "hoa@to1.vn");
    await page.evaluate(() => navigator.serviceWorker.ready.then(() => true));
    // The first load registered the worker; this one passes through it and is kept.
    await page.goto(`${base}/cuoc-hop/${meetingId}`);
    await page.reload();
    expect(await page.evaluate(() => caches.keys())).toEqual(
      expect.arrayContaining([expect.stringMatching(/^chibo-pages-/)]),
    );
    await ctx.setOffline(true);
    await page.goto(`${base}/cuoc-hop/${meetingId}`);
    await page.getByRole("heading", { level: 1 }).waitFor();
    expect(await page.content()).toContain("Sinh hoạt chi bộ tháng 6/2026");
    await ctx.setOffline(false);
    await page.getByRole("button", { name: "Đăng xuất" }).click();
    await page.waitForLoadState("load");
    await expect
      .poll(() =>
        page.evaluate(() => caches.keys().then((k) => k.filter((n) => n.startsWith("chibo-pages-")))),
      )
      .toEqual([]);
    await ctx.setOffline(true);
    await page.goto(`${base}/cuoc-hop/${meetingId}`);
    expect(await page.content()).toContain("Không có kết nối mạng");
    expect(await page.content()).not.toContain("Sinh hoạt chi bộ tháng 6/2026");
    await ctx.close();
  });
});
