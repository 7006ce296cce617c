/**
 * The reach conditions of lists, as SQL over the listed table: the half of the policy module (`policy.ts`,
 * which re-exports these) that filters many rows in one query instead of deciding on one. Each marks the
 * caller as checked, like every decision of the policy.
 */
import { inArray, isNull, sql } from "drizzle-orm";
import { auditLog, branches, campaigns, committees, members, users } from "../db/schema.ts";
import { mark, requireCommitteeRole } from "./policy.ts";
import type { Principal } from "./principal.ts";

/** SQL condition for lists: the committee row (of `committees`) lies within the caller's reach. */
export function committeeReachSql(p: Principal) {
  mark(p);
  if (p.role === "admin") return sql`true`;
  if (p.role === "officer" && p.committeeId)
    return sql`${p.committeeId}::uuid = any(${committees.ancestorIds})`;
  return sql`false`;
}

/** SQL condition for branch lists (over `branches` joined to `committees`): the branches the caller reaches. */
export function branchReachSql(p: Principal) {
  mark(p);
  if (p.role === "admin" || p.role === "officer") return committeeReachSql(p);
  return p.branchId ? sql`${branches.id} = ${p.branchId}::uuid` : sql`false`;
}

/** SQL condition for campaign lists: templates, the caller's subtree, and the committees above them. */
export function campaignReachSql(p: Principal, ancestors: string[]) {
  mark(p);
  if (p.role === "admin") return sql`true`;
  const below =
    p.role === "officer" && p.committeeId
      ? sql`${p.committeeId}::uuid = any(${committees.ancestorIds})`
      : sql`false`;
  const above = ancestors.length ? inArray(campaigns.committeeId, ancestors) : sql`false`;
  return sql`(${isNull(campaigns.committeeId)} or ${below} or ${above})`;
}

/**
 * SQL condition over `audit_log` for the committee-wide trail: an admin reads every entry, including those
 * with no branch (committee-wide changes); an officer reads the entries of the branches in their reach.
 * Anyone else: 403.
 */
export function auditReachSql(p: Principal) {
  requireCommitteeRole(p);
  if (p.role === "admin") return sql`true`;
  return sql`${auditLog.branchId} in (select ${branches.id} from ${branches} join ${committees} on ${committees.id} = ${branches.committeeId} where ${committeeReachSql(p)})`;
}

/** SQL condition over `users` for the accounts a caller manages: an admin all; an officer those of the
 * committees and branches in their subtree (a member's account through its member record); a secretary
 * the member accounts of their branch. Anyone else: none. */
export function accountReachSql(p: Principal) {
  mark(p);
  if (p.role === "admin") return sql`true`;
  const ownBranch = sql`coalesce(${users.branchId}, (select ${members.branchId} from ${members} where ${members.id} = ${users.memberId}))`;
  if (p.role === "officer" && p.committeeId) {
    const inSubtree = sql`${p.committeeId}::uuid = any(${committees.ancestorIds})`;
    return sql`${users.role} <> 'admin' and (${users.committeeId} in (select ${committees.id} from ${committees} where ${inSubtree}) or ${ownBranch} in (select ${branches.id} from ${branches} join ${committees} on ${committees.id} = ${branches.committeeId} where ${inSubtree}))`;
  }
  if (p.role === "secretary" && p.branchId)
    return sql`${users.role} = 'member' and ${ownBranch} = ${p.branchId}::uuid`;
  return sql`false`;
}
