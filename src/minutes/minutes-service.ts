/**
 * What happened at a meeting: attendance, structured minutes with their revisions, and the files
 * (signed scans, material). Every change is audited in the transaction that makes it.
 */
import { createHash } from "node:crypto";
import { and, asc, eq, gte, inArray, lt, ne, sql } from "drizzle-orm";
import { recordAudit } from "../audit/audit.ts";
import { type BranchLevel, requireBranch, requireMeeting } from "../auth/policy.ts";
import type { Principal } from "../auth/principal.ts";
import type { Db, DbOrTx } from "../db/client.ts";
import {
  attendance,
  attendanceSheets,
  campaigns,
  type MinutesContent,
  meetings,
  members,
  minutes,
  minutesFiles,
  minutesRevisions,
  topics,
  users,
} from "../db/schema.ts";
import {
  ABSENCE_FLAG_THRESHOLD,
  attendanceRate,
  DEFAULT_MINUTES_DUE_DAYS,
  DEFAULT_QUORUM,
  dueDate,
  isLate,
  localDate,
  minimumPresent,
  reachesQuorum,
} from "../domain/minutes-rules.ts";
import { AppError, conflict, invalid, invalidMany, notFound } from "../http/errors.ts";
import { ALLOWED_TEXT, cleanFileName, detectAllowedType } from "./file-check.ts";

const nfc = (s: string) => s.normalize("NFC").trim();

export type AttendanceStatus = "present" | "absent_excused" | "absent_unexcused";

export interface MeetingInReach {
  id: string;
  branchId: string;
  campaignId: string | null;
  date: string;
  status: "planned" | "cancelled" | "held";
  topicId: string | null;
  timezone: string;
  quorum: number;
  minutesDueDays: number;
  level: BranchLevel;
}

/** The meeting if the caller reaches its branch at `need` (the policy decides), with its campaign's rules. */
export async function meetingInReach(
  db: DbOrTx,
  p: Principal,
  meetingId: string,
  need: BranchLevel,
): Promise<MeetingInReach> {
  const { meeting: m, branch: b } = await requireMeeting(db, p, meetingId, need);
  const [c] = m.campaignId
    ? await db
        .select({ quorum: campaigns.quorum, minutesDueDays: campaigns.minutesDueDays })
        .from(campaigns)
        .where(eq(campaigns.id, m.campaignId))
    : [];
  return {
    id: m.id,
    branchId: m.branchId,
    campaignId: m.campaignId,
    date: m.date,
    status: m.status,
    topicId: m.topicId,
    timezone: b.timezone,
    quorum: c ? Number(c.quorum) : DEFAULT_QUORUM,
    minutesDueDays: c?.minutesDueDays ?? DEFAULT_MINUTES_DUE_DAYS,
    level: b.level,
  };
}

/** Filing a meeting needs it to have happened: not cancelled, not in the future. */
function assertFileable(m: MeetingInReach, now: Date) {
  if (m.status === "cancelled") throw conflict("Buổi sinh hoạt đã bị hủy, không thể ghi nhận");
  if (m.date > localDate(now, m.timezone))
    throw conflict("Buổi sinh hoạt chưa diễn ra, chưa thể ghi nhận điểm danh hay biên bản");
}

/** Recording attendance or minutes means the meeting took place. The calendar revision is left alone:
 * nothing a subscriber sees has changed. */
async function markHeld(tx: DbOrTx, p: Principal, m: MeetingInReach, now: Date) {
  const rows = await tx
    .update(meetings)
    .set({ status: "held" })
    .where(and(eq(meetings.id, m.id), eq(meetings.status, "planned")))
    .returning({ id: meetings.id });
  if (rows.length) {
    await recordAudit(tx, {
      at: now,
      actorUserId: p.userId,
      entity: "meeting",
      entityId: m.id,
      branchId: m.branchId,
      action: "held",
      before: { status: "planned" },
      after: { status: "held" },
    });
  }
}

/** Members of the branch on the meeting's date: joined on or before it, not left before it. */
async function rosterAt(db: DbOrTx, branchId: string, date: string) {
  return db
    .select({ id: members.id, fullName: members.fullName, role: members.role })
    .from(members)
    .where(
      and(
        eq(members.branchId, branchId),
        sql`(${members.joinedOn} is null or ${members.joinedOn} <= ${date})`,
        sql`(${members.leftOn} is null or ${members.leftOn} >= ${date})`,
      ),
    )
    .orderBy(asc(members.fullName));
}

