/**
 * Web Push reminders against a push service of the tests' own: the notification arrives encrypted and
 * signed (decrypted here with the device's keys), says when and where and opens the meeting page; a device
 * the service says is gone is removed and the mail goes instead, once; a 500 is retried; two instances send
 * each message once.
 */
import { and, eq } from "drizzle-orm";
import { describe, expect, it, onTestFinished, vi } from "vitest";
import { pushSender } from "../../src/channels/push/push-sender.ts";
import { vapidKeys } from "../../src/channels/push/vapid.ts";
import type { Db } from "../../src/db/client.ts";
import { channelChoices, mailKeys, pushSubscriptions, reminders, users } from "../../src/db/schema.ts";
import { sendChannelsDue } from "../../src/reminders/channel-outbox.ts";
import { reachOfMeeting } from "../../src/reminders/channel-service.ts";
import { smtpTransport } from "../../src/reminders/mail-transport.ts";
import { sendDue } from "../../src/reminders/reminder-outbox.ts";
import { scheduleReminders } from "../../src/reminders/reminder-schedule.ts";
import { buildTestApp } from "../helpers/app.ts";
import { seed } from "./fixtures.ts";
import { runTwoWorkers } from "./mail-app.ts";
import { type PushEndpoint, startPushEndpoint } from "./push-endpoint.ts";
import { startSink } from "./smtp-sink.ts";

vi.setConfig({ testTimeout: 60_000 });
const DUE = "2026-05-12T00:00:00Z"; // 07:00 on 12/5, three days before the meeting of 15/5
const CONTACT = "mailto:chibo@example.vn";
const ON = new Set(["email", "push"] as const);

/** An account for the member, who chose `channels`, with one subscribed device on the endpoint. */
async function subscribe(db: Db, ep: PushEndpoint, m: { id: string; email: string }, channels: string[]) {
  const [u] = await db
    .insert(users)
    .values({ email: m.email, displayName: m.email, passwordHash: "x", role: "member", memberId: m.id })
    .returning();
  await db.insert(channelChoices).values({ userId: u!.id, channels });
  const d = ep.device(m.email);
  await db
    .insert(pushSubscriptions)
    .values({ userId: u!.id, endpoint: d.endpoint, p256dh: d.p256dh, auth: d.auth, label: "Chrome" });
  return u!;
}

async function rowsOf(db: Db, memberId: string) {
  return db
    .select()
    .from(reminders)
    .where(
      and(
        eq(reminders.memberId, memberId),
        eq(reminders.kind, "meeting_reminder"),
        eq(reminders.slot, "3d@07:00"),
      ),
    );
}

