/**
 * The counts kept on each attendance sheet: the roster's categories (`countCategories`,
 * domain/meeting-quality.ts) computed from the sheet's marks, the members' status and role and the standings
 * (exemption, temporary attendance) on the meeting's date, and each mark's `expected` (an exempted member who
 * did not come is neither required nor absent: off the rate, the quorum and the three-absence flag).
 *
 * Stored so that the yearly report sums one row per meeting instead of reading every mark with its member and
 * standing (bench/README.md, issue 20). They depend on more than the sheet, so every write that can move them
 * recomputes the sheets it touches in its own transaction: saving the sheet, recording or ending an exemption
 * or a temporary attendance, changing a member's status or role. Checked against `countCategories` in
 * tests/reports/report-categories.test.ts; migration 0022 backfills existing sheets with the same statement.
 */
import { type SQL, sql } from "drizzle-orm";
import type { DbOrTx } from "../db/client.ts";

/** Which sheets to recompute: one meeting's; or the meetings of a member's branch, on dates in a period
 * (`to` null: open-ended), or all of them (`from` null). */
export type SheetsToRefresh =
  | { meetingId: string; regionId: string }
  | { memberId: string; from: string | null; to: string | null };

function targetSql(which: SheetsToRefresh): SQL {
  if ("meetingId" in which)
    return sql`select m.id, m.region_id, m.branch_id, m.date from meetings m
                where m.id = ${which.meetingId}::uuid and m.region_id = ${which.regionId}::uuid`;
  return sql`
    select m.id, m.region_id, m.branch_id, m.date
      from members mem
      join meetings m on m.branch_id = mem.branch_id and m.region_id = mem.region_id
     where mem.id = ${which.memberId}::uuid
       and (${which.from}::date is null or m.date >= ${which.from}::date)
       and (${which.to}::date is null or m.date <= ${which.to}::date)`;
}

/**
 * The statement that recomputes the sheets of the meetings `target` gives (id, region_id, branch_id, date): the marks'
 * `expected`, then the sheet's counts. Exported for the migration's backfill test, which runs the same
 * statement written by hand over every sheet.
 */
export function refreshSheetCountsSql(target: SQL): SQL {
  return sql`
    with target as (${target}),
    -- The (meeting, member) pairs exempted or temporary on the meeting's date, found from the standings' side
    -- (a few members of a branch): one hash lookup per mark instead of an index probe per mark and standing.
    standing as (
      select distinct 'exempted'::text as kind, t.id as meeting_id, x.member_id
        from member_exemptions x
        join members xm on xm.id = x.member_id and xm.region_id = x.region_id
        join target t on t.branch_id = xm.branch_id and t.region_id = xm.region_id
         and x.from_date <= t.date and (x.to_date is null or t.date <= x.to_date)
      union
      select distinct 'temporary'::text, t.id, x.member_id
        from temporary_attendances x
        join members xm on xm.id = x.member_id and xm.region_id = x.region_id
        join target t on t.branch_id = xm.branch_id and t.region_id = xm.region_id
         and x.from_date <= t.date and (x.to_date is null or t.date <= x.to_date)
    ),
    marks as (
      select a.meeting_id, a.region_id, a.member_id, a.status, a.expected as was_expected,
             mem.status as member_status, mem.role <> 'guest' as on_list,
             ex.member_id is not null as exempted, tp.member_id is not null as temporary
        from target t
        join attendance a on a.meeting_id = t.id and a.region_id = t.region_id
        join members mem on mem.id = a.member_id and mem.region_id = a.region_id
        left join standing ex on ex.kind = 'exempted' and ex.meeting_id = a.meeting_id and ex.member_id = a.member_id
        left join standing tp on tp.kind = 'temporary' and tp.meeting_id = a.meeting_id and tp.member_id = a.member_id
    ),
    judged as (
      select *, on_list and not (exempted and status <> 'present') as counted from marks
    ),
    expected_fixed as (
      update attendance a set expected = j.counted
        from (select * from judged where was_expected <> counted) j
       where a.meeting_id = j.meeting_id and a.region_id = j.region_id and a.member_id = j.member_id
    ),
    counts as (
      select meeting_id, region_id,
             count(*) filter (where on_list)::int as total,
             count(*) filter (where on_list and member_status = 'full')::int as full_n,
             count(*) filter (where on_list and member_status <> 'full')::int as probationary,
             count(*) filter (where on_list and exempted)::int as exempted,
             count(*) filter (where on_list and temporary)::int as temporary,
             count(*) filter (where counted)::int as required,
             count(*) filter (where counted and status = 'present')::int as present,
             count(*) filter (where counted and status = 'absent_excused')::int as excused,
             count(*) filter (where counted and status = 'absent_unexcused')::int as unexcused
        from judged group by meeting_id, region_id
    )
    update attendance_sheets s set
           total_count = coalesce(c.total, 0), full_count = coalesce(c.full_n, 0),
           probationary_count = coalesce(c.probationary, 0), exempted_count = coalesce(c.exempted, 0),
           temporary_count = coalesce(c.temporary, 0), expected_count = coalesce(c.required, 0),
           present_count = coalesce(c.present, 0), excused_count = coalesce(c.excused, 0),
           unexcused_count = coalesce(c.unexcused, 0)
      from target t left join counts c on c.meeting_id = t.id and c.region_id = t.region_id
     where s.meeting_id = t.id and s.region_id = t.region_id`;
}

/**
 * Recomputes the kept counts of the sheets `which` names (meetings without a sheet are left alone). The
 * meetings are locked first, in a statement of their own (as a sheet's save locks its meeting before reading
 * the standings): a save and a standing change of the same meeting then run one after the other, and the
 * recount, a later statement, sees what the other committed.
 */
export async function refreshSheetCounts(db: DbOrTx, which: SheetsToRefresh): Promise<void> {
  await db.execute(sql`select t.id from meetings m join (${targetSql(which)}) t on t.id = m.id and t.region_id = m.region_id
                        order by t.id for update of m`);
  await db.execute(refreshSheetCountsSql(targetSql(which)));
}
