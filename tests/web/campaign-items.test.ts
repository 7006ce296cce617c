/**
 * A campaign's report deadline and event edited in place on the campaigns page (what only PATCH
 * /api/campaigns/:id/deadlines/:id and …/events/:id did), at 360 px: the officer opens "Sửa" under the row,
 * a day the month does not have and a blank title are refused next to the field with what was typed kept;
 * the saved deadline shows on the page and in the secretary's calendar feed, the saved event on the page and
 * in the committee's feed (both parsed with ical.js). A secretary, a member and an officer of another
 * committee neither see the page nor change anything by posting to it.
 */
import path from "node:path";
import ICAL from "ical.js";
import type { Page } from "playwright-core";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { buildOrg, insertCampaign, type Org } from "../helpers/fixtures.ts";
import { SHOTS, webKit } from "./browser-kit.ts";

vi.setConfig({ testTimeout: 90_000 });
const kit = await webKit({ now: "2026-06-05T03:00:00Z" });
const { t, base, phone, check, logIn } = kit;
let org: Org;
let campaignId: string;
let deadlineId: string;
let eventId: string;
let committeeFeed: string;
let secretaryFeed: string;

const api = async (method: "POST" | "GET", url: string, headers: object, payload?: object) => {
  const res = await t.app.inject({ method, url, headers: headers as Record<string, string>, payload });
  expect(res.statusCode, res.body).toBeLessThan(300);
  return res.json();
};

/** The feed's all-day events: date → summary. */
async function feedDays(path: string): Promise<Map<string, string>> {
  const res = await fetch(`${base}${path}`);
  expect(res.status).toBe(200);
  const vcal = new ICAL.Component(ICAL.parse(await res.text()));
  const days = new Map<string, string>();
  for (const v of vcal.getAllSubcomponents("vevent")) {
    const start = v.getFirstPropertyValue("dtstart") as ICAL.Time;
    const summary = String(v.getFirstPropertyValue("summary"));
    days.set(`${start.toString().slice(0, 10)} ${summary}`, summary);
  }
  return days;
}

beforeAll(async () => {
  org = await buildOrg(t);
  const c = await insertCampaign(t.database.db, org.wardId, { firstMonth: "2026-04", lastMonth: "2027-03" });
  campaignId = c.id;
  // Feeds carry the campaigns their branches' planned meetings belong to.
  await api("POST", `/api/campaigns/${campaignId}/plan`, t.admin);
  deadlineId = (
    await api("POST", `/api/campaigns/${campaignId}/deadlines`, org.officerWard, {
      day: 25,
      month: 6,
      year: 2026,
      audience: "branch",
      title: "Báo cáo sơ kết quý II",
    })
  ).id;
  eventId = (
    await api("POST", `/api/campaigns/${campaignId}/events`, org.officerWard, {
      date: "2026-07-15",
      title: "Hội nghị giới thiệu tác phẩm",
    })
  ).id;
  const feedPath = (f: { httpsUrl: string }) => new URL(f.httpsUrl).pathname;
  committeeFeed = feedPath(
    await api("POST", "/api/feeds", org.officerWard, { kind: "committee", committeeId: org.wardId }),
  );
  secretaryFeed = feedPath(
    await api("POST", "/api/feeds", org.secretaryA, { kind: "branch", branchId: org.branchA }),
  );
  await kit.start();
}, 120_000);

const campaignsUrl = () => `${base}/cap-uy/${org.wardId}/dot-hoc-tap?dot=${campaignId}`;

