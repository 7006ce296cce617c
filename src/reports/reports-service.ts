/**
 * The results of the monthly meetings, summed up per branch for a branch, a committee (everything below
 * it) or a campaign, over a year or the whole campaign. One set-based query per report: a committee with
 * 2,000 branches costs one round trip, not 2,000.
 */
import { eq, type SQL, sql } from "drizzle-orm";
import { campaignLevel, requireBranch, requireCommittee } from "../auth/policy.ts";
import type { Principal } from "../auth/principal.ts";
import type { DbOrTx } from "../db/client.ts";
import { branches, campaigns, committees } from "../db/schema.ts";
import { HOME_ZONE } from "../domain/civil-date.ts";
import { findPeak, type PeakDate } from "../domain/peaks.ts";
import { AppError, forbidden, notFound } from "../http/errors.ts";
import { ABSENCE_FLAG_THRESHOLD, DEFAULT_MINUTES_DUE_DAYS, localDate } from "../domain/minutes-rules.ts";

export interface ReportFilter {
  year?: number;
  campaignId?: string;
}

export type ReportScope = { kind: "branch"; id: string } | { kind: "committee"; id: string };

export interface FlaggedInReport {
  memberId: string;
  fullName: string;
  year: number;
  unexcusedAbsences: number;
}

export interface BranchReportRow {
  branchId: string;
  branchName: string;
  committeeName: string;
  planned: number;
  held: number;
  cancelled: number;
  notRecorded: number;
  upcoming: number;
  topicsStudied: number;
  topicsNotStudied: number;
  peakMeetingsHeld: number;
  expected: number;
  present: number;
  attendanceRate: number | null;
  minutesOnTime: number;
  minutesLate: number;
  minutesPending: number;
  flaggedMembers: FlaggedInReport[];
}

export interface ReportDetail {
  studiedTopics: { code: string; title: string }[];
  notStudiedTopics: { code: string; title: string }[];
  peakMeetings: { date: string; text: string }[];
}

export interface Report {
  scope: {
    kind: "branch" | "committee" | "campaign";
    id: string;
    name: string;
    /** The committee above: the branch's committee, or the committee's parent. */
    parentName: string | null;
    timezone: string;
  };
  filter: { year: number | null; campaignId: string | null; campaignTitle: string | null };
  generatedAt: string;
  today: string;
  totals: Omit<BranchReportRow, "branchId" | "branchName" | "committeeName" | "flaggedMembers"> & {
    branches: number;
    flaggedMembers: number;
  };
  branches: BranchReportRow[];
  detail: ReportDetail | null;
}

const rate = (present: number, expected: number) =>
  expected > 0 ? Math.round((present / expected) * 10000) / 10000 : null;

