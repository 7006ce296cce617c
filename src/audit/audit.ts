/** The append-only audit trail: who changed which meeting, attendance or minutes, when, from what to what.
 * Written in the same transaction as the change it records. */
import type { DbOrTx } from "../db/client.ts";
import { auditLog } from "../db/schema.ts";

export type AuditEntity =
  | "meeting"
  | "attendance"
  | "minutes"
  | "member"
  | "branch"
  | "campaign"
  | "topic"
  | "topic_schedule"
  | "account"
  | "committee";

export interface AuditEntry {
  at: Date;
  actorUserId: string | null;
  entity: AuditEntity;
  entityId: string;
  branchId: string | null;
  action: string;
  before?: unknown;
  after?: unknown;
}

export async function recordAudit(db: DbOrTx, entries: AuditEntry | AuditEntry[]): Promise<void> {
  const list = Array.isArray(entries) ? entries : [entries];
  if (list.length === 0) return;
  await db.insert(auditLog).values(
    list.map((e) => ({
      at: e.at,
      actorUserId: e.actorUserId,
      entity: e.entity,
      entityId: e.entityId,
      branchId: e.branchId,
      action: e.action,
      before: e.before ?? null,
      after: e.after ?? null,
    })),
  );
}
