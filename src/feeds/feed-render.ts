/**
 * The iCal bytes of a branch, member or committee feed: its meetings, the peak days and other events
 * (conferences, the contest) of their campaigns and, in a secretary's feed, the report deadlines. Deterministic: the same rows give the same bytes on
 * every instance, which is what lets the version key stand for the bytes.
 */
import { DateTime } from "luxon";
import type { DbOrTx } from "../db/client.ts";
import { HOME_ZONE } from "../domain/civil-date.ts";
import { type AllDayEvent, allDaySequence, buildFeed, type TimedEvent } from "../domain/ical.ts";
import { cutAtWord, meetingSummary, SUMMARY_MAX } from "../domain/meeting-text.ts";
import { peakOccurrences, peakRuleText } from "../domain/peaks.ts";
import { campaignSpan, deadlineDates } from "../domain/reminder-slots.ts";
import { formatDateWithWeekday } from "../domain/vi-format.ts";
import { notFound } from "../http/errors.ts";
import { campaignPeaks, meetingsOfBranch, meetingsUnderCommittee } from "../plan/meeting-queries.ts";
import { type MeetingRecord, meetingEvent } from "../plan/meeting-view.ts";
import {
  branchDeadlines,
  branchForFeed,
  committeeForFeed,
  committeesUnder,
  type FeedCampaign,
  type FeedState,
  feedCampaigns,
  feedEvents,
} from "./feed-queries.ts";

/** Calendar apps are asked to refresh every 6 hours (REFRESH-INTERVAL and X-PUBLISHED-TTL). */
export const FEED_REFRESH_MINUTES = 6 * 60;
/** Branch and member feeds remind one hour before a meeting; a committee feed (hundreds of branches)
 * carries no alarms, or an officer's phone would ring for every branch. */
export const FEED_ALARM_MINUTES = 60;

/** A branch's feed and a member's feed of that branch carry different names, so that a person subscribed
 * to both tells them apart in their calendar app. */
function calendarName(branchName: string, mine: boolean): string {
  const name = branchName.trim();
  const branch = /^chi bộ/i.test(name) ? name : `Chi bộ ${name}`;
  return mine ? `Lịch sinh hoạt của tôi – ${branch}` : `Lịch sinh hoạt – ${branch}`;
}

function monthEnd(firstOfMonth: string): string {
  return DateTime.fromISO(firstOfMonth, { zone: "UTC" }).endOf("month").toISODate()!;
}

function later(a: Date, b: Date): Date {
  return a.getTime() >= b.getTime() ? a : b;
}

/** LAST-MODIFIED and SEQUENCE of an all-day event from its last edit: a moved day raises its SEQUENCE. */
function stamped(d: Date): { lastModified: DateTime; sequence: number } {
  const lastModified = DateTime.fromJSDate(d, { zone: "UTC" });
  return { lastModified, sequence: allDaySequence(lastModified) };
}

/** "date|text" of a peak occurrence → the meeting of a branch feed that stresses it. */
function stressingMeetings(records: readonly MeetingRecord[]): Map<string, MeetingRecord> {
  const out = new Map<string, MeetingRecord>();
  for (const r of records) for (const p of r.peaks) out.set(`${p.date}|${p.text}`, r);
  return out;
}

/** Peak days of the feed's campaigns, within each campaign's months, as all-day events. A day that two
 * campaigns share (the same anniversary) appears once. In a branch's feed (`stressedBy` given) the day
 * names the branch's meeting that stresses it. */
