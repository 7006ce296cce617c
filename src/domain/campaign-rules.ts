/**
 * The rules of a study campaign and its catalogue, pure: the month range, days of peak dates and
 * deadlines, page ranges, the order of the catalogue, which months the committee may fix, how a copy moves
 * its dates, and the month → topic schedule. Months are "yyyy-MM", civil dates "yyyy-MM-dd". A rule that
 * fails answers `{ field, reason }` (reason in Vietnamese); the service turns it into a 400.
 */
import { DateTime } from "luxon";
import { monthsBetween } from "./meeting-rule.ts";
import { PEAK_WINDOW_DAYS } from "./peaks.ts";
import { completeSchedule, scheduleProblems } from "./topic-rotation.ts";
import { formatMonth } from "./vi-format.ts";

export interface Problem {
  field: string;
  reason: string;
}

/** Longest campaign accepted: ten years of monthly meetings. */
export const MAX_CAMPAIGN_MONTHS = 120;

const MONTH_RE = /^\d{4}-(0[1-9]|1[0-2])$/;
/** Days of each month, 29/2 allowed: an anniversary or a yearly deadline may fall on it. */
const DAYS_IN_MONTH = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

export const isMonth = (s: string): boolean => MONTH_RE.test(s);
/** "2026-05-01" → "2026-05": campaigns store their months as the month's first day. */
export const monthOf = (date: string): string => date.slice(0, 7);
/** "2026-05" → "2026-05-01". */
export const firstDayOf = (month: string): string => `${month}-01`;

/** A campaign runs from `first` to `last` (both yyyy-MM), in order, at most MAX_CAMPAIGN_MONTHS long. */
export function rangeProblem(
  first: string,
  last: string,
  fields = { first: "body.firstMonth", last: "body.lastMonth" },
): Problem | null {
  if (!isMonth(first)) return { field: fields.first, reason: "phải có dạng yyyy-MM" };
  if (!isMonth(last)) return { field: fields.last, reason: "phải có dạng yyyy-MM" };
  if (last < first) return { field: fields.last, reason: "tháng kết thúc không được trước tháng bắt đầu" };
  if (monthsBetween(first, last).length > MAX_CAMPAIGN_MONTHS) {
    return { field: fields.last, reason: `một đợt sinh hoạt dài tối đa ${MAX_CAMPAIGN_MONTHS} tháng` };
  }
  return null;
}

/** A day of a month: of any year when `year` is null (29/2 allowed), else of that year. */
export function dayMonthProblem(day: number, month: number, year: number | null = null): Problem | null {
  if (month < 1 || month > 12) return { field: "body.month", reason: "tháng phải từ 1 đến 12" };
  const max = year === null ? DAYS_IN_MONTH[month - 1]! : DateTime.utc(year, month, 1).daysInMonth!;
  if (day < 1 || day > max) {
    return {
      field: "body.day",
      reason: `tháng ${month}${year === null ? "" : `/${year}`} không có ngày ${day}`,
    };
  }
  return null;
}

/** A topic's pages: both or neither, and the last not before the first. */
export function pagesProblem(
  start: number | null | undefined,
  end: number | null | undefined,
): Problem | null {
  if (start != null && end != null && end < start)
    return { field: "body.pageEnd", reason: "trang cuối không được nhỏ hơn trang đầu" };
  if ((start == null) !== (end == null)) {
    return {
      field: start == null ? "body.pageStart" : "body.pageEnd",
      reason: "cần cả trang đầu và trang cuối, hoặc bỏ trống cả hai",
    };
  }
  return null;
}

/** A new order of the catalogue names every known code exactly once. */
export function orderProblem(codes: readonly string[], known: readonly string[]): Problem | null {
  const knownSet = new Set(known);
  const seen = new Set<string>();
  for (const [i, code] of codes.entries()) {
    if (!knownSet.has(code))
      return { field: `body.codes.${i}`, reason: `mã "${code}" không có trong danh mục` };
    if (seen.has(code)) return { field: `body.codes.${i}`, reason: `mã "${code}" bị lặp lại` };
    seen.add(code);
  }
  const missing = known.filter((c) => !seen.has(c));
  if (missing.length) return { field: "body.codes", reason: `thiếu các mã: ${missing.join(", ")}` };
  return null;
}

