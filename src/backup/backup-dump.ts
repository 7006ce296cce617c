/**
 * Takes a backup: every table of the database's schema, read in one REPEATABLE READ snapshot while the
 * service keeps writing, streamed with COPY … TO STDOUT through gzip into a stream. Tables are listed from
 * the catalogue, so a table added later is backed up without anyone remembering to.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import type { Writable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { createGzip } from "node:zlib";
import type pg from "pg";
import pgCopy from "pg-copy-streams";
import { MIGRATIONS_DIR } from "../db/migrate.ts";
import {
  type BackupHeader,
  type BackupTrailer,
  DATA_FRAME_BYTES,
  FORMAT,
  FORMAT_VERSION,
  FrameWriter,
  type SequenceValue,
} from "./backup-format.ts";

export const quoteIdent = (name: string) => `"${name.replace(/"/g, '""')}"`;

interface JournalEntry {
  tag: string;
  when: number;
}

/** drizzle-kit's journal: which migration each applied row of drizzle.__drizzle_migrations is. */
export function journal(dir = MIGRATIONS_DIR): JournalEntry[] {
  return (
    JSON.parse(readFileSync(path.join(dir, "meta/_journal.json"), "utf8")) as { entries: JournalEntry[] }
  ).entries;
}

/** The tables of the current schema with the columns a COPY can write (generated columns are computed). */
export async function tablesOf(client: pg.ClientBase): Promise<{ table: string; columns: string[] }[]> {
  const { rows } = await client.query<{ table: string; columns: string[] }>(
    `select c.relname as "table", array_agg(a.attname::text order by a.attnum) as columns
       from pg_class c
       join pg_namespace n on n.oid = c.relnamespace and n.nspname = current_schema()
       join pg_attribute a on a.attrelid = c.oid and a.attnum > 0 and not a.attisdropped and a.attgenerated = ''
      where c.relkind in ('r', 'p') and not c.relispartition
      group by c.relname
      order by c.relname`,
  );
  return rows;
}

async function schemaVersion(client: pg.ClientBase): Promise<BackupHeader["schema"]> {
  const { rows } = await client.query<{ hash: string; created_at: string }>(
    "select hash, created_at from drizzle.__drizzle_migrations order by created_at desc limit 1",
  );
  const last = rows[0];
  if (!last) throw new Error("Cơ sở dữ liệu chưa có migration nào: không có gì để sao lưu.");
  const createdAt = Number(last.created_at);
  const tag = journal().find((e) => e.when === createdAt)?.tag ?? `unknown-${createdAt}`;
  return { tag, hash: last.hash, createdAt };
}

export interface BackupResult {
  header: BackupHeader;
  trailer: BackupTrailer;
  /** Uncompressed bytes (the frames); the compressed size is the file's. */
  rawBytes: number;
}

/**
 * Writes a backup into `out` (a file stream, which is ended). `now` stamps the header; the time taken is
 * measured with the monotonic clock.
 */
export async function dumpDatabase(pool: pg.Pool, out: Writable, now: () => Date): Promise<BackupResult> {
  const gzip = createGzip({ level: 6 });
  // A failing file (disk full) destroys gzip too, which fails the write waiting on it: no hang.
  const done = pipeline(gzip, out);
  done.catch(() => {});
  const writer = new FrameWriter(gzip);
  const t0 = performance.now();
  const client = await pool.connect();
  let header: BackupHeader;
  let trailer: BackupTrailer;
  try {
    // One snapshot for every table; READ ONLY so that it can never write, whatever a bug asks.
    await client.query("begin isolation level repeatable read read only");
    const { rows: ver } = await client.query<{ v: string }>("select version() as v");
    header = {
      format: FORMAT,
      formatVersion: FORMAT_VERSION,
      schema: await schemaVersion(client),
      startedAt: now().toISOString(),
      serverVersion: ver[0]!.v,
      chiboVersion: process.env.npm_package_version ?? "0.1.0",
    };
    await writer.start();
    await writer.json("H", header);
    const rows: Record<string, number> = {};
    for (const t of await dependencyOrder(client, await tablesOf(client))) {
      await writer.json("T", t);
      const cols = t.columns.map(quoteIdent).join(", ");
      const copy = client.query(pgCopy.to(`copy (select ${cols} from ${quoteIdent(t.table)}) to stdout`));
      let pending: Buffer[] = [];
      let size = 0;
      for await (const chunk of copy as AsyncIterable<Buffer>) {
        pending.push(chunk);
        size += chunk.length;
        if (size >= DATA_FRAME_BYTES) {
          await writer.frame("D", Buffer.concat(pending, size));
          pending = [];
          size = 0;
        }
      }
      if (size) await writer.frame("D", Buffer.concat(pending, size));
      rows[t.table] = copy.rowCount;
      await writer.json("E", { rows: copy.rowCount });
    }
    await writer.json("S", await sequencesOf(client));
    await client.query("commit");
    trailer = await writer.finish({
      finishedAt: now().toISOString(),
      tookMs: Math.round(performance.now() - t0),
      rows,
    });
  } catch (err) {
    await client.query("rollback").catch(() => {});
    gzip.destroy(err as Error);
    throw err;
  } finally {
    client.release();
  }
  gzip.end();
  await done;
  return { header, trailer, rawBytes: writer.bytes };
}

/**
 * Parents before children (foreign keys), so that a restore loads the file in order with its foreign keys
 * checked; ties alphabetical. A table in a cycle (none today) comes after the rest.
 */
export async function dependencyOrder<T extends { table: string }>(
  client: pg.ClientBase,
  tables: T[],
): Promise<T[]> {
  const { rows } = await client.query<{ child: string; parent: string }>(
    `select distinct c.relname as child, p.relname as parent
       from pg_constraint k
       join pg_class c on c.oid = k.conrelid
       join pg_class p on p.oid = k.confrelid
       join pg_namespace n on n.oid = c.relnamespace and n.nspname = current_schema()
      where k.contype = 'f' and k.conrelid <> k.confrelid`,
  );
  const parents = new Map(tables.map((t) => [t.table, new Set<string>()]));
  for (const r of rows) parents.get(r.child)?.add(r.parent);
  const out: T[] = [];
  const placed = new Set<string>();
  let rest = [...tables];
  while (rest.length) {
    const ready = rest.filter((t) =>
      [...parents.get(t.table)!].every((p) => placed.has(p) || !parents.has(p)),
    );
    if (!ready.length) {
      out.push(...rest);
      break;
    }
    for (const t of ready) {
      out.push(t);
      placed.add(t.table);
    }
    rest = rest.filter((t) => !placed.has(t.table));
  }
  return out;
}

async function sequencesOf(client: pg.ClientBase): Promise<SequenceValue[]> {
  const { rows } = await client.query<{ name: string }>(
    `select c.relname as name from pg_class c join pg_namespace n on n.oid = c.relnamespace
      where c.relkind = 'S' and n.nspname = current_schema() order by 1`,
  );
  const out: SequenceValue[] = [];
  for (const { name } of rows) {
    // A sequence is outside the snapshot: its value is at least every id the snapshot holds.
    const { rows: v } = await client.query<{ last_value: string; is_called: boolean }>(
      `select last_value::text, is_called from ${quoteIdent(name)}`,
    );
    out.push({ name, lastValue: v[0]!.last_value, isCalled: v[0]!.is_called });
  }
  return out;
}
