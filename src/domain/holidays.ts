/**
 * Viet Nam's public holidays (Bộ luật Lao động 2019, Điều 112) as computed defaults, plus admin overrides.
 * The Prime Minister fixes the actual days off every year (moving Tết, bridging weekends), so the computed
 * list is only a starting point: `applyOverrides` lets an admin's edits win.
 */
import { DateTime } from "luxon";
import { civilDate, isoWeekday } from "./civil-date.ts";
import { lunarNewYearsEve, lunarToSolar, solarToLunar } from "./lunar.ts";

export type Holiday = {
  date: string;
  name: string;
  kind: "fixed" | "lunar" | "adjacent" | "compensatory" | "custom";
};

export type HolidayOverride = { date: string; action: "add" | "remove"; name?: string };

const TET_DAY_NAMES = ["mùng 1 Tết", "mùng 2 Tết", "mùng 3 Tết", "mùng 4 Tết"] as const;

function isWeekend(dt: DateTime): boolean {
  return dt.weekday >= 6;
}

function iso(year: number, month: number, day: number): string {
  return DateTime.utc(year, month, day).toISODate()!;
}

/**
 * Art. 112(1)(đ) gives 2/9 plus "01 ngày liền kề trước hoặc sau" and leaves the choice to the Prime Minister.
 * Default: the neighbour that joins the break to a weekend, which is what was decided in 2021 (Thu → 3/9),
 * 2022 (Fri → 1/9), 2023 (Sat → 1/9), 2024 (Mon → 3/9) and 2025 (Tue → 1/9); when neither side reaches a
 * weekend (Wednesday) take 1/9, and on a Sunday take Monday 3/9 so the extra day is a real day off.
 */
function nationalDayNeighbour(year: number): string {
  const weekday = DateTime.utc(year, 9, 2).weekday;
  const after = weekday === 1 || weekday === 4 || weekday === 7;
  return iso(year, 9, after ? 3 : 1);
}

/** Computed holidays of a solar year, before compensatory days. Several on one date are merged. */
function baseHolidays(year: number): Holiday[] {
  const eve = lunarNewYearsEve(year);
  const eveDay = solarToLunar(eve).day; // 29 or 30: the lunar year may end on either
  const tet: Holiday[] = [{ date: eve, name: `Tết Nguyên đán (${eveDay} Tết)`, kind: "lunar" }];
  const eveDt = civilDate(eve);
  TET_DAY_NAMES.forEach((label, i) => {
    tet.push({
      date: eveDt.plus({ days: i + 1 }).toISODate()!,
      name: `Tết Nguyên đán (${label})`,
      kind: "lunar",
    });
  });
  return [
    { date: iso(year, 1, 1), name: "Tết Dương lịch", kind: "fixed" },
    ...tet,
    {
      date: lunarToSolar({ day: 10, month: 3, year }),
      name: "Giỗ Tổ Hùng Vương (10/3 âm lịch)",
      kind: "lunar",
    },
    { date: iso(year, 4, 30), name: "Ngày Chiến thắng", kind: "fixed" },
    { date: iso(year, 5, 1), name: "Ngày Quốc tế Lao động", kind: "fixed" },
    { date: iso(year, 9, 2), name: "Quốc khánh", kind: "fixed" },
    { date: nationalDayNeighbour(year), name: "Quốc khánh (ngày liền kề)", kind: "adjacent" },
  ];
}

function byDate(a: Holiday, b: Holiday): number {
  return a.date < b.date ? -1 : a.date > b.date ? 1 : 0;
}

/**
 * Default public holidays of a solar year, sorted by date: the days of art. 112(1) and the compensatory
 * days of art. 112(3) ("nghỉ bù"): a holiday on a Saturday or Sunday moves to the next working day that is
 * not itself a holiday. Saturday and Sunday are the weekly rest days, as for public servants.
 */
export function defaultHolidays(year: number): Holiday[] {
  // The same year is asked for on every page that warns about a date: computed once (a pure function).
  let known = defaultsByYear.get(year);
  if (!known) {
    known = Object.freeze(computeDefaults(year).map((h) => Object.freeze(h)));
    defaultsByYear.set(year, known);
  }
  return [...known];
}

const defaultsByYear = new Map<number, readonly Holiday[]>();

function computeDefaults(year: number): Holiday[] {
  const merged = new Map<string, Holiday>();
  for (const h of baseHolidays(year)) {
    const existing = merged.get(h.date);
    // Giỗ Tổ can land on 30/4 (it did in 1947): one day off, both names.
    merged.set(h.date, existing ? { ...existing, name: `${existing.name}; ${h.name}` } : h);
  }
  const base = [...merged.values()].sort(byDate);
  const taken = new Set(base.map((h) => h.date));
  const compensatory: Holiday[] = [];
  for (const h of base) {
    let dt = civilDate(h.date);
    if (!isWeekend(dt)) continue;
    // Walk forward past weekends, holidays and earlier compensatory days, so a five-day Tết that spans a
    // weekend gets its compensatory days right after the block.
    do dt = dt.plus({ days: 1 });
    while (isWeekend(dt) || taken.has(dt.toISODate()!));
    const date = dt.toISODate()!;
    taken.add(date);
    compensatory.push({ date, name: `Nghỉ bù ${h.name}`, kind: "compensatory" });
  }
  return [...base, ...compensatory].sort(byDate);
}

/**
 * Applies admin edits in order on top of the defaults; a later edit of the same date wins. "remove" drops
 * every holiday on that date; "add" puts a custom holiday there, replacing what was there (keeping its
 * name if the edit gives none). Compensatory days are not recomputed: the government's decision lists the
 * exact days off, and the admin enters those.
 */
export function applyOverrides(defaults: Holiday[], overrides: HolidayOverride[]): Holiday[] {
  const byDay = new Map<string, Holiday>();
  for (const h of defaults) {
    const existing = byDay.get(h.date);
    byDay.set(h.date, existing ? { ...existing, name: `${existing.name}; ${h.name}` } : h);
  }
  for (const o of overrides) {
    civilDate(o.date);
    if (o.action === "remove") {
      byDay.delete(o.date);
    } else {
      const name = o.name?.trim() || byDay.get(o.date)?.name || "Ngày nghỉ";
      byDay.set(o.date, { date: o.date, name, kind: "custom" });
    }
  }
  return [...byDay.values()].sort(byDate);
}

/** Monday to Friday and not a holiday. Called for every candidate day of every plan, so it reads the
 * weekday with plain integer arithmetic rather than through luxon. */
export function isWorkingDay(date: string, holidays: ReadonlySet<string>): boolean {
  return isoWeekday(date) < 6 && !holidays.has(date);
}
