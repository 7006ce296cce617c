/**
 * A meeting's roster as the minutes count it: every member on the branch's list on the meeting's date (the
 * invited aside), with their mark, whether the committee exempted them from meetings on that date and whether
 * they attend here temporarily, and the counts by category (`countCategories`, domain/meeting-quality.ts).
 * The one read of it: the attendance sheet, the meeting page, the printed minutes and the ratings use it.
 */
import type { Principal } from "../auth/principal.ts";
import { type DbOrTx, readsOf } from "../db/client.ts";
import {
  type CategoryCounts,
  countCategories,
  exemptOn,
  type RosterMember,
} from "../domain/meeting-quality.ts";
import type { AttendanceStatus } from "../domain/minutes-rules.ts";
import type { AppDeps } from "../http/types.ts";
import { exemptionsOfBranch, temporariesOfBranch } from "../organisation/standing-queries.ts";
import { marksOf, rosterAt } from "./attendance-queries.ts";
import { type MeetingInReach, meetingInReach } from "./filed-meeting.ts";

export interface RosterEntry extends RosterMember {
  fullName: string;
  /** Why and by which decision the member is exempted on the meeting's date (null: not exempted). */
  exemption: { reason: string; decisionRef: string } | null;
  /** The member's home branch or organisation while attending here temporarily (null: not temporary). */
  homeOrganisation: string | null;
}

export interface MeetingRoster {
  roster: RosterEntry[];
  counts: CategoryCounts;
}

/** Who is exempted and who attends temporarily on `date`, by member id. */
export async function standingOn(db: DbOrTx, branchId: string, date: string) {
  const [exemptions, temporaries] = await readsOf(db, [
    () => exemptionsOfBranch(db, branchId),
    () => temporariesOfBranch(db, branchId),
  ] as const);
  const exempt = new Map(exemptions.filter((e) => exemptOn(e, date)).map((e) => [e.memberId, e]));
  const temporary = new Map(temporaries.filter((t) => exemptOn(t, date)).map((t) => [t.memberId, t]));
  return { exempt, temporary };
}

/** The roster of a meeting the caller reached through the policy (`meetingInReach`), by name. */
export async function meetingRosterOf(
  db: DbOrTx,
  m: Pick<MeetingInReach, "id" | "branchId" | "date">,
  /** The roster and marks when the caller has just read them (the attendance sheet). */
  known?: { list: Awaited<ReturnType<typeof rosterAt>>; marks: Map<string, AttendanceStatus | null> },
): Promise<MeetingRoster> {
  const [all, marked, { exempt, temporary }] = await readsOf(db, [
    () => (known ? Promise.resolve(known.list) : rosterAt(db, m)),
    () => (known ? Promise.resolve(null) : marksOf(db, m.id)),
    () => standingOn(db, m.branchId, m.date),
  ] as const);
  const list = all.filter((r) => r.role !== "guest");
  const marks = known?.marks ?? new Map((marked ?? []).map((r) => [r.memberId, r.status]));
  const roster: RosterEntry[] = list.map((r) => {
    const e = exempt.get(r.id);
    const t = temporary.get(r.id);
    return {
      memberId: r.id,
      fullName: r.fullName,
      status: r.status,
      exempted: Boolean(e),
      temporary: Boolean(t),
      mark: marks.get(r.id) ?? null,
      exemption: e ? { reason: e.reason, decisionRef: e.decisionRef } : null,
      homeOrganisation: t?.homeOrganisation ?? null,
    };
  });
  return { roster, counts: countCategories(roster) };
}

/** The API's read of it: the branch's secretary or a committee above. */
export async function getMeetingRoster(deps: AppDeps, p: Principal, input: { meetingId: string }) {
  return deps.database.db.transaction(async (tx) =>
    meetingRosterOf(tx, await meetingInReach(tx, p, input.meetingId, "secretary")),
  );
}
