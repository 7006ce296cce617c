/**
 * An officer makes a campaign from the campaigns page alone, at 360 px in Debian's Chromium (what only
 * POST /api/campaigns, …/copy, …/topics and …/topics/order did): copies the seed template for 12/2026–
 * 11/2027 (a period the wrong way round refused next to its field, what was typed kept), confirms a copied
 * event that named another year; creates a campaign of its own, adds topics (a bad code refused, kept),
 * edits one with its pages and prompts, moves it up, and plans. The grid shows the copied campaign's
 * twelve months in its 2026 view. Each change is audited or visible through the API; another committee's
 * officer and a secretary change nothing.
 */
import { and, eq } from "drizzle-orm";
import type { Page } from "playwright-core";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { loadSeedCampaign } from "../../src/campaigns/seed-loader.ts";
import { auditLog } from "../../src/db/schema.ts";
import { buildOrg, type Org } from "../helpers/fixtures.ts";
import { webKit } from "./browser-kit.ts";

vi.setConfig({ testTimeout: 120_000 });
const kit = await webKit({ now: "2026-11-20T03:00:00Z" });
const { t, base, phone, check, logIn } = kit;
let org: Org;

beforeAll(async () => {
  org = await buildOrg(t);
  await loadSeedCampaign(t.database.db, t.clock.now());
  await kit.start();
}, 180_000);

const campaignsUrl = () => `${base}/cap-uy/${org.wardId}/dot-hoc-tap`;
const api = async (url: string) => {
  const res = await t.app.inject({ url, headers: org.officerWard });
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
};
const dot = (page: Page) => new URL(page.url()).searchParams.get("dot")!;

