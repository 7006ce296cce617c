import { readFile } from "node:fs/promises";
import { describe, expect, it } from "vitest";
import { buildTestApp } from "../helpers/app.ts";

const t = await buildTestApp();
const { app, admin } = t;

async function post(url: string, payload: unknown, headers = admin) {
  return app.inject({ method: "POST", url, payload: payload as object, headers });
}

describe("a committee organises its branches and members", () => {
  it("lists a branch's members as a Vietnamese roll: by given name, Đ after D", async () => {
    const c = await post("/api/committees", { name: "Đảng ủy xã Thứ tự" });
    const b = await post(`/api/committees/${c.json().id}/branches`, { name: "Chi bộ thôn Thứ tự" });
    const url = `/api/branches/${b.json().id}/members`;
    for (const fullName of ["Lê Văn Đức", "Phạm Thị Dung", "Trần Thị Bình", "Nguyễn Văn An", "Vũ Văn Ân"]) {
      expect((await post(url, { fullName })).statusCode).toBe(201);
    }
    const list = await app.inject({ url, headers: admin });
    expect(list.json().map((m: { fullName: string }) => m.fullName)).toEqual([
      "Nguyễn Văn An",
      "Vũ Văn Ân",
      "Trần Thị Bình",
      "Phạm Thị Dung",
      "Lê Văn Đức",
    ]);
  });

  it("builds a committee tree, a branch and a member with Vietnamese names intact", async () => {
    const city = await post("/api/committees", { name: "Thành ủy Hà Giang" });
    expect(city.statusCode).toBe(201);
    const ward = await post("/api/committees", {
      name: "Đảng ủy phường Nguyễn Trãi",
      parentId: city.json().id,
    });
    expect(ward.statusCode).toBe(201);
    const branch = await post(`/api/committees/${ward.json().id}/branches`, {
      name: "Chi bộ Tổ dân phố 5",
      meetingRule: {
        day: { kind: "weekday", weekday: 5, nth: -1 },
        startTime: "19:30",
        durationMinutes: 120,
        shift: "previous",
      },
    });
    expect(branch.statusCode).toBe(201);
    expect(branch.json().timezone).toBe("Asia/Ho_Chi_Minh");
    expect(branch.json().ruleText).toContain("Thứ Sáu");
    const member = await post(`/api/branches/${branch.json().id}/members`, {
      fullName: "Nguyễn Thị Hằng",
      email: "Hang.NT@example.vn",
      role: "secretary",
    });
    expect(member.statusCode).toBe(201);
    expect(member.json()).toMatchObject({
      fullName: "Nguyễn Thị Hằng",
      email: "hang.nt@example.vn",
      status: "full",
    });
    const list = await app.inject({ url: `/api/committees/${city.json().id}/branches`, headers: admin });
    expect(list.json().map((b: { name: string }) => b.name)).toEqual(["Chi bộ Tổ dân phố 5"]);
  });

  it("imports a CSV saved by Excel, and a file with a bad row imports nothing", async () => {
    const c = await post("/api/committees", { name: "Đảng ủy xã Chế Là" });
    const b = await post(`/api/committees/${c.json().id}/branches`, { name: "Chi bộ thôn Bản Lầng" });
    const good = await readFile("tests/fixtures/members-good-bom-semicolon.csv");
    const ok = await app.inject({
      method: "POST",
      url: `/api/branches/${b.json().id}/members/import`,
      headers: { ...admin, "content-type": "text/csv" },
      payload: good,
    });
    expect(ok.statusCode).toBe(201);
    expect(ok.json().imported).toBeGreaterThan(2);
    const bad = await readFile("tests/fixtures/members-bad.csv");
    const before = await app.inject({
      url: `/api/branches/${b.json().id}/members?includeLeft=true`,
      headers: admin,
    });
    const refused = await app.inject({
      method: "POST",
      url: `/api/branches/${b.json().id}/members/import`,
      headers: { ...admin, "content-type": "text/csv" },
      payload: bad,
    });
    expect(refused.statusCode).toBe(400);
    expect(refused.headers["content-type"]).toContain("application/problem+json");
    expect(refused.json().errors.length).toBeGreaterThan(5);
    expect(refused.json().errors[0].field).toMatch(/^line \d+/);
    // The rows' problems reach the client with their line as a number, one per error.
    const rowProblems = refused.json().problems as { line: number; field: string | null; reason: string }[];
    expect(rowProblems.length).toBe(refused.json().errors.length);
    expect(rowProblems.every((x) => Number.isInteger(x.line) && x.reason.length > 0)).toBe(true);
    const after = await app.inject({
      url: `/api/branches/${b.json().id}/members?includeLeft=true`,
      headers: admin,
    });
    expect(after.json().length).toBe(before.json().length);
  });

  it("answers bad input with problem+json naming the field", async () => {
    const res = await post("/api/committees", { name: "" });
    expect(res.statusCode).toBe(400);
    expect(res.headers["content-type"]).toContain("application/problem+json");
    expect(res.json().errors[0].field).toBe("body.name");
  });
});