async function peakEvents(
  db: DbOrTx,
  camps: FeedCampaign[],
  applies: (committeeId: string | null) => boolean,
  stressedBy?: { from: string; meetings: Map<string, MeetingRecord> },
): Promise<AllDayEvent[]> {
  if (camps.length === 0) return [];
  // By id, so that of two campaigns sharing a day the same peak (and UID) always wins.
  const rows = (
    await campaignPeaks(
      db,
      camps.map((c) => c.id),
    )
  ).sort((x, y) => (x.id < y.id ? -1 : x.id > y.id ? 1 : 0));
  const seen = new Set<string>();
  const out: AllDayEvent[] = [];
  for (const c of camps) {
    for (const row of rows) {
      if (row.campaignId !== c.id || !applies(row.committeeId)) continue;
      for (const occ of peakOccurrences([row], c.firstMonth, monthEnd(c.lastMonth))) {
        const key = `${occ.date}|${occ.text}`;
        if (seen.has(key)) continue;
        seen.add(key);
        const star = occ.round ? "★★" : "★";
        const lines = [
          `${capitalise(occ.text)}${occ.round ? " (năm chẵn)" : ""}.`,
          `Ngày cao điểm của đợt sinh hoạt chuyên đề "${c.title}".`,
          peakRuleText(occ.date),
        ];
        // The feed holds the meetings from `from` on: an earlier day's meeting is not known here.
        if (stressedBy && occ.date >= stressedBy.from) {
          const m = stressedBy.meetings.get(key);
          lines.push(
            m
              ? `Buổi sinh hoạt cao điểm của chi bộ: ${formatDateWithWeekday(m.date)}.`
              : "Chi bộ chưa có buổi sinh hoạt nào trong khoảng này.",
          );
        }
        out.push({
          kind: "allday",
          uid: `peak-${row.id}-${occ.date.slice(0, 4)}@chibo`,
          ...stamped(later(row.updatedAt, c.updatedAt)),
          date: occ.date,
          summary: cutAtWord(`${star} Kỷ niệm ${occ.anniversary} năm ${row.name}`, SUMMARY_MAX),
          description: lines.join("\n"),
          url: null,
        });
      }
    }
  }
  return out;
}

