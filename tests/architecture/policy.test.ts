/**
 * Structure that keeps reach in one place: no file but the policy module compares a caller's role, and
 * every route module that serves signed-in callers hands the decision to a service (no policy import in
 * routes).
 */
import path from "node:path";
import { describe, expect, it } from "vitest";
import { files } from "./source-files.ts";

/** The policy module: its decisions on one thing, and its SQL conditions for lists. */
const POLICY = [
  path.join("auth", "policy.ts"),
  path.join("auth", "policy-sql.ts"),
  path.join("auth", "policy-accounts.ts"),
];

describe("one policy module", () => {
  it("is the only file that compares a principal's role", () => {
    const offenders = files
      .filter((f) => !POLICY.includes(f.rel))
      .filter((f) =>
        /\b(p|principal|caller|user)\.role\s*[!=]==\s*"(admin|officer|secretary|member)"/.test(f.text),
      )
      .map((f) => f.rel);
    expect(offenders).toEqual([]);
  });

  it("is not called from route modules: routes hand the decision to a service", () => {
    const offenders = files
      .filter((f) => /-routes\.tsx?$/.test(f.rel))
      .filter((f) => /from "\.\.\/auth\/policy(-sql|-accounts)?\.ts"/.test(f.text))
      .map((f) => f.rel);
    expect(offenders).toEqual([]);
  });

  it("alone marks a caller as checked: only its own files import the mark", () => {
    const offenders = files
      .filter((f) => !POLICY.includes(f.rel))
      .filter((f) =>
        /import\s*\{[^}]*\bmark\b[^}]*\}\s*from\s*"[^"]*policy(-sql|-accounts)?\.ts"/.test(f.text),
      )
      .map((f) => f.rel);
    expect(offenders).toEqual([]);
  });
});
