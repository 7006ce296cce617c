/**
 * A backup taken by an older chibo restores into this one: the schema is built to the backup's migration,
 * the rows loaded, then the later migrations run on them (here 0011, which gives every row its region).
 * And a backup whose file fails midway (a full disk) fails, rather than hanging.
 */
import { createWriteStream } from "node:fs";
import { mkdtemp } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { Writable } from "node:stream";
import { migrate } from "drizzle-orm/node-postgres/migrator";
import { describe, expect, it } from "vitest";
import { dumpDatabase, journal } from "../../src/backup/backup-dump.ts";
import { restoreBackup } from "../../src/backup/backup-restore.ts";
import { migrationsBefore } from "../../src/db/migrate.ts";
import { emptyDatabase } from "./backup-data.ts";

const dir = await mkdtemp(path.join(os.tmpdir(), "chibo-backup-upgrade-"));
const PROVINCE = "00000000-0000-4000-8000-000000000002";

describe("a backup of an older schema", () => {
  it("restores, then the migrations since run on its rows", async () => {
    const old = await emptyDatabase();
    await migrate(old.db, { migrationsFolder: migrationsBefore("0011_regions") });
    await old.pool.query(
      `insert into committees (id, parent_id, name, ancestor_ids) values
         ('00000000-0000-4000-8000-000000000001', null, 'Trung ương', array['00000000-0000-4000-8000-000000000001']::uuid[]),
         ($1, '00000000-0000-4000-8000-000000000001', 'Tỉnh ủy Lào Cai', array['00000000-0000-4000-8000-000000000001', $1]::uuid[])`,
      [PROVINCE],
    );
    await old.pool.query(`insert into branches (committee_id, name) values ($1, 'Chi bộ thôn Bản Vược')`, [
      PROVINCE,
    ]);
    const file = path.join(dir, "old.backup.gz");
    const r = await dumpDatabase(old.pool, createWriteStream(file), () => new Date());
    expect(r.header.schema.tag).toBe("0010_peaks-feeds");

    const target = await emptyDatabase();
    const restored = await restoreBackup(target.pool, file);
    expect(restored.migrationsAfter).toBe(journal().length - 11);
    const { rows } = await target.pool.query<{ region_id: string }>("select region_id from branches");
    expect(rows).toEqual([{ region_id: PROVINCE }]);
    const applied = await target.pool.query<{ n: number }>(
      "select count(*)::int as n from drizzle.__drizzle_migrations",
    );
    expect(applied.rows[0]!.n).toBe(journal().length);
  });
});

describe("a backup whose file fails midway", () => {
  it("fails instead of waiting forever, and ends its snapshot", async () => {
    const db = await emptyDatabase();
    await migrate(db.db, { migrationsFolder: migrationsBefore("0011_regions") });
    let written = 0;
    const full = new Writable({
      write(chunk: Buffer, _e, cb) {
        written += chunk.length;
        cb(written > 64 ? new Error("ENOSPC: no space left on device") : null);
      },
    });
    await expect(dumpDatabase(db.pool, full, () => new Date())).rejects.toThrow(/ENOSPC/);
    // The snapshot's connection went back to the pool, its transaction ended.
    const { rows } = await db.pool.query<{ n: number }>(
      "select count(*)::int as n from pg_stat_activity where datname = current_database() and state like 'idle in transaction%'",
    );
    expect(rows[0]!.n).toBe(0);
  });
});
