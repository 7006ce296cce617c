/** A throwaway embedded PostgreSQL for a benchmark run (or BENCH_DATABASE_URL's server). */
import { chmod, mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { type Database, openDatabase } from "../src/db/client.ts";
import { startEmbeddedPostgres } from "../src/db/embedded.ts";
import { runMigrations } from "../src/db/migrate.ts";

/** `migrate: false`: an empty database, for a bench that builds an earlier shape itself. */
export async function benchDatabase(
  opts: { migrate?: boolean } = {},
): Promise<Database & { dispose(): Promise<void> }> {
  const dir = await mkdtemp(path.join(os.tmpdir(), "chibo-bench-pg-"));
  await chmod(dir, 0o755);
  // PG_SHARED_BUFFERS (e.g. 4GB): a server sized to the data, as a deployment would be (default 128 MB).
  const sharedBuffers = process.env.PG_SHARED_BUFFERS;
  const embedded = await startEmbeddedPostgres({
    dataDir: dir,
    ephemeral: true,
    settings: sharedBuffers ? { shared_buffers: sharedBuffers } : {},
  });
  const admin = new pg.Client({ connectionString: embedded.url });
  await admin.connect();
  await admin.query("create database bench");
  await admin.end();
  const url = new URL(embedded.url);
  url.pathname = "/bench";
  const database = openDatabase(url.toString(), 10);
  if (opts.migrate !== false) await runMigrations(database);
  return {
    ...database,
    async dispose() {
      await database.close();
      await embedded.stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

export async function time<T>(fn: () => Promise<T>): Promise<{ ms: number; result: T }> {
  const t0 = performance.now();
  const result = await fn();
  return { ms: performance.now() - t0, result };
}
