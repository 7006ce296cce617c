import { randomBytes } from "node:crypto";
import pg from "pg";
import { afterAll, inject } from "vitest";
import { type Database, openDatabase } from "../../src/db/client.ts";

function urlFor(serverUrl: string, name: string): string {
  const u = new URL(serverUrl);
  u.pathname = `/${name}`;
  return u.toString();
}

/** A fresh, migrated database of this test file's own, cloned from the run's template. */
export async function createTestDatabase(): Promise<Database & { url: string; name: string }> {
  const server = inject("pgServerUrl");
  const template = inject("pgTemplate");
  const name = `chibo_test_${template.split("_").pop()}_${randomBytes(6).toString("hex")}`;
  const admin = new pg.Client({ connectionString: server });
  await admin.connect();
  try {
    await admin.query(`create database ${name} template ${template}`);
  } finally {
    await admin.end();
  }
  const url = urlFor(server, name);
  const database = openDatabase(url, 5);
  return { ...database, url, name };
}

/** Opens a test database that is closed after the file's tests. */
export async function useTestDatabase(): Promise<Database & { url: string; name: string }> {
  const database = await createTestDatabase();
  afterAll(() => database.close());
  return database;
}
