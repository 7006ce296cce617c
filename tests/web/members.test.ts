/**
 * The members pages in Chromium: a secretary adds a member (diacritics kept), reads the roll in the
 * Vietnamese order (by given name, Đ after D), imports a CSV with a bad row and sees that row's line and
 * reason (nothing imported), marks a member as left (today in the branch's zone by default); a member
 * cannot open the page; another branch's page answers 404.
 */
import { mkdtemp, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { buildOrg, type Org } from "../helpers/fixtures.ts";
import { webKit } from "./browser-kit.ts";

vi.setConfig({ testTimeout: 90_000 });
// 18:30 UTC on 09/06 is 01:30 on 10/06 in Viet Nam: "today" for the branch is 10/06.
const kit = await webKit({ now: "2026-06-09T18:30:00Z" });
const { t, base, phone, check, logIn } = kit;
let org: Org;

beforeAll(async () => {
  org = await buildOrg(t);
  await kit.start();
}, 120_000);

const rollOf = async (page: import("playwright-core").Page) =>
  page.locator("ol.roll > li > a").allInnerTexts();

describe("a secretary keeps the branch's roll", () => {
  it("adds a member with diacritics and sees the roll in Vietnamese order", async () => {
    const { ctx, page } = await phone();
    await logIn(page, "binh@to1.vn");
    await page.getByRole("link", { name: "Đảng viên" }).click();
    await expect.poll(() => page.url()).toBe(`${base}/chi-bo/${org.branchA}/dang-vien`);
    await page.getByRole("heading", { name: /Đảng viên Chi bộ Tổ 1/ }).waitFor();

    // A bad email is refused next to the field, and what was typed stays.
    await page.getByLabel("Họ và tên").fill("Đặng Thị Dung");
    await page.getByLabel("Email").fill("dung-khong-co-a-cong");
    await page.getByRole("button", { name: "Thêm vào danh sách" }).click();
    await page.locator("#f-email-error").waitFor();
    expect(await page.locator("#f-email-error").innerText()).toContain("Không phải địa chỉ email");
    expect(await page.getByLabel("Họ và tên").inputValue()).toBe("Đặng Thị Dung");
    expect(await page.getByLabel("Email").getAttribute("aria-invalid")).toBe("true");

    await page.getByLabel("Email").fill("dung@to1.vn");
    await page.getByLabel("Số điện thoại").fill("0912 345 678");
    await page.getByLabel("Loại đảng viên").selectOption("probationary");
    await page.getByRole("button", { name: "Thêm vào danh sách" }).click();
    await page.getByText("Đã thêm đảng viên vào danh sách.").waitFor();

    for (const fullName of ["Nguyễn Văn Đức", "Hoàng Thị Ánh", "Vi Văn An"]) {
      await page.getByLabel("Họ và tên").fill(fullName);
      await page.getByRole("button", { name: "Thêm vào danh sách" }).click();
      await page.getByText("Đã thêm đảng viên vào danh sách.").waitFor();
    }
    // By given name: An, Ánh, Bình, Dung, Đức, Hoa — Đ after D, tones after letters.
    expect(await rollOf(page)).toEqual([
      "Vi Văn An",
      "Hoàng Thị Ánh",
      "Trần Văn Bình",
      "Đặng Thị Dung",
      "Nguyễn Văn Đức",
      "Lê Thị Hoa",
    ]);
    expect(await page.locator("main").innerText()).toContain("dung@to1.vn · 0912 345 678");
    const served = await page.goto(`${base}/chi-bo/${org.branchA}/dang-vien`);
    expect((await served!.body()).length, "the members page weighs under 60 KB").toBeLessThan(60_000);
    await check(page, "members");
    await ctx.close();
  });

  it("imports a CSV with a bad row: nothing is imported, the row's line and reason are shown", async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), "chibo-members-"));
    const file = path.join(dir, "danh-sach.csv");
    await writeFile(
      file,
      "\uFEFFHọ và tên;Email;Điện thoại;Chức vụ\r\n" +
        "Lục Văn Bảo;bao@to1.vn;0912000111;Đảng viên\r\n" +
        "Ma Thị Chiên;khong-phai-email;;\r\n" +
        "Sầm Văn Duẩn;;;Trưởng thôn\r\n",
    );
    const { ctx, page } = await phone();
    await logIn(page, "binh@to1.vn");
    await page.goto(`${base}/chi-bo/${org.branchA}/dang-vien`);
    await page.getByLabel("Tệp CSV", { exact: true }).setInputFiles(file);
    await page.getByRole("button", { name: "Nhập danh sách" }).click();
    await page.getByRole("heading", { name: "Chưa nhập người nào từ tệp" }).waitFor();
    const problems = await page.locator("ul.problems li").allInnerTexts();
    expect(problems).toHaveLength(2);
    expect(problems[0]).toMatch(/^Dòng 3 \(Email\): .*khong-phai-email/);
    expect(problems[1]).toMatch(/^Dòng 4 \(Chức vụ\): .*Trưởng thôn/);
    // All or nothing: the good row (line 2) is not on the roll.
    expect(await rollOf(page)).not.toContain("Lục Văn Bảo");
    await check(page, "members-import-refused");

    // The corrected file goes in whole.
    await writeFile(file, "Họ và tên,Email\r\nLục Văn Bảo,bao@to1.vn\r\nMa Thị Chiên,chien@to1.vn\r\n");
    await page.getByLabel("Tệp CSV", { exact: true }).setInputFiles(file);
    await page.getByRole("button", { name: "Nhập danh sách" }).click();
    await page.getByText("Đã nhập danh sách từ tệp.").waitFor();
    const roll = await rollOf(page);
    expect(roll.indexOf("Lục Văn Bảo")).toBeGreaterThan(roll.indexOf("Hoàng Thị Ánh"));
    expect(roll.indexOf("Ma Thị Chiên")).toBe(roll.indexOf("Trần Văn Bình") + 1);
    await ctx.close();
  });

  it("marks a member as left, today in the branch's zone by default", async () => {
    const { ctx, page } = await phone();
    await logIn(page, "binh@to1.vn");
    await page.goto(`${base}/chi-bo/${org.branchA}/dang-vien`);
    await page.getByRole("link", { name: "Vi Văn An" }).click();
    await page.getByRole("heading", { name: "Ghi nhận chuyển đi" }).waitFor();
    // 01:30 on 10/06 in Viet Nam (still 09/06 in UTC).
    expect(await page.getByLabel("Ngày chuyển đi").inputValue()).toBe("2026-06-10");
    await check(page, "member-edit");
    // Editing: a bad phone is refused next to its field with what was typed kept; a good one is saved.
    await page.getByLabel("Họ và tên").fill("Vi Văn Ân");
    await page.getByLabel("Số điện thoại").fill("12-ab");
    await page.getByRole("button", { name: "Lưu" }).click();
    await page.locator("#f-phone-error").waitFor();
    expect(await page.getByLabel("Họ và tên").inputValue()).toBe("Vi Văn Ân");
    expect(await page.getByLabel("Số điện thoại").inputValue()).toBe("12-ab");
    await page.getByLabel("Họ và tên").fill("Vi Văn An");
    await page.getByLabel("Số điện thoại").fill("0987 654 321");
    await page.getByRole("button", { name: "Lưu" }).click();
    await page.getByText("Đã lưu thông tin đảng viên.").waitFor();
    expect(await page.getByLabel("Số điện thoại").inputValue()).toBe("0987654321");
    await page.getByRole("button", { name: "Ghi nhận chuyển đi" }).click();
    await page.getByText("Đã ghi nhận đảng viên chuyển đi.").waitFor();
    expect(await rollOf(page)).not.toContain("Vi Văn An");
    await page.getByText(/Đã chuyển đi \(1\)/).click();
    expect(await page.locator("details").innerText()).toContain("Vi Văn An · chuyển đi 10/06/2026");
    await ctx.close();
  });
});

