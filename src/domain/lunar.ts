/**
 * The Vietnamese lunar calendar (âm lịch), computed astronomically for UTC+7.
 *
 * Follows the algorithm Hồ Ngọc Đức published in "Thuật toán tính âm lịch": a month starts on the local
 * day of the new moon; month 11 is the month containing the winter solstice; in a year with 13 months the
 * first month after month 11 without a major solar term (trung khí) is the leap month. The astronomy is
 * Jean Meeus, "Astronomical Algorithms" (1998). It is written here rather than taken from npm because the
 * Vietnamese-calendar packages there are either licensed for non-commercial use only, ship minified code,
 * or compute the Chinese calendar (UTC+8), which gives a different Tết in e.g. 1968, 1969, 1985, 2007, 2030.
 *
 * Verified against published Tết dates for 1960–2050 and round-tripped day by day (see the tests); it agrees
 * day for day with Hồ Ngọc Đức's precomputed tables over 1968–2053. The astronomy is truncated, so a new moon
 * within minutes of local midnight may land a day off outside that span, and dates before 1968 follow the
 * modern UTC+7 rule, not the UTC+8 almanacs printed then (Tết 1965: 01/02 here, 02/02 in old almanacs).
 */
import { DateTime } from "luxon";
import { civilDate } from "./civil-date.ts";

export type LunarDate = { day: number; month: number; year: number; leap: boolean };

/** Viet Nam has reckoned the lunar calendar at UTC+7 since 1968; before that the North used UTC+8. */
export const VIETNAM_TIMEZONE = 7;

const DAY_MS = 86_400_000;
/** Julian Day Number of 1970-01-01. */
const JDN_UNIX_EPOCH = 2_440_588;
/** Mean length of a synodic month in days. */
const SYNODIC_MONTH = 29.530588853;
/** Julian day of the new moon of 1900-01-01 13:52 UTC, from which new moons are counted. */
const NEW_MOON_EPOCH = 2415021.076998695;
const RAD = Math.PI / 180;

function toJdn(date: string): number {
  return Math.round(civilDate(date).toMillis() / DAY_MS) + JDN_UNIX_EPOCH;
}

function fromJdn(jdn: number): string {
  return DateTime.fromMillis((jdn - JDN_UNIX_EPOCH) * DAY_MS, { zone: "UTC" }).toISODate()!;
}

/** Julian day (UTC, fractional) of the k-th new moon after NEW_MOON_EPOCH (Meeus, ch. 49, truncated). */
function newMoon(k: number): number {
  const t = k / 1236.85;
  const t2 = t * t;
  const t3 = t2 * t;
  const mean =
    2415020.75933 +
    29.53058868 * k +
    0.0001178 * t2 -
    0.000000155 * t3 +
    0.00033 * Math.sin((166.56 + 132.87 * t - 0.009173 * t2) * RAD);
  const m = (359.2242 + 29.10535608 * k - 0.0000333 * t2 - 0.00000347 * t3) * RAD; // sun's mean anomaly
  const mp = (306.0253 + 385.81691806 * k + 0.0107306 * t2 + 0.00001236 * t3) * RAD; // moon's mean anomaly
  const f = (21.2964 + 390.67050646 * k - 0.0016528 * t2 - 0.00000239 * t3) * RAD; // moon's argument of latitude
  const correction =
    (0.1734 - 0.000393 * t) * Math.sin(m) +
    0.0021 * Math.sin(2 * m) -
    0.4068 * Math.sin(mp) +
    0.0161 * Math.sin(2 * mp) -
    0.0004 * Math.sin(3 * mp) +
    0.0104 * Math.sin(2 * f) -
    0.0051 * Math.sin(m + mp) -
    0.0074 * Math.sin(m - mp) +
    0.0004 * Math.sin(2 * f + m) -
    0.0004 * Math.sin(2 * f - m) -
    0.0006 * Math.sin(2 * f + mp) +
    0.001 * Math.sin(2 * f - mp) +
    0.0005 * Math.sin(2 * mp + m);
  // ΔT (TT − UT) in days, as in the published algorithm.
  const deltaT =
    t < -11
      ? 0.001 + 0.000839 * t + 0.0002261 * t2 - 0.00000845 * t3 - 0.000000081 * t * t3
      : -0.000278 + 0.000265 * t + 0.000262 * t2;
  return mean + correction - deltaT;
}

/** Apparent sun longitude in radians [0, 2π) at Julian day `jd` (Meeus, ch. 25, low precision). */
function sunLongitude(jd: number): number {
  const t = (jd - 2451545.0) / 36525;
  const t2 = t * t;
  const m = (357.5291 + 35999.0503 * t - 0.0001559 * t2 - 0.00000048 * t * t2) * RAD;
  const l0 = 280.46645 + 36000.76983 * t + 0.0003032 * t2;
  const center =
    (1.9146 - 0.004817 * t - 0.000014 * t2) * Math.sin(m) +
    (0.019993 - 0.000101 * t) * Math.sin(2 * m) +
    0.00029 * Math.sin(3 * m);
  const l = (l0 + center) * RAD;
  return l - 2 * Math.PI * Math.floor(l / (2 * Math.PI));
}

/** Which 30° sector (0–11) the sun is in at local midnight starting day `jdn`; sector 9 starts at the winter solstice. */
function sunSector(jdn: number, tz: number): number {
  return Math.floor((sunLongitude(jdn - 0.5 - tz / 24) / Math.PI) * 6);
}

