/**
 * When a branch (chi bộ) meets each month: its rule ("ngày 5 hằng tháng", "Thứ Sáu cuối cùng của tháng"),
 * the date that rule gives in a month, and how that date moves off a non-working day.
 * Pure: the calendar of working days is passed in, nothing reads the clock.
 */
import { DateTime } from "luxon";
import { civilDate, civilMonth } from "./civil-date.ts";
import { weekdayName } from "./vi-format.ts";

export type ShiftPolicy = "next" | "previous" | "keep";

export type DayRule =
  /** day 1..31; a day past the month's end means the month's last day */
  | { kind: "day_of_month"; day: number }
  /** weekday ISO 1 = Monday … 7 = Sunday; nth -1 = the last; a 5th that does not exist = the last */
  | { kind: "weekday"; weekday: number; nth: 1 | 2 | 3 | 4 | 5 | -1 };

export interface MeetingRule {
  day: DayRule;
  /** "HH:mm", local time of the branch's zone */
  startTime: string;
  durationMinutes: number;
  shift: ShiftPolicy;
}

export interface PlannedDate {
  /** the date of the meeting after any shift */
  date: string;
  /** the date the rule gives before any shift */
  nominal: string;
  shifted: boolean;
}

export const MIN_DURATION_MINUTES = 15;
export const MAX_DURATION_MINUTES = 720;

const SHIFT_POLICIES: readonly ShiftPolicy[] = ["next", "previous", "keep"];
const NTHS: readonly number[] = [1, 2, 3, 4, 5, -1];
const TIME_RE = /^([01]\d|2[0-3]):([0-5]\d)$/;

function iso(dt: DateTime): string {
  return dt.toFormat("yyyy-MM-dd");
}

/** The date the rule gives in the month ("yyyy-MM"), before any shift for non-working days. */
export function nominalDate(day: DayRule, month: string): string {
  const first = civilMonth(month);
  const daysInMonth = first.daysInMonth!;
  if (day.kind === "day_of_month") {
    if (!Number.isInteger(day.day) || day.day < 1 || day.day > 31) {
      throw new RangeError(`day of month out of range 1..31: ${day.day}`);
    }
    return iso(first.set({ day: Math.min(day.day, daysInMonth) }));
  }
  if (!Number.isInteger(day.weekday) || day.weekday < 1 || day.weekday > 7) {
    throw new RangeError(`weekday out of range 1..7: ${day.weekday}`);
  }
  if (!NTHS.includes(day.nth)) throw new RangeError(`nth must be 1..5 or -1: ${day.nth}`);
  const last = first.set({ day: daysInMonth });
  const lastOccurrence = daysInMonth - ((last.weekday - day.weekday + 7) % 7);
  if (day.nth === -1) return iso(first.set({ day: lastOccurrence }));
  const firstOccurrence = 1 + ((day.weekday - first.weekday + 7) % 7);
  const nth = firstOccurrence + 7 * (day.nth - 1);
  return iso(first.set({ day: nth > daysInMonth ? lastOccurrence : nth }));
}

/** The first working day walking from `from` (exclusive) by `step` days, staying inside the month. */
function findWorkingDay(
  from: DateTime,
  step: 1 | -1,
  isWorkingDay: (date: string) => boolean,
): string | null {
  for (let d = from.plus({ days: step }); d.month === from.month; d = d.plus({ days: step })) {
    const candidate = iso(d);
    if (isWorkingDay(candidate)) return candidate;
  }
  return null;
}

/**
 * The meeting date in the month. On a non-working nominal date, "next" takes the next working day and
 * "previous" the previous one, "keep" keeps it. A shift never leaves the month: when the working day in the
 * policy's direction lies outside the month, the nearest working day the other way is taken. A month
 * with no working day keeps the nominal date.
 */
export function meetingDate(
  rule: Pick<MeetingRule, "day" | "shift">,
  month: string,
  isWorkingDay: (date: string) => boolean,
): PlannedDate {
  const nominal = nominalDate(rule.day, month);
  if (!SHIFT_POLICIES.includes(rule.shift)) throw new RangeError(`unknown shift policy: ${rule.shift}`);
  if (rule.shift === "keep" || isWorkingDay(nominal)) return { date: nominal, nominal, shifted: false };
  const start = civilDate(nominal);
  const step = rule.shift === "next" ? 1 : -1;
  const date =
    findWorkingDay(start, step, isWorkingDay) ?? findWorkingDay(start, step === 1 ? -1 : 1, isWorkingDay);
  if (date === null) return { date: nominal, nominal, shifted: false };
  return { date, nominal, shifted: true };
}

/**
 * The meeting as an interval of instants in the branch's zone. The duration is elapsed time, so a meeting
 * across a daylight-saving change ends `durationMinutes` after it starts, whatever the wall clock says.
 * A start time that does not exist (in a spring-forward gap) is moved forward by the gap, as luxon does.
 */
