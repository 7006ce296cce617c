/**
 * Who came to a meeting: the sheet a secretary records (every member on the meeting's list exactly once),
 * its counts, rate and quorum, and the statute's three-absence flag. Every change is audited in the
 * transaction that makes it.
 */
import { requireBranch } from "../auth/policy.ts";
import type { Principal } from "../auth/principal.ts";
import type { DbOrTx } from "../db/client.ts";
import {
  type AttendanceStatus,
  attendanceRate,
  minimumPresent,
  reachesQuorum,
} from "../domain/minutes-rules.ts";
import { invalidMany } from "../http/errors.ts";
import type { AppDeps } from "../http/types.ts";
import {
  attendanceSheetOf,
  flaggedMembersOfBranch,
  type MarkRow,
  marksOf,
  marksWithNames,
  replaceAttendance,
  rosterAt,
} from "./attendance-queries.ts";
import {
  assertFileable,
  auditFiling,
  type MeetingInReach,
  markHeld,
  meetingInReach,
  nfc,
} from "./filed-meeting.ts";

export type { AttendanceStatus };

export interface AttendanceInput {
  members: { memberId: string; status: AttendanceStatus; reason?: string | null }[];
  /** Guests by name; `{ name, present }` marks whether they came (a bare name: not marked present). */
  guests?: (string | { name: string; present: boolean })[];
}

/** The guests' names (cleaned, each once) and those present. */
function guestsOf(input: AttendanceInput): { guests: string[]; guestsPresent: string[] } {
  const present = new Map<string, boolean>();
  for (const g of input.guests ?? []) {
    const name = nfc(typeof g === "string" ? g : g.name);
    if (!name) continue;
    present.set(name, (present.get(name) ?? false) || (typeof g !== "string" && g.present));
  }
  return {
    guests: [...present.keys()],
    guestsPresent: [...present].filter(([, p]) => p).map(([n]) => n),
  };
}

type Roster = Awaited<ReturnType<typeof rosterAt>>;
type SheetRow = MarkRow & { fullName: string };
type ViewRow = Omit<SheetRow, "status"> & { status: AttendanceStatus | null };

/** Members of a branch absent without reason at least three times in `year` (cancelled meetings aside). */
export async function listFlags(deps: AppDeps, p: Principal, input: { branchId: string; year: number }) {
  const { db } = deps.database;
  await requireBranch(db, p, input.branchId, "secretary");
  return flaggedMembersOfBranch(db, input);
}

export async function getAttendance(deps: AppDeps, p: Principal, input: { meetingId: string }) {
  const { db } = deps.database;
  return attendanceOf(db, await meetingInReach(db, p, input.meetingId, "secretary"));
}

export type AttendanceSheet = Awaited<ReturnType<typeof attendanceOf>>;

/** The attendance sheet of a meeting the caller reached as its secretary (or above) through the policy. */
export async function attendanceOf(db: DbOrTx, m: MeetingInReach) {
  const sheet = await attendanceSheetOf(db, m.id);
  const roster = await rosterAt(db, m);
  const rows: ViewRow[] = sheet
    ? withUnmarkedGuests(await marksWithNames(db, m.id), roster)
    : roster.map((r) => ({
        memberId: r.id,
        fullName: r.fullName,
        expected: r.role !== "guest",
        status: null,
        reason: null,
      }));
  return attendanceView(db, m, sheet, rows);
}

/** Invited members not marked on the sheet are still shown as invited, after the marked ones. */
function withUnmarkedGuests(marked: SheetRow[], roster: Roster): ViewRow[] {
  const seen = new Set(marked.map((r) => r.memberId));
  const unmarked = roster
    .filter((r) => r.role === "guest" && !seen.has(r.id))
    .map((r) => ({ memberId: r.id, fullName: r.fullName, expected: false, status: null, reason: null }));
  return [...marked, ...unmarked];
}

/** The sheet as people read it; the flags are read after any change, since the change may move them. */
async function attendanceView(
  db: DbOrTx,
  m: MeetingInReach,
  sheet: { guests: string[]; guestsPresent: string[]; updatedAt: Date } | null,
  rows: ViewRow[],
) {
  const flagged = await flaggedMembersOfBranch(db, {
    branchId: m.branchId,
    year: Number(m.date.slice(0, 4)),
  });
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
    guestList: (sheet?.guests ?? []).map((name) => ({ name, present: sheet!.guestsPresent.includes(name) })),
    guestsPresent:
      (sheet?.guestsPresent.length ?? 0) + rows.filter((r) => !r.expected && r.status === "present").length,
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

/** Every member on the meeting's list exactly once, nobody outside it; a reason only for an excused absence. */
function checkSheet(input: AttendanceInput, roster: Roster) {
  const onList = new Map(roster.map((r) => [r.id, r]));
  const problems: { field: string; reason: string }[] = [];
  const seen = new Set<string>();
  input.members.forEach((e, i) => {
    const field = `body.members.${i}`;
    if (!onList.has(e.memberId))
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
  if (problems.length) throw invalidMany("Danh sách điểm danh không khớp với danh sách đảng viên", problems);
  const marks: MarkRow[] = input.members.map((e) => ({
    memberId: e.memberId,
    expected: onList.get(e.memberId)!.role !== "guest",
    status: e.status,
    reason: e.status === "absent_excused" ? nfc(e.reason ?? "") : null,
  }));
  return marks;
}

/** Replaces the meeting's attendance and answers with the sheet as stored. */
export async function putAttendance(
  deps: AppDeps,
  p: Principal,
  input: AttendanceInput & { meetingId: string },
) {
  const now = deps.clock.now();
  return deps.database.db.transaction(async (tx) => {
    const m = await meetingInReach(tx, p, input.meetingId, "secretary", { lock: true });
    assertFileable(m, now);
    const roster = await rosterAt(tx, m);
    const marks = checkSheet(input, roster);
    const { guests, guestsPresent } = guestsOf(input);

    const before = await attendanceSheetOf(tx, m.id);
    const beforeMarks = before ? await marksOf(tx, m.id) : [];
    const counted = marks.filter((r) => r.expected);
    const counts = {
      expectedCount: roster.filter((r) => r.role !== "guest").length,
      presentCount: counted.filter((r) => r.status === "present").length,
      excusedCount: counted.filter((r) => r.status === "absent_excused").length,
      unexcusedCount: counted.filter((r) => r.status === "absent_unexcused").length,
    };
    const sheet = await replaceAttendance(tx, {
      meetingId: m.id,
      regionId: m.regionId,
      guests,
      guestsPresent,
      counts,
      marks,
      by: p.userId,
      at: now,
    });
    const held = await markHeld(tx, p, m, now);
    await auditFiling(tx, p, m, now, [
      {
        entity: "attendance",
        action: before ? "update" : "create",
        before: before
          ? { members: beforeMarks, guests: before.guests, guestsPresent: before.guestsPresent }
          : null,
        after: {
          members: marks
            .map((r) => ({ memberId: r.memberId, status: r.status, reason: r.reason }))
            .sort((a, b) => (a.memberId < b.memberId ? -1 : 1)),
          guests,
          guestsPresent,
        },
      },
    ]);
    // What was just written, in the order a read gives it (the roster is by name, like the marks).
    const byId = new Map(marks.map((r) => [r.memberId, r]));
    const marked = roster.flatMap((r) => {
      const mark = byId.get(r.id);
      return mark ? [{ ...mark, fullName: r.fullName }] : [];
    });
    return attendanceView(tx, held, sheet, withUnmarkedGuests(marked, roster));
  });
}
