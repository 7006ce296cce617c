/**
 * A large report's figures read in slices side by side: its branches, in the report's order, cut into
 * PARTS contiguous slices, and each slice's figures read by the one statement (`branchFiguresSql`) on its
 * own connection (its own server process, so another core), all in one snapshot (src/db/snapshot.ts). One
 * statement runs in one process: the country's report took 3.3× its plain aggregate, which PostgreSQL runs
 * on parallel workers (bench/README.md). The slices' rows, one after the other, are the one statement's
 * (tests/reports/report-parts.test.ts).
 */
import { PgDialect } from "drizzle-orm/pg-core";
import type pg from "pg";
import { inOneSnapshot, settled } from "../db/snapshot.ts";
import {
  type BranchFiguresRow,
  branchFiguresSql,
  type FiguresQuery,
  scopeBranchIdsSql,
} from "./reports-queries.ts";

/** From this many branches in scope a report is read in slices; below, one statement costs less. */
export const PARTS_FROM_BRANCHES = 2000;
/** Slices: the server's cores (a connection uses one), which the plain aggregate also uses (two workers). */
export const PARTS = 2;

const dialect = new PgDialect();

/** The report's branches cut in `parts` contiguous slices, as even as can be. */
export function slicesOf(ids: string[], parts: number): string[][] {
  const size = Math.ceil(ids.length / parts);
  return Array.from({ length: parts }, (_, k) => ids.slice(k * size, (k + 1) * size));
}

/** `branchFigures` without the detail lists, in slices side by side; null when the pool has not a
 * connection free for each (the caller reads the one statement). `afterSnapshot` is for tests. */
export async function branchFiguresInParts(
  pool: pg.Pool,
  q: FiguresQuery,
  afterSnapshot?: () => Promise<void>,
): Promise<BranchFiguresRow[] | null> {
  const query = (s: ReturnType<typeof branchFiguresSql>) => dialect.sqlToQuery(s);
  return inOneSnapshot(
    pool,
    PARTS,
    async (clients) => {
      // The branches in the snapshot, in the report's order (the server's collation): each slice's rows come
      // in that order too, so the slices one after the other are the whole report's.
      const ids = query(scopeBranchIdsSql(q.scope));
      const order = (await clients[0]!.query<{ id: string }>(ids.sql, ids.params)).rows.map((r) => r.id);
      const slices = slicesOf(order, clients.length);
      const results = await settled(
        clients.map((c, k) => {
          const s = query(branchFiguresSql({ ...q, detail: false, branchIds: slices[k]! }));
          return c.query(s.sql, s.params);
        }),
      );
      return results.flatMap((r) => r.rows as BranchFiguresRow[]);
    },
    // As the one statement (reports-queries.ts): the CTEs hold 100,000s of rows for a country.
    { settings: ["work_mem = '64MB'"], ...(afterSnapshot ? { afterSnapshot } : {}) },
  );
}
