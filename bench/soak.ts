/**
 * Soak: ten minutes of mixed load on one server process (embedded PostgreSQL, a synthetic organisation of
 * 500 branches × 20 members planned over 36 months), sampling the process's memory every 10 s:
 *   - feeds: wrk for the whole run over 400 branch and 40 commune committee tokens, 90 % of requests with
 *     If-None-Match (the ETag seen at start; edits make some of them stale, so those answer 200 again);
 *   - planning edits: secretaries move a future meeting of their branch (PATCH /api/meetings/:id), twice a
 *     every 2 s, which invalidates that branch's feed and its commune's;
 *   - attendance: secretaries record a past meeting's attendance (PUT /api/meetings/:id/attendance), once a
 *     second;
 *   - reminders: every 10 s the scheduler runs and the outbox is drained for at most 3 s (nodemailer stream
 *     transport, the whole MIME message is built), with the clock moving 6 hours a tick.
 * Reports RSS and heap used after warm-up (the first 2 minutes) against the end.
 *
 *   node --import tsx bench/soak.ts        (BENCH_SOAK_SECONDS, 600 by default)
 */
import { execFile } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { sql } from "drizzle-orm";
import nodemailer from "nodemailer";
import { buildApp } from "../src/app.ts";
import { newToken, tokenHash } from "../src/auth/secrets.ts";
import { ManualClock } from "../src/clock.ts";
import { loadConfig } from "../src/config.ts";
import { synthesise } from "../src/organisation/synth.ts";
import type { MailTransport } from "../src/reminders/mail-transport.ts";
import { drainDue } from "../src/reminders/reminder-outbox.ts";
import { scheduleReminders } from "../src/reminders/reminder-schedule.ts";
import { benchDatabase } from "./db.ts";

const run = promisify(execFile);
const SECONDS = Number(process.env.BENCH_SOAK_SECONDS ?? 600);
const WARMUP = Math.min(120, SECONDS / 5);
const PASSWORD = "soak-mật-khẩu-dài-2026";

