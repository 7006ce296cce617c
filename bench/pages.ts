/**
 * Page serving speed, with wrk on loopback against a real server (buildApp on the demo's data, embedded
 * PostgreSQL), signed in by the session cookie as a browser is:
 *   - the member's home `/`;
 *   - the secretary's meeting page `/cuoc-hop/:id` (the branch's latest meeting held, else its next one);
 *   - the same meeting's page as a member reads it.
 * Each is loaded as a browser asks (Accept-Encoding: gzip) and without compression, from an instance that
 * keeps rendered pages ("kept": a repeat view, src/web/page-cache.ts) and from one on the same database that
 * keeps none ("rendered": a first view, or a view after a change); the same run also counts the SQL
 * statements and transactions one page costs on the first (from the pool) and times one page.
 * Goals (issue 17, this 2-core machine): home ≥ 1,000 req/s, meeting page ≥ 600 req/s with p99 < 50 ms.
 *
 * Run: npx tsx bench/pages.ts   (BENCH_SECONDS (8), BENCH_CONNECTIONS (10), BENCH_ROUNDS (2), BENCH_CODINGS,
 *   BENCH_KEPT=kept|rendered)
 */
import { execFileSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { Session } from "node:inspector/promises";
import os from "node:os";
import path from "node:path";
import { DateTime } from "luxon";
import pg from "pg";
import { buildApp } from "../src/app.ts";
import { createUser } from "../src/auth/users-service.ts";
import { ensureSeedData } from "../src/bootstrap.ts";
import { ManualClock } from "../src/clock.ts";
import { loadConfig } from "../src/config.ts";
import { DEMO_ADMIN, DEMO_PASSWORD, prepareDemo } from "../src/demo/demo-data.ts";
import { benchDatabase } from "./db.ts";
import { explainAll } from "./explain.ts";
import { baseOf, expectStatus, type WrkResult, wrk } from "./wrk.ts";

const SECONDS = Number(process.env.BENCH_SECONDS ?? 8);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 10);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 2);
// BENCH_CODINGS=gzip: only as a browser asks (default: gzip and identity).
const CODINGS = (process.env.BENCH_CODINGS ?? "gzip,identity").split(",");
const uptime = () =>
  execFileSync("uptime")
    .toString()
    .trim()
    .replace(/^.*load/, "load");
const loadBefore = uptime();
/** CPU ticks (utime + stime) of the postmaster and its children, from /proc. */
function postgresTicks(postmaster: number): number {
  let ticks = 0;
  for (const pid of readdirSync("/proc").filter((d) => /^\d+$/.test(d))) {
    try {
      const f = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]!.split(" ");
      if (Number(pid) === postmaster || Number(f[1]) === postmaster) ticks += Number(f[11]) + Number(f[12]);
    } catch {} // gone meanwhile
  }
  return ticks;
}

const database = await benchDatabase();
const dataDir = await mkdtemp(path.join(os.tmpdir(), "chibo-bench-demo-"));
const now = new Date();
const clock = new ManualClock(now);

