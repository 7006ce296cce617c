/**
 * The state of one branch's month in a committee's grid, pure: from the meeting's status, whether its day
 * is still ahead (in the branch's zone) and where its minutes stand (`minutesStanding`, the campaign's
 * rule, computed in SQL by `minutes/minutes-sql.ts`). Each state has a word and a symbol, so that colour
 * is never the only signal.
 */
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
