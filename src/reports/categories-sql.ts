/**
 * The attendance counts by category (`countCategories`, domain/meeting-quality.ts) summed per branch over the
 * held meetings of a report, in SQL. Every member on a meeting's list but the invited is marked, so the marks
 * are the roster; the exemptions and temporary attendances on each meeting's date come from their own tables.
 * Checked against `countCategories` on each meeting's roster in tests/reports/report-categories.test.ts.
 *
 * Cost: the marks are read once, each joined to its member (a hash of the members), grouped by branch; the few
 * exempted or temporary (meeting, member) pairs are found from their side and correct the sums: an exempted
 * member who did not come is neither required nor absent. Reading the marks is about one plain aggregate's
 * worth of the report (bench/README.md).
 */
import { type SQL, sql } from "drizzle-orm";

/** Per branch: cat_total, cat_full, cat_probationary, cat_exempted, cat_temporary, cat_required, cat_present,
 * cat_absent_excused, cat_absent_unexcused. `meetings`: a relation of id, region_id, branch_id, date, status. */
export function categoryCountsSql(meetings: SQL): SQL {
  const onDate = (table: SQL, kind: string) => sql`
    select distinct on (hm.id, x.member_id) ${kind}::text as kind, xm.branch_id, a.status
      from ${table} x
      join members xm on xm.id = x.member_id and xm.region_id = x.region_id and xm.role <> 'guest'
      join ${meetings} hm on hm.branch_id = xm.branch_id and hm.status = 'held'
       and x.from_date <= hm.date and (x.to_date is null or hm.date <= x.to_date)
      join attendance a on a.meeting_id = hm.id and a.region_id = hm.region_id and a.member_id = x.member_id`;
  return sql`
    with sums as (
      select hm.branch_id, count(*)::int as total,
             count(*) filter (where mem.status = 'full')::int as full_n,
             count(*) filter (where mem.status = 'probationary')::int as probationary,
             count(*) filter (where a.status = 'present')::int as present,
             count(*) filter (where a.status = 'absent_excused')::int as excused,
             count(*) filter (where a.status = 'absent_unexcused')::int as unexcused
        from ${meetings} hm
        join attendance a on a.meeting_id = hm.id and a.region_id = hm.region_id
        join members mem on mem.id = a.member_id and mem.region_id = a.region_id
       where hm.status = 'held' and mem.role <> 'guest'
       group by hm.branch_id
    ),
    standing as (
      select branch_id,
             count(*) filter (where kind = 'exempted')::int as exempted,
             count(*) filter (where kind = 'exempted' and status = 'absent_excused')::int as exempted_excused,
             count(*) filter (where kind = 'exempted' and status = 'absent_unexcused')::int as exempted_unexcused,
             count(*) filter (where kind = 'temporary')::int as temporary
        from (${onDate(sql`member_exemptions`, "exempted")} union all ${onDate(sql`temporary_attendances`, "temporary")}) s
       group by branch_id
    )
    select s.branch_id, s.total as cat_total, s.full_n as cat_full, s.probationary as cat_probationary,
           coalesce(st.exempted, 0) as cat_exempted, coalesce(st.temporary, 0) as cat_temporary,
           s.total - coalesce(st.exempted_excused + st.exempted_unexcused, 0) as cat_required,
           s.present as cat_present,
           s.excused - coalesce(st.exempted_excused, 0) as cat_absent_excused,
           s.unexcused - coalesce(st.exempted_unexcused, 0) as cat_absent_unexcused
      from sums s left join standing st on st.branch_id = s.branch_id`;
}
