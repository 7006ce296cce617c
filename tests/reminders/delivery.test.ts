/**
 * Delivery: retries on 4xx, none on 5xx, the `.eml` outbox when no SMTP server is configured, and exactly
 * once through a worker stopped mid-batch and through two workers on one database.
 */
import { mkdtemp, readdir, readFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { eq } from "drizzle-orm";
import { simpleParser } from "mailparser";
import { afterAll, describe, expect, it, vi } from "vitest";
import { reminders } from "../../src/db/schema.ts";
import { createMailTransport, smtpTransport } from "../../src/reminders/mail-transport.ts";
import { sendDue } from "../../src/reminders/reminder-outbox.ts";
import { scheduleReminders } from "../../src/reminders/reminder-schedule.ts";
import { startReminderWorker } from "../../src/reminders/reminder-worker.ts";
import { buildTestApp } from "../helpers/app.ts";
import { seed } from "./fixtures.ts";
import { startSink } from "./smtp-sink.ts";

const DUE = "2026-05-12T00:00:00Z"; // 07:00 on 12/5, three days before the meeting of 15/5

describe("retries", () => {
  it("retries a 451 with backoff and delivers once; records a 550 and never retries it", async () => {
    const t = await buildTestApp({ now: DUE });
    const db = t.database.db;
    const config = t.app.deps.config;
    const s = await seed(db, { tag: "r" });
    const sink = await startSink({
      answer: ({ messageId, rcpt, seen }) => {
        if (!messageId.includes("meeting_reminder")) return null;
        if (rcpt.includes(s.member.email) && seen === 0) return [451, "4.3.0 Try again later"];
        if (rcpt.includes(s.guest.email)) return [550, "5.1.1 Mailbox unavailable"];
        return null;
      },
    });
    const transport = smtpTransport(sink.url);
    afterAll(async () => {
      transport.close();
      await sink.close();
    });
    await scheduleReminders(db, t.clock.now(), { mailFrom: config.mailFrom });
    const send = () => sendDue(db, transport, t.clock.now(), 100, { config, retryBaseMs: 60_000 });
    const first = await send();
    expect(first).toMatchObject({ retried: 1, failed: 1 });
    const row = async (memberId: string) =>
      (await db.select().from(reminders).where(eq(reminders.memberId, memberId))).find(
        (r) => r.kind === "meeting_reminder" && r.slot === "3d@07:00",
      )!;
    const duc = await row(s.member.id);
    expect(duc).toMatchObject({ state: "queued", attempts: 1 });
    expect(duc.lastResponse).toContain("451");
    expect(duc.nextAttemptAt.toISOString()).toBe("2026-05-12T00:01:00.000Z");
    const ha = await row(s.guest.id);
    expect(ha).toMatchObject({ state: "failed", attempts: 1 });
    expect(ha.lastResponse).toContain("550");
    // Not before the backoff has passed.
    expect((await send()).claimed).toBe(0);
    t.clock.advance(60_000);
    expect((await send()).sent).toBe(1);
    t.clock.advance(3600_000);
    expect((await send()).claimed).toBe(0);
    expect(await row(s.member.id)).toMatchObject({ state: "sent", attempts: 2 });
    expect(
      sink.received.filter((r) => r.rcpt.includes(s.member.email) && r.messageId.includes("meeting_reminder"))
        .length,
    ).toBe(1);
    expect(sink.offered.get((await row(s.guest.id)).messageId)).toBe(1);
    // The API shows the state and the server's answer.
    const h = await t.login("admin@test.vn", "mat-khau-quan-tri");
    const list = (await t.app.inject({ url: `/api/members/${s.guest.id}/messages`, headers: h })).json();
    expect(list.find((m: { kind: string }) => m.kind === "meeting_reminder")).toMatchObject({
      state: "failed",
      lastResponse: expect.stringContaining("550 5.1.1 Mailbox unavailable"),
    });
  });

  it("a refused connection is temporary: retried later", async () => {
    const t = await buildTestApp({ now: DUE });
    const db = t.database.db;
    const config = t.app.deps.config;
    await seed(db, { tag: "c" });
    await scheduleReminders(db, t.clock.now(), { mailFrom: config.mailFrom });
    const dead = smtpTransport("smtp://127.0.0.1:9?starttls=off");
    const r = await sendDue(db, dead, t.clock.now(), 100, { config });
    dead.close();
    expect(r.sent).toBe(0);
    expect(r.retried).toBe(r.claimed - r.withdrawn);
    const rows = await db.select().from(reminders).where(eq(reminders.state, "queued"));
    expect(rows.some((x) => /ECONNREFUSED|ECONNECTION/.test(x.lastResponse ?? ""))).toBe(true);
  });
});

describe("the .eml outbox when no SMTP_URL is set", () => {
  it("writes each message as a file under DATA_DIR/outbox and lists it for admins", async () => {
    const dataDir = await mkdtemp(path.join(os.tmpdir(), "chibo-outbox-"));
    const t = await buildTestApp({ now: DUE, env: { DATA_DIR: dataDir } });
    const db = t.database.db;
    const config = t.app.deps.config;
    expect(config.smtpUrl).toBeNull();
    const s = await seed(db, { tag: "e" });
    const transport = createMailTransport(config);
    expect(transport.kind).toBe("file");
    await scheduleReminders(db, t.clock.now(), { mailFrom: config.mailFrom });
    const r = await sendDue(db, transport, t.clock.now(), 100, { config });
    expect(r.sent).toBeGreaterThanOrEqual(3);
    const files = await readdir(path.join(dataDir, "outbox"));
    expect(files.length).toBe(r.sent);
    const [row] = (await db.select().from(reminders).where(eq(reminders.memberId, s.member.id))).filter(
      (x) => x.kind === "meeting_reminder" && x.state === "sent",
    );
    const file = files.find((f) => f.includes(s.member.id) && f.startsWith("meeting_reminder"))!;
    const parsed = await simpleParser(await readFile(path.join(dataDir, "outbox", file)));
    expect(parsed.messageId).toBe(row!.messageId);
    expect(parsed.subject).toContain("15/05/2026");
    expect(parsed.attachments.some((a) => a.contentType === "text/calendar")).toBe(true);
    const h = await t.login("admin@test.vn", "mat-khau-quan-tri");
    const res = await t.app.inject({ url: "/api/outbox", headers: h });
    expect(res.statusCode).toBe(200);
    const listed = res.json().find((f: { file: string }) => f.file === file);
    expect(listed).toMatchObject({
      messageId: row!.messageId,
      kind: "meeting_reminder",
      state: "sent",
      toEmail: s.member.email,
    });
  });
});

describe("exactly once", () => {
  it("a worker stopped in the middle of a batch and started again delivers every reminder exactly once", async () => {
    const t = await buildTestApp({ now: DUE });
    const db = t.database.db;
    const config = t.app.deps.config;
    const s = await seed(db, { tag: "w", extraMembers: 40 });
    const sink = await startSink({ parse: false, delayMs: 15 });
    const run = () => {
      const transport = smtpTransport(sink.url, { maxConnections: 2 });
      const worker = startReminderWorker({
        db,
        transport,
        clock: t.clock,
        config,
        intervalMs: 60_000,
        batchSize: 10,
        concurrency: 2,
        onError: (err) => console.error("worker", err),
      });
      return { transport, worker };
    };
    const a = run();
    // Bounded: a worker that sends nothing fails here, naming what it waited for, not at the test timeout.
    await vi.waitFor(
      () =>
        expect(sink.received.length, "mails the first worker delivered within 20 s").toBeGreaterThanOrEqual(
          7,
        ),
      { timeout: 20_000, interval: 5 },
    );
    await a.worker.stop();
    a.transport.close();
    const afterStop = sink.received.length;
    const queued = await db.select().from(reminders).where(eq(reminders.state, "queued"));
    expect(queued.length).toBeGreaterThan(0);
    // Stopped cleanly: nothing is left claimed.
    expect((await db.select().from(reminders).where(eq(reminders.state, "sending"))).length).toBe(0);
    expect(afterStop).toBeLessThan(46);

    const b = run();
    await b.worker.idle();
    await b.worker.stop();
    b.transport.close();
    const expected = [s.secretary, s.member, s.guest, ...s.extra].map((m) => m.email).sort();
    const reminderMails = sink.received.filter((r) => /meeting_reminder/.test(r.messageId));
    expect(reminderMails.flatMap((r) => r.rcpt).sort()).toEqual(expected);
    expect(sink.duplicates()).toEqual([]);
    const sent = await db.select().from(reminders).where(eq(reminders.state, "sent"));
    expect(sent.length).toBe(sink.received.length);
    await sink.close();
  });

  it("two workers on the same database deliver every reminder exactly once", async () => {
    const t = await buildTestApp({ now: DUE });
    const db = t.database.db;
    const config = t.app.deps.config;
    const s = await seed(db, { tag: "two", extraMembers: 60 });
    const sink = await startSink({ parse: false, delayMs: 2 });
    // Planned before the workers start, so that both find work at once.
    await scheduleReminders(db, t.clock.now(), { mailFrom: config.mailFrom });
    const workers = [1, 2].map(() => {
      const transport = smtpTransport(sink.url, { maxConnections: 3 });
      const batches: number[] = [];
      const worker = startReminderWorker({
        db,
        transport,
        clock: t.clock,
        config,
        intervalMs: 60_000,
        batchSize: 5,
        concurrency: 3,
        onBatch: (r) => batches.push(r.sent),
      });
      return { transport, worker, batches };
    });
    await Promise.all(workers.map((w) => w.worker.idle()));
    await Promise.all(workers.map((w) => w.worker.stop()));
    for (const w of workers) w.transport.close();
    const expected = [s.secretary, s.member, s.guest, ...s.extra].map((m) => m.email).sort();
    const reminderMails = sink.received.filter((r) => /meeting_reminder/.test(r.messageId));
    expect(reminderMails.flatMap((r) => r.rcpt).sort()).toEqual(expected);
    expect(sink.duplicates()).toEqual([]);
    expect([...sink.offered.values()].every((n) => n === 1)).toBe(true);
    // What the workers report as sent adds up to what the sink accepted: nobody sent a message twice.
    const reported = workers.flatMap((w) => w.batches).reduce((a, b) => a + b, 0);
    expect(reported).toBe(sink.received.length);
    await sink.close();
  });
});
