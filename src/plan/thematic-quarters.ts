/**
 * Where a branch's quarters stand on their thematic meeting (`thematicByQuarter`, domain/meeting-rating.ts),
 * as the secretary's home and the officer's grid show them, with the words they use. No rule of its own.
 */
import { DEFAULT_QUALITY, type MeetingKind } from "../domain/meeting-quality.ts";
import { type QuarterStanding, thematicByQuarter } from "../domain/meeting-rating.ts";

export type { QuarterStanding };

export interface QuarterMark {
  /** "2026-Q2" */
  quarter: string;
  standing: QuarterStanding;
}

/** `short` is what a grid's mark says to a screen reader (the legend says the rest). */
export const QUARTER_LABEL: Record<QuarterStanding, { symbol: string; text: string; short: string }> = {
  held: { symbol: "✓", text: "đã sinh hoạt chuyên đề", short: "đã họp" },
  planned: { symbol: "◷", text: "đã lên kế hoạch buổi chuyên đề", short: "có kế hoạch" },
  at_risk: { symbol: "!", text: "tháng cuối quý, chưa có buổi chuyên đề nào", short: "chưa có, tháng cuối" },
  missing: { symbol: "✗", text: "hết quý, không sinh hoạt chuyên đề", short: "không có" },
  open: { symbol: "·", text: "chưa có buổi chuyên đề, còn thời gian", short: "còn thời gian" },
};

/** "2026-Q2" → "Quý 2/2026". */
export function quarterName(quarter: string): string {
  return `Quý ${quarter.slice(6)}/${quarter.slice(0, 4)}`;
}

/** The quarters the months touch, each with its standing on `today`. */
export function quarterMarks(
  meetings: { date: string; kind: MeetingKind; status: "planned" | "held" | "cancelled" }[],
  months: string[],
  today: string,
  /** The committee's setting (docs/rules/branch-meetings.md), else the default of one a quarter. */
  perQuarter = DEFAULT_QUALITY.thematicPerQuarter,
): QuarterMark[] {
  const by = thematicByQuarter(meetings, months, today, perQuarter);
  return [...by].map(([quarter, standing]) => ({ quarter, standing }));
}
