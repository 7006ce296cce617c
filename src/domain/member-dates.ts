/**
 * A member's joining date (ngày vào Đảng) cannot lie in the future: "today" is the date in the branch's zone.
 * One rule for the member form, the API and the CSV import.
 */
import { formatDate } from "./vi-format.ts";

/** Why `joinedOn` (yyyy-MM-dd) is refused on `today`, or null. */
export function joinedOnProblem(joinedOn: string, today: string): string | null {
  return joinedOn > today
    ? `ngày vào Đảng ${formatDate(joinedOn)} là ngày trong tương lai (hôm nay là ${formatDate(today)})`
    : null;
}

/** A period of a member's standing (exempted, or attending temporarily): civil dates, `to` null open-ended. */
export interface Period {
  from: string;
  to: string | null;
}

/** Two periods share at least one day: a member cannot be exempted twice, or be temporary twice, at once. */
export function periodsOverlap(a: Period, b: Period): boolean {
  return (b.to === null || a.from <= b.to) && (a.to === null || b.from <= a.to);
}

/** Why a period is refused (its end before its start), or null; `field` names the end for the form. */
export function periodProblem(p: Period): string | null {
  return p.to !== null && p.to < p.from
    ? `ngày kết thúc ${formatDate(p.to)} trước ngày bắt đầu ${formatDate(p.from)}`
    : null;
}
