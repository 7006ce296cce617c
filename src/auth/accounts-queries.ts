/**
 * Reads and writes of accounts for the people who manage them (issue 18): no caller, no rules. The list
 * takes the caller's reach as the condition `policy.ts` builds (`accountReachSql`).
 */
import { and, asc, eq, isNull, type SQL, sql } from "drizzle-orm";
import type { DbOrTx } from "../db/client.ts";
import { branches, committees, members, passwordResets, sessions, users } from "../db/schema.ts";

const accountColumns = {
  id: users.id,
  email: users.email,
  displayName: users.displayName,
  role: users.role,
  committeeId: users.committeeId,
  branchId: users.branchId,
  memberId: users.memberId,
  disabled: users.disabled,
};

/** The branch an account belongs to: a secretary's own, a member's through the member record. */
const accountBranch = sql<
  string | null
>`coalesce(${users.branchId}, (select ${members.branchId} from ${members} where ${members.id} = ${users.memberId}))`;

/** The accounts the reach condition admits, with the name of their committee or branch, by email. */
export async function accountsInReach(db: DbOrTx, reach: SQL) {
  return db
    .select({
      ...accountColumns,
      unitName: sql<
        string | null
      >`coalesce((select ${committees.name} from ${committees} where ${committees.id} = ${users.committeeId}), (select ${branches.name} from ${branches} where ${branches.id} = ${accountBranch}))`,
    })
    .from(users)
    .where(reach)
    .orderBy(asc(users.email));
}

export type AccountRow = typeof users.$inferSelect;

/** One account with the branch it belongs to (for the audit trail), or null. */
export async function accountById(db: DbOrTx, id: string) {
  const [row] = await db
    .select({ ...accountColumns, unitBranchId: accountBranch })
    .from(users)
    .where(eq(users.id, id));
  return row ?? null;
}

/** Locks or unlocks an account; a locked one loses its open sessions and its unused links. */
export async function setAccountDisabledRow(db: DbOrTx, id: string, disabled: boolean, now: Date) {
  await db.update(users).set({ disabled, updatedAt: now }).where(eq(users.id, id));
  if (!disabled) return;
  await db
    .update(sessions)
    .set({ revokedAt: now })
    .where(and(eq(sessions.userId, id), isNull(sessions.revokedAt)));
  await voidPasswordLinks(db, id, now);
}

/** Ends the account's unused set-password links: only the newest works. */
export async function voidPasswordLinks(db: DbOrTx, userId: string, now: Date) {
  await db
    .update(passwordResets)
    .set({ usedAt: now })
    .where(and(eq(passwordResets.userId, userId), isNull(passwordResets.usedAt)));
}

/** A set-password link, kept only as its token's hash; older unused links of the account stop working. */
export async function insertPasswordLink(
  db: DbOrTx,
  row: { userId: string; tokenHash: string; createdAt: Date; expiresAt: Date },
) {
  await voidPasswordLinks(db, row.userId, row.createdAt);
  await db.insert(passwordResets).values(row);
}
