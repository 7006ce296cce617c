/**
 * The rules about a filed meeting, pure: quorum, the statute's three-absence flag, when minutes are due.
 * Civil dates are ISO strings (yyyy-MM-dd).
 */
import { DateTime } from "luxon";

/** The party statute: three absences without a valid reason within a calendar year. */
export const ABSENCE_FLAG_THRESHOLD = 3;
export const DEFAULT_QUORUM = 0.667;
export const DEFAULT_MINUTES_DUE_DAYS = 7;

/** Rate and share compared at the column's precision (3 decimals): a quorum stored as 0.667 means two
 * thirds, so 6 of 9 present (0.6667) reaches it. */
export function reachesQuorum(present: number, expected: number, quorum: number): boolean {
  if (expected <= 0) return false;
  return Math.round((present * 1000) / expected) >= Math.round(quorum * 1000);
}

/** The fewest members present that reach the quorum. */
export function minimumPresent(expected: number, quorum: number): number {
  for (let n = 0; n <= expected; n++) if (reachesQuorum(n, expected, quorum)) return n;
  return expected;
}

export function attendanceRate(present: number, expected: number): number | null {
  return expected > 0 ? Math.round((present / expected) * 10000) / 10000 : null;
}

export function dueDate(meetingDate: string, dueDays: number): string {
  return DateTime.fromISO(meetingDate, { zone: "UTC" }).plus({ days: dueDays }).toISODate()!;
}

/** The civil date of an instant in the branch's zone. */
export function localDate(instant: Date, zone: string): string {
  return DateTime.fromJSDate(instant).setZone(zone).toISODate()!;
}

/** Late: submitted after the due date (in the branch's zone), or not submitted and the due date is past. */
export function isLate(due: string, submittedAt: Date | null, now: Date, zone: string): boolean {
  if (submittedAt) return localDate(submittedAt, zone) > due;
  return localDate(now, zone) > due;
}
