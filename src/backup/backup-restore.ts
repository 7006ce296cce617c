/**
 * Restores a backup, in one transaction: the file is read once to check its checksum before anything is
 * written; then the schema is built by the migrations up to the backup's, the rows are loaded with COPY …
 * FROM STDIN (user triggers, such as the append-only ones, off for the load), the sequences are set, and
 * the migrations the backup does not have yet run on the restored rows. A failure anywhere leaves the
 * database as it was.
 */
import { createReadStream } from "node:fs";
import { pipeline } from "node:stream/promises";
import { createGunzip } from "node:zlib";
import { readMigrationFiles } from "drizzle-orm/migrator";
import type pg from "pg";
import pgCopy from "pg-copy-streams";
import { MIGRATIONS_DIR } from "../db/migrate.ts";
import { quoteIdent, tablesOf } from "./backup-dump.ts";
import {
  BackupError,
  type BackupHeader,
  type BackupTrailer,
  FORMAT,
  FORMAT_VERSION,
  type Frame,
  notABackup,
  parseJson,
  readFrames,
  type SequenceValue,
  type TableStart,
} from "./backup-format.ts";

/** The lock migrations take (src/db/migrate.ts): a service starting meanwhile waits for the restore. */
const MIGRATION_LOCK = 727274;

async function* framesOfFile(file: string): AsyncGenerator<Frame> {
  const gunzip = createGunzip();
  const source = createReadStream(file);
  // Errors of the file or of gzip (a changed byte breaks its CRC, a cut file ends early) reach the reader.
  const piping = pipeline(source, gunzip).catch((err: NodeJS.ErrnoException) => {
    gunzip.destroy(err.code === "ENOENT" || err.code === "EACCES" ? err : notABackup(`gzip: ${err.message}`));
  });
  try {
    yield* readFrames(gunzip);
  } catch (err) {
    if (err instanceof BackupError || (err as NodeJS.ErrnoException).code === "ENOENT") throw err;
    throw notABackup((err as Error).message);
  } finally {
    source.destroy();
    await piping;
  }
}

export interface VerifiedBackup {
  header: BackupHeader;
  trailer: BackupTrailer;
}

/** Reads the whole file and checks its structure and checksum; nothing touches a database. */
export async function verifyBackup(file: string): Promise<VerifiedBackup> {
  let header: BackupHeader | null = null;
  let trailer: BackupTrailer | null = null;
  for await (const f of framesOfFile(file)) {
    if (!header) {
      if (f.kind !== "H") throw notABackup("thiếu phần đầu / no header");
      header = parseJson<BackupHeader>(f.payload, "header");
      if (header.format !== FORMAT) throw notABackup("sai định dạng / wrong format");
      if (header.formatVersion > FORMAT_VERSION)
        throw new BackupError(
          `Bản sao lưu dùng định dạng ${header.formatVersion}, mới hơn bản chibo này (${FORMAT_VERSION}): hãy nâng cấp chibo.`,
          `The backup uses format ${header.formatVersion}, newer than this chibo reads (${FORMAT_VERSION}): upgrade chibo.`,
        );
    } else if (f.kind === "Z") trailer = parseJson<BackupTrailer>(f.payload, "trailer");
  }
  if (!header || !trailer) throw notABackup("tệp rỗng / empty");
  return { header, trailer };
}

export interface RestoreOptions {
  force?: boolean;
  log?: (msg: string) => void;
  migrationsFolder?: string;
}

export interface RestoreResult extends VerifiedBackup {
  rows: number;
  migrationsAfter: number;
  tookMs: number;
}

export async function restoreBackup(
  pool: pg.Pool,
  file: string,
  opts: RestoreOptions = {},
): Promise<RestoreResult> {
  const log = opts.log ?? (() => {});
  const t0 = performance.now();
  const verified = await verifyBackup(file);
  const { header } = verified;
  log(`Tệp hợp lệ (SHA-256 ${verified.trailer.sha256.slice(0, 16)}…), lược đồ ${header.schema.tag}.`);
  const migrations = readMigrationFiles({ migrationsFolder: opts.migrationsFolder ?? MIGRATIONS_DIR });
  const at = migrations.findIndex((m) => m.folderMillis === header.schema.createdAt);
  if (at < 0)
    throw new BackupError(
      `Bản sao lưu có lược đồ ${header.schema.tag}, bản chibo này không biết (bản sao lưu mới hơn?): hãy khôi phục bằng bản chibo đã tạo ra nó hoặc mới hơn.`,
      `The backup's schema ${header.schema.tag} is unknown to this chibo (a newer backup?): restore it with the chibo that made it or a newer one.`,
    );

  const client = await pool.connect();
  try {
    await client.query("begin");
    await client.query("select pg_advisory_xact_lock($1)", [MIGRATION_LOCK]);
    await assertReplaceable(client, opts.force === true);
    await clearSchema(client);
    await applyMigrations(client, migrations.slice(0, at + 1));
    const tables = new Map((await tablesOf(client)).map((t) => [t.table, t]));
    for (const t of tables.keys()) await client.query(`alter table ${quoteIdent(t)} disable trigger user`);
    const rows = await load(client, file, tables);
    for (const t of tables.keys()) await client.query(`alter table ${quoteIdent(t)} enable trigger user`);
    const after = migrations.slice(at + 1);
    await applyMigrations(client, after);
    await client.query("commit");
    log(`Đã nạp ${rows} dòng; ${after.length} migration áp dụng thêm sau khi nạp.`);
    // Fresh statistics: the planner must not guess at a freshly loaded table (see migration 0011).
    await client.query("analyze");
    return { ...verified, rows, migrationsAfter: after.length, tookMs: Math.round(performance.now() - t0) };
  } catch (err) {
    await client.query("rollback").catch(() => {});
    throw err;
  } finally {
    client.release();
  }
}

