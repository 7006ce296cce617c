/**
 * The reports' reads: no caller, no reach. The figures come from one set-based query per report, so a
 * committee with 2,000 branches costs one round trip, not 2,000 (a large one runs it on two slices of its
 * branches side by side: report-parts-queries.ts). The rules that also live in TypeScript
 * (the peak window, the attendance rate) are built here from the domain's definitions and checked against
 * them in tests/reports/report-rules-sql.test.ts.
 */
import { type SQL, sql } from "drizzle-orm";
import type { DbOrTx } from "../db/client.ts";
import type { Band } from "../domain/meeting-rating.ts";
import { PEAK_WINDOW_DAYS } from "../domain/peaks.ts";
import { absenceFlagsSql, minutesDueSql, minutesStandingSql } from "../minutes/minutes-sql.ts";
import { bandCountsSql, bandRankSql, thematicQuartersSql } from "../ratings/ratings-sql.ts";
import { attendanceRateSql, peakDaysSql, peakStressersSql } from "./report-rules-sql.ts";

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

export interface FiguresQuery {
  scope: ReportScope;
  filter: ReportFilter;
  now: Date;
  detail: boolean;
  /** Only these branches of the scope: a slice of a large report read in parts (report-parts-queries.ts). */
  branchIds?: string[];
}

/** The branches of a scope (`branches b join committees c`). */
const scopeSql = (scope: ReportScope) =>
  sql`${scope.kind === "branch" ? sql`b.id = ${scope.id}::uuid` : sql`${scope.id}::uuid = any(c.ancestor_ids)`}
      and (${scope.regionId}::uuid is null or b.region_id = ${scope.regionId}::uuid)`;

/** How many branches a report's scope holds: a large one is read in parts (report-parts-queries.ts). */
export async function branchesInScope(db: DbOrTx, scope: ReportScope): Promise<number> {
  if (scope.kind === "branch") return 1;
  const r = await db.execute<{ n: number }>(sql`
    select count(*)::int as n from branches b join committees c on c.id = b.committee_id where ${scopeSql(scope)}`);
  return r.rows[0]!.n;
}

/** The ids of a scope's branches in the report's order (committee, branch, id). */
export function scopeBranchIdsSql(scope: ReportScope): SQL {
  return sql`select b.id from branches b join committees c on c.id = b.committee_id
              where ${scopeSql(scope)} order by c.name, b.name, b.id`;
}

