/**
 * Logging in and staying logged in, as a browser and as a script would; the shared rate limit; what the
 * service tells the world about itself (health, docs, headers) and what it keeps out of its logs.
 */
import { Writable } from "node:stream";
import { describe, expect, it } from "vitest";
import { REDACT } from "../../src/app.ts";
import { ERROR_CODE_LIST } from "../../src/http/error-codes.ts";
import { ADMIN, buildTestApp } from "../helpers/app.ts";

// Logs of the main app, captured line by line as pino writes them.
const logLines: string[] = [];
const logStream = new Writable({
  write(chunk, _enc, done) {
    logLines.push(...chunk.toString().split("\n").filter(Boolean));
    done();
  },
});

const t = await buildTestApp({
  env: { SESSION_TTL_HOURS: "2" },
  logger: { level: "info", stream: logStream, redact: { paths: REDACT, censor: "[redacted]" } },
});
const { app } = t;

async function login(email: string, password: string, on = app) {
  return on.inject({ method: "POST", url: "/api/auth/login", payload: { email, password } });
}

describe("sessions", () => {
  it("login answers a token and sets a secure, http-only cookie", async () => {
    const res = await login(ADMIN.email, ADMIN.password);
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.token).toMatch(/^[A-Za-z0-9_-]{40,}$/);
    expect(new Date(body.expiresAt).getTime()).toBe(t.clock.now().getTime() + 2 * 3_600_000);
    const cookie = String(res.headers["set-cookie"]);
    expect(cookie).toContain(`chibo_session=${body.token}`);
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/Secure/i);
    expect(cookie).toMatch(/SameSite=Lax/i);
    expect(cookie).toMatch(/Path=\//);
  });

  it("the cookie alone is enough, and so is the bearer token alone", async () => {
    const { token } = (await login(ADMIN.email, ADMIN.password)).json();
    const byCookie = await app.inject({ url: "/api/auth/me", cookies: { chibo_session: token } });
    expect(byCookie.statusCode).toBe(200);
    expect(byCookie.json()).toMatchObject({ email: ADMIN.email, role: "admin" });
    const byBearer = await app.inject({ url: "/api/auth/me", headers: { authorization: `Bearer ${token}` } });
    expect(byBearer.statusCode).toBe(200);
    const forged = await app.inject({ url: "/api/auth/me", cookies: { chibo_session: `${token}x` } });
    expect(forged.statusCode).toBe(401);
  });

  it("logout revokes the session for cookie and token alike, and clears the cookie", async () => {
    const { token } = (await login(ADMIN.email, ADMIN.password)).json();
    const out = await app.inject({
      method: "POST",
      url: "/api/auth/logout",
      cookies: { chibo_session: token },
      headers: { origin: "https://chibo.test" },
    });
    expect(out.statusCode).toBe(204);
    expect(String(out.headers["set-cookie"])).toMatch(/chibo_session=;.*Expires=Thu, 01 Jan 1970/);
    expect((await app.inject({ url: "/api/auth/me", cookies: { chibo_session: token } })).statusCode).toBe(
      401,
    );
    expect(
      (await app.inject({ url: "/api/auth/me", headers: { authorization: `Bearer ${token}` } })).statusCode,
    ).toBe(401);
    // Other sessions of the same user live on.
    expect((await app.inject({ url: "/api/auth/me", headers: t.admin })).statusCode).toBe(200);
  });

  it("a session ends when its time is up", async () => {
    const headers = await t.login(ADMIN.email, ADMIN.password);
    t.clock.advance(2 * 3_600_000 - 1000);
    expect((await app.inject({ url: "/api/auth/me", headers })).statusCode).toBe(200);
    t.clock.advance(2000);
    expect((await app.inject({ url: "/api/auth/me", headers })).statusCode).toBe(401);
  });

  it("a wrong password and an unknown email both answer 401, alike, with no cookie", async () => {
    const wrong = await login(ADMIN.email, "sai-mat-khau");
    const unknown = await login("ai-do@test.vn", "sai-mat-khau");
    expect(wrong.statusCode).toBe(401);
    expect(unknown.statusCode).toBe(401);
    expect(wrong.headers["content-type"]).toContain("application/problem+json");
    expect(wrong.headers["set-cookie"]).toBeUndefined();
    expect(wrong.json().detail).toBe(unknown.json().detail);
  });

  it("emails are matched whatever their case", async () => {
    expect((await login(ADMIN.email.toUpperCase(), ADMIN.password)).statusCode).toBe(200);
  });

  it("a user changes their own password; the old one stops working", async () => {
    // A fresh admin session: the one from set-up has expired in the test above.
    const created = await app.inject({
      method: "POST",
      url: "/api/users",
      headers: await t.login(ADMIN.email, ADMIN.password),
      payload: {
        email: "doi@test.vn",
        displayName: "Đổi Mật Khẩu",
        password: "mat-khau-cu-123",
        role: "admin",
      },
    });
    expect(created.statusCode).toBe(201);
    const headers = await t.login("doi@test.vn", "mat-khau-cu-123");
    const wrongCurrent = await app.inject({
      method: "POST",
      url: "/api/auth/password",
      headers,
      payload: { currentPassword: "khong-dung-dau", newPassword: "mat-khau-moi-hon-456" },
    });
    expect(wrongCurrent.statusCode).toBe(401);
    const changed = await app.inject({
      method: "POST",
      url: "/api/auth/password",
      headers,
      payload: { currentPassword: "mat-khau-cu-123", newPassword: "mat-khau-moi-hon-456" },
    });
    expect(changed.statusCode).toBe(204);
    expect((await login("doi@test.vn", "mat-khau-cu-123")).statusCode).toBe(401);
    expect((await login("doi@test.vn", "mat-khau-moi-hon-456")).statusCode).toBe(200);
  });

  it("passwords are stored as argon2id hashes, never as given", async () => {
    const { rows } = await t.database.pool.query<{ password_hash: string }>(
      "select password_hash from users where email = $1",
      [ADMIN.email],
    );
    expect(rows[0]!.password_hash).toMatch(/^\$argon2id\$v=19\$m=\d+,t=\d+,p=\d+\$/);
    const { rows: leaked } = await t.database.pool.query(
      "select 1 from users where password_hash like '%' || $1 || '%'",
      [ADMIN.password],
    );
    expect(leaked).toEqual([]);
  });
});

