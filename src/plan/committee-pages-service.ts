/**
 * What the committee's pages show (src/web), each in one call, built from the campaign, plan and holiday services (and so their reach
 * rules): a committee's campaigns with one campaign's schedule, peaks, deadlines and events; the holidays
 * of a year; the month's topic sheet. Every entry point starts with `requireCommittee` on the page's
 * committee, so that a committee out of reach reads as not found whatever is asked of it.
 */
import { mayEditHolidays, requireCommittee } from "../auth/policy.ts";
import type { Principal } from "../auth/principal.ts";
import { getCampaign, listCampaigns } from "../campaigns/campaign-service.ts";
import { civilThisMonth, civilToday } from "../domain/civil-date.ts";
import { peaksReachingMonth } from "../domain/peaks.ts";
import { getHolidayYear } from "../holidays/holiday-service.ts";
import { notFound } from "../http/errors.ts";
import type { AppDeps } from "../http/types.ts";
import { campaignOfMonth, type GridCampaign, lineCampaigns } from "./grid-service.ts";

export type CampaignDetail = Awaited<ReturnType<typeof getCampaign>>;

/** This month where the committee is (its pages link to this month's topic sheet). */
const thisMonth = (deps: AppDeps) => civilThisMonth(deps.clock.now());

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
  /** The caller manages the committee: may create a campaign for it, or copy one into it. */
  canCreate: boolean;
  /** What may be copied into the committee: the templates first, then the campaigns of its line. */
  sources: { id: string; title: string; template: boolean; firstMonth: string; lastMonth: string }[];
  /** This month: the sub-navigation's topic sheet. */
  month: string;
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
  const committee = { id: c.id, name: c.name, ancestorIds: c.ancestorIds };
  const templates = c.manage ? (await listCampaigns(deps, p)).filter((x) => x.template) : [];
  const sources = [...templates, ...(c.manage ? campaigns : [])].map((x) => ({
    id: x.id,
    title: x.title,
    template: !x.committeeId,
    firstMonth: x.firstMonth,
    lastMonth: x.lastMonth,
  }));
  return { committee, campaigns, detail, canCreate: c.manage, sources, month: thisMonth(deps) };
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
  return {
    committee: { id: c.id, name: c.name },
    ...year,
    canEdit: mayEditHolidays(p),
    month: thisMonth(deps),
  };
}

export interface TopicSheet {
  committee: { id: string; name: string };
  month: string;
  campaign: GridCampaign | null;
  bookTitle: string | null;
  bookAuthor: string | null;
  topic: CampaignDetail["topics"][number] | null;
  /** The anniversaries that make meetings of this month peak meetings, with their window's first day. */
  peaks: { date: string; windowStart: string; text: string; round: boolean }[];
  /** The day it is printed (where the committee is). */
  today: string;
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
  const today = civilToday(deps.clock.now());
  if (!campaign) {
    return {
      committee,
      month: input.month,
      campaign,
      bookTitle: null,
      bookAuthor: null,
      topic: null,
      peaks: [],
      today,
    };
  }
  const detail = await getCampaign(deps, p, { campaignId: campaign.id });
  const code = detail.schedule.find((m) => m.month === input.month)?.code ?? null;
  const topic = detail.topics.find((t) => t.code === code) ?? null;
  const peaks = peaksReachingMonth(
    detail.peakDates.filter((pk) => pk.committeeId === null || c.ancestorIds.includes(pk.committeeId)),
    input.month,
  ).map((m) => ({ date: m.date, windowStart: m.windowStart, text: m.text, round: m.round }));
  return {
    committee,
    month: input.month,
    campaign,
    bookTitle: detail.bookTitle,
    bookAuthor: detail.bookAuthor,
    topic,
    peaks,
    today,
  };
}