const database = await benchDatabase();
const { db } = database;
const clock = new ManualClock(new Date("2026-06-01T01:00:00Z"));
const config = loadConfig({
  PUBLIC_URL: "http://127.0.0.1",
  DATABASE_URL: "postgres://bench",
  PORT: "0",
  MAIL_FROM: "Chi bộ <no-reply@chibo.example.vn>",
  LOGIN_RATE_LIMIT: "10000",
});
const deps = { database, config, clock };
const dir = await mkdtemp(path.join(os.tmpdir(), "chibo-soak-"));
try {
  await synthesise(deps, {
    branches: 500,
    members: 10_000,
    secretaryUsers: 100,
    password: PASSWORD,
    firstMonth: "2026-01",
    months: 36,
    plan: true,
  });
  const app = await buildApp(deps);
  await app.listen({ host: "127.0.0.1", port: 0 });
  const address = app.server.address();
  const base = `http://127.0.0.1:${typeof address === "object" && address ? address.port : 0}`;

  // ----------------------------------------------------------------------------------- feed tokens
  const branchIds = (await db.execute<{ id: string }>(sql`select id from branches limit 400`)).rows.map(
    (r) => r.id,
  );
  const communeIds = (
    await db.execute<{ id: string }>(
      sql`select id from committees where cardinality(ancestor_ids) = 4 limit 40`,
    )
  ).rows.map((r) => r.id);
  const bt = branchIds.map(() => newToken());
  const ct = communeIds.map(() => newToken());
  await db.execute(sql`
    insert into feed_tokens (kind, token_hash, branch_id, region_id)
    select 'branch', h, b, (select region_id from branches where id = b) from unnest(${sql.param(bt.map(tokenHash))}::text[], ${sql.param(branchIds)}::uuid[]) x(h, b)`);
  await db.execute(sql`
    insert into feed_tokens (kind, token_hash, committee_id, region_id)
    select 'committee', h, c, (select region_id from committees where id = c) from unnest(${sql.param(ct.map(tokenHash))}::text[], ${sql.param(communeIds)}::uuid[]) x(h, c)`);
  const targets: { path: string; etag: string }[] = [];
  for (const tok of [...bt, ...ct]) {
    const res = await fetch(`${base}/feeds/${tok}.ics`);
    await res.arrayBuffer();
    targets.push({ path: `/feeds/${tok}.ics`, etag: res.headers.get("etag")! });
  }
  const script = path.join(dir, "mix.lua");
  await writeFile(
    script,
    `local paths = {${targets.map((t) => JSON.stringify(t.path)).join(",")}}
local etags = {${targets.map((t) => JSON.stringify(t.etag)).join(",")}}
local n = #paths
function request()
  local i = math.random(n)
  if math.random() < 0.9 then return wrk.format("GET", paths[i], {["If-None-Match"] = etags[i]}) end
  return wrk.format("GET", paths[i])
end
`,
  );

  // ----------------------------------------------------------------------------------- secretaries
  const secretaries = (
    await db.execute<{ email: string; branch_id: string }>(
      sql`select email, branch_id from users where role = 'secretary' order by email`,
    )
  ).rows;
  const sessions: { auth: string; branchId: string; future: string[]; past: string[]; members: string[] }[] =
    [];
  for (const sec of secretaries) {
    const res = await fetch(`${base}/api/auth/login`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ email: sec.email, password: PASSWORD }),
    });
    const { token } = (await res.json()) as { token: string };
    const ms = (
      await db.execute<{ id: string; future: boolean }>(sql`
        select id, start_at > ${clock.now().toISOString()}::timestamptz as future from meetings where branch_id = ${sec.branch_id}::uuid`)
    ).rows;
    const members = (
      await db.execute<{ id: string }>(sql`select id from members where branch_id = ${sec.branch_id}::uuid`)
    ).rows.map((r) => r.id);
    sessions.push({
      auth: `Bearer ${token}`,
      branchId: sec.branch_id,
      future: ms.filter((m) => m.future).map((m) => m.id),
      past: ms.filter((m) => !m.future).map((m) => m.id),
      members,
    });
  }

  // ----------------------------------------------------------------------------------- the load
  const started = performance.now();
  const elapsed = () => (performance.now() - started) / 1000;
  const counts = { moves: 0, attendance: 0, refused: 0, scheduled: 0, sent: 0 };
  const pick = <T>(xs: T[]) => xs[Math.floor(Math.random() * xs.length)]!;
  const api = async (method: string, url: string, auth: string, body: unknown) => {
    const res = await fetch(`${base}${url}`, {
      method,
      headers: { "content-type": "application/json", authorization: auth },
      body: JSON.stringify(body),
    });
    await res.arrayBuffer();
    if (!res.ok) counts.refused++;
    return res.ok;
  };
  const every = (ms: number, fn: () => Promise<void>) => {
    let stopped = false;
    const loop = (async () => {
      while (!stopped && elapsed() < SECONDS) {
        const t0 = performance.now();
        await fn().catch((err) => {
          counts.refused++;
          console.error(err);
        });
        await new Promise((r) => setTimeout(r, Math.max(0, ms - (performance.now() - t0))));
      }
    })();
    return { stop: () => (stopped = true), done: loop };
  };
  const wrk = run("wrk", ["-t1", "-c8", `-d${SECONDS}s`, "--timeout", "30s", "-s", script, base], {
    maxBuffer: 1 << 20,
  });
  const loops = [
    every(2000, async () => {
      const s = pick(sessions);
      const day = 1 + Math.floor(Math.random() * 27);
      const id = pick(s.future);
      const [m] = (
        await db.execute<{ month: string }>(sql`select month::text from meetings where id = ${id}::uuid`)
      ).rows;
      if (
        await api("PATCH", `/api/meetings/${id}`, s.auth, {
          date: `${m!.month.slice(0, 8)}${String(day).padStart(2, "0")}`,
          startTime: pick(["08:00", "14:00", "19:30"]),
        })
      )
        counts.moves++;
    }),
    every(1000, async () => {
      const s = pick(sessions);
      const members = s.members.map((memberId, i) => ({
        memberId,
        status: i % 10 === 9 ? ("absent_excused" as const) : ("present" as const),
        ...(i % 10 === 9 ? { reason: "Đi công tác" } : {}),
      }));
      if (await api("PUT", `/api/meetings/${pick(s.past)}/attendance`, s.auth, { members }))
        counts.attendance++;
    }),
    every(10_000, async () => {
      clock.advance(6 * 3_600_000);
      const r = await scheduleReminders(db, clock.now(), { mailFrom: config.mailFrom });
      counts.scheduled += r.inserted;
      const stream = nodemailer.createTransport({ streamTransport: true, buffer: true });
      const transport: MailTransport = {
        kind: "smtp",
        send: async (m) => {
          await stream.sendMail(m);
          return { response: "250 stream" };
        },
        close: () => stream.close(),
      };
      // At most 3 s of sending a tick, so that the feeds and the edits keep their share of this one process.
      const signal = { stopped: false };
      const cap = setTimeout(() => (signal.stopped = true), 3000);
      const sent = await drainDue(db, transport, () => clock.now(), {
        config,
        concurrency: 5,
        signal,
      } as Parameters<typeof drainDue>[3]);
      clearTimeout(cap);
      transport.close();
      counts.sent += sent.sent;
    }),
  ];
  const samples: { t: number; rss: number; heap: number }[] = [];
  const sampler = setInterval(() => {
    const m = process.memoryUsage();
    const sample = { t: Math.round(elapsed()), rss: m.rss / 2 ** 20, heap: m.heapUsed / 2 ** 20 };
    samples.push(sample);
    console.log(
      `t=${String(sample.t).padStart(4)} s  rss ${sample.rss.toFixed(0)} MB  heap ${sample.heap.toFixed(0)} MB  ` +
        `feeds cached ${app.feedLive?.feeds.size.entries ?? "?"}  ${JSON.stringify(counts)}`,
    );
  }, 10_000);
  const { stdout } = await wrk;
  for (const l of loops) l.stop();
  await Promise.all(loops.map((l) => l.done));
  clearInterval(sampler);
  await app.close();

  const rps = Number(/Requests\/sec:\s+([\d.]+)/.exec(stdout)?.[1]);
  const lat = /Latency\s+(\S+)\s+(\S+)\s+(\S+)/.exec(stdout);
  const after = samples.filter((x) => x.t >= WARMUP);
  const head = after.slice(0, 6);
  const tail = after.slice(-6);
  const avg = (xs: typeof samples, k: "rss" | "heap") => xs.reduce((a, x) => a + x[k], 0) / xs.length;
  const max = (k: "rss" | "heap") => Math.max(...after.map((x) => x[k]));
  console.log(
    `\nSoak ${SECONDS} s: feeds ${rps.toFixed(0)} req/s (wrk latency avg ${lat?.[1]}, max ${lat?.[3]})`,
  );
  console.log(`  ${JSON.stringify(counts)}`);
  console.log(
    `  after warm-up (${WARMUP} s): rss first minute ${avg(head, "rss").toFixed(0)} MB → last minute ${avg(tail, "rss").toFixed(0)} MB (max ${max("rss").toFixed(0)})`,
  );
  console.log(
    `  heap used first minute ${avg(head, "heap").toFixed(0)} MB → last minute ${avg(tail, "heap").toFixed(0)} MB (max ${max("heap").toFixed(0)})`,
  );
  if (/Non-2xx/.test(stdout)) console.log(`  wrk: ${/Non-2xx.*$/m.exec(stdout)?.[0]}`);
} finally {
  await rm(dir, { recursive: true, force: true });
  await database.dispose();
}
