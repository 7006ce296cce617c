/**
 * Civil dates and the home time zone, defined once.
 *
 * A civil date travels as an ISO string "yyyy-MM-dd" (the shape PostgreSQL's `date` has), a month as
 * "yyyy-MM". These parsers are strict: exactly that shape and a day that exists, else a RangeError.
 */
import { DateTime } from "luxon";

/** The zone of the party's calendar: where a day starts when no branch zone applies. */
export const HOME_ZONE = "Asia/Ho_Chi_Minh";

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const ISO_MONTH = /^(\d{4})-(\d{2})$/;

export interface CivilParts {
  year: number;
  month: number;
  day: number;
}

/** The parts of a civil date, or null when `year-month-day` is not a day of the calendar. */
export function civilFromParts(parts: CivilParts): string | null {
  const { year, month, day } = parts;
  if (!Number.isInteger(year) || year < 1 || year > 9999) return null;
  const d = new Date(0);
  d.setUTCFullYear(year, month - 1, day);
  // The Date rolls 30/02 or month 13 over: a real date comes back unchanged.
  if (d.getUTCFullYear() !== year || d.getUTCMonth() !== month - 1 || d.getUTCDate() !== day) return null;
  return `${String(year).padStart(4, "0")}-${String(month).padStart(2, "0")}-${String(day).padStart(2, "0")}`;
}

/** "2026-05-19" → {year, month, day}, with plain integer arithmetic (hot paths call it per candidate day). */
export function civilParts(date: string): CivilParts {
  const m = ISO_DATE.exec(date);
  const parts = m ? { year: Number(m[1]), month: Number(m[2]), day: Number(m[3]) } : null;
  if (!parts || civilFromParts(parts) === null) throw new RangeError(`not a date (yyyy-MM-dd): ${date}`);
  return parts;
}

/** True when `date` is a strict "yyyy-MM-dd" civil date that exists. */
export function isCivilDate(date: string): boolean {
  const m = ISO_DATE.exec(date);
  return (
    m !== null && civilFromParts({ year: Number(m[1]), month: Number(m[2]), day: Number(m[3]) }) !== null
  );
}

/**
 * A date as a person types it: "yyyy-MM-dd" (what a date picker sends) or "d/M/yyyy" and "dd/MM/yyyy"
 * (what a phone without a picker gets typed). `{ date }`, or why it is not one: `format` for a shape that
 * is no date, `missing` for a day that is not on the calendar (30/02/2027).
 */
export function parseTypedDate(text: string): { date: string } | { error: "format" | "missing" } {
  const t = text.trim();
  const iso = ISO_DATE.exec(t);
  const vn = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/.exec(t);
  const parts = iso
    ? { year: Number(iso[1]), month: Number(iso[2]), day: Number(iso[3]) }
    : vn
      ? { year: Number(vn[3]), month: Number(vn[2]), day: Number(vn[1]) }
      : null;
  if (!parts) return { error: "format" };
  const date = civilFromParts(parts);
  return date ? { date } : { error: "missing" };
}

/** A strict civil date as a luxon DateTime at midnight UTC (zone-free arithmetic on days). */
export function civilDate(date: string): DateTime {
  const { year, month, day } = civilParts(date);
  return DateTime.utc(year, month, day);
}

/** The last day of a month "yyyy-MM", "2026-06" → "2026-06-30". */
export function lastDayOfMonth(month: string): string {
  return civilMonth(month).endOf("month").toISODate()!;
}

/** A strict month "yyyy-MM" as the luxon DateTime of its first day, midnight UTC. */
export function civilMonth(month: string): DateTime {
  const m = ISO_MONTH.exec(month);
  const mm = m ? Number(m[2]) : 0;
  if (!m || mm < 1 || mm > 12) throw new RangeError(`not a month (yyyy-MM): ${month}`);
  return DateTime.utc(Number(m[1]), mm, 1);
}

/** ISO weekday of a civil date: 1 = Monday … 7 = Sunday. */
export function isoWeekday(date: string): number {
  const { year, month, day } = civilParts(date);
  const d = new Date(0);
  d.setUTCFullYear(year, month - 1, day);
  const sundayZero = d.getUTCDay();
  return sundayZero === 0 ? 7 : sundayZero;
}

/** The civil date of `now` in `zone` (a branch's IANA zone): "today" where the branch is, never UTC's. */
export function civilToday(now: Date, zone: string = HOME_ZONE): string {
  const local = DateTime.fromJSDate(now, { zone });
  return (local.isValid ? local : DateTime.fromJSDate(now, { zone: HOME_ZONE })).toISODate()!;
}

/** The civil month (yyyy-MM) of `now` in `zone`: "this month" where the branch is. */
export function civilThisMonth(now: Date, zone: string = HOME_ZONE): string {
  return civilToday(now, zone).slice(0, 7);
}

/**
 * Whether a member whose departure date is `leftOn` has left on the civil date `today` (the branch's):
 * they leave at the start of that day, so from that day on they no longer belong to the branch.
 */
export function hasLeft(leftOn: string | null | undefined, today: string): boolean {
  return leftOn != null && leftOn <= today;
}
