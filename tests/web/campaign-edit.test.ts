/**
 * An officer runs a campaign from its page alone, at 360 px in Debian's Chromium (issue 18). On
 * 20/05/2026 the ward's campaign of 03–08/2026 is planned and Tổ 1 has held April's meeting. The officer
 * edits the campaign: a start that would leave out March (already met) is refused next to "Từ tháng",
 * what was typed kept; a quorum of 150% is refused next to its field; a new name, September added and a
 * quorum of 75% are saved, the campaign re-planned and the notice says so. The officer takes April's topic
 * out of the catalogue after confirming: it leaves the list, the notice counts the meetings that studied
 * it, and Tổ 1's secretary still reads it on April's meeting. The month's topic sheet writes the
 * anniversary's dates dd/MM/yyyy ("02/09/1945"). Another committee's officer who posts the removal gets a 404 page
 * in the site's layout, and the topic stays.
 */
import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { auditLog, meetings, topics } from "../../src/db/schema.ts";
import { buildOrg, insertCampaign, type Org } from "../helpers/fixtures.ts";
import { webKit } from "./browser-kit.ts";

vi.setConfig({ testTimeout: 120_000 });
const kit = await webKit({ now: "2026-05-20T03:00:00Z" });
const { t, base, phone, check, logIn } = kit;
let org: Org;
let campaignId: string;

async function monthMeeting(branchId: string, month: string) {
  const [m] = await t.database.db
    .select()
    .from(meetings)
    .where(and(eq(meetings.branchId, branchId), eq(meetings.month, `${month}-01`)));
  return m!;
}

beforeAll(async () => {
  org = await buildOrg(t);
  campaignId = (
    await insertCampaign(t.database.db, org.wardId, {
      firstMonth: "2026-03",
      lastMonth: "2026-08",
      topicCount: 6,
    })
  ).id;
  const plan = await t.app.inject({
    method: "POST",
    url: `/api/campaigns/${campaignId}/plan`,
    headers: org.officerWard,
  });
  expect(plan.statusCode, plan.body).toBe(200);
  const april = await monthMeeting(org.branchA, "2026-04");
  const att = await t.app.inject({
    method: "PUT",
    url: `/api/meetings/${april.id}/attendance`,
    headers: org.secretaryA,
    payload: {
      members: [
        { memberId: org.memberA, status: "present" },
        { memberId: org.memberA2, status: "present" },
      ],
    },
  });
  expect(att.statusCode, att.body).toBe(200);
  await kit.start();
}, 180_000);

const campaignUrl = () => `${base}/cap-uy/${org.wardId}/dot-hoc-tap?dot=${campaignId}`;