function yearBounds(year: number) {
  return { from: `${String(year).padStart(4, "0")}-01-01`, to: `${String(year + 1).padStart(4, "0")}-01-01` };
}

/** Members of a branch absent without reason at least three times in `year` (cancelled meetings aside). */
export async function flaggedMembers(db: DbOrTx, branchId: string, year: number) {
  const { from, to } = yearBounds(year);
  const rows = await db
    .select({
      memberId: attendance.memberId,
      fullName: members.fullName,
      count: sql<number>`count(*)::int`,
      dates: sql<string[]>`array_agg(${meetings.date}::text order by ${meetings.date})`,
    })
    .from(attendance)
    .innerJoin(meetings, eq(meetings.id, attendance.meetingId))
    .innerJoin(members, eq(members.id, attendance.memberId))
    .where(
      and(
        eq(meetings.branchId, branchId),
        eq(attendance.status, "absent_unexcused"),
        eq(attendance.expected, true),
        ne(meetings.status, "cancelled"),
        gte(meetings.date, from),
        lt(meetings.date, to),
      ),
    )
    .groupBy(attendance.memberId, members.fullName)
    .having(sql`count(*) >= ${ABSENCE_FLAG_THRESHOLD}`)
    .orderBy(asc(members.fullName));
  return rows.map((r) => ({
    memberId: r.memberId,
    fullName: r.fullName,
    year,
    unexcusedAbsences: r.count,
    meetingDates: r.dates,
  }));
}

export async function listFlags(db: DbOrTx, p: Principal, branchId: string, year: number) {
  await requireBranch(db, p, branchId, "secretary");
  return flaggedMembers(db, branchId, year);
}

export async function getAttendance(db: DbOrTx, p: Principal, meetingId: string) {
  const m = await meetingInReach(db, p, meetingId, "secretary");
  return attendanceView(db, m);
}

async function attendanceView(db: DbOrTx, m: MeetingInReach) {
  const [sheet] = await db.select().from(attendanceSheets).where(eq(attendanceSheets.meetingId, m.id));
  type Row = {
    memberId: string;
    fullName: string;
    expected: boolean;
    status: AttendanceStatus | null;
    reason: string | null;
  };
  let rows: Row[];
  if (sheet) {
    rows = await db
      .select({
        memberId: attendance.memberId,
        fullName: members.fullName,
        expected: attendance.expected,
        status: attendance.status,
        reason: attendance.reason,
      })
      .from(attendance)
      .innerJoin(members, eq(members.id, attendance.memberId))
      .where(eq(attendance.meetingId, m.id))
      .orderBy(asc(members.fullName));
    // Invited members not marked on the sheet are still shown as invited.
    const marked = new Set(rows.map((r) => r.memberId));
    for (const r of await rosterAt(db, m.branchId, m.date)) {
      if (r.role === "guest" && !marked.has(r.id))
        rows.push({ memberId: r.id, fullName: r.fullName, expected: false, status: null, reason: null });
    }
  } else {
    rows = (await rosterAt(db, m.branchId, m.date)).map((r) => ({
      memberId: r.id,
      fullName: r.fullName,
      expected: r.role !== "guest",
      status: null,
      reason: null,
    }));
  }
  const flagged = await flaggedMembers(db, m.branchId, Number(m.date.slice(0, 4)));
  const flaggedIds = new Set(flagged.map((f) => f.memberId));
  const expectedRows = rows.filter((r) => r.expected);
  const expected = expectedRows.length;
  const present = expectedRows.filter((r) => r.status === "present").length;
  return {
    meetingId: m.id,
    date: m.date,
    meetingStatus: m.status,
    recorded: Boolean(sheet),
    recordedAt: sheet?.updatedAt.toISOString() ?? null,
    members: expectedRows.map((r) => ({ ...r, flagged: flaggedIds.has(r.memberId) })),
    invited: rows
      .filter((r) => !r.expected)
      .map((r) => ({ memberId: r.memberId, fullName: r.fullName, status: r.status })),
    guests: sheet?.guests ?? [],
    counts: {
      expected,
      present,
      absentExcused: expectedRows.filter((r) => r.status === "absent_excused").length,
      absentUnexcused: expectedRows.filter((r) => r.status === "absent_unexcused").length,
    },
    rate: sheet ? attendanceRate(present, expected) : null,
    quorum: {
      share: m.quorum,
      minimumPresent: minimumPresent(expected, m.quorum),
      reached: sheet ? reachesQuorum(present, expected, m.quorum) : false,
    },
    flagged,
  };
}

