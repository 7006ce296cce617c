/**
 * Backup and restore of a district's year (issue 22): BENCH_BRANCHES branches (5,000 by default) × 20
 * members, 12 held meetings each with attendance, submitted minutes and a revision of realistic text, and
 * one scanned file (BENCH_FILE_KB of incompressible bytes) per branch. Measured on one embedded PostgreSQL:
 *   - `backup`: src/backup (one snapshot, COPY through gzip, frames, SHA-256) into a file;
 *   - baselines in the same run: a bare COPY of the same tables to nowhere (what reading costs), and the
 *     same COPY bytes through gzip alone (what compressing them costs), both in one snapshot;
 *   - `verify`: the restore's first pass (gunzip + SHA-256) alone;
 *   - `restore`: into a new database on the same server (schema, COPY FROM, sequences, analyze);
 * with the process's peak RSS while backing up and restoring (the database is never held in memory).
 *
 *   npx tsx bench/backup.ts          BENCH_BRANCHES=5000 BENCH_MEMBERS=20 BENCH_FILE_KB=64
 */
import { mkdtemp, rm, stat } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { Writable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { createGzip } from "node:zlib";
import { sql } from "drizzle-orm";
import pgCopy from "pg-copy-streams";
import { dependencyOrder, quoteIdent, tablesOf } from "../src/backup/backup-dump.ts";
import { writeBackupFile } from "../src/backup/backup-file.ts";
import { restoreBackup, verifyBackup } from "../src/backup/backup-restore.ts";
import { openDatabase } from "../src/db/client.ts";
import { benchDatabase, fileMeetings, time } from "./db.ts";

const BRANCHES = Number(process.env.BENCH_BRANCHES ?? 5000);
const MEMBERS = Number(process.env.BENCH_MEMBERS ?? 20);
const FILE_KB = Number(process.env.BENCH_FILE_KB ?? 64);
const WARDS = Math.max(1, Math.round(BRANCHES / 15));
const MB = (n: number) => `${(n / 1e6).toFixed(1)} MB`;
const S = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

/** Peak RSS while `fn` runs, sampled every 50 ms. */
async function peakRss<T>(fn: () => Promise<T>): Promise<{ result: T; peak: number }> {
  let peak = process.memoryUsage().rss;
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 50);
  try {
    return { result: await fn(), peak };
  } finally {
    clearInterval(timer);
  }
}

