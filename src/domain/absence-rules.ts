/**
 * Word sent before a meeting that a member will be absent ("báo vắng"): when it may be sent or taken back,
 * how long a reminder's link to it lives, and how the attendance form starts from it. Pure: the time comes
 * in as an argument.
 */
import type { MeetingStatus } from "./minutes-rules.ts";
import { formatInstant } from "./vi-format.ts";

/** The longest reason kept (the attendance sheet's reason has the same limit). */
export const ABSENCE_REASON_MAX = 500;

export type AbsenceRefusal = "cancelled" | "started";

/** Why word may no longer be sent or taken back: the meeting is cancelled, or it has started. */
export function absenceRefusal(
  m: { status: MeetingStatus; startAt: Date },
  now: Date,
): AbsenceRefusal | null {
  if (m.status === "cancelled") return "cancelled";
  if (m.status === "held" || now.getTime() >= m.startAt.getTime()) return "started";
  return null;
}

/** What the member reads when refused, with the start in the branch's zone. */
export function absenceRefusalText(r: AbsenceRefusal, startAt: Date, zone: string): string {
  if (r === "cancelled") return "Buổi sinh hoạt đã bị hủy: không cần báo vắng.";
  return `Buổi sinh hoạt đã bắt đầu lúc ${formatInstant(startAt, zone)}: không thể báo vắng hay rút lại báo vắng nữa. Xin liên hệ trực tiếp đồng chí bí thư chi bộ.`;
}

/**
 * When a reminder's link stops working: at the meeting's start as it stood when the mail was written (a
 * meeting moved earlier is refused by `absenceRefusal` anyway; one moved later gets a new mail and link).
 */
export function absenceLinkExpiry(startAt: Date): Date {
  return startAt;
}

/** A reason as typed: NFC, trimmed, inner runs of white space made one; empty or too long is refused. */
export function cleanReason(reason: string): { reason: string } | { error: string } {
  const r = reason.normalize("NFC").replace(/\s+/g, " ").trim();
  if (!r) return { error: "Hãy ghi lý do vắng." };
  if (r.length > ABSENCE_REASON_MAX) return { error: `Tối đa ${ABSENCE_REASON_MAX} ký tự.` };
  return { reason: r };
}

/**
 * The attendance form before anything is recorded for a member: one who sent word starts as absent with
 * the reason given (the secretary can still change it); a recorded mark is left as it is.
 */
export function startFromNotices<
  R extends { memberId: string; status: string | null; reason: string | null },
>(rows: R[], notices: readonly { memberId: string; reason: string }[]): (R & { noticed: boolean })[] {
  const byMember = new Map(notices.map((n) => [n.memberId, n.reason]));
  return rows.map((r) => {
    const reason = byMember.get(r.memberId);
    if (reason === undefined) return { ...r, noticed: false };
    if (r.status !== null) return { ...r, noticed: true };
    return { ...r, status: "absent_excused", reason, noticed: true };
  });
}
