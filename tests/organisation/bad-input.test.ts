/**
 * Bad input on each route: a 4xx `application/problem+json` that names the field (body.x,
 * querystring.x, params.id) and gives a reason, and nothing half-written.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { buildTestApp } from "../helpers/app.ts";

const t = await buildTestApp();
const { app, admin } = t;

type Method = "GET" | "POST" | "PATCH";
async function call(method: Method, url: string, payload?: unknown, headers: Record<string, string> = admin) {
  return app.inject({ method, url, payload: payload as object, headers });
}

/** Asserts a problem document with `status` naming every field in `fields`; returns it. */
function problem(res: Awaited<ReturnType<typeof call>>, status: number, fields: string[] = []) {
  expect(res.statusCode, res.body).toBe(status);
  expect(res.headers["content-type"]).toMatch(/^application\/problem\+json/);
  const body = res.json();
  expect(body).toMatchObject({
    status,
    type: expect.any(String),
    title: expect.any(String),
    detail: expect.any(String),
  });
  const named = (body.errors ?? []).map((e: { field: string }) => e.field);
  for (const f of fields) expect(named, res.body).toContain(f);
  for (const e of body.errors ?? []) expect(e.reason).toEqual(expect.any(String));
  return body;
}

let committee: string;
let branch: string;
let member: string;
const memberCount = async () =>
  (await call("GET", `/api/branches/${branch}/members?includeLeft=true`)).json().length as number;

beforeAll(async () => {
  committee = (await call("POST", "/api/committees", { name: "Đảng ủy phường Kim Mã" })).json().id;
  branch = (
    await call("POST", `/api/committees/${committee}/branches`, { name: "Chi bộ Khu tập thể" })
  ).json().id;
  member = (
    await call("POST", `/api/branches/${branch}/members`, {
      fullName: "Đinh Thị Hoà",
      email: "hoa@kimma.vn",
      joinedOn: "2010-03-03",
    })
  ).json().id;
});

describe("committees", () => {
  it("names the missing, empty, unexpected and malformed fields", async () => {
    problem(await call("POST", "/api/committees", {}), 400, ["body.name"]);
    problem(await call("POST", "/api/committees", { name: "" }), 400, ["body.name"]);
    problem(await call("POST", "/api/committees", { name: "X", colour: "đỏ" }), 400, ["body.colour"]);
    problem(await call("POST", "/api/committees", { name: "X", parentId: "không-phải-uuid" }), 400, [
      "body.parentId",
    ]);
    problem(await call("PATCH", "/api/committees/123", { name: "Y" }), 400, ["params.id"]);
    problem(await call("PATCH", `/api/committees/${committee}`, { name: "a".repeat(201) }), 400, [
      "body.name",
    ]);
  });

  it("a parent that does not exist is not found, and nothing is created", async () => {
    const before = (await call("GET", "/api/committees")).json().length;
    problem(await call("POST", "/api/committees", { name: "Mồ côi", parentId: crypto.randomUUID() }), 404);
    expect((await call("GET", "/api/committees")).json().length).toBe(before);
  });

  it("a body that is not JSON is refused as a problem too", async () => {
    const res = await app.inject({
      method: "POST",
      url: "/api/committees",
      headers: { ...admin, "content-type": "application/json" },
      payload: '{"name": "Thiếu ngoặc"',
    });
    problem(res, 400);
  });
});

