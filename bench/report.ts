/**
 * The yearly committee report over 2,000 branches × 20 members × 12 filed meetings, timed against a plain
 * SQL aggregate over the same attendance rows in the same run. Goal: report ≤ 3× the plain aggregate.
 *
 *   npx tsx bench/report.ts
 */
import { sql } from "drizzle-orm";
import { buildReport } from "../src/reports/reports-service.ts";
import { benchDatabase, fileMeetings, time } from "./db.ts";

const BRANCHES = 2000;
const MEMBERS = 20;
const MONTHS = 12;
const WARDS = 20;
const RUNS = 7;

const database = await benchDatabase();
const { db } = database;
try {
  const load = await time(async () => {
    await db.execute(sql`
      insert into committees (id, parent_id, name, ancestor_ids)
      values ('00000000-0000-0000-0000-000000000001', null, 'Thành ủy', array['00000000-0000-0000-0000-000000000001'::uuid])`);
    await db.execute(sql`
      insert into committees (id, parent_id, name, ancestor_ids)
      select ('00000000-0000-0000-0001-' || lpad(w::text, 12, '0'))::uuid, '00000000-0000-0000-0000-000000000001',
             'Đảng ủy phường ' || w,
             array['00000000-0000-0000-0000-000000000001'::uuid, ('00000000-0000-0000-0001-' || lpad(w::text, 12, '0'))::uuid]
        from generate_series(1, ${WARDS}) w`);
    await db.execute(sql`
      insert into branches (id, committee_id, region_id, name)
      select ('00000000-0000-0000-0002-' || lpad(b::text, 12, '0'))::uuid, c.id, c.region_id, 'Chi bộ ' || b
        from generate_series(1, ${BRANCHES}) b
        join committees c on c.id = ('00000000-0000-0000-0001-' || lpad((1 + b % ${WARDS})::text, 12, '0'))::uuid`);
    await db.execute(sql`
      insert into members (branch_id, region_id, full_name, joined_on)
      select b.id, b.region_id, 'Đảng viên ' || i, '2015-01-01' from branches b cross join generate_series(1, ${MEMBERS}) i`);
    await db.execute(sql`
      insert into campaigns (id, committee_id, title, book_title, first_month, last_month)
      values ('00000000-0000-0000-0003-000000000001', '00000000-0000-0000-0000-000000000001',
              'Đợt sinh hoạt chính trị, tư tưởng', 'Kiên quyết, kiên trì', '2025-01-01', '2026-12-01')`);
    await db.execute(sql`
      insert into topics (campaign_id, position, code, part, title)
      select '00000000-0000-0000-0003-000000000001', i, 'CĐ' || i, 1, 'Chuyên đề ' || i from generate_series(1, 14) i`);
    await db.execute(sql`
      insert into peak_dates (campaign_id, day, month, base_year, name) values
        ('00000000-0000-0000-0003-000000000001', 19, 5, 1890, 'Ngày sinh Chủ tịch Hồ Chí Minh'),
        ('00000000-0000-0000-0003-000000000001', 2, 9, 1945, 'Quốc khánh')`);
    await db.execute(sql`
      insert into meetings (branch_id, region_id, campaign_id, month, date, start_at, end_at, topic_id, status)
      select b.id, b.region_id, '00000000-0000-0000-0003-000000000001', make_date(2026, mo, 1), make_date(2026, mo, 5),
             make_date(2026, mo, 5) + time '07:00', make_date(2026, mo, 5) + time '09:00',
             (select t.id from topics t where t.position = mo), 'held'
        from branches b cross join generate_series(1, ${MONTHS}) mo`);
    await fileMeetings(db, sql`true`);
    await db.execute(sql`analyze`);
  });

  const counts = await db.execute<{ meetings: number; attendance: number }>(sql`
    select (select count(*) from meetings)::int as meetings, (select count(*) from attendance)::int as attendance`);
  console.log(
    `loaded ${BRANCHES} branches, ${counts.rows[0]!.meetings} meetings, ${counts.rows[0]!.attendance} attendance rows in ${(load.ms / 1000).toFixed(1)} s`,
  );

  const now = new Date("2027-01-15T03:00:00Z");
  const root = "00000000-0000-0000-0000-000000000001";
  const report = () =>
    buildReport(db, { kind: "committee", id: root, regionId: null }, { year: 2026 }, now, {
      kind: "committee",
      id: root,
      name: "Thành ủy",
      parentName: null,
      timezone: "Asia/Ho_Chi_Minh",
    });
  // The plain aggregate: attendance per branch over the same year's rows, nothing else.
  const plain = () =>
    db.execute(sql`
      select m.branch_id, count(*) as expected, count(*) filter (where a.status = 'present') as present
        from attendance a join meetings m on m.id = a.meeting_id
       where m.date >= '2026-01-01' and m.date < '2027-01-01'
       group by m.branch_id`);

  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  await report();
  await plain();
  const reportMs: number[] = [];
  const plainMs: number[] = [];
  let last: Awaited<ReturnType<typeof report>> | null = null;
  for (let i = 0; i < RUNS; i++) {
    // Interleaved, so that both see the same cache and machine load.
    const r = await time(report);
    reportMs.push(r.ms);
    last = r.result;
    plainMs.push((await time(plain)).ms);
  }
  const rm = median(reportMs);
  const pm = median(plainMs);
  console.log(
    `committee report (${last!.branches.length} branches, held ${last!.totals.held}, rate ${last!.totals.attendanceRate}, flagged ${last!.totals.flaggedMembers}, peaks ${last!.totals.peakMeetingsHeld})`,
  );
  console.log(`report  median ${rm.toFixed(1)} ms  (runs: ${reportMs.map((x) => x.toFixed(0)).join(", ")})`);
  console.log(`plain   median ${pm.toFixed(1)} ms  (runs: ${plainMs.map((x) => x.toFixed(0)).join(", ")})`);
  console.log(`ratio   ${(rm / pm).toFixed(2)}× (goal ≤ 3×)`);
} finally {
  await database.dispose();
}
