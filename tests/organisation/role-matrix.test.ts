/**
 * Who may do what, as a table: each role against each route family, with the exact answer.
 * Out of reach → 404 (existence does not leak), in sight but short of rights → 403, anonymous → 401.
 *
 * The organisation:
 *   Thành ủy (root)
 *   └── Đảng ủy P          ← officerP
 *       ├── Đảng ủy C
 *       │   ├── Chi bộ A   ← secA; memA (active member); left (member who has left)
 *       │   └── Chi bộ B   ← secB
 *       └── Đảng ủy S      ← officerS (a sibling of C: sees nothing of C)
 *           └── Chi bộ SB
 */
import { beforeAll, describe, expect, it } from "vitest";
import { buildTestApp } from "../helpers/app.ts";
import { ACTORS, type Actor, type Headers, type Row, row } from "../helpers/role-matrix.ts";

const t = await buildTestApp();
const { app, admin } = t;

const ids = {} as Record<"root" | "P" | "C" | "S" | "A" | "B" | "SB" | "mA" | "mL" | "mT", string>;
const as = {} as Record<Actor, Headers>;
let seq = 0;
const unique = (prefix: string) => `${prefix}${++seq}@matrix.vn`;

async function api(method: string, url: string, payload?: unknown, headers: Headers = admin) {
  const res = await app.inject({ method: method as "GET", url, payload: payload as object, headers });
  return res;
}
async function created(method: string, url: string, payload: unknown): Promise<string> {
  const res = await api(method, url, payload);
  if (res.statusCode !== 201) throw new Error(`${method} ${url}: ${res.statusCode} ${res.body}`);
  return res.json().id;
}
async function account(email: string, body: Record<string, unknown>): Promise<Headers> {
  const password = "mat-khau-ma-tran";
  await created("POST", "/api/users", { email, password, displayName: email, ...body });
  return t.login(email, password);
}
/** A member of branch A that the request may change without disturbing the other cells. */
const freshMember = () => created("POST", `/api/branches/${ids.A}/members`, { fullName: "Đảng viên Tạm" });

beforeAll(async () => {
  ids.root = await created("POST", "/api/committees", { name: "Thành ủy" });
  ids.P = await created("POST", "/api/committees", { name: "Đảng ủy P", parentId: ids.root });
  ids.C = await created("POST", "/api/committees", { name: "Đảng ủy C", parentId: ids.P });
  ids.S = await created("POST", "/api/committees", { name: "Đảng ủy S", parentId: ids.P });
  ids.A = await created("POST", `/api/committees/${ids.C}/branches`, { name: "Chi bộ A" });
  ids.B = await created("POST", `/api/committees/${ids.C}/branches`, { name: "Chi bộ B" });
  ids.SB = await created("POST", `/api/committees/${ids.S}/branches`, { name: "Chi bộ SB" });
  ids.mA = await created("POST", `/api/branches/${ids.A}/members`, {
    fullName: "Nguyễn Văn Ân",
    email: "an@a.vn",
  });
  ids.mL = await created("POST", `/api/branches/${ids.A}/members`, {
    fullName: "Lê Thị Lụa",
    email: "lua@a.vn",
  });
  ids.mT = await created("POST", `/api/branches/${ids.A}/members`, { fullName: "Trần Văn Tâm" });
  as.admin = admin;
  as.officerP = await account("officer.p@matrix.vn", { role: "officer", committeeId: ids.P });
  as.officerS = await account("officer.s@matrix.vn", { role: "officer", committeeId: ids.S });
  as.secA = await account("sec.a@matrix.vn", { role: "secretary", branchId: ids.A });
  as.secB = await account("sec.b@matrix.vn", { role: "secretary", branchId: ids.B });
  as.memA = await account("an@a.vn", { role: "member", memberId: ids.mA });
  as.left = await account("lua@a.vn", { role: "member", memberId: ids.mL });
  const left = await api("POST", `/api/members/${ids.mL}/leave`, { leftOn: "2026-04-30" });
  expect(left.statusCode).toBe(200);
  as.anon = {};
});

const csv = () => ({
  method: "POST",
  url: `/api/branches/${ids.A}/members/import`,
  payload: `Họ và tên;Email\nNguyễn Văn Nhập;${unique("csv")}\n`,
  headers: { "content-type": "text/csv" },
});

