/**
 * Word sent before a meeting that a member will be absent, and why ("báo vắng"): from the meeting page
 * (signed in, through the policy) or from the signed link of a reminder (no password: the link is for one
 * member and one meeting, and expires at the meeting's start). Either may be taken back until the meeting
 * starts. Every change is audited (entity "attendance", the meeting) in the transaction that makes it.
 */
import { recordAudit } from "../audit/audit.ts";
import type { Principal } from "../auth/principal.ts";
import type { DbOrTx } from "../db/client.ts";
import { absenceRefusal, absenceRefusalText, cleanReason } from "../domain/absence-rules.ts";
import { conflict, forbidden, invalid } from "../http/errors.ts";
import type { AppDeps } from "../http/types.ts";
import { meetingById } from "../plan/meeting-queries.ts";
import type { MeetingRecord } from "../plan/meeting-view.ts";
import { type AbsenceClaim, absenceKey, verifyAbsenceToken } from "./absence-link.ts";
import {
  deleteNotice,
  type MeetingTiming,
  meetingTiming,
  memberOnRoster,
  noticeOf,
  putNotice,
} from "./absence-queries.ts";
import { meetingInReach } from "./filed-meeting.ts";

const EXPIRED =
  "Đường dẫn báo vắng này đã hết hạn. Xin mở đường dẫn trong thư nhắc lịch mới nhất, hoặc đăng nhập và báo vắng trên trang buổi sinh hoạt.";
const NOT_MEMBER = "Chỉ đảng viên trong danh sách của chi bộ vào ngày họp mới báo vắng được.";

/** Why nothing may be sent or taken back now (in Vietnamese), or null. */
function refusalOf(t: MeetingTiming, now: Date, claim?: AbsenceClaim): string | null {
  const r = absenceRefusal(t, now);
  if (r) return absenceRefusalText(r, t.startAt, t.timezone);
  if (claim && now.getTime() >= claim.expiresAt.getTime()) return EXPIRED;
  return null;
}

/** Sends (reason) or takes back (null) the member's word, after the checks every way in shares. */
async function change(
  tx: DbOrTx,
  t: MeetingTiming,
  who: { memberId: string; actorUserId: string | null; via: "link" | "page" },
  reason: string | null,
  now: Date,
  claim?: AbsenceClaim,
): Promise<void> {
  const refusal = refusalOf(t, now, claim);
  if (refusal) throw conflict(refusal);
  let clean: string | null = null;
  if (reason !== null) {
    const c = cleanReason(reason);
    if ("error" in c) throw invalid("reason", c.error);
    clean = c.reason;
  }
  const before = await noticeOf(tx, t.id, who.memberId);
  if (clean === null) {
    if (!before) return;
    await deleteNotice(tx, t.id, who.memberId);
  } else {
    if (before?.reason === clean) return;
    await putNotice(tx, {
      meetingId: t.id,
      regionId: t.regionId,
      memberId: who.memberId,
      reason: clean,
      sentBy: who.actorUserId,
      sentAt: now,
    });
  }
  await recordAudit(tx, {
    at: now,
    actorUserId: who.actorUserId,
    entity: "attendance",
    entityId: t.id,
    branchId: t.branchId,
    action: clean === null ? "absence_withdrawn" : "absence_notice",
    before: before ? { memberId: who.memberId, reason: before.reason } : null,
    after: clean === null ? null : { memberId: who.memberId, reason: clean, via: who.via },
  });
}

// ------------------------------------------------------------------------------------- signed in (page)

/** The caller's own word for a meeting of their branch: they must be on its list on the meeting's date. */
async function ownMeeting(tx: DbOrTx, p: Principal, meetingId: string) {
  const m = await meetingInReach(tx, p, meetingId, "member", { lock: true });
  if (!p.memberId) throw forbidden(NOT_MEMBER);
  const t = await meetingTiming(tx, m.id);
  if (!t || !(await memberOnRoster(tx, { memberId: p.memberId, branchId: t.branchId, date: t.date })))
    throw forbidden(NOT_MEMBER);
  return { t, memberId: p.memberId };
}

export function sendAbsence(deps: AppDeps, p: Principal, input: { meetingId: string; reason: string }) {
  const now = deps.clock.now();
  return deps.database.db.transaction(async (tx) => {
    const { t, memberId } = await ownMeeting(tx, p, input.meetingId);
    await change(tx, t, { memberId, actorUserId: p.userId, via: "page" }, input.reason, now);
  });
}

export function withdrawAbsence(deps: AppDeps, p: Principal, input: { meetingId: string }) {
  const now = deps.clock.now();
  return deps.database.db.transaction(async (tx) => {
    const { t, memberId } = await ownMeeting(tx, p, input.meetingId);
    await change(tx, t, { memberId, actorUserId: p.userId, via: "page" }, null, now);
  });
}

// -------------------------------------------------------------------------- the reminder's link (no session)

export interface AbsenceLinkPage {
  record: MeetingRecord;
  memberName: string;
  notice: { reason: string; sentAt: Date } | null;
  /** Why nothing can be sent or taken back any more (started, cancelled, link expired), or null. */
  refusal: string | null;
}

/** The meeting, member and state a link stands for; null when it is not one of ours (or no longer fits). */
async function linkTarget(deps: AppDeps, tx: DbOrTx, token: string, lock: boolean) {
  const claim = verifyAbsenceToken(await absenceKey(deps.database.db), token);
  if (!claim) return null;
  const t = await meetingTiming(tx, claim.meetingId, { lock });
  if (!t) return null;
  const member = await memberOnRoster(tx, { memberId: claim.memberId, branchId: t.branchId, date: t.date });
  return member ? { claim, t, member } : null;
}

/** What the link's page shows (a GET: nothing changes). */
export function absenceLinkPage(deps: AppDeps, input: { token: string }): Promise<AbsenceLinkPage | null> {
  const now = deps.clock.now();
  return deps.database.db.transaction(async (tx) => {
    const target = await linkTarget(deps, tx, input.token, false);
    if (!target) return null;
    const { claim, t, member } = target;
    const record = await meetingById(tx, t.id, deps.config.publicUrl);
    if (!record) return null;
    return {
      record,
      memberName: member.fullName,
      notice: await noticeOf(tx, t.id, claim.memberId),
      refusal: refusalOf(t, now, claim),
    };
  });
}

/** Sends (reason) or takes back (null) word by the link; false when the link is not one of ours. */
export function absenceByLink(
  deps: AppDeps,
  input: { token: string; reason: string | null },
): Promise<boolean> {
  const now = deps.clock.now();
  return deps.database.db.transaction(async (tx) => {
    const target = await linkTarget(deps, tx, input.token, true);
    if (!target) return false;
    const who = { memberId: target.claim.memberId, actorUserId: null, via: "link" as const };
    await change(tx, target.t, who, input.reason, now, target.claim);
    return true;
  });
}
