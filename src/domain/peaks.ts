/**
 * Peak periods ("tập trung cao điểm") of a study campaign: the great anniversaries of the country that the
 * plans ask branches to concentrate on, and the way the plans write them, e.g.
 * "kỷ niệm 133 năm Ngày sinh Chủ tịch Hồ Chí Minh (19/05/1890 - 19/05/2023)".
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
  /** "kỷ niệm 136 năm Ngày sinh Chủ tịch Hồ Chí Minh (19/05/1890 - 19/05/2026)" */
  text: string;
}

/**
 * A peak's window: the PEAK_WINDOW_DAYS days up to and including the peak's day (peak − 29 days … peak).
 * In each branch, the last meeting within the window stresses the peak (`peaksStressedBy`).
 */
export const PEAK_WINDOW_DAYS = 30;

/** The window's first day for a peak on `date` (yyyy-MM-dd): `date` − (PEAK_WINDOW_DAYS − 1) days. */
export function peakWindowStart(date: string): string {
  return civilDate(date)
    .minus({ days: PEAK_WINDOW_DAYS - 1 })
    .toISODate()!;
}

function shortDate(iso: string): string {
  const [y, m, d] = iso.split("-");
  return `${d}/${m}/${y}`;
}

/**
 * The rule in words, for people: "Buổi sinh hoạt chi bộ cuối cùng trong 30 ngày tính đến hết ngày này
 * (từ 04/08/2025 đến 02/09/2025) là buổi sinh hoạt cao điểm." Written from PEAK_WINDOW_DAYS, so that the
 * text and the window cannot part.
 */
export function peakRuleText(date: string): string {
  return (
    `Buổi sinh hoạt chi bộ cuối cùng trong ${PEAK_WINDOW_DAYS} ngày tính đến hết ngày này ` +
    `(từ ${shortDate(peakWindowStart(date))} đến ${shortDate(date)}) là buổi sinh hoạt cao điểm.`
  );
}

/** The peak's day in `year`, or null when it does not exist (29/2 in a common year) or precedes the base year. */
function occurrence(peak: PeakDate, year: number): DateTime | null {
  if (year - peak.baseYear < 1) return null;
  const dt = DateTime.fromObject({ year, month: peak.month, day: peak.day }, { zone: "UTC" });
  return dt.isValid ? dt : null;
}

/** dd/MM/yyyy like every other date chibo writes: 3/2/1930 → "03/02/1930" (the plans mix "02/9/1945"). */
function writtenDate(day: number, month: number, year: number): string {
  return `${String(day).padStart(2, "0")}/${String(month).padStart(2, "0")}/${year}`;
}

/**
 * "kỷ niệm 81 năm Quốc khánh (02/09/1945 - 02/09/2026)"; the ordinal is `year − peak.baseYear`.
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
 * The nearest peak whose window holds `meetingDate`: the date lies within [peak − 29 days, peak]. The window
 * may cross a year boundary (2027-01-20 belongs to 3/2/2027). When several peaks match, the nearest upcoming
 * one wins; on a tie the first in `peaks` wins. This says whether a DATE is near a peak (a peak notice's
 * check); which MEETING stresses a peak is decided over the branch's meetings by `peaksStressedBy`.
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

/** The peaks that make meetings of `month` (yyyy-MM) peak meetings: those whose window (the
 * PEAK_WINDOW_DAYS up to the peak's day) overlaps the month, each with its window's first day. */
export function peaksReachingMonth(
  peaks: readonly PeakDate[],
  month: string,
): (PeakMatch & { windowStart: string })[] {
  const start = DateTime.fromISO(`${month}-01`, { zone: "UTC" });
  const end = start.endOf("month").plus({ days: PEAK_WINDOW_DAYS - 1 });
  return peakOccurrences(peaks, start.toISODate()!, end.toISODate()!).map((m) => ({
    ...m,
    windowStart: peakWindowStart(m.date),
  }));
}

/** A meeting of one branch, as the peak rule sees it: an id and its civil date (yyyy-MM-dd). */
export interface DatedMeeting {
  id: string;
  date: string;
}

/**
 * Which peaks each meeting of ONE branch stresses (the rule the feeds, mails, pages and reports share):
 * every peak day is stressed by the branch's last meeting within its window (the PEAK_WINDOW_DAYS up to and
 * including the day), and by no other; a meeting stresses every peak it is the last meeting before, so the
 * August meeting may carry both 19/8 and 2/9. A peak whose window holds no meeting is stressed by none.
 *
 * `meetings`: the branch's meetings that take place (not the cancelled ones), of one campaign, in any
 * order; two on one day are ordered by id. The answer holds only the meetings that stress a peak, each
 * with its peaks in date order; a day two peak rows share with the same text counts once.
 *
 * Meetings cut off at the START of a sequence change nothing for the meetings after the cut; to decide a
 * meeting, the sequence must hold every meeting up to PEAK_WINDOW_DAYS − 1 days after it.
 */
export function peaksStressedBy(
  meetings: readonly DatedMeeting[],
  peaks: readonly PeakDate[],
): Map<string, PeakMatch[]> {
  const out = new Map<string, PeakMatch[]>();
  if (meetings.length === 0 || peaks.length === 0) return out;
  const sorted = [...meetings].sort((a, b) =>
    a.date !== b.date ? (a.date < b.date ? -1 : 1) : a.id < b.id ? -1 : a.id > b.id ? 1 : 0,
  );
  const first = sorted[0]!.date;
  const last = civilDate(sorted[sorted.length - 1]!.date)
    .plus({ days: PEAK_WINDOW_DAYS - 1 })
    .toISODate()!;
  const seen = new Set<string>();
  let i = 0;
  for (const occ of peakOccurrences(peaks, first, last)) {
    const key = `${occ.date}|${occ.text}`;
    if (seen.has(key)) continue;
    seen.add(key);
    // Occurrences come in date order: advance to the last meeting on or before the peak's day.
    while (i + 1 < sorted.length && sorted[i + 1]!.date <= occ.date) i++;
    const m = sorted[i]!;
    if (m.date > occ.date || m.date < peakWindowStart(occ.date)) continue;
    const list = out.get(m.id);
    if (list) list.push(occ);
    else out.set(m.id, [occ]);
  }
  return out;
}

/**
 * The anniversaries one meeting stresses, in one phrase as the plans write them: "kỷ niệm 80 năm Cách mạng
 * tháng Tám thành công (19/08/1945 - 19/08/2025) và Quốc khánh nước Cộng hòa xã hội chủ nghĩa Việt Nam
 * (02/09/1945 - 02/09/2025)"; the count of years is not repeated when it is the same as the one before.
 */
export function peaksText(matches: readonly PeakMatch[]): string {
  if (matches.length === 0) return "";
  if (matches.length === 1) return matches[0]!.text;
  const parts: string[] = [];
  let previous: number | null = null;
  for (const m of matches) {
    const { peak } = m;
    const year = Number(m.date.slice(0, 4));
    const dates = `(${writtenDate(peak.day, peak.month, peak.baseYear)} - ${writtenDate(peak.day, peak.month, year)})`;
    parts.push(`${m.anniversary === previous ? "" : `${m.anniversary} năm `}${peak.name} ${dates}`);
    previous = m.anniversary;
  }
  const head = parts.slice(0, -1).join(", ");
  return `kỷ niệm ${head} và ${parts[parts.length - 1]}`;
}