describe("web push", () => {
  it("sends a short encrypted notification signed with the stored VAPID key, instead of the mail", async () => {
    const t = await buildTestApp({ now: DUE });
    const db = t.database.db;
    const config = t.app.deps.config;
    const s = await seed(db, { tag: "p1" });
    const ep = await startPushEndpoint();
    onTestFinished(() => ep.close());
    await subscribe(db, ep, s.member, ["push"]);
    const vapid = await vapidKeys(db);
    // Kept in PostgreSQL once: another instance reads the same pair.
    expect((await db.select().from(mailKeys).where(eq(mailKeys.name, "vapid"))).length).toBe(1);
    await scheduleReminders(db, t.clock.now(), { mailFrom: config.mailFrom, channels: ON });
    const rows = await rowsOf(db, s.member.id);
    expect(rows.map((r) => r.channel)).toEqual(["push"]);
    const push = pushSender({ db, vapid, subject: CONTACT, agent: ep.agent });
    const r = await sendChannelsDue(db, { push }, t.clock.now(), 100, { config });
    expect(r).toMatchObject({ sent: 1, failed: 0, fellBack: 0 });
    expect(ep.broken).toEqual([]);
    expect(ep.delivered).toHaveLength(1);
    const got = ep.delivered[0]!;
    expect(got.vapidKey).toBe(vapid.publicKey);
    expect(got.jwt.aud).toBe(ep.url);
    expect(got.jwt.sub).toBe(CONTACT);
    expect(Number(got.ttl)).toBeGreaterThan(0);
    expect(got.payload.url).toBe(`${config.publicUrl}/cuoc-hop/${s.meetingId}`);
    expect(got.payload.body).toContain("14h00");
    expect(got.payload.body).toContain("15/05/2026");
    expect(got.payload.body).toContain("Địa điểm: Nhà văn hóa tổ 5");
    expect(got.payload.title).toContain("Nhắc lịch");
    const [row] = await rowsOf(db, s.member.id);
    expect(row).toMatchObject({ state: "sent", channel: "push" });
    // Sent once: nothing left to send.
    expect((await sendChannelsDue(db, { push }, t.clock.now(), 100, { config })).claimed).toBe(0);
    // The mail still goes to those who did not choose push.
    const mails = (await db.select().from(reminders).where(eq(reminders.kind, "meeting_reminder"))).filter(
      (x) => x.channel === "email" && x.slot === "3d@07:00",
    );
    expect(mails.map((x) => x.memberId)).not.toContain(s.member.id);
    expect(mails.length).toBeGreaterThan(0);
    // The secretary's summary names the way that reached her.
    const reach = await reachOfMeeting(db, s.meetingId);
    expect(reach.reached.find((x) => x.memberId === s.member.id)?.channels).toEqual(["push"]);
  });

  it("removes a device the push service says is gone (410) and sends the mail instead, once", async () => {
    const t = await buildTestApp({ now: DUE });
    const db = t.database.db;
    const config = t.app.deps.config;
    const s = await seed(db, { tag: "p2" });
    const ep = await startPushEndpoint(() => 410);
    const sink = await startSink({});
    const transport = smtpTransport(sink.url);
    onTestFinished(async () => {
      transport.close();
      await sink.close();
      await ep.close();
    });
    await subscribe(db, ep, s.member, ["push"]);
    await scheduleReminders(db, t.clock.now(), { mailFrom: config.mailFrom, channels: ON });
    const push = pushSender({ db, vapid: await vapidKeys(db), subject: CONTACT, agent: ep.agent });
    const r = await sendChannelsDue(db, { push }, t.clock.now(), 100, { config });
    expect(r).toMatchObject({ sent: 0, fellBack: 1 });
    expect(await db.select().from(pushSubscriptions)).toEqual([]);
    const rows = await rowsOf(db, s.member.id);
    expect(rows.find((x) => x.channel === "push")).toMatchObject({ state: "withdrawn" });
    expect(rows.find((x) => x.channel === "email")).toMatchObject({ state: "queued" });
    await sendDue(db, transport, t.clock.now(), 100, { config });
    const toMember = sink.received.filter(
      (m) => m.rcpt.includes(s.member.email) && /meeting_reminder/.test(m.messageId),
    );
    expect(toMember).toHaveLength(1);
    // The scheduler's next tick does not queue the push row again (no device), nor a second mail.
    await scheduleReminders(db, t.clock.now(), { mailFrom: config.mailFrom, channels: ON });
    expect((await rowsOf(db, s.member.id)).length).toBe(2);
    expect((await sendDue(db, transport, t.clock.now(), 100, { config })).sent).toBe(0);
  });

  it("retries a 500 with backoff and delivers once", async () => {
    const t = await buildTestApp({ now: DUE });
    const db = t.database.db;
    const config = t.app.deps.config;
    const s = await seed(db, { tag: "p3" });
    const ep = await startPushEndpoint((_d, seen) => (seen === 0 ? 500 : 201));
    onTestFinished(() => ep.close());
    await subscribe(db, ep, s.member, ["push", "email"]);
    await scheduleReminders(db, t.clock.now(), { mailFrom: config.mailFrom, channels: ON });
    expect((await rowsOf(db, s.member.id)).map((r) => r.channel).sort()).toEqual(["email", "push"]);
    const push = pushSender({ db, vapid: await vapidKeys(db), subject: CONTACT, agent: ep.agent });
    const send = () => sendChannelsDue(db, { push }, t.clock.now(), 100, { config });
    expect(await send()).toMatchObject({ retried: 1, sent: 0 });
    const row = (await rowsOf(db, s.member.id)).find((r) => r.channel === "push")!;
    expect(row).toMatchObject({ state: "queued", attempts: 1 });
    expect(row.lastResponse).toContain("500");
    expect((await send()).claimed).toBe(0);
    t.clock.advance(60_000);
    expect(await send()).toMatchObject({ sent: 1 });
    expect(ep.delivered.filter((d) => d.status === 201)).toHaveLength(1);
    expect(await db.select().from(pushSubscriptions)).toHaveLength(1);
  });

  it("two instances send each notification exactly once", async () => {
    const t = await buildTestApp({ now: DUE });
    const db = t.database.db;
    const config = t.app.deps.config;
    const s = await seed(db, { tag: "p4", extraMembers: 40 });
    const ep = await startPushEndpoint();
    const sink = await startSink({ parse: false });
    onTestFinished(async () => {
      await sink.close();
      await ep.close();
    });
    for (const m of s.extra) await subscribe(db, ep, m, ["push"]);
    const vapid = await vapidKeys(db);
    await scheduleReminders(db, t.clock.now(), { mailFrom: config.mailFrom, channels: ON });
    await runTwoWorkers({
      db,
      sinkUrl: sink.url,
      channels: () => ({ push: pushSender({ db, vapid, subject: CONTACT, agent: ep.agent }) }),
      clock: t.clock,
      config,
    });
    expect(ep.broken).toEqual([]);
    const sentRows = (await db.select().from(reminders)).filter(
      (r) => r.channel === "push" && r.state === "sent",
    );
    expect(sentRows.length).toBeGreaterThanOrEqual(s.extra.length);
    expect(ep.delivered).toHaveLength(sentRows.length);
    expect(new Set(ep.delivered.map((d) => d.payload.tag)).size).toBe(sentRows.length);
    expect(new Set(ep.delivered.map((d) => d.device))).toEqual(new Set(s.extra.map((m) => m.email)));
    // Nobody who chose push got the mail too.
    const mailed = sink.received.filter((m) => /meeting_reminder/.test(m.messageId)).flatMap((m) => m.rcpt);
    for (const m of s.extra) expect(mailed.join(" ")).not.toContain(m.email);
  });
});