export interface AttendanceInput {
  members: { memberId: string; status: AttendanceStatus; reason?: string | null }[];
  guests?: string[];
}

/** Replaces the meeting's attendance: every member on its list exactly once, nobody outside it. */
export async function putAttendance(
  db: Db,
  p: Principal,
  meetingId: string,
  input: AttendanceInput,
  now: Date,
) {
  await meetingInReach(db, p, meetingId, "secretary");
  return db.transaction(async (tx) => {
    await tx.select({ id: meetings.id }).from(meetings).where(eq(meetings.id, meetingId)).for("update");
    const m = await meetingInReach(tx, p, meetingId, "secretary");
    assertFileable(m, now);
    const roster = await rosterAt(tx, m.branchId, m.date);
    const onList = new Map(roster.map((r) => [r.id, r]));
    const problems: { field: string; reason: string }[] = [];
    const seen = new Set<string>();
    input.members.forEach((e, i) => {
      const field = `body.members.${i}`;
      const r = onList.get(e.memberId);
      if (!r)
        problems.push({
          field: `${field}.memberId`,
          reason: "không thuộc danh sách đảng viên của buổi sinh hoạt",
        });
      if (seen.has(e.memberId))
        problems.push({ field: `${field}.memberId`, reason: "có mặt hai lần trong danh sách" });
      seen.add(e.memberId);
      const reason = e.reason ? nfc(e.reason) : "";
      if (e.status === "absent_excused" && !reason)
        problems.push({ field: `${field}.reason`, reason: "vắng có lý do thì cần ghi lý do" });
      if (e.status !== "absent_excused" && reason)
        problems.push({ field: `${field}.reason`, reason: "chỉ ghi lý do khi vắng có lý do" });
    });
    for (const r of roster) {
      if (r.role !== "guest" && !seen.has(r.id))
        problems.push({ field: "body.members", reason: `thiếu đảng viên ${r.fullName} (${r.id})` });
    }
    if (problems.length)
      throw invalidMany("Danh sách điểm danh không khớp với danh sách đảng viên", problems);
    const guests = (input.guests ?? []).map(nfc).filter(Boolean);

    const beforeSheet = await tx.select().from(attendanceSheets).where(eq(attendanceSheets.meetingId, m.id));
    const beforeRows = await tx
      .select({ memberId: attendance.memberId, status: attendance.status, reason: attendance.reason })
      .from(attendance)
      .where(eq(attendance.meetingId, m.id))
      .orderBy(asc(attendance.memberId));
    const rows = input.members.map((e) => ({
      meetingId: m.id,
      memberId: e.memberId,
      expected: onList.get(e.memberId)!.role !== "guest",
      status: e.status,
      reason: e.status === "absent_excused" ? nfc(e.reason ?? "") : null,
    }));
    const counted = rows.filter((r) => r.expected);
    const counts = {
      expectedCount: roster.filter((r) => r.role !== "guest").length,
      presentCount: counted.filter((r) => r.status === "present").length,
      excusedCount: counted.filter((r) => r.status === "absent_excused").length,
      unexcusedCount: counted.filter((r) => r.status === "absent_unexcused").length,
    };
    await tx.delete(attendance).where(eq(attendance.meetingId, m.id));
    await tx
      .insert(attendanceSheets)
      .values({ meetingId: m.id, guests, ...counts, recordedBy: p.userId, createdAt: now, updatedAt: now })
      .onConflictDoUpdate({
        target: attendanceSheets.meetingId,
        set: { guests, ...counts, recordedBy: p.userId, updatedAt: now },
      });
    if (rows.length) await tx.insert(attendance).values(rows);
    await markHeld(tx, p, m, now);
    await recordAudit(tx, {
      at: now,
      actorUserId: p.userId,
      entity: "attendance",
      entityId: m.id,
      branchId: m.branchId,
      action: beforeSheet.length ? "update" : "create",
      before: beforeSheet.length ? { members: beforeRows, guests: beforeSheet[0]!.guests } : null,
      after: {
        members: rows
          .map((r) => ({ memberId: r.memberId, status: r.status, reason: r.reason }))
          .sort((a, b) => (a.memberId < b.memberId ? -1 : 1)),
        guests,
      },
    });
    return attendanceView(tx, { ...m, status: m.status === "planned" ? "held" : m.status });
  });
}

