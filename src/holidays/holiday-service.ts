/**
 * The holiday calendar the planner uses: the computed defaults (Labour Code art. 112, Vietnamese lunar
 * calendar) with the admins' overrides applied on top; an override of a date always wins. Everyone signed
 * in reads it; only admins edit it (`auth/policy.ts`).
 */
import { requireAdmin, requireSignedIn } from "../auth/policy.ts";
import type { Principal } from "../auth/principal.ts";
import type { DbOrTx } from "../db/client.ts";
import {
  holidaysWithEdits,
  holidayYearView,
  MAX_YEAR,
  MIN_YEAR,
  overrideName,
  vietNamYear,
  yearsProblem,
} from "../domain/holiday-rules.ts";
import type { Holiday } from "../domain/holidays.ts";
import { invalid, notFound } from "../http/errors.ts";
import type { AppDeps } from "../http/types.ts";
import { deleteOverride, overridesBetween, upsertOverride } from "./holiday-queries.ts";

export type { Holiday };

const EDIT_REFUSED = "Chỉ quản trị viên được sửa lịch nghỉ lễ";

function checkYears(fromYear: number, toYear: number): void {
  const problem = yearsProblem(fromYear, toYear);
  if (problem) throw invalid("query.year", problem);
}

// ------------------------------------------------------------------------- for the planner (no caller)

/** Holidays of the solar years `fromYear`…`toYear`, sorted by date: defaults with the stored overrides applied. */
export async function holidaysFor(db: DbOrTx, fromYear: number, toYear: number): Promise<Holiday[]> {
  checkYears(fromYear, toYear);
  return holidaysWithEdits(
    fromYear,
    toYear,
    await overridesBetween(db, `${fromYear}-01-01`, `${toYear}-12-31`),
  );
}

/** The holiday dates (yyyy-MM-dd) from `from` to `to` inclusive, for `isWorkingDay`. */
export async function holidaySet(db: DbOrTx, from: string, to: string): Promise<Set<string>> {
  const list = await holidaysFor(db, Number(from.slice(0, 4)), Number(to.slice(0, 4)));
  return new Set(list.map((h) => h.date).filter((d) => d >= from && d <= to));
}

// ---------------------------------------------------------------------------------------- entry points

/** One year (this year in Viet Nam when none is given) as an admin sees it. */
export async function getHolidayYear(deps: AppDeps, p: Principal, input: { year?: number }) {
  requireSignedIn(p);
  const year = input.year ?? vietNamYear(deps.clock.now());
  checkYears(year, year);
  return holidayYearView(year, await overridesBetween(deps.database.db, `${year}-01-01`, `${year}-12-31`));
}

/** An admin adds a day off (a bridge or compensatory day) or removes a default one, replacing any earlier edit. */
export async function putHolidayOverride(
  deps: AppDeps,
  p: Principal,
  input: { date: string; action: "add" | "remove"; name?: string | null },
) {
  requireAdmin(p, EDIT_REFUSED);
  const year = Number(input.date.slice(0, 4));
  if (year < MIN_YEAR || year > MAX_YEAR)
    throw invalid("params.date", `năm phải từ ${MIN_YEAR} đến ${MAX_YEAR}`);
  return upsertOverride(
    deps.database.db,
    {
      date: input.date,
      action: input.action,
      name: overrideName(input.action, input.name),
      userId: p.userId,
    },
    deps.clock.now(),
  );
}

/** An admin drops the edit of a date, so the computed default applies again. */
export async function deleteHolidayOverride(
  deps: AppDeps,
  p: Principal,
  input: { date: string },
): Promise<void> {
  requireAdmin(p, EDIT_REFUSED);
  if (!(await deleteOverride(deps.database.db, input.date))) throw notFound("Ngày này không có điều chỉnh");
}