/** The report's single query. `detail` adds the topic and peak lists, meant for one branch. */
function reportSql(scope: ReportScope, filter: ReportFilter, now: Date, detail: boolean): SQL {
  const from = filter.year ? `${filter.year}-01-01` : null;
  const to = filter.year ? `${filter.year + 1}-01-01` : null;
  const campaign = filter.campaignId ?? null;
  const inScope =
    scope.kind === "branch" ? sql`b.id = ${scope.id}::uuid` : sql`${scope.id}::uuid = any(c.ancestor_ids)`;
  const details = detail
    ? sql`,
      (select coalesce(json_agg(json_build_object('code', t.code, 'title', t.title) order by t.position), '[]')
         from topics t where t.id in (select topic_id from studied s where s.branch_id = sb.id)) as studied_list,
      (select coalesce(json_agg(json_build_object('code', t.code, 'title', t.title) order by cp.committee_id, t.position), '[]')
         from topics t join camp cp on cp.id = t.campaign_id
        where cp.committee_id = any(sb.ancestor_ids)
          and t.id not in (select topic_id from studied s where s.branch_id = sb.id)) as not_studied_list,
      (select coalesce(json_agg(json_build_object('date', pm.date::text, 'campaignId', pm.campaign_id) order by pm.date), '[]')
         from per_meeting pm where pm.branch_id = sb.id and pm.status = 'held' and pm.is_peak) as peak_list`
    : sql``;
  return sql`
    with scope_branches as (
      select b.id, b.name, b.timezone, c.name as committee_name, c.ancestor_ids,
             (${now.toISOString()}::timestamptz at time zone b.timezone)::date as today
        from branches b join committees c on c.id = b.committee_id
       where ${inScope}
    ),
    m as (
      select m.id, m.branch_id, m.campaign_id, m.date, m.status, m.topic_id,
             sb.today, sb.timezone, sb.ancestor_ids
        from meetings m join scope_branches sb on sb.id = m.branch_id
       where (${from}::date is null or m.date >= ${from}::date)
         and (${to}::date is null or m.date < ${to}::date)
         and (${campaign}::uuid is null or m.campaign_id = ${campaign}::uuid)
    ),
    per_meeting as (
      select m.id, m.branch_id, m.campaign_id, m.date, m.status, m.today,
             coalesce(mi.topic_id, m.topic_id) as studied_topic,
             s.expected_count, s.present_count,
             mi.submitted_at is not null as submitted,
             (mi.submitted_at at time zone m.timezone)::date as submitted_on,
             m.date + coalesce(c.minutes_due_days, ${DEFAULT_MINUTES_DUE_DAYS}) as due,
             -- findPeak in SQL: the meeting lies within the 30 days up to a peak of its campaign (national,
             -- or local to a committee above the branch), this year's or next year's occurrence.
             (m.status = 'held' and exists (
                select 1 from peak_dates pd
                  cross join lateral (values (extract(year from m.date)::int), (extract(year from m.date)::int + 1)) y(y)
                  cross join lateral (select make_date(y.y, pd.month, 1) + (pd.day - 1) as d) occ
                 where pd.campaign_id = m.campaign_id
                   and (pd.committee_id is null or pd.committee_id = any(m.ancestor_ids))
                   and y.y - pd.base_year >= 1
                   and extract(month from occ.d) = pd.month
                   and occ.d - m.date between 0 and 29)) as is_peak
        from m
        left join attendance_sheets s on s.meeting_id = m.id
        left join minutes mi on mi.meeting_id = m.id
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
             count(*) filter (where status = 'held' and submitted and submitted_on <= due)::int as on_time,
             count(*) filter (where status = 'held' and ((submitted and submitted_on > due)
                                                     or (not submitted and today > due)))::int as late,
             count(*) filter (where status = 'held' and not submitted and today <= due)::int as pending
        from per_meeting group by branch_id
    ),
    studied as (
      select distinct branch_id, studied_topic as topic_id
        from per_meeting where status = 'held' and studied_topic is not null
    ),
    camp as (
      select c.id, c.committee_id, (select count(*) from topics t where t.campaign_id = c.id)::int as n_topics
        from campaigns c
       where c.committee_id is not null
         and (${campaign}::uuid is null or c.id = ${campaign}::uuid)
         and (${from}::date is null or (c.first_month < ${to}::date and c.last_month >= ${from}::date))
    ),
    studied_counts as (
      select s.branch_id, count(*)::int as n, count(cp.id)::int as in_campaigns
        from studied s
        join scope_branches sb on sb.id = s.branch_id
        left join topics t on t.id = s.topic_id
        left join camp cp on cp.id = t.campaign_id and cp.committee_id = any(sb.ancestor_ids)
       group by s.branch_id
    ),
    topic_totals as (
      select sb.id as branch_id, sum(cp.n_topics)::int as total
        from scope_branches sb join camp cp on cp.committee_id = any(sb.ancestor_ids)
       group by sb.id
    ),
    flags as (
      -- The statute counts every meeting of the calendar year, whatever campaign it belongs to.
      select m2.branch_id, a.member_id, extract(year from m2.date)::int as yr, count(*)::int as n
        from attendance a
        join meetings m2 on m2.id = a.meeting_id
        join scope_branches sb on sb.id = m2.branch_id
       where a.status = 'absent_unexcused' and a.expected and m2.status <> 'cancelled'
         and (${from}::date is null or m2.date >= ${from}::date)
         and (${to}::date is null or m2.date < ${to}::date)
       group by 1, 2, 3
      having count(*) >= ${ABSENCE_FLAG_THRESHOLD}
    ),
    flag_lists as (
      select f.branch_id,
             json_agg(json_build_object('memberId', f.member_id, 'fullName', mem.full_name, 'year', f.yr,
                                        'unexcusedAbsences', f.n) order by mem.full_name, f.yr) as list
        from flags f join members mem on mem.id = f.member_id
       group by f.branch_id
    ),
    result as (
      select sb.id as branch_id, sb.name as branch_name, sb.committee_name,
             coalesce(agg.planned, 0) as planned, coalesce(agg.held, 0) as held,
             coalesce(agg.cancelled, 0) as cancelled, coalesce(agg.not_recorded, 0) as not_recorded,
             coalesce(agg.upcoming, 0) as upcoming,
             coalesce(sc.n, 0) as topics_studied,
             greatest(coalesce(tt.total, 0) - coalesce(sc.in_campaigns, 0), 0) as topics_not_studied,
             coalesce(agg.peak_held, 0) as peak_held,
             coalesce(agg.expected, 0) as expected, coalesce(agg.present, 0) as present,
             coalesce(agg.on_time, 0) as on_time, coalesce(agg.late, 0) as late,
             coalesce(agg.pending, 0) as pending,
             coalesce(fl.list, '[]'::json) as flagged
             ${details}
        from scope_branches sb
        left join agg on agg.branch_id = sb.id
        left join studied_counts sc on sc.branch_id = sb.id
        left join topic_totals tt on tt.branch_id = sb.id
        left join flag_lists fl on fl.branch_id = sb.id
    )
    select * from result order by committee_name, branch_name, branch_id`;
}

