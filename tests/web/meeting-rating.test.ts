/**
 * Meeting quality as people use it (issue 20): a secretary at 360 px enters the judgement points of a held
 * meeting (a point out of range is refused next to its field), the officer's grid shows the meeting's band and
 * the branch's year, and the committee's report gives them in the .xlsx (read back) and the CSV.
 */
import { parse } from "csv-parse/sync";
import { beforeAll, describe, expect, it } from "vitest";
import { fixtures } from "../minutes/fixtures.ts";
import { readXlsx, rowValues } from "../reports/xlsx-read.ts";
import { PW, webKit } from "./browser-kit.ts";

const kit = await webKit({ now: "2026-06-20T03:00:00Z" });
const { t, base } = kit;
const f = fixtures(t);
let ward: string;
let branch: string;
let june: string;
let officer: { authorization: string };

beforeAll(async () => {
  const city = await f.committee("Thành ủy Hà Giang");
  ward = await f.committee("Đảng ủy phường Nguyễn Trãi", city);
  branch = await f.branch(ward, "Chi bộ Tổ dân phố 5");
  const ids: string[] = [];
  for (const n of ["Nguyễn Văn An", "Trần Thị Bình", "Lê Văn Cường"]) ids.push(await f.member(branch, n));
  await f.user("secretary", "bithu5@test.vn", { branchId: branch });
  officer = await f.user("officer", "tochuc@test.vn", { committeeId: ward });
  // January to June planned; January–May held and rated tốt by the API, June held and left to the page.
  // February and May are the quarters' thematic meetings (a quarter without one lowers the year's rating).
  for (const month of ["01", "02", "03", "04", "05"]) {
    const kind = month === "02" || month === "05" ? "thematic" : "regular";
    const id = await f.meeting(branch, `2026-${month}-05`, { status: "held", kind });
    const res = await t.app.inject({
      method: "PUT",
      url: `/api/meetings/${id}/rating`,
      headers: officer,
      payload: { points: { preparation: 15, attendance: 20, conduct: 45, closing: 15 } },
    });
    expect(res.statusCode, res.body).toBe(200);
  }
  june = await f.meeting(branch, "2026-06-05");
  const sheet = { members: ids.map((memberId) => ({ memberId, status: "present" })) };
  const res = await t.app.inject({
    method: "PUT",
    url: `/api/meetings/${june}/attendance`,
    headers: officer,
    payload: sheet,
  });
  expect(res.statusCode, res.body).toBe(200);
  await kit.start();
});

describe("rating a meeting on the meeting page", () => {
  it("lets the secretary enter the points at 360 px, refusing a point out of range next to its field", {
    timeout: 120_000,
  }, async () => {
    const { ctx, page } = await kit.phone(360);
    await kit.logIn(page, "bithu5@test.vn", PW);
    await page.goto(`${base}/cuoc-hop/${june}#xep-loai`);
    const section = page.locator("#xep-loai");
    expect(await section.textContent()).toContain("3/3 đảng viên dự (100%); yêu cầu trên 85%");
    expect(await section.textContent()).toContain("Chưa ghi giờ bắt đầu và kết thúc");
    await section.getByLabel("Công tác chuẩn bị (0–15)").fill("12");
    await section.getByLabel("Tỷ lệ đảng viên dự sinh hoạt (0–20)").fill("20");
    await section.getByLabel("Tổ chức, nội dung và diễn biến sinh hoạt (0–45)").fill("50");
    await section.getByLabel("Kết luận, nghị quyết và biên bản (0–20)").fill("10");
    await section.getByRole("button", { name: "Lưu điểm" }).click();
    await page.waitForLoadState("load");
    const conduct = page.getByLabel("Tổ chức, nội dung và diễn biến sinh hoạt (0–45)");
    expect(await conduct.getAttribute("aria-invalid")).toBe("true");
    expect(await page.locator("#xep-loai").textContent()).toContain("Điểm từ 0 đến 45");
    await kit.check(page, "meeting-rating-refused");

    await conduct.fill("40");
    await page.locator("#xep-loai").getByRole("button", { name: "Lưu điểm" }).click();
    await page.waitForLoadState("load");
    const text = await page.locator("#xep-loai").textContent();
    expect(text).toContain("Xếp loại: Khá (82/100 điểm), chấm bởi bithu5");
    expect(await page.textContent("body")).toContain("Đã lưu điểm xếp loại buổi sinh hoạt.");
    await kit.check(page, "meeting-rating");
    await ctx.close();
  });

  it("shows each meeting's band and the branch's year on the officer's grid", {
    timeout: 120_000,
  }, async () => {
    const { ctx, page } = await kit.phone(360);
    await kit.logIn(page, "tochuc@test.vn", PW);
    await page.goto(`${base}/cap-uy/${ward}?year=2026`);
    const row = page.getByRole("row", { name: /Chi bộ Tổ dân phố 5/ });
    const rowText = await row.textContent();
    expect(rowText).toContain("xếp loại Tốt");
    expect(rowText).toContain("xếp loại Khá");
    // Six months due, five rated tốt and one khá: 5/6 ≥ 2/3 → tốt (the default year rule); each quarter had
    // its thematic meeting.
    expect(rowText).toContain("Xếp loại năm: Tốt");
    await kit.check(page, "grid-ratings");
    await ctx.close();
  });
});