// biome-ignore format: the table reads best as a table
const MATRIX: Row[] = [
  //                                              adm  offP offS secA secB memA left anon
  ["committees: list",                        row(200, 200, 200, 200, 200, 200, 200, 401), () => ({ method: "GET", url: "/api/committees" })],
  ["committees: create below C",              row(201, 201, 404, 404, 404, 404, 404, 401), () => ({ method: "POST", url: "/api/committees", payload: { name: "Chi ủy con", parentId: ids.C } })],
  ["committees: create at the top",           row(201, 403, 403, 403, 403, 403, 403, 401), () => ({ method: "POST", url: "/api/committees", payload: { name: "Tỉnh ủy mới" } })],
  ["committees: rename C",                    row(200, 200, 404, 404, 404, 404, 404, 401), () => ({ method: "PATCH", url: `/api/committees/${ids.C}`, payload: { name: "Đảng ủy C" } })],
  ["committees: branches of C",               row(200, 200, 404, 404, 404, 404, 404, 401), () => ({ method: "GET", url: `/api/committees/${ids.C}/branches` })],
  ["branches: create under C",                row(201, 201, 404, 404, 404, 404, 404, 401), () => ({ method: "POST", url: `/api/committees/${ids.C}/branches`, payload: { name: "Chi bộ mới" } })],
  ["branches: list",                          row(200, 200, 200, 200, 200, 200, 200, 401), () => ({ method: "GET", url: "/api/branches" })],
  ["branches: get A",                         row(200, 200, 404, 200, 404, 200, 404, 401), () => ({ method: "GET", url: `/api/branches/${ids.A}` })],
  ["branches: patch A's meeting place",       row(200, 200, 404, 200, 404, 403, 404, 401), () => ({ method: "PATCH", url: `/api/branches/${ids.A}`, payload: { place: "Nhà văn hóa tổ 5" } })],
  ["branches: rename A",                      row(200, 200, 404, 403, 404, 403, 404, 401), () => ({ method: "PATCH", url: `/api/branches/${ids.A}`, payload: { name: "Chi bộ A" } })],
  ["members: list A",                         row(200, 200, 404, 200, 404, 403, 404, 401), () => ({ method: "GET", url: `/api/branches/${ids.A}/members` })],
  ["members: add to A",                       row(201, 201, 404, 201, 404, 403, 404, 401), () => ({ method: "POST", url: `/api/branches/${ids.A}/members`, payload: { fullName: "Phạm Thị Mới", email: unique("add") } })],
  ["members: import into A",                  row(201, 201, 404, 201, 404, 403, 404, 401), csv],
  ["members: get another member of A",        row(200, 200, 404, 200, 404, 404, 404, 401), () => ({ method: "GET", url: `/api/members/${ids.mT}` })],
  ["members: get memA's own record",          row(200, 200, 404, 200, 404, 200, 404, 401), () => ({ method: "GET", url: `/api/members/${ids.mA}` })],
  ["members: get the left member's record",   row(200, 200, 404, 200, 404, 404, 200, 401), () => ({ method: "GET", url: `/api/members/${ids.mL}` })],
  ["members: patch another member of A",      row(200, 200, 404, 200, 404, 404, 404, 401), () => ({ method: "PATCH", url: `/api/members/${ids.mT}`, payload: { phone: "0912345678" } })],
  ["members: patch memA's own record",        row(200, 200, 404, 200, 404, 403, 404, 401), () => ({ method: "PATCH", url: `/api/members/${ids.mA}`, payload: { phone: "0987654321" } })],
  ["members: mark a member of A as left",     row(200, 200, 404, 200, 404, 404, 404, 401), async () => ({ method: "POST", url: `/api/members/${await freshMember()}/leave`, payload: { leftOn: "2026-05-01" } })],
  ["users: account for a member of A",        row(201, 201, 404, 201, 404, 403, 403, 401), async () => ({ method: "POST", url: "/api/users", payload: { email: unique("u"), displayName: "Tài khoản", password: "mat-khau-du-dai", role: "member", memberId: await freshMember() } })],
  ["users: officer account for C",            row(201, 201, 404, 403, 403, 403, 403, 401), () => ({ method: "POST", url: "/api/users", payload: { email: unique("o"), displayName: "Cán bộ", password: "mat-khau-du-dai", role: "officer", committeeId: ids.C } })],
  ["users: administrator account",            row(201, 403, 403, 403, 403, 403, 403, 401), () => ({ method: "POST", url: "/api/users", payload: { email: unique("ad"), displayName: "Quản trị", password: "mat-khau-du-dai", role: "admin" } })],
  ["auth: me",                                row(200, 200, 200, 200, 200, 200, 200, 401), () => ({ method: "GET", url: "/api/auth/me" })],
];

