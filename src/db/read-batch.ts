/**
 * Reads that a page issues side by side go to PostgreSQL in one round trip. A page's services read one
 * after another inside themselves, but independent services (and `readsOf`) run side by side: every query
 * started before the event loop turns is written together, in one write, on one connection in pg's
 * pipeline mode, and each caller gets its own result as if it had been sent alone. A page's cost is then the
 * depth of its reads, not their number: on a shared 2-core machine each round trip costs a write, a context
 * switch and a wake-up on both sides, which was most of a page's CPU (bench/README.md, issue 17).
 *
 * Each read is a named (prepared) statement, its name standing for its SQL text: PostgreSQL parses and plans
 * it once per pooled connection, not on every view — for these small reads that was more than half of
 * PostgreSQL's CPU per page. Values go as parameters, as they would alone. Each read ends with its own Sync:
 * a failing read fails alone (its callers see its error), its siblings are answered. For reads only: no
 * transaction is opened (under READ COMMITTED each statement sees its own snapshot either way), and a write
 * must not be issued through it.
 */
import { drizzle } from "drizzle-orm/node-postgres";
import type pg from "pg";
import { type Db, isConnectionFailure } from "./client.ts";

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
/** What pg keeps of a connection and that it does not type: pipeline mode and the socket. */
type PipelinedClient = pg.PoolClient & { pipeline: boolean; connection: { stream: NodeJS.WritableStream } };

/**
 * The statement name of each SQL text, the same on every connection. Bounded: a read whose text varies (a
 * list of ids as that many parameters) must not prepare without end on a long-lived connection; past the
 * bound, new texts go unnamed (parsed and planned each time, as before).
 */
const names = new Map<string, string>();
const MAX_NAMES = 300;
function nameOf(text: string): string | undefined {
  let name = names.get(text);
  if (name === undefined && names.size < MAX_NAMES) {
    name = `page_read_${names.size + 1}`;
    names.set(text, name);
  }
  return name;
}

/** A read's statement and values as one string; null when a value has no JSON form (a bigint). */
function keyOf(q: Pending): string | null {
  try {
    return `${q.config.text}\u0000${JSON.stringify(q.values ?? [])}`;
  } catch {
    return null;
  }
}

class BatchingClient {
  private pending: Pending[] = [];
  private inFlight = 0;
  private settled: (() => void) | null = null;
  /** This page's answers by statement and values: see `flush`. */
  private readonly answered = new Map<string, Promise<unknown>>();
  constructor(private readonly client: PipelinedClient) {}

  query(config: QueryConfig, values?: unknown[]): Promise<unknown> {
    return new Promise((resolve, reject) => {
      this.pending.push({ config, values, resolve, reject });
      // After every continuation that is ready has run: whatever they start goes in the same write.
      if (this.pending.length === 1) setImmediate(() => this.flush());
    });
  }

  /** Settles once nothing is waiting or in flight: only then may the connection go back to the pool. */
  async drain() {
    while (this.pending.length > 0 || this.inFlight > 0) {
      if (this.pending.length > 0) await new Promise((r) => setImmediate(r));
      else
        await new Promise<void>((r) => {
          this.settled = r;
        });
    }
  }

  private flush() {
    const batch = this.pending;
    this.pending = [];
    const stream = this.client.connection.stream as NodeJS.WritableStream & { cork(): void; uncork(): void };
    // pg writes each query's messages and uncorks after each: corked around them all, they leave in one write.
    stream.cork();
    let answers: Promise<PromiseSettledResult<unknown>[]>;
    try {
      answers = Promise.allSettled(
        batch.map((q) => {
          // The same read twice in one page (the attendance sheet and the rating's criteria both read the
          // roster, its exemptions and temporary members) is sent once: one answer, as if both had run at the
          // same instant. Only drizzle's array-mode reads, whose raw rows no caller holds (each maps its own
          // objects); each gets its own copy of the values.
          const key = q.config.rowMode === "array" ? keyOf(q) : null;
          const earlier = key === null ? undefined : this.answered.get(key);
          if (earlier)
            return earlier.then((r) => ({
              ...(r as object),
              rows: structuredClone((r as { rows: unknown[] }).rows),
            }));
          const config = { ...q.config, name: q.config.name ?? nameOf(q.config.text) } as pg.QueryConfig;
          const answer = this.client.query(config, q.values);
          if (key !== null) this.answered.set(key, answer);
          return answer;
        }),
      );
    } finally {
      stream.uncork();
    }
    // Every caller of a batch goes on at once, as when the batch was one message: what they read next
    // goes out together again (a page costs the depth of its reads, whatever order the answers come in).
    this.inFlight++;
    void answers.then((settled) => {
      settled.forEach((r, i) => {
        if (r.status === "fulfilled") batch[i]!.resolve(r.value);
        else batch[i]!.reject(r.reason);
      });
      this.inFlight--;
      if (this.inFlight === 0 && this.settled) {
        const settledNow = this.settled;
        this.settled = null;
        settledNow();
      }
    });
  }
}

/**
 * Runs `read` on one pooled connection with a database handle whose side-by-side queries share round trips.
 * `read` must only read.
 */
export async function batchedReads<T>(pool: pg.Pool, read: (db: Db) => Promise<T>): Promise<T> {
  const client = (await pool.connect()) as PipelinedClient;
  // Pipeline mode for this page only: the queries go out without waiting for the answers before them.
  client.pipeline = true;
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
    client.pipeline = false;
    client.release(broken);
  }
}
