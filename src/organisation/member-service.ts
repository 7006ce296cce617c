/**
 * Members (đảng viên) and guests of a branch. Entry points take the caller and check reach first:
 * committee and secretary reach manage a branch's members; a member reads only their own record.
 */
import { branchLevel, requireBranch, requireMember } from "../auth/policy.ts";
import type { Principal } from "../auth/principal.ts";
import { civilToday } from "../domain/civil-date.ts";
import { joinedOnProblem } from "../domain/member-dates.ts";
import { personNameProblem } from "../domain/person-name.ts";
import { parseVnMobile } from "../domain/vn-phone.ts";
import { conflict, forbidden, invalid, notFound } from "../http/errors.ts";
import type { AppDeps } from "../http/types.ts";
import { refreshSheetCounts } from "../minutes/sheet-counts-queries.ts";
import type { MemberRole, MemberStatus } from "./member-csv-values.ts";
import { nfc } from "./normalise.ts";
import {
  insertMembers,
  type MemberValues,
  memberById,
  membersOfBranch,
  updateMemberRow,
} from "./organisation-queries.ts";

export interface MemberFields {
  fullName: string;
  email?: string | null;
  phone?: string | null;
  role?: MemberRole;
  status?: MemberStatus;
  joinedOn?: string | null;
}

/** A name the CSV import would refuse is refused here too, with the import's reason (one rule). */
function checkedName(fullName: string): string {
  const name = nfc(fullName);
  const reason = personNameProblem(name);
  if (reason) throw invalid("body.fullName", reason);
  return name;
}

/** A mobile number Zalo can reach, kept in one form (src/domain/vn-phone.ts; the CSV import's rule too). */
function checkedPhone(phone: string): string {
  const parsed = parseVnMobile(phone);
  if (!parsed.ok) throw invalid("body.phone", parsed.reason);
  return parsed.value;
}

function memberValues(input: Partial<MemberFields>): MemberValues {
  return {
    ...(input.fullName !== undefined ? { fullName: checkedName(input.fullName) } : {}),
    ...(input.email !== undefined ? { email: input.email ? input.email.trim().toLowerCase() : null } : {}),
    ...(input.phone !== undefined ? { phone: input.phone ? checkedPhone(input.phone) : null } : {}),
    ...(input.role !== undefined ? { role: input.role } : {}),
    ...(input.status !== undefined ? { status: input.status } : {}),
    ...(input.joinedOn !== undefined ? { joinedOn: input.joinedOn } : {}),
  };
}

function checkJoinedOn(joinedOn: string | null | undefined, today: string) {
  const reason = joinedOn ? joinedOnProblem(joinedOn, today) : null;
  if (reason) throw invalid("body.joinedOn", reason);
}

/** Postgres unique violation on the active-email index → 409 naming the field. */
function duplicateEmail(err: unknown): never {
  const e = err as { code?: string; constraint?: string; cause?: { code?: string; constraint?: string } };
  const pgErr = e.cause ?? e;
  if (pgErr.code === "23505" && pgErr.constraint === "members_branch_email_active_uq") {
    throw conflict("Email đã có trong danh sách chi bộ", [
      { field: "body.email", reason: "đã được dùng trong chi bộ" },
    ]);
  }
  throw err;
}

export async function addMember(deps: AppDeps, p: Principal, input: MemberFields & { branchId: string }) {
  const { db } = deps.database;
  const branch = await requireBranch(db, p, input.branchId, "secretary");
  checkJoinedOn(input.joinedOn, civilToday(deps.clock.now(), branch.timezone));
  const values = memberValues(input);
  try {
    const [row] = await insertMembers(db, [
      { ...values, branchId: input.branchId, regionId: branch.regionId, fullName: values.fullName! },
    ]);
    return row!;
  } catch (err) {
    duplicateEmail(err);
  }
}

export async function listMembers(
  deps: AppDeps,
  p: Principal,
  input: { branchId: string; includeLeft: boolean },
) {
  const { db } = deps.database;
  await requireBranch(db, p, input.branchId, "secretary");
  return membersOfBranch(db, input.branchId, input.includeLeft);
}

export async function readMember(deps: AppDeps, p: Principal, input: { id: string }) {
  const { db } = deps.database;
  await requireMember(db, p, input.id, "read");
  const row = await memberById(db, input.id);
  if (!row) throw notFound("Không tìm thấy đảng viên");
  return row;
}

export async function updateMember(
  deps: AppDeps,
  p: Principal,
  input: Partial<MemberFields> & { id: string },
) {
  const { db } = deps.database;
  const reach = await requireMember(db, p, input.id, "write");
  if (input.joinedOn) {
    const zone = (await branchLevel(db, p, reach.branchId))?.timezone;
    checkJoinedOn(input.joinedOn, civilToday(deps.clock.now(), zone));
  }
  const { id, ...fields } = input;
  const values = memberValues(fields);
  try {
    return await db.transaction(async (tx) => {
      const row = await updateMemberRow(tx, id, values);
      // The sheets count members by status and leave the invited out: those of the member's meetings follow.
      if (values.status !== undefined || values.role !== undefined)
        await refreshSheetCounts(tx, { memberId: id, from: null, to: null });
      return row;
    });
  } catch (err) {
    duplicateEmail(err);
  }
}

/** A member who leaves is marked, never deleted: the history that refers to them stays whole. */
export async function markLeft(deps: AppDeps, p: Principal, input: { id: string; leftOn: string }) {
  const { db } = deps.database;
  const m = await requireMember(db, p, input.id, "write");
  if (m.level === "self") throw forbidden();
  const current = await memberById(db, input.id);
  if (!current) throw notFound("Không tìm thấy đảng viên");
  if (current.leftOn) throw conflict("Đảng viên này đã được ghi nhận chuyển đi");
  if (current.joinedOn && input.leftOn < current.joinedOn)
    throw invalid("body.leftOn", "trước ngày vào Đảng/ngày tham gia");
  return updateMemberRow(db, input.id, { leftOn: input.leftOn });
}
