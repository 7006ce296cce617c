/**
 * The statements every sender of the outbox runs on its rows, mail (reminder-outbox.ts) and the channels
 * beside it (channel-outbox.ts) alike: claim due rows (FOR UPDATE SKIP LOCKED, with a lease so that a crashed
 * sender's rows come back), settle a row this sender still holds, fence sends in groups, record sends in groups.
 *
 * `attempts`, raised by every claim, is the fencing token: every write on a claimed row is conditional on the
 * row still having the claim's `attempts` and still being 'sending', so a sender whose lease ran out and whose
 * row another sender claimed writes nothing and sends nothing.
 */
import { and, eq, inArray, sql } from "drizzle-orm";
import type { Db } from "../db/client.ts";
import { reminders } from "../db/schema.ts";
import type { Composed } from "./reminder-compose.ts";
import type { Row } from "./sender-context.ts";

/**
 * Claims up to `limit` due rows for this sender: the mail's (`email`) or the other channels' (`channels`), so
 * that a slow channel never holds up the mail.
 */
export async function claim(
  db: Db,
  now: Date,
  limit: number,
  leaseMs: number,
  of: "email" | "channels",
): Promise<Row[]> {
  const lease = new Date(now.getTime() + leaseMs);
  const channel = of === "email" ? sql`channel = 'email'` : sql`channel <> 'email'`;
  const res = await db.execute(sql`
    update reminders set state = 'sending', attempts = attempts + 1, locked_until = ${lease},
      next_attempt_at = ${lease}, updated_at = ${now}
    where (id, region_id) in (
      select id, region_id from reminders
      where state in ('queued', 'sending') and next_attempt_at <= ${now} and ${channel}
      order by next_attempt_at
      limit ${limit}
      for update skip locked)
    returning id, region_id`);
  // Every statement on claimed rows names the whole key, (id, region_id): the planner then knows each is one
  // row even before a freshly filled outbox has statistics (by id alone it guessed dozens and scanned).
  const keys = res.rows as { id: string; region_id: string }[];
  if (keys.length === 0) return [];
  return db
    .select()
    .from(reminders)
    .where(
      and(
        inArray(reminders.regionId, [...new Set(keys.map((k) => k.region_id))]),
        inArray(
          reminders.id,
          keys.map((k) => k.id),
        ),
      ),
    )
    .orderBy(reminders.dueAt);
}

/** The row as this sender's claim left it: same `attempts` (the fencing token), in `state`. */
export function claimed(r: Row, state: Row["state"] = "sending") {
  return and(
    eq(reminders.id, r.id),
    eq(reminders.regionId, r.regionId),
    eq(reminders.attempts, r.attempts),
    eq(reminders.state, state),
  );
}

/** Updates a row this sender still holds; answers whether it did (false: another sender claimed it since). */
export async function settle(db: Db, r: Row, set: Partial<typeof reminders.$inferInsert>): Promise<boolean> {
  const res = await db.update(reminders).set(set).where(claimed(r)).returning({ id: reminders.id });
  return res.length > 0;
}

/**
 * The fence before a send, for the next few rows of a batch at once: each row is still ours (same `attempts`,
 * still 'sending') and its lease now runs from `at`. Answers the ids fenced; a row missing from it was claimed
 * by another sender since, and this sender must not send it. One statement for FENCE_GROUP rows (a round trip
 * per message cost a third of the mail's throughput); the group's last send follows its fence by a few sends'
 * time, far inside any lease.
 */
async function fenceGroup(db: Db, rows: Row[], at: Date, leaseMs: number): Promise<Set<string>> {
  if (rows.length === 0) return new Set();
  const lease = new Date(at.getTime() + leaseMs);
  const res = await db.execute(sql`
    update reminders set locked_until = ${lease}, next_attempt_at = ${lease}, updated_at = ${at}
      from unnest(${sql.param(rows.map((r) => r.id))}::uuid[], ${sql.param(rows.map((r) => r.regionId))}::uuid[],
                  ${sql.param(rows.map((r) => r.attempts))}::int[]) as f(id, region_id, attempts)
     where reminders.id = f.id and reminders.region_id = f.region_id and reminders.attempts = f.attempts
       and reminders.state = 'sending'
    returning reminders.id`);
  return new Set(res.rows.map((x) => String((x as { id: string }).id)));
}

/** Rows fenced together: small enough that a group's sends take moments, large enough to spare round trips. */
const FENCE_GROUP = 10;

/**
 * The fences of a batch: `holds(r, i)` answers whether `rows[i]` is still this sender's, with a lease fresh
 * enough to send it now. The fence of the row's group is made once, by whichever lane reaches the group first;
 * when it is older than a quarter of a lease (a slow relay or push service) the row is fenced again on its
 * own, so that no send follows its fence by more.
 */
export function batchFences(db: Db, rows: readonly Row[], clock: () => Date, leaseMs: number) {
  const fences = new Map<number, Promise<{ ids: Set<string>; at: number }>>();
  const fenced = (i: number) => {
    const g = Math.floor(i / FENCE_GROUP);
    let f = fences.get(g);
    if (!f) {
      const at = clock();
      f = fenceGroup(db, rows.slice(g * FENCE_GROUP, (g + 1) * FENCE_GROUP), at, leaseMs).then((ids) => ({
        ids,
        at: at.getTime(),
      }));
      fences.set(g, f);
    }
    return f;
  };
  return async (r: Row, i: number): Promise<boolean> => {
    const g = await fenced(i);
    if (!g.ids.has(r.id)) return false;
    const now = clock();
    if (now.getTime() - g.at <= leaseMs / 4) return true;
    return (await fenceGroup(db, [r], now, leaseMs)).has(r.id);
  };
}

