/**
 * Zalo reminders through the real outbox, against the Zalo of the tests' own (tests/channels/zns-server.ts):
 * a member who chose Zalo gets the template message once and no mail; a phone Zalo does not know gets the
 * mail instead, once; a template error is failed and shown to the secretary as Zalo's; two instances send
 * each message once; nothing goes in the night. The account page refuses Zalo without a mobile number.
 */
import { and, eq } from "drizzle-orm";
import { renderToString } from "preact-render-to-string";
import { describe, expect, it, onTestFinished, vi } from "vitest";
import type { Principal } from "../../src/auth/principal.ts";
import { zaloChannel } from "../../src/channels/zalo/zalo-channel.ts";
import { zaloSender } from "../../src/channels/zalo/zalo-sender.ts";
import type { Db } from "../../src/db/client.ts";
import { channelChoices, members, reminders, users } from "../../src/db/schema.ts";
import { sendChannelsDue } from "../../src/reminders/channel-outbox.ts";
import type { ChannelSenders } from "../../src/reminders/channel-senders.ts";
import { channelsOf, reachOfMeeting, setChannels } from "../../src/reminders/channel-service.ts";
import { smtpTransport } from "../../src/reminders/mail-transport.ts";
import { sendDue } from "../../src/reminders/reminder-outbox.ts";
import { scheduleReminders } from "../../src/reminders/reminder-schedule.ts";
import { unreachedRecipientsOf } from "../../src/reminders/reminder-service.ts";
import { ChannelSection } from "../../src/web/channel-forms.tsx";
import { Reach } from "../../src/web/meeting-reach.tsx";
import { startZnsServer, TEMPLATE_ID } from "../channels/zns-server.ts";
import { buildTestApp } from "../helpers/app.ts";
import { seed } from "./fixtures.ts";
import { runTwoWorkers } from "./mail-app.ts";
import { startSink } from "./smtp-sink.ts";

vi.setConfig({ testTimeout: 60_000 });
const DUE = "2026-05-12T00:00:00Z"; // 07:00 on 12/5, three days before the meeting of 15/5 at 14:00
const ON = new Set(["email", "zalo"] as const);

/** An app whose Zalo channel speaks to a ZNS server of the test's own, as server.ts wires it. */
async function zaloApp(now = DUE) {
  const zns = await startZnsServer();
  onTestFinished(() => zns.close());
  const channels: ChannelSenders = {};
  const t = await buildTestApp({ now, env: zns.env, channels });
  const zalo = zaloChannel(zaloSender(t.app.deps));
  expect(zalo).toBeDefined();
  channels.zalo = zalo;
  return { t, zns, db: t.database.db, config: t.app.deps.config, channels };
}

/** The member's account, with `channels` chosen, and the phone their record keeps. */
async function choose(db: Db, m: { id: string; email: string }, channels: string[], phone: string | null) {
  await db.update(members).set({ phone }).where(eq(members.id, m.id));
  const [u] = await db
    .insert(users)
    .values({ email: m.email, displayName: m.email, passwordHash: "x", role: "member", memberId: m.id })
    .returning();
  await db.insert(channelChoices).values({ userId: u!.id, channels });
  return u!;
}

const rowsOf = (db: Db, memberId: string) =>
  db
    .select()
    .from(reminders)
    .where(
      and(
        eq(reminders.memberId, memberId),
        eq(reminders.kind, "meeting_reminder"),
        eq(reminders.slot, "3d@07:00"),
      ),
    );

async function mailSink() {
  const sink = await startSink({});
  const transport = smtpTransport(sink.url);
  onTestFinished(async () => {
    transport.close();
    await sink.close();
  });
  return { sink, transport };
}

const remindersTo = (sink: Awaited<ReturnType<typeof startSink>>, email: string) =>
  sink.received.filter((m) => m.rcpt.includes(email) && /meeting_reminder/.test(m.messageId));

