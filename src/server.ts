/**
 * The process entry point: reads the configuration, opens the database (embedded when no DATABASE_URL),
 * builds the app, listens, and closes everything cleanly on SIGTERM/SIGINT.
 */
import { buildApp, REDACT } from "./app.ts";
import { ensureAdmin } from "./bootstrap.ts";
import { systemClock } from "./clock.ts";
import { ConfigError, loadConfig } from "./config.ts";
import { openRuntime } from "./runtime.ts";

async function main() {
  let config: ReturnType<typeof loadConfig>;
  try {
    config = loadConfig();
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
  const app = await buildApp(
    { database: runtime.database, config, clock: systemClock },
    { logger: { level: config.logLevel, redact: { paths: REDACT, censor: "[redacted]" } } },
  );

  let closing = false;
  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    say(`Nhận ${signal}: dừng nhận yêu cầu mới, chờ các yêu cầu đang xử lý…`);
    const force = setTimeout(() => process.exit(1), 15_000);
    force.unref();
    try {
      await app.close();
      await runtime.close();
      say("Đã dừng.");
      process.exit(0);
    } catch (err) {
      console.error(err);
      process.exit(1);
    }
  };
  process.on("SIGTERM", () => void shutdown("SIGTERM"));
  process.on("SIGINT", () => void shutdown("SIGINT"));

  await app.listen({ host: config.host, port: config.port });
  const addr = app.server.address();
  const port = typeof addr === "object" && addr ? addr.port : config.port;
  const base = `http://${config.host.includes(":") ? `[${config.host}]` : config.host}:${port}`;
  say(`Đang chạy tại ${base}  (tài liệu API: ${base}/docs)`);
  if (admin) {
    say(`Đã tạo tài khoản quản trị: ${admin.email}`);
    if (admin.generatedPassword) say(`Mật khẩu (chỉ hiện một lần, hãy đổi ngay): ${admin.generatedPassword}`);
  }
  say(
    `Đăng nhập: curl -X POST ${base}/api/auth/login -H 'content-type: application/json' -d '{"email":"…","password":"…"}'`,
  );
}

main().catch((err) => {
  console.error("[chibo] Không khởi động được:", err instanceof Error ? err.message : err);
  process.exit(1);
});
