/**
 * The holiday calendar the planner uses: the computed defaults (Labour Code art. 112, Vietnamese lunar
 * calendar) with the admins' overrides applied on top; an override of a date always wins.
 */
import { and, asc, eq, gte, lte } from "drizzle-orm";
import type { DbOrTx } from "../db/client.ts";
import { holidayOverrides } from "../db/schema.ts";
import { applyOverrides, defaultHolidays, type Holiday } from "../domain/holidays.ts";
import { invalid } from "../http/errors.ts";

export type { Holiday };

/** Years the service computes holidays for; outside them the lunar tables are not trusted. */
export const MIN_YEAR = 1900;
export const MAX_YEAR = 2199;

export interface StoredOverride {
  date: string;
  action: "add" | "remove";
  name: string | null;
  createdBy: string | null;
  updatedAt: Date;
}

function checkYears(fromYear: number, toYear: number) {
  if (!Number.isInteger(fromYear) || fromYear < MIN_YEAR || fromYear > MAX_YEAR)
    throw invalid("query.year", `năm phải từ ${MIN_YEAR} đến ${MAX_YEAR}`);
  if (!Number.isInteger(toYear) || toYear < fromYear || toYear > MAX_YEAR)
    throw invalid("query.year", `năm phải từ ${MIN_YEAR} đến ${MAX_YEAR}`);
}

export async function overridesBetween(db: DbOrTx, from: string, to: string): Promise<StoredOverride[]> {
  return db
    .select({
      date: holidayOverrides.date,
      action: holidayOverrides.action,
      name: holidayOverrides.name,
      createdBy: holidayOverrides.createdBy,
      updatedAt: holidayOverrides.updatedAt,
    })
    .from(holidayOverrides)
    .where(and(gte(holidayOverrides.date, from), lte(holidayOverrides.date, to)))
    .orderBy(asc(holidayOverrides.date));
}

function defaultsFor(fromYear: number, toYear: number): Holiday[] {
  const out: Holiday[] = [];
  for (let y = fromYear; y <= toYear; y++) out.push(...defaultHolidays(y));
  return out;
}

/** Holidays of the solar years `fromYear`…`toYear`, sorted by date: defaults with the stored overrides applied. */
export async function holidaysFor(db: DbOrTx, fromYear: number, toYear: number): Promise<Holiday[]> {
  checkYears(fromYear, toYear);
  const overrides = await overridesBetween(db, `${fromYear}-01-01`, `${toYear}-12-31`);
  return applyOverrides(
    defaultsFor(fromYear, toYear),
    overrides.map((o) => ({ date: o.date, action: o.action, ...(o.name ? { name: o.name } : {}) })),
  );
}

/** The holiday dates (yyyy-MM-dd) from `from` to `to` inclusive, for `isWorkingDay`. */
export async function holidaySet(db: DbOrTx, from: string, to: string): Promise<Set<string>> {
  const list = await holidaysFor(db, Number(from.slice(0, 4)), Number(to.slice(0, 4)));
  return new Set(list.map((h) => h.date).filter((d) => d >= from && d <= to));
}

export interface HolidayDay extends Holiday {
  source: "computed" | "edited";
}

/** One year as an admin sees it: every holiday marked computed or edited, and the defaults an edit removed. */
export async function holidayYear(db: DbOrTx, year: number) {
  checkYears(year, year);
  const overrides = await overridesBetween(db, `${year}-01-01`, `${year}-12-31`);
  const edited = new Set(overrides.map((o) => o.date));
  const defaults = defaultHolidays(year);
  const holidays = applyOverrides(
    defaults,
    overrides.map((o) => ({ date: o.date, action: o.action, ...(o.name ? { name: o.name } : {}) })),
  );
  const removedDates = new Set(overrides.filter((o) => o.action === "remove").map((o) => o.date));
  return {
    year,
    holidays: holidays.map((h): HolidayDay => ({ ...h, source: edited.has(h.date) ? "edited" : "computed" })),
    removed: defaults
      .filter((h) => removedDates.has(h.date))
      .map((h) => ({ date: h.date, name: h.name, kind: h.kind })),
    overrides: overrides.map((o) => ({ date: o.date, action: o.action, name: o.name })),
  };
}

/** Adds or replaces the admin's edit of one date. */
export async function putOverride(
  db: DbOrTx,
  input: { date: string; action: "add" | "remove"; name?: string | null; userId: string },
  now: Date,
) {
  const year = Number(input.date.slice(0, 4));
  if (year < MIN_YEAR || year > MAX_YEAR)
    throw invalid("params.date", `năm phải từ ${MIN_YEAR} đến ${MAX_YEAR}`);
  const name =
    input.action === "add" ? input.name?.normalize("NFC").replace(/\s+/g, " ").trim() || null : null;
  const [row] = await db
    .insert(holidayOverrides)
    .values({
      date: input.date,
      action: input.action,
      name,
      createdBy: input.userId,
      createdAt: now,
      updatedAt: now,
    })
    .onConflictDoUpdate({
      target: holidayOverrides.date,
      set: { action: input.action, name, createdBy: input.userId, updatedAt: now },
    })
    .returning({ date: holidayOverrides.date, action: holidayOverrides.action, name: holidayOverrides.name });
  return row!;
}

/** Drops the admin's edit of a date, so the computed default applies again. False when there was none. */
export async function deleteOverride(db: DbOrTx, date: string): Promise<boolean> {
  const gone = await db
    .delete(holidayOverrides)
    .where(eq(holidayOverrides.date, date))
    .returning({ id: holidayOverrides.id });
  return gone.length > 0;
}
