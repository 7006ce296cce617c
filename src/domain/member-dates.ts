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
