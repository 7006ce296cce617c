/**
 * `npm run demo`: the service as `npm start` runs it, on demo data of its own under `var/demo/` (or
 * DEMO_DATABASE_URL), kept apart from the real data and reused by the next run. Due reminders go out
 * through SMTP_URL when it is set, else to the `.eml` outbox under `var/demo/outbox/`.
 */
import path from "node:path";
import { SettableClock } from "./clock.ts";
import { DEMO_ADMIN, prepareDemo } from "./demo/demo-data.ts";
import { runServer } from "./server.ts";

const env = {
  ...process.env,
  DATABASE_URL: process.env.DEMO_DATABASE_URL ?? "",
  DATA_DIR: process.env.DEMO_DATA_DIR ?? path.join("var", "demo"),
  ADMIN_EMAIL: DEMO_ADMIN.email,
  ADMIN_PASSWORD: DEMO_ADMIN.password,
  // The demo's own set-up requests would bury the links it prints.
  LOG_LEVEL: process.env.LOG_LEVEL ?? "warn",
};

const clock = new SettableClock();
runServer({
  env,
  clock,
  prepare: ({ app, config }) =>
    prepareDemo({
      app,
      dataDir: config.dataDir,
      publicUrl: config.publicUrl,
      now: clock.now(),
      travel: (at) => clock.set(at),
    }),
}).catch((err) => {
  console.error("[chibo demo] Không khởi động được:", err instanceof Error ? err.message : err);
  process.exit(1);
});
