/**
 * Peak periods ("tập trung cao điểm") of a study campaign: the great anniversaries of the country that the
 * plans ask branches to concentrate on, and the way the plans write them, e.g.
 * "kỷ niệm 133 năm Ngày sinh Chủ tịch Hồ Chí Minh (19/5/1890 - 19/5/2023)".
 *
 * Pure: civil dates are ISO strings (yyyy-MM-dd), no clock, no time zone.
 */
import { DateTime } from "luxon";
import { civilDate } from "./civil-date.ts";

export interface PeakDate {
  day: number;
  month: number;
  /** The year the anniversary counts from (19/5/1890 → 1890). */
  baseYear: number;
  /** e.g. "Ngày sinh Chủ tịch Hồ Chí Minh" */
  name: string;
}

export interface PeakMatch {
  peak: PeakDate;
  /** The peak day's date in that year (yyyy-MM-dd). */
  date: string;
  /** year − baseYear */
  anniversary: number;
  /** A "năm chẵn" anniversary: a multiple of 5. */
  round: boolean;
  /** "kỷ niệm 136 năm Ngày sinh Chủ tịch Hồ Chí Minh (19/5/1890 - 19/5/2026)" */
  text: string;
}

/** A meeting held in the 30 days up to and including a peak date (peak − 29 days … peak) is a peak meeting. */
export const PEAK_WINDOW_DAYS = 30;

/** The peak's day in `year`, or null when it does not exist (29/2 in a common year) or precedes the base year. */
function occurrence(peak: PeakDate, year: number): DateTime | null {
  if (year - peak.baseYear < 1) return null;
  const dt = DateTime.fromObject({ year, month: peak.month, day: peak.day }, { zone: "UTC" });
  return dt.isValid ? dt : null;
}

/** Day two digits, month not padded, as the plans write it: 2/9/1945 → "02/9/1945". */
function writtenDate(day: number, month: number, year: number): string {
  return `${String(day).padStart(2, "0")}/${month}/${year}`;
}

/**
 * "kỷ niệm 81 năm Quốc khánh (02/9/1945 - 02/9/2026)"; the ordinal is `year − peak.baseYear`.
 */
export function anniversaryText(peak: PeakDate, year: number): string {
  const n = year - peak.baseYear;
  const from = writtenDate(peak.day, peak.month, peak.baseYear);
  const to = writtenDate(peak.day, peak.month, year);
  return `kỷ niệm ${n} năm ${peak.name} (${from} - ${to})`;
}

function match(peak: PeakDate, dt: DateTime): PeakMatch {
  const anniversary = dt.year - peak.baseYear;
  return {
    peak,
    date: dt.toISODate()!,
    anniversary,
    round: anniversary % 5 === 0,
    text: anniversaryText(peak, dt.year),
  };
}

/**
 * The peak a meeting on `meetingDate` belongs to: the meeting lies within [peak − 29 days, peak]. The window
 * may cross a year boundary (2027-01-20 belongs to 3/2/2027). When several peaks match, the nearest upcoming
 * one wins; on a tie the first in `peaks` wins.
 */
export function findPeak(meetingDate: string, peaks: readonly PeakDate[]): PeakMatch | null {
  const meeting = civilDate(meetingDate);
  let best: { peak: PeakDate; dt: DateTime; days: number } | null = null;
  for (const peak of peaks) {
    // The first occurrence on or after the meeting: this year's, or next year's if this year's is past.
    for (const year of [meeting.year, meeting.year + 1]) {
      const dt = occurrence(peak, year);
      if (!dt) continue;
      const days = dt.diff(meeting, "days").days;
      if (days < 0) continue;
      if (days < PEAK_WINDOW_DAYS && (best === null || days < best.days)) best = { peak, dt, days };
      break;
    }
  }
  return best ? match(best.peak, best.dt) : null;
}

/** Each peak's day in each year between `from` and `to` inclusive, in date order. */
export function peakOccurrences(peaks: readonly PeakDate[], from: string, to: string): PeakMatch[] {
  const start = civilDate(from);
  const end = civilDate(to);
  const out: PeakMatch[] = [];
  for (let year = start.year; year <= end.year; year++) {
    for (const peak of peaks) {
      const dt = occurrence(peak, year);
      if (dt && dt >= start && dt <= end) out.push(match(peak, dt));
    }
  }
  return out.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
}