try {
  const config = loadConfig({ PUBLIC_URL: "http://127.0.0.1", DATABASE_URL: "postgres://bench", PORT: "0" });
  const app = await buildApp({ database, config, clock });
  await app.ready();
  await createUser(database.db, { ...DEMO_ADMIN, displayName: "Quản trị", role: "admin" });
  await ensureSeedData(database.db, clock);
  await prepareDemo({ app, dataDir, publicUrl: config.publicUrl, now, travel: (at) => clock.set(at ?? now) });
  const state = JSON.parse(await readFile(path.join(dataDir, "demo.json"), "utf8")) as {
    branches: { id: string; secretaryEmail: string; memberEmail: string }[];
  };
  const first = state.branches[0]!;
  const session = async (email: string) => {
    const res = await app.inject({
      method: "POST",
      url: "/api/auth/login",
      payload: { email, password: DEMO_PASSWORD },
    });
    const c = res.cookies.find((x) => x.name === "chibo_session");
    if (!c) throw new Error(`login ${email}: ${res.statusCode}`);
    return { cookie: `${c.name}=${c.value}`, bearer: { authorization: `Bearer ${res.json().token}` } };
  };
  const member = await session(first.memberEmail);
  const secretary = await session(first.secretaryEmail);
  const today = DateTime.fromJSDate(now, { zone: "Asia/Ho_Chi_Minh" });
  // The branch's latest meeting that has taken place (the demo's campaigns may start this month: else its next).
  const plan = (
    await app.inject({
      url: `/api/branches/${first.id}/plan?from=${today.minus({ months: 12 }).toISODate()}&to=${today.plus({ months: 3 }).toISODate()}`,
      headers: secretary.bearer,
    })
  ).json() as { id: string; date: string; status: string }[];
  const open = plan.filter((m) => m.status !== "cancelled");
  const held = open.filter((m) => m.date < today.toISODate()!).at(-1) ?? open[0];
  if (!held) throw new Error(`no meeting in the demo's first branch: ${JSON.stringify(plan).slice(0, 200)}`);

  await app.listen({ host: "127.0.0.1", port: 0 });
  const base = baseOf(app.server.address());
  // The same pages rendered on every request: a second instance on the same database, keeping no page
  // (PAGE_CACHE_MB=0): what a first view, or a view after a change, costs.
  const rendering = await buildApp({
    database,
    config: loadConfig({
      PUBLIC_URL: "http://127.0.0.1",
      DATABASE_URL: "postgres://bench",
      PORT: "0",
      PAGE_CACHE_MB: "0",
    }),
    clock,
  });
  await rendering.listen({ host: "127.0.0.1", port: 0 });
  const renderBase = baseOf(rendering.server.address());
  // BENCH_KEPT=kept or BENCH_KEPT=rendered: one of the two (default both).
  const variants = [
    ["kept", base],
    ["rendered", renderBase],
  ].filter(([v]) => !process.env.BENCH_KEPT || process.env.BENCH_KEPT === v) as [string, string][];
  const allPages = {
    "member's home /": { path: "/", cookie: member.cookie, goal: "≥ 1,000/s" },
    "secretary's meeting page": {
      path: `/cuoc-hop/${held.id}`,
      cookie: secretary.cookie,
      goal: "≥ 600/s, p99 < 50 ms",
    },
    "member's meeting page": { path: `/cuoc-hop/${held.id}`, cookie: member.cookie, goal: "(not set)" },
  };
  // BENCH_ONLY=home, BENCH_ONLY=secretary or BENCH_ONLY=member: those pages (for a profile of them alone).
  const only = process.env.BENCH_ONLY;
  const pages = Object.fromEntries(
    Object.entries(allPages).filter(([name]) => !only || name.includes(only)),
  ) as Partial<typeof allPages>;

  // What one page costs the database: statements and transactions, counted at pg's client (the pool's
  // connections and a transaction's alike).
  const counts = { statements: 0, transactions: 0 };
  let logSql = false;
  const captured: { text: string; values: unknown[] | undefined }[] = [];
  const proto = pg.Client.prototype as unknown as { query: (...a: unknown[]) => unknown };
  const query = proto.query;
  proto.query = function (this: unknown, ...args: unknown[]) {
    counts.statements++;
    const text = typeof args[0] === "string" ? args[0] : (args[0] as { text?: string })?.text;
    if (logSql) console.log(`    SQL ${String(text).replace(/\s+/g, " ").slice(0, 150)}`);
    if (logSql && text) captured.push({ text, values: args[1] as unknown[] | undefined });
    if (text && /^\s*begin/i.test(text)) counts.transactions++;
    return query.apply(this, args);
  };
  const sizes: Record<string, string> = {};
  const perPage: Record<string, { statements: number; transactions: number; ms: number }> = {};
  for (const [name, p] of Object.entries(pages)) {
    const res = await expectStatus(
      `${base}${p.path}`,
      { cookie: p.cookie, "accept-encoding": "identity" },
      200,
    );
    sizes[name] = `${(res.body.length / 1024).toFixed(1)} KiB`;
    // BENCH_LOG_SQL=1: the statements of one request of each page, as they are sent.
    if (process.env.BENCH_LOG_SQL) {
      console.log(`  ${name}:`);
      logSql = true;
      await (await fetch(`${base}${p.path}`, { headers: { cookie: p.cookie } })).text();
      logSql = false;
      if (process.env.BENCH_LOG_SQL === "explain") await explainAll(database.pool, captured.splice(0));
    }
    const n = 20;
    counts.statements = 0;
    counts.transactions = 0;
    const t0 = performance.now();
    for (let i = 0; i < n; i++)
      await (await fetch(`${base}${p.path}`, { headers: { cookie: p.cookie } })).text();
    perPage[name] = {
      statements: counts.statements / n,
      transactions: counts.transactions / n,
      ms: (performance.now() - t0) / n,
    };
  }
  proto.query = query;

  // BENCH_CPU_PROFILE=file.cpuprofile: a CPU profile of the loaded runs alone (not of the set-up).
  const profileTo = process.env.BENCH_CPU_PROFILE;
  const inspector = profileTo ? new Session() : null;
  if (inspector) {
    inspector.connect();
    await inspector.post("Profiler.enable");
    await inspector.post("Profiler.start");
  }
  const results: Record<string, (WrkResult & { pgCpu: number })[]> = {};
  // PostgreSQL's CPU too (its backends share the 2 cores with the server and wrk): the postmaster's children.
  const backend = (await database.pool.query<{ p: number }>("select pg_backend_pid() as p")).rows[0]!.p;
  const postmaster = Number(readFileSync(`/proc/${backend}/stat`, "utf8").split(") ")[1]!.split(" ")[1]);
  for (let round = 0; round < ROUNDS; round++) {
    for (const [name, p] of Object.entries(pages)) {
      for (const [variant, at] of variants) {
        for (const coding of CODINGS) {
          const key = `${name} (${coding}, ${variant})`;
          const headers = { cookie: p.cookie, "accept-encoding": coding };
          const pg0 = postgresTicks(postmaster);
          const got = await wrk(`${at}${p.path}`, { seconds: SECONDS, connections: CONNECTIONS, headers });
          const pgCpu = ((postgresTicks(postmaster) - pg0) / 100 / SECONDS) * 100;
          results[key] = [...(results[key] ?? []), { ...got, pgCpu }];
        }
      }
    }
  }
  if (inspector && profileTo) {
    const { profile } = await inspector.post("Profiler.stop");
    await writeFile(profileTo, JSON.stringify(profile));
    inspector.disconnect();
  }
  await app.close();
  await rendering.close();

  console.log(
    `\nPages on loopback, wrk -t1 -c${CONNECTIONS}, ${SECONDS} s a run, ${ROUNDS} rounds, signed-in cookie; ` +
      `load before: ${loadBefore}`,
  );
  for (const [name, p] of Object.entries(pages)) {
    const c = perPage[name]!;
    console.log(
      `  ${name} ${p.path} (${sizes[name]}): ${c.statements} SQL statements, ${c.transactions} transactions, ` +
        `${c.ms.toFixed(1)} ms one at a time; goal ${p.goal}`,
    );
  }
  console.log(
    "  case                                                req/s   p50 / p99 per run          server CPU %  µs CPU/req  PostgreSQL µs CPU/req",
  );
  for (const [key, xs] of Object.entries(results)) {
    const rps = xs.reduce((t, x) => t + x.rps, 0) / xs.length;
    const cpu = xs.reduce((t, x) => t + x.serverCpu / x.rps, 0) / xs.length;
    const pgCpu = xs.reduce((t, x) => t + x.pgCpu / x.rps, 0) / xs.length;
    console.log(
      `  ${key.padEnd(50)} ${rps.toFixed(0).padStart(6)}   ${xs
        .map((x) => `${x.p50}/${x.p99}`)
        .join(", ")
        .padEnd(26)}` +
        ` ${xs
          .map((x) => x.serverCpu)
          .join("/")
          .padEnd(12)}  ${(cpu * 10_000).toFixed(0).padEnd(10)}  ${(pgCpu * 10_000).toFixed(0)}`,
    );
  }
  console.log(`  load after: ${uptime()}`);
} finally {
  await database.dispose();
  await rm(dataDir, { recursive: true, force: true });
}