describe("Zalo reminders through the outbox", () => {
  it("sends the approved template once, tracked by the outbox row, and no mail", async () => {
    const { t, zns, db, config, channels } = await zaloApp();
    const { sink, transport } = await mailSink();
    const s = await seed(db, { tag: "z1" });
    await choose(db, s.member, ["zalo"], "0912 345 678");
    await scheduleReminders(db, t.clock.now(), { mailFrom: config.mailFrom, channels: ON });
    const [row, ...more] = await rowsOf(db, s.member.id);
    expect(more).toEqual([]);
    expect(row!.channel).toBe("zalo");
    expect(await sendChannelsDue(db, channels, t.clock.now(), 100, { config })).toMatchObject({
      sent: 1,
      fellBack: 0,
    });
    const calls = zns.state.sends.filter((c) => c.body.phone === "84912345678");
    // The first call meets no access token yet (refreshed, then sent): one message reached Zalo's template.
    const accepted = calls.filter((c) => c.accessToken);
    expect(accepted).toHaveLength(1);
    expect(accepted[0]!.body).toMatchObject({
      template_id: TEMPLATE_ID,
      tracking_id: row!.id,
      template_data: {
        date: "15/05/2026",
        time: "14:00",
        place: "Nhà văn hóa tổ 5, số 12 ngõ Hòa Bình",
        meeting_url: `${config.publicUrl}/cuoc-hop/${s.meetingId}`,
      },
    });
    expect((await rowsOf(db, s.member.id))[0]).toMatchObject({ state: "sent", channel: "zalo" });
    expect((await sendChannelsDue(db, channels, t.clock.now(), 100, { config })).claimed).toBe(0);
    await sendDue(db, transport, t.clock.now(), 100, { config });
    expect(remindersTo(sink, s.member.email)).toEqual([]);
    const reach = await reachOfMeeting(db, s.meetingId);
    expect(reach.reached.find((x) => x.memberId === s.member.id)?.channels).toEqual(["zalo"]);
  });

  it("a phone Zalo does not know: the mail goes instead, once", async () => {
    const { t, zns, db, config, channels } = await zaloApp();
    const { sink, transport } = await mailSink();
    const s = await seed(db, { tag: "z2" });
    await choose(db, s.member, ["zalo"], "0987654321");
    zns.state.answers.set("84987654321", { body: { error: -118, message: "Zalo account not existed" } });
    await scheduleReminders(db, t.clock.now(), { mailFrom: config.mailFrom, channels: ON });
    expect(await sendChannelsDue(db, channels, t.clock.now(), 100, { config })).toMatchObject({
      sent: 0,
      fellBack: 1,
    });
    const rows = await rowsOf(db, s.member.id);
    expect(rows.find((r) => r.channel === "zalo")).toMatchObject({ state: "withdrawn" });
    expect(rows.find((r) => r.channel === "zalo")!.lastResponse).toContain("không dùng Zalo");
    await sendDue(db, transport, t.clock.now(), 100, { config });
    expect(remindersTo(sink, s.member.email)).toHaveLength(1);
    // The next ticks neither queue Zalo again nor send a second mail.
    await scheduleReminders(db, t.clock.now(), { mailFrom: config.mailFrom, channels: ON });
    expect(await sendChannelsDue(db, channels, t.clock.now(), 100, { config })).toMatchObject({ claimed: 0 });
    expect((await sendDue(db, transport, t.clock.now(), 100, { config })).sent).toBe(0);
    expect(remindersTo(sink, s.member.email)).toHaveLength(1);
  });

  it("a member without a valid mobile number gets the mail: no Zalo row at all", async () => {
    const { t, zns, db, config } = await zaloApp();
    const s = await seed(db, { tag: "z3" });
    await choose(db, s.member, ["zalo"], null);
    await scheduleReminders(db, t.clock.now(), { mailFrom: config.mailFrom, channels: ON });
    expect((await rowsOf(db, s.member.id)).map((r) => r.channel)).toEqual(["email"]);
    expect(zns.state.sends).toEqual([]);
  });

  it("a template error fails the message, and the secretary reads that Zalo failed and why", async () => {
    const { t, zns, db, config, channels } = await zaloApp();
    const s = await seed(db, { tag: "z4" });
    await choose(db, s.member, ["zalo"], "0912000111");
    zns.state.answers.set("84912000111", { body: { error: -112, message: "Template data is invalid" } });
    await scheduleReminders(db, t.clock.now(), { mailFrom: config.mailFrom, channels: ON });
    expect(await sendChannelsDue(db, channels, t.clock.now(), 100, { config })).toMatchObject({ failed: 1 });
    const unreached = await unreachedRecipientsOf(db, s.meetingId);
    const mine = unreached.find((u) => u.memberId === s.member.id);
    expect(mine?.reason).toMatch(/^Tin Zalo không gửi được: mẫu tin ZNS không hợp lệ/);
    expect(mine?.reason).toContain("-112");
    const reach = await reachOfMeeting(db, s.meetingId);
    expect(reach.failed).toContainEqual({
      memberId: s.member.id,
      name: expect.any(String),
      channels: ["zalo"],
    });
    const card = renderToString(Reach({ reach })!);
    expect(card).toContain("Nhắc lịch đã tới");
    expect(card).toMatch(/Gửi lỗi .*\(Zalo\)/);
  });

  it("two instances send each template message exactly once", async () => {
    const { t, zns, db, config } = await zaloApp();
    const { sink } = await mailSink();
    const s = await seed(db, { tag: "z5", extraMembers: 30 });
    let i = 0;
    for (const m of s.extra) await choose(db, m, ["zalo"], `0912${String(1_000_000 + i++).slice(1)}`);
    await scheduleReminders(db, t.clock.now(), { mailFrom: config.mailFrom, channels: ON });
    await runTwoWorkers({
      db,
      sinkUrl: sink.url,
      // Each instance its own sender, as each process builds one (tokens shared through PostgreSQL).
      channels: () => ({ zalo: zaloChannel(zaloSender(t.app.deps))! }),
      clock: t.clock,
      config,
    });
    const sent = (await db.select().from(reminders)).filter(
      (r) => r.channel === "zalo" && r.state === "sent",
    );
    expect(sent.length).toBeGreaterThanOrEqual(s.extra.length);
    const accepted = zns.state.sends.filter((c) => c.accessToken && c.body.template_id === TEMPLATE_ID);
    const tracked = accepted.map((c) => c.body.tracking_id);
    expect(new Set(tracked).size).toBe(tracked.length);
    expect(new Set(tracked)).toEqual(new Set(sent.map((r) => r.id)));
    // The OA's token was refreshed once for both instances.
    expect(zns.state.refreshes).toBe(1);
    const mailed = sink.received.filter((m) => /meeting_reminder/.test(m.messageId)).flatMap((m) => m.rcpt);
    for (const m of s.extra) expect(mailed.join(" ")).not.toContain(m.email);
  });

  it("sends nothing at night: at 03:06 the message waits, and goes once at 06:00", async () => {
    const { t, zns, db, config, channels } = await zaloApp("2026-05-12T20:06:00Z"); // 03:06 on 13/5
    const s = await seed(db, { tag: "z6" });
    await choose(db, s.member, ["zalo"], "0912345678");
    await scheduleReminders(db, t.clock.now(), { mailFrom: config.mailFrom, channels: ON });
    const night = await sendChannelsDue(db, channels, t.clock.now(), 100, { config });
    expect(night.sent).toBe(0);
    expect(night.rescheduled).toBeGreaterThan(0);
    expect(zns.state.sends).toEqual([]);
    t.clock.set("2026-05-12T23:00:00Z");
    await scheduleReminders(db, t.clock.now(), { mailFrom: config.mailFrom, channels: ON });
    const morning = await sendChannelsDue(db, channels, t.clock.now(), 100, { config });
    expect(morning.sent).toBeGreaterThan(0);
    const accepted = zns.state.sends.filter((c) => c.accessToken);
    expect(new Set(accepted.map((c) => c.body.tracking_id)).size).toBe(accepted.length);
  });
});