describe("an officer of the committee", () => {
  let copyId: string;
  let ownId: string;

  it("copies the seed template for 12/2026–11/2027 and confirms a copied event that named another year", async () => {
    const { ctx, page } = await phone();
    await logIn(page, "cb@minhkhai.vn");
    await page.goto(campaignsUrl());
    expect(await page.locator("main").innerText()).toContain("Cấp ủy chưa có đợt học tập nào.");
    // No campaign yet: the copy form is open, the template offered.
    const copy = page.locator("form[action$='/sao-chep']");
    expect(await copy.isVisible()).toBe(true);
    expect(await copy.getByLabel("Sao chép từ").locator("option").first().innerText()).toMatch(/^Đợt mẫu: /);

    // The period the wrong way round: refused next to the field, what was typed kept.
    await copy.getByLabel("Từ tháng").fill("2027-11");
    await copy.getByLabel("Đến tháng").fill("2026-12");
    await copy.getByLabel("Tên đợt mới").fill("Học tập tác phẩm, năm 2026–2027");
    const [refused] = await Promise.all([
      page.waitForResponse((r) => r.request().method() === "POST"),
      copy.getByRole("button", { name: "Sao chép đợt học tập" }).click(),
    ]);
    expect(refused.status()).toBe(400);
    await page.waitForLoadState("load");
    const again = page.locator("form[action$='/sao-chep']");
    expect(await again.locator(".field.invalid .error").first().innerText()).toMatch(/tháng/);
    expect(await again.getByLabel("Tên đợt mới").inputValue()).toBe("Học tập tác phẩm, năm 2026–2027");
    expect(await again.getByLabel("Từ tháng").inputValue()).toBe("2027-11");
    await check(page, "campaign-copy-refused");

    await again.getByLabel("Từ tháng").fill("2026-12");
    await again.getByLabel("Đến tháng").fill("2027-11");
    await again.getByRole("button", { name: "Sao chép đợt học tập" }).click();
    await page.waitForURL(/xong=sao-chep/);
    copyId = dot(page);
    expect(await page.getByRole("status").innerText()).toContain("Đã sao chép đợt học tập");
    expect(await page.locator("#camp-title").innerText()).toBe("Học tập tác phẩm, năm 2026–2027");
    expect(await page.locator("main").innerText()).toContain("Từ tháng 12/2026 đến tháng 11/2027");
    // The catalogue came along, in the template's order.
    const template = (await api("/api/campaigns")).find((c: { template: boolean }) => c.template);
    const source = await api(`/api/campaigns/${template.id}`);
    expect(await page.locator("ol.topics > li").count()).toBe(source.topics.length);
    expect(await page.locator("ol.topics > li strong").first().innerText()).toBe(source.topics[0].title);

    // Copied events naming another year wait for the officer, shown open with their confirm button.
    const copied = await api(`/api/campaigns/${copyId}`);
    const pending = copied.events.filter((e: { confirmed: boolean }) => !e.confirmed);
    expect(pending.length).toBeGreaterThan(0);
    expect(await page.locator("section[aria-labelledby=camp-title] .notice.warn").innerText()).toContain(
      `${pending.length} sự kiện sao chép chờ xác nhận`,
    );
    const row = page.locator(`#su-kien-${pending[0].id}`);
    expect(await row.innerText()).toContain("Chờ xác nhận");
    expect(await row.locator("details").getAttribute("open")).not.toBeNull();
    await check(page, "campaign-copied");
    await row.getByLabel("Tên sự kiện").fill("Hội nghị sơ kết việc học tập tác phẩm năm 2027");
    await row.getByRole("button", { name: "Xác nhận sự kiện" }).click();
    await page.waitForURL(/xong=sua-su-kien/);
    const after = await api(`/api/campaigns/${copyId}`);
    const confirmed = after.events.find((e: { id: string }) => e.id === pending[0].id);
    expect(confirmed).toMatchObject({
      confirmed: true,
      title: "Hội nghị sơ kết việc học tập tác phẩm năm 2027",
    });
    expect(await page.locator(`#su-kien-${pending[0].id}`).innerText()).not.toContain("Chờ xác nhận");

    // The copy is audited as the API's is.
    const audited = await t.database.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.entity, "campaign"), eq(auditLog.entityId, copyId)));
    expect(audited.map((a) => a.action)).toEqual(["copy"]);
    await ctx.close();
  });

  it("creates a campaign, adds topics (a bad code refused), edits one with pages and prompts, moves it up and plans", async () => {
    const { ctx, page } = await phone();
    await logIn(page, "cb@minhkhai.vn");
    await page.goto(campaignsUrl());
    await page.locator("summary", { hasText: "Tạo đợt học tập mới" }).click();
    const create = page.locator("form[action$='/moi']");
    await create.getByLabel("Tên đợt học tập").fill("Chuyên đề năm 2027 của Đảng ủy phường");
    await create.getByLabel("Tác phẩm, tài liệu học tập").fill("Văn kiện Đại hội XIV của Đảng");
    await create.getByLabel("Từ tháng").fill("2027-01");
    await create.getByLabel("Đến tháng").fill("2027-06");
    await create.getByRole("button", { name: "Tạo đợt học tập" }).click();
    await page.waitForURL(/xong=tao-dot/);
    ownId = dot(page);
    expect(await page.getByRole("status").innerText()).toContain("Đã tạo đợt học tập");
    expect(await page.locator("#danh-muc").innerText()).toContain("Đợt học tập chưa có chủ đề nào.");

    // The first topic: a code with a space is refused next to it, the rest kept.
    const add = () => page.locator("form[action*='/danh-muc#']");
    await add().getByLabel("Tên chủ đề").fill("Báo cáo chính trị: những thành tựu sau 40 năm đổi mới");
    await add().getByLabel("Phần", { exact: true }).fill("1");
    await add().getByLabel("Mã").fill("P 1");
    await add().getByLabel("Gợi ý thảo luận").fill("Thành tựu nào nổi bật nhất ở địa phương?");
    const [refused] = await Promise.all([
      page.waitForResponse((r) => r.request().method() === "POST"),
      add().getByRole("button", { name: "Thêm chủ đề" }).click(),
    ]);
    expect(refused.status()).toBe(400);
    await page.waitForLoadState("load");
    expect(await add().getByLabel("Mã").getAttribute("aria-invalid")).toBe("true");
    expect(await add().locator(".field.invalid .error").innerText()).toContain("ví dụ P1.2");
    expect(await add().getByLabel("Gợi ý thảo luận").inputValue()).toBe(
      "Thành tựu nào nổi bật nhất ở địa phương?",
    );
    await check(page, "campaign-topic-refused");
    await add().getByLabel("Mã").fill("P1");
    await add().getByRole("button", { name: "Thêm chủ đề" }).click();
    await page.waitForURL(/xong=them-chu-de/);

    // A second one, then its pages and prompts edited in place.
    await page.locator("summary", { hasText: "Thêm chủ đề" }).click();
    await add().getByLabel("Tên chủ đề").fill("Xây dựng, chỉnh đốn Đảng và hệ thống chính trị");
    await add().getByLabel("Phần", { exact: true }).fill("2");
    await add().getByLabel("Mã").fill("P2");
    await add().getByRole("button", { name: "Thêm chủ đề" }).click();
    await page.waitForURL(/xong=them-chu-de/);
    const second = page.locator("ol.topics > li").nth(1);
    await second.locator("summary", { hasText: "Sửa" }).click();
    await second.getByLabel("Từ trang").fill("120");
    await second.getByLabel("Đến trang").fill("168");
    await second
      .getByLabel("Gợi ý thảo luận")
      .fill("Chi bộ tự soi, tự sửa điều gì?\nMỗi đảng viên làm gì trong năm?");
    await second.getByRole("button", { name: "Lưu chủ đề" }).click();
    await page.waitForURL(/xong=sua-chu-de/);
    expect(await page.locator("ol.topics > li").nth(1).innerText()).toContain(
      "trang 120–168 · 2 gợi ý thảo luận",
    );

    // Moved up: it becomes the first topic, and January's.
    await page.locator("ol.topics > li").nth(1).getByRole("button", { name: /^Lên/ }).click();
    await page.waitForURL(/xong=thu-tu/);
    expect(await page.locator("ol.topics > li strong").first().innerText()).toBe(
      "Xây dựng, chỉnh đốn Đảng và hệ thống chính trị",
    );
    expect(await page.locator("#thang-2027-01").innerText()).toContain("Xây dựng, chỉnh đốn Đảng");
    const read = await api(`/api/campaigns/${ownId}`);
    expect(read.topics.map((x: { code: string }) => x.code)).toEqual(["P2", "P1"]);
    expect(read.topics[0]).toMatchObject({
      pageStart: 120,
      pageEnd: 168,
      prompts: ["Chi bộ tự soi, tự sửa điều gì?", "Mỗi đảng viên làm gì trong năm?"],
    });
    await check(page, "campaign-topics");

    await page.getByRole("button", { name: "Lập kế hoạch" }).click();
    await page.waitForURL(/kh=/);
    expect(await page.getByRole("status").innerText()).toContain("Đã lập kế hoạch cho 2 chi bộ × 6 tháng");
    const plan = await t.app.inject({
      url: `/api/branches/${org.branchA}/plan?from=2027-01-01&to=2027-01-31`,
      headers: org.secretaryA,
    });
    expect(plan.json()[0].topic.title).toBe("Xây dựng, chỉnh đốn Đảng và hệ thống chính trị");
    const created = await t.database.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.entity, "campaign"), eq(auditLog.entityId, ownId)));
    expect(created.map((a) => a.action)).toEqual(["create"]);
    await ctx.close();
  });

  it("sees the copied campaign's twelve months in the grid's 2026 view", async () => {
    const { ctx, page } = await phone();
    await logIn(page, "cb@minhkhai.vn");
    await page.goto(`${base}/cap-uy/${org.wardId}?dot=${copyId}&nam=2026`);
    const heads = page.locator("table.grid thead th");
    expect(await heads.count()).toBe(1 + 12);
    expect(await heads.nth(1).innerText()).toBe("T12");
    expect(await heads.last().innerText()).toBe("T11");
    await ctx.close();
  });
});

