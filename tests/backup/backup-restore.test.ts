import { createWriteStream } from "node:fs";
import { mkdtemp, readFile, stat, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import type pg from "pg";
import { beforeAll, describe, expect, it } from "vitest";
import { dumpDatabase, tablesOf } from "../../src/backup/backup-dump.ts";
import { BackupError } from "../../src/backup/backup-format.ts";
import { restoreBackup } from "../../src/backup/backup-restore.ts";
import type { Database } from "../../src/db/client.ts";
import { buildTestApp, type TestApp } from "../helpers/app.ts";
import { PASSWORD } from "../minutes/fixtures.ts";
import { emptyDatabase, fillEveryTable, MINUTES, PDF, SECRETARY, sha256 } from "./backup-data.ts";

const NOW = "2026-06-20T03:00:00Z";
const t = await buildTestApp({ now: NOW });
const { app } = t;
const dir = await mkdtemp(path.join(os.tmpdir(), "chibo-backup-test-"));
const file = path.join(dir, "chibo.backup.gz");
let data: Awaited<ReturnType<typeof fillEveryTable>>;
let result: Awaited<ReturnType<typeof dumpDatabase>>;
let writesDuring = 0;

async function counts(pool: pg.Pool): Promise<Record<string, number>> {
  const client = await pool.connect();
  try {
    const out: Record<string, number> = {};
    for (const { table } of await tablesOf(client)) {
      const { rows } = await client.query<{ n: number }>(`select count(*)::int as n from "${table}"`);
      out[table] = rows[0]!.n;
    }
    return out;
  } finally {
    client.release();
  }
}

async function relationCount(pool: pg.Pool): Promise<number> {
  const { rows } = await pool.query<{ n: number }>(
    "select count(*)::int as n from pg_class c join pg_namespace n on n.oid = c.relnamespace where n.nspname in ('public', 'drizzle')",
  );
  return rows[0]!.n;
}

beforeAll(async () => {
  data = await fillEveryTable(t);
  // Another branch's secretary keeps revising minutes while the backup runs, one save after another.
  let stop = false;
  const writes = (async () => {
    while (!stop) {
      const res = await app.inject({
        method: "PUT",
        url: `/api/meetings/${data.busyMeeting}/minutes`,
        headers: t.admin,
        payload: {
          ...MINUTES,
          conclusions: `Lần sửa ${writesDuring + 1}`,
          ...(writesDuring ? { baseRevision: writesDuring } : {}),
        },
      });
      if (res.statusCode !== 200) throw new Error(`${res.statusCode} ${res.body}`);
      writesDuring++;
    }
  })();
  while (writesDuring < 3) await new Promise((r) => setTimeout(r, 5));
  result = await dumpDatabase(t.database.pool, createWriteStream(file), () => new Date(NOW));
  stop = true;
  await writes;
}, 120_000);

describe("a backup", () => {
  it("holds every table of the schema, each with rows, in one snapshot taken while writes went on", async () => {
    const live = await counts(t.database.pool);
    const empty = Object.entries(live)
      .filter(([, n]) => n === 0)
      .map(([table]) => table);
    expect(empty, "tables without rows in the test data").toEqual([]);
    expect(Object.keys(result.trailer.rows).sort()).toEqual(Object.keys(live).sort());
    expect(result.header.schema.tag).toMatch(/^\d{4}_/);
    expect(result.trailer.tookMs).toBeGreaterThanOrEqual(0);
    expect(result.trailer.sha256).toMatch(/^[0-9a-f]{64}$/);
    // Writes went on after the snapshot: the live database has moved past it.
    expect(writesDuring).toBeGreaterThan(3);
    expect(live.minutes_revisions).toBeGreaterThan(result.trailer.rows.minutes_revisions!);
    // Compressed: the padding of the PDF shrinks.
    expect((await stat(file)).size).toBeLessThan(result.rawBytes);
  });
});

describe("a restore into a new database", () => {
  let restored: Database & { url: string };
  let r2: TestApp;
  let restoredCounts: Record<string, number>;

  beforeAll(async () => {
    restored = await emptyDatabase();
    await restoreBackup(restored.pool, file);
    restoredCounts = await counts(restored.pool);
    r2 = await buildTestApp({ now: NOW, database: restored as TestApp["database"] });
  }, 120_000);

  it("has every table with the rows of the snapshot, consistent with each other", async () => {
    for (const [table, n] of Object.entries(result.trailer.rows))
      expect(restoredCounts[table], table).toBe(n);
    // Each save of the minutes during the backup wrote the minutes, a revision and an audit entry in one
    // transaction: the snapshot has all three or none.
    const { rows } = await restored.pool.query<{ current: number; revisions: number; audits: number }>(
      `select (select current_revision from minutes where meeting_id = $1) as current,
              (select count(*)::int from minutes_revisions where meeting_id = $1) as revisions,
              (select count(*)::int from audit_log where entity = 'minutes' and entity_id = $1) as audits`,
      [data.busyMeeting],
    );
    expect(rows[0]!.current).toBeGreaterThanOrEqual(3);
    expect(rows[0]!.revisions).toBe(rows[0]!.current);
    expect(rows[0]!.audits).toBe(rows[0]!.current);
  });

  it("serves the same feed, byte for byte with the same ETag", async () => {
    const a = await app.inject({ url: data.feedPath });
    const b = await r2.app.inject({ url: data.feedPath });
    expect(a.statusCode).toBe(200);
    expect(b.statusCode).toBe(200);
    expect(b.body).toBe(a.body);
    expect(b.headers.etag).toBe(a.headers.etag);
  });

  it("serves the same file bytes, the same logins and the same audit log", async () => {
    const url = `/api/meetings/${data.meeting}/files/${data.fileId}`;
    const down = await r2.app.inject({ url, headers: data.secretary });
    expect(down.statusCode).toBe(200);
    expect(sha256(down.rawPayload)).toBe(sha256(PDF));
    // The session from before the backup still works; the password still logs in.
    expect((await r2.app.inject({ url: "/api/auth/me", headers: data.secretary })).statusCode).toBe(200);
    await r2.login(SECRETARY, PASSWORD);
    const sql = "select id, action, entity_id, at from audit_log order by id";
    const before = (await t.database.pool.query(sql)).rows;
    const after = (await restored.pool.query(sql)).rows;
    expect(after.length).toBeGreaterThan(0);
    // The restored log is the live log up to the snapshot; the login just now appended after it.
    expect(after.slice(0, result.trailer.rows.audit_log)).toEqual(
      before.slice(0, result.trailer.rows.audit_log),
    );
    // The audit log is append-only again after the load.
    await expect(restored.pool.query("delete from audit_log")).rejects.toThrow(/append-only/);
  });
});

describe("a damaged backup, or a database that holds data", () => {
  it("refuses a changed byte and a cut file, writing nothing", async () => {
    const bytes = await readFile(file);
    const changed = Buffer.from(bytes);
    changed[Math.floor(changed.length / 2)]! ^= 0x01;
    const cut = bytes.subarray(0, Math.floor(bytes.length * 0.8));
    for (const [name, content] of [
      ["changed.gz", changed],
      ["cut.gz", cut],
    ] as const) {
      const target = await emptyDatabase();
      const p = path.join(dir, name);
      await writeFile(p, content);
      const err = await restoreBackup(target.pool, p).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(BackupError);
      expect((err as Error).message).toMatch(/không ghi gì.*nothing was written/);
      expect(await relationCount(target.pool)).toBe(0);
    }
  });

  it("refuses a database with rows unless forced, and leaves it as it was", async () => {
    const target = await emptyDatabase();
    await restoreBackup(target.pool, file);
    await target.pool.query(
      "insert into holiday_overrides (date, name, action) values ('2027-01-04', 'Nghỉ bù', 'add')",
    );
    const before = await counts(target.pool);
    const err = await restoreBackup(target.pool, file).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(BackupError);
    expect((err as Error).message).toMatch(/không trống.*--force/);
    expect(await counts(target.pool)).toEqual(before);
    await restoreBackup(target.pool, file, { force: true });
    const after = await counts(target.pool);
    for (const [table, n] of Object.entries(result.trailer.rows)) expect(after[table], table).toBe(n);
  });
});