describe("an officer of the committee", () => {
  it("edits a deadline in place: a wrong day is refused next to the field, the saved one reaches the secretary's feed", async () => {
    expect([...(await feedDays(secretaryFeed)).keys()]).toContain(
      "2026-06-25 Hạn báo cáo: Báo cáo sơ kết quý II",
    );
    t.clock.advance(60_000);
    const { ctx, page } = await phone();
    await logIn(page, "cb@minhkhai.vn");
    await page.goto(campaignsUrl());
    const row = page.locator(`#han-${deadlineId}`);
    // Folded away until asked for: the page stays short on a phone.
    expect(await row.getByLabel("Nội dung").isVisible()).toBe(false);
    await row.locator("summary").click();
    expect(await row.getByLabel("Nội dung").inputValue()).toBe("Báo cáo sơ kết quý II");
    expect(await row.getByLabel("Ngày", { exact: true }).inputValue()).toBe("25");

    // June has no 31st: refused next to the day, what was typed kept, the form still open.
    await row.getByLabel("Ngày", { exact: true }).fill("31");
    await row.getByLabel("Nội dung").fill("Báo cáo sơ kết 6 tháng");
    const [refused] = await Promise.all([
      page.waitForResponse((r) => r.request().method() === "POST"),
      row.getByRole("button", { name: "Lưu hạn báo cáo" }).click(),
    ]);
    expect(refused.status()).toBe(400);
    await page.waitForLoadState("load");
    const again = page.locator(`#han-${deadlineId}`);
    expect(await again.locator("details").getAttribute("open")).not.toBeNull();
    const dayField = again.getByLabel("Ngày", { exact: true });
    expect(await dayField.getAttribute("aria-invalid")).toBe("true");
    expect(await again.locator(".field.invalid .error").innerText()).toContain(
      "tháng 6/2026 không có ngày 31",
    );
    expect(await dayField.inputValue()).toBe("31");
    expect(await again.getByLabel("Nội dung").inputValue()).toBe("Báo cáo sơ kết 6 tháng");
    expect(await page.getByRole("alert").first().innerText()).toContain("Chưa lưu được");
    await check(page, "campaign-deadline-refused");
    await page
      .locator("#han")
      .screenshot({ path: path.join(SHOTS, "campaign-deadline-refused-part-360.png") });

    // Saved: the 30th, the new title.
    await dayField.fill("30");
    await again.getByRole("button", { name: "Lưu hạn báo cáo" }).click();
    await page.waitForURL(/xong=sua-han/);
    expect(await page.getByRole("status").innerText()).toContain("Đã lưu hạn báo cáo.");
    const saved = await page.locator(`#han-${deadlineId}`).innerText();
    expect(saved).toContain("30/06/2026 · Chi bộ báo cáo: Báo cáo sơ kết 6 tháng");
    expect(await page.locator(`#han-${deadlineId} details`).getAttribute("open")).toBeNull();
    await check(page, "campaign-deadline-saved");

    // The secretary's calendar follows.
    const days = [...(await feedDays(secretaryFeed)).keys()];
    expect(days).toContain("2026-06-30 Hạn báo cáo: Báo cáo sơ kết 6 tháng");
    expect(days.some((d) => d.includes("quý II"))).toBe(false);
    await ctx.close();
  });

  it("edits an event in place: a blank title is refused, the saved one shows on the page and in the committee's feed", async () => {
    expect([...(await feedDays(committeeFeed)).keys()]).toContain("2026-07-15 Hội nghị giới thiệu tác phẩm");
    t.clock.advance(60_000);
    const { ctx, page } = await phone();
    await logIn(page, "cb@minhkhai.vn");
    await page.goto(campaignsUrl());
    const row = () => page.locator(`#su-kien-${eventId}`);
    await row().locator("summary").click();
    expect(await row().getByLabel("Ngày").inputValue()).toBe("2026-07-15");
    await row().getByLabel("Ngày").fill("2026-07-20");
    await row().getByLabel("Tên sự kiện").fill("   ");
    await row().getByLabel("Ghi chú").fill("Hội trường Đảng ủy phường, 8 giờ sáng.");
    await row().getByRole("button", { name: "Lưu sự kiện" }).click();
    await page.waitForLoadState("load");
    expect(await row().getByLabel("Tên sự kiện").getAttribute("aria-invalid")).toBe("true");
    expect(await row().locator(".field.invalid .error").innerText()).toContain("không được để trống");
    expect(await row().getByLabel("Ngày").inputValue()).toBe("2026-07-20");
    expect(await row().getByLabel("Ghi chú").inputValue()).toBe("Hội trường Đảng ủy phường, 8 giờ sáng.");
    await check(page, "campaign-event-refused");

    await row().getByLabel("Tên sự kiện").fill("Hội nghị học tập tác phẩm");
    await row().getByRole("button", { name: "Lưu sự kiện" }).click();
    await page.waitForURL(/xong=sua-su-kien/);
    expect(await page.getByRole("status").innerText()).toContain("Đã lưu sự kiện.");
    const saved = await row().innerText();
    expect(saved).toContain("20/07/2026: Hội nghị học tập tác phẩm");
    expect(saved).toContain("Hội trường Đảng ủy phường, 8 giờ sáng.");
    await check(page, "campaign-event-saved");
    await page
      .locator("#su-kien")
      .screenshot({ path: path.join(SHOTS, "campaign-event-saved-part-360.png") });

    const days = [...(await feedDays(committeeFeed)).keys()];
    expect(days).toContain("2026-07-20 Hội nghị học tập tác phẩm");
    expect(days.some((d) => d.includes("giới thiệu tác phẩm"))).toBe(false);
    await ctx.close();
  });
});

describe("anyone else", () => {
  const forged = async (page: Page, path: string, form: Record<string, string>) => {
    const csrf = await page.locator('form[action="/dang-xuat"] input[name="_csrf"]').getAttribute("value");
    return page.request.post(`${base}/cap-uy/${org.wardId}/dot-hoc-tap/${campaignId}/${path}`, {
      form: { _csrf: csrf ?? "", ...form },
      headers: { origin: base },
    });
  };

  it("a secretary, a member and another committee's officer neither see the forms nor change anything", async () => {
    for (const email of ["binh@to1.vn", "hoa@to1.vn", "cb@phuongdo.vn"]) {
      const { ctx, page } = await phone();
      await logIn(page, email);
      const res = await page.goto(campaignsUrl());
      expect(res!.status(), email).toBe(404);
      expect(await page.locator("details.item-edit").count()).toBe(0);
      const d = await forged(page, `han-bao-cao/${deadlineId}`, {
        day: "1",
        month: "7",
        year: "2026",
        audience: "branch",
        title: "Sửa trộm",
      });
      expect(d.status(), email).toBe(404);
      const e = await forged(page, `su-kien/${eventId}`, { date: "2026-08-01", title: "Sửa trộm" });
      expect(e.status(), email).toBe(404);
      await ctx.close();
    }
    const camp = await api("GET", `/api/campaigns/${campaignId}`, org.officerWard);
    expect(JSON.stringify(camp)).not.toContain("Sửa trộm");
  });
});
