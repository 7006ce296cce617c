/** What the admins see of the backups: the schedule and the recent runs, from PostgreSQL. */
import { requireAdmin } from "../auth/policy.ts";
import type { Principal } from "../auth/principal.ts";
import type { AppDeps } from "../http/types.ts";
import { type BackupRun, recentBackupRuns } from "./backup-queries.ts";

export type { BackupRun } from "./backup-queries.ts";

import { backupDir } from "./backup-schedule.ts";

export interface BackupStatus {
  everyHours: number;
  keep: number;
  dir: string;
  /** Newest first. */
  runs: BackupRun[];
  /** The newest run that succeeded, if it is not among `runs`' first. */
  lastOk: BackupRun | null;
}

export async function backupStatus(deps: AppDeps, p: Principal): Promise<BackupStatus> {
  requireAdmin(p, "Chỉ quản trị viên xem được tình trạng sao lưu.");
  const runs = await recentBackupRuns(deps.database.db, 10);
  return {
    everyHours: deps.config.backupEveryHours,
    keep: deps.config.backupKeep,
    dir: backupDir(deps.config),
    runs,
    lastOk: runs.find((r) => r.ok === true) ?? null,
  };
}
