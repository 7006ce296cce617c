/**
 * Structure that keeps rules with their owners and files readable: the pages (src/web) read through
 * capability services, never a `*-queries.ts`, and do no date arithmetic of their own (luxon is the
 * domain's: "today", "this month", the peak window are rules); no source file is over 450 lines.
 */
import path from "node:path";
import { describe, expect, it } from "vitest";
import { files } from "./source-files.ts";

const web = files.filter((f) => f.rel.startsWith(`web${path.sep}`));

/** Imports and re-exports of a file: the module paths it names. */
const importsOf = (text: string) => [...text.matchAll(/\bfrom\s+"([^"]+)"/g)].map((m) => m[1]!);

const MAX_LINES = 450;

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
    const over = files.filter((f) => lines(f.text) > MAX_LINES).map((f) => `${f.rel}: ${lines(f.text)}`);
    expect(over).toEqual([]);
  });
});
