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

/** A local time "19:30" stays "19:30"; an instant is shown in the given zone as "19h30". */
export function formatTime(instant: DateTime, zone: string): string {
  const local = instant.setZone(zone);
  return local.toFormat("HH'h'mm");
}

/** An instant (ISO string) as "HHhmm dd/MM/yyyy" in `zone`: when a revision was saved. */
export function formatInstant(iso: string, zone: string): string {
  return DateTime.fromISO(iso).setZone(zone).toFormat("HH'h'mm dd/MM/yyyy");
}