describe("branches", () => {
  it("refuses an unknown timezone", async () => {
    const body = problem(
      await call("POST", `/api/committees/${committee}/branches`, {
        name: "Chi bộ Sao Hỏa",
        timezone: "Mars/Olympus",
      }),
      400,
      ["body.timezone"],
    );
    expect(body.errors[0].reason).toContain("Mars/Olympus");
    problem(await call("PATCH", `/api/branches/${branch}`, { timezone: "Asia/Hanoi_Typo" }), 400, [
      "body.timezone",
    ]);
    expect((await call("GET", `/api/branches/${branch}`)).json().timezone).toBe("Asia/Ho_Chi_Minh");
  });

  it("refuses a bad meeting rule, by shape and by meaning", async () => {
    const base = {
      day: { kind: "day_of_month", day: 5 },
      startTime: "19:30",
      durationMinutes: 90,
      shift: "next",
    };
    problem(
      await call("PATCH", `/api/branches/${branch}`, { meetingRule: { ...base, startTime: "25:00" } }),
      400,
      ["body.meetingRule.startTime"],
    );
    problem(
      await call("PATCH", `/api/branches/${branch}`, { meetingRule: { ...base, durationMinutes: 5 } }),
      400,
      ["body.meetingRule.durationMinutes"],
    );
    problem(
      await call("PATCH", `/api/branches/${branch}`, { meetingRule: { ...base, shift: "sometimes" } }),
      400,
      ["body.meetingRule.shift"],
    );
    // Well-formed, but it would run past midnight.
    const late = problem(
      await call("PATCH", `/api/branches/${branch}`, {
        meetingRule: { ...base, startTime: "23:00", durationMinutes: 120 },
      }),
      400,
      ["body.meetingRule.durationMinutes"],
    );
    expect(late.errors[0].reason).toContain("nửa đêm");
    const weekday = problem(
      await call("PATCH", `/api/branches/${branch}`, {
        meetingRule: { ...base, day: { kind: "weekday", weekday: 9, nth: 1 } },
      }),
      400,
    );
    expect(JSON.stringify(weekday.errors)).toContain("body.meetingRule.day");
    // The branch keeps its rule.
    expect((await call("GET", `/api/branches/${branch}`)).json().meetingRule.startTime).not.toBe("23:00");
  });

  it("refuses an empty patch, a non-web link and a malformed id", async () => {
    problem(await call("PATCH", `/api/branches/${branch}`, {}), 400);
    problem(await call("PATCH", `/api/branches/${branch}`, { onlineUrl: "javascript:alert(1)" }), 400, [
      "body.onlineUrl",
    ]);
    problem(await call("GET", "/api/branches/abc"), 400, ["params.id"]);
    problem(await call("GET", `/api/branches/${crypto.randomUUID()}`), 404);
    problem(await call("POST", "/api/committees/xyz/branches", { name: "Z" }), 400, ["params.id"]);
  });

  it("names a bad query parameter", async () => {
    problem(await call("GET", `/api/branches/${branch}/members?includeLeft=maybe`), 400, [
      "querystring.includeLeft",
    ]);
  });
});

describe("members", () => {
  it("names each bad field of a new member, and adds nobody", async () => {
    const before = await memberCount();
    problem(await call("POST", `/api/branches/${branch}/members`, { fullName: "" }), 400, ["body.fullName"]);
    problem(
      await call("POST", `/api/branches/${branch}/members`, { fullName: "A", email: "khong-phai-email" }),
      400,
      ["body.email"],
    );
    problem(await call("POST", `/api/branches/${branch}/members`, { fullName: "A", phone: "gọi tôi" }), 400, [
      "body.phone",
    ]);
    problem(await call("POST", `/api/branches/${branch}/members`, { fullName: "A", role: "chairman" }), 400, [
      "body.role",
    ]);
    problem(await call("POST", `/api/branches/${branch}/members`, { fullName: "A", status: "vip" }), 400, [
      "body.status",
    ]);
    problem(
      await call("POST", `/api/branches/${branch}/members`, { fullName: "A", joinedOn: "2026-13-01" }),
      400,
      ["body.joinedOn"],
    );
    problem(
      await call("POST", `/api/branches/${branch}/members`, { fullName: "A", joinedOn: "19/05/2026" }),
      400,
      ["body.joinedOn"],
    );
    expect(await memberCount()).toBe(before);
  });

  it("a duplicate email in the branch is a conflict naming the email", async () => {
    const before = await memberCount();
    problem(
      await call("POST", `/api/branches/${branch}/members`, { fullName: "Trùng", email: "HOA@kimma.vn" }),
      409,
      ["body.email"],
    );
    const other = (
      await call("POST", `/api/branches/${branch}/members`, { fullName: "Khác", email: "khac@kimma.vn" })
    ).json();
    problem(await call("PATCH", `/api/members/${other.id}`, { email: "hoa@kimma.vn" }), 409, ["body.email"]);
    expect((await call("GET", `/api/members/${other.id}`)).json().email).toBe("khac@kimma.vn");
    expect(await memberCount()).toBe(before + 1);
  });

  it("names bad fields on a patch and on leaving", async () => {
    problem(await call("PATCH", `/api/members/${member}`, {}), 400);
    problem(await call("PATCH", `/api/members/${member}`, { leftOn: "2026-01-01" }), 400, ["body.leftOn"]);
    problem(await call("PATCH", "/api/members/not-an-id", { fullName: "X" }), 400, ["params.id"]);
    problem(await call("POST", `/api/members/${member}/leave`, {}), 400, ["body.leftOn"]);
    problem(await call("POST", `/api/members/${member}/leave`, { leftOn: "hôm qua" }), 400, ["body.leftOn"]);
    // Before the day they joined.
    problem(await call("POST", `/api/members/${member}/leave`, { leftOn: "2009-01-01" }), 400, [
      "body.leftOn",
    ]);
    expect((await call("GET", `/api/members/${member}`)).json().leftOn).toBeNull();
    expect((await call("POST", `/api/members/${member}/leave`, { leftOn: "2026-04-30" })).statusCode).toBe(
      200,
    );
    problem(await call("POST", `/api/members/${member}/leave`, { leftOn: "2026-05-01" }), 409);
    expect((await call("GET", `/api/members/${member}`)).json().leftOn).toBe("2026-04-30");
  });

  it("a rejected import leaves the member count unchanged", async () => {
    const before = await memberCount();
    const importCsv = (csv: string, type = "text/csv") =>
      app.inject({
        method: "POST",
        url: `/api/branches/${branch}/members/import`,
        headers: { ...admin, "content-type": type },
        payload: csv,
      });
    // Two good rows and one bad: nothing goes in.
    const bad = problem(
      await importCsv("Họ và tên,Email\nVõ Văn Một,mot@kimma.vn\n,hai@kimma.vn\nPhan Thị Ba,ba@kimma.vn\n"),
      400,
      ["line 3.fullName"],
    );
    expect(bad.detail).toContain("chưa nhập");
    // A clash with a member already in the branch: nothing goes in either.
    problem(await importCsv("Họ và tên,Email\nVõ Văn Bốn,bon@kimma.vn\nKhác Tên,KHAC@kimma.vn\n"), 400, [
      "line 3.email",
    ]);
    // Not a CSV at all.
    problem(await importCsv(JSON.stringify({ rows: [] }), "application/json"), 415);
    expect(await memberCount()).toBe(before);
    // The same file without its bad row goes in whole.
    const ok = await importCsv("Họ và tên,Email\nVõ Văn Một,mot@kimma.vn\nPhan Thị Ba,ba@kimma.vn\n");
    expect(ok.statusCode).toBe(201);
    expect(await memberCount()).toBe(before + 2);
  });
});

