/**
 * The sender for the channels beside email (push, Zalo): the same outbox and the same promises as mail
 * (reminder-outbox.ts). Rows are claimed with FOR UPDATE SKIP LOCKED and a lease; each is decided from the
 * CURRENT meeting and recipient (quiet hours included: `decideReminder`); just before the send one
 * conditional UPDATE checks the row is still this sender's (`attempts` is the fencing token), so under any
 * number of instances a message goes once per channel. The channel's answer (a ChannelOutcome) decides the
 * row (`channelStep`): sent; retried with backoff; failed (shown to the secretary); or withdrawn with the
 * same message queued by email — once, under the email row's unique key.
 */
import { and, inArray, sql } from "drizzle-orm";
import type { Db } from "../db/client.ts";
import { reminders } from "../db/schema.ts";
import { channelStep } from "../domain/reminder-channels.ts";
import { decideReminder } from "../domain/reminder-decision.ts";
import type { ChannelSenders } from "./channel-senders.ts";
import { channelMessage } from "./channel-text.ts";
import { compose } from "./reminder-compose.ts";
import type { SendOptions } from "./reminder-outbox.ts";
import { decisionInput, loadContext, type Row } from "./sender-context.ts";

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

async function claim(db: Db, now: Date, limit: number, leaseMs: number): Promise<Row[]> {
  const lease = new Date(now.getTime() + leaseMs);
  const res = await db.execute(sql`
    update reminders set state = 'sending', attempts = attempts + 1, locked_until = ${lease},
      next_attempt_at = ${lease}, updated_at = ${now}
    where (id, region_id) in (
      select id, region_id from reminders
      where state in ('queued', 'sending') and next_attempt_at <= ${now} and channel <> 'email'
      order by next_attempt_at
      limit ${limit}
      for update skip locked)
    returning id, region_id`);
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

/** Sets columns of a row this sender still holds; answers whether it did (the fence). */
async function settle(db: Db, r: Row, set: ReturnType<typeof sql>): Promise<boolean> {
  const res = await db.execute(sql`
    update reminders set ${set}
    where id = ${r.id} and region_id = ${r.regionId} and attempts = ${r.attempts} and state = 'sending'
    returning id`);
  return res.rows.length > 0;
}

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

export async function sendChannelsDue(
  db: Db,
  senders: ChannelSenders,
  now: Date,
  limit: number,
  opts: Pick<SendOptions, "config" | "leaseMs" | "maxAttempts" | "clock" | "signal">,
): Promise<ChannelResult> {
  const result = empty();
  if (opts.signal?.stopped) return result;
  const leaseMs = opts.leaseMs ?? 5 * 60_000;
  const clock = opts.clock ?? (() => now);
  const rows = await claim(db, now, limit, leaseMs);
  result.claimed = rows.length;
  if (rows.length === 0) return result;
  const ctx = await loadContext(db, rows, now, opts.config);
  const unattempted = sql`attempts = attempts - 1, locked_until = null, updated_at = ${now}`;

  const handle = async (r: Row) => {
    let d: ReturnType<typeof decideReminder>;
    try {
      d = decideReminder(decisionInput(ctx, r), ctx.slotClock);
    } catch (err) {
      d = { action: "withdraw", reason: `Lỗi khi soạn tin: ${(err as Error).message}` };
    }
    if (d.action === "withdraw") {
      await settle(db, r, sql`state = 'withdrawn', last_response = ${d.reason}, ${unattempted}`);
      result.withdrawn++;
      return;
    }
    if (d.action === "wait") {
      await settle(
        db,
        r,
        sql`state = 'queued', due_at = ${d.until}, next_attempt_at = ${d.until}, ${unattempted}`,
      );
      result.rescheduled++;
      return;
    }
    const sender = r.channel === "email" ? undefined : senders[r.channel];
    const at = clock();
    if (!sender) {
      if (await fallBack(db, r, "fallback: kênh này đang tắt", at)) result.fellBack++;
      return;
    }
    const composed = compose(ctx, r, d);
    // The fence: still ours, and the lease runs from now.
    const lease = new Date(at.getTime() + leaseMs);
    if (
      !(await settle(db, r, sql`locked_until = ${lease}, next_attempt_at = ${lease}, updated_at = ${at}`))
    ) {
      result.lost++;
      return;
    }
    let outcome: Awaited<ReturnType<typeof sender.send>>;
    try {
      outcome = await sender.send(channelMessage(ctx, r, composed, d.to.name));
    } catch (err) {
      outcome = { kind: "retry", reason: `Lỗi khi gửi: ${(err as Error).message}` };
    }
    const step = channelStep(outcome, r.attempts, opts.maxAttempts ?? 10);
    const done = clock();
    switch (step.state) {
      case "sent":
        await settle(
          db,
          r,
          sql`state = 'sent', sent_at = ${done}, last_response = ${step.response}, to_email = ${composed.toEmail},
            subject = ${composed.subject}, revision = ${composed.revision},
            snapshot = ${composed.snapshot ? JSON.stringify(composed.snapshot) : null}::jsonb,
            locked_until = null, updated_at = ${done}`,
        );
        result.sent++;
        return;
      case "queued":
        await settle(
          db,
          r,
          sql`state = 'queued', next_attempt_at = ${new Date(done.getTime() + step.afterMs)},
            last_response = ${step.response}, locked_until = null, updated_at = ${done}`,
        );
        result.retried++;
        return;
      case "failed":
        await settle(
          db,
          r,
          sql`state = 'failed', last_response = ${step.response}, subject = ${composed.subject},
            locked_until = null, updated_at = ${done}`,
        );
        result.failed++;
        return;
      case "fallback":
        if (await fallBack(db, r, step.response, done)) result.fellBack++;
    }
  };

  const lanes = Array.from({ length: 5 }, async () => {
    while (rows.length) {
      const r = rows.shift()!;
      if (opts.signal?.stopped) {
        await settle(
          db,
          r,
          sql`state = 'queued', next_attempt_at = ${r.dueAt <= now ? r.dueAt : now}, ${unattempted}`,
        );
        continue;
      }
      await handle(r);
    }
  });
  const settled = await Promise.allSettled(lanes);
  for (const l of settled) if (l.status === "rejected") throw l.reason;
  return result;
}

/** Sends until nothing is due on the channels (or `signal.stopped`). */
export async function drainChannels(
  db: Db,
  senders: ChannelSenders,
  now: () => Date,
  opts: Parameters<typeof sendChannelsDue>[4] & { batchSize?: number },
): Promise<ChannelResult> {
  const total = empty();
  const batch = opts.batchSize ?? 100;
  for (;;) {
    if (opts.signal?.stopped) return total;
    const r = await sendChannelsDue(db, senders, now(), batch, { clock: now, ...opts });
    for (const k of Object.keys(total) as (keyof ChannelResult)[]) total[k] += r[k];
    if (r.claimed < batch) return total;
  }
}
