/** Reads and writes of the word members send before a meeting ("báo vắng"): no caller, no rules
 * (absence-service.ts decides). */
import { and, eq, inArray, sql } from "drizzle-orm";
import type { DbOrTx } from "../db/client.ts";
import { absenceNotices, branches, meetings, members } from "../db/schema.ts";
import type { MeetingStatus } from "../domain/minutes-rules.ts";
import { sortByViName } from "../domain/vi-name-order.ts";

export interface MeetingTiming {
  id: string;
  regionId: string;
  branchId: string;
  date: string;
  status: MeetingStatus;
  startAt: Date;
  timezone: string;
}

/** The meeting's start, state and zone; `lock` takes the row FOR UPDATE (a notice and the start agree). */
export async function meetingTiming(
  db: DbOrTx,
  meetingId: string,
  opts: { lock?: boolean } = {},
): Promise<MeetingTiming | null> {
  const q = db
    .select({
      id: meetings.id,
      regionId: meetings.regionId,
      branchId: meetings.branchId,
      date: meetings.date,
      status: meetings.status,
      startAt: meetings.startAt,
      timezone: branches.timezone,
    })
    .from(meetings)
    .innerJoin(branches, and(eq(branches.id, meetings.branchId), eq(branches.regionId, meetings.regionId)))
    .where(eq(meetings.id, meetingId));
  const [row] = opts.lock ? await q.for("update", { of: meetings }) : await q;
  return row ?? null;
}

/** The member's name when they are on the branch's list on the meeting's date (joined, not left). */
export async function memberOnRoster(
  db: DbOrTx,
  params: { memberId: string; branchId: string; date: string },
): Promise<{ fullName: string } | null> {
  const [row] = await db
    .select({ fullName: members.fullName })
    .from(members)
    .where(
      and(
        eq(members.id, params.memberId),
        eq(members.branchId, params.branchId),
        sql`(${members.joinedOn} is null or ${members.joinedOn} <= ${params.date})`,
        sql`(${members.leftOn} is null or ${members.leftOn} >= ${params.date})`,
      ),
    );
  return row ?? null;
}

export async function noticeOf(db: DbOrTx, meetingId: string, memberId: string) {
  const [row] = await db
    .select({ reason: absenceNotices.reason, sentAt: absenceNotices.sentAt })
    .from(absenceNotices)
    .where(and(eq(absenceNotices.meetingId, meetingId), eq(absenceNotices.memberId, memberId)));
  return row ?? null;
}

/** Sends (or replaces) a member's word for a meeting. */
export async function putNotice(db: DbOrTx, row: typeof absenceNotices.$inferInsert): Promise<void> {
  await db
    .insert(absenceNotices)
    .values(row)
    .onConflictDoUpdate({
      target: [absenceNotices.meetingId, absenceNotices.memberId, absenceNotices.regionId],
      set: { reason: row.reason, sentBy: row.sentBy ?? null, sentAt: row.sentAt },
    });
}

/** Takes a member's word back; the reason it carried, or null when there was none. */
export async function deleteNotice(db: DbOrTx, meetingId: string, memberId: string): Promise<string | null> {
  const [row] = await db
    .delete(absenceNotices)
    .where(and(eq(absenceNotices.meetingId, meetingId), eq(absenceNotices.memberId, memberId)))
    .returning({ reason: absenceNotices.reason });
  return row?.reason ?? null;
}

export interface NoticeRow {
  meetingId: string;
  memberId: string;
  fullName: string;
  reason: string;
  sentAt: Date;
}

/** The word sent for some meetings, with the members' names, by name (Vietnamese order). */
export async function noticesOfMeetings(db: DbOrTx, meetingIds: string[]): Promise<NoticeRow[]> {
  if (meetingIds.length === 0) return [];
  const rows = await db
    .select({
      meetingId: absenceNotices.meetingId,
      memberId: absenceNotices.memberId,
      fullName: members.fullName,
      reason: absenceNotices.reason,
      sentAt: absenceNotices.sentAt,
    })
    .from(absenceNotices)
    .innerJoin(
      members,
      and(eq(members.id, absenceNotices.memberId), eq(members.regionId, absenceNotices.regionId)),
    )
    .where(inArray(absenceNotices.meetingId, meetingIds));
  return sortByViName(rows, (r) => r.fullName);
}
