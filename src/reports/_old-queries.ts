/**
 * The reports' reads: no caller, no reach. The figures come from one set-based query per report, so a
 * committee with 2,000 branches costs one round trip, not 2,000. The rules that also live in TypeScript
 * (the peak window, the attendance rate) are built here from the domain's definitions and checked against
 * them in tests/reports/report-rules-sql.test.ts.
 */
import { type SQL, sql } from "drizzle-orm";
import type { DbOrTx } from "../db/client.ts";
import type { Band } from "../domain/meeting-rating.ts";
import { PEAK_WINDOW_DAYS } from "../domain/peaks.ts";
import { absenceFlagsSql, minutesDueSql, minutesStandingSql } from "../minutes/minutes-sql.ts";
import { bandCountsSql, bandRankSql, thematicQuartersSql } from "../ratings/ratings-sql.ts";

export interface ReportFilter {
  year?: number;
  campaignId?: string;
}

/** Whose branches a report counts; `regionId` is the one region they live in (src/db/distribution.ts), null
 * for a committee above the provinces, whose report reads every region. */
export type ReportScope =
  | { kind: "branch"; id: string; regionId: string }
  | { kind: "committee"; id: string; regionId: string | null };

export interface FlaggedInReport {
  memberId: string;
  fullName: string;
  year: number;
  unexcusedAbsences: number;
}

// ------------------------------------------------------------------------------- rules written in SQL

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
 * The meeting lies within the window of one of its campaign's peak days (`days`: `peakDaysSql`'s rows).
 * A sequence cut down to such meetings gives the same successors where they matter: a successor that falls
 * on or before a peak's day whose window holds the meeting lies within that window itself.
 */
export function inPeakWindowsSql(m: { date: SQL; campaignId: SQL }, days: SQL): SQL {
  return sql`exists (select 1 from ${days} pw where pw.campaign_id = ${m.campaignId} and ${inWindowSql(m.date, sql`pw.d`)})`;
}

/** With `peakDaysSql`'s rows: the occurrence's window holds the meeting and no later meeting of its branch
 * and campaign that takes place falls on or before the day (the successor's date, `nextMeetingDateSql`). */
