/**
 * The printed report's heading and signature, set from the reports page (what only PATCH
 * /api/committees/:id did): an officer of the committee sees what is in force and what the name gives,
 * changes the code, the signer's title and the place, and the printable report shows them; an emptied
 * required field is refused next to the field with what was typed kept; a field goes back to the default;
 * a secretary and a member neither see nor post the form, nor does an officer of another committee.
 */
import { beforeAll, describe, expect, it, vi } from "vitest";
import { buildOrg, insertCampaign, type Org } from "../helpers/fixtures.ts";
import { webKit } from "./browser-kit.ts";

vi.setConfig({ testTimeout: 90_000 });
const kit = await webKit({ now: "2026-06-20T03:00:00Z" });
const { t, base, phone, check, logIn } = kit;
let org: Org;

beforeAll(async () => {
  org = await buildOrg(t);
  await insertCampaign(t.database.db, org.wardId, { firstMonth: "2026-01", lastMonth: "2026-12" });
  await kit.start();
}, 120_000);

describe("an officer of the committee", () => {
  it("changes the printed heading from the reports page, is refused an empty code, and goes back to the default", async () => {
    const { ctx, page } = await phone();
    await logIn(page, "cb@minhkhai.vn");
    await page.goto(`${base}/cap-uy/${org.wardId}/bao-cao`);
    await page.getByText("Tiêu đề và chữ ký của bản in").click();
    const code = page.getByLabel("Ký hiệu sau số báo cáo (Số: …-BC/…)");
    expect(await code.inputValue()).toBe("ĐU");
    const section = page.locator("#the-thuc");
    expect(await section.innerText()).toContain("Mặc định theo tên cấp ủy: “ĐU” (đang dùng)");
    expect(await section.innerText()).toContain("Mặc định theo tên cấp ủy: “Minh Khai” (đang dùng)");
    // Nothing set yet: no field offers to go back to its default.
    expect(await page.getByLabel(/Dùng lại mặc định/).count()).toBe(0);

    // A code of blanks only (the browser's own check lets spaces through): refused next to the field,
    // what was typed elsewhere kept.
    await code.fill("   ");
    await page.getByLabel("Chức vụ người ký").fill("Phó Bí thư");
    const [refused] = await Promise.all([
      page.waitForResponse((r) => r.request().method() === "POST"),
      page.getByRole("button", { name: "Lưu tiêu đề và chữ ký" }).click(),
    ]);
    expect(refused.status()).toBe(400);
    await page.locator("#h-reportCode-error").waitFor();
    expect(await page.locator("#h-reportCode-error").innerText()).toContain("Không được để trống");
    expect(await code.getAttribute("aria-invalid")).toBe("true");
    expect(await page.getByLabel("Chức vụ người ký").inputValue()).toBe("Phó Bí thư");
    await check(page, "report-heading-refused");

    // Saved: the code, the signer's title and the place.
    await code.fill("đu-ct");
    await page.getByLabel("Địa danh ở dòng ngày tháng").fill("Hà Giang");
    await page.getByRole("button", { name: "Lưu tiêu đề và chữ ký" }).click();
    await page.waitForURL(/xong=the-thuc/);
    expect(await page.getByRole("status").innerText()).toContain("Đã lưu tiêu đề và chữ ký của bản in.");
    expect(await code.inputValue()).toBe("ĐU-CT");
    expect(await page.getByLabel("Chức vụ người ký").inputValue()).toBe("PHÓ BÍ THƯ");
    expect(await section.innerText()).toContain("Bản in hiện ghi: Số: …-BC/ĐU-CT · T/M ĐẢNG ỦY · PHÓ BÍ THƯ");
    await check(page, "report-heading-saved");

    // The printable report is headed and signed so.
    await page.getByRole("link", { name: "Mở bản in" }).click();
    await page.getByRole("heading", { name: "BÁO CÁO" }).waitFor();
    let printed = await page.locator("body").innerText();
    expect(printed).toMatch(/Số:\s*-BC\/ĐU-CT/);
    expect(printed).toContain("Hà Giang, ngày 20 tháng 6 năm 2026");
    expect(printed).toContain("PHÓ BÍ THƯ");
    expect(printed).toContain("T/M ĐẢNG ỦY");

    // The code and the place go back to what the name says; the signer's title stays.
    await page.getByRole("link", { name: "← Trang báo cáo" }).click();
    await page.getByText("Tiêu đề và chữ ký của bản in").click();
    await page.getByLabel("Dùng lại mặc định “ĐU”").check();
    await page.getByLabel("Dùng lại mặc định “Minh Khai”").check();
    await page.getByRole("button", { name: "Lưu tiêu đề và chữ ký" }).click();
    await page.waitForURL(/xong=the-thuc/);
    expect(await code.inputValue()).toBe("ĐU");
    expect(await page.getByLabel("Dùng lại mặc định “BÍ THƯ”").count()).toBe(1);
    await page.getByRole("link", { name: "Mở bản in" }).click();
    await page.getByRole("heading", { name: "BÁO CÁO" }).waitFor();
    printed = await page.locator("body").innerText();
    expect(printed).toMatch(/Số:\s*-BC\/ĐU\b/);
    expect(printed).not.toContain("ĐU-CT");
    expect(printed).toContain("Minh Khai, ngày 20 tháng 6 năm 2026");
    expect(printed).toContain("PHÓ BÍ THƯ");
    // The API reads the same committee.
    const api = await t.app.inject({ url: "/api/committees", headers: org.officerWard });
    const ward = api.json().find((c: { id: string }) => c.id === org.wardId);
    expect(ward).toMatchObject({ reportCode: "ĐU", signerTitle: "PHÓ BÍ THƯ", place: "Minh Khai" });
    expect(ward.derived).toEqual(["reportCode", "signedFor", "place"]);
    await ctx.close();
  });
});

