/**
 * 10,000 reminders through the outbox (claim, render from the current meeting, send, record) to an in-process
 * SMTP sink on loopback, against a bare nodemailer loop sending the very same messages to the same sink with
 * the same pool settings, in the same run. Goal: queue rate / bare rate ≥ 0.7.
 *
 *   npx tsx bench/reminders.ts        (N=10000 by default; BENCH_N to change)
 */
import type { AddressInfo } from "node:net";
import { eq, sql } from "drizzle-orm";
import { DateTime } from "luxon";
import nodemailer from "nodemailer";
import type Mail from "nodemailer/lib/mailer";
import { SMTPServer } from "smtp-server";
import { loadConfig } from "../src/config.ts";
import { branches, campaigns, committees, meetings, members, reminders, topics } from "../src/db/schema.ts";
import { DEFAULT_POOL, type MailTransport, smtpTransport } from "../src/reminders/mail-transport.ts";
import { DEFAULT_BATCH, DEFAULT_LANES, drainDue } from "../src/reminders/reminder-outbox.ts";
import { scheduleReminders } from "../src/reminders/reminder-schedule.ts";
import { benchDatabase, time } from "./db.ts";

const N = Number(process.env.BENCH_N ?? 10_000);
const POOL = { maxConnections: DEFAULT_POOL.maxConnections, maxMessages: DEFAULT_POOL.maxMessages };
const NOW = new Date("2026-05-12T00:00:00Z");

