/**
 * The worker loop: a scheduler tick, then sending until nothing is due, then a pause. Safe to run on every
 * instance (the outbox is in PostgreSQL). `stop()` finishes the messages in flight and gives the rest of
 * the claimed batch back before it resolves.
 */
import type { Clock } from "../clock.ts";
import type { Config } from "../config.ts";
import type { Db } from "../db/client.ts";
import { drainChannels } from "./channel-outbox.ts";
import { type ChannelSenders, channelsOn } from "./channel-senders.ts";
import type { MailTransport } from "./mail-transport.ts";
import { DEFAULT_BATCH, drainDue, type SendOptions, type SendResult } from "./reminder-outbox.ts";
import { scheduleReminders } from "./reminder-schedule.ts";

export interface WorkerOptions {
  db: Db;
  transport: MailTransport;
  /** Senders of the channels beside email (push, Zalo); none: mail only. */
  channels?: ChannelSenders;
  clock: Clock;
  config: Pick<Config, "publicUrl" | "mailFrom">;
  intervalMs?: number;
  batchSize?: number;
  concurrency?: number;
  /** Claim-and-send loops side by side (see `drainDue`). */
  lanes?: number;
  /** Run the scheduler tick too (a pure sender when false). */
  schedule?: boolean;
  send?: Omit<SendOptions, "config" | "signal" | "concurrency">;
  horizonDays?: number;
  onError?: (err: unknown) => void;
  /** Called after each batch (tests and the bench watch progress with it). */
  onBatch?: (r: SendResult) => void;
}

export interface ReminderWorker {
  stop(): Promise<void>;
  /** Skips the pause: run the next round now. */
  wake(): void;
  /** Resolves after the next complete round (tick + sending until nothing is due). */
  idle(): Promise<void>;
}

export function startReminderWorker(o: WorkerOptions): ReminderWorker {
  const signal = { stopped: false };
  const interval = o.intervalMs ?? 30_000;
  const batch = o.batchSize ?? DEFAULT_BATCH;
  let wakeUp: (() => void) | null = null;
  let idleWaiters: { after: number; resolve: () => void }[] = [];
  let completed = 0;
  let inRound = false;

  const pause = () =>
    new Promise<void>((resolve) => {
      const t = setTimeout(done, interval);
      function done() {
        clearTimeout(t);
        wakeUp = null;
        resolve();
      }
      wakeUp = done;
    });

  const loop = async () => {
    while (!signal.stopped) {
      inRound = true;
      try {
        if (o.schedule !== false) {
          await scheduleReminders(o.db, o.clock.now(), {
            mailFrom: o.config.mailFrom,
            horizonDays: o.horizonDays,
            channels: channelsOn(o.channels),
          });
        }
        // Channels first: a message they cannot deliver is queued by email and goes in this same round.
        if (o.channels && Object.keys(o.channels).length > 0) {
          await drainChannels(o.db, o.channels, () => o.clock.now(), {
            ...o.send,
            config: o.config,
            batchSize: batch,
            signal,
          });
        }
        await drainDue(o.db, o.transport, () => o.clock.now(), {
          ...o.send,
          config: o.config,
          concurrency: o.concurrency,
          batchSize: batch,
          lanes: o.lanes,
          signal,
          onBatch: o.onBatch,
        });
      } catch (err) {
        o.onError?.(err);
      }
      inRound = false;
      completed++;
      for (const w of idleWaiters.filter((x) => x.after <= completed)) w.resolve();
      idleWaiters = idleWaiters.filter((x) => x.after > completed);
      if (signal.stopped) break;
      // Someone waits for a round that starts after their call: run it now.
      if (idleWaiters.length === 0) await pause();
    }
  };
  const running = loop();

  return {
    async stop() {
      signal.stopped = true;
      wakeUp?.();
      await running;
      for (const w of idleWaiters) w.resolve();
      idleWaiters = [];
    },
    wake() {
      wakeUp?.();
    },
    idle() {
      return new Promise<void>((resolve) => {
        // A round already under way may have missed what the caller just changed: wait for the next one.
        idleWaiters.push({ after: completed + (inRound ? 2 : 1), resolve });
        wakeUp?.();
      });
    },
  };
}