export function stressesPeakDaySql(m: { date: SQL; nextDate: SQL }, day: SQL): SQL {
  return sql`${inWindowSql(m.date, day)} and (${m.nextDate} is null or ${m.nextDate} > ${day})`;
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

/** The date of the next meeting of the same branch and campaign that takes place, in (date, id) order:
 * a window over rows of `id, branch_id, campaign_id, date` of meetings that are not cancelled. */
export const nextMeetingDateSql = sql`lead(date) over (partition by branch_id, campaign_id order by date, id)`;

/** `attendanceRate` (domain/minutes-rules.ts) in SQL: the same float arithmetic, rounded to 4 decimals. */
export function attendanceRateSql(present: SQL, expected: SQL): SQL {
  return sql`(case when ${expected} > 0 then floor(${present}::float8 / ${expected} * 10000 + 0.5) / 10000 end)`;
}

// ------------------------------------------------------------------------------------ branch figures

export interface BranchFiguresRow {
  branch_id: string;
  branch_name: string;
  committee_name: string;
  planned: number;
  held: number;
  cancelled: number;
  not_recorded: number;
  upcoming: number;
  topics_studied: number;
  topics_not_studied: number;
  peak_held: number;
  expected: number;
  present: number;
  attendance_rate: number | null;
  on_time: number;
  late: number;
  pending: number;
  flagged: FlaggedInReport[];
  studied_list?: { code: string; title: string }[];
  not_studied_list?: { code: string; title: string }[];
  peak_list?: { id: string; date: string }[];
  /** Meetings a secretary moved out of their month, with the reason she gave. */
  moved_list?: { date: string; month: string; reason: string }[];
  /** The committees above the branch, itself included. */
  ancestor_ids?: string[];
  /** The branch's held meetings that were rated. */
  rated_list?: { date: string; total: number; band: Band }[];
  committee_id: string;
  months_due: number;
  rated_tot: number;
  rated_kha: number;
  rated_trung_binh: number;
  rated_kem: number;
  /** Quarters of the period ended with 0, 1 and 2 held thematic meetings (`thematicQuartersSql`). */
  thematic_q0: number;
  thematic_q1: number;
  thematic_q2: number;
  /** The counts by category kept on the sheets, summed over the held meetings; null without any meeting. */
  categories: Record<string, number> | null;
}

/** The figures of each branch in scope (one branch, or every branch below a committee), in committee and
 * branch name order. `detail` adds the topic and peak-meeting lists and the committees above, meant for one branch. */
export async function branchFigures(
  db: DbOrTx,
  q: { scope: ReportScope; filter: ReportFilter; now: Date; detail: boolean },
): Promise<BranchFiguresRow[]> {
  return db.transaction(async (tx) => {
    // Its CTEs and per-member groups hold 100,000s of rows for a country: at the default 4 MB they spill to
    // disk (EXPLAIN ANALYZE, bench/README.md). Local to this transaction, one query at a time per instance.
    await tx.execute(sql`set local work_mem = '64MB'`);
    const result = await tx.execute<BranchFiguresRow & Record<string, unknown>>(branchFiguresSql(q));
    return result.rows as unknown as BranchFiguresRow[];
  });
}

export function branchFiguresSql(q: {
  scope: ReportScope;
  filter: ReportFilter;
  now: Date;
  detail: boolean;
}): SQL {
  const { scope, filter } = q;
  const from = filter.year ? `${filter.year}-01-01` : null;
  const to = filter.year ? `${filter.year + 1}-01-01` : null;
  const campaign = filter.campaignId ?? null;
  const region = scope.regionId;
  const inScope =
    scope.kind === "branch" ? sql`b.id = ${scope.id}::uuid` : sql`${scope.id}::uuid = any(c.ancestor_ids)`;
  const details = q.detail
    ? sql`,
      (select coalesce(json_agg(json_build_object('code', sk.code, 'title', sk.title) order by sk.position, sk.code), '[]')
         from studied_keys sk where sk.branch_id = sb.id) as studied_list,
      (select coalesce(json_agg(json_build_object('code', ns.code, 'title', ns.title) order by ns.position, ns.code), '[]')
         from not_studied ns where ns.branch_id = sb.id) as not_studied_list,
      (select coalesce(json_agg(json_build_object('id', pm.id, 'date', pm.date::text) order by pm.date), '[]')
         from per_meeting pm where pm.branch_id = sb.id and pm.status = 'held' and pm.is_peak) as peak_list,
      (select coalesce(json_agg(json_build_object('date', mm.date::text, 'month', mm.month::text,
                                                 'reason', mm.off_month_reason) order by mm.date), '[]')
         from m mm where mm.branch_id = sb.id and mm.off_month_reason is not null
                     and mm.status <> 'cancelled') as moved_list,
      array_to_json(sb.ancestor_ids) as ancestor_ids,
      (select coalesce(json_agg(json_build_object('date', pm.date::text, 'total', r.total, 'band', r.band)
                                order by pm.date), '[]')
         from per_meeting pm join meeting_ratings r on r.meeting_id = pm.id
        where pm.branch_id = sb.id and pm.status = 'held') as rated_list`
    : sql``;
  return sql`
    with scope_branches as (
      select b.id, b.region_id, b.name, b.timezone, b.committee_id, c.name as committee_name, c.ancestor_ids,
             (${q.now.toISOString()}::timestamptz at time zone b.timezone)::date as today
        from branches b join committees c on c.id = b.committee_id
       where ${inScope} and (${region}::uuid is null or b.region_id = ${region}::uuid)
    ),
    m as (
      select m.id, m.region_id, m.branch_id, m.campaign_id, m.date, m.month, m.status, m.topic_id, m.kind,
             m.off_month_reason, m.makeup_of, sb.today, sb.timezone, sb.ancestor_ids
        -- By the branch alone: the region is the branch's by construction, and a second join column would make
        -- PostgreSQL multiply two selectivities that are one (rows under-estimated twentyfold: nested loops).
        from meetings m join scope_branches sb on sb.id = m.branch_id
       where (${region}::uuid is null or m.region_id = ${region}::uuid)
         and (${from}::date is null or m.date >= ${from}::date)
         and (${to}::date is null or m.date < ${to}::date)
         and (${campaign}::uuid is null or m.campaign_id = ${campaign}::uuid)
    ),
    -- The peaks' days in the years the meetings span (and the next: a window reaches into it), computed once.
    peak_days as (${peakDaysSql(
      sql`(select * from peak_dates where campaign_id in (select campaign_id from m))`,
      sql`(select extract(year from min(date))::int from m)`,
      sql`(select extract(year from max(date))::int + 1 from m)`,
    )}),
    -- Each meeting's successor that takes place, among the meetings within a peak's window (a window may reach
    -- past the period's end): the only successors that can take a peak over (\`inPeakWindowsSql\`).
    nx as (
      select id, ${nextMeetingDateSql} as next_date
        from (select n.id, n.branch_id, n.campaign_id, n.date
                from meetings n join scope_branches sb on sb.id = n.branch_id
               where n.status <> 'cancelled'
                 and (${region}::uuid is null or n.region_id = ${region}::uuid)
                 and (${from}::date is null or n.date >= ${from}::date)
                 and (${to}::date is null or n.date < ${to}::date + ${PEAK_WINDOW_DAYS}::int)
                 and (${campaign}::uuid is null or n.campaign_id = ${campaign}::uuid)
                 and ${inPeakWindowsSql({ date: sql`n.date`, campaignId: sql`n.campaign_id` }, sql`peak_days`)}) n
    ),
    -- The held meetings that stress a peak of their campaign (national, or local to a committee above the
    -- branch): each the branch's last meeting within the peak's window. One join, not a lookup per meeting.
    peak_meetings as (
      select distinct m.id
        from m
        join nx on nx.id = m.id
        join peak_days pk on pk.campaign_id = m.campaign_id
       where m.status = 'held'
         and (pk.committee_id is null or pk.committee_id = any(m.ancestor_ids))
         and ${stressesPeakDaySql({ date: sql`m.date`, nextDate: sql`nx.next_date` }, sql`pk.d`)}
    ),
    per_meeting as (
      select m.id, m.branch_id, m.campaign_id, m.date, m.status, m.today,
             coalesce(mi.topic_id, m.topic_id) as studied_topic,
             s.expected_count, s.present_count, s.excused_count, s.unexcused_count, s.total_count, s.full_count,
             s.probationary_count, s.exempted_count, s.temporary_count,
             ${minutesStandingSql({
               due: minutesDueSql(sql`m.date`, sql`c.minutes_due_days`),
               submittedAt: sql`mi.submitted_at`,
               now: sql`${q.now.toISOString()}::timestamptz`,
               zone: sql`m.timezone`,
             })} as minutes_standing,
             pm.id is not null as is_peak,
             m.month, m.makeup_of is not null as makeup, ${bandRankSql(sql`r.band`)} as band_rank
        from m
        left join peak_meetings pm on pm.id = m.id
        left join meeting_ratings r on r.meeting_id = m.id and r.region_id = m.region_id
        left join attendance_sheets s on s.meeting_id = m.id and s.region_id = m.region_id
        left join minutes mi on mi.meeting_id = m.id and mi.region_id = m.region_id
        left join campaigns c on c.id = m.campaign_id
    ),
    agg as (
      select branch_id,
             count(*)::int as planned,
             count(*) filter (where status = 'held')::int as held,
             count(*) filter (where status = 'cancelled')::int as cancelled,
             count(*) filter (where status = 'planned' and date < today)::int as not_recorded,
             count(*) filter (where status = 'planned' and date >= today)::int as upcoming,
             count(*) filter (where is_peak)::int as peak_held,
             coalesce(sum(expected_count) filter (where status = 'held'), 0)::int as expected,
             coalesce(sum(present_count) filter (where status = 'held'), 0)::int as present,
             count(*) filter (where status = 'held' and minutes_standing = 'on_time')::int as on_time,
             count(*) filter (where status = 'held' and minutes_standing = 'late')::int as late,
             count(*) filter (where status = 'held' and minutes_standing = 'pending')::int as pending,
             -- The counts by category kept on each sheet (minutes/sheet-counts-queries.ts), summed.
             json_build_object(
               'cat_total', coalesce(sum(total_count) filter (where status = 'held'), 0),
               'cat_full', coalesce(sum(full_count) filter (where status = 'held'), 0),
               'cat_probationary', coalesce(sum(probationary_count) filter (where status = 'held'), 0),
               'cat_exempted', coalesce(sum(exempted_count) filter (where status = 'held'), 0),
               'cat_temporary', coalesce(sum(temporary_count) filter (where status = 'held'), 0),
               'cat_required', coalesce(sum(expected_count) filter (where status = 'held'), 0),
               'cat_present', coalesce(sum(present_count) filter (where status = 'held'), 0),
               'cat_absent_excused', coalesce(sum(excused_count) filter (where status = 'held'), 0),
               'cat_absent_unexcused', coalesce(sum(unexcused_count) filter (where status = 'held'), 0)
             ) as categories
        from per_meeting group by branch_id
    ),
    band_counts as (${bandCountsSql(sql`per_meeting`)}),
    -- The period's months: the year's, cut to the campaign's; neither named, those of the meetings.
    period as (
      select coalesce(greatest(${from}::date, cp.first_month), (select min(month) from m)) as first_day,
             coalesce(least(${to}::date, (cp.last_month + interval '1 month')::date),
                      (select (max(month) + interval '1 month')::date from m)) as end_day
        from (select 1) one left join campaigns cp on cp.id = ${campaign}::uuid
    ),
    quarters as (${thematicQuartersSql({
      meetings: sql`m`,
      branches: sql`scope_branches`,
      from: sql`(select first_day from period)`,
      to: sql`(select end_day from period)`,
    })}),
    studied as (
      select distinct branch_id, studied_topic as topic_id
        from per_meeting where status = 'held' and studied_topic is not null
    ),
    camp as (
      select c.id, c.committee_id, c.book_title, c.first_month
        from campaigns c
       where c.committee_id is not null
         and (${campaign}::uuid is null or c.id = ${campaign}::uuid)
         and (${from}::date is null or (c.first_month < ${to}::date and c.last_month >= ${from}::date))
    ),
    -- A topic is a part of a book: campaigns that plan the same book again (a new period, a copy of the
    -- catalogue) hold the same topic under the same code, and a branch studies it once, whichever
    -- campaign's meeting it was.
    studied_keys as (
      select distinct on (s.branch_id, c.book_title, t.code)
             s.branch_id, c.book_title, t.code, t.title, t.position
        from studied s join topics t on t.id = s.topic_id join campaigns c on c.id = t.campaign_id
       order by s.branch_id, c.book_title, t.code, c.first_month desc
    ),
    branch_topics as (
      select distinct on (sb.id, cp.book_title, t.code)
             sb.id as branch_id, cp.book_title, t.code, t.title, t.position
        from scope_branches sb
        join camp cp on cp.committee_id = any(sb.ancestor_ids)
        join topics t on t.campaign_id = cp.id and t.removed_at is null
       order by sb.id, cp.book_title, t.code, cp.first_month desc
    ),
    not_studied as (
      select bt.* from branch_topics bt
       where not exists (select 1 from studied_keys sk
                          where sk.branch_id = bt.branch_id and sk.book_title = bt.book_title and sk.code = bt.code)
    ),
    -- The counts without the lists (which only one branch's report gives): the keys without their titles,
    -- by hashing; the topics a branch is given are its committee's (the campaigns of the committees above
    -- it), found once per committee rather than once per branch; not studied = given − studied among them.
    -- A topic's key (its book and code) as one number, so that the sets below hash small values.
    topic_keys as (
      select t.id, t.campaign_id, t.removed_at, dense_rank() over (order by c.book_title, t.code) as k
        from topics t join campaigns c on c.id = t.campaign_id
    ),
    studied_topic_keys as (
      select distinct s.branch_id, tk.k from studied s join topic_keys tk on tk.id = s.topic_id
    ),
    committee_topics as (
      select distinct co.committee_id, tk.k
        from (select distinct committee_id, ancestor_ids from scope_branches) co
        join camp cp on cp.committee_id = any(co.ancestor_ids)
        join topic_keys tk on tk.campaign_id = cp.id and tk.removed_at is null
    ),
    studied_counts as (
      select branch_id, count(*)::int as n from studied_topic_keys group by branch_id
    ),
    not_studied_counts as (
      select sb.id as branch_id, given.n - coalesce(listed.n, 0) as n
        from scope_branches sb
        join (select committee_id, count(*)::int as n from committee_topics group by committee_id) given
          on given.committee_id = sb.committee_id
        left join (select sk.branch_id, count(*)::int as n
                     from studied_topic_keys sk
                     join scope_branches kb on kb.id = sk.branch_id
                     join committee_topics ct on ct.committee_id = kb.committee_id and ct.k = sk.k
                    group by sk.branch_id) listed on listed.branch_id = sb.id
    ),
    -- Without a campaign, \`m\` is every meeting of the branches in the year: the flag's own set.
    flags as (${absenceFlagsSql({
      branchIds: sql`select id from scope_branches`,
      year: filter.year ?? null,
      ...(campaign === null ? { meetings: sql`m` } : {}),
    })}
    ),
    -- The names of the few flagged, each looked up by its key (a join hashed all the members: EXPLAIN ANALYZE).
    flag_lists as (
      select f.branch_id,
             json_agg(json_build_object('memberId', f.member_id, 'fullName', f.full_name, 'year', f.year,
                                        'unexcusedAbsences', f.absences) order by f.full_name, f.year) as list
        from (select fl.*, (select mem.full_name from members mem where mem.id = fl.member_id) as full_name
                from flags fl) f
       group by f.branch_id
    ),
    result as (
      select sb.id as branch_id, sb.name as branch_name, sb.committee_name,
             coalesce(agg.planned, 0) as planned, coalesce(agg.held, 0) as held,
             coalesce(agg.cancelled, 0) as cancelled, coalesce(agg.not_recorded, 0) as not_recorded,
             coalesce(agg.upcoming, 0) as upcoming,
             coalesce(sc.n, 0) as topics_studied,
             coalesce(nsc.n, 0) as topics_not_studied,
             coalesce(agg.peak_held, 0) as peak_held,
             coalesce(agg.expected, 0) as expected, coalesce(agg.present, 0) as present,
             ${attendanceRateSql(sql`coalesce(agg.present, 0)`, sql`coalesce(agg.expected, 0)`)} as attendance_rate,
             coalesce(agg.on_time, 0) as on_time, coalesce(agg.late, 0) as late,
             coalesce(agg.pending, 0) as pending,
             coalesce(fl.list, '[]'::json) as flagged,
             sb.committee_id, coalesce(bc.months_due, 0) as months_due,
             coalesce(bc.rated_tot, 0) as rated_tot, coalesce(bc.rated_kha, 0) as rated_kha,
             coalesce(bc.rated_trung_binh, 0) as rated_trung_binh, coalesce(bc.rated_kem, 0) as rated_kem,
             coalesce(qs.thematic_q0, 0) as thematic_q0, coalesce(qs.thematic_q1, 0) as thematic_q1,
             coalesce(qs.thematic_q2, 0) as thematic_q2, agg.categories
             ${details}
        from scope_branches sb
        left join agg on agg.branch_id = sb.id
        left join studied_counts sc on sc.branch_id = sb.id
        left join not_studied_counts nsc on nsc.branch_id = sb.id
        left join flag_lists fl on fl.branch_id = sb.id
        left join band_counts bc on bc.branch_id = sb.id
        left join quarters qs on qs.branch_id = sb.id
    )
    select * from result order by committee_name, branch_name, branch_id`;
}

// The small reads (headings, zones, campaign choices) live in report-choices-queries.ts.
export {
  type CampaignChoice,
  campaignChoices,
  campaignOfFilter,
  committeeHeadingRow,
  mostUsedZoneOfCommittee,
  runningCampaign,
} from "./report-choices-queries.ts";
