/**
 * The real process, as `npm start` and the image run it (the build in dist/, on plain node): it listens,
 * answers /healthz, serves the pages' assets, creates the first administrator once, stops cleanly on
 * SIGTERM, and refuses a bad configuration naming the variable.
 */
import { type ChildProcess, execFile, spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { chmod, mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase } from "../helpers/db.ts";

const database = await createTestDatabase();
afterAll(() => database.close());
const children: ChildProcess[] = [];
afterAll(() => {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill("SIGKILL");
});

/** Env of the child without the test runner's own DATABASE_URL or admin settings. */
function env(extra: Record<string, string>): NodeJS.ProcessEnv {
  const {
    DATABASE_URL: _d,
    ADMIN_EMAIL: _e,
    ADMIN_PASSWORD: _p,
    PORT: _port,
    HOST: _h,
    ...rest
  } = process.env;
  return { ...rest, HOST: "127.0.0.1", PORT: "0", LOG_LEVEL: "warn", ...extra };
}

interface Server {
  output: () => string;
  url: string;
  stop(): Promise<{ code: number | null; output: string }>;
}

// `npm start` builds, then runs `node dist/server.js`; so does the image (which builds in its first stage).
beforeAll(async () => {
  await promisify(execFile)("npm", ["run", "--silent", "build"]);
}, 300_000);

/**
 * How the server is launched: the built program on plain node, as the Dockerfile's CMD. Not through npm:
 * npm does not pass SIGTERM on to its child (the server would be orphaned).
 */
function startProcess(vars: Record<string, string>) {
  const child = spawn(process.execPath, ["dist/server.js"], {
    env: env(vars),
    stdio: ["ignore", "pipe", "pipe"],
  });
  children.push(child);
  let output = "";
  child.stdout!.on("data", (d) => (output += d));
  child.stderr!.on("data", (d) => (output += d));
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  return { child, output: () => output, exited };
}

async function startServer(vars: Record<string, string>): Promise<Server> {
  const p = startProcess(vars);
  const url = await new Promise<string>((resolve, reject) => {
    // The login hint is the last line of the start-up banner.
    const check = () => {
      const m = p.output().match(/Đang chạy tại (http:\/\/\S+)/);
      if (m && p.output().includes("Đăng nhập:")) resolve(m[1]!);
    };
    p.child.stdout!.on("data", check);
    p.exited.then((code) => reject(new Error(`server exited (${code}) before listening:\n${p.output()}`)));
  });
  return {
    output: p.output,
    url,
    async stop() {
      p.child.kill("SIGTERM");
      const code = await p.exited;
      return { code, output: p.output() };
    },
  };
}

async function login(url: string, email: string, password: string) {
  return fetch(`${url}/api/auth/login`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ email, password }),
  });
}

describe("npm start with DATABASE_URL", () => {
  it("listens, answers /healthz, prints the generated admin password once, and stops cleanly on SIGTERM", async () => {
    const first = await startServer({ DATABASE_URL: database.url });
    const health = await fetch(`${first.url}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({ status: "ok", database: { state: "up" } });
    // The pages' stylesheet and scripts are read from disk beside the build: the login page links them.
    const loginPage = await (await fetch(`${first.url}/`)).text();
    const assets = [...loginPage.matchAll(/(?:href|src)="(\/static\/[^"]+)"/g)].map((m) => m[1]!);
    expect(assets.length).toBeGreaterThanOrEqual(2);
    for (const a of assets)
      expect((await fetch(`${first.url}${a.replaceAll("&amp;", "&")}`)).status).toBe(200);
    expect(first.output()).toContain("Đã tạo tài khoản quản trị: admin@chibo.local");
    const password = first.output().match(/Mật khẩu \(chỉ hiện một lần[^:]*: (\S+)/)?.[1];
    expect(password).toBeDefined();
    // The printed password is the administrator's.
    expect((await login(first.url, "admin@chibo.local", password!)).status).toBe(200);
    const stopped = await first.stop();
    expect(stopped.code).toBe(0);
    expect(stopped.output).toContain("Đã dừng");

    const second = await startServer({ DATABASE_URL: database.url });
    expect((await fetch(`${second.url}/healthz`)).status).toBe(200);
    expect(second.output()).not.toContain("Mật khẩu");
    expect(second.output()).not.toContain(password!);
    expect(second.output()).not.toContain("Đã tạo tài khoản quản trị");
    // Still the same administrator, with the same password.
    expect((await login(second.url, "admin@chibo.local", password!)).status).toBe(200);
    const again = await second.stop();
    expect(again.code).toBe(0);
  }, 90_000);

  it.each([
    ["PORT", "abc"],
    ["DATABASE_URL", "mysql://localhost/chibo"],
    ["LOGIN_RATE_LIMIT", "0"],
    ["COOKIE_SECURE", "maybe"],
    ["ADMIN_PASSWORD", "ngan"],
  ])("stops with a message naming %s when it is %s", async (name, value) => {
    const p = startProcess({ DATABASE_URL: database.url, [name]: value });
    const code = await p.exited;
    expect(code).not.toBe(0);
    expect(p.output()).toContain(name);
    expect(p.output()).toMatch(new RegExp(`Cấu hình sai — ${name}: (phải|không)`));
    expect(p.output()).not.toContain("Đang chạy tại");
  });
});

describe("npm start without DATABASE_URL", () => {
  it("runs its own PostgreSQL under DATA_DIR, which the CLI shares while it runs, and stops it on SIGTERM", async () => {
    // /tmp is searchable by the postgres user even when the clone lives in a private folder.
    const dir = await mkdtemp(path.join(os.tmpdir(), "chibo-server-test-"));
    await chmod(dir, 0o755);
    try {
      await embeddedRun(dir);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }, 180_000);
});

async function embeddedRun(dir: string) {
  const vars = { DATA_DIR: dir, ADMIN_EMAIL: "chu.tich@example.vn", ADMIN_PASSWORD: "mat-khau-quan-tri-1" };
  const server = await startServer(vars);
  expect(server.output()).toContain("PostgreSQL nhúng");
  expect(server.output()).toContain("Đã tạo tài khoản quản trị: chu.tich@example.vn");
  expect(server.output()).not.toContain("mat-khau-quan-tri-1");
  expect((await login(server.url, "chu.tich@example.vn", "mat-khau-quan-tri-1")).status).toBe(200);

  // The CLI, run beside the server, reaches the same database.
  const cli = await promisify(execFile)(
    process.execPath,
    [
      "dist/cli.js",
      "create-user",
      "--email",
      "pho@example.vn",
      "--name",
      "Phó",
      "--role",
      "admin",
      "--password",
      "mat-khau-pho-123",
    ],
    { env: env({ DATA_DIR: dir }) },
  );
  expect(cli.stdout).toContain("Đã tạo tài khoản pho@example.vn");
  expect((await login(server.url, "pho@example.vn", "mat-khau-pho-123")).status).toBe(200);
  // …and leaves it running.
  expect((await fetch(`${server.url}/healthz`)).status).toBe(200);

  const stopped = await server.stop();
  expect(stopped.code).toBe(0);
  expect(stopped.output).toContain("Đã dừng");
  expect(existsSync(path.join(dir, "pg", "postmaster.pid"))).toBe(false);

  // The data survives a restart.
  const again = await startServer(vars);
  expect(again.output()).not.toContain("Đã tạo tài khoản quản trị");
  expect((await login(again.url, "pho@example.vn", "mat-khau-pho-123")).status).toBe(200);
  expect((await again.stop()).code).toBe(0);
}
