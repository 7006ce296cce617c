import { describe, expect, it } from "vitest";
import { effectiveSchedule } from "../../src/campaigns/schedule-service.ts";
import { loadSeedCampaign } from "../../src/campaigns/seed-loader.ts";
import { buildTestApp } from "../helpers/app.ts";

const t = await buildTestApp();
const { app, admin, database } = t;
type H = { authorization: string };

async function call(
  method: "GET" | "POST" | "PATCH" | "PUT" | "DELETE",
  url: string,
  payload?: unknown,
  headers: H = admin,
) {
  return app.inject({
    method,
    url,
    headers,
    ...(payload === undefined ? {} : { payload: payload as object }),
  });
}
// biome-ignore lint/suspicious/noExplicitAny: JSON answers are read loosely in tests
async function ok<T = any>(
  method: "GET" | "POST" | "PATCH" | "PUT" | "DELETE",
  url: string,
  payload?: unknown,
  headers: H = admin,
): Promise<T> {
  const res = await call(method, url, payload, headers);
  if (res.statusCode >= 300) throw new Error(`${method} ${url}: ${res.statusCode} ${res.body}`);
  return res.statusCode === 204 ? (undefined as T) : res.json();
}

// The organisation: a province with a district under it, and another, unrelated province.
const { campaignId: templateId } = await loadSeedCampaign(database.db, t.clock.now());
const province = await ok("POST", "/api/committees", { name: "Tỉnh ủy Hà Giang" });
const district = await ok("POST", "/api/committees", { name: "Huyện ủy Vị Xuyên", parentId: province.id });
const other = await ok("POST", "/api/committees", { name: "Tỉnh ủy Cao Bằng" });
const branch = await ok("POST", `/api/committees/${district.id}/branches`, { name: "Chi bộ thôn Nà Lầu" });
await ok("POST", "/api/users", {
  email: "canbo@hagiang.vn",
  displayName: "Cán bộ Hà Giang",
  password: "mat-khau-can-bo",
  role: "officer",
  committeeId: province.id,
});
await ok("POST", "/api/users", {
  email: "canbo@caobang.vn",
  displayName: "Cán bộ Cao Bằng",
  password: "mat-khau-can-bo",
  role: "officer",
  committeeId: other.id,
});
await ok("POST", "/api/users", {
  email: "bithu@nalau.vn",
  displayName: "Bí thư Nà Lầu",
  password: "mat-khau-bi-thu",
  role: "secretary",
  branchId: branch.id,
});
const officer = await t.login("canbo@hagiang.vn", "mat-khau-can-bo");
const otherOfficer = await t.login("canbo@caobang.vn", "mat-khau-can-bo");
const secretary = await t.login("bithu@nalau.vn", "mat-khau-bi-thu");

