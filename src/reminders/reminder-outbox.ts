/**
 * The sender: claims due outbox rows (FOR UPDATE SKIP LOCKED, with a lease so that a crashed sender's rows
 * come back), decides each one from the CURRENT meeting and recipient (so it never carries an old date),
 * sends it, and records the server's answer.
 *
 *   claim → loadContext (sender-context.ts) → per row: decideReminder (domain) → compose → fence → send → record
 *
 * Every send is fenced: just before talking to the relay, one conditional UPDATE (for the next FENCE_GROUP
 * rows at once) checks that the row is still this sender's (`attempts`, raised by every claim, is the fencing
 * token) and extends its lease from that moment. A sender whose lease ran out and whose row another sender
 * claimed stands down. A message is therefore offered twice only when the sends of one group outlast a whole
 * lease (a relay that hangs after keeping a message); the repeat carries the same Message-ID.
 *
 * Refusals are decided in the domain (`classifyRefusal`, then `send-refusals.ts`): temporary ones (no
 * connection, 4xx) are retried with exponential backoff; a recipient's (5xx at RCPT TO, a bad mailbox) fails
 * that message, shown to the secretary, who can re-queue it; the relay's (5xx at connection or MAIL FROM, a
 * policy refusal at DATA, or the same recipient refusal for several addresses in a row) is retried after
 * 15 min, 1 h, then every 6 h, and the rest of the batch waits with it.
 */
import { and, eq, inArray, sql } from "drizzle-orm";
import type { Config } from "../config.ts";
import type { Db } from "../db/client.ts";
import { reminders } from "../db/schema.ts";
import {
  type Decision,
  decideReminder,
  relayBackoffMs,
  type SendFailure,
} from "../domain/reminder-decision.ts";
import {
  type Attempt,
  afterAccepted,
  afterRefusal,
  freshMemory,
  heldBack,
  type RefusalOutcome,
} from "../domain/send-refusals.ts";
import type { MailTransport } from "./mail-transport.ts";
import { type Composed, compose } from "./reminder-compose.ts";
import { decisionInput, loadContext, type Row, type SenderContext } from "./sender-context.ts";

export interface SendOptions {
  config: Pick<Config, "publicUrl" | "mailFrom">;
  /** Messages in flight at once (match the SMTP pool's connections). */
  concurrency?: number;
  /**
   * A claimed row is taken back after this long if its sender vanished; each send extends it from the time
   * of that send, so it must outlast one message at the relay (not a whole batch).
   */
  leaseMs?: number;
  retryBaseMs?: number;
  retryMaxMs?: number;
  maxAttempts?: number;
  /** The time of each send (lease extension, records); the batch's `now` when absent. */
  clock?: () => Date;
  /** Set `stopped` to finish the messages in flight and give the rest of the batch back. */
  signal?: { stopped: boolean };
}

export interface SendResult {
  claimed: number;
  sent: number;
  retried: number;
  failed: number;
  withdrawn: number;
  rescheduled: number;
  released: number;
  /** Rows this sender had lost to another sender (its lease had run out) when it came to send them. */
  lost: number;
}

const emptyResult = (): SendResult => ({
  claimed: 0,
  sent: 0,
  retried: 0,
  failed: 0,
  withdrawn: 0,
  rescheduled: 0,
  released: 0,
  lost: 0,
});

// ------------------------------------------------------------------------------------- outbox statements

