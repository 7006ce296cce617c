/**
 * Several reads side by side on the pool (null when the pool has not a free connection for each), each on its own connection (so on its own server process, and on
 * another core), all reading one snapshot: the first transaction exports its snapshot and the others import
 * it (`SET TRANSACTION SNAPSHOT`), so that a write committed meanwhile is seen by none of them or by all.
 */
import pg from "pg";
import type { DbOrTx } from "./client.ts";

/** The pool behind a pool-backed handle (drizzle keeps it as `$client`); null for a transaction's, which has
 * one connection. */
export function poolOf(db: DbOrTx): pg.Pool | null {
  const client = (db as { $client?: unknown }).$client;
  return !("rollback" in db) && client instanceof pg.Pool ? client : null;
}

export interface SnapshotRead {
  sql: string;
  params: unknown[];
}

export async function readsInOneSnapshot(
  pool: pg.Pool,
  reads: SnapshotRead[],
  opts: {
    /** `SET LOCAL`s for each transaction (e.g. work_mem), as `name = value` text. */
    settings?: string[];
    /** Tests only: runs after the snapshot is taken and before the reads. */
    afterSnapshot?: () => Promise<void>;
  } = {},
): Promise<Record<string, unknown>[][] | null> {
  // Only with a connection free for each read, all taken at once (pg-pool hands an idle or new one out in
  // the same tick): callers that each held a part of the pool and waited for the rest would wait for ever.
  const free = pool.idleCount + (pool.options.max ?? 10) - pool.totalCount;
  if (pool.waitingCount > 0 || free < reads.length) return null;
  const taken = await Promise.allSettled(reads.map(() => pool.connect()));
  const clients = taken.flatMap((t) => (t.status === "fulfilled" ? [t.value] : []));
  const begun: pg.PoolClient[] = [];
  try {
    const failed = taken.find((t) => t.status === "rejected");
    if (failed) throw failed.reason;
    const [first, ...others] = clients as [pg.PoolClient, ...pg.PoolClient[]];
    const begin = async (c: pg.PoolClient, snapshot: string | null) => {
      await c.query("begin isolation level repeatable read read only");
      begun.push(c);
      // Before any query of the transaction, as PostgreSQL requires.
      if (snapshot) await c.query(`set transaction snapshot '${snapshot.replace(/'/g, "")}'`);
      for (const s of opts.settings ?? []) await c.query(`set local ${s}`);
    };
    await begin(first, null);
    const snapshot = (await first.query<{ s: string }>("select pg_export_snapshot() as s")).rows[0]!.s;
    // The exporting transaction stays open until every other has imported its snapshot (and read).
    await settled(others.map((c) => begin(c, snapshot)));
    await opts.afterSnapshot?.();
    const results = await settled(clients.map((c, i) => c.query(reads[i]!.sql, reads[i]!.params)));
    await settled(begun.splice(0).map((c) => c.query("commit")));
    return results.map((r) => r.rows as Record<string, unknown>[]);
  } finally {
    await Promise.all(begun.map((c) => c.query("rollback").catch(() => {})));
    for (const c of clients) c.release();
  }
}

/** Promise.all that waits for every promise before it throws the first error: no query may still be running
 * on a connection when it is rolled back and released. */
async function settled<T>(promises: Promise<T>[]): Promise<T[]> {
  const outcomes = await Promise.allSettled(promises);
  const failed = outcomes.find((o) => o.status === "rejected");
  if (failed) throw failed.reason;
  return outcomes.map((o) => (o as PromiseFulfilledResult<T>).value);
}
