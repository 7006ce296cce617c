/**
 * A member's standing as the minutes count them: exempted from meetings by the committee's decision (miễn
 * sinh hoạt), or attending this branch temporarily (sinh hoạt tạm thời). The branch's secretary and the
 * committees above record and end them; each change is audited in its transaction. Which of them apply on a
 * meeting's date is `exemptOn` (domain/meeting-quality.ts); the meeting's roster reads them through
 * `minutes/roster-service.ts`.
 */
import { recordAudit } from "../audit/audit.ts";
import { requireBranch, requireMember } from "../auth/policy.ts";
import type { Principal } from "../auth/principal.ts";
import type { DbOrTx } from "../db/client.ts";
import { civilToday } from "../domain/civil-date.ts";
import { exemptOn } from "../domain/meeting-quality.ts";
import { periodProblem, periodsOverlap } from "../domain/member-dates.ts";
import { formatDate } from "../domain/vi-format.ts";
import { conflict, forbidden, invalid, notFound } from "../http/errors.ts";
import type { AppDeps } from "../http/types.ts";
import { refreshSheetCounts } from "../minutes/sheet-counts-queries.ts";
import { nfc } from "./normalise.ts";
import {
  type ExemptionRow,
  exemptionById,
  exemptionsOfBranch,
  exemptionsOfMember,
  insertExemption,
  insertTemporary,
  setExemptionEnd,
  setTemporaryEnd,
  type TemporaryRow,
  temporariesOfBranch,
  temporariesOfMember,
  temporaryById,
} from "./standing-queries.ts";

export type { ExemptionRow, TemporaryRow };

export interface ExemptionInput {
  memberId: string;
  reason: string;
  from: string;
  to?: string | null;
  decisionRef: string;
}

export interface TemporaryInput {
  memberId: string;
  homeOrganisation: string;
  from: string;
  to?: string | null;
}

/** The member for a change by their branch's secretary or a committee above; a member is refused. */
async function memberToChange(db: DbOrTx, p: Principal, memberId: string) {
  const m = await requireMember(db, p, memberId, "write");
  if (m.level === "self" || m.level === "member") throw forbidden();
  return m;
}

function checkPeriod(from: string, to: string | null) {
  const problem = periodProblem({ from, to });
  if (problem) throw invalid("body.to", problem);
}

function text(field: string, value: string): string {
  const v = nfc(value);
  if (!v) throw invalid(`body.${field}`, "không được để trống");
  return v;
}

type StandingRow = { id: string; memberId: string; from: string; to: string | null };

/** What tells the two kinds of standing period apart: their rows, their own fields, their words, their audit. */
interface StandingKind<Row extends StandingRow, Input> {
  /** The audit actions are `${audit}_create` and `${audit}_end`. */
  audit: "exemption" | "temporary";
  ofMember(db: DbOrTx, memberId: string): Promise<Row[]>;
  /** The period, locked for its end to be written. */
  byId(db: DbOrTx, id: string): Promise<Row | null>;
  insert(db: DbOrTx, common: StandingCommon, input: Input): Promise<Row>;
  setEnd(db: DbOrTx, id: string, to: string, at: Date): Promise<Row>;
  clash: { title: string; reason: string };
  notFound: string;
  /** Said before the date on which the period already ended. */
  ended: string;
}

type StandingCommon = {
  memberId: string;
  regionId: string;
  from: string;
  to: string | null;
  recordedBy: string;
  at: Date;
};

const exemption: StandingKind<ExemptionRow, ExemptionInput> = {
  audit: "exemption",
  ofMember: exemptionsOfMember,
  byId: exemptionById,
  insert: (db, common, input) =>
    insertExemption(db, {
      ...common,
      reason: text("reason", input.reason),
      decisionRef: text("decisionRef", input.decisionRef),
    }),
  setEnd: setExemptionEnd,
  clash: {
    title: "Đảng viên đã được miễn sinh hoạt trong thời gian này",
    reason: "trùng quyết định miễn sinh hoạt từ",
  },
  notFound: "Không tìm thấy quyết định miễn sinh hoạt",
  ended: "Quyết định miễn sinh hoạt đã kết thúc ngày",
};

const temporary: StandingKind<TemporaryRow, TemporaryInput> = {
  audit: "temporary",
  ofMember: temporariesOfMember,
  byId: temporaryById,
  insert: (db, common, input) =>
    insertTemporary(db, { ...common, homeOrganisation: text("homeOrganisation", input.homeOrganisation) }),
  setEnd: setTemporaryEnd,
  clash: {
    title: "Đảng viên đã được ghi sinh hoạt tạm thời trong thời gian này",
    reason: "trùng thời gian sinh hoạt tạm thời từ",
  },
  notFound: "Không tìm thấy đợt sinh hoạt tạm thời",
  ended: "Đợt sinh hoạt tạm thời đã kết thúc ngày",
};

