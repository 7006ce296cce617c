/**
 * Web Push reminders through the outbox (claim, decide, compose, fence, encrypt + sign, send, record) to a
 * local HTTPS push service (tests/reminders/push-endpoint.ts: it checks every VAPID JWT and decrypts every
 * payload), against a bare loop of `web-push` sending the same payloads to the same devices with the same
 * concurrency (5 at once), in the same run. Goal as for mail: queue rate / bare rate ≥ 0.7.
 *
 *   npx tsx bench/push.ts        (N=1000 by default; BENCH_N to change)
 */
import { eq, sql } from "drizzle-orm";
import webpush from "web-push";
import { pushSender } from "../src/channels/push/push-sender.ts";
import { vapidKeys } from "../src/channels/push/vapid.ts";
import { loadConfig } from "../src/config.ts";
import { pushSubscriptions, reminders } from "../src/db/schema.ts";
import { drainChannels } from "../src/reminders/channel-outbox.ts";
import { scheduleReminders } from "../src/reminders/reminder-schedule.ts";
import { membersChoosing, seed } from "../tests/reminders/fixtures.ts";
import { startPushEndpoint } from "../tests/reminders/push-endpoint.ts";
import { benchDatabase, time } from "./db.ts";

const N = Number(process.env.BENCH_N ?? 1000);
const NOW = new Date("2026-05-12T00:00:00Z");
const CONTACT = "mailto:bench@example.vn";

const database = await benchDatabase();
const db = database.db;
const ep = await startPushEndpoint();
try {
  const config = loadConfig({ PUBLIC_URL: "https://chibo.test", DATABASE_URL: "postgres://x@127.0.0.1/x" });
  const s = await seed(db, { tag: "bench", extraMembers: N });
  const us = await membersChoosing(db, s.extra, "push");
  const devices = us.map((u) => ({ u, d: ep.device(u.email) }));
  await db.insert(pushSubscriptions).values(
    devices.map(({ u, d }) => ({
      userId: u.id,
      endpoint: d.endpoint,
      p256dh: d.p256dh,
      auth: d.auth,
      label: "bench",
    })),
  );
  const vapid = await vapidKeys(db);
  await scheduleReminders(db, NOW, { mailFrom: config.mailFrom, channels: new Set(["email", "push"]) });
  const [{ n }] = (
    await db.execute<{ n: number }>(
      sql`select count(*)::int as n from reminders where channel = 'push' and state = 'queued' and due_at <= ${NOW}`,
    )
  ).rows as [{ n: number }];
  const push = pushSender({ db, vapid, subject: CONTACT, agent: ep.agent });

  const queueRun = async () => {
    await db.execute(
      sql`update reminders set state = 'queued', attempts = 0, next_attempt_at = due_at, sent_at = null where channel = 'push' and due_at <= ${NOW}`,
    );
    ep.delivered.length = 0;
    const r = await time(() => drainChannels(db, { push }, () => NOW, { config }));
    if (r.result.sent !== n || ep.delivered.length !== n || ep.broken.length)
      throw new Error(
        `queue: sent ${r.result.sent}, delivered ${ep.delivered.length} of ${n}; ${ep.broken[0] ?? ""}`,
      );
    return (n / r.ms) * 1000;
  };
  const bareRun = async () => {
    ep.delivered.length = 0;
    const payload = JSON.stringify({
      title: "Nhắc lịch",
      body: "14h00–16h00, Thứ Sáu, 15/05/2026\nĐịa điểm: Hội trường",
      url: "https://chibo.test/cuoc-hop/x",
      tag: "x",
    });
    let next = 0;
    const r = await time(() =>
      Promise.all(
        Array.from({ length: 5 }, async () => {
          while (next < devices.length) {
            const { d } = devices[next++]!;
            await webpush.sendNotification(
              { endpoint: d.endpoint, keys: { p256dh: d.p256dh, auth: d.auth } },
              payload,
              {
                vapidDetails: { subject: CONTACT, ...vapid },
                TTL: 43200,
                agent: ep.agent,
              },
            );
          }
        }),
      ),
    );
    return (devices.length / r.ms) * 1000;
  };
  await bareRun(); // warm-up (TLS sessions, JIT)
  const rounds: [number, number][] = [];
  for (let i = 0; i < 3; i++) rounds.push([await queueRun(), await bareRun()]);
  for (const [q, b] of rounds)
    console.log(`queue ${q.toFixed(0)} msg/s, bare ${b.toFixed(0)} msg/s, ratio ${(q / b).toFixed(2)}`);
  const ratios = rounds.map(([q, b]) => q / b).sort();
  console.log(`push: ${n} notifications; median ratio ${ratios[1]!.toFixed(2)} (goal ≥ 0.7)`);
  await db.delete(reminders).where(eq(reminders.channel, "push"));
} finally {
  await ep.close();
  await database.dispose();
}