// ---------------------------------------------------------------------------------------------- minutes

export type MinutesInput = Omit<MinutesContent, "topicId"> & { topicId?: string | null };

function cleanContent(c: MinutesInput, topicId: string | null): MinutesContent {
  return {
    chair: nfc(c.chair),
    recorder: nfc(c.recorder),
    startTime: c.startTime,
    endTime: c.endTime,
    topicId,
    introducedBy: nfc(c.introducedBy),
    discussion: c.discussion.map((d) => ({ by: nfc(d.by), opinion: nfc(d.opinion) })),
    conclusions: nfc(c.conclusions),
    tasks: c.tasks.map((t) => ({
      content: nfc(t.content),
      ...(t.assignee ? { assignee: nfc(t.assignee) } : {}),
      ...(t.due ? { due: t.due } : {}),
    })),
  };
}

async function minutesState(db: DbOrTx, m: MeetingInReach) {
  const [row] = await db.select().from(minutes).where(eq(minutes.meetingId, m.id));
  return row ?? null;
}

async function minutesView(db: DbOrTx, m: MeetingInReach, now: Date) {
  const state = await minutesState(db, m);
  if (!state) return null;
  const [current] = await db
    .select()
    .from(minutesRevisions)
    .where(and(eq(minutesRevisions.meetingId, m.id), eq(minutesRevisions.revision, state.currentRevision)));
  const amendments = await db
    .select({
      revision: minutesRevisions.revision,
      reason: minutesRevisions.reason,
      at: minutesRevisions.createdAt,
      by: users.displayName,
    })
    .from(minutesRevisions)
    .leftJoin(users, eq(users.id, minutesRevisions.createdBy))
    .where(and(eq(minutesRevisions.meetingId, m.id), eq(minutesRevisions.afterSubmission, true)))
    .orderBy(asc(minutesRevisions.revision));
  let topicTitle: string | null = null;
  if (current!.content.topicId) {
    const [t] = await db
      .select({ title: topics.title, code: topics.code })
      .from(topics)
      .where(eq(topics.id, current!.content.topicId));
    topicTitle = t ? t.title : null;
  }
  const due = dueDate(m.date, m.minutesDueDays);
  return {
    meetingId: m.id,
    revision: state.currentRevision,
    content: { ...current!.content, topicTitle },
    submitted: state.submittedAt !== null,
    submittedAt: state.submittedAt?.toISOString() ?? null,
    submittedRevision: state.submittedRevision,
    dueDate: due,
    late: isLate(due, state.submittedAt, now, m.timezone),
    amendments: amendments.map((a) => ({
      revision: a.revision,
      reason: a.reason ?? "",
      at: a.at.toISOString(),
      by: a.by,
    })),
    updatedAt: state.updatedAt.toISOString(),
  };
}

/** Members read their branch's minutes once submitted; before that they do not exist for them. */
export async function getMinutes(db: DbOrTx, p: Principal, meetingId: string, now: Date) {
  const m = await meetingInReach(db, p, meetingId, "member");
  const view = await minutesView(db, m, now);
  if (!view || (m.level === "member" && !view.submitted)) throw notFound("Chưa có biên bản");
  return view;
}

export async function listRevisions(db: DbOrTx, p: Principal, meetingId: string) {
  const m = await meetingInReach(db, p, meetingId, "member");
  const state = await minutesState(db, m);
  if (!state || (m.level === "member" && state.submittedRevision === null))
    throw notFound("Chưa có biên bản");
  // A member sees the submitted text and every change made after it, not the drafts before.
  const from = m.level === "member" ? state.submittedRevision! : 1;
  const rows = await db
    .select({
      revision: minutesRevisions.revision,
      content: minutesRevisions.content,
      reason: minutesRevisions.reason,
      afterSubmission: minutesRevisions.afterSubmission,
      createdAt: minutesRevisions.createdAt,
      createdBy: users.displayName,
    })
    .from(minutesRevisions)
    .leftJoin(users, eq(users.id, minutesRevisions.createdBy))
    .where(and(eq(minutesRevisions.meetingId, m.id), gte(minutesRevisions.revision, from)))
    .orderBy(asc(minutesRevisions.revision));
  return rows.map((r) => ({ ...r, createdAt: r.createdAt.toISOString() }));
}

