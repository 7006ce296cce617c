import { bigint, boolean, index, integer, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";

/**
 * Scheduled backups (src/backup/backup-schedule.ts): one row per backup an instance took on, written
 * before it starts (the claim, under an advisory lock, so that one instance takes a given backup) and
 * completed when it ends. The admin page reads the last one from here, not from any instance's memory.
 */
export const backupRuns = pgTable(
  "backup_runs",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    startedAt: timestamp("started_at", { withTimezone: true }).notNull(),
    finishedAt: timestamp("finished_at", { withTimezone: true }),
    /** null while running (or if the instance died meanwhile). */
    ok: boolean("ok"),
    /** The file's name under DATA_DIR/backups. */
    file: text("file"),
    sizeBytes: bigint("size_bytes", { mode: "number" }),
    tookMs: integer("took_ms"),
    error: text("error"),
  },
  (t) => [index("backup_runs_started_idx").on(t.startedAt)],
);