/** The committee fixes (code) or frees (null) months that lie in the campaign and codes in its catalogue. */
export function scheduleEditProblem(
  months: Record<string, string | null>,
  first: string,
  last: string,
  known: readonly string[],
): Problem | null {
  const entries = Object.entries(months);
  if (entries.length === 0) return { field: "body.months", reason: "cần ít nhất một tháng" };
  const knownSet = new Set(known);
  for (const [month, code] of entries) {
    const field = `body.months.${month}`;
    if (!isMonth(month)) return { field, reason: "tháng phải có dạng yyyy-MM" };
    if (month < first || month > last)
      return { field, reason: `tháng nằm ngoài đợt sinh hoạt (${first} … ${last})` };
    if (code !== null && !knownSet.has(code))
      return { field, reason: `chủ đề "${code}" không có trong danh mục` };
  }
  return null;
}

/**
 * A campaign's new range may not leave out a month the committee fixed (`outside`, sorted): the problem
 * names the first month when it was moved and the fixed month falls before it, else the last.
 */
export function fixedOutsideProblem(
  outside: readonly string[],
  first: string,
  firstMoved: boolean,
): Problem | null {
  if (!outside.length) return null;
  return {
    field: firstMoved && outside[0]! < first ? "body.firstMonth" : "body.lastMonth",
    reason: `${outside.map(formatMonth).join(", ")} đã được ấn định chủ đề và sẽ nằm ngoài đợt; hãy bỏ ấn định trước`,
  };
}

/**
 * A change of a campaign's months that would leave out a month in which a branch has already met (or
 * cancelled, or let the day pass) under the campaign: refused, naming the first such meeting, since its
 * minutes, attendance and reports belong to the campaign. `history`: those meetings (month yyyy-MM,
 * earliest first); planned meetings still to come are not history (they leave the campaign).
 */
export function historyOutsideProblem(
  history: readonly { month: string; branchName: string }[],
  first: string,
): Problem | null {
  const h = history[0];
  if (!h) return null;
  const more = history.length > 1 ? ` (cùng ${history.length - 1} buổi khác)` : "";
  return {
    field: h.month < first ? "body.firstMonth" : "body.lastMonth",
    reason: `${h.branchName} đã có buổi sinh hoạt ${formatMonth(h.month)} theo đợt này${more}: đợt phải còn gồm tháng đó`,
  };
}

function monthIndex(m: string): number {
  const [y, mo] = m.split("-").map(Number) as [number, number];
  return y * 12 + mo - 1;
}

/** How far a copy moves: whole months from the source's first month, and that rounded to whole years. */
export function copyOffset(sourceFirst: string, copyFirst: string): { months: number; years: number } {
  const months = monthIndex(copyFirst) - monthIndex(sourceFirst);
  return { months, years: Math.round(months / 12) };
}

/** A date moved by whole months; luxon keeps the day or takes the month's last day. */
export function shiftDate(date: string, months: number): string {
  return DateTime.fromISO(date, { zone: "UTC" }).plus({ months }).toISODate()!;
}

/** "48 năm … (30/4/1975 - 30/4/2023)": an anniversary as the seeds write it, ordinal and both dates. */
const ANNIVERSARY_RE =
  /(\d{1,3}) năm ([^()]*?)\((\d{1,2})\/(\d{1,2})\/(\d{4})\s*[-–]\s*(\d{1,2})\/(\d{1,2})\/(\d{4})\)/g;
/** A year written in a text: "5/2023", "2023 - 2025", "Quý III/2023". */
const YEAR_RE = /(?<![\d/])(?:1[89]|2\d)\d{2}(?!\d)|(?<=\/)(?:1[89]|2\d)\d{2}(?!\d)/g;

/**
 * A campaign event as copied into a campaign of months `span`, its date moved by `months`: null when the
 * new date falls outside the campaign (a copy carries no event outside its months). An anniversary it
 * names ("kỷ niệm 133 năm … (19/5/1890 - 19/5/2023)") is re-dated to the event's year when the event is
 * still on that occasion (within PEAK_WINDOW_DAYS of the day); any other year it names (a month, a
 * quarter, a period "2023 - 2025") cannot be re-dated truthfully, and neither can an occasion the event
 * has moved away from: such an event is copied unconfirmed, to be checked by the officer before it
 * reaches any feed.
 */
