import { describe, expect, it } from "vitest";
import { isWorkingDay } from "../../src/domain/holidays.ts";
import { holidaySet, holidaysFor } from "../../src/holidays/holiday-service.ts";
import { buildTestApp } from "../helpers/app.ts";

const t = await buildTestApp();
const { app, admin, database } = t;

type Day = { date: string; name: string; kind: string; source: string };

async function year(y: number, headers = admin): Promise<{ holidays: Day[]; removed: Day[] }> {
  const res = await app.inject({ url: `/api/holidays?year=${y}`, headers });
  expect(res.statusCode).toBe(200);
  return res.json();
}

// A plain member, to check who may read and who may edit.
const create = async (url: string, payload: object) =>
  (await app.inject({ method: "POST", url, headers: admin, payload })).json();
const committee = await create("/api/committees", { name: "Đảng ủy phường" });
const branch = await create(`/api/committees/${committee.id}/branches`, { name: "Chi bộ khu phố 3" });
const member = await create(`/api/branches/${branch.id}/members`, {
  fullName: "Trần Văn Bình",
  email: "binh@example.vn",
});
await create("/api/users", {
  email: "binh@example.vn",
  displayName: "Trần Văn Bình",
  password: "mat-khau-dang-vien",
  role: "member",
  memberId: member.id,
});
const memberLogin = await t.login("binh@example.vn", "mat-khau-dang-vien");

/** PUT or DELETE of a day's override, as the administrator unless `headers` says otherwise. */
const override = (method: "PUT" | "DELETE", date: string, payload?: object, headers = admin) =>
  app.inject({ method, url: `/api/holidays/overrides/${date}`, headers, payload });

describe("the holiday calendar", () => {
  it("lists 2026 with Tết from 16 to 20 February and Giỗ Tổ on 26 April, for any signed-in user", async () => {
    const { holidays } = await year(2026, memberLogin);
    const tet = holidays.filter((h) => h.name.startsWith("Tết Nguyên đán")).map((h) => h.date);
    expect(tet).toEqual(["2026-02-16", "2026-02-17", "2026-02-18", "2026-02-19", "2026-02-20"]);
    expect(holidays.find((h) => h.date === "2026-02-17")!.name).toBe("Tết Nguyên đán (mùng 1 Tết)");
    const gioTo = holidays.find((h) => h.name.startsWith("Giỗ Tổ Hùng Vương"))!;
    expect(gioTo).toMatchObject({ date: "2026-04-26", kind: "lunar", source: "computed" });
    // 26/4/2026 is a Sunday: the day off is made up on Monday 27/4.
    expect(holidays.find((h) => h.date === "2026-04-27")).toMatchObject({ kind: "compensatory" });
    expect(holidays.map((h) => h.date)).toEqual(
      expect.arrayContaining(["2026-01-01", "2026-04-30", "2026-05-01", "2026-09-02"]),
    );
    expect((await app.inject({ url: "/api/holidays?year=2026" })).statusCode).toBe(401);
  });

  it("lets an admin add a bridge day and remove a default day, and those edits win", async () => {
    const add = await override("PUT", "2026-01-02", {
      action: "add",
      name: "Nghỉ hoán đổi Tết Dương lịch".normalize("NFD"),
    });
    expect(add.statusCode).toBe(200);
    expect(add.json()).toMatchObject({
      date: "2026-01-02",
      action: "add",
      name: "Nghỉ hoán đổi Tết Dương lịch",
    });
    const remove = await override("PUT", "2026-09-01", { action: "remove" });
    expect(remove.statusCode).toBe(200);

    const { holidays, removed } = await year(2026, memberLogin);
    expect(holidays.find((h) => h.date === "2026-01-02")).toMatchObject({
      kind: "custom",
      source: "edited",
      name: "Nghỉ hoán đổi Tết Dương lịch",
    });
    expect(holidays.find((h) => h.date === "2026-09-01")).toBeUndefined();
    expect(removed.map((h) => h.date)).toEqual(["2026-09-01"]);

    // The planner sees the same calendar.
    const set = await holidaySet(database.db, "2025-12-01", "2026-12-31");
    expect(isWorkingDay("2026-01-02", set)).toBe(false);
    expect(isWorkingDay("2026-09-01", set)).toBe(true);
    expect(isWorkingDay("2026-02-18", set)).toBe(false);
    expect(set.has("2025-12-31")).toBe(false);
    expect([...set].every((d) => d >= "2025-12-01" && d <= "2026-12-31")).toBe(true);
    const list = await holidaysFor(database.db, 2026, 2027);
    expect(list.some((h) => h.date.startsWith("2027-"))).toBe(true);

    // Dropping the edit brings the computed default back.
    const del = await override("DELETE", "2026-09-01");
    expect(del.statusCode).toBe(204);
    expect((await year(2026)).holidays.find((h) => h.date === "2026-09-01")).toMatchObject({
      source: "computed",
    });
    expect((await override("DELETE", "2026-09-01")).statusCode).toBe(404);
  });

  it("refuses edits from anyone but an admin, and impossible dates", async () => {
    const res = await override("PUT", "2026-03-02", { action: "add", name: "Tự nghỉ" }, memberLogin);
    expect(res.statusCode).toBe(403);
    expect((await override("DELETE", "2026-01-02", undefined, memberLogin)).statusCode).toBe(403);
    expect((await year(2026)).holidays.find((h) => h.date === "2026-03-02")).toBeUndefined();
    const bad = await override("PUT", "2026-02-30", { action: "add" });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors[0].field).toBe("params.date");
    const badAction = await override("PUT", "2026-03-02", { action: "move" });
    expect(badAction.statusCode).toBe(400);
    expect(badAction.json().errors[0].field).toMatch(/^body\.action/);
  });

  it("takes this year in Viet Nam when no year is asked: on 1 January there, before UTC turns", async () => {
    const before = t.clock.now();
    try {
      t.clock.set("2026-12-31T16:30:00Z"); // 23:30 on 31/12/2026 in Hà Nội
      const headers = await t.login("binh@example.vn", "mat-khau-dang-vien");
      const lastDay = await app.inject({ url: "/api/holidays", headers });
      expect(lastDay.statusCode).toBe(200);
      expect(lastDay.json().year).toBe(2026);
      t.clock.set("2026-12-31T17:30:00Z"); // 00:30 on 1/1/2027 there, still 2026 in UTC
      expect((await app.inject({ url: "/api/holidays", headers })).json().year).toBe(2027);
    } finally {
      t.clock.set(before);
    }
  });
});
