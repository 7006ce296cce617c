/**
 * The results of the monthly meetings, summed up per branch for a branch, a committee (everything below
 * it) or a campaign, over a year or the whole campaign. The entry points decide reach through policy.ts;
 * the figures come from reports-queries.ts.
 */
import {
  requireBranch,
  requireCampaign,
  requireCampaignCommittee,
  requireCommittee,
} from "../auth/policy.ts";
import type { Principal } from "../auth/principal.ts";
import type { DbOrTx } from "../db/client.ts";
import { regionOfSubtree } from "../db/distribution.ts";
import { poolOf } from "../db/snapshot.ts";
import { civilToday, HOME_ZONE } from "../domain/civil-date.ts";
import {
  BRANCH_HEADING,
  type DocumentHeading,
  documentHeading,
  partyOrganisationOf,
} from "../domain/document-heading.ts";
import { DEFAULT_QUALITY } from "../domain/meeting-quality.ts";
import { type Band, DEFAULT_YEAR_RULE, rateYear } from "../domain/meeting-rating.ts";
import { attendanceRate } from "../domain/minutes-rules.ts";
import { peaksText } from "../domain/peaks.ts";
import {
  quartersWithoutThematic,
  type RatingSettings,
  yearInputOfCounts,
} from "../domain/rating-settings.ts";
import { sortByViName } from "../domain/vi-name-order.ts";
import type { AppDeps } from "../http/types.ts";
import { meetingsByIds } from "../plan/meeting-queries.ts";
import { settingsOfCommittees } from "../ratings/ratings-service.ts";
import { branchFiguresInParts, PARTS_FROM_BRANCHES } from "./report-parts-queries.ts";
import {
  type BranchFiguresRow,
  branchesInScope,
  branchFigures,
  type CampaignChoice,
  campaignChoices,
  campaignOfFilter,
  committeeHeadingRow,
  type FlaggedInReport,
  mostUsedZoneOfCommittee,
  type ReportFilter,
  type ReportScope,
  runningCampaign,
} from "./reports-queries.ts";

/** A branch's or a committee's report: its id, and the year and/or campaign it covers. */
export interface ReportInput extends ReportFilter {
  id: string;
}

/** A campaign's report: the campaign's id, and optionally one year of it. */
export interface CampaignReportInput {
  id: string;
  year?: number;
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
  /** Months due in the period (one planned meeting a month) and how many have a held meeting of each band. */
  monthsDue: number;
  ratedTot: number;
  ratedKha: number;
  ratedTrungBinh: number;
  ratedKem: number;
  /** Quarters of the period that ended without the committee's number of held thematic meetings. */
  quartersWithoutThematic: number;
  /** The attendance counts by category as the minutes template gives them, summed over the held meetings
   * (each meeting counts its members again): total, full, probationary, exempted, temporary, required,
   * present, absent with and without reason. */
  catTotal: number;
  catFull: number;
  catProbationary: number;
  catExempted: number;
  catTemporary: number;
  catRequired: number;
  catPresent: number;
  catAbsentExcused: number;
  catAbsentUnexcused: number;
  flaggedMembers: FlaggedInReport[];
  /** The period's rating by the committee's year rule (`rateYear`); null when no month was due. */
  yearBand: Band | null;
  yearReasons: string[];
}

export interface ReportDetail {
  studiedTopics: { code: string; title: string }[];
  notStudiedTopics: { code: string; title: string }[];
  peakMeetings: { date: string; text: string }[];
  /** Meetings held outside their month (moved by the secretary), with the reason given. */
  movedMeetings: { date: string; month: string; reason: string }[];
  /** The held meetings that were rated, with their total and band. */
  ratedMeetings: { date: string; total: number; band: Band }[];
}