export function meetingInterval(
  date: string,
  startTime: string,
  durationMinutes: number,
  zone: string,
): { start: DateTime; end: DateTime } {
  civilDate(date);
  if (!TIME_RE.test(startTime)) throw new RangeError(`not a time (HH:mm): ${startTime}`);
  if (!Number.isFinite(durationMinutes) || durationMinutes <= 0) {
    throw new RangeError(`duration must be positive: ${durationMinutes}`);
  }
  const start = DateTime.fromISO(`${date}T${startTime}`, { zone });
  if (!start.isValid)
    throw new RangeError(`cannot place ${date} ${startTime} in zone ${zone}: ${start.invalidReason}`);
  return { start, end: start.plus({ minutes: durationMinutes }) };
}

/** Every month from `first` to `last` inclusive, as "yyyy-MM". */
export function monthsBetween(first: string, last: string): string[] {
  const from = civilMonth(first);
  const to = civilMonth(last);
  if (to < from) throw new RangeError(`last month ${last} is before first month ${first}`);
  const months: string[] = [];
  for (let m = from; m <= to; m = m.plus({ months: 1 })) months.push(m.toFormat("yyyy-MM"));
  return months;
}

const NTH_WORDS: Record<number, string> = {
  1: "đầu tiên",
  2: "thứ 2",
  3: "thứ 3",
  4: "thứ 4",
  5: "thứ 5",
  [-1]: "cuối cùng",
};

const SHIFT_WORDS: Record<ShiftPolicy, string> = {
  next: "ngày nghỉ thì dời sang ngày làm việc kế tiếp",
  previous: "ngày nghỉ thì dời về ngày làm việc liền trước",
  keep: "ngày nghỉ vẫn giữ nguyên ngày",
};

function describeDay(day: DayRule): string {
  if (day.kind === "day_of_month") {
    const note = day.day >= 29 ? " (tháng không có ngày này thì họp ngày cuối tháng)" : "";
    return `ngày ${day.day} hằng tháng${note}`;
  }
  const name = weekdayName(day.weekday);
  const note = day.nth === 5 ? ` (tháng không có thì họp ${name} cuối cùng)` : "";
  return `${name} ${NTH_WORDS[day.nth]} của tháng${note}`;
}

/**
 * The rule in Vietnamese, e.g. "ngày 5 hằng tháng, lúc 14:00 (120 phút); ngày nghỉ thì dời sang ngày làm
 * việc kế tiếp" or "Thứ Sáu cuối cùng của tháng, lúc 14:00 (120 phút); …".
 */
export function describeRule(rule: MeetingRule): string {
  return `${describeDay(rule.day)}, lúc ${rule.startTime} (${rule.durationMinutes} phút); ${SHIFT_WORDS[rule.shift]}`;
}

/** What is wrong with a rule, field by field, with reasons in Vietnamese; empty when the rule is valid. */
export function validateRule(rule: MeetingRule): { field: string; reason: string }[] {
  const problems: { field: string; reason: string }[] = [];
  // the rule may come from a form or an import: check the shape, not only the values
  const day: { kind?: unknown; day?: unknown; weekday?: unknown; nth?: unknown } | undefined = rule.day;
  if (day?.kind === "day_of_month") {
    const d = day.day;
    if (typeof d !== "number" || !Number.isInteger(d) || d < 1 || d > 31) {
      problems.push({ field: "day.day", reason: "Ngày trong tháng phải là số nguyên từ 1 đến 31." });
    }
  } else if (day?.kind === "weekday") {
    const w = day.weekday;
    if (typeof w !== "number" || !Number.isInteger(w) || w < 1 || w > 7) {
      problems.push({ field: "day.weekday", reason: "Thứ trong tuần phải từ 1 (Thứ Hai) đến 7 (Chủ nhật)." });
    }
    if (typeof day.nth !== "number" || !NTHS.includes(day.nth)) {
      problems.push({
        field: "day.nth",
        reason: "Lần trong tháng phải là 1, 2, 3, 4, 5 hoặc -1 (cuối cùng).",
      });
    }
  } else {
    problems.push({
      field: "day.kind",
      reason: "Cách chọn ngày phải là theo ngày trong tháng hoặc theo thứ.",
    });
  }

  const timeOk = typeof rule.startTime === "string" && TIME_RE.test(rule.startTime);
  if (!timeOk) {
    problems.push({ field: "startTime", reason: "Giờ bắt đầu phải có dạng HH:mm, từ 00:00 đến 23:59." });
  }

  const duration = rule.durationMinutes;
  if (
    typeof duration !== "number" ||
    !Number.isInteger(duration) ||
    duration < MIN_DURATION_MINUTES ||
    duration > MAX_DURATION_MINUTES
  ) {
    problems.push({
      field: "durationMinutes",
      reason: `Thời lượng phải là số phút nguyên từ ${MIN_DURATION_MINUTES} đến ${MAX_DURATION_MINUTES}.`,
    });
  } else if (timeOk) {
    const [h, m] = rule.startTime.split(":").map(Number) as [number, number];
    if (h * 60 + m + duration > 24 * 60) {
      problems.push({ field: "durationMinutes", reason: "Buổi sinh hoạt không được kéo dài qua nửa đêm." });
    }
  }

  if (!SHIFT_POLICIES.includes(rule.shift)) {
    problems.push({
      field: "shift",
      reason: "Cách xử lý ngày nghỉ phải là dời sang ngày kế tiếp, dời về ngày liền trước hoặc giữ nguyên.",
    });
  }
  return problems;
}
