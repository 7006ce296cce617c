/**
 * How dates and times are written for Vietnamese readers: dd/MM/yyyy, "Thứ Hai … Chủ nhật", 24-hour time.
 * Civil dates travel through the domain as ISO strings (yyyy-MM-dd), the shape PostgreSQL's `date` has.
 */
import { DateTime } from "luxon";
import { civilDate, civilMonth } from "./civil-date.ts";

const WEEKDAYS = ["Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy", "Chủ nhật"] as const;

/** ISO weekday (1 = Monday … 7 = Sunday) to its Vietnamese name. */
export function weekdayName(isoWeekday: number): string {
  const name = WEEKDAYS[isoWeekday - 1];
  if (!name) throw new RangeError(`weekday out of range: ${isoWeekday}`);
  return name;
}

/** "2026-05-19" → "19/05/2026" */
export function formatDate(date: string): string {
  return civilDate(date).toFormat("dd/MM/yyyy");
}

/** "2026-05-19" → "Thứ Ba, 19/05/2026" */
export function formatDateWithWeekday(date: string): string {
  const dt = civilDate(date);
  return `${weekdayName(dt.weekday)}, ${dt.toFormat("dd/MM/yyyy")}`;
}

/** "2026-05" → "tháng 5/2026" */
export function formatMonth(month: string): string {
  const dt = civilMonth(month);
  return `tháng ${dt.month}/${dt.year}`;
}

/** An instant (a Date or an ISO string) as a person in `zone` reads it: "02h00 ngày 05/12/2026". */
export function formatInstant(instant: Date | string, zone: string): string {
  const local = (
    typeof instant === "string" ? DateTime.fromISO(instant) : DateTime.fromJSDate(instant)
  ).setZone(zone);
  return `${local.toFormat("HH'h'mm")} ngày ${local.toFormat("dd/MM/yyyy")}`;
}

/** A local time "19:30" stays "19:30"; an instant is shown in the given zone as "19h30". */
export function formatTime(instant: DateTime, zone: string): string {
  const local = instant.setZone(zone);
  return local.toFormat("HH'h'mm");
}

/** A sentence closed once: "… sau một tuần." stays, "… bị sạt" gets its full stop. */
export function endSentence(text: string): string {
  const t = text.trim();
  return /[.!?…]$/.test(t) ? t : `${t}.`;
}