export interface SentRecord extends Omit<Composed, "mail"> {
  row: Row;
  response: string;
}

/**
 * Records sent messages as a group: one UPDATE for all that were sent while the previous one ran (one
 * statement per message cost a round trip and a query build each). Each row is still fenced by its own
 * `attempts` and `state = 'sending'`, exactly as `settle` does.
 */
async function recordSent(db: Db, now: Date, items: SentRecord[]): Promise<void> {
  // One bound array per column (`sql.param`), so the statement's size does not grow with the group.
  await db.execute(sql`
    update reminders r set state = 'sent', sent_at = ${now}, last_response = v.response, to_email = v.to_email,
      subject = v.subject, revision = v.revision, snapshot = v.snapshot::jsonb, locked_until = null,
      updated_at = ${now}
    from unnest(
      ${sql.param(items.map((i) => i.row.id))}::uuid[],
      ${sql.param(items.map((i) => i.row.regionId))}::uuid[],
      ${sql.param(items.map((i) => i.row.attempts))}::int[],
      ${sql.param(items.map((i) => i.response))}::text[],
      ${sql.param(items.map((i) => i.toEmail))}::text[],
      ${sql.param(items.map((i) => i.subject))}::text[],
      ${sql.param(items.map((i) => i.revision))}::int[],
      ${sql.param(items.map((i) => (i.snapshot ? JSON.stringify(i.snapshot) : null)))}::text[]
    ) as v(id, region_id, attempts, response, to_email, subject, revision, snapshot)
    where r.id = v.id and r.region_id = v.region_id and r.attempts = v.attempts and r.state = 'sending'`);
}

/**
 * Group commit of sends: at most one recording UPDATE in flight; what arrives meanwhile goes into the next
 * one. `flush` waits for all of them (call it before the batch returns, even when a lane failed).
 */
export function sentLog(db: Db, now: Date) {
  let queue: SentRecord[] = [];
  let running: Promise<void> | null = null;
  let failure: unknown = null;
  const loop = async () => {
    try {
      while (queue.length) {
        const items = queue;
        queue = [];
        await recordSent(db, now, items);
      }
    } catch (err) {
      // Left in 'sending': the lease brings them back, as when a single settle failed.
      failure ??= err;
      queue = [];
    } finally {
      running = null;
    }
  };
  return {
    add(item: SentRecord) {
      queue.push(item);
      running ??= loop();
    },
    async flush() {
      while (running) await running;
      if (failure) throw failure;
    },
  };
}

/**
 * Settles a row this sender did not attempt: given back when the worker stops (another sender, or this one
 * restarted, takes it), withdrawn, or waiting until a later time. The claim's attempt does not count.
 */
export function settleUnsent(
  db: Db,
  r: Row,
  now: Date,
  d: { action: "release" } | { action: "withdraw"; reason: string } | { action: "wait"; until: Date },
): Promise<boolean> {
  const unattempted = { attempts: r.attempts - 1, lockedUntil: null, updatedAt: now };
  switch (d.action) {
    case "release":
      return settle(db, r, {
        state: "queued",
        nextAttemptAt: r.dueAt <= now ? r.dueAt : now,
        ...unattempted,
      });
    case "withdraw":
      return settle(db, r, { state: "withdrawn", lastResponse: d.reason, ...unattempted });
    case "wait":
      return settle(db, r, { state: "queued", dueAt: d.until, nextAttemptAt: d.until, ...unattempted });
  }
}

/**
 * Claim-and-send loops side by side (each claims with SKIP LOCKED, like separate workers) until a batch comes
 * back short or `signal.stopped`: while one lane claims and loads its next batch, the others keep sending.
 * Adds every batch's counts into `total`.
 */
export async function drainLanes<R extends { claimed: number }>(
  o: { lanes: number; batch: number; signal?: { stopped: boolean } | undefined },
  total: R,
  sendBatch: () => Promise<R>,
  onBatch?: (r: R) => void,
): Promise<R> {
  const lane = async () => {
    for (;;) {
      if (o.signal?.stopped) return;
      const r = await sendBatch();
      for (const k of Object.keys(total) as (keyof R)[]) (total[k] as number) += r[k] as number;
      onBatch?.(r);
      if (r.claimed < o.batch) return;
    }
  };
  const lanes = await Promise.allSettled(Array.from({ length: Math.max(1, o.lanes) }, lane));
  for (const l of lanes) if (l.status === "rejected") throw l.reason;
  return total;
}

/** At most `n` calls of `run` in flight at once, across every lane that shares it. */
export function inFlightLimit(n: number) {
  let active = 0;
  const waiting: (() => void)[] = [];
  return async <T>(f: () => Promise<T>): Promise<T> => {
    if (active < n) active++;
    else await new Promise<void>((resolve) => waiting.push(resolve)); // the slot is handed over on release
    try {
      return await f();
    } finally {
      const next = waiting.shift();
      if (next) next();
      else active--;
    }
  };
}
