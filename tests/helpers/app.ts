/**
 * Builds the real app on a real database of the test file's own, with a clock the test moves, and
 * gives a few helpers to log in and seed the organisation through the API.
 */
import { afterAll } from "vitest";
import { type BuildOptions, buildApp } from "../../src/app.ts";
import { createUser } from "../../src/auth/users-service.ts";
import { ManualClock } from "../../src/clock.ts";
import { loadConfig } from "../../src/config.ts";
import { AppError } from "../../src/http/errors.ts";
import type { App, AppDeps } from "../../src/http/types.ts";
import { useTestDatabase } from "./db.ts";

export const ADMIN = { email: "admin@test.vn", password: "mat-khau-quan-tri" };

export interface TestApp {
  app: App;
  database: Awaited<ReturnType<typeof useTestDatabase>>;
  clock: ManualClock;
  /** Logs in and returns headers with the bearer token. */
  login(email: string, password: string): Promise<{ authorization: string }>;
  admin: { authorization: string };
}

export async function buildTestApp(
  opts: {
    now?: string;
    env?: Record<string, string>;
    /** Another app's database: two instances on one database share sessions and rate limits. */
    database?: TestApp["database"];
    logger?: BuildOptions["logger"];
    /** Channel senders beside email (push, Zalo), pointed at the tests' own endpoints. */
    channels?: AppDeps["channels"];
  } = {},
): Promise<TestApp> {
  const database = opts.database ?? (await useTestDatabase());
  const clock = new ManualClock(new Date(opts.now ?? "2026-05-01T00:00:00Z"));
  const config = loadConfig({
    PUBLIC_URL: "https://chibo.test",
    DATABASE_URL: database.url,
    LOGIN_RATE_LIMIT: "1000",
    ...opts.env,
  });
  const app = await buildApp({ database, config, clock, channels: opts.channels }, { logger: opts.logger });
  await app.ready();
  afterAll(() => app.close());
  await createUser(database.db, { ...ADMIN, displayName: "Quản trị", role: "admin" }).catch((err) => {
    // A shared database already holds the administrator.
    if (!(opts.database && err instanceof AppError && err.status === 409)) throw err;
  });
  const login = async (email: string, password: string) => {
    const res = await app.inject({ method: "POST", url: "/api/auth/login", payload: { email, password } });
    if (res.statusCode !== 200) throw new Error(`login ${email} failed: ${res.statusCode} ${res.body}`);
    return { authorization: `Bearer ${res.json().token}` };
  };
  return { app, database, clock, login, admin: await login(ADMIN.email, ADMIN.password) };
}
