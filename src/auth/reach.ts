/**
 * Who may see and change what. A resource outside the caller's reach is reported as not found, so that
 * its existence does not leak; a resource in sight but beyond the caller's rights is forbidden.
 *
 *   admin      everything
 *   officer    their committee and everything below it
 *   secretary  their branch: members, meetings, minutes
 *   member     their own record and their branch's schedule
 */
import { eq, sql } from "drizzle-orm";
import type { DbOrTx } from "../db/client.ts";
import { branches, committees, members } from "../db/schema.ts";
import { forbidden, notFound } from "../http/errors.ts";
import type { Principal } from "./principal.ts";

/** What a caller may do with a branch: "committee" manages it, "secretary" runs it, "member" reads it. */
export type BranchLevel = "committee" | "secretary" | "member";
const RANK: Record<BranchLevel, number> = { member: 1, secretary: 2, committee: 3 };

export interface BranchInReach {
  id: string;
  committeeId: string;
  name: string;
  timezone: string;
  level: BranchLevel;
}

export async function branchLevel(db: DbOrTx, p: Principal, branchId: string): Promise<BranchInReach | null> {
  const [row] = await db
    .select({
      id: branches.id,
      committeeId: branches.committeeId,
      name: branches.name,
      timezone: branches.timezone,
      ancestors: committees.ancestorIds,
    })
    .from(branches)
    .innerJoin(committees, eq(committees.id, branches.committeeId))
    .where(eq(branches.id, branchId));
  if (!row) return null;
  const { ancestors, ...branch } = row;
  if (p.role === "admin") return { ...branch, level: "committee" };
  if (p.role === "officer" && p.committeeId && ancestors.includes(p.committeeId)) {
    return { ...branch, level: "committee" };
  }
  if (p.branchId === branchId) return { ...branch, level: p.role === "secretary" ? "secretary" : "member" };
  return null;
}

/** The branch if the caller reaches it at `need` or above; 404 when out of reach, 403 when only short of rights. */
export async function requireBranch(
  db: DbOrTx,
  p: Principal,
  branchId: string,
  need: BranchLevel,
): Promise<BranchInReach> {
  const b = await branchLevel(db, p, branchId);
  if (!b) throw notFound("Không tìm thấy chi bộ");
  if (RANK[b.level] < RANK[need]) throw forbidden();
  return b;
}

export interface CommitteeInReach {
  id: string;
  parentId: string | null;
  name: string;
  ancestorIds: string[];
}

/** Committees are seen and managed by admins and by officers within their subtree; secretaries and
 * members reach branches, not committees (the committee's name travels with their plans and reports). */
export async function committeeLevel(
  db: DbOrTx,
  p: Principal,
  committeeId: string,
): Promise<(CommitteeInReach & { manage: boolean }) | null> {
  const [row] = await db
    .select({
      id: committees.id,
      parentId: committees.parentId,
      name: committees.name,
      ancestorIds: committees.ancestorIds,
    })
    .from(committees)
    .where(eq(committees.id, committeeId));
  if (!row) return null;
  if (p.role === "admin") return { ...row, manage: true };
  if (p.role === "officer" && p.committeeId && row.ancestorIds.includes(p.committeeId)) {
    return { ...row, manage: true };
  }
  return null;
}

export async function requireCommittee(
  db: DbOrTx,
  p: Principal,
  committeeId: string,
  need: "read" | "manage",
): Promise<CommitteeInReach> {
  const c = await committeeLevel(db, p, committeeId);
  if (!c) throw notFound("Không tìm thấy cấp ủy");
  if (need === "manage" && !c.manage) throw forbidden();
  return c;
}

/** A member record: committee and secretary reach manage it; a member reads only their own. */
export async function requireMember(
  db: DbOrTx,
  p: Principal,
  memberId: string,
  need: "read" | "write",
): Promise<{ id: string; branchId: string; level: BranchLevel | "self" }> {
  const [m] = await db
    .select({ id: members.id, branchId: members.branchId })
    .from(members)
    .where(eq(members.id, memberId));
  if (!m) throw notFound("Không tìm thấy đảng viên");
  if (p.memberId === memberId && p.role === "member") {
    if (need === "write") throw forbidden();
    return { ...m, level: "self" };
  }
  const b = await branchLevel(db, p, m.branchId);
  if (!b || b.level === "member") throw notFound("Không tìm thấy đảng viên");
  return { ...m, level: b.level };
}

/** SQL condition: the committee with id column `col` lies within the caller's reach. */
export function committeeReachSql(p: Principal) {
  if (p.role === "admin") return sql`true`;
  if (p.role === "officer" && p.committeeId)
    return sql`${p.committeeId}::uuid = any(${committees.ancestorIds})`;
  return sql`false`;
}
