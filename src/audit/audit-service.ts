/** Reading the audit trail: committee officers (and admins), within their reach. */
import { sql } from "drizzle-orm";
import { auditReachSql, requireBranch } from "../auth/policy.ts";
import type { Principal } from "../auth/principal.ts";
import type { AppDeps } from "../http/types.ts";
import { auditEntries } from "./audit-queries.ts";

export interface AuditTrailInput {
  branchId?: string;
  entity?: string;
  entityId?: string;
  before?: number;
  limit?: number;
}

/** One branch's trail (its committee reach), or every entry the caller reaches. Newest first. */
export async function auditTrail(deps: AppDeps, p: Principal, input: AuditTrailInput) {
  const { db } = deps.database;
  if (input.branchId) await requireBranch(db, p, input.branchId, "committee");
  // Committee reach over a branch covers its whole trail; without a branch, the trail is cut to the caller's reach.
  const inReach = input.branchId ? sql`true` : auditReachSql(p);
  const rows = await auditEntries(db, { ...input, inReach, limit: input.limit ?? 100 });
  return rows.map((r) => ({ ...r, at: r.at.toISOString() }));
}