/** A database with rows is replaced only when asked; never under a running service. */
async function assertReplaceable(client: pg.ClientBase, force: boolean): Promise<void> {
  const { rows: others } = await client.query<{ n: number }>(
    `select count(*)::int as n from pg_stat_activity
      where datname = current_database() and pid <> pg_backend_pid() and application_name = 'chibo'`,
  );
  if (others[0]!.n > 0)
    throw new BackupError(
      "chibo đang chạy trên cơ sở dữ liệu này: hãy dừng dịch vụ trước khi khôi phục.",
      "chibo is running on this database: stop the service before restoring.",
    );
  if (force) return;
  for (const t of await tablesOf(client)) {
    const { rows } = await client.query(`select 1 from ${quoteIdent(t.table)} limit 1`);
    if (rows.length)
      throw new BackupError(
        `Cơ sở dữ liệu không trống (bảng ${t.table} có dữ liệu): không khôi phục đè. Thêm --force để thay toàn bộ dữ liệu hiện có bằng bản sao lưu.`,
        `The database is not empty (table ${t.table} has rows): refusing to overwrite. Add --force to replace all its data with the backup.`,
      );
  }
}

/** Empties the schema (tables, functions, triggers) and drizzle's journal: the migrations rebuild both. */
async function clearSchema(client: pg.ClientBase): Promise<void> {
  const { rows } = await client.query<{ s: string }>("select current_schema() as s");
  const schema = quoteIdent(rows[0]!.s);
  await client.query(`drop schema if exists drizzle cascade`);
  await client.query(`drop schema ${schema} cascade`);
  await client.query(`create schema ${schema}`);
}

/** drizzle's migrator, inside our transaction (drizzle's own opens its own): same journal table and rows. */
async function applyMigrations(
  client: pg.ClientBase,
  migrations: ReturnType<typeof readMigrationFiles>,
): Promise<void> {
  await client.query("create schema if not exists drizzle");
  await client.query(
    "create table if not exists drizzle.__drizzle_migrations (id serial primary key, hash text not null, created_at bigint)",
  );
  for (const m of migrations) {
    for (const stmt of m.sql) await client.query(stmt);
    await client.query("insert into drizzle.__drizzle_migrations (hash, created_at) values ($1, $2)", [
      m.hash,
      m.folderMillis,
    ]);
  }
}

async function load(
  client: pg.ClientBase,
  file: string,
  tables: Map<string, { table: string; columns: string[] }>,
): Promise<number> {
  let copy: ReturnType<typeof pgCopy.from> | null = null;
  let current: TableStart | null = null;
  let total = 0;
  for await (const f of framesOfFile(file)) {
    if (f.kind === "T") {
      current = parseJson<TableStart>(f.payload, "table");
      const target = tables.get(current.table);
      const missing = current.columns.filter((c) => !target?.columns.includes(c));
      if (!target || missing.length)
        throw notABackup(
          `bảng ${current.table} không khớp lược đồ / table ${current.table} does not match the schema`,
        );
      const cols = current.columns.map(quoteIdent).join(", ");
      copy = client.query(pgCopy.from(`copy ${quoteIdent(current.table)} (${cols}) from stdin`));
      // The server refusing a row ends the stream with an error: kept for the next write to throw.
      copy.on("error", () => {});
    } else if (f.kind === "D") {
      if (!copy) throw notABackup("dữ liệu ngoài bảng / data outside a table");
      if (!copy.write(f.payload)) await settled(copy, "drain");
    } else if (f.kind === "E") {
      if (!copy || !current) throw notABackup("kết thúc bảng lạc chỗ / stray table end");
      const stream = copy;
      stream.end();
      await settled(stream, "finish");
      const expected = parseJson<{ rows: number }>(f.payload, "table end").rows;
      if (stream.rowCount !== expected)
        throw notABackup(`bảng ${current.table}: ${stream.rowCount}/${expected} dòng / rows`);
      total += expected;
      copy = null;
    } else if (f.kind === "S") {
      for (const s of parseJson<SequenceValue[]>(f.payload, "sequences")) {
        await client.query("select setval($1::regclass, $2::bigint, $3)", [
          quoteIdent(s.name),
          s.lastValue,
          s.isCalled,
        ]);
      }
    }
  }
  return total;
}

/** Waits for `event`, or throws the stream's error (a row the server refused). */
function settled(stream: NodeJS.WritableStream & { errored?: Error | null }, event: string): Promise<void> {
  if (stream.errored) return Promise.reject(stream.errored);
  return new Promise((resolve, reject) => {
    const ok = () => {
      stream.off("error", ko);
      resolve();
    };
    const ko = (err: Error) => {
      stream.off(event, ok);
      reject(err);
    };
    stream.once(event, ok);
    stream.once("error", ko);
  });
}
