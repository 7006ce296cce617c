/**
 * The sender for the channels beside email (push, Zalo): the same outbox and the same promises as mail
 * (reminder-outbox.ts). Rows are claimed with FOR UPDATE SKIP LOCKED and a lease; each is decided from the
 * CURRENT meeting and recipient (quiet hours included: `decideReminder`); just before the send a conditional
 * UPDATE checks the row is still this sender's (`attempts` is the fencing token), so under any number of
 * instances a message goes once per channel. The statements on claimed rows are the mail's (outbox-rows.ts):
 * sends are fenced and recorded in groups, and a channel may read what a whole batch needs at once
 * (`ChannelSender.batch`: push reads the devices of every recipient in one statement). The channel's answer (a ChannelOutcome) decides the
 * row (`channelStep`): sent; retried with backoff; failed (shown to the secretary); or withdrawn with the
 * same message queued by email — once, under the email row's unique key.
 */
import { sql } from "drizzle-orm";
import type { ChannelOutcome } from "../channels/channel.ts";
import type { Db } from "../db/client.ts";
import { channelStep } from "../domain/reminder-channels.ts";
import { decideReminder } from "../domain/reminder-decision.ts";
import type { ChannelBatch, ChannelMessage, ChannelSender, ChannelSenders } from "./channel-senders.ts";
import { channelMessage } from "./channel-text.ts";
import {
  batchFences,
  claim,
  drainLanes,
  inFlightLimit,
  sentLog,
  settle,
  settleUnsent,
} from "./outbox-rows.ts";
import { type Composed, compose } from "./reminder-compose.ts";
import { DEFAULT_BATCH, DEFAULT_LANES, type SendOptions } from "./reminder-outbox.ts";
import { decisionInput, loadContext, type Row, type SenderContext } from "./sender-context.ts";

export interface ChannelResult {
  claimed: number;
  sent: number;
  retried: number;
  failed: number;
  fellBack: number;
  withdrawn: number;
  rescheduled: number;
  lost: number;
}

const empty = (): ChannelResult => ({
  claimed: 0,
  sent: 0,
  retried: 0,
  failed: 0,
  fellBack: 0,
  withdrawn: 0,
  rescheduled: 0,
  lost: 0,
});

/** Withdraws a channel row and queues its message by email, in one transaction (once: the email row's key). */
async function fallBack(db: Db, r: Row, response: string, at: Date): Promise<boolean> {
  return db.transaction(async (tx) => {
    const res = await tx.execute(sql`
      update reminders set state = 'withdrawn', last_response = ${response}, locked_until = null,
        updated_at = ${at}
      where id = ${r.id} and region_id = ${r.regionId} and attempts = ${r.attempts} and state = 'sending'
      returning id`);
    if (res.rows.length === 0) return false;
    await tx.execute(sql`
      insert into reminders (region_id, key, kind, channel, slot, branch_id, meeting_id, member_id, user_id,
        ref_id, ref_date, revision, to_email, due_at, next_attempt_at, message_id, created_at, updated_at)
      select region_id, key, kind, 'email', slot, branch_id, meeting_id, member_id, user_id, ref_id, ref_date,
        revision, to_email, ${at}, ${at}, message_id, ${at}, ${at}
      from reminders where id = ${r.id} and region_id = ${r.regionId}
      on conflict (key, channel, region_id) do nothing`);
    return true;
  });
}

export interface ChannelSendOptions
  extends Pick<SendOptions, "config" | "leaseMs" | "maxAttempts" | "clock" | "signal" | "concurrency"> {
  /** Shared by the lanes of a drain: at most `concurrency` messages in flight across all of them. */
  inFlight?: ReturnType<typeof inFlightLimit>;
}

type Prepared =
  | Exclude<ReturnType<typeof decideReminder>, { action: "send" }>
  | { action: "send"; composed: Composed; message: ChannelMessage };

/** The decision for a claimed row, with its message written out when it is to be sent. */
function prepare(ctx: SenderContext, r: Row): Prepared {
  try {
    const d = decideReminder(decisionInput(ctx, r), ctx.slotClock);
    if (d.action !== "send") return d;
    const composed = compose(ctx, r, d);
    return { action: "send", composed, message: channelMessage(ctx, r, composed, d.to.name) };
  } catch (err) {
    return { action: "withdraw", reason: `Lỗi khi soạn tin: ${(err as Error).message}` };
  }
}

