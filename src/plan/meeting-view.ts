/**
 * The `MeetingRecord`: a meeting with everything a person reads about it (branch, topic, peak), as the
 * `MeetingView` that the Vietnamese text, the feeds and the emails are built from, and the calendar event
 * made of it. Pure: the rows come from `meeting-queries.ts`.
 */
import { DateTime } from "luxon";
import type { TimedEvent } from "../domain/ical.ts";
import { type MeetingView, meetingDescription, meetingSummary } from "../domain/meeting-text.ts";
import { findPeak, type PeakDate, type PeakMatch } from "../domain/peaks.ts";

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
  peak: PeakMatch | null;
  /** The cancelled or missed meeting this make-up meeting (họp bù) replaces. */
  makeupOf: string | null;
  /** Why the meeting is held outside its month. */
  offMonthReason: string | null;
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

/** One row of the meetings joined to their branch, committee and topic. */
export interface MeetingViewRow {
  id: string;
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
  topicSummary: string | null;
  topicPrompts: string[] | null;
  topicLinks: MeetingTopicLinks | null;
}

type MeetingTopicLinks = NonNullable<MeetingView["topic"]>["links"];

/** The record of a row, given the peak dates of its campaign (any superset: filtered here). */
export function toMeetingRecord(r: MeetingViewRow, peaks: CampaignPeak[], publicUrl: string): MeetingRecord {
  const peak = r.campaignId ? findPeak(r.date, peaksForBranch(peaks, r.campaignId, r.ancestors)) : null;
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
            summary: r.topicSummary!,
            prompts: r.topicPrompts!,
            links: r.topicLinks!,
          },
    peak: peak ? { text: peak.text, round: peak.round } : null,
    status: r.status,
    cancelReason: r.cancelReason,
    pageUrl: meetingPageUrl(publicUrl, r.id),
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
    peak,
    makeupOf: r.makeupOf,
    offMonthReason: r.offMonthReason,
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
