/**
 * The rules of the holiday calendar as the service keeps it, pure: which years it computes, which year
 * "this year" is, and one year as an admin sees it (defaults, edits, removed defaults).
 */
import { DateTime } from "luxon";
import { applyOverrides, defaultHolidays, type Holiday, type HolidayOverride } from "./holidays.ts";
import { oneLine } from "./text.ts";

/** Years the service computes holidays for; outside them the lunar tables are not trusted. */
export const MIN_YEAR = 1900;
export const MAX_YEAR = 2199;

/** The calendar is Viet Nam's: its year turns at midnight there, not at midnight UTC. */
const VIET_NAM_ZONE = "Asia/Ho_Chi_Minh";

/** The year it is in Viet Nam at `now`. */
export function vietNamYear(now: Date): number {
  return DateTime.fromJSDate(now, { zone: VIET_NAM_ZONE }).year;
}

/** The years `fromYear`…`toYear` are whole numbers, in order, within MIN_YEAR…MAX_YEAR. */
export function yearsProblem(fromYear: number, toYear: number): string | null {
  const ok =
    Number.isInteger(fromYear) &&
    fromYear >= MIN_YEAR &&
    fromYear <= MAX_YEAR &&
    Number.isInteger(toYear) &&
    toYear >= fromYear &&
    toYear <= MAX_YEAR;
  return ok ? null : `năm phải từ ${MIN_YEAR} đến ${MAX_YEAR}`;
}

/** The name an added day keeps (one line, NFC; none when blank); a removed day has none. */
export function overrideName(action: "add" | "remove", name: string | null | undefined): string | null {
  return action === "add" ? oneLine(name ?? "") || null : null;
}

export interface StoredEdit {
  date: string;
  action: "add" | "remove";
  name: string | null;
}

const asOverride = (o: StoredEdit): HolidayOverride => ({
  date: o.date,
  action: o.action,
  ...(o.name ? { name: o.name } : {}),
});

/** The computed defaults of the years with the admins' edits applied: an edit of a date always wins. */
export function holidaysWithEdits(fromYear: number, toYear: number, edits: readonly StoredEdit[]): Holiday[] {
  const defaults: Holiday[] = [];
  for (let y = fromYear; y <= toYear; y++) defaults.push(...defaultHolidays(y));
  return applyOverrides(defaults, edits.map(asOverride));
}

/** One year as an admin sees it: every holiday marked computed or edited, and the defaults an edit removed. */
export function holidayYearView(year: number, edits: readonly StoredEdit[]) {
  const edited = new Set(edits.map((o) => o.date));
  const removedDates = new Set(edits.filter((o) => o.action === "remove").map((o) => o.date));
  const defaults = defaultHolidays(year);
  return {
    year,
    holidays: applyOverrides(defaults, edits.map(asOverride)).map((h) => ({
      ...h,
      source: edited.has(h.date) ? ("edited" as const) : ("computed" as const),
    })),
    removed: defaults
      .filter((h) => removedDates.has(h.date))
      .map((h) => ({ date: h.date, name: h.name, kind: h.kind })),
    overrides: edits.map((o) => ({ date: o.date, action: o.action, name: o.name })),
  };
}