const database = await benchDatabase();
const { db } = database;
const dir = await mkdtemp(path.join(os.tmpdir(), "chibo-bench-backup-"));
try {
  const load = await time(async () => {
    const root = "00000000-0000-0000-0000-000000000001";
    await db.execute(sql`insert into committees (id, parent_id, name, ancestor_ids)
      values (${root}, null, 'Tỉnh ủy', array[${root}::uuid])`);
    await db.execute(sql`
      insert into committees (id, parent_id, name, ancestor_ids)
      select ('00000000-0000-0000-0001-' || lpad(w::text, 12, '0'))::uuid, ${root}, 'Đảng ủy xã ' || w,
             array[${root}::uuid, ('00000000-0000-0000-0001-' || lpad(w::text, 12, '0'))::uuid]
        from generate_series(1, ${WARDS}) w`);
    await db.execute(sql`
      insert into branches (id, committee_id, region_id, name)
      select ('00000000-0000-0000-0002-' || lpad(b::text, 12, '0'))::uuid, c.id, c.region_id, 'Chi bộ thôn ' || b
        from generate_series(1, ${BRANCHES}) b
        join committees c on c.id = ('00000000-0000-0000-0001-' || lpad((1 + b % ${WARDS})::text, 12, '0'))::uuid`);
    await db.execute(sql`
      insert into members (branch_id, region_id, full_name, joined_on, email)
      select b.id, b.region_id, 'Nguyễn Văn Đảng viên ' || i, '2015-01-01', 'dv' || i || '.' || b.id || '@xa.vn'
        from branches b cross join generate_series(1, ${MEMBERS}) i`);
    await db.execute(sql`
      insert into campaigns (id, committee_id, title, book_title, first_month, last_month)
      values ('00000000-0000-0000-0003-000000000001', ${root}, 'Đợt sinh hoạt chính trị, tư tưởng',
              'Kiên quyết, kiên trì đấu tranh phòng, chống tham nhũng, tiêu cực', '2026-01-01', '2026-12-01')`);
    await db.execute(sql`
      insert into topics (campaign_id, position, code, part, title)
      select '00000000-0000-0000-0003-000000000001', i, 'CĐ' || i, 1, 'Chuyên đề ' || i || ': phòng, chống tham nhũng'
        from generate_series(1, 12) i`);
    await db.execute(sql`
      insert into meetings (branch_id, region_id, campaign_id, month, date, start_at, end_at, topic_id, status)
      select b.id, b.region_id, '00000000-0000-0000-0003-000000000001', make_date(2026, mo, 1), make_date(2026, mo, 5),
             make_date(2026, mo, 5) + time '07:00', make_date(2026, mo, 5) + time '09:00',
             (select t.id from topics t where t.position = mo), 'held'
        from branches b cross join generate_series(1, 12) mo`);
    await fileMeetings(
      db,
      sql`true`,
      [1, 4, 7, 10].map((m) => sql`extract(month from m.date) between ${m} and ${m + 2}`),
    );
    // The minutes' text, as a secretary writes it (about 1.5 KB of Vietnamese a meeting).
    await db.execute(sql`
      insert into minutes_revisions (region_id, meeting_id, revision, content, created_at)
      select m.region_id, m.id, 1, jsonb_build_object(
               'chair', 'Nguyễn Văn An', 'recorder', 'Trần Thị Bình', 'startTime', '07:00', 'endTime', '09:00',
               'introducedBy', 'Nguyễn Văn An',
               'discussion', jsonb_build_array(
                 jsonb_build_object('by', 'Lê Văn Cường', 'opinion', repeat('Cần tự soi, tự sửa thường xuyên, không có vùng cấm. ', 8)),
                 jsonb_build_object('by', 'Phạm Thị Dung', 'opinion', repeat('Đề nghị chi bộ giám sát việc kê khai tài sản. ', 6))),
               'conclusions', repeat('Chi bộ thống nhất đưa nội dung chuyên đề vào kế hoạch rèn luyện của từng đảng viên. ', 6),
               'tasks', jsonb_build_array(jsonb_build_object('content', 'Viết bài thu hoạch', 'assignee', 'Toàn chi bộ', 'due', m.date + 20))),
             m.start_at
        from meetings m`);
    // One scanned file per branch (the December minutes): random bytes, as a photo or a PDF scan is.
    await db.execute(sql`
      insert into minutes_files (id, region_id, meeting_id, file_name, mime, size, sha256, uploaded_at)
      select gen_random_uuid(), m.region_id, m.id, 'Biên bản tháng 12.pdf', 'application/pdf', ${FILE_KB * 1024}, '', m.start_at
        from meetings m where m.month = '2026-12-01'`);
    await db.execute(sql`
      insert into minutes_file_chunks (file_id, region_id, seq, data)
      select f.id, f.region_id, 0,
             (select string_agg(uuid_send(gen_random_uuid()), ''::bytea) from generate_series(1, ${FILE_KB * 64}) g where f.id is not null)
        from minutes_files f`);
    await db.execute(sql`analyze`);
  });
  const size = await db.execute<{ bytes: string; rows: string }>(sql`
    select pg_database_size(current_database())::text as bytes,
           ((select count(*) from attendance) + (select count(*) from members) + (select count(*) from meetings))::text as rows`);
  console.log(
    `loaded ${BRANCHES} branches × ${MEMBERS} members × 12 filed meetings, ${FILE_KB} KB file per branch ` +
      `in ${S(load.ms)}; database ${MB(Number(size.rows[0]!.bytes))}`,
  );

  // Baselines: the same tables in one snapshot, COPY to nowhere, then COPY through gzip to nowhere.
  const copyAll = async (through: "none" | "gzip") => {
    const client = await database.pool.connect();
    let bytes = 0;
    try {
      await client.query("begin isolation level repeatable read read only");
      for (const t of await dependencyOrder(client, await tablesOf(client))) {
        const cols = t.columns.map(quoteIdent).join(", ");
        const copy = client.query(pgCopy.to(`copy (select ${cols} from ${quoteIdent(t.table)}) to stdout`));
        const sink = new Writable({
          write(chunk: Buffer, _e, cb) {
            bytes += chunk.length;
            cb();
          },
        });
        if (through === "gzip") await pipeline(copy, createGzip({ level: 6 }), sink);
        else await pipeline(copy, sink);
      }
      await client.query("commit");
    } finally {
      client.release();
    }
    return bytes;
  };
  const bare = await time(() => copyAll("none"));
  const gz = await time(() => copyAll("gzip"));
  console.log(`baseline COPY to /dev/null: ${S(bare.ms)} (${MB(bare.result)} of COPY text)`);
  console.log(`baseline COPY | gzip -6 to /dev/null: ${S(gz.ms)} (${MB(gz.result)} compressed)`);

  const file = path.join(dir, "bench.backup.gz");
  const rss0 = process.memoryUsage().rss;
  const backup = await time(() => peakRss(() => writeBackupFile(database.pool, file, () => new Date())));
  const b = backup.result.result;
  console.log(
    `backup: ${S(backup.ms)} → ${MB(b.sizeBytes)} file (${MB(b.rawBytes)} framed), ` +
      `${(backup.ms / gz.ms).toFixed(2)}× COPY|gzip, ${(backup.ms / bare.ms).toFixed(2)}× bare COPY; ` +
      `RSS ${MB(rss0)} → peak ${MB(backup.result.peak)}`,
  );

  const verify = await time(() => verifyBackup(file));
  console.log(`verify (gunzip + SHA-256): ${S(verify.ms)}`);

  const admin = await database.pool.connect();
  await admin.query("create database bench_restored");
  admin.release();
  const url = new URL(
    (database.pool as unknown as { options: { connectionString: string } }).options.connectionString,
  );
  url.pathname = "/bench_restored";
  const target = openDatabase(url.toString(), 2);
  try {
    const rss1 = process.memoryUsage().rss;
    const restore = await time(() => peakRss(() => restoreBackup(target.pool, file)));
    console.log(
      `restore: ${S(restore.ms)} (${restore.result.result.rows} rows, verify included), ` +
        `${(restore.ms / backup.ms).toFixed(2)}× the backup; RSS ${MB(rss1)} → peak ${MB(restore.result.peak)}`,
    );
    const check = await target.pool.query<{ n: string }>("select count(*)::text as n from attendance");
    const orig = await database.pool.query<{ n: string }>("select count(*)::text as n from attendance");
    if (check.rows[0]!.n !== orig.rows[0]!.n) throw new Error("restored attendance differs");
    console.log(`file bytes: ${(await stat(file)).size}`);
  } finally {
    await target.close();
  }
} finally {
  await rm(dir, { recursive: true, force: true });
  await database.dispose();
}
