/**
 * The state of one branch's month in a committee's grid, pure: from the meeting's status, whether its day
 * is still ahead (in the branch's zone) and where its minutes stand (`minutesStanding`, the campaign's
 * rule, computed in SQL by `minutes/minutes-sql.ts`). Each state has a word and a symbol, so that colour
 * is never the only signal.
 */
import { monthsBetween } from "./meeting-rule.ts";
import type { MeetingStatus, MinutesStanding } from "./minutes-rules.ts";

export type GridState = "minutes" | "held" | "late" | "cancelled" | "planned";

/** In the order of the legend. */
export const GRID_STATES: readonly GridState[] = ["minutes", "held", "late", "cancelled", "planned"];

export const GRID_LABELS: Record<GridState, { symbol: string; short: string; long: string }> = {
  minutes: { symbol: "✓", short: "Có biên bản", long: "Đã họp, đã nộp biên bản đúng hạn" },
  held: { symbol: "○", short: "Chưa nộp", long: "Đã đến ngày họp, chưa nộp biên bản (còn trong hạn)" },
  late: { symbol: "!", short: "Muộn", long: "Biên bản nộp muộn hoặc đã quá hạn mà chưa nộp" },
  cancelled: { symbol: "✕", short: "Đã hủy", long: "Buổi sinh hoạt đã bị hủy" },
  planned: { symbol: "…", short: "Dự kiến", long: "Chưa tới ngày họp" },
};

export function gridState(m: {
  status: MeetingStatus;
  ahead: boolean;
  standing: MinutesStanding;
}): GridState {
  if (m.status === "cancelled") return "cancelled";
  if (m.ahead) return "planned";
  if (m.standing === "on_time") return "minutes";
  if (m.standing === "late") return "late";
  return "held";
}

/** A campaign's months whose grid fits one view: the usual 12-month campaign, even across two years. */
export const GRID_VIEW_MONTHS = 12;

/**
 * The months a grid shows: a campaign of up to 12 months whole (12/2026–11/2027 straddles two years),
 * a longer one by calendar year within its span, and without a campaign the calendar year.
 */
export function gridMonths(
  year: number,
  campaign: { firstMonth: string; lastMonth: string } | null,
): { months: string[]; byYear: boolean } {
  if (campaign) {
    const all = monthsBetween(campaign.firstMonth, campaign.lastMonth);
    if (all.length <= GRID_VIEW_MONTHS) return { months: all, byYear: false };
    return { months: all.filter((m) => m.startsWith(`${year}-`)), byYear: true };
  }
  return { months: monthsBetween(`${year}-01`, `${year}-12`), byYear: true };
}

/**
 * The meeting a month's cell stands for: its make-up when there is one (the month was made up, so it
 * reads as the make-up's own state and date, not as the cancelled meeting it replaces), else the month's
 * meeting.
 */
export function monthMeeting<T extends { makeup: boolean }>(meetings: readonly T[]): T | null {
  return meetings.find((m) => m.makeup) ?? meetings[0] ?? null;
}

/** How a meeting is labelled where a person reads it (home, meeting page). */
export type MeetingLabel = "planned" | "moved" | "makeup" | "cancelled" | "held";

export const MEETING_LABELS: Record<MeetingLabel, string> = {
  planned: "Dự kiến",
  moved: "Đã dời lịch",
  makeup: "Họp bù",
  cancelled: "Đã hủy",
  held: "Đã họp",
};

/** A make-up not yet held is "Họp bù" (moved or not): it is a meeting of its own, not a moved one. */
export function meetingLabel(m: { status: MeetingStatus; edited: boolean; makeup: boolean }): MeetingLabel {
  if (m.status === "cancelled") return "cancelled";
  if (m.status === "held") return "held";
  if (m.makeup) return "makeup";
  return m.edited ? "moved" : "planned";
}
