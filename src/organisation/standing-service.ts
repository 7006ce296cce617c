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

export async function recordExemption(deps: AppDeps, p: Principal, input: ExemptionInput) {
  const at = deps.clock.now();
  return deps.database.db.transaction(async (tx) => {
    const m = await memberToChange(tx, p, input.memberId);
    const period = { from: input.from, to: input.to ?? null };
    checkPeriod(period.from, period.to);
    const clash = (await exemptionsOfMember(tx, m.id)).find((e) => periodsOverlap(e, period));
    if (clash)
      throw conflict("Đảng viên đã được miễn sinh hoạt trong thời gian này", [
        { field: "body.from", reason: `trùng quyết định miễn sinh hoạt từ ${formatDate(clash.from)}` },
      ]);
    const row = await insertExemption(tx, {
      memberId: m.id,
      regionId: m.regionId,
      reason: text("reason", input.reason),
      decisionRef: text("decisionRef", input.decisionRef),
      ...period,
      recordedBy: p.userId,
      at,
    });
    // The sheets of the meetings in the period count the member as exempted from now on.
    await refreshSheetCounts(tx, { memberId: m.id, from: row.from, to: row.to });
    await recordAudit(tx, {
      at,
      actorUserId: p.userId,
      entity: "member",
      entityId: m.id,
      branchId: m.branchId,
      action: "exemption_create",
      after: row,
    });
    return row;
  });
}

/** Ends an exemption on its last day (`to`), e.g. when the committee lifts it. */
export async function endExemption(deps: AppDeps, p: Principal, input: { id: string; to: string }) {
  const at = deps.clock.now();
  return deps.database.db.transaction(async (tx) => {
    const before = await exemptionById(tx, input.id);
    if (!before) throw notFound("Không tìm thấy quyết định miễn sinh hoạt");
    const m = await memberToChange(tx, p, before.memberId);
    if (before.to !== null && before.to <= input.to)
      throw conflict(`Quyết định miễn sinh hoạt đã kết thúc ngày ${formatDate(before.to)}`);
    checkPeriod(before.from, input.to);
    const row = await setExemptionEnd(tx, before.id, input.to, at);
    // The meetings after the new end no longer count the member as exempted: those of the old period.
    await refreshSheetCounts(tx, { memberId: m.id, from: before.from, to: before.to });
    await recordAudit(tx, {
      at,
      actorUserId: p.userId,
      entity: "member",
      entityId: m.id,
      branchId: m.branchId,
      action: "exemption_end",
      before,
      after: row,
    });
    return row;
  });
}

export async function recordTemporary(deps: AppDeps, p: Principal, input: TemporaryInput) {
  const at = deps.clock.now();
  return deps.database.db.transaction(async (tx) => {
    const m = await memberToChange(tx, p, input.memberId);
    const period = { from: input.from, to: input.to ?? null };
    checkPeriod(period.from, period.to);
    const clash = (await temporariesOfMember(tx, m.id)).find((e) => periodsOverlap(e, period));
    if (clash)
      throw conflict("Đảng viên đã được ghi sinh hoạt tạm thời trong thời gian này", [
        { field: "body.from", reason: `trùng thời gian sinh hoạt tạm thời từ ${formatDate(clash.from)}` },
      ]);
    const row = await insertTemporary(tx, {
      memberId: m.id,
      regionId: m.regionId,
      homeOrganisation: text("homeOrganisation", input.homeOrganisation),
      ...period,
      recordedBy: p.userId,
      at,
    });
    await refreshSheetCounts(tx, { memberId: m.id, from: row.from, to: row.to });
    await recordAudit(tx, {
      at,
      actorUserId: p.userId,
      entity: "member",
      entityId: m.id,
      branchId: m.branchId,
      action: "temporary_create",
      after: row,
    });
    return row;
  });
}

export async function endTemporary(deps: AppDeps, p: Principal, input: { id: string; to: string }) {
  const at = deps.clock.now();
  return deps.database.db.transaction(async (tx) => {
    const before = await temporaryById(tx, input.id);
    if (!before) throw notFound("Không tìm thấy đợt sinh hoạt tạm thời");
    const m = await memberToChange(tx, p, before.memberId);
    if (before.to !== null && before.to <= input.to)
      throw conflict(`Đợt sinh hoạt tạm thời đã kết thúc ngày ${formatDate(before.to)}`);
    checkPeriod(before.from, input.to);
    const row = await setTemporaryEnd(tx, before.id, input.to, at);
    await refreshSheetCounts(tx, { memberId: m.id, from: before.from, to: before.to });
    await recordAudit(tx, {
      at,
      actorUserId: p.userId,
      entity: "member",
      entityId: m.id,
      branchId: m.branchId,
      action: "temporary_end",
      before,
      after: row,
    });
    return row;
  });
}

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