describe("a committee starts the seed campaign from the template", () => {
  let copyId: string;

  it("lists the template to everyone and lets only admins change it", async () => {
    for (const who of [officer, otherOfficer, secretary]) {
      const list = await ok<{ id: string; template: boolean; canEdit: boolean }[]>(
        "GET",
        "/api/campaigns",
        undefined,
        who,
      );
      expect(list.find((c) => c.id === templateId)).toMatchObject({ template: true, canEdit: false });
    }
    const refused = await call("PATCH", `/api/campaigns/${templateId}`, { title: "Đổi tên" }, officer);
    expect(refused.statusCode).toBe(403);
    const topicRefused = await call(
      "POST",
      `/api/campaigns/${templateId}/topics`,
      { code: "X1", part: 1, title: "Thêm" },
      officer,
    );
    expect(topicRefused.statusCode).toBe(403);
  });

  it("copies the template with its catalogue, peaks, deadlines and events into the province's campaign", async () => {
    const res = await call(
      "POST",
      `/api/campaigns/${templateId}/copy`,
      { committeeId: province.id, firstMonth: "2026-01", lastMonth: "2027-12" },
      officer,
    );
    expect(res.statusCode).toBe(201);
    const copy = res.json();
    copyId = copy.id;
    expect(copy).toMatchObject({
      committeeId: province.id,
      template: false,
      canEdit: true,
      firstMonth: "2026-01",
      lastMonth: "2027-12",
    });
    const [src, dst] = await Promise.all([
      ok("GET", `/api/campaigns/${templateId}`),
      ok("GET", `/api/campaigns/${copyId}`, undefined, officer),
    ]);
    expect(dst.title).toBe(src.title);
    expect(dst.topics.map((x: { code: string }) => x.code)).toEqual(
      src.topics.map((x: { code: string }) => x.code),
    );
    expect(dst.topics[1].prompts).toEqual(src.topics[1].prompts);
    expect(dst.peakDates).toHaveLength(5);
    expect(dst.deadlines).toHaveLength(2);
    // Events move with the start; one that would fall outside the copy's months (the introduction
    // conference, May 2023 → December 2025) is left out.
    const dates = dst.events.map((e: { date: string }) => e.date);
    expect(dates).not.toContain("2025-12-15");
    expect(dates.length).toBeGreaterThan(0);
    for (const d of dates) expect(d >= "2026-01-01" && d <= "2027-12-31").toBe(true);
    expect(dst.schedule).toHaveLength(24);
    // Editing the copy leaves the template alone.
    await ok(
      "PATCH",
      `/api/campaigns/${copyId}/topics/${dst.topics[0].id}`,
      { title: "Giá trị của tác phẩm (Hà Giang)" },
      officer,
    );
    const again = await ok("GET", `/api/campaigns/${templateId}`);
    expect(again.topics[0].title).toBe(src.topics[0].title);
  });

  it("adds the province's own founding day as a local peak date, and refuses a committee outside its subtree", async () => {
    const local = await call(
      "POST",
      `/api/campaigns/${copyId}/peak-dates`,
      {
        day: 25,
        month: 12,
        baseYear: 1945,
        name: "Ngày thành lập Đảng bộ tỉnh Hà Giang",
        committeeId: province.id,
      },
      officer,
    );
    expect(local.statusCode).toBe(201);
    expect(local.json()).toMatchObject({
      day: 25,
      month: 12,
      committeeId: province.id,
      name: "Ngày thành lập Đảng bộ tỉnh Hà Giang",
    });
    const foreign = await call(
      "POST",
      `/api/campaigns/${copyId}/peak-dates`,
      { day: 1, month: 1, baseYear: 1950, name: "Ngày khác", committeeId: other.id },
      officer,
    );
    expect(foreign.statusCode).toBe(400);
    expect(foreign.json().errors[0].field).toBe("body.committeeId");
    const leap = await call(
      "POST",
      `/api/campaigns/${copyId}/peak-dates`,
      { day: 29, month: 2, baseYear: 1960, name: "Ngày nhuận" },
      officer,
    );
    expect(leap.statusCode).toBe(201);
    const bad = await call(
      "POST",
      `/api/campaigns/${copyId}/peak-dates`,
      { day: 31, month: 4, baseYear: 1960, name: "Ngày không có" },
      officer,
    );
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors[0].field).toBe("body.day");
    const patched = await ok(
      "PATCH",
      `/api/campaigns/${copyId}/peak-dates/${leap.json().id}`,
      { day: 28 },
      officer,
    );
    expect(patched.day).toBe(28);
    expect(
      (await call("DELETE", `/api/campaigns/${copyId}/peak-dates/${leap.json().id}`, undefined, officer))
        .statusCode,
    ).toBe(204);
    const detail = await ok("GET", `/api/campaigns/${copyId}`, undefined, officer);
    expect(detail.peakDates).toHaveLength(6);
  });

  it("lets the branch secretary read the campaign of the committees above, but not change it", async () => {
    const list = await ok<{ id: string; canEdit: boolean }[]>("GET", "/api/campaigns", undefined, secretary);
    expect(list.find((c) => c.id === copyId)).toMatchObject({ canEdit: false });
    const read = await call("GET", `/api/campaigns/${copyId}`, undefined, secretary);
    expect(read.statusCode).toBe(200);
    expect((await call("GET", `/api/campaigns/${copyId}/schedule`, undefined, secretary)).statusCode).toBe(
      200,
    );
    expect(
      (await call("PATCH", `/api/campaigns/${copyId}`, { title: "Bí thư đổi" }, secretary)).statusCode,
    ).toBe(403);
    expect(
      (await call("PUT", `/api/campaigns/${copyId}/schedule`, { months: { "2026-05": "P1.1" } }, secretary))
        .statusCode,
    ).toBe(403);
    expect(
      (
        await call(
          "POST",
          `/api/campaigns/${copyId}/events`,
          { date: "2026-06-01", title: "Tọa đàm" },
          secretary,
        )
      ).statusCode,
    ).toBe(403);
  });

  it("hides the campaign from an officer of another committee", async () => {
    const list = await ok<{ id: string }[]>("GET", "/api/campaigns", undefined, otherOfficer);
    expect(list.map((c) => c.id)).not.toContain(copyId);
    expect((await call("GET", `/api/campaigns/${copyId}`, undefined, otherOfficer)).statusCode).toBe(404);
    expect((await call("PATCH", `/api/campaigns/${copyId}`, { title: "X" }, otherOfficer)).statusCode).toBe(
      404,
    );
    expect((await call("GET", `/api/campaigns/${copyId}/schedule`, undefined, otherOfficer)).statusCode).toBe(
      404,
    );
    const copyToMine = await call(
      "POST",
      `/api/campaigns/${copyId}/copy`,
      { committeeId: other.id, firstMonth: "2026-01", lastMonth: "2026-12" },
      otherOfficer,
    );
    expect(copyToMine.statusCode).toBe(404);
    // Nor can the province's officer start a campaign for a committee outside their reach.
    const notMine = await call(
      "POST",
      `/api/campaigns/${templateId}/copy`,
      { committeeId: other.id, firstMonth: "2026-01", lastMonth: "2026-12" },
      officer,
    );
    expect(notMine.statusCode).toBe(404);
  });

  it("schedules the catalogue in order by default, keeps the committee's fixed months, and tells the planner", async () => {
    const before = await ok("GET", `/api/campaigns/${copyId}/schedule`, undefined, officer);
    const codes = (await ok("GET", `/api/campaigns/${copyId}`, undefined, officer)).topics.map(
      (x: { code: string }) => x.code,
    );
    expect(before.months.slice(0, codes.length).map((m: { code: string }) => m.code)).toEqual(codes);
    expect(before.months[codes.length].code).toBe(codes[0]);
    expect(before.months.every((m: { fixed: boolean }) => !m.fixed)).toBe(true);
    expect(before.scheduleProblems).toEqual([]);

    // May 2026 (Hồ Chí Minh's birthday) is fixed to P1.2, and the rotation around it still takes every topic once.
    const fixed = await ok(
      "PUT",
      `/api/campaigns/${copyId}/schedule`,
      { months: { "2026-05": "P1.2" } },
      officer,
    );
    const may = fixed.months.find((m: { month: string }) => m.month === "2026-05");
    expect(may).toMatchObject({ code: "P1.2", fixed: true });
    const firstCycle = fixed.months.slice(0, codes.length).map((m: { code: string }) => m.code);
    expect(new Set(firstCycle).size).toBe(codes.length);
    for (let i = 1; i < fixed.months.length; i++)
      expect(fixed.months[i].code).not.toBe(fixed.months[i - 1].code);

    const planner = await effectiveSchedule(database.db, copyId);
    expect(planner.size).toBe(24);
    expect(planner.get("2026-05")?.code).toBe("P1.2");
    expect(planner.get("2026-01")?.code).toBe("GT");

    // Freeing the month brings back the default rotation.
    const freed = await ok(
      "PUT",
      `/api/campaigns/${copyId}/schedule`,
      { months: { "2026-05": null } },
      officer,
    );
    expect(freed.months.map((m: { code: string }) => m.code)).toEqual(
      before.months.map((m: { code: string }) => m.code),
    );

    const outside = await call(
      "PUT",
      `/api/campaigns/${copyId}/schedule`,
      { months: { "2028-01": "P1.1" } },
      officer,
    );
    expect(outside.statusCode).toBe(400);
    expect(outside.json().errors[0].field).toBe("body.months.2028-01");
    const unknown = await call(
      "PUT",
      `/api/campaigns/${copyId}/schedule`,
      { months: { "2026-06": "P9.9" } },
      officer,
    );
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().errors[0].field).toBe("body.months.2026-06");
  });

  it("reports two consecutive months fixed to the same topic as a schedule problem", async () => {
    const res = await ok(
      "PUT",
      `/api/campaigns/${copyId}/schedule`,
      { months: { "2026-08": "P2.1", "2026-09": "P2.1" } },
      officer,
    );
    expect(res.scheduleProblems).toHaveLength(1);
    expect(res.scheduleProblems[0].month).toBe("2026-09");
    expect(res.scheduleProblems[0].reason).toContain("trùng với tháng liền trước");
    // A fixed month cannot be left outside the campaign by shortening it.
    const shorten = await call("PATCH", `/api/campaigns/${copyId}`, { lastMonth: "2026-07" }, officer);
    expect(shorten.statusCode).toBe(400);
    expect(shorten.json().errors[0].field).toBe("body.lastMonth");
    await ok(
      "PUT",
      `/api/campaigns/${copyId}/schedule`,
      { months: { "2026-08": null, "2026-09": null } },
      officer,
    );
  });
});

