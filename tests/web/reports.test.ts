/**
 * The reports page in Debian's Chromium: an officer chooses the period (the current campaign first),
 * reads the figures, downloads the .xlsx and the CSV (both parsed back) and opens the printable report
 * headed as a party document; a branch's secretary reads their own branch's report only; a member opens
 * none. Each page is checked by `check` (no sideways scrolling at 360/1280 px, axe-core, screenshots).
 */
import { readFileSync } from "node:fs";
import { parse } from "csv-parse/sync";
import { and, asc, eq, lt } from "drizzle-orm";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { meetings } from "../../src/db/schema.ts";
import { buildOrg, insertCampaign, type Org } from "../helpers/fixtures.ts";
import { readXlsx, rowValues } from "../reports/xlsx-read.ts";
import { webKit } from "./browser-kit.ts";

vi.setConfig({ testTimeout: 90_000 });
const kit = await webKit({ now: "2026-06-20T03:00:00Z" });
const { t, base, phone, check, logIn } = kit;
let org: Org;

beforeAll(async () => {
  org = await buildOrg(t);
  const c = await insertCampaign(t.database.db, org.wardId, {
    firstMonth: "2026-01",
    lastMonth: "2026-12",
    title: "Học tập tác phẩm năm 2026",
  });
  const planned = await t.app.inject({
    method: "POST",
    url: `/api/campaigns/${c.id}/plan`,
    headers: t.admin,
  });
  expect(planned.statusCode, planned.body).toBe(200);
  const [first] = await t.database.db
    .select({ id: meetings.id })
    .from(meetings)
    .where(and(eq(meetings.branchId, org.branchA), lt(meetings.date, "2026-06-01")))
    .orderBy(asc(meetings.date))
    .limit(1);
  const res = await t.app.inject({
    method: "PUT",
    url: `/api/meetings/${first!.id}/attendance`,
    headers: t.admin,
    payload: {
      members: [
        { memberId: org.memberA, status: "present" },
        { memberId: org.memberA2, status: "absent_unexcused" },
      ],
    },
  });
  expect(res.statusCode, res.body).toBe(200);
  await kit.start();
}, 120_000);

