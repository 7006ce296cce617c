/**
 * What the app sends PostgreSQL, counted at pg's client: statements, those sent as named (prepared)
 * statements, and round trips. A round trip is what pg writes before the event loop turns (read-batch.ts
 * pipelines a page's side-by-side reads into one write, answered together); a query that waits for
 * another's answer starts the next. `onQuery` sees each query (for LOG_SQL) with the round trip it is in.
 */
import pg from "pg";

export interface QueryCounter {
  roundTrips: number;
  statements: number;
  prepared: number;
  reset(): void;
  restore(): void;
}

export function countQueries(onQuery?: (query: unknown, roundTrip: number) => void): QueryCounter {
  const query = pg.Client.prototype.query;
  let sameTurn = false;
  const counter: QueryCounter = {
    roundTrips: 0,
    statements: 0,
    prepared: 0,
    reset() {
      counter.roundTrips = 0;
      counter.statements = 0;
      counter.prepared = 0;
    },
    restore() {
      pg.Client.prototype.query = query;
    },
  };
  pg.Client.prototype.query = function (this: pg.Client, ...args: unknown[]) {
    if (!sameTurn) {
      counter.roundTrips++;
      sameTurn = true;
      process.nextTick(() => {
        sameTurn = false;
      });
    }
    const a0 = args[0] as string | { name?: string };
    if (typeof a0 === "object" && a0?.name) counter.prepared++;
    counter.statements++;
    onQuery?.(a0, counter.roundTrips);
    return (query as (...a: unknown[]) => unknown).apply(this, args);
  } as typeof query;
  return counter;
}
