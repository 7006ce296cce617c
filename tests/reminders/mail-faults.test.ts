/**
 * Mail under faults: two senders behind a slow relay with a short lease (every send fenced), a relay that
 * refuses everything for a while (retried with a long back-off, never lost), and refusals at RCPT TO told
 * apart: one address refused is a failure of that message, the same refusal for many addresses is the relay.
 */
import { and, eq, inArray, lte, or, sql } from "drizzle-orm";
import { afterAll, describe, expect, it } from "vitest";
import { reminders } from "../../src/db/schema.ts";
import { smtpTransport } from "../../src/reminders/mail-transport.ts";
import { sendDue } from "../../src/reminders/reminder-outbox.ts";
import { scheduleReminders } from "../../src/reminders/reminder-schedule.ts";
import { buildTestApp } from "../helpers/app.ts";
import { seed } from "./fixtures.ts";
import { startSink } from "./smtp-sink.ts";

const DUE = "2026-05-12T00:00:00Z"; // 07:00 on 12/5, three days before the meeting of 15/5
const MINUTE = 60_000;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe("fencing: two senders, a slow relay, a short lease", () => {
  it("sends every message exactly once although leases expire and the other sender re-claims rows", async () => {
    const t = await buildTestApp({ now: DUE });
    const db = t.database.db;
    const config = t.app.deps.config;
    await seed(db, { tag: "fence", extraMembers: 5 });
    // 1 s per message at the relay, a lease of 1.5 s: the first sender's batch outlives its lease.
    const sink = await startSink({ parse: false, delayMs: 1000 });
    const transports = [1, 2].map(() => smtpTransport(sink.url, { maxConnections: 1 }));
    afterAll(async () => {
      for (const tr of transports) tr.close();
      await sink.close();
    });
    await scheduleReminders(db, t.clock.now(), { mailFrom: config.mailFrom });
    // Time that runs (the lease must expire for real), starting at DUE.
    const started = Date.now();
    const clock = () => new Date(Date.parse(DUE) + (Date.now() - started));
    const leaseMs = 1500;
    const due = and(inArray(reminders.state, ["queued", "sending"]), lte(reminders.dueAt, new Date(DUE)));
    const open = async () =>
      (await db.select({ n: sql<number>`count(*)::int` }).from(reminders).where(due))[0]!.n;
    const total = await open();
    expect(total).toBeGreaterThanOrEqual(8);
    const reported = { sent: 0 };
    const sender = async (i: number, batch: number) => {
      for (;;) {
        const r = await sendDue(db, transports[i]!, clock(), batch, {
          config,
          concurrency: 1,
          leaseMs,
          clock,
        });
        reported.sent += r.sent;
        if (r.claimed === 0) {
          if ((await open()) === 0) return;
          await sleep(100);
        }
      }
    };
    // The first sender claims everything due; the second starts once it has, and takes rows as leases expire.
    const first = sender(0, 100);
    while (
      (await db.select({ id: reminders.id }).from(reminders).where(eq(reminders.state, "sending"))).length ===
      0
    )
      await sleep(10);
    const second = sender(1, 2);
    await Promise.all([first, second]);

    expect(sink.duplicates()).toEqual([]);
    expect([...sink.offered.values()].every((n) => n === 1)).toBe(true);
    const sent = await db.select().from(reminders).where(eq(reminders.state, "sent"));
    expect(sent.length).toBe(sink.received.length);
    expect(reported.sent).toBe(sink.received.length);
    expect(new Set(sink.received.map((r) => r.messageId))).toEqual(new Set(sent.map((r) => r.messageId)));
    expect(sent.length).toBeGreaterThanOrEqual(8);
  }, 60_000);
});

