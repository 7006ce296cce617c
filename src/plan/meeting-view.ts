/**
 * The `MeetingRecord`: a meeting with everything a person reads about it (branch, topic, peak), as the
 * `MeetingView` that the Vietnamese text, the feeds and the emails are built from, and the calendar event
 * made of it. Pure: the rows come from `meeting-queries.ts`.
 */
import { DateTime } from "luxon";
import type { TimedEvent } from "../domain/ical.ts";
import type { MeetingKind } from "../domain/meeting-quality.ts";
import { type MeetingView, meetingDescription, meetingSummary } from "../domain/meeting-text.ts";
import { type PeakDate, type PeakMatch, peaksStressedBy, peaksText } from "../domain/peaks.ts";

export interface MeetingRecord {
  view: MeetingView;
  branchId: string;
  committeeId: string;
  /** The committees above the branch (its committee included): its peaks, and who reaches it. */
  ancestorIds: string[];
  campaignId: string | null;
  topicId: string | null;
  topicSource: "schedule" | "secretary";
  date: string;
  revision: number;
  updatedAt: Date;
  edited: boolean;
  /** The anniversaries this meeting stresses (`peaksStressedBy`), in date order; empty for most. */
  peaks: PeakMatch[];
  /** The cancelled or missed meeting this make-up meeting (họp bù) replaces. */
  makeupOf: string | null;
  /** Why the meeting is held outside its month. */
  offMonthReason: string | null;
  /** Thường kỳ, chuyên đề or both (domain/meeting-quality.ts). */
  kind: MeetingKind;
}

export function meetingPageUrl(publicUrl: string, id: string): string {
  return `${publicUrl}/cuoc-hop/${id}`;
}

/** National peaks of a campaign, plus local ones whose committee is above the branch. */
export interface CampaignPeak extends PeakDate {
  id: string;
  campaignId: string;
  committeeId: string | null;
  updatedAt: Date;
}

export function peaksForBranch(
  all: CampaignPeak[],
  campaignId: string | null,
  ancestors: string[],
): PeakDate[] {
  return all.filter(
    (p) => p.campaignId === campaignId && (p.committeeId === null || ancestors.includes(p.committeeId)),
  );
}

/** A meeting as the peak rule sees it: one of its branch's sequence. */
export interface SequenceRow {
  id: string;
  branchId: string;
  campaignId: string | null;
  date: string;
  status: MeetingView["status"];
}

/**
 * The peaks each meeting stresses, decided over each branch's sequence of meetings of a campaign (the
 * cancelled ones take no part) by `peaksStressedBy`. `ancestorsOf` gives a branch's committees (its local
 * peaks); `peaks` is any superset of the campaigns' peak dates. The sequence must reach PEAK_WINDOW_DAYS − 1
 * days past the last meeting to be decided.
 */
export function stressedPeaks(
  sequence: readonly SequenceRow[],
  ancestorsOf: (branchId: string) => string[],
  peaks: CampaignPeak[],
): Map<string, PeakMatch[]> {
  const groups = new Map<string, SequenceRow[]>();
  for (const m of sequence) {
    if (m.campaignId === null || m.status === "cancelled") continue;
    const key = `${m.branchId}|${m.campaignId}`;
    const g = groups.get(key);
    if (g) g.push(m);
    else groups.set(key, [m]);
  }
  const out = new Map<string, PeakMatch[]>();
  for (const g of groups.values()) {
    const { branchId, campaignId } = g[0]!;
    const mine = peaksForBranch(peaks, campaignId, ancestorsOf(branchId));
    for (const [id, list] of peaksStressedBy(g, mine)) out.set(id, list);
  }
  return out;
}

/** What a person reads of a meeting's peaks: one phrase, "năm chẵn" when any of them is round. */
export function peakViewOf(peaks: readonly PeakMatch[]): MeetingView["peak"] {
  if (peaks.length === 0) return null;
  return { text: peaksText(peaks), round: peaks.some((p) => p.round) };
}

