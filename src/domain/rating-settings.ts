/**
 * A committee's meeting-quality settings as they are kept and inherited, and the year's input from a branch's
 * meetings. Pure. The rules themselves are meeting-quality.ts and meeting-rating.ts; this file only says which
 * settings are in force, whether stored settings are usable, and which meeting gives a month its band.
 */
import { DEFAULT_QUALITY, type QualitySettings } from "./meeting-quality.ts";
import {
  type Band,
  DEFAULT_SCHEME,
  DEFAULT_YEAR_RULE,
  type RatingScheme,
  type YearInput,
  type YearRule,
} from "./meeting-rating.ts";

export interface RatingSettings {
  quality: QualitySettings;
  scheme: RatingScheme;
  yearRule: YearRule;
}

/** A committee's own row: a null part is inherited. */
export interface OwnSettings {
  committeeId: string;
  quality: QualitySettings | null;
  scheme: RatingScheme | null;
  yearRule: YearRule | null;
}

export type SettingsSource = { kind: "own" } | { kind: "parent"; committeeId: string } | { kind: "default" };

/**
 * The settings in force for a committee whose line is `ancestorIds` (root first, itself last): each part from
 * the nearest committee that set it, else the documented default (docs/rules/branch-meetings.md).
 */
export function settingsInForce(
  ancestorIds: string[],
  rows: OwnSettings[],
): RatingSettings & { from: Record<keyof RatingSettings, SettingsSource> } {
  const self = ancestorIds.at(-1);
  const byId = new Map(rows.map((r) => [r.committeeId, r]));
  const pick = <K extends keyof RatingSettings>(k: K, fallback: RatingSettings[K]) => {
    for (let i = ancestorIds.length - 1; i >= 0; i--) {
      const v = byId.get(ancestorIds[i]!)?.[k];
      if (v) {
        const id = ancestorIds[i]!;
        return {
          value: v as RatingSettings[K],
          from: (id === self ? { kind: "own" } : { kind: "parent", committeeId: id }) as SettingsSource,
        };
      }
    }
    return { value: fallback, from: { kind: "default" } as SettingsSource };
  };
  const q = pick("quality", DEFAULT_QUALITY);
  const s = pick("scheme", DEFAULT_SCHEME);
  const y = pick("yearRule", DEFAULT_YEAR_RULE);
  return {
    quality: q.value,
    scheme: s.value,
    yearRule: y.value,
    from: { quality: q.from, scheme: s.from, yearRule: y.from },
  };
}

/** Problems of quality settings, by field. */
export function qualityProblems(q: QualitySettings): Record<string, string> {
  const out: Record<string, string> = {};
  if (!(q.attendanceShare > 0 && q.attendanceShare <= 1))
    out.attendanceShare = "Tỷ lệ dự họp từ trên 0% đến 100%";
  if (!Number.isInteger(q.minMinutes) || q.minMinutes < 1 || q.minMinutes > 600)
    out.minMinutes = "Thời lượng tối thiểu từ 1 đến 600 phút";
  if (
    !Number.isInteger(q.combinedMinMinutes) ||
    q.combinedMinMinutes < q.minMinutes ||
    q.combinedMinMinutes > 600
  )
    out.combinedMinMinutes = "Thời lượng buổi kết hợp không ít hơn buổi thường kỳ, tối đa 600 phút";
  if (!Number.isInteger(q.thematicPerQuarter) || q.thematicPerQuarter < 0 || q.thematicPerQuarter > 3)
    out.thematicPerQuarter = "Số buổi chuyên đề mỗi quý từ 0 đến 3";
  return out;
}

/** Problems of a year rule, by field: each share within 0–100%, "tốt" asking no less than "khá" than "trung bình". */
export function yearRuleProblems(r: YearRule): Record<string, string> {
  const out: Record<string, string> = {};
  const ok = (x: number) => x > 0 && x <= 1;
  if (!ok(r.topShare)) out.topShare = "Tỷ lệ từ trên 0% đến 100%";
  if (!ok(r.goodShare)) out.goodShare = "Tỷ lệ từ trên 0% đến 100%";
  if (!ok(r.passShare)) out.passShare = "Tỷ lệ từ trên 0% đến 100%";
  if (Object.keys(out).length === 0 && r.passShare > r.goodShare)
    out.passShare = "Tỷ lệ cho loại trung bình không được cao hơn loại khá";
  return out;
}

const RANK: Record<Band, number> = { tot: 0, kha: 1, trung_binh: 2, kem: 3 };

/** A branch's meeting as the year reads it: its month, whether it took place, its band when rated, and whether
 * it is the month's planned meeting (a make-up keeps the month of the one it replaces). */
export interface YearMeeting {
  month: string;
  status: "planned" | "held" | "cancelled";
  band: Band | null;
  makeup: boolean;
}

/**
 * `rateYear`'s input from a branch's meetings in the period: the months due are those with a planned meeting
 * (one a month, make-ups aside); a month's band is the best of its held, rated meetings (the meeting or its
 * make-up). The report's SQL counts the same (tests/ratings/year-sql.test.ts).
 */
export function yearInputOf(meetings: YearMeeting[], quartersWithoutThematic = 0): YearInput {
  const months = [...new Set(meetings.filter((m) => !m.makeup).map((m) => m.month))].sort();
  const bandOfMonth = new Map<string, Band>();
  for (const m of meetings) {
    if (m.status !== "held" || !m.band || !months.includes(m.month)) continue;
    const had = bandOfMonth.get(m.month);
    if (!had || RANK[m.band] < RANK[had]) bandOfMonth.set(m.month, m.band);
  }
  return { months, bandOfMonth, quartersWithoutThematic };
}

/** The same input from counts (what set-based SQL returns): `rateYear` reads only how many months have each
 * band and how many are due, so a synthetic list of months gives the same result. */
export function yearInputOfCounts(
  due: number,
  counts: Record<Band, number>,
  quartersWithoutThematic = 0,
): YearInput {
  const months = Array.from({ length: due }, (_, i) => `m${i}`);
  const bandOfMonth = new Map<string, Band>();
  let i = 0;
  for (const b of ["tot", "kha", "trung_binh", "kem"] as Band[]) {
    for (let n = 0; n < counts[b] && i < due; n++) bandOfMonth.set(months[i++]!, b);
  }
  return { months, bandOfMonth, quartersWithoutThematic };
}

/** The quarters without their thematic meetings from how many ended quarters had 0, 1 and 2 held ones (what
 * set-based SQL returns): those under the committee's `thematicPerQuarter` (0‥3), as `thematicByQuarter` says. */
export function quartersWithoutThematic(endedWith: [number, number, number], perQuarter: number): number {
  return endedWith.slice(0, Math.min(perQuarter, 3)).reduce((a, b) => a + b, 0);
}
