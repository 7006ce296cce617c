/**
 * A meeting's date against the days off (holidays with the admins' edits, weekends, the branch's own rule):
 * a move or make-up onto one waits for the secretary's word, and a meeting's page warns about its date. The
 * rule is the domain's (`dayOffOf`, `dayOffToConfirm`); this reads what it needs.
 */
import type { DbOrTx } from "../db/client.ts";
import { dayOffOf, dayOffText, dayOffToConfirm } from "../domain/day-off.ts";
import { holidaysFor } from "../holidays/holiday-service.ts";
import { AppError } from "../http/errors.ts";
import { branchRuleOf } from "./meeting-queries.ts";
import type { MeetingRecord } from "./meeting-view.ts";

/** The holidays of `date`'s year (with the admins' edits) and the branch's rule: what `dayOffOf` reads. */
async function dayOffCalendar(db: DbOrTx, branchId: string, date: string) {
  const year = Number(date.slice(0, 4));
  const [rule, holidays] = await Promise.all([branchRuleOf(db, branchId), holidaysFor(db, year, year)]);
  return { rule, holidays };
}

/** A meeting put on a holiday or a weekend waits for the secretary's word (`dayOffToConfirm`): without it,
 * a 409 naming the day off, so that the page can ask and the API client can send `confirmDayOff`. */
export async function assertDayOffConfirmed(
  db: DbOrTx,
  branchId: string,
  o: { from: string | null; to: string; confirmed: boolean },
): Promise<void> {
  if (o.confirmed || o.from === o.to) return;
  const { rule, holidays } = await dayOffCalendar(db, branchId, o.to);
  const off = dayOffToConfirm(o, holidays, rule);
  if (!off) return;
  const text = dayOffText(off);
  throw new AppError(
    409,
    "day_off_unconfirmed",
    `${text} Chi bộ vẫn họp ngày này?`,
    [{ field: "body.date", reason: text }],
    { dayOff: off },
    `body.date: ${text} Gửi lại với confirmDayOff: true nếu chi bộ vẫn họp ngày này.`,
  );
}

/** Warnings about a meeting's date: it is a holiday or a weekend (confirmed when it was put there, or kept
 * there by the branch's own rule). */
export async function dateWarnings(db: DbOrTx, branchId: string, date: string): Promise<string[]> {
  const { rule, holidays } = await dayOffCalendar(db, branchId, date);
  const off = dayOffOf(date, holidays, rule);
  if (!off) return [];
  return [
    rule?.shift === "keep" ? `${dayOffText(off)} Chi bộ giữ nguyên ngày họp theo quy định.` : dayOffText(off),
  ];
}

/** The warnings about a meeting's date, for its secretary's page (read on the page's transaction). */
export function meetingWarnings(db: DbOrTx, r: MeetingRecord): Promise<string[]> {
  return r.view.status === "cancelled" ? Promise.resolve([]) : dateWarnings(db, r.branchId, r.date);
}