describe("an officer of the campaign's committee", () => {
  it("edits the campaign: a month already met and a bad quorum refused next to their fields, then saved and re-planned", async () => {
    const { ctx, page } = await phone();
    await logIn(page, "cb@minhkhai.vn");
    await page.goto(campaignUrl());
    await page.locator("summary", { hasText: "Sửa đợt học tập" }).click();
    const form = () => page.locator("form[action*='/sua']");
    expect(await form().getByLabel("Tên đợt học tập").inputValue()).toBe(
      "Học tập tác phẩm về phòng, chống tham nhũng",
    );
    expect(await form().getByLabel("Từ tháng").inputValue()).toBe("2026-03");
    expect(await form().getByLabel("Tỷ lệ dự họp tối thiểu (%)").inputValue()).toBe("66,7");

    // Starting in May would leave out March and April, already met under the campaign.
    await form().getByLabel("Tên đợt học tập").fill("Học tập tác phẩm, năm 2026");
    await form().getByLabel("Từ tháng").fill("2026-05");
    const [refused] = await Promise.all([
      page.waitForResponse((r) => r.request().method() === "POST"),
      form().getByRole("button", { name: "Lưu đợt học tập" }).click(),
    ]);
    expect(refused.status()).toBe(400);
    await page.waitForLoadState("load");
    expect(await form().locator("#ce-firstMonth-error").innerText()).toMatch(
      /^Chi bộ Tổ \d đã có buổi sinh hoạt tháng 3\/2026 theo đợt này/,
    );
    expect(await form().getByLabel("Tên đợt học tập").inputValue()).toBe("Học tập tác phẩm, năm 2026");
    expect(await form().getByLabel("Từ tháng").inputValue()).toBe("2026-05");
    expect(await page.locator("#camp-title").innerText()).toBe("Học tập tác phẩm về phòng, chống tham nhũng");
    await check(page, "campaign-edit-refused");

    // A quorum over 100%: refused next to it, the rest kept.
    await form().getByLabel("Từ tháng").fill("2026-03");
    await form().getByLabel("Đến tháng").fill("2026-09");
    await form().getByLabel("Tỷ lệ dự họp tối thiểu (%)").fill("150");
    await form().getByRole("button", { name: "Lưu đợt học tập" }).click();
    await page.waitForLoadState("load");
    expect(await form().locator("#ce-quorum-error").innerText()).toContain("không quá 100");
    expect(await form().getByLabel("Đến tháng").inputValue()).toBe("2026-09");

    await form().getByLabel("Tỷ lệ dự họp tối thiểu (%)").fill("75");
    await form().getByRole("button", { name: "Lưu đợt học tập" }).click();
    await page.waitForURL(/xong=sua-dot/);
    const notice = await page.getByRole("status").innerText();
    expect(notice).toContain("Đã lưu đợt học tập.");
    expect(notice).toMatch(/Đã lập lại kế hoạch cho 2 chi bộ × 7 tháng: 2 buổi mới/);
    expect(await page.locator("#camp-title").innerText()).toBe("Học tập tác phẩm, năm 2026");
    const about = await page.locator("section[aria-labelledby=camp-title]").innerText();
    expect(about).toContain("Từ tháng 3/2026 đến tháng 9/2026");
    expect(about).toContain("dự họp tối thiểu 75%");
    expect((await monthMeeting(org.branchB, "2026-09")).campaignId).toBe(campaignId);
    const audited = await t.database.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.entity, "campaign"), eq(auditLog.entityId, campaignId)));
    expect(audited.map((a) => a.action)).toEqual(["update"]);
    await check(page, "campaign-edited");
    await ctx.close();
  });

  it("takes April's topic out of the catalogue after confirming; April's meeting still names it", async () => {
    const april = await monthMeeting(org.branchA, "2026-04");
    const [topic] = await t.database.db.select().from(topics).where(eq(topics.id, april.topicId!));
    const { ctx, page } = await phone();
    await logIn(page, "cb@minhkhai.vn");
    await page.goto(campaignUrl());
    const row = page.locator(`#chu-de-${topic!.id}`);
    await row.locator("summary", { hasText: "Bỏ khỏi danh mục" }).click();
    expect(await row.locator(".hint").last().innerText()).toContain("vẫn ghi chủ đề trong biên bản");
    await check(page, "topic-remove-confirm");
    await row.getByRole("button", { name: /Xác nhận bỏ chủ đề/ }).click();
    await page.waitForURL(/xong=bo-chu-de/);
    const notice = await page.getByRole("status").innerText();
    expect(notice).toContain("Đã bỏ chủ đề khỏi danh mục.");
    expect(notice).toContain("2 buổi đã học chủ đề này vẫn ghi chủ đề trong biên bản.");
    expect(await page.locator(`#chu-de-${topic!.id}`).count()).toBe(0);
    expect(await page.locator("#danh-muc").innerText()).toContain("5 chủ đề");
    expect(await page.locator("#lich").innerText()).not.toContain(topic!.title);
    await check(page, "topic-removed");

    // Reloading the page after the redirect changes nothing more (post/redirect/get).
    await page.reload();
    expect(await page.locator("ol.topics > li").count()).toBe(5);
    await ctx.close();

    const sec = await phone();
    await logIn(sec.page, "binh@to1.vn");
    await sec.page.goto(`${base}/cuoc-hop/${april.id}`);
    expect(await sec.page.locator("main").innerText()).toContain(topic!.title);
    await sec.ctx.close();
  });

  it("reads the month's topic sheet with the anniversary written dd/MM/yyyy", async () => {
    const { ctx, page } = await phone();
    await logIn(page, "cb@minhkhai.vn");
    await page.goto(`${base}/cap-uy/${org.wardId}/ban-tin/2026-08`);
    const sheet = await page.locator("article.sheet").innerText();
    expect(sheet).toContain("kỷ niệm 81 năm Quốc khánh (02/09/1945 - 02/09/2026)");
    expect(sheet).not.toMatch(/\b\d{1,2}\/\d\/\d{4}/);
    await check(page, "topic-sheet-padded");
    await ctx.close();
  });

  it("refuses another committee's officer with a page in the site's layout, and changes nothing", async () => {
    const [topic] = await t.database.db
      .select()
      .from(topics)
      .where(eq(topics.campaignId, campaignId))
      .limit(1);
    const { ctx, page } = await phone();
    await logIn(page, "cb@phuongdo.vn");
    await page.goto(`${base}/cap-uy/${org.otherWardId}/dot-hoc-tap`);
    const token = await page.locator("input[name=_csrf]").first().inputValue();
    const action = `/cap-uy/${org.wardId}/dot-hoc-tap/${campaignId}/danh-muc/${topic!.id}/bo`;
    const [answer] = await Promise.all([
      page.waitForResponse((r) => r.request().method() === "POST"),
      page.evaluate(
        ([to, csrf]) => {
          const f = document.createElement("form");
          f.method = "post";
          f.action = to!;
          const i = document.createElement("input");
          i.name = "_csrf";
          i.value = csrf!;
          f.append(i);
          document.body.append(f);
          f.submit();
        },
        [action, token],
      ),
    ]);
    expect(answer.status()).toBe(404);
    expect(answer.headers()["content-type"]).toMatch(/text\/html/);
    await page.waitForLoadState("load");
    expect(await page.locator("main").innerText()).toMatch(/Không tìm thấy/);
    const [still] = await t.database.db.select().from(topics).where(eq(topics.id, topic!.id));
    expect(still!.removedAt).toBeNull();
    await ctx.close();
  });
});
