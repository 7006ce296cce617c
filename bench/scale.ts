/**
 * National scale: for each size (5,000 and 50,000 branches by default, 20 members a branch), on a fresh
 * embedded PostgreSQL:
 *   1. `synth` builds the organisation (committee tree, branches, members, accounts, the campaign copied);
 *   2. planning 36 months for every branch (and a bare bulk copy of the same rows as the baseline);
 *   3. the yearly report of the largest committee (the country) over a year of held meetings with attendance,
 *      against a plain aggregate of the same attendance rows;
 *   4. feeds under concurrent load with wrk: many branch tokens (or commune committee tokens) at random,
 *      90 % of requests sending If-None-Match with the current ETag as calendar clients do, against the
 *      same Fastify sending the same bytes as a static Buffer (every request a full 200);
 *   5. the reminders of the busiest meeting day: materialised by the scheduler, then sent by the outbox
 *      worker through nodemailer's stream transport (the whole MIME message is built, no network), with a
 *      time cap (BENCH_SEND_SECONDS, 120 by default) after which the rate is what counts;
 * and prints how each cost grows from the smallest to the largest size next to how the size grows.
 *
 *   node --max-old-space-size=8192 --import tsx bench/scale.ts
 *   BENCH_ONLY=report (synth, plan, the yearly report) PG_SHARED_BUFFERS=4GB
 *   BENCH_SIZES=5000,50000 BENCH_MEMBERS=20 BENCH_SECONDS=10 BENCH_CONNECTIONS=20 FEED_CACHE_MB=64
 *   BENCH_KEEP_DIR=dir with BENCH_ONLY=report: each size's loaded data kept in dir/<size>, reused by later runs
 */
import { execFile } from "node:child_process";
import { readFileSync } from "node:fs";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { sql } from "drizzle-orm";
import { PgDialect } from "drizzle-orm/pg-core";
import nodemailer from "nodemailer";
import { buildApp } from "../src/app.ts";
import { newToken, tokenHash } from "../src/auth/secrets.ts";
import { ManualClock } from "../src/clock.ts";
import { loadConfig } from "../src/config.ts";
import { synthesise } from "../src/organisation/synth.ts";
import { writePlan } from "../src/plan/plan-service.ts";
import type { MailTransport } from "../src/reminders/mail-transport.ts";
import { drainDue } from "../src/reminders/reminder-outbox.ts";
import { scheduleReminders } from "../src/reminders/reminder-schedule.ts";
import { PARTS, slicesOf } from "../src/reports/report-parts-queries.ts";
import { branchFiguresSql, scopeBranchIdsSql } from "../src/reports/reports-queries.ts";
import { buildReport } from "../src/reports/reports-service.ts";
import { benchDatabase, fileMeetings, serverCpuMs, time } from "./db.ts";

const run = promisify(execFile);
const SIZES = (process.env.BENCH_SIZES ?? "5000,50000").split(",").map(Number);
const PER_BRANCH = Number(process.env.BENCH_MEMBERS ?? 20);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 20);
const SEND_SECONDS = Number(process.env.BENCH_SEND_SECONDS ?? 120);
const BRANCH_TOKENS = Number(process.env.BENCH_TOKENS ?? 1000);
const COMMITTEE_TOKENS = 200;
const REVALIDATE = 0.9;
/** "feeds": synth, plan, feeds only; "reminders": synth, plan, the busiest day only. */
const ONLY = process.env.BENCH_ONLY ?? "";

const mb = () => Math.round(process.memoryUsage().rss / 2 ** 20);

interface Load {
  rps: number;
  p50: number;
  p99: number;
  s200: number;
  s304: number;
  other: number;
}

