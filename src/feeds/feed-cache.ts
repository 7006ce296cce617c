/**
 * A bounded in-process LRU of rendered feeds, keyed by scope and checked against the version key.
 *
 * It is a cache, not state: every instance renders the same bytes from the same database rows, so an
 * instance that misses simply renders again. Concurrent misses for one scope share one render.
 */
import { createHash } from "node:crypto";

export interface RenderedFeed {
  body: Buffer;
  /** Strong ETag (quoted) of `body`, the exact bytes before any content coding. */
  etag: string;
  /** `body` gzipped, made at the first request that accepts gzip and kept with the entry. */
  gzip?: Promise<Buffer>;
}

interface Entry extends RenderedFeed {
  version: string;
}

export function strongEtag(body: Buffer): string {
  return `"${createHash("sha256").update(body).digest("base64url").slice(0, 32)}"`;
}

/** ETags remembered after their bytes were evicted (a few hundred bytes each with their scope and version,
 * ≤ ~60 MB), so that a client's If-None-Match on an unchanged feed still answers 304 without rendering. */
const MAX_ETAGS = 200_000;

export class FeedCache {
  private readonly entries = new Map<string, Entry>();
  private readonly etags = new Map<string, { version: string; etag: string }>();
  private readonly pending = new Map<string, Promise<RenderedFeed>>();
  private bytes = 0;

  constructor(
    private readonly maxBytes = 64 * 1024 * 1024,
    private readonly maxEntries = 2000,
  ) {}

  /** The rendered feed of `scope` at `version`, or null when absent or stale. */
  peek(scope: string, version: string): RenderedFeed | null {
    const e = this.entries.get(scope);
    if (!e || e.version !== version) return null;
    // Map order is insertion order: re-inserting makes it the most recently used.
    this.entries.delete(scope);
    this.entries.set(scope, e);
    return e;
  }

  /** The ETag of `scope` at `version` when known, even if its bytes were evicted. */
  etagOf(scope: string, version: string): string | null {
    const e = this.entries.get(scope) ?? this.etags.get(scope);
    return e && e.version === version ? e.etag : null;
  }

  async get(scope: string, version: string, render: () => Promise<Buffer>): Promise<RenderedFeed> {
    const hit = this.peek(scope, version);
    if (hit) return hit;
    const key = `${scope}\u0000${version}`;
    let p = this.pending.get(key);
    if (!p) {
      p = render()
        .then((body) => {
          const feed = { body, etag: strongEtag(body) };
          this.store(scope, { ...feed, version });
          return feed;
        })
        .finally(() => this.pending.delete(key));
      this.pending.set(key, p);
    }
    return p;
  }

  private store(scope: string, e: Entry): void {
    this.rememberEtag(scope, e.version, e.etag);
    const old = this.entries.get(scope);
    if (old) {
      this.bytes -= old.body.length;
      this.entries.delete(scope);
    }
    // A feed larger than the whole budget is served but not kept.
    if (e.body.length > this.maxBytes) return;
    this.entries.set(scope, e);
    this.bytes += e.body.length;
    for (const [k, v] of this.entries) {
      if (this.bytes <= this.maxBytes && this.entries.size <= this.maxEntries) break;
      this.entries.delete(k);
      this.bytes -= v.body.length;
    }
  }

  private rememberEtag(scope: string, version: string, etag: string): void {
    this.etags.delete(scope);
    this.etags.set(scope, { version, etag });
    if (this.etags.size > MAX_ETAGS) this.etags.delete(this.etags.keys().next().value!);
  }

  get size(): { entries: number; bytes: number; etags: number } {
    return { entries: this.entries.size, bytes: this.bytes, etags: this.etags.size };
  }
}