async function sink() {
  let accepted = 0;
  const ids = new Set<string>();
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS", "AUTH"],
    logger: false,
    onData(stream, _session, cb) {
      let head = "";
      stream.on("data", (c: Buffer) => {
        if (head.length < 4096) head += c.toString("latin1");
      });
      stream.on("end", () => {
        accepted++;
        const id = /^Message-ID:\s*(\S+)/im.exec(head)?.[1];
        if (id) ids.add(id);
        cb(null, "Ok");
      });
    },
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const port = (server.server.address() as AddressInfo).port;
  return {
    url: `smtp://127.0.0.1:${port}?starttls=off`,
    port,
    get accepted() {
      return accepted;
    },
    ids,
    reset() {
      accepted = 0;
      ids.clear();
    },
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

async function main() {
  const database = await benchDatabase();
  const { db } = database;
  // BENCH_PAGE_TRIGGERS=off: without the reminders' page notifications (migration 0023), to measure their cost.
  if (process.env.BENCH_PAGE_TRIGGERS === "off") {
    for (const t of ["ins", "upd", "del"])
      await database.pool.query(`drop trigger chibo_pages_reminders_${t} on reminders`);
  }
  const config = loadConfig({
    PUBLIC_URL: "https://chibo.example.vn",
    MAIL_FROM: "Chi bộ <no-reply@chibo.example.vn>",
  });
  const s = await sink();
  try {
    // ------------------------------------------------------------- fixtures: N members, one meeting each 1,000
    const [c] = await db
      .insert(committees)
      .values({ name: "Đảng ủy phường Bench", ancestorIds: [] })
      .returning();
    const [{ regionId }] = (await db
      .update(committees)
      .set({ ancestorIds: [c!.id] })
      .where(eq(committees.id, c!.id))
      .returning({ regionId: committees.regionId })) as [{ regionId: string }];
    const [camp] = await db
      .insert(campaigns)
      .values({
        committeeId: c!.id,
        title: "Học tập tác phẩm",
        bookTitle: "Sách",
        firstMonth: "2026-01-01",
        lastMonth: "2026-12-01",
        reminderOffsets: [{ days: 3, at: "07:00" }],
      })
      .returning();
    const [topic] = await db
      .insert(topics)
      .values({
        campaignId: camp!.id,
        position: 1,
        code: "1.1",
        part: 1,
        partTitle: "Xây dựng Đảng",
        title: "Kiên quyết, kiên trì đấu tranh phòng, chống tham nhũng",
        pageStart: 10,
        pageEnd: 30,
        summary: "Tóm tắt nội dung chủ đề.",
        prompts: ["Gợi ý 1", "Gợi ý 2"],
      })
      .returning();
    const perBranch = 1000;
    for (let b = 0; b < Math.ceil(N / perBranch); b++) {
      const [br] = await db
        .insert(branches)
        .values({
          committeeId: c!.id,
          regionId,
          name: `Chi bộ số ${b + 1}`,
          place: "Hội trường",
        })
        .returning();
      const count = Math.min(perBranch, N - b * perBranch);
      await db.insert(members).values(
        Array.from({ length: count }, (_, i) => ({
          branchId: br!.id,
          regionId: br!.regionId,
          fullName: `Đảng viên ${b}-${i}`,
          email: `dv${b}.${i}@example.vn`,
        })),
      );
      const start = DateTime.fromISO("2026-05-15T14:00", { zone: "Asia/Ho_Chi_Minh" });
      await db.insert(meetings).values({
        branchId: br!.id,
        regionId: br!.regionId,
        campaignId: camp!.id,
        month: "2026-05-01",
        date: "2026-05-15",
        startAt: start.toJSDate(),
        endAt: start.plus({ hours: 2 }).toJSDate(),
        topicId: topic!.id,
      });
    }
    const tick = await time(() => scheduleReminders(db, NOW, { mailFrom: config.mailFrom }));
    const [{ n }] = (
      await db.execute<{ n: number }>(sql`select count(*)::int as n from reminders where state = 'queued'`)
    ).rows as [{ n: number }];
    console.log(`scheduler tick: ${n} reminders materialised in ${tick.ms.toFixed(0)} ms`);

    // ------------------------------------------------------------- runs
    const captured: Mail.Options[] = [];
    const queueRun = async (capture: boolean) => {
      await db.execute(
        sql`update reminders set state = 'queued', attempts = 0, next_attempt_at = due_at, sent_at = null`,
      );
      s.reset();
      const smtp = smtpTransport(s.url, POOL);
      const transport: MailTransport = capture
        ? {
            kind: "smtp",
            send: (m) => {
              captured.push(m);
              return smtp.send(m);
            },
            close: () => smtp.close(),
          }
        : smtp;
      // The worker's own sending path, with its defaults (batch size, lanes) and the pool's concurrency.
      const r = await time(() =>
        drainDue(db, transport, () => NOW, { config, concurrency: POOL.maxConnections }),
      );
      transport.close();
      const sent = (await db.select({ id: reminders.id }).from(reminders).where(eq(reminders.state, "sent")))
        .length;
      if (sent !== N || s.accepted !== N || s.ids.size !== N)
        throw new Error(`queue run: ${sent} sent, ${s.accepted} accepted, ${s.ids.size} distinct`);
      return r.ms;
    };
    const bareRun = async () => {
      s.reset();
      const transporter = nodemailer.createTransport({
        pool: true,
        host: "127.0.0.1",
        port: s.port,
        secure: false,
        ignoreTLS: true,
        ...POOL,
      });
      let next = 0;
      const r = await time(() =>
        Promise.all(
          Array.from({ length: POOL.maxConnections }, async () => {
            while (next < captured.length) await transporter.sendMail(captured[next++]!);
          }),
        ),
      );
      transporter.close();
      if (s.accepted !== N || s.ids.size !== N) throw new Error(`bare run: ${s.accepted} accepted`);
      return r.ms;
    };

    await queueRun(true); // warm-up, and the messages for the bare loop
    const rows: { queue: number; bare: number }[] = [];
    for (let round = 0; round < 3; round++) {
      const bare = await bareRun();
      const queue = await queueRun(false);
      rows.push({ queue, bare });
      console.log(
        `round ${round + 1}: queue ${queue.toFixed(0)} ms (${((N / queue) * 1000).toFixed(0)}/s), ` +
          `bare ${bare.toFixed(0)} ms (${((N / bare) * 1000).toFixed(0)}/s), ratio ${(bare / queue).toFixed(2)}`,
      );
    }
    const median = (xs: number[]) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
    const q = median(rows.map((r) => r.queue));
    const b = median(rows.map((r) => r.bare));
    console.log(
      `\n${N} reminders, pool ${POOL.maxConnections} connections, batch ${DEFAULT_BATCH} × ${DEFAULT_LANES} lanes: queue ${((N / q) * 1000).toFixed(0)} msg/s, ` +
        `bare nodemailer ${((N / b) * 1000).toFixed(0)} msg/s, ratio ${(b / q).toFixed(2)} (goal ≥ 0.70)`,
    );
  } finally {
    await s.close();
    await database.dispose();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