export function copiedEvent(
  e: { date: string; title: string; description: string },
  months: number,
  span: { from: string; to: string },
): { date: string; title: string; description: string; confirmed: boolean } | null {
  const date = shiftDate(e.date, months);
  if (date < span.from || date > span.to) return null;
  const year = Number(date.slice(0, 4));
  const day = DateTime.fromISO(date, { zone: "UTC" });
  let truthful = true;
  const redate = (text: string) => {
    const out = text.replace(
      ANNIVERSARY_RE,
      (whole, _n, what: string, d1: string, m1: string, base: string, d2: string, m2: string) => {
        const on = DateTime.utc(year, Number(m2), Number(d2));
        if (!on.isValid || Math.abs(on.diff(day, "days").days) > PEAK_WINDOW_DAYS) {
          truthful = false;
          return whole;
        }
        return `${year - Number(base)} năm ${what}(${d1}/${m1}/${base} - ${d2}/${m2}/${year})`;
      },
    );
    // Years left once the anniversaries are read (their base years are history, and stay true).
    const rest = out.replace(ANNIVERSARY_RE, "");
    if ([...rest.matchAll(YEAR_RE)].some((m) => Number(m[0]) !== year)) truthful = false;
    return out;
  };
  const title = redate(e.title);
  const description = redate(e.description);
  return { date, title, description, confirmed: truthful };
}

/** A copied deadline: a yearly one (year null) stays; a one-off moves by whole years, 29/2 onto 28/2. */
export function shiftDeadline<D extends { day: number; month: number; year: number | null }>(
  d: D,
  years: number,
): D {
  if (d.year === null) return d;
  const year = d.year + years;
  return { ...d, year, day: Math.min(d.day, DateTime.utc(year, d.month, 1).daysInMonth!) };
}

/**
 * Two committees on one line of the tree: one is the other or lies below it. A local peak date belongs to
 * a committee related so to the campaign's. `ancestorIds` lists a committee's ancestors and itself.
 */
export function onOneLine(
  a: { id: string; ancestorIds: readonly string[] },
  b: { id: string; ancestorIds: readonly string[] },
): boolean {
  return a.ancestorIds.includes(b.id) || b.ancestorIds.includes(a.id);
}

export interface ScheduleEntry {
  month: string;
  topicId: string | null;
  code: string | null;
  title: string | null;
  fixed: boolean;
}

/**
 * Every month of the campaign with its topic: the committee's fixed months (month → code), the rest in
 * catalogue order (`topics` in that order), and what is wrong with the result.
 */
export function campaignSchedule(
  first: string,
  last: string,
  topics: readonly { id: string; code: string; title: string }[],
  fixed: ReadonlyMap<string, string>,
): { months: ScheduleEntry[]; scheduleProblems: { month: string; reason: string }[] } {
  const months = monthsBetween(first, last);
  const codes = topics.map((t) => t.code);
  if (codes.length === 0) {
    return {
      months: months.map((month) => ({ month, topicId: null, code: null, title: null, fixed: false })),
      scheduleProblems: scheduleProblems(new Map(months.map((m) => [m, ""])), codes),
    };
  }
  const byCode = new Map(topics.map((t) => [t.code, t]));
  const schedule = completeSchedule(months, codes, fixed);
  return {
    months: months.map((month) => {
      const t = byCode.get(schedule.get(month)!)!;
      return { month, topicId: t.id, code: t.code, title: t.title, fixed: fixed.has(month) };
    }),
    scheduleProblems: scheduleProblems(schedule, codes),
  };
}

/** The catalogue's order with `code` one place earlier (-1) or later (+1); unchanged at either end. */
export function movedOneStep(codes: readonly string[], code: string, step: -1 | 1): string[] {
  const out = [...codes];
  const i = out.indexOf(code);
  const j = i + step;
  if (i < 0 || j < 0 || j >= out.length) return out;
  [out[i], out[j]] = [out[j]!, out[i]!];
  return out;
}