describe("anyone else", () => {
  it("another committee's officer and a secretary create, copy and edit nothing", async () => {
    const own = (await t.app.inject({ url: "/api/campaigns", headers: org.officerWard })).json();
    const target = own.find((c: { committeeId: string | null }) => c.committeeId === org.wardId);
    const before = await t.app.inject({ url: `/api/campaigns/${target.id}`, headers: org.officerWard });
    for (const email of ["cb@phuongdo.vn", "binh@to1.vn"]) {
      const { ctx, page } = await phone();
      await logIn(page, email);
      const csrf = await page.locator('form[action="/dang-xuat"] input[name="_csrf"]').getAttribute("value");
      const post = (path: string, form: Record<string, string>) =>
        page.request.post(`${base}/cap-uy/${org.wardId}/dot-hoc-tap/${path}`, {
          form: { _csrf: csrf ?? "", ...form },
          headers: { origin: base },
        });
      const made = await post("moi", {
        title: "Đợt trộm",
        bookTitle: "Sách",
        firstMonth: "2027-01",
        lastMonth: "2027-02",
      });
      expect(made.status(), email).toBe(404);
      const topic = await post(`${target.id}/danh-muc`, { title: "Chủ đề trộm", part: "1", code: "X1" });
      expect(topic.status(), email).toBe(404);
      const moved = await post(`${target.id}/danh-muc/${before.json().topics[0].id}/thu-tu`, {
        huong: "xuong",
      });
      expect(moved.status(), email).toBe(404);
      await ctx.close();
    }
    const after = await t.app.inject({ url: `/api/campaigns/${target.id}`, headers: org.officerWard });
    expect(after.json().topics).toEqual(before.json().topics);
    const all = JSON.stringify((await t.app.inject({ url: "/api/campaigns", headers: t.admin })).json());
    expect(all).not.toContain("Đợt trộm");
  });
});
