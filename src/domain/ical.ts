/**
 * Calendar serialisation (RFC 5545) with ical-generator: subscription feeds and emailed invites (RFC 5546).
 *
 * Pure and deterministic: every timestamp comes from the input (in a feed DTSTAMP = LAST-MODIFIED = the
 * event's lastModified; in an invite DTSTAMP is when the message was made), events are sorted, and the
 * same input gives byte-identical output.
 *
 * Two ical-generator 10 quirks are worked around here:
 * - when the *calendar* has a timezone name, it writes DTSTAMP and LAST-MODIFIED as local times without
 *   "Z" (invalid); so the calendar gets only the VTIMEZONE generator (name null), every event carries
 *   its own zone, and X-WR-TIMEZONE / REFRESH-INTERVAL / X-PUBLISHED-TTL are added here, before the
 *   first component;
 * - it writes NAME (a TEXT property) unescaped; so NAME, X-WR-CALNAME, DESCRIPTION and X-WR-CALDESC are
 *   written here too.
 * The output is re-folded by our own folder (75 octets, never inside a UTF-8 character).
 */
import ical, {
  ICalAlarmType,
  ICalAttendeeRole,
  ICalAttendeeStatus,
  ICalCalendarMethod,
  type ICalEventData,
  ICalEventStatus,
  ICalEventTransparency,
} from "ical-generator";
import { DateTime, IANAZone } from "luxon";
import { tzlib_get_ical_block, tzlib_get_timezones } from "timezones-ical-library";

export interface TimedEvent {
  kind: "timed";
  uid: string;
  sequence: number;
  lastModified: DateTime;
  start: DateTime;
  end: DateTime;
  timezone: string;
  summary: string;
  description: string;
  location: string | null;
  url: string | null;
  cancelled: boolean;
  alarmMinutesBefore: number | null;
}

export interface AllDayEvent {
  kind: "allday";
  uid: string;
  sequence: number;
  lastModified: DateTime;
  /** yyyy-MM-dd */
  date: string;
  summary: string;
  description: string;
  url: string | null;
}

export interface FeedInput {
  name: string;
  description?: string;
  timezone: string;
  refreshMinutes: number;
  prodId?: string;
  events: (TimedEvent | AllDayEvent)[];
}

export interface InviteInput {
  method: "REQUEST" | "CANCEL";
  event: TimedEvent;
  /** When the message is made: an iTIP message's DTSTAMP (RFC 5546 §2.1.5), not the event's last edit. */
  stamp: DateTime;
  /** Who replies reach (the branch's secretary); `sentBy` is the service that sends on their behalf
   * (RFC 5545 §3.2.18). `rsvp`: whether the organizer asks for an answer (a person does, a no-reply
   * address cannot read one). */
  organizer: { name: string; email: string; sentBy?: string | null };
  rsvp?: boolean;
  attendee: { name: string; email: string };
}

/** Start of the SEQUENCE clock of all-day events (below). */
const ALL_DAY_SEQUENCE_EPOCH = Date.UTC(2020, 0, 1);

/**
 * The SEQUENCE of an all-day event (a peak day, a campaign event, a deadline), which keeps no revision of
 * its own: the seconds from 2020 to its last edit. Every edit (a move included) raises it, and it stays
 * within the 32-bit INTEGER of RFC 5545 until 2088.
 */
export function allDaySequence(lastModified: DateTime): number {
  return Math.max(0, Math.floor((lastModified.toMillis() - ALL_DAY_SEQUENCE_EPOCH) / 1000));
}

const DEFAULT_PROD_ID = "//chibo//Lich sinh hoat chi bo//VI";
const MAX_OCTETS = 75;

// ---------------------------------------------------------------------------------------------- zones

let knownZones: Set<string> | null = null;

// Zones already checked: luxon's check costs as much as formatting the event itself.
const checkedZones = new Set<string>();