/** Every save is a new revision. After submission a change needs a reason, which stays on record. */
export async function saveMinutes(
  db: Db,
  p: Principal,
  meetingId: string,
  input: MinutesInput & { reason?: string; baseRevision?: number },
  now: Date,
) {
  await meetingInReach(db, p, meetingId, "secretary");
  return db.transaction(async (tx) => {
    await tx.select({ id: meetings.id }).from(meetings).where(eq(meetings.id, meetingId)).for("update");
    const m = await meetingInReach(tx, p, meetingId, "secretary");
    assertFileable(m, now);
    if (input.startTime >= input.endTime) throw invalid("body.endTime", "giờ kết thúc phải sau giờ bắt đầu");
    const topicId = input.topicId === undefined ? m.topicId : input.topicId;
    if (topicId) {
      const [t] = await tx
        .select({ campaignId: topics.campaignId })
        .from(topics)
        .where(eq(topics.id, topicId));
      if (!t || (m.campaignId && t.campaignId !== m.campaignId))
        throw invalid("body.topicId", "không phải chuyên đề của đợt sinh hoạt này");
    }
    const state = await minutesState(tx, m);
    if (input.baseRevision !== undefined && input.baseRevision !== (state?.currentRevision ?? 0))
      throw conflict("Biên bản đã được người khác sửa; hãy tải lại bản mới nhất", [
        { field: "body.baseRevision", reason: `bản hiện tại là ${state?.currentRevision ?? 0}` },
      ]);
    const submitted = state?.submittedAt != null;
    const reason = input.reason ? nfc(input.reason) : "";
    if (submitted && !reason) throw invalid("body.reason", "biên bản đã nộp: cần ghi lý do sửa đổi");
    const content = cleanContent(input, topicId ?? null);
    let before: MinutesContent | null = null;
    if (state) {
      const [prev] = await tx
        .select({ content: minutesRevisions.content })
        .from(minutesRevisions)
        .where(
          and(eq(minutesRevisions.meetingId, m.id), eq(minutesRevisions.revision, state.currentRevision)),
        );
      before = prev?.content ?? null;
    }
    const revision = (state?.currentRevision ?? 0) + 1;
    if (state) {
      await tx
        .update(minutes)
        .set({ currentRevision: revision, topicId: content.topicId, updatedAt: now })
        .where(eq(minutes.meetingId, m.id));
    } else {
      await tx.insert(minutes).values({
        meetingId: m.id,
        currentRevision: revision,
        topicId: content.topicId,
        createdAt: now,
        updatedAt: now,
      });
    }
    await tx.insert(minutesRevisions).values({
      meetingId: m.id,
      revision,
      content,
      reason: reason || null,
      afterSubmission: submitted,
      createdBy: p.userId,
      createdAt: now,
    });
    await markHeld(tx, p, m, now);
    await recordAudit(tx, {
      at: now,
      actorUserId: p.userId,
      entity: "minutes",
      entityId: m.id,
      branchId: m.branchId,
      action: state ? (submitted ? "amend" : "update") : "create",
      before: before ? { revision: revision - 1, content: before } : null,
      after: { revision, content, ...(reason ? { reason } : {}) },
    });
    return (await minutesView(tx, m, now))!;
  });
}

export async function submitMinutes(db: Db, p: Principal, meetingId: string, now: Date) {
  await meetingInReach(db, p, meetingId, "secretary");
  return db.transaction(async (tx) => {
    await tx.select({ id: meetings.id }).from(meetings).where(eq(meetings.id, meetingId)).for("update");
    const m = await meetingInReach(tx, p, meetingId, "secretary");
    const state = await minutesState(tx, m);
    if (!state) throw conflict("Chưa có biên bản để nộp");
    if (state.submittedAt) throw conflict("Biên bản đã được nộp");
    await tx
      .update(minutes)
      .set({
        submittedAt: now,
        submittedBy: p.userId,
        submittedRevision: state.currentRevision,
        updatedAt: now,
      })
      .where(eq(minutes.meetingId, m.id));
    const due = dueDate(m.date, m.minutesDueDays);
    await recordAudit(tx, {
      at: now,
      actorUserId: p.userId,
      entity: "minutes",
      entityId: m.id,
      branchId: m.branchId,
      action: "submit",
      before: { submittedAt: null },
      after: {
        submittedAt: now.toISOString(),
        revision: state.currentRevision,
        late: isLate(due, now, now, m.timezone),
      },
    });
    return (await minutesView(tx, m, now))!;
  });
}