function capitalise(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

/** "Ban Thường vụ Huyện ủy Xín Mần": the body of the committee that runs a campaign. */
function standingBoard(c: FeedCampaign): string {
  const name = c.committeeName?.trim();
  return name ? `Ban Thường vụ ${name}` : "cấp ủy cấp trên";
}

/** The campaigns' other events (conferences, the contest, seminars) that concern the feed's branches, as
 * all-day events with stable UIDs. */
async function campaignEventsOf(
  db: DbOrTx,
  camps: FeedCampaign[],
  applies: (committeeId: string | null) => boolean,
): Promise<AllDayEvent[]> {
  if (camps.length === 0) return [];
  const byId = new Map(camps.map((c) => [c.id, c]));
  const out: AllDayEvent[] = [];
  for (const e of await feedEvents(db, [...byId.keys()])) {
    const c = byId.get(e.campaignId);
    if (!c || !applies(e.committeeId)) continue;
    const lines = [e.title];
    if (e.description.trim()) lines.push(e.description.trim());
    lines.push(`Hoạt động của đợt sinh hoạt chuyên đề "${c.title}", do ${standingBoard(c)} tổ chức.`);
    out.push({
      kind: "allday",
      uid: `event-${e.id}@chibo`,
      ...stamped(later(e.updatedAt, c.updatedAt)),
      date: e.date,
      summary: cutAtWord(e.title, SUMMARY_MAX),
      description: lines.join("\n"),
      url: null,
    });
  }
  return out;
}

/** The campaigns' report deadlines for branches (secretaries' feeds), within each campaign's months. */
async function deadlineEvents(db: DbOrTx, camps: FeedCampaign[]): Promise<AllDayEvent[]> {
  if (camps.length === 0) return [];
  const rows = await branchDeadlines(
    db,
    camps.map((c) => c.id),
  );
  const out: AllDayEvent[] = [];
  for (const c of camps) {
    const span = campaignSpan(c.firstMonth, c.lastMonth);
    for (const d of rows) {
      if (d.campaignId !== c.id) continue;
      // The rule the reminders follow (a deadline mail for each date, and no other).
      for (const date of deadlineDates(d, span)) {
        out.push({
          kind: "allday",
          uid: `deadline-${d.id}-${date.slice(0, 4)}@chibo`,
          ...stamped(later(d.updatedAt, c.updatedAt)),
          date,
          summary: cutAtWord(`Hạn báo cáo: ${d.title}`, SUMMARY_MAX),
          description:
            `${capitalise(d.title.trim().replace(/\.$/, ""))}.\n` +
            `Hạn do ${standingBoard(c)} đặt trong kế hoạch đợt sinh hoạt chuyên đề "${c.title}"; ` +
            `chi bộ gửi báo cáo về ${standingBoard(c)}.`,
          url: null,
        });
      }
    }
  }
  return out;
}

/** The feed's iCal bytes. Deterministic: the same rows give the same bytes on every instance. */
export async function renderFeed(db: DbOrTx, publicUrl: string, state: FeedState): Promise<Buffer> {
  const events: (TimedEvent | AllDayEvent)[] = [];
  let name: string;
  let description: string;
  let timezone: string;

  if (state.kind === "committee") {
    const c = await committeeForFeed(db, state.scopeId);
    if (!c) throw notFound();
    const related = new Set([...c.ancestors, ...(await committeesUnder(db, state.scopeId))]);
    const records = await meetingsUnderCommittee(
      db,
      { id: state.scopeId, regionId: state.regionId },
      { from: state.from },
      publicUrl,
    );
    for (const r of records) {
      const ev = meetingEvent(r, null);
      // Hundreds of branches share one calendar: each event names its branch.
      events.push({ ...ev, summary: meetingSummary(r.view, { branchName: r.view.branchName }) });
    }
    const camps = await feedCampaigns(db, [...new Set(records.map((r) => r.campaignId).filter(isString))]);
    const applies = (id: string | null) => id === null || related.has(id);
    events.push(...(await peakEvents(db, camps, applies)));
    events.push(...(await campaignEventsOf(db, camps, applies)));
    name = `Lịch sinh hoạt – Các chi bộ thuộc ${c.name.trim()}`;
    description = `Các buổi sinh hoạt chi bộ hằng tháng của các chi bộ thuộc ${c.name.trim()}, các ngày cao điểm và các hoạt động của đợt sinh hoạt.`;
    timezone = HOME_ZONE;
  } else {
    const b = await branchForFeed(db, state.scopeId);
    if (!b) throw notFound();
    if (!state.regionId) throw notFound();
    const records = await meetingsOfBranch(
      db,
      { id: state.scopeId, regionId: state.regionId },
      { from: state.from },
      publicUrl,
    );
    for (const r of records) events.push(meetingEvent(r, FEED_ALARM_MINUTES));
    const camps = await feedCampaigns(db, [...new Set(records.map((r) => r.campaignId).filter(isString))]);
    const applies = (id: string | null) => id === null || b.ancestors.includes(id);
    events.push(
      ...(await peakEvents(db, camps, applies, { from: state.from, meetings: stressingMeetings(records) })),
    );
    events.push(...(await campaignEventsOf(db, camps, applies)));
    if (state.withDeadlines) events.push(...(await deadlineEvents(db, camps)));
    name = calendarName(b.name, state.kind === "member");
    description =
      `Kế hoạch sinh hoạt chi bộ hằng tháng của ${b.name.trim()}: chuyên đề từng tháng, các ngày cao điểm, ` +
      `các hoạt động của đợt sinh hoạt${state.withDeadlines ? " và các hạn báo cáo." : "."}`;
    timezone = b.timezone;
  }
  const ics = buildFeed({ name, description, timezone, refreshMinutes: FEED_REFRESH_MINUTES, events });
  return Buffer.from(ics, "utf8");
}

function isString(x: string | null): x is string {
  return x !== null;
}
