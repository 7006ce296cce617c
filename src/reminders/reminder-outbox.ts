/**
 * The sender: claims due outbox rows (FOR UPDATE SKIP LOCKED, with a lease so that a crashed sender's rows
 * come back), decides each one from the CURRENT meeting and recipient (so it never carries an old date),
 * sends it, and records the server's answer.
 *
 *   claim → loadContext (sender-context.ts) → per row: decideReminder (domain) → compose → fence → send → record
 *
 * Every send is fenced (outbox-rows.ts, shared with the other channels): just before talking to the relay,
 * one conditional UPDATE (for the next few rows at once) checks that the row is still this sender's
 * (`attempts`, raised by every claim, is the fencing token) and extends its lease from that moment. A sender whose lease ran out and whose row another sender
 * claimed stands down. A message is therefore offered twice only when the sends of one group outlast a whole
 * lease (a relay that hangs after keeping a message); the repeat carries the same Message-ID.
 *
 * Refusals are decided in the domain (`classifyRefusal`, then `send-refusals.ts`): temporary ones (no
 * connection, 4xx) are retried with exponential backoff; a recipient's (5xx at RCPT TO, a bad mailbox) fails
 * that message, shown to the secretary, who can re-queue it; the relay's (5xx at connection or MAIL FROM, a
 * policy refusal at DATA, or the same recipient refusal for several addresses in a row) is retried after
 * 15 min, 1 h, then every 6 h, and the rest of the batch waits with it.
 */
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
import { batchFences, claim, claimed, drainLanes, sentLog, settle, settleUnsent } from "./outbox-rows.ts";
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
// (claim, settle, fences and the record of sends are in outbox-rows.ts, shared with the other channels)

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
      .where(claimed(r, "failed"));
  }
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
  const rows = await claim(db, now, limit, leaseMs, "email");
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

  /** Still this sender's, with a fresh lease: the fence every send passes through (outbox-rows.ts). */
  const holds = batchFences(db, rows, clock, leaseMs);
  /** Sends one message this sender holds and records the outcome, fenced just before `transport.send`. */
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
      await settleUnsent(db, r, now, { action: "release" });
      result.released++;
      return;
    }
    const d = prepare(ctx, r);
    // Withdrawn or waiting, the message was not attempted: the claim's attempt does not count.
    if (d.action !== "send") await settleUnsent(db, r, now, d);
    if (d.action === "withdraw") result.withdrawn++;
    else if (d.action === "wait") result.rescheduled++;
    else await deliver(r, i, d);
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
  return drainLanes(
    { lanes: opts.lanes ?? DEFAULT_LANES, batch, signal: opts.signal },
    emptyResult(),
    () => sendDue(db, transport, now(), batch, { clock: now, ...opts }),
    opts.onBatch,
  );
}