function assertZone(zone: string): void {
  if (checkedZones.has(zone)) return;
  knownZones ??= new Set(tzlib_get_timezones() as string[]);
  if (!IANAZone.isValidZone(zone) || !knownZones.has(zone))
    throw new RangeError(`unknown time zone: ${zone}`);
  checkedZones.add(zone);
}

/**
 * The VTIMEZONE for an IANA zone, from the tz data bundled in timezones-ical-library (no I/O).
 * The library answers an alias (Asia/Saigon) with its canonical zone; the TZID is rewritten to the
 * requested name so that it matches the events' DTSTART;TZID=….
 */
export function vtimezone(zone: string): string {
  assertZone(zone);
  const block = tzlib_get_ical_block(zone);
  const text = Array.isArray(block) ? block[0] : null;
  if (!text) throw new RangeError(`no VTIMEZONE for ${zone}`);
  return text
    .replace(/\r?\n/g, "\r\n")
    .trim()
    .replace(/^TZID:.*$/m, `TZID:${zone}`)
    .replace(/^X-LIC-LOCATION:.*$/m, `X-LIC-LOCATION:${zone}`);
}

// ---------------------------------------------------------------------------------------------- text

/** RFC 5545 TEXT escaping, for the TEXT properties written here. */
function escapeText(s: string): string {
  return s.replace(/[\\;,]/g, (c) => `\\${c}`).replace(/\r\n|\r|\n/g, "\\n");
}

/**
 * X-WR-CALNAME / X-WR-CALDESC have no declared value type: clients (and ical.js) read them raw, so they
 * get one line, unescaped; the RFC 7986 NAME / DESCRIPTION twins are TEXT and escaped.
 */
function oneLine(s: string): string {
  return s.replace(/\s+/g, " ").trim();
}

function text(s: string): string {
  return s.normalize("NFC");
}

/** ical-generator backslash-escapes "," and ";" even in URI values; percent-encode them instead. */
function uri(url: string): string {
  const href = new URL(url).href;
  return href.replace(/,/g, "%2C").replace(/;/g, "%3B");
}