describe("campaigns created from scratch", () => {
  let id: string;

  it("creates a campaign for a district and edits it", async () => {
    const res = await call(
      "POST",
      "/api/campaigns",
      {
        committeeId: district.id,
        title: "Học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh",
        bookTitle: "Di chúc của Chủ tịch Hồ Chí Minh",
        bookAuthor: "Hồ Chí Minh",
        firstMonth: "2026-03",
        lastMonth: "2026-08",
        quorum: 0.5,
        minutesDueDays: 5,
        reminderOffsets: [{ days: 1, at: "18:00" }],
      },
      officer,
    );
    expect(res.statusCode).toBe(201);
    id = res.json().id;
    expect(res.json()).toMatchObject({
      quorum: 0.5,
      minutesDueDays: 5,
      reminderOffsets: [{ days: 1, at: "18:00" }],
      canEdit: true,
    });
    // A title typed in decomposed form (NFD) is stored composed.
    const patched = await ok(
      "PATCH",
      `/api/campaigns/${id}`,
      { title: "Di chúc Bác Hồ".normalize("NFD") },
      officer,
    );
    expect(patched.title).toBe("Di chúc Bác Hồ".normalize("NFC"));
    // The secretary of a branch below the district sees it too.
    expect((await call("GET", `/api/campaigns/${id}`, undefined, secretary)).statusCode).toBe(200);
  });

  it("keeps topic codes unique, reorders the catalogue and schedules in the new order", async () => {
    for (const [code, title] of [
      ["A", "Phần mở đầu"],
      ["B", "Nội dung chính"],
      ["C", "Lời kết"],
    ]) {
      const r = await call(
        "POST",
        `/api/campaigns/${id}/topics`,
        { code, part: 1, title, pageStart: 1, pageEnd: 10, prompts: ["Gợi ý thảo luận"] },
        officer,
      );
      expect(r.statusCode).toBe(201);
    }
    const dup = await call(
      "POST",
      `/api/campaigns/${id}/topics`,
      { code: "B", part: 1, title: "Trùng mã" },
      officer,
    );
    expect(dup.statusCode).toBe(409);
    expect(dup.json().errors[0].field).toBe("body.code");
    const list = (await ok("GET", `/api/campaigns/${id}`, undefined, officer)).topics;
    const renamed = await call("PATCH", `/api/campaigns/${id}/topics/${list[2].id}`, { code: "A" }, officer);
    expect(renamed.statusCode).toBe(409);
    const pages = await call(
      "PATCH",
      `/api/campaigns/${id}/topics/${list[2].id}`,
      { pageStart: 20, pageEnd: 5 },
      officer,
    );
    expect(pages.statusCode).toBe(400);
    expect(pages.json().errors[0].field).toBe("body.pageEnd");

    const ordered = await ok("PUT", `/api/campaigns/${id}/topics/order`, { codes: ["C", "A", "B"] }, officer);
    expect(ordered.map((x: { code: string }) => x.code)).toEqual(["C", "A", "B"]);
    const missing = await call("PUT", `/api/campaigns/${id}/topics/order`, { codes: ["C", "A"] }, officer);
    expect(missing.statusCode).toBe(400);
    expect(missing.json().errors[0].field).toBe("body.codes");
    const schedule = await ok("GET", `/api/campaigns/${id}/schedule`, undefined, officer);
    expect(schedule.months.map((m: { month: string; code: string }) => `${m.month} ${m.code}`)).toEqual([
      "2026-03 C",
      "2026-04 A",
      "2026-05 B",
      "2026-06 C",
      "2026-07 A",
      "2026-08 B",
    ]);
  });

  it("manages report deadlines and events", async () => {
    const d = await ok(
      "POST",
      `/api/campaigns/${id}/deadlines`,
      { day: 10, month: 11, audience: "branch", title: "Chi bộ báo cáo kết quả trước ngày 10/11 hằng năm" },
      officer,
    );
    expect(d).toMatchObject({ year: null, audience: "branch" });
    const bad = await call(
      "POST",
      `/api/campaigns/${id}/deadlines`,
      { day: 29, month: 2, year: 2026, audience: "committee", title: "Không có ngày này" },
      officer,
    );
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors[0].field).toBe("body.day");
    expect((await ok("PATCH", `/api/campaigns/${id}/deadlines/${d.id}`, { day: 15 }, officer)).day).toBe(15);
    const e = await ok(
      "POST",
      `/api/campaigns/${id}/events`,
      { date: "2026-05-15", title: "Hội nghị giới thiệu tác phẩm", description: "Toàn thể đảng viên dự." },
      officer,
    );
    expect(
      (await ok("PATCH", `/api/campaigns/${id}/events/${e.id}`, { date: "2026-05-18" }, officer)).date,
    ).toBe("2026-05-18");
    const detail = await ok("GET", `/api/campaigns/${id}`, undefined, officer);
    expect(detail.deadlines.map((x: { day: number }) => x.day)).toEqual([15]);
    expect(detail.events.map((x: { title: string }) => x.title)).toEqual(["Hội nghị giới thiệu tác phẩm"]);
    expect((await call("DELETE", `/api/campaigns/${id}/events/${e.id}`, undefined, officer)).statusCode).toBe(
      204,
    );
    expect(
      (await call("DELETE", `/api/campaigns/${id}/deadlines/${d.id}`, undefined, officer)).statusCode,
    ).toBe(204);
    expect(
      (await call("DELETE", `/api/campaigns/${id}/deadlines/${d.id}`, undefined, officer)).statusCode,
    ).toBe(404);
  });

  it("answers bad input with problem+json naming the field", async () => {
    const base = { committeeId: district.id, title: "Đợt thử", bookTitle: "Sách" };
    const reversed = await call(
      "POST",
      "/api/campaigns",
      { ...base, firstMonth: "2026-09", lastMonth: "2026-03" },
      officer,
    );
    expect(reversed.statusCode).toBe(400);
    expect(reversed.headers["content-type"]).toContain("application/problem+json");
    expect(reversed.json().errors[0].field).toBe("body.lastMonth");
    const badMonth = await call(
      "POST",
      "/api/campaigns",
      { ...base, firstMonth: "2026-13", lastMonth: "2027-01" },
      officer,
    );
    expect(badMonth.statusCode).toBe(400);
    expect(badMonth.json().errors[0].field).toBe("body.firstMonth");
    const noTitle = await call(
      "POST",
      "/api/campaigns",
      { ...base, title: "", firstMonth: "2026-01", lastMonth: "2026-02" },
      officer,
    );
    expect(noTitle.json().errors[0].field).toBe("body.title");
    const badDate = await call(
      "POST",
      `/api/campaigns/${id}/events`,
      { date: "2026-02-30", title: "Ngày không có" },
      officer,
    );
    expect(badDate.statusCode).toBe(400);
    expect(badDate.json().errors[0].field).toBe("body.date");
    const otherCommittee = await call(
      "POST",
      "/api/campaigns",
      { ...base, committeeId: other.id, firstMonth: "2026-01", lastMonth: "2026-02" },
      officer,
    );
    expect(otherCommittee.statusCode).toBe(404);
  });
});
