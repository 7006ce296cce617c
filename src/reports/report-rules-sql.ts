/**
 * The rules the reports share with TypeScript, written in SQL from the domain's definitions (the peak window,
 * the peak rule, the attendance rate) and checked against them over generated cases in
 * tests/reports/report-rules-sql.test.ts.
 */
import { type SQL, sql } from "drizzle-orm";
import { PEAK_WINDOW_DAYS } from "../domain/peaks.ts";

type PeakColumns = { day: SQL; month: SQL; baseYear: SQL };

/** The peak's day in year `y` (29/2 in a common year runs into March: not an occurrence). */
const occurrenceDaySql = (y: SQL, peak: PeakColumns) =>
  sql`make_date(${y}, ${peak.month}, 1) + (${peak.day} - 1)`;

/** Whether that day is an occurrence: it exists that year, and the anniversary is at least the first. */
const isOccurrenceSql = (y: SQL, day: SQL, peak: PeakColumns) =>
  sql`${y} - ${peak.baseYear} >= 1 and extract(month from ${day}) = ${peak.month}`;

/** `day`'s window (PEAK_WINDOW_DAYS up to and including it) holds `meetingDate`. */
const inWindowSql = (meetingDate: SQL, day: SQL) =>
  sql`${day} - ${meetingDate} >= 0 and ${day} - ${meetingDate} < ${PEAK_WINDOW_DAYS}::int`;

/** An occurrence of the peak (this year's or next year's) whose window holds `meetingDate`, and `also`. */
function peakOccurrenceSql(meetingDate: SQL, peak: PeakColumns, also: (day: SQL) => SQL): SQL {
  return sql`exists (
    select 1
      from (values (extract(year from ${meetingDate})::int), (extract(year from ${meetingDate})::int + 1)) y(y)
     cross join lateral (select ${occurrenceDaySql(sql`y.y`, peak)} as d) occ
     where ${isOccurrenceSql(sql`y.y`, sql`occ.d`, peak)}
       and ${inWindowSql(meetingDate, sql`occ.d`)}
       and ${also(sql`occ.d`)})`;
}

/**
 * Every occurrence, in the years `fromYear`‥`toYear`, of the peaks of `peaks` (a relation with day, month,
 * base_year): its rows with the day `d`. A report computes them once and looks each meeting's window up,
 * instead of computing two years' occurrences per meeting and peak.
 */
export function peakDaysSql(peaks: SQL, fromYear: SQL, toYear: SQL): SQL {
  const peak = { day: sql`p.day`, month: sql`p.month`, baseYear: sql`p.base_year` };
  return sql`select p.*, occ.d
    from ${peaks} p
   cross join generate_series(${fromYear}, ${toYear}) y(y)
   cross join lateral (select ${occurrenceDaySql(sql`y.y`, peak)} as d) occ
   where ${isOccurrenceSql(sql`y.y`, sql`occ.d`, peak)}`;
}

/**
 * `peaksStressedBy` (domain/peaks.ts) in SQL, set-based: for each peak day of `days` (`peakDaysSql`'s rows
 * with a campaign_id) and each branch, the last meeting of `sequence` (meetings that take place: id,
 * branch_id, campaign_id, date) within the day's window, in (date, id) order: the meeting that stresses it.
 * Rows: `id`, `branch_id`, `campaign_id`, `d`, one per branch, campaign and day; whether a peak of that day
 * concerns the branch (a local peak, the branches below its committee) is the caller's to ask.
 *
 * A sequence cut at a start date gives the same answer for the meetings after the cut (the last meeting of a
 * window is the latest); one cut PEAK_WINDOW_DAYS − 1 days after a period's end, for the meetings of the period.
 */
export function peakStressersSql(q: { sequence: SQL; days: SQL }): SQL {
  // Each day's window spelt out as its PEAK_WINDOW_DAYS dates, so that a meeting finds its windows by one
  // hash probe on (campaign, date) rather than by testing every peak day of its campaign. `offset 0` keeps
  // them a relation of their own, which the planner then hashes (a few hundred rows) instead of the meetings.
  return sql`select distinct on (s.branch_id, s.campaign_id, pk.d) s.id, s.branch_id, s.campaign_id, pk.d
      from ${q.sequence} s
      join (select dd.*, (dd.d - k.k)::date as wd
              from ${q.days} dd cross join generate_series(0, ${PEAK_WINDOW_DAYS}::int - 1) k(k) offset 0) pk
        on pk.campaign_id = s.campaign_id and pk.wd = s.date
     order by s.branch_id, s.campaign_id, pk.d, s.date desc, s.id desc`;
}

/**
 * `findPeak` (domain/peaks.ts) in SQL, for one peak: the meeting on `meetingDate` lies within the
 * PEAK_WINDOW_DAYS up to and including the peak's day, this year's or next year's occurrence; an
 * occurrence exists when the day exists that year (29/2) and the anniversary is at least the first.
 */
export function inPeakWindowSql(meetingDate: SQL, peak: PeakColumns): SQL {
  return peakOccurrenceSql(meetingDate, peak, () => sql`true`);
}

/**
 * `peaksStressedBy` (domain/peaks.ts) in SQL, for one meeting and one peak: the peak's window holds the
 * meeting and no later meeting of its branch and campaign that takes place (not cancelled) falls between
 * it and the peak's day; two on one day are ordered by id. `sequence` is the meetings relation (a table or
 * a CTE with id, branch_id, campaign_id, date, status). The window is PEAK_WINDOW_DAYS, as in TypeScript.
 */
export function stressesPeakSql(
  m: { id: SQL; date: SQL; branchId: SQL; campaignId: SQL },
  peak: PeakColumns,
  sequence: SQL = sql`meetings`,
): SQL {
  return peakOccurrenceSql(
    m.date,
    peak,
    (day) => sql`not exists (
      select 1 from ${sequence} n
       where n.branch_id = ${m.branchId} and n.campaign_id = ${m.campaignId}
         and n.status <> 'cancelled' and n.date <= ${day}
         and (n.date, n.id) > (${m.date}, ${m.id}))`,
  );
}

/** `attendanceRate` (domain/minutes-rules.ts) in SQL: the same float arithmetic, rounded to 4 decimals. */
export function attendanceRateSql(present: SQL, expected: SQL): SQL {
  return sql`(case when ${expected} > 0 then floor(${present}::float8 / ${expected} * 10000 + 0.5) / 10000 end)`;
}