describe("login rate limit", () => {
  const LIMIT = 3;
  const VICTIM = { email: "nan-nhan@test.vn", password: "mat-khau-cua-nan-nhan" };

  it("answers 429 with Retry-After once the limit is reached, even for the right password", async () => {
    const limited = await buildTestApp({ env: { LOGIN_RATE_LIMIT: String(LIMIT) } });
    await limited.app.inject({
      method: "POST",
      url: "/api/users",
      headers: limited.admin,
      payload: { ...VICTIM, displayName: "Nạn Nhân", role: "admin" },
    });
    for (let i = 0; i < LIMIT; i++)
      expect((await login(VICTIM.email, "doan-bua", limited.app)).statusCode).toBe(401);
    const blocked = await login(VICTIM.email, VICTIM.password, limited.app);
    expect(blocked.statusCode).toBe(429);
    expect(blocked.headers["content-type"]).toContain("application/problem+json");
    const retry = Number(blocked.headers["retry-after"]);
    expect(retry).toBeGreaterThan(0);
    expect(retry).toBeLessThanOrEqual(15 * 60);
    expect(blocked.json()).toMatchObject({ code: "too_many_attempts", retryAfter: retry });
    expect(blocked.headers["set-cookie"]).toBeUndefined();
    // When the window has passed, the right password works again.
    limited.clock.advance(retry * 1000);
    expect((await login(VICTIM.email, VICTIM.password, limited.app)).statusCode).toBe(200);
  });

  it("only failures count: someone who logs in often is never locked out", async () => {
    const busy = await buildTestApp({ env: { LOGIN_RATE_LIMIT: String(LIMIT) } });
    // More successful logins than the limit, for this account and (×3) for the address.
    for (let i = 0; i < LIMIT * 3 + 2; i++) {
      expect((await login(ADMIN.email, ADMIN.password, busy.app)).statusCode).toBe(200);
    }
    // Failures still count.
    for (let i = 0; i < LIMIT; i++)
      expect((await login(ADMIN.email, "doan-bua", busy.app)).statusCode).toBe(401);
    expect((await login(ADMIN.email, ADMIN.password, busy.app)).statusCode).toBe(429);
  });

  it("the counter is shared by two instances on the same database", async () => {
    const one = await buildTestApp({ env: { LOGIN_RATE_LIMIT: String(LIMIT) } });
    const two = await buildTestApp({ env: { LOGIN_RATE_LIMIT: String(LIMIT) }, database: one.database });
    await one.app.inject({
      method: "POST",
      url: "/api/users",
      headers: one.admin,
      payload: { ...VICTIM, displayName: "Nạn Nhân", role: "admin" },
    });
    // A session made on one instance is good on the other.
    expect((await two.app.inject({ url: "/api/auth/me", headers: one.admin })).statusCode).toBe(200);
    expect((await login(VICTIM.email, "doan-1", one.app)).statusCode).toBe(401);
    expect((await login(VICTIM.email, "doan-2", two.app)).statusCode).toBe(401);
    expect((await login(VICTIM.email, "doan-3", one.app)).statusCode).toBe(401);
    expect((await login(VICTIM.email, VICTIM.password, two.app)).statusCode).toBe(429);
    expect((await login(VICTIM.email, VICTIM.password, one.app)).statusCode).toBe(429);
    // Another account from the same address is not locked out by the victim's counter.
    expect((await login(ADMIN.email, ADMIN.password, two.app)).statusCode).toBe(200);
  });
});

