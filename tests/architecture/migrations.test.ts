/** CI refuses a change to a migration that deployed databases have already run. */
import { execFileSync } from "node:child_process";
import { appendFileSync, cpSync, mkdtempSync, readdirSync, readFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";

const ROOT = path.resolve(import.meta.dirname, "../..");

function copyProject(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), "chibo-migrations-"));
  cpSync(path.join(ROOT, "migrations"), path.join(dir, "migrations"), { recursive: true });
  cpSync(path.join(ROOT, ".ci"), path.join(dir, ".ci"), { recursive: true });
  return dir;
}

function check(dir: string): { code: number; out: string } {
  try {
    const out = execFileSync("bash", [path.join(dir, ".ci/check-migrations.sh")], {
      encoding: "utf8",
      stdio: "pipe",
    });
    return { code: 0, out };
  } catch (err) {
    const e = err as { status: number; stderr: string; stdout: string };
    return { code: e.status, out: e.stdout + e.stderr };
  }
}

describe("released migrations", () => {
  it("are all listed with their checksum", () => {
    const listed = readFileSync(path.join(ROOT, "migrations/released.sha256"), "utf8")
      .trim()
      .split("\n")
      .map((l) => l.split(/\s+/)[1]);
    const journal = JSON.parse(readFileSync(path.join(ROOT, "migrations/meta/_journal.json"), "utf8")) as {
      entries: { tag: string }[];
    };
    const files = readdirSync(path.join(ROOT, "migrations")).filter((f) => f.endsWith(".sql"));
    expect(files.length).toBe(journal.entries.length);
    // Released ones are a prefix of the journal: only the newest may still be unreleased.
    expect(listed).toEqual(journal.entries.slice(0, listed.length).map((e) => `migrations/${e.tag}.sql`));
  });

  it("pass unchanged, and an edited one stops CI", () => {
    const dir = copyProject();
    expect(check(dir).code).toBe(0);
    appendFileSync(path.join(dir, "migrations/0000_init.sql"), "\n-- a quiet fix\n");
    const edited = check(dir);
    expect(edited.code).toBe(1);
    expect(edited.out).toContain("0000_init.sql");
  });
});
