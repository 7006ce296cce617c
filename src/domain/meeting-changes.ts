/**
 * What a secretary may do to a meeting once it is planned, decided from the meeting and today's date in
 * its branch's zone: whether it has happened (attendance and minutes may be filed), whether a make-up
 * meeting may be added, and when a new date needs a reason. Used by the services that change meetings and
 * by the page that offers the forms, so both say the same.
 */
import { formatMonth } from "./vi-format.ts";

type Status = "planned" | "held" | "cancelled";

/** The meeting's day has come and it was not cancelled: attendance and minutes may be filed. */
export function hasHappened(m: { status: Status; date: string }, today: string): boolean {
  return m.status !== "cancelled" && m.date <= today;
}

/** Its day passed and it was neither held nor cancelled. */
export function wasMissed(m: { status: Status; date: string }, today: string): boolean {
  return m.status === "planned" && m.date < today;
}

/**
 * Why a make-up meeting (họp bù) may not be added for `m`, or null when it may: only for a meeting that was
 * cancelled, or whose day passed without being held, that is not itself a make-up and has none yet.
 */
export function makeupRefusal(
  m: { status: Status; date: string; makeupOf: string | null },
  today: string,
  hasMakeup: boolean,
): string | null {
  if (m.makeupOf) return "Đây đã là buổi họp bù; hãy dời buổi này nếu cần";
  if (m.status !== "cancelled" && !wasMissed(m, today))
    return "Chỉ họp bù cho buổi sinh hoạt đã bị hủy, hoặc đã qua mà chưa họp";
  if (hasMakeup) return "Buổi sinh hoạt này đã có buổi họp bù";
  return null;
}

/**
 * Why a meeting of `month` held on `date` needs a reason ("họp ngoài tháng"), worded for the field, or null
 * when it is in its month. `what` is the date's role in the sentence: "dời" (a move), "họp bù" (a make-up).
 */
export function offMonthReasonNeeded(month: string, date: string, what: "dời" | "họp bù"): string | null {
  if (date.slice(0, 7) === month.slice(0, 7)) return null;
  const m = formatMonth(month.slice(0, 7));
  return what === "dời"
    ? `ngày mới không thuộc ${m}: cần ghi lý do dời sang tháng khác`
    : `ngày họp bù không thuộc ${m}: cần ghi lý do họp bù sang tháng khác`;
}
