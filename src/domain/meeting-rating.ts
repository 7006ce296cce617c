/**
 * Rating a meeting against its committee's points scheme, a branch's year from its meetings, and the
 * quarters without a thematic meeting. Pure; schemes are a committee's setting (docs/rules/branch-meetings.md
 * gives the sources of the defaults).
 */
import { isThematic, type MeetingKind } from "./meeting-quality.ts";

export type Band = "tot" | "kha" | "trung_binh" | "kem";

export const BAND_LABEL: Record<Band, string> = {
  tot: "Tốt",
  kha: "Khá",
  trung_binh: "Trung bình",
  kem: "Kém",
};

const BAND_ORDER: Band[] = ["tot", "kha", "trung_binh", "kem"];

export interface SchemeCriterion {
  key: string;
  label: string;
  maxPoints: number;
}

export interface RatingScheme {
  criteria: SchemeCriterion[];
  /** The lowest total of each band above "kém", from the top. */
  minTotal: { tot: number; kha: number; trung_binh: number };
  /** Criteria that must have full points for "tốt" (a meeting under it is "khá"); empty by default. */
  fullForTop: string[];
}

/** One province's published scheme, the default: 100 points, tốt ≥ 90, khá 70–89, trung bình 50–69. */
export const DEFAULT_SCHEME: RatingScheme = {
  criteria: [
    { key: "preparation", label: "Công tác chuẩn bị", maxPoints: 15 },
    { key: "attendance", label: "Tỷ lệ đảng viên dự sinh hoạt", maxPoints: 20 },
    { key: "conduct", label: "Tổ chức, nội dung và diễn biến sinh hoạt", maxPoints: 45 },
    { key: "closing", label: "Kết luận, nghị quyết và biên bản", maxPoints: 20 },
  ],
  minTotal: { tot: 90, kha: 70, trung_binh: 50 },
  fullForTop: [],
};

/** A scheme is usable when its keys are unique, its points positive and its bands descend within the total. */
export function schemeProblems(s: RatingScheme): string[] {
  const out: string[] = [];
  const keys = new Set<string>();
  for (const c of s.criteria) {
    if (keys.has(c.key)) out.push(`Tiêu chí "${c.label}" bị trùng`);
    keys.add(c.key);
    if (!Number.isInteger(c.maxPoints) || c.maxPoints <= 0)
      out.push(`Điểm tối đa của "${c.label}" phải là số nguyên dương`);
  }
  if (s.criteria.length === 0) out.push("Thang điểm cần ít nhất một tiêu chí");
  const total = s.criteria.reduce((n, c) => n + c.maxPoints, 0);
  const { tot, kha, trung_binh } = s.minTotal;
  if (!(tot <= total && kha < tot && trung_binh < kha && trung_binh > 0)) {
    out.push(`Ngưỡng xếp loại phải giảm dần và không vượt tổng điểm (${total})`);
  }
  for (const k of s.fullForTop) if (!keys.has(k)) out.push(`Tiêu chí "${k}" không có trong thang điểm`);
  return out;
}

export interface MeetingRating {
  total: number;
  band: Band;
}

/** Points per criterion → total and band; a point outside 0..max, or a criterion missing, is a problem. */
export function rateMeeting(
  s: RatingScheme,
  points: Record<string, number>,
): { ok: true; rating: MeetingRating } | { ok: false; problems: Record<string, string> } {
  const problems: Record<string, string> = {};
  let total = 0;
  for (const c of s.criteria) {
    const p = points[c.key];
    if (p === undefined) problems[c.key] = "Chưa chấm tiêu chí này";
    else if (!Number.isInteger(p) || p < 0 || p > c.maxPoints)
      problems[c.key] = `Điểm từ 0 đến ${c.maxPoints}`;
    else total += p;
  }
  for (const k of Object.keys(points)) {
    if (!s.criteria.some((c) => c.key === k)) problems[k] = "Tiêu chí không có trong thang điểm";
  }
  if (Object.keys(problems).length > 0) return { ok: false, problems };
  let band: Band =
    total >= s.minTotal.tot
      ? "tot"
      : total >= s.minTotal.kha
        ? "kha"
        : total >= s.minTotal.trung_binh
          ? "trung_binh"
          : "kem";
  const fullMissing = s.fullForTop.some((k) => points[k] !== s.criteria.find((c) => c.key === k)?.maxPoints);
  if (band === "tot" && fullMissing) band = "kha";
  return { ok: true, rating: { total, band } };
}

// ---------------------------------------------------------------------------------------------------------
// A branch's year

/** How a year is rated from its meetings: a committee's setting (defaults: docs/rules/branch-meetings.md). */
export interface YearRule {
  /** Share of the year's regular meetings rated "tốt" needed for a "tốt" year. */
  topShare: number;
  /** Share rated "khá" or better needed for a "khá" year. */
  goodShare: number;
  /** Share rated "trung bình" or better needed for a "trung bình" year. */
  passShare: number;
  /** A meeting rated "kém" caps the year at "khá"; a month without its meeting caps it at "trung bình". */
  capOnWeak: boolean;
  /** A quarter without a thematic meeting caps the year at "khá". */
  capOnMissingThematic: boolean;
}