/** Claims up to `limit` due rows for this sender. */
async function claim(db: Db, now: Date, limit: number, leaseMs: number): Promise<Row[]> {
  const lease = new Date(now.getTime() + leaseMs);
  const res = await db.execute(sql`
    update reminders set state = 'sending', attempts = attempts + 1, locked_until = ${lease},
      next_attempt_at = ${lease}, updated_at = ${now}
    where (id, region_id) in (
      select id, region_id from reminders
      where state in ('queued', 'sending') and next_attempt_at <= ${now} and channel = 'email'
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

/** Updates a row this sender still holds (attempts is the fencing token against a reclaimed lease). */
async function settle(db: Db, r: Row, set: Partial<typeof reminders.$inferInsert>): Promise<void> {
  await db
    .update(reminders)
    .set(set)
    .where(
      and(
        eq(reminders.id, r.id),
        eq(reminders.regionId, r.regionId),
        eq(reminders.attempts, r.attempts),
        eq(reminders.state, "sending"),
      ),
    );
}

/**
 * The fence before a send, for the next few rows of a batch at once: each row is still ours (same `attempts`,
 * still 'sending') and its lease now runs from `at`. Answers the ids fenced; a row missing from it was claimed
 * by another sender since, and this sender must not send it. One statement for FENCE_GROUP rows (a round trip
 * per message cost a third of the throughput); the group's last send follows its fence by a few sends' time,
 * far inside any lease.
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

/** Rows failed earlier in a streak that turned out to be the relay's: queued again, still fenced. */
async function unfail(db: Db, rows: readonly Row[], at: Date): Promise<void> {
  for (const r of rows) {
    await db
      .update(reminders)
      .set({
        state: "queued",
        nextAttemptAt: new Date(at.getTime() + relayBackoffMs(r.attempts)),
        updatedAt: at,
      })
      .where(
        and(
          eq(reminders.id, r.id),
          eq(reminders.regionId, r.regionId),
          eq(reminders.attempts, r.attempts),
          eq(reminders.state, "failed"),
        ),
      );
  }
}

interface SentRecord extends Omit<Composed, "mail"> {
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

/** Group commit: at most one recording UPDATE in flight; what arrives meanwhile goes into the next one. */
function sentLog(db: Db, now: Date) {
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

// ------------------------------------------------------------------------------------------- one batch

type Prepared = Exclude<Decision, { action: "send" }> | ({ action: "send" } & Composed);

/** The decision for a claimed row, with its mail written out when it is to be sent. */
function prepare(ctx: SenderContext, r: Row): Prepared {
  try {
    const d = decideReminder(decisionInput(ctx, r), ctx.slotClock);
    return d.action === "send" ? { action: "send", ...compose(ctx, r, d) } : d;
  } catch (err) {
    return { action: "withdraw", reason: `Lỗi khi soạn thư: ${(err as Error).message}` };
  }
}

export async function sendDue(
  db: Db,
  transport: MailTransport,
  now: Date,
  limit: number,
  opts: SendOptions,
): Promise<SendResult> {
  const result = emptyResult();
  if (opts.signal?.stopped) return result;
  const leaseMs = opts.leaseMs ?? 5 * 60_000;
  const rows = await claim(db, now, limit, leaseMs);
  result.claimed = rows.length;
  if (rows.length === 0) return result;
  const ctx = await loadContext(db, rows, now, opts.config);
  const clock = opts.clock ?? (() => now);
  const base = opts.retryBaseMs ?? 60_000;
  const max = opts.retryMaxMs ?? 6 * 3600_000;
  const maxAttempts = opts.maxAttempts ?? 10;
  const limits = { maxAttempts, retryBaseMs: base, retryMaxMs: max };
  const log = sentLog(db, now);
  /** The relay's answers so far in this batch: streaks of refusals, and whether it refuses everything. */
  let memory = freshMemory<Row>();

  const fail = async (r: Row, m: Composed, response: string) => {
    await settle(db, r, {
      state: "failed",
      lastResponse: response,
      toEmail: m.toEmail,
      subject: m.subject,
      lockedUntil: null,
      updatedAt: clock(),
    });
    result.failed++;
  };

  /** Records what becomes of a refused (or held back) message, and of those its refusal shows were not failed. */
  const refused = async (r: Row, m: Composed, o: RefusalOutcome<Row>) => {
    if (o.unfail.length) {
      await unfail(db, o.unfail, clock());
      result.failed -= o.unfail.length;
      result.retried += o.unfail.length;
    }
    if (o.action === "fail") return fail(r, m, o.response);
    const at = clock();
    await settle(db, r, {
      state: "queued",
      nextAttemptAt: new Date(at.getTime() + o.afterMs),
      lastResponse: o.response,
      lockedUntil: null,
      updatedAt: at,
    });
    result.retried++;
  };

  /**
   * Sends one message this sender holds and records the outcome. The one place every send passes through,
   * fenced: the row is re-checked and its lease extended just before `transport.send`.
   */
  const fences = new Map<number, Promise<{ ids: Set<string>; at: number }>>();
  /** The fence of the group holding `rows[i]`, made once by whichever lane reaches the group first. */
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
  /** Still this sender's, with a lease fresh enough for this send: the group's fence, or its own when the
   * group's is older than a quarter of a lease (a slow relay), so that no send follows its fence by more. */
  const holds = async (r: Row, i: number) => {
    const g = await fenced(i);
    if (!g.ids.has(r.id)) return false;
    const now = clock();
    if (now.getTime() - g.at <= leaseMs / 4) return true;
    return (await fenceGroup(db, [r], now, leaseMs)).has(r.id);
  };
  const deliver = async (r: Row, i: number, m: Composed) => {
    const attempt: Attempt<Row> = { message: r, to: m.toEmail, attempts: r.attempts, ...limits };
    const waiting = heldBack(memory, attempt);
    if (waiting) return refused(r, m, waiting);
    if (!(await holds(r, i))) {
      // Another sender claimed it after this sender's lease ran out: it sends it, not this one.
      result.lost++;
      return;
    }
    try {
      const info = await transport.send(m.mail);
      memory = afterAccepted(memory, m.toEmail);
      // Recorded without holding up the next message: the SMTP connection stays busy.
      log.add({
        row: r,
        response: info.response,
        toEmail: m.toEmail,
        subject: m.subject,
        revision: m.revision,
        snapshot: m.snapshot,
      });
      result.sent++;
    } catch (err) {
      const next = afterRefusal(memory, (err ?? {}) as SendFailure, attempt);
      memory = next.memory;
      return refused(r, m, next.outcome);
    }
  };

  const handle = async (r: Row, i: number) => {
    if (opts.signal?.stopped) {
      // Given back untouched: another sender (or this one, restarted) takes it.
      await settle(db, r, {
        state: "queued",
        nextAttemptAt: r.dueAt <= now ? r.dueAt : now,
        attempts: r.attempts - 1,
        lockedUntil: null,
      });
      result.released++;
      return;
    }
    const d = prepare(ctx, r);
    // Withdrawn or waiting, the message was not attempted: the claim's attempt does not count.
    const unattempted = { attempts: r.attempts - 1, lockedUntil: null, updatedAt: now };
    switch (d.action) {
      case "withdraw":
        await settle(db, r, { state: "withdrawn", lastResponse: d.reason, ...unattempted });
        result.withdrawn++;
        return;
      case "wait":
        await settle(db, r, { state: "queued", dueAt: d.until, nextAttemptAt: d.until, ...unattempted });
        result.rescheduled++;
        return;
      case "send":
        await deliver(r, i, d);
    }
  };

  let next = 0;
  const work = async () => {
    while (next < rows.length) {
      const i = next++;
      await handle(rows[i]!, i);
    }
  };
  // Every sent message is recorded before this returns (a stopped worker leaves nothing claimed), even when a
  // lane failed.
  const lanes = await Promise.allSettled(Array.from({ length: Math.max(1, opts.concurrency ?? 5) }, work));
  await log.flush();
  for (const l of lanes) if (l.status === "rejected") throw l.reason;
  return result;
}

// ------------------------------------------------------------------------------------------ draining

export interface DrainOptions extends SendOptions {
  /** Rows claimed at a time by each lane. */
  batchSize?: number;
  /**
   * Claim-and-send loops running side by side (each claims with SKIP LOCKED, like separate workers): while one
   * lane claims and loads its next batch, the others keep the SMTP pool busy.
   */
  lanes?: number;
  onBatch?: (r: SendResult) => void;
}

export const DEFAULT_BATCH = 100;
export const DEFAULT_LANES = 2;

/** Sends until nothing is due (or `signal.stopped`); `now` is read again for every batch. */
export async function drainDue(
  db: Db,
  transport: MailTransport,
  now: () => Date,
  opts: DrainOptions,
): Promise<SendResult> {
  const batch = opts.batchSize ?? DEFAULT_BATCH;
  const total = emptyResult();
  const lane = async () => {
    for (;;) {
      if (opts.signal?.stopped) return;
      const r = await sendDue(db, transport, now(), batch, { clock: now, ...opts });
      for (const k of Object.keys(total) as (keyof SendResult)[]) total[k] += r[k];
      opts.onBatch?.(r);
      if (r.claimed < batch) return;
    }
  };
  const lanes = await Promise.allSettled(
    Array.from({ length: Math.max(1, opts.lanes ?? DEFAULT_LANES) }, lane),
  );
  for (const l of lanes) if (l.status === "rejected") throw l.reason;
  return total;
}
