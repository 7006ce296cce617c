/**
 * "Báo vắng" in Chromium at 360 px (issue 19): a member opens the link of their reminder on a phone with no
 * session, gives a reason and sends it; signed in, they see it on the meeting page and take it back, then
 * send it there; the secretary sees who sent word and why. Each page is checked (no sideways scrolling at
 * 360/1280 px, axe-core) and photographed into tests/web/screenshots/.
 */
import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { meetings } from "../../src/db/schema.ts";
import { absenceKey, absenceToken } from "../../src/minutes/absence-link.ts";
import { buildOrg, meetingIn, type Org, planCampaign } from "../helpers/fixtures.ts";
import { webKit } from "./browser-kit.ts";

vi.setConfig({ testTimeout: 120_000 });
const kit = await webKit({ now: "2026-04-01T03:00:00Z" });
const { t, base, phone, check, logIn } = kit;
let org: Org;
let may: string;
let link: string;

beforeAll(async () => {
  org = await buildOrg(t);
  await planCampaign(t, org, "2026-04", "2026-05");
  may = (await meetingIn(t, org.branchA, "2026-05")).id;
  const [m] = await t.database.db
    .select({ startAt: meetings.startAt })
    .from(meetings)
    .where(eq(meetings.id, may));
  // What the reminder carries (the mail itself is read in tests/minutes/absence.test.ts).
  const token = absenceToken(await absenceKey(t.database.db), {
    meetingId: may,
    memberId: org.memberA2,
    expiresAt: m!.startAt,
  });
  link = `${base}/bao-vang/${token}`;
  await kit.start();
}, 120_000);

describe("báo vắng on a phone", () => {
  it("from the reminder's link, with no password", async () => {
    const { ctx, page } = await phone();
    await page.goto(link);
    expect(await page.textContent("h1")).toContain("Báo vắng: Sinh hoạt chi bộ tháng 5/2026");
    expect(await page.textContent("main")).toContain("Lê Thị Hoa");
    await check(page, "absence-link");
    await page.getByLabel("Lý do vắng").fill("Đi khám bệnh tại bệnh viện huyện");
    await page.getByRole("button", { name: "Báo vắng" }).click();
    await page.waitForLoadState("load");
    expect(page.url()).toBe(`${link}?xong=sent`);
    const text = await page.textContent("main");
    expect(text).toContain("Đã gửi báo vắng tới bí thư chi bộ.");
    expect(text).toContain("Đi khám bệnh tại bệnh viện huyện");
    await check(page, "absence-link-sent");
    await ctx.close();
  });

  it("on the meeting page: the member sees it, takes it back and sends it again", async () => {
    const { ctx, page } = await phone();
    await logIn(page, "hoa@to1.vn");
    await page.goto(`${base}/cuoc-hop/${may}`);
    const card = page.locator("#bao-vang");
    expect(await card.textContent()).toContain("Đi khám bệnh tại bệnh viện huyện");
    await check(page, "absence-member-sent");
    await card.getByRole("button", { name: "Rút lại báo vắng" }).click();
    await page.waitForLoadState("load");
    expect(await page.textContent("main")).toContain("Đã rút lại báo vắng.");
    await check(page, "absence-member");
    await page.getByLabel("Lý do vắng").fill("Con ốm, phải đưa đi viện");
    await page.locator("#bao-vang").getByRole("button", { name: "Báo vắng" }).click();
    await page.waitForLoadState("load");
    expect(await page.locator("#bao-vang").textContent()).toContain("Con ốm, phải đưa đi viện");
    await ctx.close();
  });

  it("the secretary sees who sent word, and why", async () => {
    const { ctx, page } = await phone();
    await logIn(page, "binh@to1.vn");
    await page.goto(`${base}/cuoc-hop/${may}`);
    const list = page.locator("#da-bao-vang");
    expect(await list.textContent()).toContain("Đảng viên đã báo vắng (1)");
    expect(await list.textContent()).toContain("Lê Thị Hoa: Con ốm, phải đưa đi viện");
    await list.scrollIntoViewIfNeeded();
    await check(page, "absence-secretary");
    await ctx.close();
  });
});