export interface Report {
  scope: {
    kind: "branch" | "committee" | "campaign";
    id: string;
    name: string;
    /** The committee above: the branch's committee, or the committee's parent. */
    parentName: string | null;
    timezone: string;
    /** How the document is headed and signed: the issuer's code, signature lines and place, and the party
     * organisation above the issuer ("Đảng bộ tỉnh Hà Giang"). */
    heading: DocumentHeading & { organisation: string | null };
  };
  filter: {
    year: number | null;
    campaignId: string | null;
    campaignTitle: string | null;
    /** The campaign's months, YYYY-MM. */
    campaignFirstMonth: string | null;
    campaignLastMonth: string | null;
    /** True when the caller named neither year nor campaign and the report took the current one. */
    defaulted: boolean;
  };
  generatedAt: string;
  today: string;
  totals: ReportFigures & {
    branches: number;
    flaggedMembers: number;
    /** How many branches the year rule put in each band. */
    yearBands: Record<Band, number>;
  };
  branches: BranchReportRow[];
  detail: ReportDetail | null;
}

/** A row's figures: what a branch and the totals both have. */
export type ReportFigures = Omit<
  BranchReportRow,
  "branchId" | "branchName" | "committeeName" | "flaggedMembers" | "yearBand" | "yearReasons"
>;

function toRow(r: BranchFiguresRow, settings: Map<string, RatingSettings>): BranchReportRow {
  const counts = { tot: r.rated_tot, kha: r.rated_kha, trung_binh: r.rated_trung_binh, kem: r.rated_kem };
  const own = settings.get(r.committee_id);
  const rule = own?.yearRule ?? DEFAULT_YEAR_RULE;
  const missing = quartersWithoutThematic(
    [r.thematic_q0, r.thematic_q1, r.thematic_q2],
    own?.quality.thematicPerQuarter ?? DEFAULT_QUALITY.thematicPerQuarter,
  );
  const year = r.months_due > 0 ? rateYear(yearInputOfCounts(r.months_due, counts, missing), rule) : null;
  const cat = (k: string) => r.categories?.[k] ?? 0;
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
    attendanceRate: r.attendance_rate,
    minutesOnTime: r.on_time,
    minutesLate: r.late,
    minutesPending: r.pending,
    monthsDue: r.months_due,
    ratedTot: r.rated_tot,
    ratedKha: r.rated_kha,
    ratedTrungBinh: r.rated_trung_binh,
    ratedKem: r.rated_kem,
    quartersWithoutThematic: missing,
    catTotal: cat("cat_total"),
    catFull: cat("cat_full"),
    catProbationary: cat("cat_probationary"),
    catExempted: cat("cat_exempted"),
    catTemporary: cat("cat_temporary"),
    catRequired: cat("cat_required"),
    catPresent: cat("cat_present"),
    catAbsentExcused: cat("cat_absent_excused"),
    catAbsentUnexcused: cat("cat_absent_unexcused"),
    flaggedMembers: sortByViName(r.flagged ?? [], (f) => f.fullName),
    yearBand: year?.band ?? null,
    yearReasons: year?.reasons ?? [],
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
    attendanceRate: attendanceRate(present, expected),
    minutesOnTime: sum("minutesOnTime"),
    minutesLate: sum("minutesLate"),
    minutesPending: sum("minutesPending"),
    monthsDue: sum("monthsDue"),
    ratedTot: sum("ratedTot"),
    ratedKha: sum("ratedKha"),
    ratedTrungBinh: sum("ratedTrungBinh"),
    ratedKem: sum("ratedKem"),
    quartersWithoutThematic: sum("quartersWithoutThematic"),
    catTotal: sum("catTotal"),
    catFull: sum("catFull"),
    catProbationary: sum("catProbationary"),
    catExempted: sum("catExempted"),
    catTemporary: sum("catTemporary"),
    catRequired: sum("catRequired"),
    catPresent: sum("catPresent"),
    catAbsentExcused: sum("catAbsentExcused"),
    catAbsentUnexcused: sum("catAbsentUnexcused"),
    flaggedMembers: rows.reduce((n, r) => n + r.flaggedMembers.length, 0),
    yearBands: {
      tot: rows.filter((r) => r.yearBand === "tot").length,
      kha: rows.filter((r) => r.yearBand === "kha").length,
      trung_binh: rows.filter((r) => r.yearBand === "trung_binh").length,
      kem: rows.filter((r) => r.yearBand === "kem").length,
    },
  };
}

