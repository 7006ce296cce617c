/**
 * One way to write HTML: every page, printed document and mail is Preact rendered to a string (escaped by
 * default). No module writes markup in strings, and raw HTML is let through in two known places only.
 */
import path from "node:path";
import { describe, expect, it } from "vitest";
import { files } from "./source-files.ts";

/** A string literal that opens an HTML element: "<p>", `<a href=…`, '<!doctype html>' (looked for in .ts
 * modules: in .tsx, markup is JSX). */
const MARKUP_IN_STRING =
  /["'`][^"'`\n]*<(?:!doctype|html|head|body|p|div|span|a|br|hr|strong|table|tr|td|th|form|input|button|h[1-6])[\s>/]/i;

/**
 * Where raw HTML is allowed: the print shell's style sheet, a mail paragraph Preact rendered before (kept
 * for the next recipient), and the calendar link's QR code (an SVG from the encoder).
 */
const RAW_HTML = [
  path.join("web", "html.tsx"),
  path.join("reminders", "mail-html.tsx"),
  path.join("web", "calendar-page.tsx"),
];

describe("one way to write HTML", () => {
  it("no module builds markup in strings", () => {
    const offenders = files
      .filter((f) => f.rel.endsWith(".ts") && MARKUP_IN_STRING.test(f.text))
      .map((f) => f.rel);
    expect(offenders).toEqual([]);
  });

  it("raw HTML goes through only where it is needed", () => {
    const offenders = files
      .filter((f) => f.text.includes("dangerouslySetInnerHTML") && !RAW_HTML.includes(f.rel))
      .map((f) => f.rel);
    expect(offenders).toEqual([]);
  });

  it("the markup test would see a page written in a string", () => {
    expect(MARKUP_IN_STRING.test("return `<p>` + name;")).toBe(true);
    expect(MARKUP_IN_STRING.test('const s = "<!doctype html>";')).toBe(true);
    expect(MARKUP_IN_STRING.test("List-Unsubscribe: <https://chibo.test/x>")).toBe(false);
  });
});