interface Row {
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
  on_time: number;
  late: number;
  pending: number;
  flagged: FlaggedInReport[];
  studied_list?: { code: string; title: string }[];
  not_studied_list?: { code: string; title: string }[];
  peak_list?: { date: string; campaignId: string }[];
}

function toRow(r: Row): BranchReportRow {
  return {
    branchId: r.branch_id,
    branchName: r.branch_name,
    committeeName: r.committee_name,
    planned: r.planned,
    held: r.held,
    cancelled: r.cancelled,
    notRecorded: r.not_recorded,
    upcoming: r.upcoming,
    topicsStudied: r.topics_studied,
    topicsNotStudied: r.topics_not_studied,
    peakMeetingsHeld: r.peak_held,
    expected: r.expected,
    present: r.present,
    attendanceRate: rate(r.present, r.expected),
    minutesOnTime: r.on_time,
    minutesLate: r.late,
    minutesPending: r.pending,
    flaggedMembers: r.flagged,
  };
}

function totalsOf(rows: BranchReportRow[]): Report["totals"] {
  const sum = (k: keyof BranchReportRow) => rows.reduce((n, r) => n + (r[k] as number), 0);
  const expected = sum("expected");
  const present = sum("present");
  return {
    branches: rows.length,
    planned: sum("planned"),
    held: sum("held"),
    cancelled: sum("cancelled"),
    notRecorded: sum("notRecorded"),
    upcoming: sum("upcoming"),
    topicsStudied: sum("topicsStudied"),
    topicsNotStudied: sum("topicsNotStudied"),
    peakMeetingsHeld: sum("peakMeetingsHeld"),
    expected,
    present,
    attendanceRate: rate(present, expected),
    minutesOnTime: sum("minutesOnTime"),
    minutesLate: sum("minutesLate"),
    minutesPending: sum("minutesPending"),
    flaggedMembers: rows.reduce((n, r) => n + r.flaggedMembers.length, 0),
  };
}

/** Runs the report query; no reach check (the callers below do it). */
export async function buildReport(
  db: DbOrTx,
  scope: ReportScope,
  filter: ReportFilter,
  now: Date,
  head: Report["scope"],
): Promise<Report> {
  const detail = scope.kind === "branch";
  const result = await db.execute<Row & Record<string, unknown>>(reportSql(scope, filter, now, detail));
  const raw = result.rows as unknown as Row[];
  const rows = raw.map(toRow);
  let campaignTitle: string | null = null;
  if (filter.campaignId) {
    const [c] = await db
      .select({ title: campaigns.title })
      .from(campaigns)
      .where(eq(campaigns.id, filter.campaignId));
    campaignTitle = c?.title ?? null;
  }
  let reportDetail: ReportDetail | null = null;
  if (detail && raw[0]) {
    reportDetail = {
      studiedTopics: raw[0].studied_list ?? [],
      notStudiedTopics: raw[0].not_studied_list ?? [],
      peakMeetings: await peakTexts(db, scope.id, raw[0].peak_list ?? []),
    };
  }
  return {
    scope: head,
    filter: { year: filter.year ?? null, campaignId: filter.campaignId ?? null, campaignTitle },
    generatedAt: now.toISOString(),
    today: localDate(now, head.timezone),
    totals: totalsOf(rows),
    branches: rows,
    detail: reportDetail,
  };
}