export function branchFiguresSql(q: FiguresQuery): SQL {
  const { scope, filter } = q;
  const from = filter.year ? `${filter.year}-01-01` : null;
  const to = filter.year ? `${filter.year + 1}-01-01` : null;
  const campaign = filter.campaignId ?? null;
  const region = scope.regionId;
  const inScope = q.branchIds ? sql`b.id = any(${sql.param(q.branchIds)}::uuid[])` : scopeSql(scope);
  const details = q.detail
    ? sql`,
      (select coalesce(json_agg(json_build_object('code', sk.code, 'title', sk.title) order by sk.position, sk.code), '[]')
         from studied_keys sk where sk.branch_id = sb.id) as studied_list,
      (select coalesce(json_agg(json_build_object('code', ns.code, 'title', ns.title) order by ns.position, ns.code), '[]')
         from not_studied ns where ns.branch_id = sb.id) as not_studied_list,
      (select coalesce(json_agg(json_build_object('id', pm.id, 'date', pm.date::text) order by pm.date), '[]')
         from per_meeting pm where pm.branch_id = sb.id and pm.in_period and pm.status = 'held' and pm.is_peak) as peak_list,
      (select coalesce(json_agg(json_build_object('date', mm.date::text, 'month', mm.month::text,
                                                 'reason', mm.off_month_reason) order by mm.date), '[]')
         from m mm where mm.branch_id = sb.id and mm.off_month_reason is not null
                     and mm.status <> 'cancelled') as moved_list,
      array_to_json(sb.ancestor_ids) as ancestor_ids,
      (select coalesce(json_agg(json_build_object('date', pm.date::text, 'total', r.total, 'band', r.band)
                                order by pm.date), '[]')
         from per_meeting pm join meeting_ratings r on r.meeting_id = pm.id
        where pm.branch_id = sb.id and pm.in_period and pm.status = 'held') as rated_list`
    : sql``;
  return sql`
    with scope_branches as (
      select b.id, b.region_id, b.name, b.timezone, b.committee_id, c.name as committee_name, c.ancestor_ids,
             (${q.now.toISOString()}::timestamptz at time zone b.timezone)::date as today
        from branches b join committees c on c.id = b.committee_id
       where ${inScope}
    ),
    -- The meetings of the branches in the period, and those of the PEAK_WINDOW_DAYS − 1 days after it (a peak's
    -- window may reach past the period's end and a later meeting take the peak over): read once, and kept
    -- narrow (the branch's columns are joined where needed): a country's 650,000 rows then stay in work_mem.
    mx as (
      select m.id, m.region_id, m.branch_id, m.campaign_id, m.date, m.month, m.status, m.topic_id, m.kind,
             m.off_month_reason, m.makeup_of, (${to}::date is null or m.date < ${to}::date) as in_period
        -- By the branch alone: the region is the branch's by construction, and a second join column would make
        -- PostgreSQL multiply two selectivities that are one (rows under-estimated twentyfold: nested loops).
        from meetings m join scope_branches sb on sb.id = m.branch_id
       where (${region}::uuid is null or m.region_id = ${region}::uuid)
         and (${from}::date is null or m.date >= ${from}::date)
         and (${to}::date is null or m.date < ${to}::date + ${PEAK_WINDOW_DAYS}::int)
         and (${campaign}::uuid is null or m.campaign_id = ${campaign}::uuid)
    ),
    m as not materialized (select * from mx where in_period),
    -- The peaks' days in the years of the period (and the next: a window reaches into it), computed once; the
    -- join with the meetings keeps those of their campaigns.
    peak_days as (${peakDaysSql(
      campaign === null
        ? sql`peak_dates`
        : sql`(select * from peak_dates where campaign_id = ${campaign}::uuid)`,
      filter.year ? sql`${filter.year}::int` : sql`(select extract(year from min(date))::int from m)`,
      filter.year ? sql`${filter.year + 1}::int` : sql`(select extract(year from max(date))::int + 1 from m)`,
    )}),
    -- The meetings that stress a peak of their campaign (national, or local to a committee above the branch):
    -- each the branch's last meeting within the peak's window, all found in one join and one sort. Which
    -- meeting is last in a day's window does not depend on the peak that falls on the day: whether one of
    -- them concerns the branch is asked after, of the few meetings found.
    peak_meetings as (
      select ps.id
        from (${peakStressersSql({ sequence: sql`(select * from mx where status <> 'cancelled')`, days: sql`peak_days` })}) ps
        join scope_branches sb on sb.id = ps.branch_id
       where exists (select 1 from peak_days pk
                      where pk.campaign_id = ps.campaign_id and pk.d = ps.d
                        and (pk.committee_id is null or pk.committee_id = any(sb.ancestor_ids)))
    ),
    per_meeting as (
      select m.id, m.branch_id, sb.committee_id, m.campaign_id, m.date, m.status, sb.today,
             coalesce(mi.topic_id, m.topic_id) as studied_topic,
             ${minutesStandingSql({
               due: minutesDueSql(sql`m.date`, sql`c.minutes_due_days`),
               submittedAt: sql`mi.submitted_at`,
               now: sql`${q.now.toISOString()}::timestamptz`,
               zone: sql`sb.timezone`,
             })} as minutes_standing,
             -- One hashed set of the peak meetings' ids, looked up (a meeting may stress two peaks: no join).
             (m.status = 'held' and m.id in (select id from peak_meetings)) as is_peak, m.in_period
        from mx m
        join scope_branches sb on sb.id = m.branch_id
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
             count(*) filter (where status = 'held' and minutes_standing = 'on_time')::int as on_time,
             count(*) filter (where status = 'held' and minutes_standing = 'late')::int as late,
             count(*) filter (where status = 'held' and minutes_standing = 'pending')::int as pending
        from per_meeting where in_period group by branch_id
    ),
    -- The sheets' kept counts (minutes/sheet-counts-queries.ts) summed over the held meetings, and the ratings'
    -- bands: each table joined to the narrow meeting rows alone, not to the wide per-meeting rows.
    sheet_sums as (
      select m.branch_id,
             sum(s.expected_count) as expected, sum(s.present_count) as present,
             sum(s.excused_count) as excused, sum(s.unexcused_count) as unexcused, sum(s.total_count) as total,
             sum(s.full_count) as full, sum(s.probationary_count) as probationary,
             sum(s.exempted_count) as exempted, sum(s.temporary_count) as temporary
        from m join attendance_sheets s on s.meeting_id = m.id and s.region_id = m.region_id
       where m.status = 'held'
       group by m.branch_id
    ),
    band_counts as (${bandCountsSql(sql`(
      select m.branch_id, m.month, m.makeup_of is not null as makeup, m.status, ${bandRankSql(sql`r.band`)} as band_rank
        from m left join meeting_ratings r on r.meeting_id = m.id and r.region_id = m.region_id)`)}),
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
        from per_meeting where in_period and status = 'held' and studied_topic is not null
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
    committee_topics as (
      select distinct co.committee_id, tk.k
        from (select distinct committee_id, ancestor_ids from scope_branches) co
        join camp cp on cp.committee_id = any(co.ancestor_ids)
        join topic_keys tk on tk.campaign_id = cp.id and tk.removed_at is null
    ),
    -- Per branch in one pass: the topics studied (each key once), and how many of them its committee gives
    -- (\`given\` depends on the key alone, the branch's committee being one).
    studied_counts as (
      select branch_id, count(*)::int as n, count(*) filter (where given)::int as given_studied
        from (select distinct pm.branch_id, tk.k, ct.k is not null as given
                from per_meeting pm
                join topic_keys tk on tk.id = pm.studied_topic
                left join committee_topics ct on ct.committee_id = pm.committee_id and ct.k = tk.k
               where pm.in_period and pm.status = 'held') sk
       group by branch_id
    ),
    not_studied_counts as (
      select sb.id as branch_id, given.n - coalesce(sc.given_studied, 0) as n
        from scope_branches sb
        join (select committee_id, count(*)::int as n from committee_topics group by committee_id) given
          on given.committee_id = sb.committee_id
        left join studied_counts sc on sc.branch_id = sb.id
    ),
    -- Without a campaign, \`m\` is every meeting of the branches in the year: the flag's own set.
    flags as (${absenceFlagsSql({
      ...(campaign === null ? { meetings: sql`m` } : { branchIds: sql`select id from scope_branches` }),
      year: filter.year ?? null,
      dates: false,
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
             coalesce(ss.expected, 0)::int as expected, coalesce(ss.present, 0)::int as present,
             ${attendanceRateSql(sql`coalesce(ss.present, 0)::int`, sql`coalesce(ss.expected, 0)::int`)} as attendance_rate,
             coalesce(agg.on_time, 0) as on_time, coalesce(agg.late, 0) as late,
             coalesce(agg.pending, 0) as pending,
             coalesce(fl.list, '[]'::json) as flagged,
             sb.committee_id, coalesce(bc.months_due, 0) as months_due,
             coalesce(bc.rated_tot, 0) as rated_tot, coalesce(bc.rated_kha, 0) as rated_kha,
             coalesce(bc.rated_trung_binh, 0) as rated_trung_binh, coalesce(bc.rated_kem, 0) as rated_kem,
             coalesce(qs.thematic_q0, 0) as thematic_q0, coalesce(qs.thematic_q1, 0) as thematic_q1,
             coalesce(qs.thematic_q2, 0) as thematic_q2,
             -- The counts by category as the minutes template gives them; null for a branch without meetings.
             case when agg.branch_id is not null then json_build_object(
               'cat_total', coalesce(ss.total, 0), 'cat_full', coalesce(ss.full, 0),
               'cat_probationary', coalesce(ss.probationary, 0), 'cat_exempted', coalesce(ss.exempted, 0),
               'cat_temporary', coalesce(ss.temporary, 0), 'cat_required', coalesce(ss.expected, 0),
               'cat_present', coalesce(ss.present, 0), 'cat_absent_excused', coalesce(ss.excused, 0),
               'cat_absent_unexcused', coalesce(ss.unexcused, 0)) end as categories
             ${details}
        from scope_branches sb
        left join agg on agg.branch_id = sb.id
        left join sheet_sums ss on ss.branch_id = sb.id
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
