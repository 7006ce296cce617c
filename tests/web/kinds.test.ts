/**
 * Meetings of two kinds and members as the rules count them, in the browser at 360 px: in June (the last
 * month of Q2) the secretary's home warns that the quarter has no thematic meeting; she records a
 * committee's exemption for a member (a refusal names the missing field), marks the June meeting as
 * thematic, and files attendance where the exempted member comes pre-marked; the meeting page then gives the
 * counts by category, her home shows the quarter held, and the officer's grid marks each branch's quarter.
 */
import { beforeAll, describe, expect, it, vi } from "vitest";
import { buildOrg, meetingIn, type Org, planCampaign } from "../helpers/fixtures.ts";
import { webKit } from "./browser-kit.ts";

vi.setConfig({ testTimeout: 180_000 });
const kit = await webKit({ now: "2026-06-10T03:00:00Z" });
const { t, base, phone, check, logIn } = kit;
let org: Org;
let juneId: string;

beforeAll(async () => {
  org = await buildOrg(t);
  await planCampaign(t, org, "2026-04", "2027-03");
  const june = await meetingIn(t, org.branchA, "2026-06");
  juneId = june.id;
  expect(june.date <= "2026-06-10").toBe(true);
  await kit.start();
}, 180_000);

describe("thematic quarters and member categories", () => {
  it("lets the secretary act on a quarter without a thematic meeting and file the categories", async () => {
    const { ctx, page } = await phone();
    await logIn(page, "binh@to1.vn");
    const quarters = page.locator("section", { hasText: "Sinh hoạt chuyên đề theo quý" });
    await quarters.getByText("Quý 2/2026").waitFor();
    expect(await quarters.innerText()).toContain("Quý 2/2026: ! tháng cuối quý, chưa có buổi chuyên đề nào");
    await check(page, "kinds-home");

    // The exemption, from the member's page: first without the committee's decision, refused by field.
    await page.goto(`${base}/chi-bo/${org.branchA}/dang-vien/${org.memberA2}`);
    await page.getByLabel("Lý do (tuổi cao, sức khỏe…)").fill("Tuổi cao, sức khỏe yếu");
    await page.locator("#ex-from").fill("2026-06-01");
    await page.getByRole("button", { name: "Ghi miễn sinh hoạt" }).click();
    await page.waitForLoadState("load");
    expect(await page.locator("#ex-decision-error").innerText()).toMatch(/Không được để trống/);
    expect(await page.getByLabel("Lý do (tuổi cao, sức khỏe…)").inputValue()).toBe("Tuổi cao, sức khỏe yếu");
    await page.getByLabel("Quyết định của cấp ủy (số, ngày)").fill("Quyết định số 15-QĐ/ĐU ngày 28/5/2026");
    await page.getByRole("button", { name: "Ghi miễn sinh hoạt" }).click();
    await page.waitForLoadState("load");
    await page.getByText("Đã ghi quyết định miễn sinh hoạt.").waitFor();
    await page.getByText(/từ 01\/06\/2026, chưa hết hạn · Tuổi cao, sức khỏe yếu/).waitFor();
    await check(page, "kinds-member");
    await page.goto(`${base}/chi-bo/${org.branchA}/dang-vien`);
    expect(await page.locator("ol.roll li", { hasText: "Lê Thị Hoa" }).innerText()).toContain(
      "miễn sinh hoạt",
    );

    // The June meeting: its kind, then attendance with the exempted member pre-marked as excused.
    await page.goto(`${base}/cuoc-hop/${juneId}`);
    await page.getByText("Loại: Sinh hoạt thường kỳ").waitFor();
    await page.locator("#loai summary").click();
    await page.getByLabel("Sinh hoạt chuyên đề", { exact: true }).check();
    await page.getByRole("button", { name: "Lưu loại buổi sinh hoạt" }).click();
    await page.waitForLoadState("load");
    await page.getByText("Loại: Sinh hoạt chuyên đề").waitFor();
    const hoa = page.locator("fieldset", { hasText: "Lê Thị Hoa" });
    expect(await hoa.locator("legend").innerText()).toContain("miễn sinh hoạt");
    expect(await hoa.getByLabel("Vắng có lý do").isChecked()).toBe(true);
    expect(await hoa.getByLabel("Lý do vắng").inputValue()).toBe("Miễn sinh hoạt: Tuổi cao, sức khỏe yếu");
    await page
      .locator("#diem-danh")
      .getByRole("button", { name: /Lưu điểm danh/ })
      .click();
    await page.waitForLoadState("load");
    const counts = page.locator("#so-luong");
    await counts.waitFor();
    const cell = (label: string) => counts.locator("tr", { hasText: label }).locator("td");
    expect((await cell("Tổng số đảng viên").innerText()).trim()).toBe("2");
    expect((await cell("Được miễn sinh hoạt").innerText()).trim()).toBe("1");
    expect((await cell("Phải dự").innerText()).trim()).toBe("1");
    expect((await cell("Có mặt").innerText()).trim()).toBe("1");
    expect((await cell("Vắng có lý do").innerText()).trim()).toBe("0");
    await check(page, "kinds-meeting");

    await page.goto(`${base}/`);
    expect(await quarters.innerText()).toContain("Quý 2/2026: ✓ đã sinh hoạt chuyên đề");
    await ctx.close();
  });

  it("marks each branch's quarter on the officer's grid", async () => {
    const { ctx, page } = await phone();
    await logIn(page, "cb@minhkhai.vn");
    const rowA = page.locator("tr", { hasText: "Chi bộ Tổ 1" }).first();
    const rowB = page.locator("tr", { hasText: "Chi bộ Tổ 2" }).first();
    // Each mark says its quarter and standing in a few words; the legend says the whole.
    expect(await rowA.locator(".q-held").textContent()).toBe("Q2✓ đã họp");
    expect(await rowB.locator(".q-at_risk").textContent()).toBe("Q2! chưa có, tháng cuối");
    expect(await page.locator(".legend").innerText()).toContain("! tháng cuối quý chưa có buổi nào");
    await check(page, "kinds-grid");
    await ctx.close();
  });
});