/** A quoted parameter value (CN="…") may not contain DQUOTE or control characters. */
function paramText(s: string): string {
  return text(s)
    .replace(/["\p{Cc}]/gu, " ")
    .replace(/\s+/g, " ")
    .trim();
}

/** UTF-8 length of the UTF-16 code unit at `i` (a surrogate pair counts 4 on its first unit, 0 on its second). */
function utf8Size(line: string, i: number): number {
  const c = line.charCodeAt(i);
  if (c < 0x80) return 1;
  if (c < 0x800) return 2;
  if (c >= 0xd800 && c <= 0xdbff) return 4;
  if (c >= 0xdc00 && c <= 0xdfff) return 0;
  return 3;
}

/** Fold one logical line into physical lines of at most 75 octets, never inside a UTF-8 character.
 * Feeds run to tens of megabytes: sizes come from char codes, and short lines (25 UTF-16 units can
 * never exceed 75 octets) are returned as they are. */
export function foldLine(line: string): string {
  if (line.length <= 25) return line;
  let out = "";
  let start = 0;
  let octets = 0;
  for (let i = 0; i < line.length; i++) {
    const size = utf8Size(line, i);
    // Continuation lines start with one space, which counts.
    if (octets + size > MAX_OCTETS) {
      out += `${line.slice(start, i)}\r\n `;
      start = i;
      octets = 1;
    }
    octets += size;
  }
  return out + line.slice(start);
}

function fold(logicalLines: string[]): string {
  return `${logicalLines.map(foldLine).join("\r\n")}\r\n`;
}

// ---------------------------------------------------------------------------------------------- checks

function assertUid(uid: string): void {
  if (!uid || /[\r\n]/.test(uid)) throw new RangeError(`invalid UID: ${JSON.stringify(uid)}`);
}

function assertSequence(sequence: number, uid: string): void {
  if (!Number.isInteger(sequence) || sequence < 0) throw new RangeError(`invalid SEQUENCE for ${uid}`);
}

function assertInstant(dt: DateTime, what: string): void {
  if (!dt.isValid) throw new RangeError(`invalid ${what}`);
}

function durationText(minutes: number): string {
  if (!Number.isInteger(minutes) || minutes <= 0) throw new RangeError(`invalid duration: ${minutes} min`);
  const days = Math.floor(minutes / 1440);
  const hours = Math.floor((minutes % 1440) / 60);
  const mins = minutes % 60;
  let s = "P";
  if (days) s += `${days}D`;
  if (hours || mins) s += `T${hours ? `${hours}H` : ""}${mins ? `${mins}M` : ""}`;
  return s;
}

// ---------------------------------------------------------------------------------------------- events

function timedEventData(e: TimedEvent, cancelled: boolean, stamp = e.lastModified): ICalEventData {
  assertUid(e.uid);
  assertSequence(e.sequence, e.uid);
  assertZone(e.timezone);
  assertInstant(e.lastModified, `lastModified of ${e.uid}`);
  assertInstant(e.start, `start of ${e.uid}`);
  assertInstant(e.end, `end of ${e.uid}`);
  if (e.end.toMillis() <= e.start.toMillis()) throw new RangeError(`event ${e.uid} ends before it starts`);
  const alarm = e.alarmMinutesBefore;
  if (alarm !== null && (!Number.isInteger(alarm) || alarm < 0)) {
    throw new RangeError(`invalid alarm for ${e.uid}: ${alarm}`);
  }
  assertInstant(stamp, `stamp of ${e.uid}`);
  const summary = text(e.summary);
  return {
    id: e.uid,
    sequence: e.sequence,
    stamp: stamp.toUTC(),
    lastModified: e.lastModified.toUTC(),
    start: e.start.setZone(e.timezone),
    end: e.end.setZone(e.timezone),
    timezone: e.timezone,
    summary,
    description: text(e.description),
    location: e.location ? text(e.location) : null,
    url: e.url ? uri(e.url) : null,
    status: cancelled ? ICalEventStatus.CANCELLED : ICalEventStatus.CONFIRMED,
    alarms:
      alarm !== null && !cancelled
        ? [{ type: ICalAlarmType.display, triggerBefore: alarm * 60, description: summary }]
        : [],
  };
}

function allDayEventData(e: AllDayEvent): ICalEventData {
  assertUid(e.uid);
  assertSequence(e.sequence, e.uid);
  assertInstant(e.lastModified, `lastModified of ${e.uid}`);
  // A fixed-offset zone, so that ical-generator writes the civil date as given.
  const day = DateTime.fromFormat(e.date, "yyyy-MM-dd", { zone: "UTC" });
  if (!day.isValid) throw new RangeError(`invalid date for ${e.uid}: ${e.date}`);
  return {
    id: e.uid,
    sequence: e.sequence,
    stamp: e.lastModified.toUTC(),
    lastModified: e.lastModified.toUTC(),
    allDay: true,
    start: day,
    end: day.plus({ days: 1 }),
    summary: text(e.summary),
    description: text(e.description),
    url: e.url ? uri(e.url) : null,
    transparency: ICalEventTransparency.TRANSPARENT,
  };
}

function sortKey(e: TimedEvent | AllDayEvent, feedZone: string): number {
  if (e.kind === "timed") return e.start.toMillis();
  return DateTime.fromISO(e.date, { zone: feedZone }).toMillis();
}

function compareEvents(a: TimedEvent | AllDayEvent, b: TimedEvent | AllDayEvent, zone: string): number {
  const d = sortKey(a, zone) - sortKey(b, zone);
  if (d !== 0 && !Number.isNaN(d)) return d;
  return a.uid < b.uid ? -1 : a.uid > b.uid ? 1 : 0;
}

/**
 * The VCALENDAR text from ical-generator's events, framed and folded here. ical-generator's calendar
 * toString() folds with a TextEncoder per character (about half a minute for a 40 MB committee feed),
 * so only its event serialisation is used.
 */
function renderCalendar(
  cal: ReturnType<typeof ical>,
  opts: { prodId: string; method?: "REQUEST" | "CANCEL"; header?: string[]; zones: readonly string[] },
): string {
  const lines = ["BEGIN:VCALENDAR", "VERSION:2.0", `PRODID:-${opts.prodId}`];
  if (opts.method) lines.push(`METHOD:${opts.method}`);
  if (opts.header) lines.push(...opts.header);
  for (const zone of opts.zones) lines.push(...vtimezone(zone).split("\r\n"));
  for (const event of cal.events()) {
    for (const line of event.toString().split("\r\n")) if (line) lines.push(line);
  }
  lines.push("END:VCALENDAR");
  return fold(lines);
}

/** The zones a VTIMEZONE is needed for: the feed's own first, then those events use. */
function zonesOf(events: readonly (TimedEvent | AllDayEvent)[], first?: string): string[] {
  const zones = new Set<string>(first ? [first] : []);
  for (const e of events) if (e.kind === "timed") zones.add(e.timezone);
  return [...zones];
}

function prodIdOf(prodId: string | undefined): string {
  // ical-generator writes "PRODID:-" + prodId.
  return (prodId ?? DEFAULT_PROD_ID).replace(/^-/, "");
}

// ---------------------------------------------------------------------------------------------- API

/** A subscription feed (VCALENDAR) for calendar apps. */
export function buildFeed(input: FeedInput): string {
  assertZone(input.timezone);
  const refresh = durationText(input.refreshMinutes);
  const seen = new Set<string>();
  for (const e of input.events) {
    if (seen.has(e.uid)) throw new RangeError(`duplicate UID in feed: ${e.uid}`);
    seen.add(e.uid);
  }
  const events = [...input.events].sort((a, b) => compareEvents(a, b, input.timezone));

  const cal = ical({
    prodId: prodIdOf(input.prodId),
    timezone: { name: null, generator: vtimezone },
  });
  for (const e of events) {
    cal.createEvent(e.kind === "timed" ? timedEventData(e, e.cancelled) : allDayEventData(e));
  }

  const name = oneLine(text(input.name));
  const description = input.description ? oneLine(text(input.description)) : "";
  const header = [
    `NAME:${escapeText(name)}`,
    `X-WR-CALNAME:${name}`,
    ...(description ? [`DESCRIPTION:${escapeText(description)}`, `X-WR-CALDESC:${description}`] : []),
    `X-WR-TIMEZONE:${input.timezone}`,
    `REFRESH-INTERVAL;VALUE=DURATION:${refresh}`,
    `X-PUBLISHED-TTL:${refresh}`,
  ];
  return renderCalendar(cal, {
    prodId: prodIdOf(input.prodId),
    header,
    zones: zonesOf(events, input.timezone),
  });
}

/** An iTIP message (text/calendar; method=REQUEST|CANCEL) for one attendee. */
export function buildInvite(input: InviteInput): string {
  const { method, event, organizer, attendee, stamp } = input;
  if (!organizer.email || !attendee.email) throw new RangeError("organizer and attendee need an email");
  const cancelled = method === "CANCEL" || event.cancelled;
  const cal = ical({
    prodId: prodIdOf(undefined),
    method: method === "CANCEL" ? ICalCalendarMethod.CANCEL : ICalCalendarMethod.REQUEST,
    timezone: { name: null, generator: vtimezone },
  });
  cal.createEvent({
    ...timedEventData(event, cancelled, stamp),
    organizer: {
      name: paramText(organizer.name),
      email: organizer.email,
      ...(organizer.sentBy && organizer.sentBy.toLowerCase() !== organizer.email.toLowerCase()
        ? { sentBy: organizer.sentBy }
        : {}),
    },
    attendees: [
      {
        name: paramText(attendee.name),
        email: attendee.email,
        role: ICalAttendeeRole.REQ,
        status: ICalAttendeeStatus.NEEDSACTION,
        rsvp: input.rsvp ?? false,
      },
    ],
  });
  return renderCalendar(cal, { prodId: prodIdOf(undefined), method, zones: [event.timezone] });
}
