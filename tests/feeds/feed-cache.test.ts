/** The feed caches stay within their bounds: tokens by count, rendered feeds by count and bytes. */
import { describe, expect, it } from "vitest";
import { FeedCache } from "../../src/feeds/feed-cache.ts";
import type { FeedState } from "../../src/feeds/feed-queries.ts";
import { FeedTokenCache } from "../../src/feeds/feed-token-cache.ts";

const state = (scopeId: string): FeedState => ({
  kind: "branch",
  withDeadlines: false,
  scopeId,
  regionId: "00000000-0000-4000-8000-000000000002",
  from: "2025-05-01",
  scope: `branch:${scopeId}`,
  version: "v1",
  lastModified: new Date("2026-05-01T00:00:00Z"),
});

describe("token cache", () => {
  it("keeps at most maxEntries tokens, dropping the least recently used, and its tag index with them", () => {
    const c = new FeedTokenCache(3);
    for (const h of ["h1", "h2", "h3"])
      c.set(h, { today: "2026-05-01", state: state(h), tags: [`t:${h}`, "k:c1"] });
    expect(c.get("h1", "2026-05-01")).toBeDefined(); // h1 is now the most recently used
    c.set("h4", { today: "2026-05-01", state: null, tags: ["t:h4"] });
    c.set("h5", { today: "2026-05-01", state: null, tags: ["t:h5"] });
    expect(c.size.entries).toBe(3);
    expect(c.get("h2", "2026-05-01")).toBeUndefined();
    expect(c.get("h3", "2026-05-01")).toBeUndefined();
    expect(c.get("h1", "2026-05-01")?.state?.scopeId).toBe("h1");
    // Evicted entries leave no tags behind: t:h1, k:c1, t:h4, t:h5.
    expect(c.size.tags).toBe(4);
    for (let i = 0; i < 10_000; i++) c.set(`x${i}`, { today: "2026-05-01", state: null, tags: [`t:x${i}`] });
    expect(c.size).toEqual({ entries: 3, tags: 3 });
  });

  it("drops what a tag names, and an entry of another day", () => {
    const c = new FeedTokenCache();
    c.set("h1", { today: "2026-05-01", state: state("b1"), tags: ["t:1", "b:b1", "k:c1"] });
    c.set("h2", { today: "2026-05-01", state: state("b2"), tags: ["t:2", "b:b2", "k:c1"] });
    c.set("h3", { today: "2026-05-01", state: state("b3"), tags: ["t:3", "b:b3"] });
    expect(c.invalidate("k:c1")).toBe(2);
    expect(c.get("h1", "2026-05-01")).toBeUndefined();
    expect(c.get("h3", "2026-05-01")).toBeDefined();
    expect(c.get("h3", "2026-05-02")).toBeUndefined();
    expect(c.size).toEqual({ entries: 0, tags: 0 });
  });
});

describe("rendered feed cache", () => {
  it("keeps at most maxBytes and maxEntries, and never keeps a feed larger than the budget", async () => {
    const c = new FeedCache(10_000, 5);
    for (let i = 0; i < 20; i++) await c.get(`s${i}`, "v", async () => Buffer.alloc(3000, i));
    expect(c.size.entries).toBe(3);
    expect(c.size.bytes).toBe(9000);
    for (let i = 0; i < 20; i++) await c.get(`t${i}`, "v", async () => Buffer.alloc(10, i));
    expect(c.size.entries).toBe(5);
    const big = await c.get("big", "v", async () => Buffer.alloc(20_000));
    expect(big.body.length).toBe(20_000);
    expect(c.peek("big", "v")).toBeNull();
    expect(c.size.bytes).toBeLessThanOrEqual(10_000);
  });

  it("still knows an evicted feed's ETag at the same version (a 304 without rendering), never at another", async () => {
    const c = new FeedCache(5_000, 10);
    const a = await c.get("a", "v1", async () => Buffer.alloc(3000, 1));
    await c.get("b", "v1", async () => Buffer.alloc(3000, 2));
    expect(c.peek("a", "v1")).toBeNull(); // its bytes were evicted
    expect(c.etagOf("a", "v1")).toBe(a.etag);
    expect(c.etagOf("a", "v2")).toBeNull();
    const a2 = await c.get("a", "v2", async () => Buffer.alloc(3000, 3));
    expect(c.etagOf("a", "v1")).toBeNull();
    expect(c.etagOf("a", "v2")).toBe(a2.etag);
  });
});