describe("an officer", () => {
  it("reads the current campaign's figures, downloads the .xlsx and the CSV, and opens the printable report", async () => {
    const { ctx, page } = await phone();
    await logIn(page, "cb@minhkhai.vn");
    await page.getByRole("link", { name: "Báo cáo", exact: true }).click();
    await page.getByRole("heading", { name: "Báo cáo kết quả sinh hoạt" }).waitFor();
    expect(page.url()).toBe(`${base}/cap-uy/${org.wardId}/bao-cao`);
    const text = await page.locator("main").innerText();
    expect(text).toContain("Học tập tác phẩm năm 2026 (01/2026 – 12/2026)");
    expect(text).toContain("đợt đang diễn ra");
    expect(text).toContain("Chi bộ Tổ 1");
    expect(text).toContain("Chi bộ Tổ 2");
    expect(text).not.toContain("Nậm Thanh");
    expect(text).toContain("50%"); // one of two present at Tổ 1's first meeting
    await check(page, "reports");
    const weight = (await (await page.request.get(page.url())).body()).length;
    expect(weight, "the reports page weighs under 60 KB").toBeLessThan(60_000);

    const [xlsx] = await Promise.all([
      page.waitForEvent("download"),
      page.getByRole("link", { name: "Tải Excel (.xlsx)" }).click(),
    ]);
    expect(xlsx.suggestedFilename()).toBe("Báo cáo Đảng ủy phường Minh Khai 2026.xlsx");
    const book = readXlsx(readFileSync((await xlsx.path())!));
    const sheet = book.sheets[0]!;
    expect(rowValues(sheet, 1)[1]).toBe("Chi bộ");
    const rows = [2, 3].map((r) => rowValues(sheet, r));
    const to1 = rows.find((r) => r[1] === "Chi bộ Tổ 1")!;
    expect(to1[0]).toBe("Đảng ủy phường Minh Khai");
    expect(to1[2]).toBeGreaterThanOrEqual(12); // planned meetings, a number
    expect(to1[12]).toBe(0.5);

    const [csv] = await Promise.all([
      page.waitForEvent("download"),
      page.getByRole("link", { name: "Tải CSV" }).click(),
    ]);
    expect(csv.suggestedFilename()).toBe("Báo cáo Đảng ủy phường Minh Khai 2026.csv");
    const bytes = readFileSync((await csv.path())!);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const parsed: Record<string, string>[] = parse(bytes, { bom: true, columns: true, delimiter: ";" });
    expect(parsed.find((r) => r["Chi bộ"] === "Chi bộ Tổ 1")!["Tỉ lệ dự họp (%)"]).toBe("50");

    // Another period: the year, across campaigns.
    await page.getByLabel("Đợt sinh hoạt").selectOption("");
    await page.getByLabel("Năm", { exact: true }).selectOption("2026");
    await page.getByRole("button", { name: "Xem báo cáo" }).click();
    await page.waitForURL(/year=2026/);
    expect(await page.locator("main").innerText()).toContain("Kỳ báo cáo: năm 2026");

    await page.getByRole("link", { name: "Mở bản in" }).click();
    await page.getByRole("heading", { name: "BÁO CÁO" }).waitFor();
    const printed = await page.locator("body").innerText();
    expect(printed).toContain("ĐẢNG CỘNG SẢN VIỆT NAM");
    expect(printed).toContain("ĐẢNG BỘ TỈNH HÀ GIANG");
    expect(printed).toContain("ĐẢNG ỦY PHƯỜNG MINH KHAI");
    expect(printed).toMatch(/Số:\s*-BC\/ĐU/);
    expect(printed).toContain("Minh Khai, ngày 20 tháng 6 năm 2026");
    expect(printed).toContain("T/M ĐẢNG ỦY");
    expect(printed).toContain("Kết quả sinh hoạt chi bộ năm 2026");
    await check(page, "report-print");
    // Printed on A4: the page size the browser uses when it prints.
    const pdf = await page.pdf({ preferCSSPageSize: true });
    expect(pdf.subarray(0, 4).toString()).toBe("%PDF");
    // A4 is 595 × 842 pt (Chromium rounds to its own units).
    expect(pdf.toString("latin1")).toMatch(/\/MediaBox \[0 0 59[45]\.\d+ 84[12]\.\d+\]/);
    // On paper it fits between A4's margins (210 − 30 − 15 mm = 165 mm, 623 px): nothing runs off the right.
    await page.emulateMedia({ media: "print" });
    await page.setViewportSize({ width: 623, height: 900 });
    const printOverflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(printOverflow, "the printed report is wider than A4").toBeLessThanOrEqual(0);
    await page.emulateMedia({ media: null });
    // A phone lays the page out at its own width, not at a desktop's 980 px (the viewport meta).
    const mobile = await kit.browser().newContext({
      viewport: { width: 360, height: 780 },
      isMobile: true,
      storageState: await ctx.storageState(),
    });
    const onPhone = await mobile.newPage();
    await onPhone.goto(page.url());
    expect(await onPhone.evaluate(() => window.innerWidth)).toBe(360);
    await mobile.close();

    // Back to the page, then one branch's report from the list.
    await page.getByRole("link", { name: "← Trang báo cáo" }).click();
    await page.getByRole("link", { name: "Chi bộ Tổ 1" }).click();
    await page.getByRole("heading", { name: "Chuyên đề" }).waitFor();
    expect(page.url()).toContain(`/chi-bo/${org.branchA}/bao-cao`);
    await ctx.close();
  });
});

describe("a branch's secretary and a member", () => {
  it("the secretary reads their own branch's report, and no other", async () => {
    const { ctx, page } = await phone();
    await logIn(page, "binh@to1.vn");
    await page.getByRole("link", { name: "Báo cáo" }).click();
    await page.getByRole("heading", { name: "Báo cáo kết quả sinh hoạt" }).waitFor();
    expect(page.url()).toBe(`${base}/chi-bo/${org.branchA}/bao-cao`);
    const text = await page.locator("main").innerText();
    expect(text).toContain("Chi bộ Tổ 1");
    expect(text).toContain("Chưa học");
    await check(page, "report-branch");
    for (const url of [`/chi-bo/${org.branchB}/bao-cao`, `/cap-uy/${org.wardId}/bao-cao`]) {
      const res = await page.goto(`${base}${url}`);
      expect(res!.status(), url).toBe(404);
    }
    await ctx.close();
  });

  it("a member opens no report page, file or printable report", async () => {
    const { ctx, page } = await phone();
    await logIn(page, "hoa@to1.vn");
    expect(await page.getByRole("link", { name: "Báo cáo" }).count()).toBe(0);
    for (const url of [
      `/cap-uy/${org.wardId}/bao-cao`,
      `/chi-bo/${org.branchA}/bao-cao`,
      `/chi-bo/${org.branchA}/bao-cao/ban-in`,
    ]) {
      const res = await page.goto(`${base}${url}`);
      expect(res!.status(), url).toBe(404);
      expect(await page.locator("h1").innerText()).toBe("Không tìm thấy báo cáo");
    }
    const file = await page.request.get(`${base}/chi-bo/${org.branchA}/bao-cao/tai-ve?format=xlsx`);
    expect(file.status()).toBe(404);
    expect(file.headers()["content-disposition"]).toBeUndefined();
    await check(page, "report-refused");
    // The page's menu still works: logging out carries the session's token.
    await page.getByRole("button", { name: "Đăng xuất" }).click();
    await page.getByRole("button", { name: "Đăng nhập" }).waitFor();
    await ctx.close();
  });
});
