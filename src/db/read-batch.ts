/**
 * Reads that a page issues side by side go to PostgreSQL in one round trip. A page's services read one
 * after another inside themselves, but independent services (and `readsOf`) run side by side: every query
 * started before the event loop turns is sent together, as one multi-statement message on one connection,
 * and each caller gets its own result as if it had been sent alone. A page's cost is then the depth of its
 * reads, not their number: on a shared 2-core machine each round trip costs a write, a context switch and
 * a wake-up on both sides, which was most of a page's CPU (bench/README.md, issue 17).
 *
 * Parameters are inlined as quoted literals (pg's own `prepareValue` and `escapeLiteral`): an untyped
 * literal is resolved by PostgreSQL exactly as an untyped parameter is. A query with a binary parameter
 * is sent alone. For reads only: no transaction is opened (under READ COMMITTED each statement sees its own
 * snapshot either way), and a write must not be issued through it.
 */
import { createRequire } from "node:module";
import { drizzle } from "drizzle-orm/node-postgres";
import pg from "pg";
import { type Db, isConnectionFailure } from "./client.ts";

const { prepareValue } = createRequire(import.meta.url)("pg/lib/utils.js") as {
  prepareValue(v: unknown): unknown;
};

interface QueryConfig {
  text: string;
  rowMode?: "array";
  types?: unknown;
  name?: string;
}
interface Pending {
  config: QueryConfig;
  values: unknown[] | undefined;
  resolve(r: unknown): void;
  reject(e: unknown): void;
}
type Result = { rows: unknown[][]; fields: { name: string }[] };

/** `text` with `$n` replaced by the literal of `values[n-1]`, or null when a value has no text form. */
function inlined(text: string, values: unknown[] | undefined): string | null {
  if (!values || values.length === 0) return text;
  const literals: string[] = [];
  for (const v of values) {
    const p = prepareValue(v);
    if (p === null) literals.push("NULL");
    else if (typeof p === "string") literals.push(pg.escapeLiteral(p));
    else return null;
  }
  return text.replace(/\$(\d+)/g, (_, n: string) => literals[Number(n) - 1] ?? `$${n}`);
}

/** As pg gives a row in its non-array mode: by column name, the last of equal names winning. */
function asObjects(r: Result) {
  return r.rows.map((row) => {
    const o: Record<string, unknown> = {};
    r.fields.forEach((f, i) => {
      o[f.name] = row[i];
    });
    return o;
  });
}

class BatchingClient {
  private pending: Pending[] = [];
  private sending: Promise<void> = Promise.resolve();
  constructor(private readonly client: pg.PoolClient) {}

  query(config: QueryConfig, values?: unknown[]): Promise<unknown> {
    return new Promise((resolve, reject) => {
      this.pending.push({ config, values, resolve, reject });
      // After every continuation that is ready has run: whatever they start goes in the same batch.
      if (this.pending.length === 1) setImmediate(() => this.flush());
    });
  }

  /** Settles once nothing is waiting or in flight: only then may the connection go back to the pool. */
  async drain() {
    while (this.pending.length > 0) await new Promise((r) => setImmediate(r));
    let sending: Promise<void>;
    do {
      sending = this.sending;
      await sending;
    } while (sending !== this.sending || this.pending.length > 0);
  }

  private flush() {
    const batch = this.pending;
    this.pending = [];
    this.sending = this.sending.then(() =>
      this.send(batch).catch((e: unknown) => {
        for (const q of batch) q.reject(e); // a value pg cannot write: the reads fail, the queue goes on
      }),
    );
  }

  private async send(batch: Pending[]) {
    const texts = batch.length > 1 ? batch.map((q) => inlined(q.config.text, q.values)) : [];
    const alone = batch.filter((_, i) => batch.length === 1 || texts[i] === null);
    const together = batch.filter((_, i) => batch.length > 1 && texts[i] !== null);
    for (const q of alone) {
      try {
        q.resolve(await this.client.query({ ...q.config, name: undefined } as pg.QueryConfig, q.values));
      } catch (e) {
        q.reject(e);
      }
    }
    if (together.length === 0) return;
    const sql = texts.filter((t) => t !== null).join(";\n");
    try {
      // The simple protocol (no values) carries several statements; array rows keep equal column names.
      const res = await this.client.query({
        text: sql,
        rowMode: "array",
        types: together[0]!.config.types,
      } as pg.QueryConfig);
      const results = (Array.isArray(res) ? res : [res]) as unknown as Result[];
      together.forEach((q, i) => {
        const r = results[i]!;
        q.resolve(q.config.rowMode === "array" ? r : { ...r, rows: asObjects(r) });
      });
    } catch (e) {
      for (const q of together) q.reject(e);
    }
  }
}

/**
 * Runs `read` on one pooled connection with a database handle whose side-by-side queries share round trips.
 * `read` must only read.
 */
export async function batchedReads<T>(pool: pg.Pool, read: (db: Db) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  const batching = new BatchingClient(client);
  let broken = false;
  try {
    // Without the schema: building its relational map costs ~0.7 ms, and no read here uses `db.query`.
    const db = drizzle(batching as unknown as pg.Client) as unknown as Db;
    return await read(db);
  } catch (e) {
    broken = isConnectionFailure(e);
    throw e;
  } finally {
    // A read that failed early (Promise.all) may leave its siblings' queries queued or in flight on the
    // connection: they finish here, not on another request's connection.
    await batching.drain();
    client.release(broken);
  }
}
