/**
 * The app of a mail test: built at `now`, with a real SMTP sink and its transport (closed after the file), and
 * the outbox run by hand: `tick` schedules what is due at the clock's time, `sendAll` sends until nothing is
 * left (and counts), `to` is what an address received.
 */
import { afterAll } from "vitest";
import { createUser } from "../../src/auth/users-service.ts";
import type { Db } from "../../src/db/client.ts";
import { smtpTransport } from "../../src/reminders/mail-transport.ts";
import { sendDue } from "../../src/reminders/reminder-outbox.ts";
import { scheduleReminders } from "../../src/reminders/reminder-schedule.ts";
import { startReminderWorker, type WorkerOptions } from "../../src/reminders/reminder-worker.ts";
import { buildTestApp } from "../helpers/app.ts";
import type { Seeded } from "./fixtures.ts";
import { type Received, startSink } from "./smtp-sink.ts";

export async function mailTestApp(now: string) {
  const t = await buildTestApp({ now });
  const { app, clock } = t;
  const db = t.database.db;
  const config = app.deps.config;
  const sink = await startSink();
  const transport = smtpTransport(sink.url);
  afterAll(async () => {
    transport.close();
    await sink.close();
  });
  const tick = () => scheduleReminders(db, clock.now(), { mailFrom: config.mailFrom });
  async function sendAll() {
    const total = { sent: 0, withdrawn: 0 };
    for (;;) {
      const r = await sendDue(db, transport, clock.now(), 50, { config });
      total.sent += r.sent;
      total.withdrawn += r.withdrawn;
      if (r.claimed === 0) return total;
    }
  }
  const to = (addr: string): Received[] => sink.received.filter((r) => r.rcpt.includes(addr));
  return { t, app, clock, db, config, sink, transport, tick, sendAll, to };
}

/** Accounts for the seeded branch's secretary and member, with `password`. */
export async function seededAccounts(db: Db, s: Seeded, password: string) {
  const user = (email: string, extra: Record<string, unknown>) =>
    createUser(db, { email, password, displayName: email, ...extra } as Parameters<typeof createUser>[1]);
  await user(s.secretary.email, { role: "secretary", branchId: s.branchId, memberId: s.secretary.id });
  await user(s.member.email, { role: "member", branchId: s.branchId, memberId: s.member.id });
}

/** Two instances' reminder workers on one database, as two processes run them (each its own SMTP transport to
 * `sinkUrl` and its own channel senders from `channels()`), until both are idle; then stopped. */
export async function runTwoWorkers(
  o: Pick<WorkerOptions, "db" | "clock" | "config"> & {
    sinkUrl: string;
    channels: () => WorkerOptions["channels"];
  },
) {
  const workers = [1, 2].map(() => {
    const transport = smtpTransport(o.sinkUrl);
    const worker = startReminderWorker({
      db: o.db,
      transport,
      channels: o.channels(),
      clock: o.clock,
      config: o.config,
      intervalMs: 60_000,
      batchSize: 5,
    });
    return { transport, worker };
  });
  await Promise.all(workers.map((w) => w.worker.idle()));
  await Promise.all(workers.map((w) => w.worker.stop()));
  for (const w of workers) w.transport.close();
}
