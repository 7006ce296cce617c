/**
 * Rendered pages this instance may answer again without reading the database: a bounded LRU of page bytes
 * (and their gzip), each kept with the change tags it was made of and the instant it stops being true.
 *
 * It is a cache, not state: another instance renders the same bytes from the same rows. Entries are
 * dropped by the change notifications every instance listens to (`FeedLive`, fed by PostgreSQL triggers at
 * commit: 'b:<branch>', 'm:<member>', 'k:<campaign>', 'u:<user>' or a flush), and read only while those
 * notifications can be trusted (`FeedLive.trusted`: listening, and this instance's own writes already heard
 * back). A page rendered while one of its tags was invalidated is not kept: the change may have landed
 * between its reads.
 */
import { gzipSync } from "node:zlib";
import type { FastifyReply } from "fastify";
import { reachDecidedEarlier } from "../auth/policy.ts";
import type { Principal } from "../auth/principal.ts";
import type { App } from "../http/types.ts";
import { sendPage } from "./page-kit.ts";

export interface CachedPage {
  html: Buffer;
  /** `html` gzipped (level 1, as the pages' compression), or null when too small to be worth it. */
  gzip: Buffer | null;
}

interface Entry extends CachedPage {
  tags: string[];
  validUntil: number;
}

/** What a page's bytes depend on beyond its cache key: change tags, and the instant time alone changes them. */
export interface Freshness {
  tags: string[];
  validUntil: number;
}

/** Invalidations remembered for pages still rendering; past this many, older renders are refused instead. */
const MAX_LOG = 10_000;

export class PageCache {
  private readonly entries = new Map<string, Entry>();
  /** key → the entry's keys by tag, to drop them when a tag changes. */
  private readonly byTag = new Map<string, Set<string>>();
  /** tag → the tick of its last invalidation (for renders that started before it). */
  private readonly invalidated = new Map<string, number>();
  private tick = 0;
  /** Renders that started before this tick are not kept (a flush, or the log forgot what happened). */
  private floor = 0;
  private bytes = 0;

  constructor(private readonly maxBytes = 16 * 1024 * 1024) {}

  /** The page under `key`, or null when absent or past its time. */
  get(key: string, now: number): CachedPage | null {
    const e = this.entries.get(key);
    if (!e) return null;
    if (now >= e.validUntil) {
      this.drop(key);
      return null;
    }
    // Map order is insertion order: re-inserting makes it the most recently used.
    this.entries.delete(key);
    this.entries.set(key, e);
    return e;
  }

  /** Taken before a page's reads: `store` keeps the page only if none of its tags changed since. */
  ticket(): number {
    return this.tick;
  }

  /** Keeps a page rendered from reads that began at `ticket`, unless a change it depends on came since.
   * Returns what to send (the bytes, gzipped once), kept or not. */
  store(key: string, ticket: number, html: string, freshness: Freshness | null, now: number): CachedPage {
    const body = Buffer.from(html);
    const page: CachedPage = { html: body, gzip: body.length >= 1024 ? gzipSync(body, { level: 1 }) : null };
    if (!freshness || now >= freshness.validUntil || !this.unchangedSince(ticket, freshness.tags))
      return page;
    this.drop(key);
    const size = body.length + (page.gzip?.length ?? 0);
    if (size > this.maxBytes) return page;
    this.entries.set(key, { ...page, ...freshness });
    this.bytes += size;
    for (const t of freshness.tags) {
      const keys = this.byTag.get(t) ?? new Set<string>();
      keys.add(key);
      this.byTag.set(t, keys);
    }
    for (const k of this.entries.keys()) {
      if (this.bytes <= this.maxBytes) break;
      this.drop(k);
    }
    return page;
  }

  /** A change to what `tag` names: every page made of it is dropped. */
  invalidate(tag: string): void {
    this.tick++;
    this.invalidated.set(tag, this.tick);
    if (this.invalidated.size > MAX_LOG) {
      this.invalidated.clear();
      this.floor = this.tick;
    }
    const keys = this.byTag.get(tag);
    if (!keys) return;
    for (const k of [...keys]) this.drop(k);
  }

  /** Anything may have changed (a flush, or the notifications were interrupted): forget every page. */
  flush(): void {
    this.tick++;
    this.floor = this.tick;
    this.invalidated.clear();
    this.entries.clear();
    this.byTag.clear();
    this.bytes = 0;
  }

  get size(): { entries: number; bytes: number } {
    return { entries: this.entries.size, bytes: this.bytes };
  }

  private unchangedSince(ticket: number, tags: string[]): boolean {
    if (ticket < this.floor) return false;
    return tags.every((t) => (this.invalidated.get(t) ?? 0) <= ticket);
  }

  private drop(key: string): void {
    const e = this.entries.get(key);
    if (!e) return;
    this.entries.delete(key);
    this.bytes -= e.html.length + (e.gzip?.length ?? 0);
    for (const t of e.tags) {
      const keys = this.byTag.get(t);
      keys?.delete(key);
      if (keys?.size === 0) this.byTag.delete(t);
    }
  }
}

declare module "fastify" {
  interface FastifyInstance {
    pageCache: PageCache;
  }
}

/** The instance's page cache, kept true by the feed listener's notifications (start it after `startFeedLive`). */
export function startPageCache(app: App, maxBytes?: number): PageCache {
  const cache = new PageCache(maxBytes);
  app.feedLive.follow(cache);
  app.decorate("pageCache", cache);
  return cache;
}

/**
 * A page for `p` under `key` (which holds everything of the request the page shows: the caller with their
 * session, the address): sent again from memory while nothing it was made of changed, else rendered by
 * `render` and kept when it says what it was made of. A kept page was rendered under a reach decision for
 * this very caller, which stands while its rows are unchanged.
 */
export async function keptOrRendered(
  reply: FastifyReply,
  key: string,
  p: Principal,
  now: Date,
  render: () => Promise<{ html: string; freshness: Freshness | null }>,
): Promise<FastifyReply> {
  const { feedLive, pageCache } = reply.server as App;
  const kept = feedLive.trusted ? pageCache.get(key, now.getTime()) : null;
  if (kept) {
    reachDecidedEarlier(p);
    return sendPage(reply, kept);
  }
  const ticket = pageCache.ticket();
  const { html, freshness } = await render();
  return sendPage(
    reply,
    pageCache.store(key, ticket, html, feedLive.trusted ? freshness : null, now.getTime()),
  );
}

/** A page's cache key: its kind, what of the address it shows, and the caller (their session included). */
export const pageKey = (kind: string, parts: (string | undefined)[], p: Principal): string =>
  [kind, ...parts.map((x) => x ?? ""), JSON.stringify(p)].join("\u0000");