describe("anyone else", () => {
  const forged = async (page: import("playwright-core").Page, committeeId: string) => {
    // The session's own token, read from the logout form every page carries.
    const csrf = await page.locator('form[action="/dang-xuat"] input[name="_csrf"]').getAttribute("value");
    return page.request.post(`${base}/cap-uy/${committeeId}/bao-cao/the-thuc`, {
      form: { _csrf: csrf ?? "", reportCode: "XX", signerTitle: "KẺ LẠ" },
      headers: { origin: base },
    });
  };

  it("a secretary and a member neither see nor post the form", async () => {
    for (const email of ["binh@to1.vn", "hoa@to1.vn"]) {
      const { ctx, page } = await phone();
      await logIn(page, email);
      const res = await page.goto(`${base}/cap-uy/${org.wardId}/bao-cao`);
      expect(res!.status(), email).toBe(404);
      expect(await page.getByText("Tiêu đề và chữ ký của bản in").count()).toBe(0);
      const posted = await forged(page, org.wardId);
      expect(posted.status(), email).toBe(404);
      // Their own branch's report offers no such form either.
      if (email === "binh@to1.vn") {
        await page.goto(`${base}/chi-bo/${org.branchA}/bao-cao`);
        expect(await page.getByText("Tiêu đề và chữ ký của bản in").count()).toBe(0);
      }
      await ctx.close();
    }
    // An officer of another committee: not found either.
    const { ctx, page } = await phone();
    await logIn(page, "cb@phuongdo.vn");
    expect((await forged(page, org.wardId)).status()).toBe(404);
    await ctx.close();
    const api = await t.app.inject({ url: "/api/committees", headers: org.officerWard });
    const ward = api.json().find((c: { id: string }) => c.id === org.wardId);
    expect(ward.reportCode).not.toBe("XX");
    expect(ward.signerTitle).not.toBe("KẺ LẠ");
  });
});
