/**
 * The operator's commands: `npm run cli -- backup` writes a file, `restore FILE` loads it into another
 * database and refuses a damaged file with a message in Vietnamese and English.
 */
import { execFile } from "node:child_process";
import { chmod, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import pg from "pg";
import { describe, expect, it } from "vitest";
import { buildTestApp } from "../helpers/app.ts";
import { emptyDatabase } from "./backup-data.ts";

const run = promisify(execFile);
const t = await buildTestApp();
const dir = await mkdtemp(path.join(os.tmpdir(), "chibo-backup-cli-"));

async function cli(args: string[], databaseUrl: string, env: Record<string, string> = {}) {
  try {
    const { stdout, stderr } = await run("npx", ["tsx", "src/cli.ts", ...args], {
      env: { ...process.env, DATABASE_URL: databaseUrl, ...env },
      timeout: 60_000,
    });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code?: number; stdout: string; stderr: string };
    return { code: e.code ?? -1, stdout: e.stdout, stderr: e.stderr };
  }
}

describe("npm run cli -- backup / restore", () => {
  it("backs up to a file, restores it elsewhere, and refuses a cut copy of it", async () => {
    const out = path.join(dir, "chibo.backup.gz");
    const b = await cli(["backup", "--out", out], t.database.url);
    expect(b.code, b.stderr).toBe(0);
    expect(b.stdout.trim()).toBe(out);
    expect(b.stderr).toMatch(/Đã sao lưu \d+ dòng/);
    // Nothing but the backup in the folder: the temporary file was renamed.
    expect(await readdir(dir)).toEqual(["chibo.backup.gz"]);

    const cut = path.join(dir, "cut.backup.gz");
    await writeFile(cut, (await readFile(out)).subarray(0, 200));
    const target = await emptyDatabase();
    const bad = await cli(["restore", cut], target.url);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain("không ghi gì vào cơ sở dữ liệu");
    expect(bad.stderr).toContain("nothing was written");

    const r = await cli(["restore", out], target.url);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/Đã khôi phục \d+ dòng/);
    // A client of its own: an idle connection named chibo would count as a running service.
    const client = new pg.Client({ connectionString: target.url });
    await client.connect();
    const { rows } = await client.query<{ email: string }>("select email from users order by email");
    await client.end();
    expect(rows.map((x) => x.email)).toContain("admin@test.vn");

    const again = await cli(["restore", out], target.url);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain("--force");
  }, 180_000);

  it("restores into a new data folder on the embedded default, whose accounts then work", async () => {
    const out = path.join(dir, "embedded.backup.gz");
    expect((await cli(["backup", "--out", out], t.database.url)).code).toBe(0);
    // /tmp and a searchable folder: as root, the embedded PostgreSQL runs as the postgres user.
    const dataDir = await mkdtemp(path.join(os.tmpdir(), "chibo-backup-datadir-"));
    await chmod(dataDir, 0o755);
    const r = await cli(["restore", out], "", { DATA_DIR: dataDir });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain("PostgreSQL nhúng");
    // The restored administrator's password is reset on the restored data: the account is there.
    const reset = await cli(
      ["reset-password", "--email", "admin@test.vn", "--password", "mat-khau-moi-rat-dai"],
      "",
      {
        DATA_DIR: dataDir,
      },
    );
    expect(reset.code, reset.stderr).toBe(0);
    const missing = await cli(["reset-password", "--email", "khong-co@test.vn"], "", { DATA_DIR: dataDir });
    expect(missing.code).not.toBe(0);
    await rm(dataDir, { recursive: true, force: true });
  }, 240_000);
});