describe("the role matrix", () => {
  it.each(MATRIX)("%s", async (_family, expected, build) => {
    const actual = {} as Record<Actor, number>;
    for (const actor of ACTORS) {
      const r = await build();
      const res = await api(r.method, r.url, r.payload, { ...as[actor], ...r.headers });
      actual[actor] = res.statusCode;
      if (res.statusCode >= 400) {
        // Every refusal is a problem document, whatever the reason.
        expect(res.headers["content-type"]).toContain("application/problem+json");
        expect(res.json().status).toBe(res.statusCode);
      }
    }
    expect(actual).toEqual(expected);
  });

  it("a member cannot mark themselves as left, and their record stays active", async () => {
    const res = await api("POST", `/api/members/${ids.mA}/leave`, { leftOn: "2026-05-01" }, as.memA);
    expect(res.statusCode).toBe(403);
    const me = await api("GET", `/api/members/${ids.mA}`, undefined, as.memA);
    expect(me.json().leftOn).toBeNull();
  });

  it("a 404 for a resource out of reach reads the same as for one that does not exist", async () => {
    const hidden = await api("GET", `/api/branches/${ids.A}`, undefined, as.officerS);
    const missing = await api("GET", `/api/branches/${crypto.randomUUID()}`, undefined, as.officerS);
    expect(hidden.statusCode).toBe(404);
    const strip = (b: { instance?: string }) => ({ ...b, instance: undefined });
    expect(strip(hidden.json())).toEqual(strip(missing.json()));
  });
});

describe("lists show exactly what is in reach", () => {
  const names = async (url: string, actor: Actor) =>
    ((await api("GET", url, undefined, as[actor])).json() as { name: string }[]).map((x) => x.name);

  it("committees", async () => {
    expect(await names("/api/committees", "officerP")).toEqual(
      expect.arrayContaining(["Đảng ủy P", "Đảng ủy C", "Đảng ủy S"]),
    );
    expect(await names("/api/committees", "officerP")).not.toContain("Thành ủy");
    expect(await names("/api/committees", "officerS")).toEqual(["Đảng ủy S"]);
    expect(await names("/api/committees", "secA")).toEqual([]);
    expect(await names("/api/committees", "memA")).toEqual([]);
  });

  it("branches", async () => {
    const all = await names("/api/branches", "officerP");
    expect(all).toEqual(expect.arrayContaining(["Chi bộ A", "Chi bộ B", "Chi bộ SB"]));
    expect(await names("/api/branches", "officerS")).toEqual(["Chi bộ SB"]);
    expect(await names("/api/branches", "secA")).toEqual(["Chi bộ A"]);
    expect(await names("/api/branches", "secB")).toEqual(["Chi bộ B"]);
    expect(await names("/api/branches", "memA")).toEqual(["Chi bộ A"]);
    expect(await names("/api/branches", "left")).toEqual([]);
    expect(await names(`/api/committees/${ids.S}/branches`, "officerP")).toEqual(["Chi bộ SB"]);
  });

  it("a secretary sees their own branch's members only, and the left ones on request", async () => {
    const active = (
      (await api("GET", `/api/branches/${ids.A}/members`, undefined, as.secA)).json() as {
        fullName: string;
      }[]
    ).map((m) => m.fullName);
    expect(active).toContain("Nguyễn Văn Ân");
    expect(active).not.toContain("Lê Thị Lụa");
    const withLeft = (
      (await api("GET", `/api/branches/${ids.A}/members?includeLeft=true`, undefined, as.secA)).json() as {
        fullName: string;
      }[]
    ).map((m) => m.fullName);
    expect(withLeft).toContain("Lê Thị Lụa");
  });
});
