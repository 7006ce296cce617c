/**
 * A page on another site cannot make a signed-in browser change anything: state changes by session cookie
 * must come from the app's own origin (or carry the session's CSRF token when the browser says nothing of
 * where it comes from). Scripts with a bearer token are unaffected.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { csrfToken } from "../../src/auth/csrf.ts";
import { buildTestApp } from "../helpers/app.ts";
import { fixtures, PASSWORD } from "../minutes/fixtures.ts";

const t = await buildTestApp({ now: "2026-06-20T03:00:00Z" });
const { app } = t;
const f = fixtures(t);

const PNG = Buffer.from(
  "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==",
  "base64",
);
const BOUNDARY = "----chibo-csrf-boundary";
const uploadBody = Buffer.concat([
  Buffer.from(
    `--${BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="anh.png"\r\nContent-Type: image/png\r\n\r\n`,
  ),
  PNG,
  Buffer.from(`\r\n--${BOUNDARY}--\r\n`),
]);
const content = {
  chair: "Nguyễn Văn An",
  recorder: "Trần Thị Bình",
  startTime: "14:00",
  endTime: "16:00",
  introducedBy: "Nguyễn Văn An",
  discussion: [],
  conclusions: "Thống nhất.",
  tasks: [],
};

const SECRETARY = "bithu-csrf@test.vn";
let branch: string;
let bearer: { authorization: string };
let feed: string;

/** A fresh browser session of the secretary: its cookie. */
async function browser(): Promise<{ chibo_session: string }> {
  const res = await app.inject({
    method: "POST",
    url: "/api/auth/login",
    payload: { email: SECRETARY, password: PASSWORD },
  });
  return { chibo_session: res.json().token };
}

/** A past meeting of the branch, each in a month of its own (one meeting per branch and month). */
let monthsBack = 0;
function pastMeeting(): Promise<string> {
  monthsBack++;
  const d = new Date(Date.UTC(2026, 5 - monthsBack, 5));
  return f.meeting(branch, d.toISOString().slice(0, 10));
}

async function meetingWithMinutes(): Promise<string> {
  const id = await pastMeeting();
  const res = await app.inject({
    method: "PUT",
    url: `/api/meetings/${id}/minutes`,
    headers: bearer,
    payload: content,
  });
  expect(res.statusCode, res.body).toBe(200);
  return id;
}

beforeAll(async () => {
  const ward = await f.committee("Đảng ủy phường Quang Trung");
  branch = await f.branch(ward, "Chi bộ Tổ 9");
  bearer = await f.user("secretary", SECRETARY, { branchId: branch });
  const res = await app.inject({
    method: "POST",
    url: "/api/feeds",
    headers: bearer,
    payload: { kind: "branch", branchId: branch },
  });
  expect(res.statusCode, res.body).toBe(201);
  feed = res.json().id;
});

type Case = {
  name: string;
  /** Builds one request of the kind: a fresh target when the change can be made only once. */
  request: () => Promise<{
    method: "POST";
    url: string;
    payload?: object | Buffer;
    headers?: Record<string, string>;
  }>;
  ok: number;
};
const cases: Case[] = [
  {
    name: "minutes submission",
    request: async () => ({
      method: "POST",
      url: `/api/meetings/${await meetingWithMinutes()}/minutes/submit`,
    }),
    ok: 200,
  },
  {
    name: "file upload",
    request: async () => ({
      method: "POST",
      url: `/api/meetings/${await pastMeeting()}/files`,
      payload: uploadBody,
      headers: { "content-type": `multipart/form-data; boundary=${BOUNDARY}` },
    }),
    ok: 201,
  },
  {
    name: "feed rotation",
    request: async () => ({ method: "POST", url: `/api/feeds/${feed}/rotate` }),
    ok: 200,
  },
  { name: "logout", request: async () => ({ method: "POST", url: "/api/auth/logout" }), ok: 204 },
];

describe.each(cases)("$name", ({ request, ok }) => {
  it("is refused cross-site with the session cookie, and changes nothing", async () => {
    const cookies = await browser();
    for (const headers of [
      { origin: "https://evil.example" },
      { origin: "null" },
      { origin: "https://chibo.test.evil.example" },
      { "sec-fetch-site": "cross-site" },
      { "sec-fetch-site": "same-site" },
      { origin: "https://chibo.test", "sec-fetch-site": "cross-site" },
      {}, // neither header, and no token
    ]) {
      const r = await request();
      const res = await app.inject({ ...r, cookies, headers: { ...r.headers, ...headers } });
      expect(res.statusCode, JSON.stringify(headers)).toBe(403);
      expect(res.headers["content-type"]).toContain("application/problem+json");
      expect(res.json().code).toBe("csrf");
    }
    // The session is still there: logout was refused too.
    expect((await app.inject({ url: "/api/auth/me", cookies })).statusCode).toBe(200);
  });

  it("is accepted from the app's own origin, or with the session's token", async () => {
    for (const headers of [
      { origin: "https://chibo.test" },
      { origin: "https://chibo.test", "sec-fetch-site": "same-origin" },
      { "sec-fetch-site": "same-origin" },
    ]) {
      const cookies = await browser();
      const r = await request();
      const res = await app.inject({ ...r, cookies, headers: { ...r.headers, ...headers } });
      expect(res.statusCode, `${JSON.stringify(headers)} ${res.body}`).toBe(ok);
    }
    const cookies = await browser();
    const me = await app.inject({ url: "/api/auth/me", cookies });
    const sessionId = await sessionOf(cookies.chibo_session);
    const token = await csrfToken(t.database.db, sessionId);
    expect(me.statusCode).toBe(200);
    const r = await request();
    const res = await app.inject({ ...r, cookies, headers: { ...r.headers, "x-csrf-token": token } });
    expect(res.statusCode, res.body).toBe(ok);
    // Another session's token does not do.
    const other = await browser();
    const r2 = await request();
    const refused = await app.inject({
      ...r2,
      cookies: other,
      headers: { ...r2.headers, "x-csrf-token": token },
    });
    expect(refused.statusCode).toBe(403);
  });

  it("is accepted with a bearer token, whatever the origin", async () => {
    const headers = ok === 204 ? await t.login(SECRETARY, PASSWORD) : bearer;
    const r = await request();
    const res = await app.inject({
      ...r,
      headers: { ...r.headers, ...headers, origin: "https://evil.example" },
    });
    expect(res.statusCode, res.body).toBe(ok);
  });
});

describe("the CSRF token", () => {
  it("comes in a _csrf field of a JSON body too, and reads need none", async () => {
    const cookies = await browser();
    const token = await csrfToken(t.database.db, await sessionOf(cookies.chibo_session));
    const res = await app.inject({
      method: "POST",
      url: "/api/feeds",
      cookies,
      payload: { kind: "branch", branchId: branch, _csrf: token },
    });
    expect(res.statusCode, res.body).toBe(201);
    expect(
      (await app.inject({ url: "/api/feeds", cookies, headers: { origin: "https://evil.example" } }))
        .statusCode,
    ).toBe(200);
  });
});

async function sessionOf(token: string): Promise<string> {
  const { createHash } = await import("node:crypto");
  const { rows } = await t.database.pool.query<{ id: string }>(
    "select id from sessions where token_hash = $1",
    [createHash("sha256").update(token).digest("hex")],
  );
  return rows[0]!.id;
}
