/**
 * What the committee pages show, built from the campaign, plan and holiday services (and so their reach
 * rules): a committee's campaigns with one campaign's schedule, peaks, deadlines and events; the holidays
 * of a year; the month's topic sheet. Every entry point starts with `requireCommittee` on the page's
 * committee, so that a committee out of reach reads as not found whatever is asked of it.
 */
import { DateTime } from "luxon";
import { mayEditHolidays, requireCommittee } from "../auth/policy.ts";
import type { Principal } from "../auth/principal.ts";
import { getCampaign } from "../campaigns/campaign-service.ts";
import { HOME_ZONE } from "../domain/civil-date.ts";
import { peakOccurrences } from "../domain/peaks.ts";
import { getHolidayYear } from "../holidays/holiday-service.ts";
import { notFound } from "../http/errors.ts";
import type { AppDeps } from "../http/types.ts";
import { campaignOfMonth, type GridCampaign, lineCampaigns } from "../plan/grid-service.ts";

export type CampaignDetail = Awaited<ReturnType<typeof getCampaign>>;

function thisMonth(deps: AppDeps): string {
  return DateTime.fromJSDate(deps.clock.now(), { zone: HOME_ZONE }).toFormat("yyyy-MM");
}

/** A campaign of the committee's line; 404 when the id names another. */
function pick(campaigns: GridCampaign[], campaignId: string): GridCampaign {
  const c = campaigns.find((x) => x.id === campaignId);
  if (!c) throw notFound("Không tìm thấy đợt sinh hoạt");
  return c;
}

export interface CampaignsView {
  committee: { id: string; name: string; ancestorIds: string[] };
  campaigns: GridCampaign[];
  detail: CampaignDetail | null;
}

/** The committee's campaigns (its own and those above it) and one of them in full: the chosen one, else the
 * one running this month, else the newest. */
export async function campaignsView(
  deps: AppDeps,
  p: Principal,
  input: { committeeId: string; campaignId?: string },
): Promise<CampaignsView> {
  const c = await requireCommittee(deps.database.db, p, input.committeeId, "read");
  const campaigns = await lineCampaigns(deps, p, c);
  const chosen = input.campaignId
    ? pick(campaigns, input.campaignId)
    : (campaignOfMonth(campaigns, thisMonth(deps)) ?? campaigns[0] ?? null);
  const detail = chosen ? await getCampaign(deps, p, { campaignId: chosen.id }) : null;
  return { committee: { id: c.id, name: c.name, ancestorIds: c.ancestorIds }, campaigns, detail };
}

/** That the campaign belongs to the page's committee line, before a form changes it (the change itself
 * goes through the campaign services, which decide who may). */
export async function campaignOfCommittee(
  deps: AppDeps,
  p: Principal,
  input: { committeeId: string; campaignId: string },
): Promise<{ committee: { id: string; name: string; ancestorIds: string[] }; campaign: GridCampaign }> {
  const c = await requireCommittee(deps.database.db, p, input.committeeId, "read");
  const campaign = pick(await lineCampaigns(deps, p, c), input.campaignId);
  return { committee: { id: c.id, name: c.name, ancestorIds: c.ancestorIds }, campaign };
}

export async function holidaysView(
  deps: AppDeps,
  p: Principal,
  input: { committeeId: string; year?: number },
) {
  const c = await requireCommittee(deps.database.db, p, input.committeeId, "read");
  const year = await getHolidayYear(deps, p, { year: input.year });
  return { committee: { id: c.id, name: c.name }, ...year, canEdit: mayEditHolidays(p) };
}

export interface TopicSheet {
  committee: { id: string; name: string };
  month: string;
  campaign: GridCampaign | null;
  bookTitle: string | null;
  bookAuthor: string | null;
  topic: CampaignDetail["topics"][number] | null;
  /** The anniversaries that make meetings of this month peak meetings (in the 30 days before them). */
  peaks: { date: string; text: string; round: boolean }[];
}

/** The month's topic sheet ("bản tin sinh hoạt chi bộ"): the campaign running that month on the
 * committee's line, its topic for the month, and the peaks of the month (national, or local to a committee
 * on the line). */
export async function topicSheet(
  deps: AppDeps,
  p: Principal,
  input: { committeeId: string; month: string },
): Promise<TopicSheet> {
  const c = await requireCommittee(deps.database.db, p, input.committeeId, "read");
  const campaign = campaignOfMonth(await lineCampaigns(deps, p, c), input.month);
  const committee = { id: c.id, name: c.name };
  if (!campaign) {
    return {
      committee,
      month: input.month,
      campaign,
      bookTitle: null,
      bookAuthor: null,
      topic: null,
      peaks: [],
    };
  }
  const detail = await getCampaign(deps, p, { campaignId: campaign.id });
  const code = detail.schedule.find((m) => m.month === input.month)?.code ?? null;
  const topic = detail.topics.find((t) => t.code === code) ?? null;
  const start = DateTime.fromISO(`${input.month}-01`, { zone: "UTC" });
  const peaks = peakOccurrences(
    detail.peakDates.filter((pk) => pk.committeeId === null || c.ancestorIds.includes(pk.committeeId)),
    start.toISODate()!,
    start.endOf("month").plus({ days: 29 }).toISODate()!,
  ).map((m) => ({ date: m.date, text: m.text, round: m.round }));
  return {
    committee,
    month: input.month,
    campaign,
    bookTitle: detail.bookTitle,
    bookAuthor: detail.bookAuthor,
    topic,
    peaks,
  };
}
