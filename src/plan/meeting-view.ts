/**
 * Loads meetings with everything a person reads about them (branch, topic, peak) as the `MeetingView`
 * that the Vietnamese text, the feeds and the emails are built from. One query for the meetings and one
 * for the peak dates of their campaigns, whatever the number of meetings.
 */
import { asc, eq, inArray, type SQL } from "drizzle-orm";
import { DateTime } from "luxon";
import type { DbOrTx } from "../db/client.ts";
import { branches, committees, meetings, peakDates, topics } from "../db/schema.ts";
import type { TimedEvent } from "../domain/ical.ts";
import { type MeetingView, meetingDescription, meetingSummary } from "../domain/meeting-text.ts";
import { findPeak, type PeakDate, type PeakMatch } from "../domain/peaks.ts";

export interface MeetingRecord {
  view: MeetingView;
  branchId: string;
  committeeId: string;
  campaignId: string | null;
  topicId: string | null;
  topicSource: "schedule" | "secretary";
  date: string;
  revision: number;
  updatedAt: Date;
  edited: boolean;
  peak: PeakMatch | null;
}

export function meetingPageUrl(publicUrl: string, id: string): string {
  return `${publicUrl}/meetings/${id}`;
}

/** National peaks of a campaign, plus local ones whose committee is above the branch. */
export interface CampaignPeak extends PeakDate {
  id: string;
  campaignId: string;
  committeeId: string | null;
  updatedAt: Date;
}

export async function campaignPeaks(db: DbOrTx, campaignIds: string[]): Promise<CampaignPeak[]> {
  if (campaignIds.length === 0) return [];
  return db
    .select({
      id: peakDates.id,
      campaignId: peakDates.campaignId,
      committeeId: peakDates.committeeId,
      day: peakDates.day,
      month: peakDates.month,
      baseYear: peakDates.baseYear,
      name: peakDates.name,
      updatedAt: peakDates.updatedAt,
    })
    .from(peakDates)
    .where(inArray(peakDates.campaignId, campaignIds))
    .orderBy(asc(peakDates.month), asc(peakDates.day));
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

/** Meetings matching `where` (over the meetings, branches and committees tables), oldest first. */
export async function loadMeetings(
  db: DbOrTx,
  where: SQL | undefined,
  publicUrl: string,
): Promise<MeetingRecord[]> {
  const rows = await db
    .select({
      id: meetings.id,
      branchId: meetings.branchId,
      campaignId: meetings.campaignId,
      month: meetings.month,
      date: meetings.date,
      startAt: meetings.startAt,
      endAt: meetings.endAt,
      place: meetings.place,
      onlineUrl: meetings.onlineUrl,
      status: meetings.status,
      cancelReason: meetings.cancelReason,
      revision: meetings.revision,
      updatedAt: meetings.updatedAt,
      edited: meetings.edited,
      topicSource: meetings.topicSource,
      topicId: meetings.topicId,
      branchName: branches.name,
      timezone: branches.timezone,
      committeeId: branches.committeeId,
      ancestors: committees.ancestorIds,
      topicCode: topics.code,
      topicPart: topics.part,
      topicPartTitle: topics.partTitle,
      topicTitle: topics.title,
      topicPageStart: topics.pageStart,
      topicPageEnd: topics.pageEnd,
      topicSummary: topics.summary,
      topicPrompts: topics.prompts,
      topicLinks: topics.links,
    })
    .from(meetings)
    .innerJoin(branches, eq(branches.id, meetings.branchId))
    .innerJoin(committees, eq(committees.id, branches.committeeId))
    .leftJoin(topics, eq(topics.id, meetings.topicId))
    .where(where)
    .orderBy(asc(meetings.startAt), asc(meetings.id));
  const campaignIds = [...new Set(rows.map((r) => r.campaignId).filter((x): x is string => x !== null))];
  const peaks = await campaignPeaks(db, campaignIds);
  return rows.map((r) => {
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
      campaignId: r.campaignId,
      topicId: r.topicId,
      topicSource: r.topicSource,
      date: r.date,
      revision: r.revision,
      updatedAt: r.updatedAt,
      edited: r.edited,
      peak,
    };
  });
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
