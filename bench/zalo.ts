/**
 * Zalo reminders through the outbox (claim, decide, compose, fence, token, send, record) to a local ZNS
 * server (tests/channels/zns-server.ts: it checks the access token, the template id and the phone of every
 * request), against a bare loop of the same client (`sendTemplate`, Node's fetch) sending the same template
 * body to the same server with the same concurrency (5 at once), in the same run. Goal as for mail and push:
 * queue rate / bare rate ≥ 0.7.
 *
 *   npx tsx bench/zalo.ts        (N=1000 by default; BENCH_N to change)
 */
import { eq, sql } from "drizzle-orm";
import { zaloChannel } from "../src/channels/zalo/zalo-channel.ts";
import { zaloSender } from "../src/channels/zalo/zalo-sender.ts";
import { zaloAccessToken } from "../src/channels/zalo/zalo-tokens.ts";
import { sendTemplate } from "../src/channels/zalo/zns-client.ts";
import type { Clock } from "../src/clock.ts";
import { loadConfig } from "../src/config.ts";
import { reminders } from "../src/db/schema.ts";
import { drainChannels } from "../src/reminders/channel-outbox.ts";
import { scheduleReminders } from "../src/reminders/reminder-schedule.ts";
import { startZnsServer, TEMPLATE_ID } from "../tests/channels/zns-server.ts";
import { membersChoosing, seed } from "../tests/reminders/fixtures.ts";
import { benchDatabase, time } from "./db.ts";

const N = Number(process.env.BENCH_N ?? 1000);
const NOW = new Date("2026-05-12T00:00:00Z"); // 07:00 in Viet Nam: no quiet hours
const clock: Clock = { now: () => NOW };

const database = await benchDatabase();
const db = database.db;
const zns = await startZnsServer();
try {
  const config = loadConfig({
    PUBLIC_URL: "https://chibo.test",
    DATABASE_URL: "postgres://x@127.0.0.1/x",
    ...zns.env,
  });
  const cfg = config.zalo!;
  const s = await seed(db, { tag: "bench", extraMembers: N });
  await membersChoosing(db, s.extra, "zalo");
  // A distinct valid mobile number for each member (0912000001, …).
  await db.execute(sql`
    update members set phone = x.p
    from (select id, '0912' || lpad((row_number() over (order by id))::text, 6, '0') as p from members) x
    where members.id = x.id`);
  await scheduleReminders(db, NOW, { mailFrom: config.mailFrom, channels: new Set(["email", "zalo"]) });
  const [{ n }] = (
    await db.execute<{ n: number }>(
      sql`select count(*)::int as n from reminders where channel = 'zalo' and state = 'queued' and due_at <= ${NOW}`,
    )
  ).rows as [{ n: number }];
  const zalo = zaloChannel(zaloSender({ database, config, clock: clock }))!;
  const accepted = () => zns.state.sends.filter((c) => c.accessToken && c.body.template_id === TEMPLATE_ID);

  const queueRun = async () => {
    await db.execute(
      sql`update reminders set state = 'queued', attempts = 0, next_attempt_at = due_at, sent_at = null where channel = 'zalo' and due_at <= ${NOW}`,
    );
    zns.state.sends.length = 0;
    const r = await time(() => drainChannels(db, { zalo }, () => NOW, { config }));
    if (r.result.sent !== n || accepted().length !== n)
      throw new Error(`queue: sent ${r.result.sent}, accepted ${accepted().length} of ${n}`);
    return (n / r.ms) * 1000;
  };
  const phones = Array.from({ length: n }, (_, i) => `84912${String(1_000_000 + i + 1).slice(1)}`);
  const bareRun = async () => {
    // The same token the outbox uses (read from PostgreSQL), so that the server accepts both.
    const token = await zaloAccessToken({ db, config: cfg, clock: clock });
    if (!token.ok) throw new Error(token.reason);
    zns.state.sends.length = 0;
    let next = 0;
    const r = await time(() =>
      Promise.all(
        Array.from({ length: 5 }, async () => {
          while (next < phones.length) {
            const phone = phones[next++]!;
            const a = await sendTemplate(cfg, token.token, {
              phone,
              template_id: cfg.templateId,
              template_data: {
                name: "Nguyễn Văn An",
                date: "15/05/2026",
                time: "14:00",
                place: "Nhà văn hóa tổ 5",
                meeting_url: "https://chibo.test/cuoc-hop/x",
              },
              tracking_id: `bare-${next}`,
            });
            if (a.error !== 0) throw new Error(`bare: ${a.error} ${a.message}`);
          }
        }),
      ),
    );
    return (phones.length / r.ms) * 1000;
  };
  await queueRun(); // warm-up (the token's first refresh, JIT, connections)
  await bareRun();
  const rounds: [number, number][] = [];
  for (let i = 0; i < 3; i++) rounds.push([await queueRun(), await bareRun()]);
  for (const [q, b] of rounds)
    console.log(`queue ${q.toFixed(0)} msg/s, bare ${b.toFixed(0)} msg/s, ratio ${(q / b).toFixed(2)}`);
  const ratios = rounds.map(([q, b]) => q / b).sort();
  console.log(`zalo: ${n} template messages; median ratio ${ratios[1]!.toFixed(2)} (goal ≥ 0.7)`);
  await db.delete(reminders).where(eq(reminders.channel, "zalo"));
} finally {
  await zns.close();
  await database.dispose();
}