/** The anniversary each peak meeting of one branch marks, as the plans write it. */
async function peakTexts(db: DbOrTx, branchId: string, list: { date: string; campaignId: string }[]) {
  if (list.length === 0) return [];
  const result = await db.execute<{
    campaign_id: string;
    day: number;
    month: number;
    base_year: number;
    name: string;
  }>(sql`
    select pd.campaign_id, pd.day, pd.month, pd.base_year, pd.name
      from peak_dates pd
      join branches b on b.id = ${branchId}::uuid
      join committees c on c.id = b.committee_id
     where pd.campaign_id in (select distinct (x->>'campaignId')::uuid from json_array_elements(${JSON.stringify(list)}::json) x)
       and (pd.committee_id is null or pd.committee_id = any(c.ancestor_ids))
     order by pd.month, pd.day`);
  const byCampaign = new Map<string, PeakDate[]>();
  for (const r of result.rows) {
    const peaks = byCampaign.get(r.campaign_id) ?? [];
    peaks.push({ day: r.day, month: r.month, baseYear: r.base_year, name: r.name });
    byCampaign.set(r.campaign_id, peaks);
  }
  return list.map((p) => ({
    date: p.date,
    text: findPeak(p.date, byCampaign.get(p.campaignId) ?? [])?.text ?? "",
  }));
}

export async function branchReport(
  db: DbOrTx,
  p: Principal,
  branchId: string,
  filter: ReportFilter,
  now: Date,
) {
  const b = await requireBranch(db, p, branchId, "secretary");
  const [c] = await db
    .select({ name: committees.name })
    .from(committees)
    .where(eq(committees.id, b.committeeId));
  return buildReport(db, { kind: "branch", id: branchId }, filter, now, {
    kind: "branch",
    id: b.id,
    name: b.name,
    parentName: c?.name ?? null,
    timezone: b.timezone,
  });
}

async function parentName(db: DbOrTx, parentId: string | null) {
  if (!parentId) return null;
  const [c] = await db.select({ name: committees.name }).from(committees).where(eq(committees.id, parentId));
  return c?.name ?? null;
}

/** A committee's zone for the date line: the one most of its branches use. */
async function committeeZone(db: DbOrTx, committeeId: string) {
  const [z] = await db
    .select({ tz: branches.timezone })
    .from(branches)
    .where(eq(branches.committeeId, committeeId))
    .groupBy(branches.timezone)
    .orderBy(sql`count(*) desc`)
    .limit(1);
  return z?.tz ?? HOME_ZONE;
}

export async function committeeReport(
  db: DbOrTx,
  p: Principal,
  committeeId: string,
  filter: ReportFilter,
  now: Date,
) {
  const c = await requireCommittee(db, p, committeeId, "read");
  return buildReport(db, { kind: "committee", id: committeeId }, filter, now, {
    kind: "committee",
    id: c.id,
    name: c.name,
    parentName: await parentName(db, c.parentId),
    timezone: await committeeZone(db, c.id),
  });
}

/** A campaign's report covers the branches below the committee that runs it. */
export async function campaignReport(
  db: DbOrTx,
  p: Principal,
  campaignId: string,
  year: number | undefined,
  now: Date,
) {
  const camp = (await campaignLevel(db, p, campaignId))?.campaign;
  if (!camp?.committeeId) throw notFound("Không tìm thấy đợt sinh hoạt");
  // A campaign the caller sees (a branch below it) but whose committee they do not run: forbidden.
  const c = await requireCommittee(db, p, camp.committeeId, "read").catch((err) => {
    throw err instanceof AppError && err.status === 404 ? forbidden() : err;
  });
  return buildReport(db, { kind: "committee", id: c.id }, { campaignId, ...(year ? { year } : {}) }, now, {
    kind: "campaign",
    id: c.id,
    name: c.name,
    parentName: await parentName(db, c.parentId),
    timezone: await committeeZone(db, c.id),
  });
}
