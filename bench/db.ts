/** A throwaway embedded PostgreSQL for a benchmark run (or BENCH_DATABASE_URL's server). */
import { existsSync, readFileSync } from "node:fs";
import { chmod, mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { type SQL, sql } from "drizzle-orm";
import pg from "pg";
import { type Database, openDatabase } from "../src/db/client.ts";
import { startEmbeddedPostgres } from "../src/db/embedded.ts";
import { runMigrations } from "../src/db/migrate.ts";
import { refreshSheetCountsSql } from "../src/minutes/sheet-counts-queries.ts";

/**
 * `migrate: false`: an empty database, for a bench that builds an earlier shape itself. `keepDir`: a data
 * folder kept after the run; when an earlier run marked it loaded (`markLoaded`), it is opened as it is
 * (`reused`), so that a bench can skip loading its data again.
 */
export async function benchDatabase(
  opts: { migrate?: boolean; keepDir?: string } = {},
): Promise<Database & { reused: boolean; markLoaded(): Promise<void>; dispose(): Promise<void> }> {
  const dir = opts.keepDir ?? (await mkdtemp(path.join(os.tmpdir(), "chibo-bench-pg-")));
  if (opts.keepDir) await mkdir(dir, { recursive: true });
  await chmod(dir, 0o755);
  const marker = path.join(dir, "loaded");
  const reused = existsSync(marker);
  // PG_SHARED_BUFFERS (e.g. 4GB): a server sized to the data, as a deployment would be (default 128 MB).
  const sharedBuffers = process.env.PG_SHARED_BUFFERS;
  const embedded = await startEmbeddedPostgres({
    dataDir: dir,
    ephemeral: true,
    settings: sharedBuffers ? { shared_buffers: sharedBuffers } : {},
  });
  const admin = new pg.Client({ connectionString: embedded.url });
  await admin.connect();
  if (!reused) {
    // A kept folder whose load did not finish starts again.
    await admin.query("drop database if exists bench");
    await admin.query("create database bench");
  }
  await admin.end();
  const url = new URL(embedded.url);
  url.pathname = "/bench";
  const database = openDatabase(url.toString(), 10);
  if (opts.migrate !== false && !reused) await runMigrations(database);
  return {
    ...database,
    reused,
    markLoaded: () => (opts.keepDir ? writeFile(marker, new Date().toISOString()) : Promise.resolve()),
    async dispose() {
      await database.close();
      await embedded.stop();
      if (!opts.keepDir) await rm(dir, { recursive: true, force: true });
    },
  };
}

export async function time<T>(fn: () => Promise<T>): Promise<{ ms: number; result: T }> {
  const t0 = performance.now();
  const result = await fn();
  return { ms: performance.now() - t0, result };
}

/**
 * Meetings filed as secretaries would leave them: for each meeting `where` picks (over `meetings m`), an
 * attendance sheet, every member of the branch marked — about 85 % present, 10 % excused, 5 % absent without
 * reason, spread by a hash of the ids — the sheet's counts, and minutes submitted within 12 days. The marks
 * go in one statement per entry of `parts` (a country's 12 M rows one month at a time).
 */
export async function fileMeetings(
  db: Database["db"],
  where: SQL,
  parts: SQL[] = [sql`true`],
): Promise<{ recountMs: number }> {
  await db.execute(sql`
    insert into attendance_sheets (meeting_id, region_id, expected_count, present_count, excused_count, unexcused_count, created_at, updated_at)
    select m.id, m.region_id, 0, 0, 0, 0, now(), now() from meetings m where ${where}`);
  for (const part of parts) {
    await db.execute(sql`
      insert into attendance (meeting_id, region_id, member_id, expected, status, reason)
      select m.id, m.region_id, mem.id, true, s.status::attendance_status, case when s.status = 'absent_excused' then 'Ốm' end
        from meetings m join members mem on mem.branch_id = m.branch_id and mem.region_id = m.region_id
        cross join lateral (select case
               when abs(hashtext(m.id::text || mem.id::text)) % 100 < 85 then 'present'
               when abs(hashtext(m.id::text || mem.id::text)) % 100 < 95 then 'absent_excused'
               else 'absent_unexcused' end as status) s
       where ${where} and ${part}`);
  }
  // The sheets' kept counts (expected, present, … and the categories) by the statement a save runs, over
  // all of them at once as migration 0022's backfill does: its time is returned.
  // Statistics first, as a live database has them: without, the planner takes the fresh marks for an empty
  // table and rewrites `expected` by scanning them once per changed mark (a 300-branch recount took 25 s).
  await db.execute(sql`analyze attendance, attendance_sheets, members, meetings`);
  const recount = await time(() =>
    db.execute(
      refreshSheetCountsSql(
        sql`select m.id, m.region_id, m.branch_id, m.date from meetings m where ${where}`,
      ),
    ),
  );
  await db.execute(sql`
    insert into minutes (meeting_id, region_id, current_revision, topic_id, submitted_at, created_at, updated_at)
    select m.id, m.region_id, 1, m.topic_id, m.start_at + (abs(hashtext(m.id::text)) % 12) * interval '1 day', m.start_at, m.start_at
      from meetings m where ${where}`);
  return { recountMs: recount.ms };
}

/**
 * CPU time (user + system, ms) of the server process for each query, `rounds` times alternated, on one
 * connection without parallel workers (their CPU is not the backend's). Read from /proc: null when the server
 * is not on this machine.
 */
export async function serverCpuMs(
  database: Database,
  queries: { sql: string; params: unknown[] }[],
  rounds = 3,
): Promise<number[][] | null> {
  const client = await database.pool.connect();
  try {
    const pid = (await client.query<{ p: number }>("select pg_backend_pid() as p")).rows[0]!.p;
    const stat = `/proc/${pid}/stat`;
    if (!existsSync(stat)) return null;
    await client.query("set work_mem = '64MB'; set max_parallel_workers_per_gather = 0");
    const cpuMs = () => {
      const f = readFileSync(stat, "utf8").split(") ")[1]!.split(" ");
      return ((Number(f[11]) + Number(f[12])) * 1000) / 100; // utime + stime, in ticks of 10 ms
    };
    const out = queries.map(() => [] as number[]);
    for (let i = 0; i < rounds; i++)
      for (const [k, q] of queries.entries()) {
        const c0 = cpuMs();
        await client.query(q.sql, q.params);
        out[k]!.push(cpuMs() - c0);
      }
    return out;
  } finally {
    client.release();
  }
}
