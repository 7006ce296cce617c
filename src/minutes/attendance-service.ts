/**
 * Who came to a meeting: the sheet a secretary records (every member on the meeting's list exactly once),
 * its counts, rate and quorum, and the statute's three-absence flag. Every change is audited in the
 * transaction that makes it.
 */
import { requireBranch } from "../auth/policy.ts";
import type { Principal } from "../auth/principal.ts";
import { type DbOrTx, readsOf } from "../db/client.ts";
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
import { meetingRosterOf, standingOn } from "./roster-service.ts";
import { refreshSheetCounts } from "./sheet-counts-queries.ts";

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
  // The marks are read beside the sheet (none without one) so that the three share a round trip.
  const [sheet, roster, marked] = await readsOf(db, [
    () => attendanceSheetOf(db, m.id),
    () => rosterAt(db, m),
    () => marksWithNames(db, m.id),
  ] as const);
  const rows: ViewRow[] = sheet
    ? onRosterNow(marked, roster)
    : roster.map((r) => ({
        memberId: r.id,
        fullName: r.fullName,
        expected: r.role !== "guest",
        status: null,
        reason: null,
      }));
  return attendanceView(db, m, sheet, rows, roster);
}

/**
 * A recorded sheet read against the meeting's roster as it is now: every member on it, with their mark when
 * they have one (a member recorded as joining before the meeting after the sheet was filed comes unmarked;
 * one no longer on the list is left out), then the invited, marked or not. A save of what is shown is then
 * accepted by `checkSheet`.
 */
function onRosterNow(marked: SheetRow[], roster: Roster): ViewRow[] {
  const byId = new Map(marked.map((r) => [r.memberId, r]));
  const unmarked = (r: Roster[number], expected: boolean): ViewRow => ({
    memberId: r.id,
    fullName: r.fullName,
    expected,
    status: null,
    reason: null,
  });
  const members = roster
    .filter((r) => r.role !== "guest")
    .map((r) => {
      const mark = byId.get(r.id);
      return mark ? { ...mark, expected: true } : unmarked(r, true);
    });
  const guests = roster
    .filter((r) => r.role === "guest")
    .map((r) => {
      const mark = byId.get(r.id);
      return mark ? { ...mark, expected: false } : unmarked(r, false);
    });
  return [...members, ...guests];
}

/** The sheet as people read it; the flags are read after any change, since the change may move them. */
async function attendanceView(
  db: DbOrTx,
  m: MeetingInReach,
  sheet: { guests: string[]; guestsPresent: string[]; updatedAt: Date } | null,
  rows: ViewRow[],
  list: Roster,
) {
  // The roster and marks just read are passed on: only the standings are read again, beside the flags.
  const marks = new Map(rows.map((r) => [r.memberId, r.status]));
  const [flagged, { roster, counts: categories }] = await readsOf(db, [
    () => flaggedMembersOfBranch(db, { branchId: m.branchId, year: Number(m.date.slice(0, 4)) }),
    () => meetingRosterOf(db, m, { list, marks }),
  ] as const);
  const flaggedIds = new Set(flagged.map((f) => f.memberId));
  const expectedRows = rows.filter((r) => r.expected);
  const standing = new Map(roster.map((r) => [r.memberId, r]));
  // Required: everyone on the list but the exempted who did not come (domain/meeting-quality.ts).
  const expected = categories.required;
  const present = categories.present;
  return {
    meetingId: m.id,
    date: m.date,
    meetingStatus: m.status,
    recorded: Boolean(sheet),
    recordedAt: sheet?.updatedAt.toISOString() ?? null,
    members: expectedRows.map((r) => ({
      ...r,
      flagged: flaggedIds.has(r.memberId),
      exemption: standing.get(r.memberId)?.exemption ?? null,
      homeOrganisation: standing.get(r.memberId)?.homeOrganisation ?? null,
    })),
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
      absentExcused: categories.absentExcused,
      absentUnexcused: categories.absentUnexcused,
    },
    categories,
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
  const unknown: number[] = [];
  const noReason: string[] = [];
  input.members.forEach((e, i) => {
    const field = `body.members.${i}`;
    if (!onList.has(e.memberId)) unknown.push(i);
    if (!onList.has(e.memberId))
      problems.push({
        field: `${field}.memberId`,
        reason: "không thuộc danh sách đảng viên của buổi sinh hoạt",
      });
    if (seen.has(e.memberId))
      problems.push({ field: `${field}.memberId`, reason: "có mặt hai lần trong danh sách" });
    seen.add(e.memberId);
    const reason = e.reason ? nfc(e.reason) : "";
    if (e.status === "absent_excused" && !reason) {
      problems.push({ field: `${field}.reason`, reason: "vắng có lý do thì cần ghi lý do" });
      noReason.push(onList.get(e.memberId)?.fullName ?? "");
    }
    if (e.status !== "absent_excused" && reason)
      problems.push({ field: `${field}.reason`, reason: "chỉ ghi lý do khi vắng có lý do" });
  });
  const missing = roster.filter((r) => r.role !== "guest" && !seen.has(r.id)).map((r) => r.fullName);
  for (const name of missing)
    problems.push({
      field: "body.members",
      reason: `thiếu đồng chí ${name}, có trong danh sách buổi sinh hoạt`,
    });
  if (problems.length) {
    // The message names who is concerned: the list changed (members added or gone), or reasons are missing.
    const parts: string[] = [];
    if (missing.length)
      parts.push(
        `Danh sách đảng viên của buổi sinh hoạt đã thay đổi: chưa điểm danh đồng chí ${missing.join(", ")}`,
      );
    if (unknown.length)
      parts.push(`${unknown.length} người trong bảng điểm danh không còn trong danh sách của buổi sinh hoạt`);
    if (noReason.length)
      parts.push(`Chưa ghi lý do vắng của đồng chí ${noReason.filter(Boolean).join(", ")}`);
    throw invalidMany(parts.length ? `${parts.join(". ")}.` : "Bảng điểm danh chưa đúng", problems);
  }
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
    const { exempt } = await standingOn(tx, m.branchId, m.date);
    // An exempted member who does not come is neither required nor absent (countCategories): kept off the
    // rate, the quorum and the three-absence flag, which read `expected`.
    const marks = checkSheet(input, roster).map((r) =>
      exempt.has(r.memberId) && r.status !== "present" ? { ...r, expected: false } : r,
    );
    const { guests, guestsPresent } = guestsOf(input);

    const before = await attendanceSheetOf(tx, m.id);
    const beforeMarks = before ? await marksOf(tx, m.id) : [];
    const counted = marks.filter((r) => r.expected);
    const counts = {
      expectedCount: counted.length,
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
    // The categories kept with the sheet for the reports, from the marks just written (one rule, in SQL).
    await refreshSheetCounts(tx, { meetingId: m.id, regionId: m.regionId });
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
    return attendanceView(tx, held, sheet, onRosterNow(marked, roster), roster);
  });
}