describe("the service describes itself", () => {
  it("sets security headers", async () => {
    const res = await app.inject({ url: "/healthz" });
    expect(res.headers["x-content-type-options"]).toBe("nosniff");
    expect(res.headers["x-frame-options"]).toBe("SAMEORIGIN");
    expect(res.headers["strict-transport-security"]).toMatch(/max-age=\d+/);
    expect(res.headers["content-security-policy"]).toContain("default-src 'self'");
    expect(res.headers["referrer-policy"]).toBe("no-referrer");
    expect(res.headers["x-powered-by"]).toBeUndefined();
  });

  it("/healthz answers 200 with the database's state, without logging in", async () => {
    const res = await app.inject({ url: "/healthz" });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({
      status: "ok",
      database: { state: "up", latencyMs: expect.any(Number) },
    });
  });

  it("/docs shows the OpenAPI page and /docs/json lists the routes", async () => {
    const page = await app.inject({ url: "/docs" });
    const html = page.statusCode === 302 ? await app.inject({ url: `/docs/${page.headers.location}` }) : page;
    expect(html.statusCode).toBe(200);
    expect(html.headers["content-type"]).toContain("text/html");
    const doc = await app.inject({ url: "/docs/json" });
    expect(doc.statusCode).toBe(200);
    const openapi = doc.json();
    expect(openapi.openapi).toMatch(/^3\./);
    const paths = Object.keys(openapi.paths);
    for (const p of [
      "/api/auth/login",
      "/api/auth/logout",
      "/api/auth/me",
      "/api/users",
      "/api/committees",
      "/api/committees/{id}",
      "/api/committees/{id}/branches",
      "/api/branches",
      "/api/branches/{id}",
      "/api/branches/{id}/members",
      "/api/branches/{id}/members/import",
      "/api/members/{id}",
      "/api/members/{id}/leave",
    ]) {
      expect(paths).toContain(p);
    }
    expect(openapi.paths["/api/auth/login"].post.summary).toBe("Đăng nhập bằng email và mật khẩu");
    expect(
      openapi.paths["/api/auth/login"].post.requestBody.content["application/json"].schema.required,
    ).toEqual(["email", "password"]);
    // Error answers name their code from the catalogue and declare the extension members.
    const tooMany = openapi.paths["/api/auth/login"].post.responses["429"].content["application/json"].schema;
    expect(tooMany.properties.code.enum).toEqual(ERROR_CODE_LIST);
    expect(tooMany.properties.retryAfter.type).toBe("integer");
    const refused =
      openapi.paths["/api/branches/{id}/members/import"].post.responses["400"].content["application/json"]
        .schema;
    expect(refused.properties.problems.type).toBe("array");
  });

  it("/docs/json lists the API only: no page's form route, feed or /healthz", async () => {
    const listed = Object.keys((await app.inject({ url: "/docs/json" })).json().paths);
    expect(listed.length).toBeGreaterThan(50);
    expect(listed.filter((p) => !p.startsWith("/api/"))).toEqual([]);
    // The routes left out are there all the same, with their schemas (which tests/fuzz walks).
    const all = Object.keys((app.swagger() as { paths: Record<string, unknown> }).paths);
    expect(all).toEqual(expect.arrayContaining(["/cuoc-hop/{id}/tep", "/healthz"]));
    const yaml = (await app.inject({ url: "/docs/yaml" })).body;
    expect(yaml).toContain("/api/auth/login:");
    expect(yaml).not.toContain("/cuoc-hop/");
  });
});

describe("logs", () => {
  it("carry a request id, and hold no password, token or full email", async () => {
    logLines.length = 0;
    const good = await login(ADMIN.email, ADMIN.password);
    const { token } = good.json();
    await login(ADMIN.email, "mot-mat-khau-sai");
    await app.inject({ url: "/api/auth/me", headers: { authorization: `Bearer ${token}` } });
    await app.inject({ url: "/api/auth/me", cookies: { chibo_session: token } });
    // A feed link carries its secret in the path.
    const feedSecret = "bi-mat-cua-lich-ical-0123456789abcdef";
    await app.inject({ url: `/api/feeds/${feedSecret}.ics?token=${feedSecret}` });
    await app.inject({
      method: "POST",
      url: "/api/auth/logout",
      headers: { authorization: `Bearer ${token}` },
    });

    expect(logLines.length).toBeGreaterThanOrEqual(6);
    const entries = logLines.map((l) => JSON.parse(l) as { reqId?: string; status?: number });
    for (const e of entries) expect(e.reqId).toMatch(/^[0-9a-f-]{36}$/);
    expect(entries.map((e) => e.status)).toEqual(expect.arrayContaining([200, 401, 404, 204]));
    const all = logLines.join("\n");
    for (const secret of [ADMIN.password, "mot-mat-khau-sai", token, feedSecret, ADMIN.email]) {
      expect(all).not.toContain(secret);
    }
  });
});
