/**
 * Who may create and manage which account: the accounts' half of the policy module (`policy.ts`, which
 * re-exports these). Each decision marks the caller as checked, like every decision of the policy.
 */
import { eq } from "drizzle-orm";
import type { DbOrTx } from "../db/client.ts";
import { members } from "../db/schema.ts";
import { forbidden, notFound } from "../http/errors.ts";
import { branchLevel, committeeLevel, mark } from "./policy.ts";
import type { Principal } from "./principal.ts";

/**
 * Who may create which account: admins any; officers any but an admin, for committees, branches and
 * members within their reach; secretaries only member accounts for their own branch's members.
 */
export async function requireUserCreation(
  db: DbOrTx,
  p: Principal,
  input: {
    role: Principal["role"];
    committeeId?: string | null;
    branchId?: string | null;
    memberId?: string | null;
  },
): Promise<void> {
  mark(p);
  if (p.role === "admin") return;
  if (p.role === "officer") {
    if (input.role === "admin") throw forbidden();
    if (input.committeeId && !(await committeeLevel(db, p, input.committeeId)))
      throw notFound("Không tìm thấy cấp ủy");
    if (input.branchId && !(await branchLevel(db, p, input.branchId)))
      throw notFound("Không tìm thấy chi bộ");
    if (input.memberId) await memberInBranchReach(db, p, input.memberId);
    return;
  }
  if (p.role === "secretary") {
    if (input.role !== "member" || !input.memberId)
      throw forbidden("Bí thư chi bộ chỉ tạo tài khoản cho đảng viên");
    await memberInBranchReach(db, p, input.memberId);
    return;
  }
  throw forbidden();
}

/** A member record the caller manages through its branch (secretary or committee level). */
async function memberInBranchReach(db: DbOrTx, p: Principal, memberId: string): Promise<void> {
  const [m] = await db.select({ branchId: members.branchId }).from(members).where(eq(members.id, memberId));
  const level = m ? await branchLevel(db, p, m.branchId) : null;
  if (!level || level.level === "member") throw notFound("Không tìm thấy đảng viên");
}

/** An existing account the caller manages: the rule that lets them create such an account
 * (`requireUserCreation`), applied to the account as it is. */
export async function requireAccount(
  db: DbOrTx,
  p: Principal,
  account: {
    role: Principal["role"];
    committeeId: string | null;
    branchId: string | null;
    memberId: string | null;
  },
): Promise<void> {
  await requireUserCreation(db, p, account);
}

/** The roles of the accounts a caller may create from the pages (members get theirs from the roll). */
export function creatableRoles(p: Principal): Principal["role"][] {
  mark(p);
  if (p.role === "admin") return ["officer", "secretary", "admin"];
  if (p.role === "officer") return ["officer", "secretary"];
  return [];
}

/** Whether the organisation page offers a committee with no parent: `createCommittee`'s rule (admins).
 * Not a reach decision: the service decides again. */
export function mayCreateTopCommittee(p: Principal): boolean {
  return p.role === "admin";
}
