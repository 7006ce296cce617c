/** The record of scheduled backups (`backup_runs`) and who hears of a failure. */
import { desc, eq, sql } from "drizzle-orm";
import type { Db, DbOrTx } from "../db/client.ts";
import { backupRuns, users } from "../db/schema.ts";

export type BackupRun = typeof backupRuns.$inferSelect;

/**
 * Claims the backup due at `now`: under a transaction-scoped advisory lock, so that of several instances
 * ticking at once one inserts the run and the others see it. Null when the last run is recent enough.
 */
export async function claimBackupRun(db: Db, now: Date, everyHours: number): Promise<string | null> {
  return db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext('chibo:backup'))`);
    const [last] = await tx
      .select({ startedAt: backupRuns.startedAt })
      .from(backupRuns)
      .orderBy(desc(backupRuns.startedAt))
      .limit(1);
    if (last && now.getTime() - last.startedAt.getTime() < everyHours * 3_600_000) return null;
    const [row] = await tx.insert(backupRuns).values({ startedAt: now }).returning({ id: backupRuns.id });
    return row!.id;
  });
}

export async function finishBackupRun(
  db: DbOrTx,
  id: string,
  r: { finishedAt: Date; ok: boolean; file?: string; sizeBytes?: number; tookMs?: number; error?: string },
): Promise<void> {
  await db.update(backupRuns).set(r).where(eq(backupRuns.id, id));
}

/** The newest runs, newest first. */
export function recentBackupRuns(db: DbOrTx, limit: number): Promise<BackupRun[]> {
  return db.select().from(backupRuns).orderBy(desc(backupRuns.startedAt)).limit(limit);
}

export async function adminEmails(db: DbOrTx): Promise<string[]> {
  const rows = await db.select({ email: users.email }).from(users).where(eq(users.role, "admin"));
  return rows.map((r) => r.email);
}
