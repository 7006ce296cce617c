/**
 * The committee grid's one read: a page of the branches below a committee (by name), each with its
 * meetings of the months asked, and where each meeting's minutes stand by its campaign's rule
 * (`minutes/minutes-sql.ts`). One statement whatever the number of branches. No caller, no rules.
 */
import { sql } from "drizzle-orm";
import type { DbOrTx } from "../db/client.ts";
import type { MeetingKind } from "../domain/meeting-quality.ts";
import type { Band } from "../domain/meeting-rating.ts";
import type { MeetingStatus, MinutesStanding } from "../domain/minutes-rules.ts";
import { minutesDueSql, minutesStandingSql } from "../minutes/minutes-sql.ts";

export interface GridCellRow {
  id: string;
  /** yyyy-MM */
  month: string;
  date: string;
  status: MeetingStatus;
  /** The meeting's day is after today in the branch's zone. */
  ahead: boolean;
  standing: MinutesStanding;
  /** A make-up meeting (it keeps the month of the meeting it replaces). */
  makeup: boolean;
  kind: MeetingKind;
  /** The meeting's rating, when its points were entered (issue 20). */
  band: Band | null;
}

export interface GridBranchRow {
  id: string;
  name: string;
  /** How many branches the committee has below it (every page). */
  total: number;
  committeeId: string;
  cells: GridCellRow[];
}

/** Branches `offset`… (at most `limit`) under the committee, with their meetings from month `from` to
 * month `to` (first days, inclusive). */
export async function gridRows(
  db: DbOrTx,
  q: { committeeId: string; from: string; to: string; now: Date; limit: number; offset: number },
): Promise<GridBranchRow[]> {
  const now = sql`${q.now.toISOString()}::timestamptz`;
  const result = await db.execute<GridBranchRow & Record<string, unknown>>(sql`
    with sb as (
      select b.id, b.region_id, b.name, b.timezone, b.committee_id, count(*) over ()::int as total
        from branches b join committees c on c.id = b.committee_id
       where ${q.committeeId}::uuid = any(c.ancestor_ids)
       order by b.name, b.id
       limit ${q.limit} offset ${q.offset}
    )
    select sb.id, sb.name, sb.total, sb.committee_id as "committeeId",
           coalesce((
             select json_agg(json_build_object(
                      'id', m.id,
                      'month', to_char(m.month, 'YYYY-MM'),
                      'date', m.date::text,
                      'status', m.status,
                      'ahead', m.date > (${now} at time zone sb.timezone)::date,
                      'makeup', m.makeup_of is not null,
                      'kind', m.kind,
                      'band', r.band,
                      'standing', ${minutesStandingSql({
                        due: minutesDueSql(sql`m.date`, sql`ca.minutes_due_days`),
                        submittedAt: sql`mi.submitted_at`,
                        now,
                        zone: sql`sb.timezone`,
                      })}) order by m.month, m.date)
               from meetings m
               left join campaigns ca on ca.id = m.campaign_id
               left join minutes mi on mi.meeting_id = m.id and mi.region_id = m.region_id
               left join meeting_ratings r on r.meeting_id = m.id and r.region_id = m.region_id
              where m.region_id = sb.region_id and m.branch_id = sb.id
                and m.month between ${q.from}::date and ${q.to}::date), '[]'::json) as cells
      from sb
     order by sb.name, sb.id`);
  return result.rows as unknown as GridBranchRow[];
}