describe("a relay-wide refusal", () => {
  it("550 5.7.1 for every message for a while: retried with a long back-off, then all arrive once", async () => {
    const t = await buildTestApp({ now: DUE });
    const db = t.database.db;
    const config = t.app.deps.config;
    const s = await seed(db, { tag: "wide", extraMembers: 17 });
    const relay = { refusing: true };
    const sink = await startSink({
      parse: false,
      answer: () => (relay.refusing ? [550, "5.7.1 Service unavailable; client host blocked"] : null),
    });
    const transport = smtpTransport(sink.url);
    afterAll(async () => {
      transport.close();
      await sink.close();
    });
    await scheduleReminders(db, t.clock.now(), { mailFrom: config.mailFrom });
    const send = () => sendDue(db, transport, t.clock.now(), 100, { config });
    const reminderRows = () =>
      db
        .select()
        .from(reminders)
        .where(and(eq(reminders.kind, "meeting_reminder"), eq(reminders.slot, "3d@07:00")));
    expect((await reminderRows()).length).toBe(20);

    await send();
    let rows = await reminderRows();
    expect(rows.every((r) => r.state === "queued")).toBe(true);
    expect(rows.every((r) => r.lastResponse?.includes("5.7.1"))).toBe(true);
    // The first back-off is 15 minutes: nothing before.
    t.clock.advance(14 * MINUTE);
    expect((await send()).claimed).toBe(0);
    t.clock.advance(MINUTE);
    await send();
    rows = await reminderRows();
    expect(rows.every((r) => r.state === "queued")).toBe(true);
    // Then an hour.
    t.clock.advance(59 * MINUTE);
    expect((await send()).claimed).toBe(0);
    relay.refusing = false;
    t.clock.advance(MINUTE);
    await send();
    rows = await reminderRows();
    expect(rows.map((r) => r.state)).toEqual(rows.map(() => "sent"));
    const emails = [s.secretary, s.member, s.guest, ...s.extra].map((m) => m.email).sort();
    const arrived = sink.received.filter((r) => r.messageId.includes("meeting_reminder"));
    expect(arrived.flatMap((r) => r.rcpt).sort()).toEqual(emails);
    expect(sink.duplicates()).toEqual([]);
  });
});

describe("refusals at RCPT TO", () => {
  it("the same 5xx at RCPT TO for many addresses is the relay; one address refused is that message's failure", async () => {
    const t = await buildTestApp({ now: DUE });
    const db = t.database.db;
    const config = t.app.deps.config;
    const s = await seed(db, { tag: "rcpt", extraMembers: 7 });
    const relay = { denying: true };
    const sink = await startSink({
      parse: false,
      rcptAnswer: (address) => {
        if (address === s.guest.email) return [550, "5.1.1 No such user"];
        return relay.denying ? [550, "5.7.1 Relaying denied"] : null;
      },
    });
    const transport = smtpTransport(sink.url);
    afterAll(async () => {
      transport.close();
      await sink.close();
    });
    await scheduleReminders(db, t.clock.now(), { mailFrom: config.mailFrom });
    const send = () => sendDue(db, transport, t.clock.now(), 100, { config, concurrency: 1 });
    const reminderRows = () =>
      db
        .select()
        .from(reminders)
        .where(and(eq(reminders.kind, "meeting_reminder"), eq(reminders.slot, "3d@07:00")));
    await send();
    let rows = await reminderRows();
    // The relay's refusal is recognised after a few addresses: none of the others is lost.
    expect(rows.filter((r) => r.memberId !== s.guest.id).map((r) => r.state)).toEqual(
      Array(9).fill("queued"),
    );
    expect(sink.received).toEqual([]);
    relay.denying = false;
    t.clock.advance(15 * MINUTE);
    await send();
    rows = await reminderRows();
    expect(rows.filter((r) => r.state === "sent").length).toBe(9);
    // One address refused while the relay accepts the others: that message fails, with the reason.
    const guest = rows.find((r) => r.memberId === s.guest.id)!;
    expect(guest).toMatchObject({ state: "failed" });
    expect(guest.lastResponse).toMatch(/^RCPT TO: 550 5\.1\.1/);
    const stuck = await db
      .select()
      .from(reminders)
      .where(or(eq(reminders.state, "sending"), eq(reminders.state, "failed")));
    expect([...new Set(stuck.map((r) => r.memberId))]).toEqual([s.guest.id]);
    expect(sink.duplicates()).toEqual([]);
  });
});
