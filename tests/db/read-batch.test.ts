/**
 * Reads sent together (src/db/read-batch.ts) answer exactly what each answers sent alone, against the real
 * PostgreSQL: values of every kind the app binds go in as parameters and come back through drizzle's own
 * mapping; side-by-side reads take one round trip, as named (prepared) statements; a failing read fails
 * alone and the connection goes back to the pool.
 */
import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type DbOrTx, readsOf } from "../../src/db/client.ts";
import { batchedReads } from "../../src/db/read-batch.ts";
import { users } from "../../src/db/schema.ts";
import { useTestDatabase } from "../helpers/db.ts";
import { countQueries, type QueryCounter } from "../helpers/query-counter.ts";

const database = await useTestDatabase();

// Round trips as tests/helpers/query-counter.ts counts them.
let counter: QueryCounter;
// The statement name of each query sent (undefined when unnamed), since the last `names.length = 0`.
const names: (string | undefined)[] = [];
beforeAll(async () => {
  await database.db.insert(users).values({
    email: "o'brien\\x@test.vn",
    displayName: "Nguyễn Thị Hoà 'Út'",
    passwordHash: "x",
    role: "admin",
  });
  counter = countQueries((q) => {
    names.push((q as { name?: string }).name);
    if (process.env.LOG_SQL) console.log("SQL", String((q as { text?: string })?.text ?? q).slice(0, 200));
  });
});
afterAll(() => {
  counter.restore();
});

// Strings with quotes, a backslash and Vietnamese, null, numbers, booleans, arrays, a Date, JSON; a value
// that looks like a parameter or like SQL stays a value (it is never read again as SQL).
const reads = (db: DbOrTx) =>
  readsOf(db, [
    () =>
      db.execute(sql`select ${"it's \\ 'Hoà'"}::text as t, ${null}::int as n, ${42} + 1 as i, ${true} as b,
        ${new Date("2026-05-25T03:00:00Z")}::timestamptz as ts,
        ${JSON.stringify({ x: "ồ", n: [1] })}::jsonb as j, ${"2026-05-25"}::date as d,
        ${"$2 '; delete from users; --"}::text as inj, ${sql.param(["a", "b'c", "$1"])}::text[] as arr,
        ${"b'c"} = any(${sql.param(["a", "b'c"])}::text[]) as found`),
    () =>
      db
        .select({ id: users.id, email: users.email, name: users.displayName, createdAt: users.createdAt })
        .from(users)
        .where(eq(users.email, "o'brien\\x@test.vn")),
    () => db.select({ n: sql<number>`count(*)::int` }).from(users),
  ] as const);

describe("reads sent together", () => {
  it("answer what each read answers alone, in one round trip", async () => {
    const alone = await reads(database.db);
    counter.reset();
    const together = await batchedReads(database.pool, reads);
    expect(counter.roundTrips).toBe(1);
    expect(together[0].rows).toEqual(alone[0].rows);
    expect(together[1]).toEqual(alone[1]);
    expect(together[1][0]!.createdAt).toBeInstanceOf(Date);
    expect(together[2]).toEqual(alone[2]);
    expect(together[1][0]!.name).toBe("Nguyễn Thị Hoà 'Út'");
    expect(together[0].rows[0]).toMatchObject({
      inj: "$2 '; delete from users; --",
      arr: ["a", "b'c", "$1"],
      found: true,
    });
  });

  it("takes one round trip per level of reads that wait for one another", async () => {
    counter.reset();
    await batchedReads(database.pool, async (db) => {
      const [first] = await db.select({ id: users.id }).from(users).limit(1);
      await readsOf(db, [
        () => db.select().from(users).where(eq(users.id, first!.id)),
        () => db.select({ n: sql<number>`count(*)::int` }).from(users),
      ]);
    });
    expect(counter.roundTrips).toBe(2);
  });

  it("sends every read as a prepared statement, the same name for the same SQL", async () => {
    names.length = 0;
    for (let i = 0; i < 2; i++) await batchedReads(database.pool, reads);
    expect(names).toHaveLength(6);
    expect(names.every((n) => typeof n === "string" && n.length > 0)).toBe(true);
    expect(names.slice(3)).toEqual(names.slice(0, 3));
    expect(new Set(names).size).toBe(3);
  });

  it("sends the same read twice in a page once, and gives each caller rows of its own", async () => {
    const byEmail = (db: DbOrTx, email: string) =>
      db.select({ id: users.id, createdAt: users.createdAt }).from(users).where(eq(users.email, email));
    counter.reset();
    const answers = await batchedReads(database.pool, async (db) => {
      const first = await readsOf(db, [
        () => byEmail(db, "o'brien\\x@test.vn"),
        () => byEmail(db, "o'brien\\x@test.vn"),
      ]);
      return [...first, await byEmail(db, "o'brien\\x@test.vn"), await byEmail(db, "nobody@test.vn")];
    });
    expect(counter.statements).toBe(2); // the first read, then the one with other values
    expect(answers[0]).toHaveLength(1);
    expect(answers[1]).toEqual(answers[0]);
    expect(answers[2]).toEqual(answers[0]);
    expect(answers[1]).not.toBe(answers[0]);
    expect(answers[1]![0]!.createdAt).not.toBe(answers[0]![0]!.createdAt);
    expect(answers[3]).toEqual([]);
  });

  it("fails only the read that fails, and gives the connection back", async () => {
    const failing = batchedReads(database.pool, (db) =>
      readsOf(db, [() => db.execute(sql`select 1 / ${0}::int`), () => db.select().from(users)]),
    );
    await expect(failing).rejects.toThrow();
    const answers = await batchedReads(database.pool, (db) =>
      Promise.allSettled([db.execute(sql`select 1 / ${0}::int`), db.select().from(users)]),
    );
    expect(answers[0].status).toBe("rejected");
    expect(answers[1].status === "fulfilled" && answers[1].value.length).toBe(1);
    // The pool still serves (its connections were released, not leaked).
    for (let i = 0; i < 12; i++) await batchedReads(database.pool, (db) => db.select().from(users));
    expect(database.pool.waitingCount).toBe(0);
  });

  it("gives the connection back only once the reads of a failed page have finished", async () => {
    let siblingDone = false;
    const failing = batchedReads(database.pool, (db) =>
      Promise.all([
        db.execute(sql`select pg_sleep(0.2)`).then(() => {
          siblingDone = true;
        }),
        Promise.reject(new Error("a section refused")),
      ]),
    );
    await expect(failing).rejects.toThrow("a section refused");
    await new Promise((r) => setImmediate(r));
    // Released earlier, the sleeping read would run on the next request's connection.
    expect(siblingDone).toBe(true);
  });
});
