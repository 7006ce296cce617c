/**
 * A secretary puts a meeting on a day off, at 360 px in Debian's Chromium: a make-up on 08/02/2027 (mùng 3
 * Tết) and a move onto Giỗ Tổ (16/04/2027) are not taken without a word. The page answers with the holiday's
 * name inside the form, everything typed kept, and a button that confirms that very date; a Sunday is asked
 * about too, and a working day typed instead goes through without a question.
 */
import { beforeAll, describe, expect, it, vi } from "vitest";
import { buildOrg, insertCampaign, type Org } from "../helpers/fixtures.ts";
import { webKit } from "./browser-kit.ts";

vi.setConfig({ testTimeout: 120_000 });
const kit = await webKit({ now: "2026-11-20T03:00:00Z" });
const { t, base, phone, check, logIn } = kit;
let org: Org;
const ids: Record<string, string> = {};

const meetingOf = async (month: string) => {
  const res = await t.app.inject({
    url: `/api/branches/${org.branchA}/plan?from=${month}-01&to=${month}-28`,
    headers: org.secretaryA,
  });
  return res.json()[0] as { id: string; date: string };
};

beforeAll(async () => {
  org = await buildOrg(t);
  const c = await insertCampaign(t.database.db, org.wardId, { firstMonth: "2027-01", lastMonth: "2027-06" });
  const planned = await t.app.inject({
    method: "POST",
    url: `/api/campaigns/${c.id}/plan`,
    headers: t.admin,
  });
  expect(planned.statusCode).toBe(200);
  for (const m of ["2027-02", "2027-03", "2027-04"]) ids[m] = (await meetingOf(m)).id;
  const cancel = await t.app.inject({
    method: "POST",
    url: `/api/meetings/${ids["2027-02"]}/cancel`,
    headers: org.secretaryA,
    payload: { reason: "Đảng viên đi làm xa chưa về" },
  });
  expect(cancel.statusCode).toBe(200);
  await kit.start();
}, 180_000);

describe("a secretary", () => {
  it("is asked before a make-up on mùng 3 Tết, with what she typed kept, and confirms it", async () => {
    const { ctx, page } = await phone();
    await logIn(page, "binh@to1.vn");
    await page.goto(`${base}/cuoc-hop/${ids["2027-02"]}`);
    const form = () => page.locator("form[action$='/hop-bu']");
    await form().getByLabel("Ngày họp bù").fill("2027-02-08");
    await form().getByLabel("Địa điểm").fill("Nhà văn hóa tổ 1");
    const [asked] = await Promise.all([
      page.waitForResponse((r) => r.request().method() === "POST"),
      form().getByRole("button", { name: "Thêm buổi họp bù" }).click(),
    ]);
    expect(asked.status()).toBe(409);
    await page.waitForLoadState("load");
    const warn = form().locator(".notice.warn");
    expect(await warn.innerText()).toContain(
      "Thứ Hai, 08/02/2027 là ngày nghỉ lễ: Tết Nguyên đán (mùng 3 Tết).",
    );
    expect(await warn.getAttribute("role")).toBe("alert");
    expect(await form().getByLabel("Ngày họp bù").inputValue()).toBe("2027-02-08");
    expect(await form().getByLabel("Địa điểm").inputValue()).toBe("Nhà văn hóa tổ 1");
    // Nothing was added meanwhile.
    const before = await t.app.inject({
      url: `/api/branches/${org.branchA}/plan?from=2027-02-01&to=2027-02-28`,
      headers: org.secretaryA,
    });
    expect(before.json()).toHaveLength(1);
    await check(page, "day-off-makeup-asked");

    await warn.getByRole("button", { name: "Vẫn họp bù ngày 08/02/2027" }).click();
    await page.waitForURL(/xong=makeup/);
    const made = page.url().match(/cuoc-hop\/([0-9a-f-]{36})/)![1]!;
    expect(made).not.toBe(ids["2027-02"]);
    const r = await t.app.inject({ url: `/api/meetings/${made}`, headers: org.secretaryA });
    expect(r.json()).toMatchObject({ date: "2027-02-08", place: "Nhà văn hóa tổ 1" });
    // Her page keeps saying which day it is.
    expect(await page.locator("main").innerText()).toContain("là ngày nghỉ lễ: Tết Nguyên đán (mùng 3 Tết)");
    await ctx.close();
  });

  it("is asked before a move onto Giỗ Tổ, and confirms it", async () => {
    const { ctx, page } = await phone();
    await logIn(page, "binh@to1.vn");
    await page.goto(`${base}/cuoc-hop/${ids["2027-04"]}`);
    await page.locator("summary", { hasText: "Dời lịch" }).click();
    const form = () => page.locator("form[action$='/doi-lich']");
    await form().getByLabel("Ngày họp").fill("2027-04-16");
    await form().getByLabel("Giờ bắt đầu").fill("08:00");
    await form().getByRole("button", { name: "Dời lịch" }).click();
    await page.waitForLoadState("load");
    const warn = form().locator(".notice.warn");
    expect(await warn.innerText()).toContain(
      "Thứ Sáu, 16/04/2027 là ngày nghỉ lễ: Giỗ Tổ Hùng Vương (10/3 âm lịch).",
    );
    expect(await form().getByLabel("Giờ bắt đầu").inputValue()).toBe("08:00");
    await check(page, "day-off-move-asked");
    await warn.getByRole("button", { name: "Vẫn họp ngày 16/04/2027" }).click();
    await page.waitForURL(/xong=move/);
    const r = await t.app.inject({ url: `/api/meetings/${ids["2027-04"]}`, headers: org.secretaryA });
    expect(r.json().date).toBe("2027-04-16");
    await ctx.close();
  });

  it("is asked about a Sunday; a working day typed instead goes through without a question", async () => {
    const { ctx, page } = await phone();
    await logIn(page, "binh@to1.vn");
    await page.goto(`${base}/cuoc-hop/${ids["2027-03"]}`);
    await page.locator("summary", { hasText: "Dời lịch" }).click();
    const form = () => page.locator("form[action$='/doi-lich']");
    await form().getByLabel("Ngày họp").fill("2027-03-14");
    await form().getByRole("button", { name: "Dời lịch" }).click();
    await page.waitForLoadState("load");
    expect(await form().locator(".notice.warn").innerText()).toContain(
      "Chủ nhật, 14/03/2027 là ngày nghỉ cuối tuần.",
    );
    // She picks Monday instead and sends the form as usual (the confirmation was for the Sunday only).
    await form().getByLabel("Ngày họp").fill("2027-03-15");
    await form().getByRole("button", { name: "Dời lịch" }).click();
    await page.waitForURL(/xong=move/);
    const r = await t.app.inject({ url: `/api/meetings/${ids["2027-03"]}`, headers: org.secretaryA });
    expect(r.json().date).toBe("2027-03-15");
    // The Sunday's confirmation does not carry to another day off: the button's date is checked.
    const csrf = await page.locator('form[action="/dang-xuat"] input[name="_csrf"]').getAttribute("value");
    const forged = await page.request.post(`${base}/cuoc-hop/${ids["2027-03"]}/doi-lich`, {
      form: { _csrf: csrf ?? "", date: "2027-03-13", confirmDayOff: "2027-03-14" },
      headers: { origin: base },
    });
    expect(forged.status()).toBe(409);
    const still = await t.app.inject({ url: `/api/meetings/${ids["2027-03"]}`, headers: org.secretaryA });
    expect(still.json().date).toBe("2027-03-15");
    await ctx.close();
  });
});