/** One row of the meetings joined to their branch, committee and topic. */
export interface MeetingViewRow {
  id: string;
  /** Where its rows live (src/db/distribution.ts). */
  regionId: string;
  branchId: string;
  campaignId: string | null;
  month: string;
  date: string;
  startAt: Date;
  endAt: Date;
  place: string | null;
  onlineUrl: string | null;
  status: MeetingView["status"];
  cancelReason: string | null;
  revision: number;
  updatedAt: Date;
  edited: boolean;
  topicSource: "schedule" | "secretary";
  topicId: string | null;
  makeupOf: string | null;
  offMonthReason: string | null;
  kind: MeetingKind;
  branchName: string;
  timezone: string;
  committeeId: string;
  ancestors: string[];
  topicCode: string | null;
  topicPart: number | null;
  topicPartTitle: string | null;
  topicTitle: string | null;
  topicPageStart: number | null;
  topicPageEnd: number | null;
  topicPagesEstimated: boolean | null;
  topicSummary: string | null;
  topicPrompts: string[] | null;
  topicLinks: MeetingTopicLinks | null;
}

type MeetingTopicLinks = NonNullable<MeetingView["topic"]>["links"];

/** The record of a row, given the peaks it stresses (`stressedPeaks`). */
export function toMeetingRecord(r: MeetingViewRow, peaks: PeakMatch[], publicUrl: string): MeetingRecord {
  const view: MeetingView = {
    id: r.id,
    month: r.month.slice(0, 7),
    start: DateTime.fromJSDate(r.startAt, { zone: r.timezone }),
    end: DateTime.fromJSDate(r.endAt, { zone: r.timezone }),
    timezone: r.timezone,
    branchName: r.branchName,
    place: r.place,
    onlineUrl: r.onlineUrl,
    topic:
      r.topicCode === null
        ? null
        : {
            code: r.topicCode,
            part: r.topicPart!,
            partTitle: r.topicPartTitle!,
            title: r.topicTitle!,
            pageStart: r.topicPageStart,
            pageEnd: r.topicPageEnd,
            pagesEstimated: r.topicPagesEstimated ?? false,
            summary: r.topicSummary!,
            prompts: r.topicPrompts!,
            links: r.topicLinks!,
          },
    peak: peakViewOf(peaks),
    status: r.status,
    cancelReason: r.cancelReason,
    pageUrl: meetingPageUrl(publicUrl, r.id),
    makeup: r.makeupOf !== null,
  };
  return {
    view,
    branchId: r.branchId,
    committeeId: r.committeeId,
    ancestorIds: r.ancestors,
    campaignId: r.campaignId,
    topicId: r.topicId,
    topicSource: r.topicSource,
    date: r.date,
    revision: r.revision,
    updatedAt: r.updatedAt,
    edited: r.edited,
    peaks,
    makeupOf: r.makeupOf,
    offMonthReason: r.offMonthReason,
    kind: r.kind,
  };
}

/** A meeting's UID never changes, whatever moves: feeds and invites update the same event. */
export function meetingUid(id: string): string {
  return `meeting-${id}@chibo`;
}

/** The calendar event of a meeting, shared by the feeds and the email invites. */
export function meetingEvent(record: MeetingRecord, alarmMinutesBefore: number | null = 60): TimedEvent {
  const { view } = record;
  return {
    kind: "timed",
    uid: meetingUid(view.id),
    sequence: record.revision,
    lastModified: DateTime.fromJSDate(record.updatedAt, { zone: "UTC" }),
    start: view.start,
    end: view.end,
    timezone: view.timezone,
    summary: meetingSummary(view),
    description: meetingDescription(view),
    location: view.place ?? view.onlineUrl,
    url: view.pageUrl,
    cancelled: view.status === "cancelled",
    alarmMinutesBefore,
  };
}
