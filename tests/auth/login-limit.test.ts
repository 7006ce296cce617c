/**
 * Guessing is slowed per (email, address) and per address, without handing anyone a way to lock the owner
 * out: the right password from an address that has not failed still logs in. A per-email ceiling, much
 * higher, stops guessing spread over many addresses. Counters live in PostgreSQL, shared by instances.
 */
import { describe, expect, it } from "vitest";
import { buildTestApp, type TestApp } from "../helpers/app.ts";

const OWNER = { email: "chu-tai-khoan@test.vn", password: "cay-tre-xanh-ngat" };
const LIMIT = 10;

async function withOwner(t: TestApp) {
  const res = await t.app.inject({
    method: "POST",
    url: "/api/users",
    headers: t.admin,
    payload: { ...OWNER, displayName: "Chủ Tài Khoản", role: "admin" },
  });
  expect(res.statusCode, res.body).toBe(201);
}

const attempt = (t: TestApp, ip: string, password: string, email = OWNER.email) =>
  t.app.inject({
    method: "POST",
    url: "/api/auth/login",
    payload: { email, password },
    remoteAddress: ip,
  });

describe("login attempts", () => {
  it("an attacker failing 50 times from one address is stopped there; the owner logs in from another", async () => {
    const t = await buildTestApp({ env: { LOGIN_RATE_LIMIT: String(LIMIT) } });
    await withOwner(t);
    const codes: number[] = [];
    for (let i = 0; i < 50; i++) codes.push((await attempt(t, "203.0.113.7", `doan-sai-${i}`)).statusCode);
    expect(codes.slice(0, LIMIT).every((c) => c === 401)).toBe(true);
    expect(codes.slice(LIMIT).every((c) => c === 429)).toBe(true);
    // The attacker's address is refused even with the right password …
    const a = await attempt(t, "203.0.113.7", OWNER.password);
    expect(a.statusCode).toBe(429);
    expect(Number(a.headers["retry-after"])).toBeGreaterThan(0);
    // … the owner, from their own address, is not.
    expect((await attempt(t, "198.51.100.20", OWNER.password)).statusCode).toBe(200);
    // And the attacker's address may still log in to nobody else: it failed too often overall.
    for (let i = 0; i < 3 * LIMIT; i++) await attempt(t, "203.0.113.8", "sai", `nguoi-${i % 5}@test.vn`);
    expect((await attempt(t, "203.0.113.8", "mat-khau-quan-tri", "admin@test.vn")).statusCode).toBe(429);
    expect((await attempt(t, "198.51.100.20", "mat-khau-quan-tri", "admin@test.vn")).statusCode).toBe(200);
  });

  it("guessing spread over many addresses meets a per-email ceiling, which spares addresses that have not failed", async () => {
    const t = await buildTestApp({ env: { LOGIN_RATE_LIMIT: "3" } });
    await withOwner(t);
    // A ceiling of 10 × 3 = 30 failures per email: 10 addresses fail 3 times each.
    for (let n = 1; n <= 10; n++)
      for (let i = 0; i < 3; i++) expect((await attempt(t, `192.0.2.${n}`, `sai-${i}`)).statusCode).toBe(401);
    // An address that failed once for this email is now refused at once, even below its own limit.
    expect((await attempt(t, "192.0.2.50", "sai-50")).statusCode).toBe(401);
    expect((await attempt(t, "192.0.2.50", OWNER.password)).statusCode).toBe(429);
    // The owner from a clean address logs in.
    expect((await attempt(t, "198.51.100.20", OWNER.password)).statusCode).toBe(200);
  });

  it("two instances on one database share the counts", async () => {
    const one = await buildTestApp({ env: { LOGIN_RATE_LIMIT: "4" } });
    const two = await buildTestApp({ env: { LOGIN_RATE_LIMIT: "4" }, database: one.database });
    await withOwner(one);
    expect((await attempt(one, "203.0.113.7", "sai-1")).statusCode).toBe(401);
    expect((await attempt(two, "203.0.113.7", "sai-2")).statusCode).toBe(401);
    expect((await attempt(one, "203.0.113.7", "sai-3")).statusCode).toBe(401);
    expect((await attempt(two, "203.0.113.7", "sai-4")).statusCode).toBe(401);
    expect((await attempt(one, "203.0.113.7", OWNER.password)).statusCode).toBe(429);
    expect((await attempt(two, "203.0.113.7", OWNER.password)).statusCode).toBe(429);
    expect((await attempt(two, "198.51.100.20", OWNER.password)).statusCode).toBe(200);
    expect((await attempt(one, "198.51.100.21", OWNER.password)).statusCode).toBe(200);
  });
});