/** Each channel's sender for this batch: given the batch's messages at once where it can use them. */
async function batchSenders(senders: ChannelSenders, rows: Row[], prepared: Prepared[]) {
  const out = new Map<string, ChannelBatch>();
  for (const [name, sender] of Object.entries(senders) as [string, ChannelSender | undefined][]) {
    if (!sender) continue;
    const messages = prepared.flatMap((p, i) =>
      p.action === "send" && rows[i]!.channel === name ? [p.message] : [],
    );
    if (messages.length === 0) continue;
    out.set(
      name,
      sender.batch ? await sender.batch(messages) : { send: (m) => sender.send(m), finish: async () => {} },
    );
  }
  return out;
}

export async function sendChannelsDue(
  db: Db,
  senders: ChannelSenders,
  now: Date,
  limit: number,
  opts: ChannelSendOptions,
): Promise<ChannelResult> {
  const result = empty();
  if (opts.signal?.stopped) return result;
  const leaseMs = opts.leaseMs ?? 5 * 60_000;
  const clock = opts.clock ?? (() => now);
  const rows = await claim(db, now, limit, leaseMs, "channels");
  result.claimed = rows.length;
  if (rows.length === 0) return result;
  const ctx = await loadContext(db, rows, now, opts.config);
  // Decided and written out first, so that a channel reads what the whole batch needs at once.
  const prepared = rows.map((r) => prepare(ctx, r));
  const batch = await batchSenders(senders, rows, prepared);
  const holds = batchFences(db, rows, clock, leaseMs);
  const log = sentLog(db, now);
  const inFlight = opts.inFlight ?? inFlightLimit(opts.concurrency ?? 5);

  const deliver = async (r: Row, i: number, composed: Composed, message: ChannelMessage) => {
    const sender = batch.get(r.channel);
    if (!sender) {
      if (await fallBack(db, r, "fallback: kênh này đang tắt", clock())) result.fellBack++;
      return;
    }
    // Fenced inside the send's slot, so that waiting for the slot never ages the fence.
    const outcome = await inFlight(async (): Promise<ChannelOutcome | null> => {
      if (!(await holds(r, i))) return null;
      try {
        return await sender.send(message);
      } catch (err) {
        return { kind: "retry", reason: `Lỗi khi gửi: ${(err as Error).message}` };
      }
    });
    if (!outcome) {
      // Another sender claimed it after this sender's lease ran out: it sends it, not this one.
      result.lost++;
      return;
    }
    const step = channelStep(outcome, r.attempts, opts.maxAttempts ?? 10);
    const done = clock();
    const end = { lastResponse: step.response, lockedUntil: null, updatedAt: done };
    switch (step.state) {
      case "sent":
        // Recorded in groups without holding up the next message, as the mail's are.
        log.add({ row: r, response: step.response, ...composed });
        result.sent++;
        return;
      case "queued":
        await settle(db, r, {
          state: "queued",
          nextAttemptAt: new Date(done.getTime() + step.afterMs),
          ...end,
        });
        result.retried++;
        return;
      case "failed":
        await settle(db, r, { state: "failed", subject: composed.subject, ...end });
        result.failed++;
        return;
      case "fallback":
        if (await fallBack(db, r, step.response, done)) result.fellBack++;
    }
  };

  const handle = async (r: Row, i: number) => {
    if (opts.signal?.stopped) {
      await settleUnsent(db, r, now, { action: "release" });
      return;
    }
    const d = prepared[i]!;
    // Withdrawn or waiting, the message was not attempted: the claim's attempt does not count.
    if (d.action !== "send") await settleUnsent(db, r, now, d);
    if (d.action === "withdraw") result.withdrawn++;
    else if (d.action === "wait") result.rescheduled++;
    else await deliver(r, i, d.composed, d.message);
  };

  let next = 0;
  const work = async () => {
    while (next < rows.length) {
      const i = next++;
      await handle(rows[i]!, i);
    }
  };
  // Every sent message is recorded, and every channel's batch finished, before this returns.
  const lanes = await Promise.allSettled(Array.from({ length: 5 }, work));
  const closing = await Promise.allSettled([log.flush(), ...[...batch.values()].map((b) => b.finish())]);
  for (const l of [...lanes, ...closing]) if (l.status === "rejected") throw l.reason;
  return result;
}

/** Sends until nothing is due on the channels (or `signal.stopped`), in lanes as the mail does. */
export function drainChannels(
  db: Db,
  senders: ChannelSenders,
  now: () => Date,
  opts: ChannelSendOptions & { batchSize?: number; lanes?: number },
): Promise<ChannelResult> {
  const batch = opts.batchSize ?? DEFAULT_BATCH;
  const inFlight = inFlightLimit(opts.concurrency ?? 5);
  return drainLanes({ lanes: opts.lanes ?? DEFAULT_LANES, batch, signal: opts.signal }, empty(), () =>
    sendChannelsDue(db, senders, now(), batch, { clock: now, inFlight, ...opts }),
  );
}