export const DEFAULT_YEAR_RULE: YearRule = {
  topShare: 2 / 3,
  goodShare: 2 / 3,
  passShare: 1 / 2,
  capOnWeak: true,
  capOnMissingThematic: true,
};

export interface YearInput {
  /** The months of the year the branch was due to meet (yyyy-MM), usually twelve. */
  months: string[];
  /** The band of each month's rated regular meeting; a month absent from the map had no held meeting. */
  bandOfMonth: Map<string, Band>;
  quartersWithoutThematic: number;
}

export interface YearRating {
  band: Band;
  counts: Record<Band, number>;
  unheld: number;
  reasons: string[];
}

function atLeast(a: Band, b: Band): boolean {
  return BAND_ORDER.indexOf(a) <= BAND_ORDER.indexOf(b);
}

function worse(a: Band, b: Band): Band {
  return atLeast(a, b) ? b : a;
}

export function rateYear(y: YearInput, rule: YearRule = DEFAULT_YEAR_RULE): YearRating {
  const counts: Record<Band, number> = { tot: 0, kha: 0, trung_binh: 0, kem: 0 };
  let unheld = 0;
  for (const m of y.months) {
    const b = y.bandOfMonth.get(m);
    if (b) counts[b]++;
    else unheld++;
  }
  const due = y.months.length;
  const share = (n: number) => (due > 0 ? n / due : 0);
  const reasons: string[] = [];
  let band: Band = "kem";
  if (share(counts.tot) >= rule.topShare) band = "tot";
  else if (share(counts.tot + counts.kha) >= rule.goodShare) band = "kha";
  else if (share(counts.tot + counts.kha + counts.trung_binh) >= rule.passShare) band = "trung_binh";
  if (rule.capOnWeak && counts.kem > 0) {
    band = worse(band, "kha");
    reasons.push(`${counts.kem} buổi xếp loại kém`);
  }
  if (rule.capOnWeak && unheld > 0) {
    band = worse(band, "trung_binh");
    reasons.push(`${unheld} tháng không sinh hoạt hoặc chưa xếp loại`);
  }
  if (rule.capOnMissingThematic && y.quartersWithoutThematic > 0) {
    band = worse(band, "kha");
    reasons.push(`${y.quartersWithoutThematic} quý không sinh hoạt chuyên đề`);
  }
  return { band, counts, unheld, reasons };
}

// ---------------------------------------------------------------------------------------------------------
// Quarters and their thematic meeting

export interface KindedMeeting {
  date: string;
  kind: MeetingKind;
  status: "planned" | "held" | "cancelled";
}

/** "2026-05" → "2026-Q2". */
export function quarterOf(monthOrDate: string): string {
  return `${monthOrDate.slice(0, 4)}-Q${Math.floor((Number(monthOrDate.slice(5, 7)) - 1) / 3) + 1}`;
}

/** The quarter's months, "2026-Q2" → ["2026-04", "2026-05", "2026-06"]. */
export function monthsOfQuarter(quarter: string): string[] {
  const year = quarter.slice(0, 4);
  const q = Number(quarter.slice(6));
  return [1, 2, 3].map((i) => `${year}-${String((q - 1) * 3 + i).padStart(2, "0")}`);
}

/**
 * Where each quarter touched by `months` stands: "held" (a thematic meeting was held), "planned" (one is
 * planned and the quarter is not over), "missing" (the quarter is over, or planned ones were all cancelled
 * and it is over), "at_risk" (its last month has begun with none held or planned), "open" (time is left).
 */
export type QuarterStanding = "held" | "planned" | "missing" | "at_risk" | "open";

export function thematicByQuarter(
  meetings: KindedMeeting[],
  months: string[],
  today: string,
  perQuarter = 1,
): Map<string, QuarterStanding> {
  const quarters = [...new Set(months.map(quarterOf))].sort();
  const out = new Map<string, QuarterStanding>();
  for (const q of quarters) {
    const inQ = meetings.filter(
      (m) => isThematic(m.kind) && quarterOf(m.date) === q && m.status !== "cancelled",
    );
    const held = inQ.filter((m) => m.status === "held").length;
    const planned = inQ.filter((m) => m.status === "planned" && m.date >= today).length;
    const qMonths = monthsOfQuarter(q);
    const thisMonth = today.slice(0, 7);
    const over = thisMonth > qMonths[2]!;
    const lastMonthBegun = thisMonth === qMonths[2];
    if (held >= perQuarter) out.set(q, "held");
    else if (over) out.set(q, "missing");
    else if (held + planned >= perQuarter) out.set(q, "planned");
    else if (lastMonthBegun) out.set(q, "at_risk");
    else out.set(q, "open");
  }
  return out;
}

/** The secretary is reminded when the quarter's last month begins with no thematic meeting held or planned. */
export function thematicReminderDue(meetings: KindedMeeting[], today: string, perQuarter = 1): boolean {
  const q = quarterOf(today);
  return thematicByQuarter(meetings, monthsOfQuarter(q), today, perQuarter).get(q) === "at_risk";
}
