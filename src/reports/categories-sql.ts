/**
 * The attendance counts by category (`countCategories`, domain/meeting-quality.ts) summed per branch over the
 * held meetings of a report, in SQL. The sheet keeps only the required/present/absent counts; the categories
 * come from the marks (every member on the roster but the invited is marked), the member's status, and the
 * member's exemption or temporary attendance on the meeting's date. Checked against `countCategories` over
 * generated rosters in tests/reports/categories-sql.test.ts.
 */
import { type SQL, sql } from "drizzle-orm";

/** The sums per branch. `rows`: one per marked member of a held meeting, with branch_id, member_status
 * ('full' | 'probationary'), mark, exempted and temporary (booleans). */
export function categorySumsSql(rows: SQL): SQL {
  const counted = sql`(not r.exempted or r.mark = 'present')`;
  return sql`
    select r.branch_id,
           count(*)::int as cat_total,
           count(*) filter (where r.member_status = 'full')::int as cat_full,
           count(*) filter (where r.member_status = 'probationary')::int as cat_probationary,
           count(*) filter (where r.exempted)::int as cat_exempted,
           count(*) filter (where r.temporary)::int as cat_temporary,
           count(*) filter (where ${counted})::int as cat_required,
           count(*) filter (where r.mark = 'present')::int as cat_present,
           count(*) filter (where ${counted} and r.mark = 'absent_excused')::int as cat_absent_excused,
           count(*) filter (where ${counted} and r.mark = 'absent_unexcused')::int as cat_absent_unexcused
      from ${rows} r
     group by r.branch_id`;
}

/**
 * The rows `categorySumsSql` reads, for the held meetings of `meetings` (id, region_id, branch_id, date,
 * status): the marks of the members on the list (the invited aside), with the member's standing on the date.
 * Exemptions and temporary attendances are few: their (meeting, member) pairs are found from their side and
 * hash-joined to the marks, instead of a lookup per mark.
 */
export function categoryRowsSql(meetings: SQL): SQL {
  const onDate = (t: SQL) => sql`
    select distinct hm.id as meeting_id, x.member_id
      from ${t} x join members xm on xm.id = x.member_id and xm.region_id = x.region_id
      join ${meetings} hm on hm.branch_id = xm.branch_id and hm.status = 'held'
     where x.from_date <= hm.date and (x.to_date is null or hm.date <= x.to_date)`;
  return sql`(
    select hm.branch_id, mem.status::text as member_status, a.status::text as mark,
           ex.member_id is not null as exempted, tmp.member_id is not null as temporary
      from ${meetings} hm
      join attendance a on a.meeting_id = hm.id and a.region_id = hm.region_id
      join members mem on mem.id = a.member_id and mem.region_id = a.region_id
      left join (${onDate(sql`member_exemptions`)}) ex on ex.meeting_id = a.meeting_id and ex.member_id = a.member_id
      left join (${onDate(sql`temporary_attendances`)}) tmp on tmp.meeting_id = a.meeting_id and tmp.member_id = a.member_id
     where hm.status = 'held' and mem.role <> 'guest')`;
}
