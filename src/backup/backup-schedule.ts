/**
 * Scheduled backups (BACKUP_EVERY_HOURS, BACKUP_KEEP): every instance ticks, the first to claim the due
 * run in PostgreSQL takes it (src/backup/backup-queries.ts), writes DATA_DIR/backups/chibo-<time>.backup.gz
 * atomically, keeps the newest BACKUP_KEEP, records the outcome in `backup_runs`, and mails the admins when
 * it fails.
 */
import path from "node:path";
import type { Clock } from "../clock.ts";
import type { Config } from "../config.ts";
import type { Database } from "../db/client.ts";
import { HOME_ZONE } from "../domain/civil-date.ts";
import { formatInstant } from "../domain/vi-format.ts";
import type { MailTransport } from "../reminders/mail-transport.ts";
import { backupName, pruneBackups, writeBackupFile } from "./backup-file.ts";
import { adminEmails, claimBackupRun, finishBackupRun } from "./backup-queries.ts";

export function backupDir(config: Pick<Config, "dataDir">): string {
  return path.join(config.dataDir, "backups");
}

export interface BackupWorkerDeps {
  database: Database;
  config: Pick<Config, "dataDir" | "backupEveryHours" | "backupKeep" | "mailFrom" | "publicUrl">;
  clock: Clock;
  transport: MailTransport | null;
  onError?: (err: unknown) => void;
}

export type TickResult =
  | { kind: "not-due" }
  | { kind: "ok"; file: string; sizeBytes: number; removed: string[] }
  | { kind: "failed"; error: string };

/** One tick: takes the backup if it is due and no other instance took it. */
export async function backupTick(deps: BackupWorkerDeps): Promise<TickResult> {
  const { database, config, clock } = deps;
  const startedAt = clock.now();
  const id = await claimBackupRun(database.db, startedAt, config.backupEveryHours);
  if (!id) return { kind: "not-due" };
  const dir = backupDir(config);
  try {
    const r = await writeBackupFile(database.pool, path.join(dir, backupName(startedAt)), () => clock.now());
    await finishBackupRun(database.db, id, {
      finishedAt: clock.now(),
      ok: true,
      file: path.basename(r.file),
      sizeBytes: r.sizeBytes,
      tookMs: r.trailer.tookMs,
    });
    const removed = await pruneBackups(dir, config.backupKeep);
    return { kind: "ok", file: r.file, sizeBytes: r.sizeBytes, removed };
  } catch (err) {
    const error = err instanceof Error ? err.message : String(err);
    await finishBackupRun(database.db, id, { finishedAt: clock.now(), ok: false, error });
    await mailFailure(deps, startedAt, error).catch((e) => deps.onError?.(e));
    return { kind: "failed", error };
  }
}

async function mailFailure(deps: BackupWorkerDeps, at: Date, error: string): Promise<void> {
  if (!deps.transport) return;
  const to = await adminEmails(deps.database.db);
  if (!to.length) return;
  const when = formatInstant(at, HOME_ZONE);
  await deps.transport.send({
    from: deps.config.mailFrom,
    to,
    subject: `[chibo] Sao lưu dữ liệu KHÔNG thành công lúc ${when}`,
    text:
      `Bản sao lưu theo lịch lúc ${when} không thành công.\n\nLý do: ${error}\n\n` +
      `Thư mục sao lưu: ${backupDir(deps.config)}\n` +
      `Xem tình trạng: ${deps.config.publicUrl}/quan-tri/sao-luu\n` +
      "Có thể sao lưu tay: npm run cli -- backup --out <tệp>\n",
  });
}

/** Ticks every `everyMs` (and soon after start); a tick never overlaps the previous one. */
export function startBackupWorker(deps: BackupWorkerDeps, everyMs = 5 * 60_000) {
  let running: Promise<unknown> | null = null;
  let stopped = false;
  const tick = () => {
    if (running || stopped) return;
    running = backupTick(deps)
      .catch((err) => deps.onError?.(err))
      .finally(() => {
        running = null;
      });
  };
  const first = setTimeout(tick, 30_000);
  const timer = setInterval(tick, everyMs);
  first.unref();
  timer.unref();
  return {
    async stop() {
      stopped = true;
      clearTimeout(first);
      clearInterval(timer);
      await running;
    },
  };
}
