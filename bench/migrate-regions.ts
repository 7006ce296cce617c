/**
 * How long migration 0011 (region_id on every branch's rows, keys and links rebuilt) takes on a database of
 * the previous shape holding an organisation's data: what a deployment's upgrade window must allow. The
 * baseline in the same run: rewriting the same tables once (`VACUUM FULL`, a copy of every row and index),
 * the least any migration that touches every row's key can cost.
 *
 *   BRANCHES=5000 npx tsx bench/migrate-regions.ts     (50,000 for a country-sized run)
 */
import { sql } from "drizzle-orm";
import { migrate } from "drizzle-orm/node-postgres/migrator";
import { DISTRIBUTED_TABLES } from "../src/db/distribution.ts";
import { MIGRATIONS_DIR, migrationsBefore } from "../src/db/migrate.ts";
import { benchDatabase, time } from "./db.ts";

const BRANCHES = Number(process.env.BRANCHES ?? 5000);
const MEMBERS = 20;
const MONTHS = 36;
const HELD_MONTHS = 12;
const PROVINCES = 34;
const DISTRICTS = Math.max(PROVINCES, Math.round(BRANCHES / 15));

const database = await benchDatabase({ migrate: false });
const { db } = database;
const log = (s: string) => console.log(s);
try {
  await migrate(db, { migrationsFolder: migrationsBefore("0011_regions") });
  const id = (kind: number, n: unknown) =>
    sql.raw(
      `('00000000-0000-4000-${kind.toString().padStart(4, "0")}-' || lpad((${n})::text, 12, '0'))::uuid`,
    );
  const load = await time(async () => {
    await db.execute(sql`
      insert into committees (id, parent_id, name, ancestor_ids)
      values (${id(1, 0)}, null, 'Ban Chấp hành Trung ương', array[${id(1, 0)}])`);
    await db.execute(sql`
      insert into committees (id, parent_id, name, ancestor_ids)
      select ${id(2, "p")}, ${id(1, 0)}, 'Tỉnh ủy ' || p, array[${id(1, 0)}, ${id(2, "p")}]
        from generate_series(1, ${PROVINCES}) p`);
    await db.execute(sql`
      insert into committees (id, parent_id, name, ancestor_ids)
      select ${id(3, "d")}, ${id(2, `1 + d % ${PROVINCES}`)}, 'Huyện ủy ' || d,
             array[${id(1, 0)}, ${id(2, `1 + d % ${PROVINCES}`)}, ${id(3, "d")}]
        from generate_series(1, ${DISTRICTS}) d`);
    await db.execute(sql`
      insert into branches (id, committee_id, name)
      select ${id(4, "b")}, ${id(3, `1 + b % ${DISTRICTS}`)}, 'Chi bộ ' || b from generate_series(1, ${BRANCHES}) b`);
    await db.execute(sql`
      insert into members (branch_id, full_name, email)
      select b.id, 'Đảng viên ' || i, 'dv' || i || '.' || b.id || '@example.vn'
        from branches b cross join generate_series(1, ${MEMBERS}) i`);
    await db.execute(sql`
      insert into meetings (branch_id, month, date, start_at, end_at, status)
      select b.id, make_date(2026, 1, 1) + make_interval(months => mo), make_date(2026, 1, 5) + make_interval(months => mo),
             make_date(2026, 1, 5) + make_interval(months => mo) + time '07:00',
             make_date(2026, 1, 5) + make_interval(months => mo) + time '09:00',
             (case when mo < ${HELD_MONTHS} then 'held' else 'planned' end)::meeting_status
        from branches b cross join generate_series(0, ${MONTHS - 1}) mo`);
    await db.execute(sql`
      insert into attendance_sheets (meeting_id, expected_count, present_count, excused_count, unexcused_count,
        created_at, updated_at)
      select id, ${MEMBERS}, ${MEMBERS}, 0, 0, now(), now() from meetings where status = 'held'`);
    await db.execute(sql`
      insert into attendance (meeting_id, member_id, expected, status)
      select m.id, mem.id, true, 'present'
        from meetings m join members mem on mem.branch_id = m.branch_id where m.status = 'held'`);
    await db.execute(sql`
      insert into minutes (meeting_id, current_revision, created_at, updated_at)
      select id, 1, now(), now() from meetings where status = 'held'`);
    await db.execute(sql`
      insert into minutes_revisions (meeting_id, revision, content, created_at)
      select id, 1, '{"conclusions": "Thống nhất"}', now() from meetings where status = 'held'`);
    // The reminders of one month: two per member and meeting.
    await db.execute(sql`
      insert into reminders (key, kind, slot, branch_id, meeting_id, member_id, due_at, next_attempt_at,
        message_id, state)
      select 'k.' || m.id || '.' || mem.id || '.' || s, 'meeting_reminder', s, m.branch_id, m.id, mem.id,
             m.start_at, m.start_at, '<' || m.id || '.' || mem.id || '.' || s || '@bench>', 'sent'
        from meetings m join members mem on mem.branch_id = m.branch_id
        cross join unnest(array['3d@07:00', '0d@07:00']) s
       where m.month = date '2026-01-01'`);
    await db.execute(sql`
      insert into feed_tokens (kind, token_hash, branch_id)
      select 'branch', md5(b.id::text), b.id from branches b`);
    await db.execute(sql`analyze`);
  });
  const rows = await db.execute<{ t: string; n: string }>(
    sql.raw(DISTRIBUTED_TABLES.map((t) => `select '${t}' as t, count(*) as n from ${t}`).join(" union all ")),
  );
  const total = rows.rows.reduce((a, r) => a + Number(r.n), 0);
  log(`loaded ${BRANCHES} branches in the previous shape in ${(load.ms / 1000).toFixed(1)} s:`);
  log(`  ${rows.rows.map((r) => `${r.t} ${Number(r.n).toLocaleString("en")}`).join(", ")}`);
  const size = async () =>
    (await db.execute<{ s: string }>(sql`select pg_size_pretty(pg_database_size(current_database())) as s`))
      .rows[0]!.s;
  log(`  database ${await size()}`);

  const baseline = await time(() => db.execute(sql.raw(`vacuum full ${DISTRIBUTED_TABLES.join(", ")}`)));
  log(`baseline: VACUUM FULL of the same tables ${(baseline.ms / 1000).toFixed(1)} s`);
  const migration = await time(() => migrate(db, { migrationsFolder: MIGRATIONS_DIR }));
  log(`migration 0011: ${(migration.ms / 1000).toFixed(1)} s for ${total.toLocaleString("en")} rows`);
  log(`  database ${await size()}`);
  log(`ratio migration / baseline: ${(migration.ms / baseline.ms).toFixed(2)}`);
  const wrong = await db.execute<{ n: string }>(sql`
    select count(*) as n from meetings m join branches b on b.id = m.branch_id
      join committees c on c.id = b.committee_id where m.region_id <> c.region_id or b.region_id <> c.region_id`);
  log(`meetings whose region is not their committee's: ${wrong.rows[0]!.n}`);
} finally {
  await database.dispose();
}
