/**
 * What this instance knows about feed tokens: for a token's hash, what it resolved to on a given day (a
 * feed's state with its version, or "no longer works") and the tags of the changes that end it. A
 * bounded LRU by count; a tag index drops every entry a change notification names.
 *
 * Pure memory, no I/O: `FeedLive` decides when it may be read and written.
 */
import type { FeedState } from "./feed-queries.ts";

export interface TokenEntry {
  /** The day (UTC) it was resolved for: the window, a departure date and Last-Modified depend on it. */
  today: string;
  /** null: the link does not (or no longer) work. */
  state: FeedState | null;
  tags: string[];
}

export class FeedTokenCache {
  private readonly entries = new Map<string, TokenEntry>();
  private readonly byTag = new Map<string, Set<string>>();

  /** About 1–4 KB a token (its state, tags and index): 20,000 tokens stay under about 80 MB. */
  constructor(readonly maxEntries = 20_000) {}

  /** The entry resolved for `today`, made the most recently used; undefined when absent or of another day. */
  get(hash: string, today: string): TokenEntry | undefined {
    const e = this.entries.get(hash);
    if (!e) return undefined;
    if (e.today !== today) {
      this.delete(hash);
      return undefined;
    }
    // Map order is insertion order: re-inserting makes it the most recently used.
    this.entries.delete(hash);
    this.entries.set(hash, e);
    return e;
  }

  set(hash: string, entry: TokenEntry): void {
    this.delete(hash);
    this.entries.set(hash, entry);
    for (const tag of entry.tags) {
      let hashes = this.byTag.get(tag);
      if (!hashes) {
        hashes = new Set();
        this.byTag.set(tag, hashes);
      }
      hashes.add(hash);
    }
    for (const oldest of this.entries.keys()) {
      if (this.entries.size <= this.maxEntries) break;
      this.delete(oldest);
    }
  }

  /** Drops every entry that depends on `tag` (e.g. `b:<branch id>`); returns how many. */
  invalidate(tag: string): number {
    const hashes = this.byTag.get(tag);
    if (!hashes) return 0;
    const n = hashes.size;
    for (const hash of [...hashes]) this.delete(hash);
    return n;
  }

  clear(): void {
    this.entries.clear();
    this.byTag.clear();
  }

  get size(): { entries: number; tags: number } {
    return { entries: this.entries.size, tags: this.byTag.size };
  }

  private delete(hash: string): void {
    const e = this.entries.get(hash);
    if (!e) return;
    this.entries.delete(hash);
    for (const tag of e.tags) {
      const hashes = this.byTag.get(tag);
      hashes?.delete(hash);
      if (hashes?.size === 0) this.byTag.delete(tag);
    }
  }
}