/** Local civil day (JDN) of the k-th new moon. */
function newMoonDay(k: number, tz: number): number {
  return Math.floor(newMoon(k) + 0.5 + tz / 24);
}

/** First day (JDN) of lunar month 11, the month holding the winter solstice of solar year `year`. */
function month11Start(year: number, tz: number): number {
  const offset = toJdn(`${String(year).padStart(4, "0")}-12-31`) - 2415021;
  const k = Math.floor(offset / SYNODIC_MONTH);
  const nm = newMoonDay(k, tz);
  // A new moon after the solstice means the solstice fell in the previous month.
  return sunSector(nm, tz) >= 9 ? newMoonDay(k - 1, tz) : nm;
}

/** Index (1-based, counted from month 11) of the leap month in the 13-month year starting at `a11`. */
function leapMonthOffset(a11: number, tz: number): number {
  const k = Math.floor((a11 - NEW_MOON_EPOCH) / SYNODIC_MONTH + 0.5);
  let i = 1;
  let arc = sunSector(newMoonDay(k + i, tz), tz);
  let last: number;
  // The sector does not change across a month with no major solar term: that month is the leap one.
  do {
    last = arc;
    i++;
    arc = sunSector(newMoonDay(k + i, tz), tz);
  } while (arc !== last && i < 14);
  return i - 1;
}

/** Converts a civil date 'yyyy-MM-dd' to the Vietnamese lunar date. */
export function solarToLunar(date: string, tz: number = VIETNAM_TIMEZONE): LunarDate {
  const jdn = toJdn(date);
  const solarYear = civilDate(date).year;
  let k = Math.floor((jdn - NEW_MOON_EPOCH) / SYNODIC_MONTH) + 1;
  let monthStart = newMoonDay(k, tz);
  // The published code steps back only once, which yields "day 0" when a true new moon runs late
  // against the mean (e.g. 2054-05-07); keep stepping back until the month has begun.
  while (monthStart > jdn) monthStart = newMoonDay(--k, tz);

  let a11 = month11Start(solarYear, tz);
  let b11 = a11;
  let year: number;
  if (a11 >= monthStart) {
    year = solarYear;
    a11 = month11Start(solarYear - 1, tz);
  } else {
    year = solarYear + 1;
    b11 = month11Start(solarYear + 1, tz);
  }

  const day = jdn - monthStart + 1;
  const diff = Math.floor((monthStart - a11) / 29);
  let month = diff + 11;
  let leap = false;
  if (b11 - a11 > 365) {
    const leapDiff = leapMonthOffset(a11, tz);
    if (diff >= leapDiff) {
      month = diff + 10;
      leap = diff === leapDiff;
    }
  }
  if (month > 12) month -= 12;
  // Months 11 and 12 belong to the lunar year that started before this solar year's Tết.
  if (month >= 11 && diff < 4) year -= 1;
  return { day, month, year, leap };
}

/**
 * Converts a Vietnamese lunar date to the civil date 'yyyy-MM-dd'.
 * Throws RangeError for a date that does not exist (a leap month the year lacks, day 30 of a 29-day month).
 */
export function lunarToSolar(
  l: { day: number; month: number; year: number; leap?: boolean },
  tz: number = VIETNAM_TIMEZONE,
): string {
  const { day, month, year } = l;
  const leap = l.leap ?? false;
  if (!Number.isInteger(month) || month < 1 || month > 12)
    throw new RangeError(`lunar month out of range: ${month}`);
  if (!Number.isInteger(day) || day < 1 || day > 30) throw new RangeError(`lunar day out of range: ${day}`);
  if (!Number.isInteger(year)) throw new RangeError(`lunar year out of range: ${year}`);

  const [a11, b11] =
    month < 11
      ? [month11Start(year - 1, tz), month11Start(year, tz)]
      : [month11Start(year, tz), month11Start(year + 1, tz)];
  const k = Math.floor(0.5 + (a11 - NEW_MOON_EPOCH) / SYNODIC_MONTH);
  let off = month - 11;
  if (off < 0) off += 12;
  if (b11 - a11 > 365) {
    const leapOff = leapMonthOffset(a11, tz);
    let leapMonth = leapOff - 2;
    if (leapMonth < 0) leapMonth += 12;
    if (leap && month !== leapMonth) throw new RangeError(`lunar year ${year} has no leap month ${month}`);
    if (leap || off >= leapOff) off += 1;
  } else if (leap) {
    throw new RangeError(`lunar year ${year} has no leap month`);
  }
  const start = newMoonDay(k + off, tz);
  const length = newMoonDay(k + off + 1, tz) - start;
  if (day > length) throw new RangeError(`lunar month ${month}/${year} has only ${length} days`);
  return fromJdn(start + day - 1);
}

/** Tết Nguyên đán: the civil date of day 1, month 1 of the lunar year that starts in solar year `lunarYear`. */
export function tetDate(lunarYear: number): string {
  return lunarToSolar({ day: 1, month: 1, year: lunarYear });
}

/** The last day of the lunar year before Tết `lunarYear` (29 or 30 tháng Chạp), as a civil date. */
export function lunarNewYearsEve(lunarYear: number): string {
  return fromJdn(toJdn(tetDate(lunarYear)) - 1);
}

/** The leap month (1–12) of a lunar year, or null when the year has 12 months. */
export function leapMonthOf(lunarYear: number, tz: number = VIETNAM_TIMEZONE): number | null {
  for (let month = 1; month <= 12; month++) {
    try {
      lunarToSolar({ day: 1, month, year: lunarYear, leap: true }, tz);
      return month;
    } catch {
      // not this month
    }
  }
  return null;
}
