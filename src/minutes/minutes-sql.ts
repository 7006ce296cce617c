/**
 * The minutes rules that must also run inside set-based SQL (the flag list, the reports over thousands of
 * branches), built from the domain's constants so that each rule has one definition. A test runs these
 * fragments on PostgreSQL against the TypeScript rules over generated cases (tests/minutes/minutes-sql.test.ts).
 */
import { type SQL, sql } from "drizzle-orm";
import {
  ABSENCE_FLAG_THRESHOLD,
  DEFAULT_MINUTES_DUE_DAYS,
  FLAGGED_STATUS,
  UNCOUNTED_MEETING,
} from "../domain/minutes-rules.ts";

/** A constant of the domain written into the statement itself (not a parameter), so that the planner sees
 * it: the partial index on unexcused absences matches only a literal status. */
function literal(v: string | number): SQL {
  if (typeof v === "number" && Number.isInteger(v)) return sql.raw(String(v));
  if (typeof v === "string" && /^[a-z_]+$/.test(v)) return sql.raw(`'${v}'`);
  throw new Error(`not a plain constant: ${String(v)}`);
}

/** `localDate` in SQL: the civil date of a timestamptz in a zone. */
export function localDateSql(instant: SQL, zone: SQL): SQL {
  return sql`((${instant}) at time zone (${zone}))::date`;
}

/** `dueDate` in SQL: the meeting's date plus its campaign's due days (the default when null). */
export function minutesDueSql(meetingDate: SQL, dueDays: SQL): SQL {
  return sql`((${meetingDate}) + coalesce(${dueDays}, ${literal(DEFAULT_MINUTES_DUE_DAYS)}))`;
}

/** `minutesStanding` in SQL: 'on_time', 'late' or 'pending'. `now` is a timestamptz expression, e.g.
 * sql`${now.toISOString()}::timestamptz`. */
export function minutesStandingSql(o: { due: SQL; submittedAt: SQL; now: SQL; zone: SQL }): SQL {
  return sql`(case
    when (${o.submittedAt}) is not null
      then case when ${localDateSql(o.submittedAt, o.zone)} > (${o.due}) then 'late' else 'on_time' end
    when ${localDateSql(o.now, o.zone)} > (${o.due}) then 'late'
    else 'pending' end)`;
}

/**
 * The statute's flag in SQL (`flaggedInYear`): a subquery with one row per branch, member and calendar
 * year that reaches the threshold, columns `branch_id, member_id, year, absences, dates` (text[], sorted).
 * `branchIds` is anything that fits in `in (…)`: sql`${id}::uuid` or sql`select id from scope_branches`.
 * `year` null covers every year (still counted per year).
 */
export function absenceFlagsSql(
  o: (
    | { branchIds: SQL; meetings?: SQL }
    /** Without `branchIds`, `meetings` holds only the branches' meetings: no second test of the branch. */
    | { branchIds?: undefined; meetings: SQL }
  ) & {
    year: number | null;
    /** The meetings to read (id, branch_id, date, status): a report's own, when they are all of its branches'
     * meetings in the year, saves scanning the table again. */
    meetings?: SQL;
    /** false: no `dates` column (a report that only counts saves sorting every absence). */
    dates?: boolean;
  },
): SQL {
  return sql`
    select fm.branch_id, fa.member_id, extract(year from fm.date)::int as year,
           count(*)::int as absences${o.dates === false ? sql`` : sql`, array_agg(fm.date::text order by fm.date) as dates`}
      from attendance fa
      join ${o.meetings ?? sql`meetings`} fm on fm.id = fa.meeting_id
     where ${o.branchIds ? sql`fm.branch_id in (${o.branchIds})` : sql`true`}
       and fa.expected
       and fa.status = ${literal(FLAGGED_STATUS)}
       and fm.status <> ${literal(UNCOUNTED_MEETING)}
       and (${o.year}::int is null
            or (fm.date >= make_date(${o.year}::int, 1, 1) and fm.date < make_date(${o.year}::int + 1, 1, 1)))
     group by fm.branch_id, fa.member_id, extract(year from fm.date)
    having count(*) >= ${literal(ABSENCE_FLAG_THRESHOLD)}`;
}