describe("choosing Zalo on the account page", () => {
  it("is refused without a valid mobile number, with the reason next to Zalo; allowed with one", async () => {
    const { t, db } = await zaloApp();
    const s = await seed(db, { tag: "z7" });
    const u = await choose(db, s.member, ["email"], null);
    const p: Principal = {
      userId: u.id,
      email: s.member.email,
      displayName: s.member.email,
      role: "member",
      committeeId: null,
      branchId: s.branchId,
      memberId: s.member.id,
      sessionId: "s",
    };
    const deps = t.app.deps;
    const view = (await channelsOf(deps, p))!;
    expect(view.offered).toEqual(["email", "zalo"]);
    expect(view.unavailable.zalo).toContain("số điện thoại di động");
    const html = renderToString(ChannelSection({ v: view, csrf: "c", zone: "Asia/Ho_Chi_Minh" }));
    expect(html).toMatch(/<input[^>]*name="zalo"[^>]*disabled/);
    expect(html).toContain("chưa có số điện thoại di động hợp lệ");
    await expect(setChannels(deps, p, { channels: ["zalo"] })).rejects.toMatchObject({
      status: 400,
      errors: [{ field: "zalo" }],
    });
    await db.update(members).set({ phone: "0912345678" }).where(eq(members.id, s.member.id));
    await setChannels(deps, p, { channels: ["zalo"] });
    const after = (await channelsOf(deps, p))!;
    expect(after.chosen).toEqual(["zalo"]);
    expect(after.unavailable).toEqual({});
  });
});
