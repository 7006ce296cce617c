/**
 * A committee's grid: every branch below it by month, each month's state (minutes filed, held without
 * minutes, late, cancelled, planned), for the months of a campaign of the committee's line within a year,
 * or a whole year. Read by the committee's officers (and admins): `requireCommittee`, as the API's plans.
 */

import { requireCommittee } from "../auth/policy.ts";
import type { Principal } from "../auth/principal.ts";
import { listCampaigns } from "../campaigns/campaign-service.ts";
import { civilThisMonth, civilToday } from "../domain/civil-date.ts";
import { type GridState, gridMonths, gridState, monthMeeting } from "../domain/grid-state.ts";
import { vietNamYear } from "../domain/holiday-rules.ts";
import {
  type Band,
  monthsOfQuarter,
  quarterOf,
  rateYear,
  type YearRating,
} from "../domain/meeting-rating.ts";
import { yearInputOf } from "../domain/rating-settings.ts";
import { notFound } from "../http/errors.ts";
import type { AppDeps } from "../http/types.ts";
import { settingsOfCommittees } from "../ratings/ratings-service.ts";
import { type GridCellRow, gridRows } from "./grid-queries.ts";
import { type QuarterMark, quarterMarks } from "./thematic-quarters.ts";

/** Branches per page: a committee of a few dozen branches fits one page under 60 KB. */
export const GRID_PAGE_SIZE = 30;

export interface GridCampaign {
  id: string;
  title: string;
  committeeId: string;
  firstMonth: string;
  lastMonth: string;
  canEdit: boolean;
}

export interface GridCell {
  id: string;
  date: string;
  state: GridState;
  /** The month was made up: the cell is the make-up meeting. */
  makeup: boolean;
  band: Band | null;
}

export interface CommitteeGrid {
  committee: { id: string; name: string };
  /** The campaigns of the committee and of those above it, nearest committee first. */
  campaigns: GridCampaign[];
  campaign: GridCampaign | null;
  year: number;
  /** The years one may choose: the campaign's, or a few around this one; none when the campaign is
   * shown whole (up to 12 months, even across two years). */
  years: number[];
  months: string[];
  branches: {
    id: string;
    name: string;
    cells: Record<string, GridCell>;
    quarters: QuarterMark[];
    /** The year's rating by the committee's rule, when the grid shows a calendar year (issue 20). */
    year: YearRating | null;
  }[];
  page: number;
  pages: number;
  total: number;
  /** This month (the committee pages link to its topic sheet). */
  thisMonth: string;
}

/** The campaigns of the committee's line (itself and above), nearest committee first, then newest. */
export async function lineCampaigns(
  deps: AppDeps,
  p: Principal,
  committee: { ancestorIds: string[] },
): Promise<GridCampaign[]> {
  const depth = (id: string) => committee.ancestorIds.indexOf(id);
  return (await listCampaigns(deps, p))
    .filter(
      (c): c is typeof c & { committeeId: string } => c.committeeId !== null && depth(c.committeeId) >= 0,
    )
    .sort((a, b) => depth(b.committeeId) - depth(a.committeeId) || b.firstMonth.localeCompare(a.firstMonth))
    .map((c) => ({
      id: c.id,
      title: c.title,
      committeeId: c.committeeId,
      firstMonth: c.firstMonth,
      lastMonth: c.lastMonth,
      canEdit: c.canEdit,
    }));
}

/** The campaign running in `month`, nearest committee first. */
export function campaignOfMonth(campaigns: GridCampaign[], month: string): GridCampaign | null {
  return campaigns.find((c) => c.firstMonth <= month && month <= c.lastMonth) ?? null;
}

/** One cell a month: a month made up shows its make-up (`monthMeeting`). */
function cellsByMonth(rows: GridCellRow[]): Record<string, GridCell> {
  const byMonth = new Map<string, GridCellRow[]>();
  for (const m of rows) byMonth.set(m.month, [...(byMonth.get(m.month) ?? []), m]);
  const cells: Record<string, GridCell> = {};
  for (const [month, ms] of byMonth) {
    const m = monthMeeting(ms);
    if (m) cells[month] = { id: m.id, date: m.date, state: gridState(m), makeup: m.makeup, band: m.band };
  }
  return cells;
}

export async function committeeGrid(
  deps: AppDeps,
  p: Principal,
  input: { committeeId: string; campaignId?: string; year?: number; page?: number },
): Promise<CommitteeGrid> {
  const { db } = deps.database;
  const now = deps.clock.now();
  const c = await requireCommittee(db, p, input.committeeId, "read");
  const campaigns = await lineCampaigns(deps, p, c);
  const thisMonth = civilThisMonth(now);
  const thisYear = vietNamYear(now);
  let campaign: GridCampaign | null = null;
  if (input.campaignId) {
    campaign = campaigns.find((x) => x.id === input.campaignId) ?? null;
    if (!campaign) throw notFound("Không tìm thấy đợt sinh hoạt");
  } else if (input.year === undefined) {
    campaign = campaignOfMonth(campaigns, thisMonth);
  }
  let years: number[];
  let year: number;
  if (campaign) {
    const first = Number(campaign.firstMonth.slice(0, 4));
    const last = Number(campaign.lastMonth.slice(0, 4));
    years = Array.from({ length: last - first + 1 }, (_, i) => first + i);
    year = Math.min(Math.max(input.year ?? thisYear, first), last);
  } else {
    year = input.year ?? thisYear;
    years = Array.from({ length: 5 }, (_, i) => thisYear - 3 + i);
    if (!years.includes(year)) years = [...years, year].sort();
  }
  const view = gridMonths(year, campaign);
  const months = view.months;
  if (!view.byYear) years = [];

  const page = Math.max(1, input.page ?? 1);
  // Whole quarters are read, so that a quarter's thematic meeting counts even in a month not shown.
  const first = months.length ? monthsOfQuarter(quarterOf(months[0]!))[0]! : `${year}-01`;
  const last = months.length ? monthsOfQuarter(quarterOf(months.at(-1)!))[2]! : `${year}-12`;
  const today = civilToday(now);
  const rows = await gridRows(db, {
    committeeId: c.id,
    from: `${first}-01`,
    to: `${last}-01`,
    now,
    limit: GRID_PAGE_SIZE,
    offset: (page - 1) * GRID_PAGE_SIZE,
  });
  const total = rows[0]?.total ?? 0;
  const settings = view.byYear
    ? await settingsOfCommittees(
        db,
        rows.map((r) => r.committeeId),
      )
    : null;
  const quartersOf = (r: (typeof rows)[number]) =>
    quarterMarks(r.cells, months, today, settings?.get(r.committeeId)?.quality.thematicPerQuarter);
  // A calendar year's rating counts its quarters that ended without a thematic meeting.
  const yearOf = (r: (typeof rows)[number], quarters: QuarterMark[]) =>
    settings && r.cells.some((c) => !c.makeup)
      ? rateYear(
          yearInputOf(r.cells, quarters.filter((q) => q.standing === "missing").length),
          settings.get(r.committeeId)?.yearRule,
        )
      : null;
  return {
    committee: { id: c.id, name: c.name },
    campaigns,
    campaign,
    year,
    years,
    months,
    branches: rows.map((r) => {
      const quarters = quartersOf(r);
      return { id: r.id, name: r.name, cells: cellsByMonth(r.cells), quarters, year: yearOf(r, quarters) };
    }),
    page,
    pages: Math.max(1, Math.ceil(total / GRID_PAGE_SIZE)),
    total,
    thisMonth,
  };
}