/** wrk with a Lua script: random path of the list, If-None-Match with its ETag on REVALIDATE of requests. */
async function wrk(base: string, targets: { path: string; etag: string | null }[]): Promise<Load> {
  const dir = await mkdtemp(path.join(os.tmpdir(), "chibo-wrk-"));
  const script = path.join(dir, "mix.lua");
  const lua = (s: string) => JSON.stringify(s); // a JSON string is a valid Lua string for these characters
  await writeFile(
    script,
    `local paths = {${targets.map((t) => lua(t.path)).join(",")}}
local etags = {${targets.map((t) => (t.etag ? lua(t.etag) : "false")).join(",")}}
local n = #paths
threads = {}
function setup(thread) table.insert(threads, thread) end
function init(args) c200 = 0; c304 = 0; other = 0; math.randomseed(os.time() + math.random(1000)) end
function request()
  local i = math.random(n)
  if etags[i] and math.random() < ${REVALIDATE} then
    return wrk.format("GET", paths[i], {["If-None-Match"] = etags[i]})
  end
  return wrk.format("GET", paths[i])
end
function response(status, headers, body)
  if status == 200 then c200 = c200 + 1 elseif status == 304 then c304 = c304 + 1 else other = other + 1 end
end
function done(summary, latency, requests)
  local a, b, c = 0, 0, 0
  for _, t in ipairs(threads) do a = a + t:get("c200"); b = b + t:get("c304"); c = c + t:get("other") end
  io.write(string.format("STATUS %d %d %d\\n", a, b, c))
  io.write(string.format("LAT %f %f\\n", latency:percentile(50), latency:percentile(99)))
end
`,
  );
  try {
    const { stdout } = await run(
      "wrk",
      ["-t1", `-c${CONNECTIONS}`, `-d${SECONDS}s`, "--timeout", "30s", "-s", script, base],
      { maxBuffer: 1 << 20 },
    );
    const rps = Number(/Requests\/sec:\s+([\d.]+)/.exec(stdout)?.[1]);
    const [, a, b, c] = /STATUS (\d+) (\d+) (\d+)/.exec(stdout) ?? [];
    const [, p50, p99] = /LAT ([\d.]+) ([\d.]+)/.exec(stdout) ?? [];
    const errors = /Socket errors: (.*)/.exec(stdout)?.[1];
    if (!(rps > 0) || errors || Number(c) > 0) throw new Error(`wrk: ${stdout}`);
    return {
      rps,
      p50: Number(p50) / 1000,
      p99: Number(p99) / 1000,
      s200: Number(a),
      s304: Number(b),
      other: Number(c),
    };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

async function measure(branchCount: number) {
  const out: Record<string, number | string> = { branches: branchCount, members: branchCount * PER_BRANCH };
  const keep = ONLY === "report" ? process.env.BENCH_KEEP_DIR : undefined;
  const database = await benchDatabase(keep ? { keepDir: path.join(keep, String(branchCount)) } : {});
  const { db } = database;
  const clock = new ManualClock(new Date("2025-12-01T00:00:00Z"));
  const config = loadConfig({
    PUBLIC_URL: "http://127.0.0.1",
    DATABASE_URL: "postgres://bench",
    PORT: "0",
    MAIL_FROM: "Chi bộ <no-reply@chibo.example.vn>",
    FEED_CACHE_MB: process.env.FEED_CACHE_MB ?? "64",
  });
  const deps = { database, config, clock };
  const log = (msg: string) => console.log(`[${branchCount}] ${msg}  (rss ${mb()} MB)`);
  try {
    if (database.reused) {
      const root = await db.execute<{ id: string }>(sql`select id from committees where parent_id is null`);
      await yearlyReport(root.rows[0]!.id); // the kept data (BENCH_KEEP_DIR): no load
      console.log(`RESULT ${JSON.stringify(out)}`);
      return out;
    }
    // --------------------------------------------------------------------------------- 1. synth
    const s = await synthesise(deps, {
      branches: branchCount,
      members: branchCount * PER_BRANCH,
      password: "bench-mật-khẩu-dài",
      firstMonth: "2026-01",
      months: 36,
      log,
    });
    out.synthMs = Object.values(s.timings).reduce((a, b) => a + b, 0);
    out.membersMs = s.timings.members!;
    out.committees = s.committees;

    // --------------------------------------------------------------------------------- 2. planning
    const plan = await time(() => writePlan(db, s.campaignId, clock.now()));
    out.planMs = plan.ms;
    out.meetings = plan.result.created;
    log(`plan: ${plan.result.created} meetings in ${(plan.ms / 1000).toFixed(1)} s`);
    await db.execute(sql`create table baseline (like meetings including defaults)`);
    out.planBaselineMs = (await time(() => db.execute(sql`insert into baseline select * from meetings`))).ms;
    await db.execute(sql`drop table baseline`);
    const size = await db.execute<{ bytes: string }>(
      sql`select pg_database_size(current_database()) as bytes`,
    );
    out.dbMbAfterPlan = Math.round(Number(size.rows[0]!.bytes) / 2 ** 20);

    // --------------------------------------------------------------------------------- 3. the yearly report
    if (ONLY !== "feeds" && ONLY !== "reminders") {
      await loadYear();
      await database.markLoaded();
      await yearlyReport(s.rootCommitteeId);
    }
    async function loadYear() {
      const held = await time(async () => {
        await db.execute(
          sql`update meetings set status = 'held' where date >= '2026-01-01' and date < '2027-01-01'`,
        );
        // Standings as branches have them (issue 20): one member in 50 exempted from March, one in 100 attending
        // temporarily for the second half; the sheets count them by category.
        await db.execute(sql`
          insert into member_exemptions (region_id, member_id, reason, from_date, decision_ref, created_at, updated_at)
          select region_id, id, 'Tuổi cao, sức khỏe yếu', '2026-03-01', 'Quyết định số 1-QĐ/ĐU', now(), now()
            from members where abs(hashtext(id::text)) % 50 = 0`);
        await db.execute(sql`
          insert into temporary_attendances (region_id, member_id, home_organisation, from_date, to_date, created_at, updated_at)
          select region_id, id, 'Chi bộ nơi công tác', '2026-07-01', '2026-12-31', now(), now()
            from members where abs(hashtext(id::text)) % 100 = 1`);
        const { recountMs } = await fileMeetings(
          db,
          sql`m.status = 'held'`,
          Array.from({ length: 12 }, (_, k) => sql`m.month = make_date(2026, ${sql.raw(String(k + 1))}, 1)`),
        );
        out.recountMs = recountMs;
        log(
          `sheets' counts by category, all at once (migration 0022's backfill): ${(recountMs / 1000).toFixed(1)} s`,
        );
        // Each held meeting rated (issue 20): the report reads the bands with the rest.
        await db.execute(sql`
          insert into meeting_ratings (meeting_id, region_id, points, scheme, total, band, rated_at)
          select m.id, m.region_id, '{}'::jsonb, '{}'::jsonb, 50 + abs(hashtext(m.id::text)) % 51,
                 (array['tot', 'kha', 'trung_binh', 'kem'])[1 + abs(hashtext(m.id::text)) % 4], now()
            from meetings m where m.status = 'held'`);
        // As autovacuum leaves tables that were appended to (PostgreSQL 13+ vacuums after inserts too): the
        // visibility map set, so that the three-absence flag reads its partial index alone.
        await db.execute(sql`vacuum analyze`);
      });
      const att = await db.execute<{ n: string }>(sql`select count(*) as n from attendance`);
      out.attendanceRows = Number(att.rows[0]!.n);
      log(`a year held: ${out.attendanceRows} attendance rows in ${(held.ms / 1000).toFixed(1)} s`);
    }
    async function yearlyReport(rootCommitteeId: string) {
      const reportNow = new Date("2027-01-15T03:00:00Z");
      const scope = { kind: "committee", id: rootCommitteeId, regionId: null } as const;
      const figuresQ = { scope, filter: { year: 2026 }, now: reportNow, detail: false };
      const report = () =>
        buildReport(db, scope, { year: 2026 }, reportNow, {
          kind: "committee",
          id: rootCommitteeId,
          name: "Trung ương",
          parentName: null,
          timezone: "Asia/Ho_Chi_Minh",
        });
      const plainSql = sql`
        select m.branch_id, count(*) as expected, count(*) filter (where a.status = 'present') as present
          from attendance a join meetings m on m.id = a.meeting_id
         where m.date >= '2026-01-01' and m.date < '2027-01-01'
         group by m.branch_id`;
      const plain = () => db.execute(plainSql);
      await report();
      const reportRuns: number[] = [];
      const plainRuns: number[] = [];
      for (let i = 0; i < 3; i++) {
        reportRuns.push((await time(report)).ms);
        plainRuns.push((await time(plain)).ms);
      }
      if (process.env.BENCH_EXPLAIN) {
        // Where the report's time goes: the plan of its one query, with timings.
        const q = branchFiguresSql(figuresQ);
        const plan = await db.transaction(async (tx) => {
          await tx.execute(sql`set local work_mem = '64MB'`);
          return tx.execute(sql`explain (analyze, buffers) ${q}`);
        });
        await writeFile(process.env.BENCH_EXPLAIN, plan.rows.map((r) => Object.values(r)[0]).join("\n"));
      }
      const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
      out.reportMs = median(reportRuns);
      out.reportPlainMs = median(plainRuns);
      out.reportLoad = readFileSync("/proc/loadavg", "utf8").split(" ")[0]!;
      // The same comparison in CPU time of the server process, which load disturbs much less (bench/db.ts).
      const dialect = new PgDialect();
      // The report's slices (report-parts-queries.ts) one after another: the CPU they spend in all.
      const order = await db.execute<{ id: string }>(scopeBranchIdsSql(scope));
      const slices = slicesOf(
        order.rows.map((r) => r.id),
        PARTS,
      ).map((branchIds) => branchFiguresSql({ ...figuresQ, branchIds }));
      const queries = [branchFiguresSql(figuresQ), ...slices, plainSql];
      const cpu = await serverCpuMs(
        database,
        queries.map((q) => dialect.sqlToQuery(q)),
      );
      if (cpu) {
        const inSlices = cpu[0]!.map((_, i) => slices.reduce((n, _s, k) => n + cpu[1 + k]![i]!, 0));
        out.reportOneCpuMs = median(cpu[0]!);
        out.reportCpuMs = median(inSlices);
        out.reportPlainCpuMs = median(cpu.at(-1)!);
        log(
          `report CPU: one statement ${cpu[0]!.join(", ")} ms, in slices ${inSlices.join(", ")}; plain aggregate ${cpu.at(-1)!.join(", ")} ms (serial)`,
        );
      }
      log(
        `report: ${(out.reportMs as number).toFixed(0)} ms (plain aggregate ${(out.reportPlainMs as number).toFixed(0)} ms)`,
      );
    }

    // --------------------------------------------------------------------------------- 4. feeds
    if (ONLY === "report") {
      console.log(`RESULT ${JSON.stringify(out)}`);
      return out;
    }
    if (ONLY !== "reminders") await feeds();
    async function feeds() {
      clock.set(new Date("2026-12-15T03:00:00Z"));
      const branchIds = (
        await db.execute<{ id: string }>(
          sql`select id from branches order by md5(id::text) limit ${sql.raw(String(BRANCH_TOKENS))}`,
        )
      ).rows.map((r) => r.id);
      const communeIds = (
        await db.execute<{ id: string }>(sql`
        select id from committees where cardinality(ancestor_ids) = 4
         order by md5(id::text) limit ${sql.raw(String(COMMITTEE_TOKENS))}`)
      ).rows.map((r) => r.id);
      const branchTokens = branchIds.map(() => newToken());
      const committeeTokens = communeIds.map(() => newToken());
      await db.execute(sql`
      insert into feed_tokens (kind, token_hash, branch_id, region_id)
      select 'branch', h, b, (select region_id from branches where id = b) from unnest(${sql.param(branchTokens.map(tokenHash))}::text[], ${sql.param(branchIds)}::uuid[]) as x(h, b)`);
      await db.execute(sql`
      insert into feed_tokens (kind, token_hash, committee_id, region_id)
      select 'committee', h, c, (select region_id from committees where id = c) from unnest(${sql.param(committeeTokens.map(tokenHash))}::text[], ${sql.param(communeIds)}::uuid[]) as x(h, c)`);
      const app = await buildApp(deps);
      const statics = new Map<string, Buffer>();
      app.get("/bench/static/:name", async (request, reply) =>
        reply
          .type("text/calendar; charset=utf-8")
          .send(statics.get((request.params as { name: string }).name)!),
      );
      await app.listen({ host: "127.0.0.1", port: 0 });
      const address = app.server.address();
      const base = `http://127.0.0.1:${typeof address === "object" && address ? address.port : 0}`;
      // First fetch of every token: renders (cold), and gives the ETag a client would keep.
      const prime = async (tokens: string[], name: string) => {
        const targets: { path: string; etag: string }[] = [];
        let bytes = 0;
        const t = await time(async () => {
          for (const tok of tokens) {
            const res = await fetch(`${base}/feeds/${tok}.ics`);
            const body = Buffer.from(await res.arrayBuffer());
            if (res.status !== 200) throw new Error(`${name} feed: ${res.status}`);
            bytes += body.length;
            if (!statics.has(name)) statics.set(name, body);
            targets.push({ path: `/feeds/${tok}.ics`, etag: res.headers.get("etag")! });
          }
        });
        out[`${name}ColdMsEach`] = t.ms / tokens.length;
        out[`${name}KiB`] = Math.round(bytes / tokens.length / 1024);
        return targets;
      };
      const branchTargets = await prime(branchTokens, "branch");
      const committeeTargets = await prime(committeeTokens, "committee");
      const loads = {
        staticBranch: await wrk(base, [{ path: "/bench/static/branch", etag: null }]),
        branch: await wrk(base, branchTargets),
        staticCommittee: await wrk(base, [{ path: "/bench/static/committee", etag: null }]),
        committee: await wrk(base, committeeTargets),
      };
      await app.close();
      for (const [k, v] of Object.entries(loads)) {
        out[`${k}Rps`] = Math.round(v.rps);
        out[`${k}P50`] = v.p50;
        out[`${k}P99`] = v.p99;
        if (!k.startsWith("static")) out[`${k}Share304`] = Number((v.s304 / (v.s200 + v.s304)).toFixed(3));
      }
      log(`feeds: ${JSON.stringify(loads)}`);
    }

    // --------------------------------------------------------------------------------- 5. the busiest day
    if (ONLY === "feeds") {
      console.log(`RESULT ${JSON.stringify(out)}`);
      return out;
    }
    const [busiest] = (
      await db.execute<{ date: string; n: number }>(sql`
        select date::text, count(*)::int as n from meetings
         where date >= '2027-01-01' and date < '2028-01-01' and status = 'planned'
         group by date order by 2 desc, 1 limit 1`)
    ).rows;
    out.busiestDay = busiest!.date;
    out.busiestMeetings = busiest!.n;
    const dayStart = new Date(`${busiest!.date}T00:00:00+07:00`);
    const sched = await time(() =>
      scheduleReminders(db, dayStart, { mailFrom: config.mailFrom, horizonDays: 1, lookbackDays: 0 }),
    );
    out.remindersQueued = sched.result.inserted;
    out.enqueueMs = sched.ms;
    log(
      `busiest day ${busiest!.date}: ${busiest!.n} meetings, ${sched.result.inserted} reminders queued in ${(sched.ms / 1000).toFixed(1)} s`,
    );
    const stream = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: "windows" });
    let sentBytes = 0;
    const transport: MailTransport = {
      kind: "smtp",
      async send(m) {
        const info = await stream.sendMail(m);
        sentBytes += (info.message as unknown as Buffer).length;
        return { response: "250 stream" };
      },
      close: () => stream.close(),
    };
    const signal = { stopped: false };
    const cap = setTimeout(() => {
      signal.stopped = true;
    }, SEND_SECONDS * 1000);
    const sendAt = new Date(`${busiest!.date}T07:01:00+07:00`);
    const sent = await time(() =>
      drainDue(db, transport, () => sendAt, { config, concurrency: 5, signal } as Parameters<
        typeof drainDue
      >[3]),
    );
    clearTimeout(cap);
    transport.close();
    out.remindersSent = sent.result.sent;
    out.sendMs = sent.ms;
    out.sendRate = Math.round((sent.result.sent / sent.ms) * 1000);
    out.sendCapped = signal.stopped ? "yes" : "no";
    out.mailKiB = sent.result.sent ? Math.round(sentBytes / sent.result.sent / 1024) : 0;
    log(
      `sent ${sent.result.sent} in ${(sent.ms / 1000).toFixed(1)} s (${out.sendRate}/s${signal.stopped ? ", stopped at the cap" : ""}) ${JSON.stringify(sent.result)}`,
    );
    const size2 = await db.execute<{ bytes: string }>(
      sql`select pg_database_size(current_database()) as bytes`,
    );
    out.dbMbEnd = Math.round(Number(size2.rows[0]!.bytes) / 2 ** 20);
    out.rssMb = mb();
  } finally {
    await database.dispose();
  }
  console.log(`RESULT ${JSON.stringify(out)}`);
  return out;
}

const results = [];
for (const n of SIZES) results.push(await measure(n));
if (results.length >= 2) {
  const a = results[0]!;
  const b = results.at(-1)!;
  const sizeRatio = (b.branches as number) / (a.branches as number);
  console.log(
    `\nGrowth ${a.branches} → ${b.branches} branches (size ×${sizeRatio}); cost ratio (≤ size ratio is linear or better):`,
  );
  for (const k of [
    "synthMs",
    "planMs",
    "planBaselineMs",
    "reportMs",
    "reportPlainMs",
    "enqueueMs",
    "branchColdMsEach",
    "committeeColdMsEach",
  ]) {
    console.log(
      `  ${k.padEnd(22)} ${String(Math.round(a[k] as number)).padStart(8)} → ${String(Math.round(b[k] as number)).padStart(8)}  ×${((b[k] as number) / (a[k] as number)).toFixed(2)}`,
    );
  }
  for (const k of ["branchRps", "committeeRps", "sendRate"]) {
    console.log(
      `  ${k.padEnd(22)} ${String(a[k]).padStart(8)} → ${String(b[k]).padStart(8)}  ×${((b[k] as number) / (a[k] as number)).toFixed(2)} (a rate: flat is linear)`,
    );
  }
}