describe("reach", () => {
  it("a member cannot open the members page; another branch's page answers 404", async () => {
    const { ctx, page } = await phone();
    await logIn(page, "hoa@to1.vn");
    expect(await page.getByRole("link", { name: "Đảng viên" }).count()).toBe(0);
    const refused = await page.goto(`${base}/chi-bo/${org.branchA}/dang-vien`);
    expect(refused!.status()).toBe(403);
    expect(await page.locator("main").innerText()).not.toContain("Trần Văn Bình");
    await ctx.close();

    const sec = await phone();
    await logIn(sec.page, "binh@to1.vn");
    const other = await sec.page.goto(`${base}/chi-bo/${org.branchB}/dang-vien`);
    expect(other!.status()).toBe(404);
    expect(await sec.page.locator("main").innerText()).not.toContain("Phạm Văn Đức");
    const bogus = await sec.page.goto(`${base}/chi-bo/khong-phai-uuid/dang-vien`);
    expect(bogus!.status()).toBe(404);
    await sec.ctx.close();

    // An officer above the branch manages its roll too.
    const officer = await phone();
    await logIn(officer.page, "cb@minhkhai.vn");
    const ok = await officer.page.goto(`${base}/chi-bo/${org.branchB}/dang-vien`);
    expect(ok!.status()).toBe(200);
    expect(await rollOf(officer.page)).toEqual(["Phạm Văn Đức"]);
    await officer.ctx.close();
  });
});
