/**
 * The rules about a filed meeting, pure: quorum, the statute's three-absence flag, when minutes are due.
 * Civil dates are ISO strings (yyyy-MM-dd). The flag and the lateness also run in SQL, built from the
 * constants here by `src/minutes/minutes-sql.ts` and checked against these functions by a test.
 */
import { DateTime } from "luxon";
import { civilToday } from "./civil-date.ts";

export type AttendanceStatus = "present" | "absent_excused" | "absent_unexcused";
export type MeetingStatus = "planned" | "cancelled" | "held";

/** The party statute: three absences without a valid reason within a calendar year. */
export const ABSENCE_FLAG_THRESHOLD = 3;
/** The mark that counts toward the flag, and the meetings that never count. */
export const FLAGGED_STATUS: AttendanceStatus = "absent_unexcused";
export const UNCOUNTED_MEETING: MeetingStatus = "cancelled";
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

/** One member's mark at one meeting, as the absence flag reads it. */
export interface AbsenceMark {
  memberId: string;
  /** The meeting's date. */
  date: string;
  meetingStatus: MeetingStatus;
  /** False for invited guests, who never count. */
  expected: boolean;
  status: AttendanceStatus;
}

/** A mark counts toward the flag when an expected member was absent without reason from a meeting that
 * was not cancelled. */
export function countsTowardFlag(m: AbsenceMark): boolean {
  return m.expected && m.status === FLAGGED_STATUS && m.meetingStatus !== UNCOUNTED_MEETING;
}

/** The members flagged in calendar year `year`, each with the dates of their counted absences (sorted). */
export function flaggedInYear(marks: AbsenceMark[], year: number): Map<string, string[]> {
  const byMember = new Map<string, string[]>();
  for (const m of marks) {
    if (!countsTowardFlag(m) || Number(m.date.slice(0, 4)) !== year) continue;
    byMember.set(m.memberId, [...(byMember.get(m.memberId) ?? []), m.date]);
  }
  const flagged = new Map<string, string[]>();
  for (const [memberId, dates] of byMember) {
    if (dates.length >= ABSENCE_FLAG_THRESHOLD) flagged.set(memberId, dates.sort());
  }
  return flagged;
}

export function dueDate(meetingDate: string, dueDays: number): string {
  return DateTime.fromISO(meetingDate, { zone: "UTC" }).plus({ days: dueDays }).toISODate()!;
}

/** Where a meeting's minutes stand: submitted by the due date (in the branch's zone), late (submitted
 * after it, or not submitted and the due date is past), or pending (not submitted, still time). */
export type MinutesStanding = "on_time" | "late" | "pending";

export function minutesStanding(
  due: string,
  submittedAt: Date | null,
  now: Date,
  zone: string,
): MinutesStanding {
  if (submittedAt) return civilToday(submittedAt, zone) > due ? "late" : "on_time";
  return civilToday(now, zone) > due ? "late" : "pending";
}

export function isLate(due: string, submittedAt: Date | null, now: Date, zone: string): boolean {
  return minutesStanding(due, submittedAt, now, zone) === "late";
}

/** The flag as the pages explain it (issue 20): what chibo counts, and the statute it comes from. */
export const ABSENCE_FLAG_RULE = {
  rule: `chibo đánh dấu đảng viên vắng không lý do từ ${ABSENCE_FLAG_THRESHOLD} buổi sinh hoạt chi bộ trở lên trong một năm dương lịch (buổi đã hủy và khách mời không tính). Đánh dấu chỉ để chi bộ xem xét; việc xem xét, đề nghị do chi bộ quyết định.`,
  source:
    "Điều lệ Đảng, Điều 8 khoản 1: đảng viên bỏ sinh hoạt đảng hoặc không đóng đảng phí ba tháng trong năm mà không có lý do chính đáng thì chi bộ xem xét, đề nghị lên cấp có thẩm quyền xóa tên trong danh sách đảng viên.",
} as const;