describe("the committee's rating settings page", () => {
  it("shows the defaults, refuses bands that do not descend next to the field, and saves an own scheme", {
    timeout: 120_000,
  }, async () => {
    const { ctx, page } = await kit.phone(360);
    await kit.logIn(page, "tochuc@test.vn", PW);
    await page.goto(`${base}/cap-uy/${ward}/xep-loai`);
    expect(await page.getByLabel("Tốt từ (điểm)").inputValue()).toBe("90");
    expect(await page.textContent("body")).toContain("Theo mặc định");
    await page.getByLabel("Khá từ (điểm)").fill("95");
    await page.getByRole("button", { name: "Lưu cài đặt" }).click();
    await page.waitForLoadState("load");
    expect(await page.textContent("body")).toContain("Ngưỡng xếp loại phải giảm dần");
    await kit.check(page, "rating-settings-refused");
    await page.getByLabel("Khá từ (điểm)").fill("70");
    await page.getByLabel("Tốt từ (điểm)").fill("85");
    await page.getByRole("button", { name: "Lưu cài đặt" }).click();
    await page.waitForLoadState("load");
    expect(await page.textContent("body")).toContain("Đã lưu cài đặt xếp loại.");
    expect(await page.textContent("body")).toContain("Cấp ủy tự đặt.");
    await kit.check(page, "rating-settings");
    await ctx.close();
    const api = await t.app.inject({ url: `/api/committees/${ward}/rating-settings`, headers: officer });
    expect(api.json().scheme.minTotal).toEqual({ tot: 85, kha: 70, trung_binh: 50 });
    expect(api.json().scheme.criteria.map((c: { key: string }) => c.key)).toEqual([
      "preparation",
      "attendance",
      "conduct",
      "closing",
    ]);
  });
});

describe("the committee's yearly report", () => {
  it("gives the months of each band and the year's rating in the .xlsx and the CSV", async () => {
    const x = await t.app.inject({
      url: `/api/reports/committees/${ward}?year=2026&format=xlsx`,
      headers: officer,
    });
    expect(x.statusCode).toBe(200);
    const sheet = readXlsx(x.rawPayload).sheets[0]!;
    const header = rowValues(sheet, 1);
    const row = rowValues(sheet, 2);
    const cell = (name: string) => row[header.indexOf(name)];
    expect(cell("Tháng phải sinh hoạt")).toBe(6);
    expect(cell("Tháng xếp loại Tốt")).toBe(5);
    expect(cell("Tháng xếp loại Khá")).toBe(1);
    expect(cell("Xếp loại chi bộ")).toBe("Tốt");
    expect(rowValues(sheet, 3)[header.indexOf("Xếp loại chi bộ")]).toBe("Tốt 1");

    const b = await t.app.inject({
      url: `/api/reports/branches/${branch}?year=2026&format=xlsx`,
      headers: officer,
    });
    const rated = readXlsx(b.rawPayload).sheets.find((s) => s.name === "Xếp loại")!;
    expect(rowValues(rated, 7)).toEqual(["05/06/2026", 82, "Khá"]);

    const c = await t.app.inject({
      url: `/api/reports/committees/${ward}?year=2026&format=csv`,
      headers: officer,
    });
    const rows: Record<string, string>[] = parse(c.rawPayload, { bom: true, columns: true, delimiter: ";" });
    expect(rows[0]).toMatchObject({ "Tháng xếp loại Tốt": "5", "Xếp loại chi bộ": "Tốt" });
  });
});