describe("users and login", () => {
  it("names the bad fields of a new account", async () => {
    const base = {
      email: "moi@kimma.vn",
      displayName: "Người mới",
      password: "mat-khau-du-dai",
      role: "admin",
    };
    problem(await call("POST", "/api/users", { ...base, email: "moi" }), 400, ["body.email"]);
    problem(await call("POST", "/api/users", { ...base, password: "ngan" }), 400, ["body.password"]);
    problem(await call("POST", "/api/users", { ...base, role: "king" }), 400, ["body.role"]);
    problem(await call("POST", "/api/users", { ...base, role: "officer" }), 400, ["body.committeeId"]);
    problem(
      await call("POST", "/api/users", { ...base, role: "officer", committeeId: crypto.randomUUID() }),
      400,
      ["body.committeeId"],
    );
    problem(await call("POST", "/api/users", { ...base, role: "secretary" }), 400, ["body.branchId"]);
    problem(await call("POST", "/api/users", { ...base, role: "member" }), 400, ["body.memberId"]);
    problem(await call("POST", "/api/users", { ...base, role: "member", memberId: "1" }), 400, [
      "body.memberId",
    ]);
    // None of those created the account.
    expect((await call("POST", "/api/users", base)).statusCode).toBe(201);
  });

  it("a duplicate account email is a conflict (409) naming the email, whatever its case", async () => {
    const res = await call("POST", "/api/users", {
      email: "MOI@KimMa.vn",
      displayName: "Trùng",
      password: "mat-khau-du-dai",
      role: "admin",
    });
    problem(res, 409, ["body.email"]);
  });

  it("names the bad fields of a login and of a password change", async () => {
    problem(await call("POST", "/api/auth/login", { email: "moi@kimma.vn" }, {}), 400, ["body.password"]);
    problem(await call("POST", "/api/auth/login", { email: "không phải email", password: "x" }, {}), 400, [
      "body.email",
    ]);
    problem(
      await call("POST", "/api/auth/password", { currentPassword: "mat-khau-quan-tri", newPassword: "ngan" }),
      400,
      ["body.newPassword"],
    );
  });
});