/** A change of a member's standing, audited on the member. */
function auditStanding(
  tx: DbOrTx,
  p: Principal,
  m: { id: string; branchId: string },
  e: { at: Date; action: string; before?: StandingRow; after: StandingRow },
) {
  return recordAudit(tx, {
    ...e,
    actorUserId: p.userId,
    entity: "member",
    entityId: m.id,
    branchId: m.branchId,
  });
}

/** Records a period of either kind: one that overlaps another of the same member and kind is refused. */
async function recordStanding<Row extends StandingRow, Input>(
  deps: AppDeps,
  p: Principal,
  kind: StandingKind<Row, Input>,
  input: Input & { memberId: string; from: string; to?: string | null },
): Promise<Row> {
  const at = deps.clock.now();
  return deps.database.db.transaction(async (tx) => {
    const m = await memberToChange(tx, p, input.memberId);
    const period = { from: input.from, to: input.to ?? null };
    checkPeriod(period.from, period.to);
    const clash = (await kind.ofMember(tx, m.id)).find((e) => periodsOverlap(e, period));
    if (clash)
      throw conflict(kind.clash.title, [
        { field: "body.from", reason: `${kind.clash.reason} ${formatDate(clash.from)}` },
      ]);
    const common = { memberId: m.id, regionId: m.regionId, ...period, recordedBy: p.userId, at };
    const row = await kind.insert(tx, common, input);
    // The sheets of the member's meetings in the period count them by their new standing (the report sums them).
    await refreshSheetCounts(tx, { memberId: m.id, from: row.from, to: row.to });
    await auditStanding(tx, p, m, { at, action: `${kind.audit}_create`, after: row });
    return row;
  });
}

/** Ends a period of either kind on its last day (`to`); one already ended by then is refused. */
async function endStanding<Row extends StandingRow, Input>(
  deps: AppDeps,
  p: Principal,
  kind: StandingKind<Row, Input>,
  input: { id: string; to: string },
): Promise<Row> {
  const at = deps.clock.now();
  return deps.database.db.transaction(async (tx) => {
    const before = await kind.byId(tx, input.id);
    if (!before) throw notFound(kind.notFound);
    const m = await memberToChange(tx, p, before.memberId);
    if (before.to !== null && before.to <= input.to) throw conflict(`${kind.ended} ${formatDate(before.to)}`);
    checkPeriod(before.from, input.to);
    const row = await kind.setEnd(tx, before.id, input.to, at);
    // The meetings after the new end no longer count it: those of the old period are recounted.
    await refreshSheetCounts(tx, { memberId: m.id, from: before.from, to: before.to });
    await auditStanding(tx, p, m, { at, action: `${kind.audit}_end`, before, after: row });
    return row;
  });
}

/** The record and end flows of one kind, with the public signatures the routes and pages call. */
function flowsOf<
  Row extends StandingRow,
  Input extends { memberId: string; from: string; to?: string | null },
>(kind: StandingKind<Row, Input>) {
  return {
    record: (deps: AppDeps, p: Principal, input: Input): Promise<Row> => recordStanding(deps, p, kind, input),
    end: (deps: AppDeps, p: Principal, input: { id: string; to: string }): Promise<Row> =>
      endStanding(deps, p, kind, input),
  };
}

/** Exemptions: recorded from the committee's decision, ended on their last day (`to`) when it is lifted. */
export const { record: recordExemption, end: endExemption } = flowsOf(exemption);
/** Temporary attendance: recorded with the member's home organisation, ended on its last day. */
export const { record: recordTemporary, end: endTemporary } = flowsOf(temporary);

export interface BranchStandings {
  exemptions: ExemptionRow[];
  temporaries: TemporaryRow[];
  /** Today in the branch's zone, and who is exempted or temporary on it. */
  today: string;
  exemptToday: string[];
  temporaryToday: string[];
}

/** The standings of a branch's members, for its members page (secretary or above). */
export async function standingsOfBranch(
  deps: AppDeps,
  p: Principal,
  branchId: string,
): Promise<BranchStandings> {
  const { db } = deps.database;
  const b = await requireBranch(db, p, branchId, "secretary");
  const today = civilToday(deps.clock.now(), b.timezone);
  return standingsRead(db, branchId, today);
}

/** The standings on a date, read without a policy decision: for callers that made one (the roster). */
export async function standingsRead(db: DbOrTx, branchId: string, date: string): Promise<BranchStandings> {
  const exemptions = await exemptionsOfBranch(db, branchId);
  const temporaries = await temporariesOfBranch(db, branchId);
  return {
    exemptions,
    temporaries,
    today: date,
    exemptToday: exemptions.filter((e) => exemptOn(e, date)).map((e) => e.memberId),
    temporaryToday: temporaries.filter((t) => exemptOn(t, date)).map((t) => t.memberId),
  };
}