/** The report of a scope, with no reach check: for the entry points below (which decide reach) and the bench. */
export async function buildReport(
  db: DbOrTx,
  scope: ReportScope,
  filter: ReportFilter & { defaulted?: boolean },
  now: Date,
  head: Omit<Report["scope"], "heading"> & { heading?: Report["scope"]["heading"] },
): Promise<Report> {
  const detail = scope.kind === "branch";
  const raw = await figuresOf(db, { scope, filter, now, detail });
  const settings = await settingsOfCommittees(
    db,
    raw.map((r) => r.committee_id),
  );
  const rows = raw.map((r) => toRow(r, settings));
  const campaign = filter.campaignId ? await campaignOfFilter(db, filter.campaignId) : null;
  let reportDetail: ReportDetail | null = null;
  if (detail && raw[0]) {
    reportDetail = {
      studiedTopics: raw[0].studied_list ?? [],
      notStudiedTopics: raw[0].not_studied_list ?? [],
      peakMeetings: await peakTexts(db, raw[0].peak_list ?? []),
      movedMeetings: raw[0].moved_list ?? [],
      ratedMeetings: raw[0].rated_list ?? [],
    };
  }
  return {
    scope: { ...head, heading: head.heading ?? { ...documentHeading(head.name), organisation: null } },
    filter: {
      year: filter.year ?? null,
      campaignId: filter.campaignId ?? null,
      campaignTitle: campaign?.title ?? null,
      campaignFirstMonth: campaign?.firstMonth ?? null,
      campaignLastMonth: campaign?.lastMonth ?? null,
      defaulted: filter.defaulted ?? false,
    },
    generatedAt: now.toISOString(),
    today: civilToday(now, head.timezone),
    totals: totalsOf(rows),
    branches: rows,
    detail: reportDetail,
  };
}

/** A large committee's figures in parts side by side, on several connections of the pool (not inside a
 * transaction, which has one, nor when the pool is busy); a branch's or a commune's in one statement. */
async function figuresOf(db: DbOrTx, q: Parameters<typeof branchFigures>[1]) {
  const pool = poolOf(db);
  const large = pool && !q.detail && (await branchesInScope(db, q.scope)) >= PARTS_FROM_BRANCHES;
  return (large && (await branchFiguresInParts(pool, q))) || branchFigures(db, q);
}

/** The anniversaries each peak meeting of one branch stresses, as the plans write them: the meetings'
 * records, whose peaks come from the one rule (`peaksStressedBy`) the feeds, mails and pages use. */
async function peakTexts(db: DbOrTx, list: { id: string; date: string }[]) {
  const records = new Map(
    (
      await meetingsByIds(
        db,
        list.map((p) => p.id),
        "",
      )
    ).map((r) => [r.view.id, r]),
  );
  return list.map((p) => ({ date: p.date, text: peaksText(records.get(p.id)?.peaks ?? []) }));
}

/** A committee's zone for the date line: the one most of its branches use. */
async function committeeZone(db: DbOrTx, committeeId: string) {
  return (await mostUsedZoneOfCommittee(db, committeeId)) ?? HOME_ZONE;
}

/** A campaign named as a filter must be one the caller reads: out of reach is 404, and its title stays unsaid. */
async function campaignFilterInReach(db: DbOrTx, p: Principal, campaignId: string | null | undefined) {
  if (campaignId) await requireCampaign(db, p, campaignId, "read");
}

/**
 * The filter a report takes when the caller named neither a year nor a campaign: the campaign running
 * today (in the scope's zone) among those of the scope's committee and the committees above, so that one
 * campaign's figures are not mixed with another's; when none runs, the current year.
 */
async function currentFilter(
  db: DbOrTx,
  filter: ReportFilter,
  q: { committeeIds: string[]; now: Date; zone: string },
): Promise<ReportFilter & { defaulted?: boolean }> {
  if (filter.year || filter.campaignId) return filter;
  const today = civilToday(q.now, q.zone);
  const running = await runningCampaign(db, q.committeeIds, `${today.slice(0, 7)}-01`);
  return running
    ? { campaignId: running.id, defaulted: true }
    : { year: Number(today.slice(0, 4)), defaulted: true };
}

