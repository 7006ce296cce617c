/** Reads of the audit trail: no caller, no rules. */
import { and, desc, eq, lt, type SQL } from "drizzle-orm";
import type { DbOrTx } from "../db/client.ts";
import { auditLog, branches, users } from "../db/schema.ts";

export interface AuditPage {
  /** The caller's reach over `audit_log`, as policy.ts builds it. */
  inReach: SQL;
  branchId?: string;
  entity?: string;
  entityId?: string;
  /** Entries older than this id (the previous page's last). */
  before?: number;
  limit: number;
}

/** Audit entries newest first, with the actor's and the branch's names. */
export async function auditEntries(db: DbOrTx, q: AuditPage) {
  const where: SQL[] = [q.inReach];
  if (q.branchId) where.push(eq(auditLog.branchId, q.branchId));
  if (q.entity) where.push(eq(auditLog.entity, q.entity));
  if (q.entityId) where.push(eq(auditLog.entityId, q.entityId));
  if (q.before) where.push(lt(auditLog.id, q.before));
  return db
    .select({
      id: auditLog.id,
      at: auditLog.at,
      actorUserId: auditLog.actorUserId,
      actor: users.displayName,
      entity: auditLog.entity,
      entityId: auditLog.entityId,
      branchId: auditLog.branchId,
      branchName: branches.name,
      action: auditLog.action,
      before: auditLog.before,
      after: auditLog.after,
    })
    .from(auditLog)
    .leftJoin(users, eq(users.id, auditLog.actorUserId))
    .leftJoin(branches, eq(branches.id, auditLog.branchId))
    .where(and(...where))
    .orderBy(desc(auditLog.id))
    .limit(q.limit);
}
