/**
 * Structure that keeps rules with their owners and files readable: the pages (src/web) read through
 * capability services, never a `*-queries.ts`, and do no date arithmetic of their own (luxon is the
 * domain's: "today", "this month", the peak window are rules); no source file is over 450 lines.
 */
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

const SRC = path.resolve(import.meta.dirname, "../../src");

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) return sourceFiles(full);
    return e.name.endsWith(".ts") || e.name.endsWith(".tsx") ? [full] : [];
  });
}

const files = sourceFiles(SRC).map((f) => ({ rel: path.relative(SRC, f), text: readFileSync(f, "utf8") }));
const web = files.filter((f) => f.rel.startsWith(`web${path.sep}`));

/** Imports and re-exports of a file: the module paths it names. */
const importsOf = (text: string) => [...text.matchAll(/\bfrom\s+"([^"]+)"/g)].map((m) => m[1]!);

const MAX_LINES = 450;

/**
 * TEMPORARY: files over the limit that other branches are splitting (htmlsplit: reminder-text.ts,
 * reminder-outbox.ts, policy.ts). The lead removes each entry when that branch is merged; the test fails
 * once a listed file is under the limit, so the list cannot go stale.
 */
const OVER_LIMIT_FOR_NOW = new Set([
  path.join("reminders", "reminder-text.ts"),
  path.join("reminders", "reminder-outbox.ts"),
  path.join("auth", "policy.ts"),
  // Typed seed data (the campaign's texts), not logic; to be split by book part.
  path.join("campaigns", "seed-campaign.ts"),
]);

describe("the pages keep to the web's part", () => {
  it("never import a capability's queries: pages call services", () => {
    const offenders = web.flatMap((f) =>
      importsOf(f.text)
        .filter((m) => /-queries(\.tsx?)?$/.test(m))
        .map((m) => `${f.rel} → ${m}`),
    );
    expect(offenders).toEqual([]);
  });

  it("do no date arithmetic: luxon is not imported, dates come from the domain and the services", () => {
    const offenders = web.filter((f) => importsOf(f.text).includes("luxon")).map((f) => f.rel);
    expect(offenders).toEqual([]);
  });
});

describe("file size", () => {
  const lines = (text: string) => text.split("\n").length - (text.endsWith("\n") ? 1 : 0);

  it(`keeps every source file at ${MAX_LINES} lines or fewer`, () => {
    const over = files
      .filter((f) => lines(f.text) > MAX_LINES && !OVER_LIMIT_FOR_NOW.has(f.rel))
      .map((f) => `${f.rel}: ${lines(f.text)}`);
    expect(over).toEqual([]);
  });

  it("lists only files still over the limit as temporary exceptions", () => {
    const fixed = [...OVER_LIMIT_FOR_NOW].filter((rel) => {
      const f = files.find((x) => x.rel === rel);
      return !f || lines(f.text) <= MAX_LINES;
    });
    expect(fixed).toEqual([]);
  });
});