/** One branch's report, with its topic and peak-meeting lists: its secretary and the committees above. */
export async function branchReport(deps: AppDeps, p: Principal, input: ReportInput): Promise<Report> {
  const { db } = deps.database;
  const { id, ...asked } = input;
  const b = await requireBranch(db, p, id, "secretary");
  await campaignFilterInReach(db, p, asked.campaignId);
  const committee = (await committeeHeadingRow(db, b.committeeId))!;
  const now = deps.clock.now();
  const filter = await currentFilter(db, asked, {
    committeeIds: committee.ancestorIds,
    now,
    zone: b.timezone,
  });
  return buildReport(db, { kind: "branch", id, regionId: b.regionId }, filter, now, {
    kind: "branch",
    id: b.id,
    name: b.name,
    parentName: committee.name,
    timezone: b.timezone,
    heading: {
      ...BRANCH_HEADING,
      place: documentHeading(committee.name, committee).place,
      organisation: partyOrganisationOf(committee.name),
    },
  });
}

/** The heading of a committee's documents, with the party organisation above it. */
async function committeeHead(db: DbOrTx, c: { id: string; parentId: string | null }) {
  const row = (await committeeHeadingRow(db, c.id))!;
  const parent = c.parentId ? await committeeHeadingRow(db, c.parentId) : null;
  return {
    parentName: parent?.name ?? null,
    heading: {
      ...documentHeading(row.name, row),
      organisation: parent ? partyOrganisationOf(parent.name) : null,
    },
  };
}

/** Every branch below a committee, at every level. */
export async function committeeReport(deps: AppDeps, p: Principal, input: ReportInput): Promise<Report> {
  const { db } = deps.database;
  const { id, ...asked } = input;
  const c = await requireCommittee(db, p, id, "read");
  await campaignFilterInReach(db, p, asked.campaignId);
  const now = deps.clock.now();
  const zone = await committeeZone(db, c.id);
  const filter = await currentFilter(db, asked, { committeeIds: c.ancestorIds, now, zone });
  return buildReport(db, { kind: "committee", id, regionId: regionOfSubtree(c) }, filter, now, {
    kind: "committee",
    id: c.id,
    name: c.name,
    timezone: zone,
    ...(await committeeHead(db, c)),
  });
}

/** A campaign's report covers the branches below the committee that runs it. */
export async function campaignReport(
  deps: AppDeps,
  p: Principal,
  input: CampaignReportInput,
): Promise<Report> {
  const { db } = deps.database;
  const c = await requireCampaignCommittee(db, p, input.id);
  const filter = { campaignId: input.id, ...(input.year ? { year: input.year } : {}) };
  const scope = { kind: "committee" as const, id: c.id, regionId: regionOfSubtree(c) };
  return buildReport(db, scope, filter, deps.clock.now(), {
    kind: "campaign",
    id: c.id,
    name: c.name,
    timezone: await committeeZone(db, c.id),
    ...(await committeeHead(db, c)),
  });
}

/** What a report page offers to choose from: the campaigns of the scope (its committee, those above and,
 * for a committee, those below), latest first. Same reach as the report itself. */
export async function reportChoices(
  deps: AppDeps,
  p: Principal,
  input: { kind: "branch" | "committee"; id: string },
): Promise<{ name: string; campaigns: CampaignChoice[] }> {
  const { db } = deps.database;
  if (input.kind === "branch") {
    const b = await requireBranch(db, p, input.id, "secretary");
    const committee = (await committeeHeadingRow(db, b.committeeId))!;
    return {
      name: b.name,
      campaigns: await campaignChoices(db, { ancestorIds: committee.ancestorIds, committeeId: null }),
    };
  }
  const c = await requireCommittee(db, p, input.id, "read");
  return {
    name: c.name,
    campaigns: await campaignChoices(db, { ancestorIds: c.ancestorIds, committeeId: c.id }),
  };
}

export type { CampaignChoice } from "./reports-queries.ts";
