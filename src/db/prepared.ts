/**
 * Statements prepared once per database handle, for the reads every page view runs. drizzle builds their SQL
 * once (values are `sql.placeholder`s) and PostgreSQL parses and plans them once per pooled connection (a
 * named statement) instead of on every request: for the member's home that halved PostgreSQL's CPU per
 * view (bench/README.md, issue 17). A name must stand for one SQL text only (pg refuses a second text under
 * a name already prepared on a connection), so every shape of a statement gets a name of its own.
 *
 * On a transaction's handle or a batched read's (src/db/read-batch.ts) the cache lives as long as the handle:
 * drizzle builds the SQL again, PostgreSQL still finds the statement prepared on the connection.
 */
import type { SQL } from "drizzle-orm";
import { PgDialect } from "drizzle-orm/pg-core";
import type { DbOrTx } from "./client.ts";

const dialect = new PgDialect();

interface Executable<R> {
  execute(values?: Record<string, unknown>): Promise<R>;
}

/** `make(db)` once per handle (a drizzle builder's `.prepare(name)`), then the same prepared query. */
export function perHandle<P>(make: (db: DbOrTx) => P): (db: DbOrTx) => P {
  const made = new WeakMap<DbOrTx, P>();
  return (db) => {
    let p = made.get(db);
    if (p === undefined) {
      p = make(db);
      made.set(db, p);
    }
    return p;
  };
}

/**
 * A raw statement (`db.execute`'s kind) under `name`: `run(db, values)` answers as `db.execute` does, the
 * placeholders of `build()` filled from `values`.
 */
export function namedStatement<Row>(name: string, build: () => SQL) {
  let query: ReturnType<PgDialect["sqlToQuery"]> | undefined;
  const prepared = perHandle((db) => {
    query ??= dialect.sqlToQuery(build());
    return db._.session.prepareQuery(query, undefined, name, false) as unknown as Executable<{ rows: Row[] }>;
  });
  return (db: DbOrTx, values: Record<string, unknown>) => prepared(db).execute(values);
}
