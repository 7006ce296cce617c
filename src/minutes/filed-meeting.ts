/**
 * The meeting that attendance, minutes and files are filed against: reached through the policy, with its
 * campaign's rules, and the two checks every filing shares. Used by the minutes services only.
 */
import { type AuditEntity, recordAudit } from "../audit/audit.ts";
import { type BranchLevel, meetingLevelOf, requireMeetingRead } from "../auth/policy.ts";
import type { Principal } from "../auth/principal.ts";
import type { DbOrTx } from "../db/client.ts";
import { civilToday } from "../domain/civil-date.ts";
import { DEFAULT_MINUTES_DUE_DAYS, DEFAULT_QUORUM, type MeetingStatus } from "../domain/minutes-rules.ts";
import { conflict } from "../http/errors.ts";
import { markMeetingHeld, meetingForFiling } from "./minutes-queries.ts";

export interface MeetingInReach {
  id: string;
  /** Where its rows live (src/db/distribution.ts). */
  regionId: string;
  branchId: string;
  campaignId: string | null;
  date: string;
  status: MeetingStatus;
  topicId: string | null;
  timezone: string;
  quorum: number;
  minutesDueDays: number;
  level: BranchLevel;
}

/**
 * The meeting read with its branch's ancestry and its campaign's rules in one statement, reach decided by
 * the policy on that row (`requireMeetingRead`): out of reach reads like a meeting that does not exist.
 */
export async function meetingInReach(
  db: DbOrTx,
  p: Principal,
  meetingId: string,
  need: BranchLevel,
  opts: { lock?: boolean } = {},
): Promise<MeetingInReach> {
  const m = requireMeetingRead(p, await meetingForFiling(db, meetingId, opts), need);
  return {
    id: m.id,
    regionId: m.regionId,
    branchId: m.branchId,
    campaignId: m.campaignId,
    date: m.date,
    status: m.status,
    topicId: m.topicId,
    timezone: m.timezone,
    quorum: m.quorum === null ? DEFAULT_QUORUM : Number(m.quorum),
    minutesDueDays: m.minutesDueDays ?? DEFAULT_MINUTES_DUE_DAYS,
    level: meetingLevelOf(p, m)!,
  };
}

export const CANCELLED_MESSAGE = "Buổi sinh hoạt đã bị hủy, không thể ghi nhận";

/** Filing a meeting needs it to have happened: not cancelled, not in the future. */
export function assertFileable(m: MeetingInReach, now: Date) {
  if (m.status === "cancelled") throw conflict(CANCELLED_MESSAGE);
  if (m.date > civilToday(now, m.timezone))
    throw conflict("Buổi sinh hoạt chưa diễn ra, chưa thể ghi nhận điểm danh hay biên bản");
}

/** Recording attendance or minutes means the meeting took place. The calendar revision is left alone:
 * nothing a subscriber sees has changed. Returns the meeting as it now stands. */
export async function markHeld(
  tx: DbOrTx,
  p: Principal,
  m: MeetingInReach,
  now: Date,
): Promise<MeetingInReach> {
  if (!(await markMeetingHeld(tx, m.id))) return m;
  await auditFiling(tx, p, m, now, [
    { entity: "meeting", action: "held", before: { status: "planned" }, after: { status: "held" } },
  ]);
  return { ...m, status: "held" };
}

/** Records changes filed against the meeting, by the caller, in the transaction that makes them. */
export async function auditFiling(
  tx: DbOrTx,
  p: Principal,
  m: MeetingInReach,
  now: Date,
  changes: { entity: AuditEntity; action: string; before: unknown; after: unknown }[],
) {
  await recordAudit(
    tx,
    changes.map((c) => ({ at: now, actorUserId: p.userId, entityId: m.id, branchId: m.branchId, ...c })),
  );
}

export const nfc = (s: string) => s.normalize("NFC").trim();
