/**
 * Backup files on disk: written under a temporary name, flushed to the disk and only then renamed, so that
 * a file with a backup's name is always a whole backup (a crash leaves a `.partial` file, never listed).
 */
import { randomBytes } from "node:crypto";
import { createWriteStream } from "node:fs";
import { mkdir, open, readdir, rename, rm, stat } from "node:fs/promises";
import path from "node:path";
import type pg from "pg";
import { type BackupResult, dumpDatabase } from "./backup-dump.ts";

/** Scheduled backups are named by their start, so that names sort by time. */
export const BACKUP_NAME = /^chibo-\d{8}-\d{6}Z\.backup\.gz$/;

export function backupName(at: Date): string {
  const s = at.toISOString().replace(/[-:]/g, "").replace("T", "-").slice(0, 15);
  return `chibo-${s}Z.backup.gz`;
}

export interface WrittenBackup extends BackupResult {
  file: string;
  sizeBytes: number;
}

export async function writeBackupFile(
  pool: pg.Pool,
  target: string,
  now: () => Date,
): Promise<WrittenBackup> {
  const dir = path.dirname(path.resolve(target));
  await mkdir(dir, { recursive: true });
  const tmp = path.join(dir, `.${path.basename(target)}.${randomBytes(4).toString("hex")}.partial`);
  try {
    // `flush`: the file's data reach the disk before it is closed, so the rename never names a hole.
    const result = await dumpDatabase(pool, createWriteStream(tmp, { flags: "wx", flush: true }), now);
    await rename(tmp, target);
    await syncDir(dir);
    return { ...result, file: target, sizeBytes: (await stat(target)).size };
  } catch (err) {
    await rm(tmp, { force: true });
    throw err;
  }
}

/** The rename itself is on the disk only once the folder is. */
async function syncDir(dir: string): Promise<void> {
  const fh = await open(dir, "r");
  try {
    await fh.sync();
  } finally {
    await fh.close();
  }
}

const PARTIAL = /^\.chibo-.*\.partial$/;

/** Keeps the newest `keep` scheduled backups of `dir` and removes the temporary files a crash left behind
 * (a day old: none is still being written); other files are left alone. Returns those removed. */
export async function pruneBackups(dir: string, keep: number, now = new Date()): Promise<string[]> {
  const all = await readdir(dir);
  const names = all.filter((n) => BACKUP_NAME.test(n)).sort();
  const old = names.slice(0, Math.max(0, names.length - keep));
  for (const n of all.filter((n) => PARTIAL.test(n))) {
    const st = await stat(path.join(dir, n)).catch(() => null);
    if (st && now.getTime() - st.mtimeMs > 86_400_000) old.push(n);
  }
  for (const n of old) await rm(path.join(dir, n), { force: true });
  return old;
}