// ------------------------------------------------------------------------------------------------ files

export interface IncomingFile {
  fileName: string;
  data: Buffer;
}

const fileColumns = {
  id: minutesFiles.id,
  fileName: minutesFiles.fileName,
  mime: minutesFiles.mime,
  size: minutesFiles.size,
  sha256: minutesFiles.sha256,
  uploadedAt: minutesFiles.uploadedAt,
  uploadedBy: users.displayName,
};

const fileOut = <T extends { uploadedAt: Date }>(f: T): Omit<T, "uploadedAt"> & { uploadedAt: string } => ({
  ...f,
  uploadedAt: f.uploadedAt.toISOString(),
});

/** Checks every file's content first, then stores them all in one transaction, or none. */
export async function storeFiles(db: Db, p: Principal, meetingId: string, files: IncomingFile[], now: Date) {
  const m = await meetingInReach(db, p, meetingId, "secretary");
  if (m.status === "cancelled") throw conflict("Buổi sinh hoạt đã bị hủy, không thể ghi nhận");
  if (files.length === 0) throw invalid("body.file", "chưa chọn tệp nào");
  const checked: (typeof minutesFiles.$inferInsert & {
    size: number;
    sha256: string;
    fileName: string;
    mime: string;
  })[] = [];
  for (const [i, f] of files.entries()) {
    const type = await detectAllowedType(f.data);
    const fileName = cleanFileName(f.fileName);
    if (!type) {
      throw new AppError(
        415,
        "unsupported_file_type",
        `Tệp "${fileName}" không phải ${ALLOWED_TEXT} (kiểu tệp được xác định theo nội dung, không theo tên)`,
        [{ field: `body.file.${i}`, reason: `chỉ nhận ${ALLOWED_TEXT}` }],
      );
    }
    checked.push({
      meetingId: m.id,
      fileName,
      mime: type.mime,
      size: f.data.length,
      sha256: createHash("sha256").update(f.data).digest("hex"),
      content: f.data,
      uploadedBy: p.userId,
      uploadedAt: now,
    });
  }
  return db.transaction(async (tx) => {
    const ids = await tx.insert(minutesFiles).values(checked).returning({ id: minutesFiles.id });
    await recordAudit(
      tx,
      checked.map((f, i) => ({
        at: now,
        actorUserId: p.userId,
        entity: "minutes" as const,
        entityId: m.id,
        branchId: m.branchId,
        action: "file_added",
        before: null,
        after: { fileId: ids[i]!.id, fileName: f.fileName, mime: f.mime, size: f.size, sha256: f.sha256 },
      })),
    );
    const rows = await tx
      .select(fileColumns)
      .from(minutesFiles)
      .leftJoin(users, eq(users.id, minutesFiles.uploadedBy))
      .where(
        inArray(
          minutesFiles.id,
          ids.map((r) => r.id),
        ),
      )
      .orderBy(asc(minutesFiles.uploadedAt), asc(minutesFiles.fileName));
    return rows.map(fileOut);
  });
}

/** Files follow the minutes: members see them once the minutes are submitted. */
async function readableMeeting(db: DbOrTx, p: Principal, meetingId: string) {
  const m = await meetingInReach(db, p, meetingId, "member");
  if (m.level === "member") {
    const state = await minutesState(db, m);
    if (!state?.submittedAt) throw notFound("Chưa có biên bản");
  }
  return m;
}

export async function listFiles(db: DbOrTx, p: Principal, meetingId: string) {
  const m = await readableMeeting(db, p, meetingId);
  const rows = await db
    .select(fileColumns)
    .from(minutesFiles)
    .leftJoin(users, eq(users.id, minutesFiles.uploadedBy))
    .where(eq(minutesFiles.meetingId, m.id))
    .orderBy(asc(minutesFiles.uploadedAt), asc(minutesFiles.fileName));
  return rows.map(fileOut);
}

export async function getFile(db: DbOrTx, p: Principal, meetingId: string, fileId: string) {
  const m = await readableMeeting(db, p, meetingId);
  const [f] = await db
    .select({
      fileName: minutesFiles.fileName,
      mime: minutesFiles.mime,
      sha256: minutesFiles.sha256,
      content: minutesFiles.content,
    })
    .from(minutesFiles)
    .where(and(eq(minutesFiles.id, fileId), eq(minutesFiles.meetingId, m.id)));
  if (!f) throw notFound("Không tìm thấy tệp");
  return f;
}
