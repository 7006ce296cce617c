/**
 * A large report read in parts side by side (report-parts-queries.ts) gives the rows of the one statement
 * (reports-queries.ts), over a generated organisation with every kind of figure: meetings held, cancelled and
 * not recorded, thematic ones, minutes with their topics, sheets by category, ratings, exempted members, three
 * unexcused absences, peaks, a branch without meetings; for the country and a province, a year, a campaign
 * and both. And the parts read one snapshot: a write committed while they start changes none of them.
 */
import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { refreshSheetCountsSql } from "../../src/minutes/sheet-counts-queries.ts";
import { synthesise } from "../../src/organisation/synth.ts";
import { branchFiguresInParts, PARTS } from "../../src/reports/report-parts-queries.ts";
import { branchFigures, type FiguresQuery } from "../../src/reports/reports-queries.ts";
import { buildTestApp } from "../helpers/app.ts";

describe("a large report read in parts", async () => {
  const t = await buildTestApp({ now: "2026-11-20T03:00:00Z" });
  const { db, pool } = t.database;
  const s = await synthesise(t.app.deps, {
    branches: 40,
    members: 480,
    committees: [2, 3, 6],
    secretaryUsers: 1,
    password: "mật-khẩu-kiểm-tra-báo-cáo",
    firstMonth: "2026-01",
    months: 24,
    plan: true,
  });
  // Spread by a hash of the ids, the same on every run: most of 2026's meetings up to November held, some
  // cancelled, the rest left unrecorded; one in five thematic.
  const h = (col: string, n: number) => sql.raw(`abs(hashtext(${col}::text)) % ${n}`);
  await db.execute(sql`
    update meetings m set status = case when ${h("m.id", 10)} = 0 then 'cancelled'
                                        when ${h("m.id", 10)} = 1 then 'planned' else 'held' end::meeting_status,
                          kind = case when ${h("m.id || 'k'", 5)} = 0 then 'thematic' else m.kind end
     where m.date >= '2026-01-01' and m.date < '2026-11-15'`);
  // One branch without a meeting at all.
  await db.execute(sql`delete from meetings where branch_id = (select min(id::text)::uuid from branches)`);
  await db.execute(sql`
    insert into member_exemptions (region_id, member_id, reason, from_date, decision_ref, created_at, updated_at)
    select region_id, id, 'Tuổi cao, sức khỏe yếu', '2026-04-01', 'Quyết định số 1-QĐ/ĐU', now(), now()
      from members where ${h("id", 15)} = 0`);
  const held = sql`m.status = 'held'`;
  await db.execute(sql`
    insert into attendance_sheets (meeting_id, region_id, expected_count, present_count, excused_count, unexcused_count, created_at, updated_at)
    select m.id, m.region_id, 0, 0, 0, 0, now(), now() from meetings m where ${held}`);
  // A member in eight is often absent without reason: three such absences in the year flag them.
  await db.execute(sql`
    insert into attendance (meeting_id, region_id, member_id, expected, status, reason)
    select m.id, m.region_id, mem.id, true, st.s::attendance_status, case when st.s = 'absent_excused' then 'Ốm' end
      from meetings m join members mem on mem.branch_id = m.branch_id and mem.region_id = m.region_id
     cross join lateral (select
           case when ${h("m.id::text || mem.id", 100)} < (case when ${h("mem.id", 8)} = 0 then 30 else 3 end)
                then 'absent_unexcused' when ${h("mem.id::text || m.id", 10)} = 0 then 'absent_excused'
                else 'present' end as s) st
     where ${held}`);
  await db.execute(
    refreshSheetCountsSql(sql`select m.id, m.region_id, m.branch_id, m.date from meetings m where ${held}`),
  );
  await db.execute(sql`
    insert into minutes (meeting_id, region_id, current_revision, topic_id, submitted_at, created_at, updated_at)
    select m.id, m.region_id, 1, case when ${h("m.id || 't'", 4)} = 0 then null else m.topic_id end,
           m.start_at + (${h("m.id", 20)}) * interval '1 day', m.start_at, m.start_at
      from meetings m where ${held} and ${h("m.id || 'm'", 6)} <> 0`);
  await db.execute(sql`
    insert into meeting_ratings (meeting_id, region_id, points, scheme, total, band, rated_at)
    select m.id, m.region_id, '{}'::jsonb, '{}'::jsonb, 50 + ${h("m.id", 51)},
           (array['tot', 'kha', 'trung_binh', 'kem'])[1 + ${h("m.id || 'r'", 4)}], now()
      from meetings m where ${held} and ${h("m.id || 'x'", 3)} <> 0`);
  await db.execute(sql`analyze`);

  const province = (
    await db.execute<{ id: string }>(
      sql`select id from committees where parent_id = ${s.rootCommitteeId}::uuid order by id limit 1`,
    )
  ).rows[0]!.id;
  const now = new Date("2026-11-20T03:00:00Z");
  const query = (id: string, filter: FiguresQuery["filter"]): FiguresQuery => ({
    scope: { kind: "committee", id, regionId: null },
    filter,
    now,
    detail: false,
  });

  const inParts = async (q: FiguresQuery, afterSnapshot?: () => Promise<void>) => {
    const rows = await branchFiguresInParts(pool, q, afterSnapshot);
    if (!rows) throw new Error("the pool had no free connection for each part");
    return rows;
  };

  it("gives the one statement's rows, for the country and a province, by year and by campaign", async () => {
    for (const id of [s.rootCommitteeId, province])
      for (const filter of [
        { year: 2026 },
        { campaignId: s.campaignId },
        { year: 2026, campaignId: s.campaignId },
      ]) {
        const one = await branchFigures(db, query(id, filter));
        const parts = await inParts(query(id, filter));
        expect(parts).toEqual(one);
        expect(parts.map((r) => r.branch_id)).toEqual(one.map((r) => r.branch_id));
      }
    // The data exercises every figure.
    const rows = await inParts(query(s.rootCommitteeId, { year: 2026 }));
    const sum = (k: keyof (typeof rows)[number]) => rows.reduce((n, r) => n + Number(r[k] ?? 0), 0);
    expect(rows).toHaveLength(40);
    for (const k of [
      "held",
      "cancelled",
      "not_recorded",
      "peak_held",
      "topics_studied",
      "topics_not_studied",
    ])
      expect(sum(k as keyof (typeof rows)[number]), k).toBeGreaterThan(0);
    for (const k of ["rated_kem", "thematic_q0", "thematic_q1", "on_time", "late"] as const)
      expect(sum(k), k).toBeGreaterThan(0);
    expect(rows.some((r) => r.flagged.length > 0)).toBe(true);
    expect(rows.some((r) => r.categories === null)).toBe(true);
    expect(rows.some((r) => (r.categories?.cat_exempted ?? 0) > 0)).toBe(true);
  });

  it("reads one snapshot: a write committed as the parts start is in none of them", async () => {
    const q = query(s.rootCommitteeId, { year: 2026 });
    const before = await branchFigures(db, q);
    // Cancels held meetings (the meetings pass, the sheets and the bands count them) and marks everyone
    // present (the sheets), committed on another connection after the snapshot is taken.
    const write = async () => {
      await pool.query(`
        update meetings set status = 'cancelled'
         where status = 'held' and date >= '2026-03-01' and date < '2026-05-01'`);
      await pool.query(`update attendance_sheets set present_count = expected_count, unexcused_count = 0`);
      await pool.query(`delete from attendance where status = 'absent_unexcused'`);
    };
    const during = await inParts(q, write);
    expect(during).toEqual(before);
    // The write did change the figures: read again, every part sees it.
    const after = await inParts(q);
    expect(after).not.toEqual(before);
    expect(after).toEqual(await branchFigures(db, q));
    expect(after.reduce((n, r) => n + r.flagged.length, 0)).toBe(0);
  });

  it("is not read in parts when the pool has not a free connection for each (callers would wait on each other)", async () => {
    const q = query(s.rootCommitteeId, { year: 2026 });
    const held = [];
    // Every connection of the pool (10) but one too few for the parts taken, as by other requests.
    while (pool.idleCount + (pool.options.max ?? 10) - pool.totalCount > PARTS - 1)
      held.push(await pool.connect());
    try {
      expect(await branchFiguresInParts(pool, q)).toBeNull();
      expect(pool.totalCount - pool.idleCount).toBe(held.length);
    } finally {
      for (const c of held) c.release();
    }
    expect(await inParts(q)).toEqual(await branchFigures(db, q));
  });
});
