/**
 * Reads side by side on the pool, each connection its own server process (so another core), all reading
 * one snapshot: the first transaction exports its snapshot and the others import it (`SET TRANSACTION
 * SNAPSHOT`), so that a write committed meanwhile is seen by none of the reads or by all.
 */
import pg from "pg";
import type { DbOrTx } from "./client.ts";

/** The pool behind a pool-backed handle (drizzle keeps it as `$client`); null for a transaction's, which has
 * one connection. */
export function poolOf(db: DbOrTx): pg.Pool | null {
  const client = (db as { $client?: unknown }).$client;
  return !("rollback" in db) && client instanceof pg.Pool ? client : null;
}

/**
 * `read` with `count` connections in read-only transactions of one snapshot; null, without reading, when
 * the pool has not `count` connections free.
 */
export async function inOneSnapshot<T>(
  pool: pg.Pool,
  count: number,
  read: (clients: pg.PoolClient[]) => Promise<T>,
  opts: {
    /** `SET LOCAL`s for each transaction (e.g. work_mem), as `name = value` text. */
    settings?: string[];
    /** Tests only: runs after the snapshot is taken and before `read`. */
    afterSnapshot?: () => Promise<void>;
  } = {},
): Promise<T | null> {
  // All taken at once (pg-pool hands an idle or new connection out in the same tick), and only when free:
  // callers that each held a part of the pool and waited for the rest would wait on each other.
  const free = pool.idleCount + (pool.options.max ?? 10) - pool.totalCount;
  if (pool.waitingCount > 0 || free < count) return null;
  const taken = await Promise.allSettled(Array.from({ length: count }, () => pool.connect()));
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
    const result = await read(clients);
    await settled(begun.splice(0).map((c) => c.query("commit")));
    return result;
  } finally {
    await Promise.all(begun.map((c) => c.query("rollback").catch(() => {})));
    for (const c of clients) c.release();
  }
}

/** Promise.all that waits for every promise before it throws the first error: no query may still be running
 * on a connection when it is rolled back and released. */
export async function settled<T>(promises: Promise<T>[]): Promise<T[]> {
  const outcomes = await Promise.allSettled(promises);
  const failed = outcomes.find((o) => o.status === "rejected");
  if (failed) throw failed.reason;
  return outcomes.map((o) => (o as PromiseFulfilledResult<T>).value);
}
