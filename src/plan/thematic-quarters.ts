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

export const QUARTER_LABEL: Record<QuarterStanding, { symbol: string; text: string }> = {
  held: { symbol: "✓", text: "đã sinh hoạt chuyên đề" },
  planned: { symbol: "◷", text: "đã lên kế hoạch buổi chuyên đề" },
  at_risk: { symbol: "!", text: "tháng cuối quý, chưa có buổi chuyên đề nào" },
  missing: { symbol: "✗", text: "hết quý, không sinh hoạt chuyên đề" },
  open: { symbol: "·", text: "chưa có buổi chuyên đề, còn thời gian" },
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
