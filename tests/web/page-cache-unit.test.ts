/**
 * The page cache itself, without a database (src/web/page-cache.ts): what a change tag drops, what a page
 * rendered across a change may not keep, when time ends a page, and its memory bound.
 */
import { gunzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { PageCache } from "../../src/web/page-cache.ts";

const T0 = Date.parse("2026-05-10T03:00:00Z");
const page = (text: string) => `<!doctype html><p>${text}</p>${"·".repeat(1200)}`;
const fresh = (tags: string[], validUntil = T0 + 3_600_000) => ({ tags, validUntil });

describe("PageCache", () => {
  it("answers a kept page, gzipped once, until one of its tags changes", () => {
    const c = new PageCache();
    const sent = c.store("home|hoa", c.ticket(), page("Chào đồng chí Hoa"), fresh(["b:1", "m:7"]), T0);
    expect(gunzipSync(sent.gzip!).toString()).toBe(page("Chào đồng chí Hoa"));
    expect(c.get("home|hoa", T0)?.html.toString()).toBe(page("Chào đồng chí Hoa"));
    c.invalidate("b:2");
    expect(c.get("home|hoa", T0)).not.toBeNull();
    c.invalidate("m:7");
    expect(c.get("home|hoa", T0)).toBeNull();
    expect(c.size).toEqual({ entries: 0, bytes: 0 });
  });

  it("does not keep a page whose reads began before one of its tags changed", () => {
    const c = new PageCache();
    const ticket = c.ticket();
    c.invalidate("b:1"); // committed while the page was being read
    const sent = c.store("k", ticket, page("cũ"), fresh(["b:1"]), T0);
    expect(sent.html.toString()).toBe(page("cũ")); // still answered to this request
    expect(c.get("k", T0)).toBeNull();
    // Begun after the change: kept.
    c.store("k", c.ticket(), page("mới"), fresh(["b:1"]), T0);
    expect(c.get("k", T0)).not.toBeNull();
    // Another tag's change does not stop it.
    const t2 = c.ticket();
    c.invalidate("b:9");
    c.store("k2", t2, page("x"), fresh(["b:1"]), T0);
    expect(c.get("k2", T0)).not.toBeNull();
  });

  it("forgets everything on a flush, and keeps nothing begun before it", () => {
    const c = new PageCache();
    c.store("a", c.ticket(), page("a"), fresh(["b:1"]), T0);
    const ticket = c.ticket();
    c.flush();
    expect(c.get("a", T0)).toBeNull();
    c.store("b", ticket, page("b"), fresh(["b:2"]), T0);
    expect(c.get("b", T0)).toBeNull();
  });

  it("ends a page at its time limit, and keeps none without one", () => {
    const c = new PageCache();
    c.store("a", c.ticket(), page("a"), fresh(["b:1"], T0 + 1000), T0);
    expect(c.get("a", T0 + 999)).not.toBeNull();
    expect(c.get("a", T0 + 1000)).toBeNull();
    c.store("b", c.ticket(), page("b"), null, T0);
    expect(c.get("b", T0)).toBeNull();
  });

  it("holds at most its byte budget, dropping the least recently read", () => {
    const probe = new PageCache();
    probe.store("x", probe.ticket(), page("x"), fresh(["b:1"]), T0);
    const one = probe.size.bytes; // a page and its gzip
    const c = new PageCache(one * 3);
    for (const k of ["a", "b", "c"]) c.store(k, c.ticket(), page(k), fresh(["b:1"]), T0);
    expect(c.size.entries).toBe(3);
    c.get("a", T0); // read: now the most recent
    c.store("d", c.ticket(), page("d"), fresh(["b:1"]), T0);
    expect(c.get("b", T0)).toBeNull();
    expect(c.get("a", T0)).not.toBeNull();
    expect(c.get("d", T0)).not.toBeNull();
    expect(c.size.bytes).toBeLessThanOrEqual(one * 3);
  });
});
