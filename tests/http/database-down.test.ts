/**
 * PostgreSQL goes away under a running app: every route answers 503 problem+json with Retry-After (not
 * 500), the pool's loss is logged, and the app recovers by itself once the database is back. The app
 * reaches its database through a TCP proxy the test can cut and restore.
 */
import net from "node:net";
import { Writable } from "node:stream";
import { afterAll, describe, expect, it, vi } from "vitest";
import { isConnectionFailure, openDatabase } from "../../src/db/client.ts";
import { buildTestApp } from "../helpers/app.ts";
import { useTestDatabase } from "../helpers/db.ts";

/** A TCP proxy on 127.0.0.1 in front of the test PostgreSQL that the test can cut and restore. */
async function proxyTo(target: URL) {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((client) => {
    const upstream = net.connect(Number(target.port || 5432), target.hostname);
    for (const s of [client, upstream]) {
      sockets.add(s);
      s.on("close", () => sockets.delete(s));
      s.on("error", () => {});
    }
    client.pipe(upstream).pipe(client);
  });
  let port = 0;
  const listen = () => new Promise<void>((resolve) => server.listen(port, "127.0.0.1", () => resolve()));
  await listen();
  port = (server.address() as net.AddressInfo).port;
  return {
    port,
    /** Refuses new connections and drops the open ones, as a stopped server does. */
    async cut() {
      const closed = new Promise((resolve) => server.close(resolve));
      for (const s of sockets) s.destroy();
      await closed;
    },
    restore: listen,
    async close() {
      for (const s of sockets) s.destroy();
      if (server.listening) await new Promise((resolve) => server.close(resolve));
    },
  };
}

describe("the database goes away", async () => {
  const direct = await useTestDatabase();
  const proxy = await proxyTo(new URL(direct.url));
  const url = new URL(direct.url);
  url.hostname = "127.0.0.1";
  url.port = String(proxy.port);
  const viaProxy = { ...openDatabase(url.toString(), 3), url: url.toString(), name: direct.name };
  afterAll(async () => {
    await viaProxy.close();
    await proxy.close();
  });
  const lines: Record<string, unknown>[] = [];
  const sink = new Writable({
    write(chunk, _enc, done) {
      for (const line of String(chunk).split("\n").filter(Boolean)) lines.push(JSON.parse(line));
      done();
    },
  });
  const t = await buildTestApp({ database: viaProxy, logger: { level: "info", stream: sink } });

  const probes = [
    { method: "GET" as const, url: "/api/committees", headers: t.admin },
    { method: "GET" as const, url: "/api/auth/me", headers: t.admin },
    { method: "POST" as const, url: "/api/committees", headers: t.admin, payload: { name: "Đảng ủy" } },
    {
      method: "POST" as const,
      url: "/api/auth/login",
      payload: { email: "admin@test.vn", password: "mat-khau-quan-tri" },
    },
  ];

  it("answers 503 problem+json with Retry-After while PostgreSQL is unreachable, then recovers", async () => {
    expect((await t.app.inject(probes[0]!)).statusCode).toBe(200);

    await proxy.cut();
    // The idle pooled connections see their server go: the pool drops them and says so in the log.
    await vi.waitFor(() => expect(lines.some((l) => l.msg === "database connection lost")).toBe(true), {
      timeout: 10_000,
    });
    for (const probe of probes) {
      const res = await t.app.inject(probe);
      expect(res.statusCode, `${probe.method} ${probe.url}`).toBe(503);
      expect(res.headers["content-type"]).toMatch(/^application\/problem\+json/);
      expect(Number(res.headers["retry-after"])).toBeGreaterThan(0);
      const body = res.json();
      expect(body).toMatchObject({ status: 503, code: "database_unavailable" });
      expect(body.detail).toMatch(/cơ sở dữ liệu/);
      expect(res.body).not.toMatch(/ECONNREFUSED|127\.0\.0\.1|password/);
    }
    const health = await t.app.inject({ url: "/healthz" });
    expect(health.statusCode).toBe(503);

    await proxy.restore();
    for (const probe of probes) {
      const res = await t.app.inject(probe);
      expect(res.statusCode, `${probe.method} ${probe.url}`).toBeLessThan(300);
    }
  });

  it("logs the pool's lost connections instead of swallowing them, with no secrets", async () => {
    const lost = lines.filter((l) => l.msg === "database connection lost");
    expect(lost.length).toBeGreaterThan(0);
    const text = JSON.stringify(lost);
    expect(text).not.toContain(new URL(direct.url).password || "no-password-in-url");
    const unavailable = lines.filter((l) => l.msg === "database unavailable");
    expect(unavailable.length).toBeGreaterThan(0);
  });
});

describe("which errors mean the database cannot be reached", () => {
  const wrapped = (cause: unknown) => Object.assign(new Error("Failed query: select 1\nparams: "), { cause });
  it.each([
    ["refused", Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:5432"), { code: "ECONNREFUSED" })],
    ["admin shutdown", Object.assign(new Error("terminating connection"), { code: "57P01" })],
    ["crash shutdown", Object.assign(new Error("terminating connection"), { code: "57P02" })],
    ["starting up", Object.assign(new Error("the database system is starting up"), { code: "57P03" })],
    ["connection exception", Object.assign(new Error("connection failure"), { code: "08006" })],
    ["pool timeout", new Error("timeout exceeded when trying to connect")],
    ["lost mid-query", new Error("Connection terminated unexpectedly")],
    ["wrapped by drizzle", wrapped(Object.assign(new Error("x"), { code: "57P01" }))],
  ])("%s → 503", (_name, err) => expect(isConnectionFailure(err)).toBe(true));

  it.each([
    ["unique violation", wrapped(Object.assign(new Error("duplicate key"), { code: "23505" }))],
    ["out of range", Object.assign(new Error("bigint out of range"), { code: "22003" })],
    ["plain", new Error("boom")],
    ["not an error", "ECONNREFUSED"],
  ])("%s → not a connection failure", (_name, err) => expect(isConnectionFailure(err)).toBe(false));
});
