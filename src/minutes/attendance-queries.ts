/** Attendance reads and writes, named for what they do: no caller, no rules (attendance-service.ts decides). */
import { and, asc, eq, inArray, sql } from "drizzle-orm";
import type { DbOrTx } from "../db/client.ts";
import { attendance, attendanceSheets, members } from "../db/schema.ts";
import type { AttendanceStatus } from "../domain/minutes-rules.ts";
import { sortByViName } from "../domain/vi-name-order.ts";
import { absenceFlagsSql } from "./minutes-sql.ts";

/** Members of the branch on a date: joined on or before it, not left before it; by name. */
export async function rosterAt(db: DbOrTx, params: { branchId: string; date: string }) {
  const rows = await db
    .select({ id: members.id, fullName: members.fullName, role: members.role })
    .from(members)
    .where(
      and(
        eq(members.branchId, params.branchId),
        sql`(${members.joinedOn} is null or ${members.joinedOn} <= ${params.date})`,
        sql`(${members.leftOn} is null or ${members.leftOn} >= ${params.date})`,
      ),
    );
  return sortByViName(rows, (r) => r.fullName);
}

export async function attendanceSheetOf(db: DbOrTx, meetingId: string) {
  const [sheet] = await db
    .select({
      guests: attendanceSheets.guests,
      guestsPresent: attendanceSheets.guestsPresent,
      updatedAt: attendanceSheets.updatedAt,
    })
    .from(attendanceSheets)
    .where(eq(attendanceSheets.meetingId, meetingId));
  return sheet ?? null;
}

/** The meeting's marks with the members' names, by name. */
export async function marksWithNames(db: DbOrTx, meetingId: string) {
  const rows = await db
    .select({
      memberId: attendance.memberId,
      fullName: members.fullName,
      expected: attendance.expected,
      status: attendance.status,
      reason: attendance.reason,
    })
    .from(attendance)
    .innerJoin(members, eq(members.id, attendance.memberId))
    .where(eq(attendance.meetingId, meetingId));
  return sortByViName(rows, (r) => r.fullName);
}

/** The meeting's marks as the audit records them, by member id. */
export async function marksOf(db: DbOrTx, meetingId: string) {
  return db
    .select({ memberId: attendance.memberId, status: attendance.status, reason: attendance.reason })
    .from(attendance)
    .where(eq(attendance.meetingId, meetingId))
    .orderBy(asc(attendance.memberId));
}

export interface MarkRow {
  memberId: string;
  expected: boolean;
  status: AttendanceStatus;
  reason: string | null;
}

/** Replaces the meeting's sheet and marks; returns the sheet as stored. */
export async function replaceAttendance(
  db: DbOrTx,
  params: {
    meetingId: string;
    regionId: string;
    guests: string[];
    guestsPresent: string[];
    counts: { expectedCount: number; presentCount: number; excusedCount: number; unexcusedCount: number };
    marks: MarkRow[];
    by: string;
    at: Date;
  },
) {
  const { meetingId, regionId, guests, guestsPresent, counts, by, at } = params;
  await db.delete(attendance).where(eq(attendance.meetingId, meetingId));
  const [sheet] = await db
    .insert(attendanceSheets)
    .values({
      meetingId,
      regionId,
      guests,
      guestsPresent,
      ...counts,
      recordedBy: by,
      createdAt: at,
      updatedAt: at,
    })
    .onConflictDoUpdate({
      target: [attendanceSheets.meetingId, attendanceSheets.regionId],
      set: { guests, guestsPresent, ...counts, recordedBy: by, updatedAt: at },
    })
    .returning({
      guests: attendanceSheets.guests,
      guestsPresent: attendanceSheets.guestsPresent,
      updatedAt: attendanceSheets.updatedAt,
    });
  if (params.marks.length)
    await db.insert(attendance).values(params.marks.map((r) => ({ meetingId, regionId, ...r })));
  return sheet!;
}

/** The members of a branch flagged in `year` (the rule is minutes-sql's), by name. */
export async function flaggedMembersOfBranch(db: DbOrTx, params: { branchId: string; year: number }) {
  const result = await db.execute<{
    member_id: string;
    full_name: string;
    absences: number;
    dates: string[];
  }>(sql`
    select f.member_id, m.full_name, f.absences, f.dates
      from (${absenceFlagsSql({ branchIds: sql`${params.branchId}::uuid`, year: params.year })}) f
      join members m on m.id = f.member_id
     order by f.member_id`);
  const rows = sortByViName(result.rows, (r) => r.full_name);
  return rows.map((r) => ({
    memberId: r.member_id,
    fullName: r.full_name,
    year: params.year,
    unexcusedAbsences: r.absences,
    meetingDates: r.dates,
  }));
}

/** One member's mark at a meeting, or null when none is recorded. */
export async function markOfMember(db: DbOrTx, meetingId: string, memberId: string) {
  const [m] = await db
    .select({ status: attendance.status, reason: attendance.reason })
    .from(attendance)
    .where(and(eq(attendance.meetingId, meetingId), eq(attendance.memberId, memberId)));
  return m ?? null;
}

/** Full or probationary, by member id. */
export async function memberStatusesOf(db: DbOrTx, memberIds: string[]) {
  if (memberIds.length === 0) return new Map<string, "full" | "probationary">();
  const rows = await db
    .select({ id: members.id, status: members.status })
    .from(members)
    .where(inArray(members.id, memberIds));
  return new Map(rows.map((r) => [r.id, r.status]));
}
