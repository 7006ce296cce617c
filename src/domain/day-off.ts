/**
 * Which days a secretary is warned about before putting a meeting on them, and why: a public holiday (the
 * holiday calendar with the admins' edits: Tết, Giỗ Tổ, a compensatory day…) or a Saturday or Sunday. A
 * branch whose own rule meets on that weekday (a village branch meeting on the first Sunday) is not warned
 * about the weekend, only about a holiday. Pure: the holidays come in as an argument.
 */
import { isoWeekday } from "./civil-date.ts";
import type { Holiday } from "./holidays.ts";
import type { DayRule } from "./meeting-rule.ts";
import { formatDateWithWeekday } from "./vi-format.ts";

export interface DayOff {
  date: string;
  kind: "holiday" | "weekend";
  /** The holiday's name ("Tết Nguyên đán (mùng 3 Tết)"), or the weekday ("Chủ nhật"). */
  name: string;
}

/** Why `date` is a day off, or null when it is a working day (or the branch's own meeting weekday). */
export function dayOffOf(
  date: string,
  holidays: readonly Holiday[],
  rule?: { day: DayRule } | null,
): DayOff | null {
  const holiday = holidays.find((h) => h.date === date);
  if (holiday) return { date, kind: "holiday", name: holiday.name };
  const weekday = isoWeekday(date);
  if (weekday < 6) return null;
  if (rule?.day.kind === "weekday" && rule.day.weekday === weekday) return null;
  return { date, kind: "weekend", name: weekday === 6 ? "Thứ Bảy" : "Chủ nhật" };
}

/** The sentence a secretary reads: "Thứ Hai, 08/02/2027 là ngày nghỉ lễ: Tết Nguyên đán (mùng 3 Tết)." */
export function dayOffText(d: DayOff): string {
  const day = formatDateWithWeekday(d.date);
  return d.kind === "holiday" ? `${day} là ngày nghỉ lễ: ${d.name}.` : `${day} là ngày nghỉ cuối tuần.`;
}

/**
 * The day off a change must be confirmed for, or null: a meeting put on a day off (a move to another date,
 * a make-up) waits for the secretary's word; one that stays on its date (only the time or place changes)
 * or whose new date was confirmed does not.
 */
export function dayOffToConfirm(
  o: { from: string | null; to: string; confirmed: boolean },
  holidays: readonly Holiday[],
  rule?: { day: DayRule } | null,
): DayOff | null {
  if (o.confirmed || o.from === o.to) return null;
  return dayOffOf(o.to, holidays, rule);
}
