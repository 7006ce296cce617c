/**
 * The iCal bytes of a branch, member or committee feed: its meetings, the peak days of their campaigns
 * and, in a secretary's feed, the report deadlines. Deterministic: the same rows give the same bytes on
 * every instance, which is what lets the version key stand for the bytes.
 */
import { DateTime } from "luxon";
import type { DbOrTx } from "../db/client.ts";
import { HOME_ZONE } from "../domain/civil-date.ts";
import { type AllDayEvent, buildFeed, type TimedEvent } from "../domain/ical.ts";
import { peakOccurrences } from "../domain/peaks.ts";
import { notFound } from "../http/errors.ts";
import { campaignPeaks, meetingsOfBranch, meetingsUnderCommittee } from "../plan/meeting-queries.ts";
import { meetingEvent } from "../plan/meeting-view.ts";
import {
  branchDeadlines,
  branchForFeed,
  committeeForFeed,
  committeesUnder,
  type FeedCampaign,
  type FeedState,
  feedCampaigns,
} from "./feed-queries.ts";

/** Calendar apps are asked to refresh every 6 hours (REFRESH-INTERVAL and X-PUBLISHED-TTL). */
export const FEED_REFRESH_MINUTES = 6 * 60;
/** Branch and member feeds remind one hour before a meeting; a committee feed (hundreds of branches)
 * carries no alarms, or an officer's phone would ring for every branch. */
export const FEED_ALARM_MINUTES = 60;

function calendarName(branchName: string): string {
  const name = branchName.trim();
  return `Lịch sinh hoạt – ${/^chi bộ/i.test(name) ? name : `Chi bộ ${name}`}`;
}

function monthEnd(firstOfMonth: string): string {
  return DateTime.fromISO(firstOfMonth, { zone: "UTC" }).endOf("month").toISODate()!;
}

function later(a: Date, b: Date): Date {
  return a.getTime() >= b.getTime() ? a : b;
}

function utc(d: Date): DateTime {
  return DateTime.fromJSDate(d, { zone: "UTC" });
}

/** Peak days of the feed's campaigns, within each campaign's months, as all-day events. A day that two
 * campaigns share (the same anniversary) appears once. */
async function peakEvents(
  db: DbOrTx,
  camps: FeedCampaign[],
  applies: (committeeId: string | null) => boolean,
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
        out.push({
          kind: "allday",
          uid: `peak-${row.id}-${occ.date.slice(0, 4)}@chibo`,
          sequence: 0,
          lastModified: utc(later(row.updatedAt, c.updatedAt)),
          date: occ.date,
          summary: `${star} Cao điểm: ${occ.text}${occ.round ? " (năm chẵn)" : ""}`,
          description:
            `Ngày cao điểm của đợt sinh hoạt chuyên đề "${c.title}": ${occ.text}.\n` +
            "Buổi sinh hoạt chi bộ trong 30 ngày trước và đúng ngày này là buổi sinh hoạt cao điểm.",
          url: null,
        });
      }
    }
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
    const first = c.firstMonth;
    const last = monthEnd(c.lastMonth);
    for (const d of rows) {
      if (d.campaignId !== c.id) continue;
      const years = d.year !== null ? [d.year] : range(Number(first.slice(0, 4)), Number(last.slice(0, 4)));
      for (const year of years) {
        const dt = DateTime.fromObject({ year, month: d.month, day: d.day }, { zone: "UTC" });
        if (!dt.isValid) continue;
        const date = dt.toISODate()!;
        // A once-only deadline is kept wherever it falls; a yearly one only within the campaign.
        if (d.year === null && (date < first || date > last)) continue;
        out.push({
          kind: "allday",
          uid: `deadline-${d.id}-${year}@chibo`,
          sequence: 0,
          lastModified: utc(later(d.updatedAt, c.updatedAt)),
          date,
          summary: `Hạn báo cáo: ${d.title}`,
          description: `Hạn gửi báo cáo của chi bộ trong đợt sinh hoạt chuyên đề "${c.title}": ${d.title}.`,
          url: null,
        });
      }
    }
  }
  return out;
}

function range(a: number, b: number): number[] {
  const out: number[] = [];
  for (let y = a; y <= b; y++) out.push(y);
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
    const records = await meetingsUnderCommittee(db, state.scopeId, { from: state.from }, publicUrl);
    for (const r of records) {
      const ev = meetingEvent(r, null);
      // Hundreds of branches share one calendar: each event names its branch.
      events.push({ ...ev, summary: `${r.view.branchName} – ${ev.summary}` });
    }
    const camps = await feedCampaigns(db, [...new Set(records.map((r) => r.campaignId).filter(isString))]);
    events.push(...(await peakEvents(db, camps, (id) => id === null || related.has(id))));
    name = `Lịch sinh hoạt – Các chi bộ thuộc ${c.name.trim()}`;
    description = `Các buổi sinh hoạt chi bộ hằng tháng của các chi bộ thuộc ${c.name.trim()} và các ngày cao điểm.`;
    timezone = HOME_ZONE;
  } else {
    const b = await branchForFeed(db, state.scopeId);
    if (!b) throw notFound();
    const records = await meetingsOfBranch(db, state.scopeId, { from: state.from }, publicUrl);
    for (const r of records) events.push(meetingEvent(r, FEED_ALARM_MINUTES));
    const camps = await feedCampaigns(db, [...new Set(records.map((r) => r.campaignId).filter(isString))]);
    events.push(...(await peakEvents(db, camps, (id) => id === null || b.ancestors.includes(id))));
    if (state.withDeadlines) events.push(...(await deadlineEvents(db, camps)));
    name = calendarName(b.name);
    description =
      `Kế hoạch sinh hoạt chi bộ hằng tháng của ${b.name.trim()}: chuyên đề từng tháng, các ngày cao điểm` +
      (state.withDeadlines ? " và các hạn báo cáo." : ".");
    timezone = b.timezone;
  }
  const ics = buildFeed({ name, description, timezone, refreshMinutes: FEED_REFRESH_MINUTES, events });
  return Buffer.from(ics, "utf8");
}

function isString(x: string | null): x is string {
  return x !== null;
}
