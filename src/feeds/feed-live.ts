/**
 * Feeds without a database round trip: what this instance knows about each token (`FeedTokenCache`)
 * and each rendered feed (`FeedCache`), kept true by the change notifications of the listening
 * connection (`FeedListener`).
 *
 * The token cache is read only while it can be trusted:
 * - the listener listens (while it is down, every request asks the database; when it is back, the
 *   cache starts empty);
 * - no write answered by this instance is still on its way back as a notification: after each write
 *   this instance sends itself a ping on the listening connection, and notifications arrive in commit
 *   order, so once the ping is back every change of that write has been applied (read your writes);
 * - an answer loaded from the database is kept only when nothing was invalidated while it was loading.
 * Other instances learn of a change when its notification arrives, within milliseconds of the commit.
 */
import { randomUUID } from "node:crypto";
import type { onSendHookHandler } from "fastify";
import type { App } from "../http/types.ts";
import { FeedCache } from "./feed-cache.ts";
import { FeedListener } from "./feed-listener.ts";
import type { FeedState, TokenState } from "./feed-queries.ts";
import { FeedTokenCache } from "./feed-token-cache.ts";

/** A cache that drops what a change tag ('b:<branch id>', 'm:<member id>', …) names, or everything. */
export interface ChangeFollower {
  invalidate(tag: string): void;
  flush(): void;
}

export interface FeedLiveLimits {
  /** Tokens remembered (LRU). */
  maxTokens?: number;
  /** Rendered feeds remembered (LRU), and their total bytes. */
  maxFeeds?: number;
  maxBytes?: number;
}

export class FeedLive {
  readonly tokens: FeedTokenCache;
  readonly feeds: FeedCache;
  readonly listener: FeedListener;
  private readonly id = randomUUID().slice(0, 8);
  private listening = false;
  /** Moves on every invalidation: a load that saw it move is not kept. */
  private epoch = 0;
  private pingsSent = 0;
  private pingsBack = 0;
  private waiters: { n: number; resolve: () => void }[] = [];
  /** Other caches kept true by the same notifications (the pages', src/web/page-cache.ts). */
  private readonly followers: ChangeFollower[] = [];

  constructor(listenerConfig: ConstructorParameters<typeof FeedListener>[0], limits: FeedLiveLimits = {}) {
    this.tokens = new FeedTokenCache(limits.maxTokens);
    this.feeds = new FeedCache(limits.maxBytes, limits.maxFeeds);
    this.listener = new FeedListener(listenerConfig, {
      up: () => {
        this.tokens.clear();
        this.flushFollowers();
        this.epoch++;
        this.pingsBack = this.pingsSent;
        this.listening = true;
        this.wake();
      },
      down: () => {
        this.listening = false;
        this.tokens.clear();
        this.flushFollowers();
        this.epoch++;
        this.pingsBack = this.pingsSent;
        this.wake();
      },
      message: (payload) => this.apply(payload),
    });
  }

  /** True while the token cache may answer. */
  get trusted(): boolean {
    return this.listening && this.pingsBack >= this.pingsSent;
  }

  /** The state behind a token hash on `today`: from memory when trusted, else from `load` (one query). */
  async resolve(
    hash: string,
    today: string,
    load: () => Promise<TokenState | null>,
  ): Promise<FeedState | null> {
    if (this.trusted) {
      const hit = this.tokens.get(hash, today);
      if (hit) return hit.state;
    }
    const epoch = this.epoch;
    const loaded = await load();
    // An unknown hash is not kept: nothing would tell us when a token with that hash appears.
    if (loaded && this.trusted && this.epoch === epoch) this.tokens.set(hash, { today, ...loaded });
    return loaded?.state ?? null;
  }

  /** After a write answered by this instance: the cache waits for the write's notifications. */
  afterWrite(): number {
    if (!this.listening) return this.pingsSent;
    const n = ++this.pingsSent;
    this.epoch++;
    this.listener.notify(`p:${this.id}:${n}`).catch(() => this.listener.restart());
    return n;
  }

  /** Resolves once every change committed before the call has been applied here (or the listener is
   * down, when the cache is not read anyway). Tests call it after writing to the database directly. */
  settle(): Promise<void> {
    const n = this.afterWrite();
    if (!this.listening || this.pingsBack >= n) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push({ n, resolve }));
  }

  /** Hands every change heard from now on to `follower` too (and a flush whenever the listener stops or
   * restarts, as nothing is heard meanwhile). Read the follower only while `trusted`. */
  follow(follower: ChangeFollower): void {
    this.followers.push(follower);
  }

  start(): Promise<void> {
    return this.listener.start();
  }

  close(): Promise<void> {
    this.listening = false;
    this.wake();
    return this.listener.close();
  }

  private apply(payload: string): void {
    const colon = payload.indexOf(":");
    const kind = colon < 0 ? payload : payload.slice(0, colon);
    const rest = payload.slice(colon + 1);
    if (kind === "p") {
      const [id, n] = rest.split(":");
      if (id !== this.id) return;
      this.pingsBack = Math.max(this.pingsBack, Number(n));
      this.wake();
      return;
    }
    if (kind === "g") {
      // What only pages show (migrations/0023_page-notify.sql): feed tokens are not made of it.
      for (const f of this.followers) {
        if (rest === "*") f.flush();
        else for (const id of rest.split(",")) f.invalidate(`g:${id}`);
      }
      return;
    }
    this.epoch++;
    if (colon < 0) {
      // "flush", or anything not understood: forget everything.
      this.tokens.clear();
      this.flushFollowers();
      return;
    }
    for (const id of rest.split(",")) {
      const tag = `${kind}:${id}`;
      this.tokens.invalidate(tag);
      for (const f of this.followers) f.invalidate(tag);
    }
  }

  private flushFollowers(): void {
    for (const f of this.followers) f.flush();
  }

  private wake(): void {
    const still: typeof this.waiters = [];
    for (const w of this.waiters) {
      if (!this.listening || this.pingsBack >= w.n) w.resolve();
      else still.push(w);
    }
    this.waiters = still;
  }
}

declare module "fastify" {
  interface FastifyInstance {
    feedLive: FeedLive;
  }
}

const READS = new Set(["GET", "HEAD", "OPTIONS"]);

/**
 * Starts the instance's feed cache and its listening connection (on the app's database, as its pool
 * connects), closes them with the app, and after every write answered here waits for its notifications.
 */
export async function startFeedLive(app: App, limits?: FeedLiveLimits): Promise<FeedLive> {
  const { pool } = app.deps.database;
  const live = new FeedLive({ ...pool.options, application_name: "chibo-feeds" }, limits);
  app.decorate("feedLive", live);
  // Only the routes that can write get the hook (reads, the feeds first of all, pay nothing): added to each
  // such route as it is declared, in whichever context.
  const afterWrite: onSendHookHandler = (_request, _reply, payload, done) => {
    live.afterWrite();
    done(null, payload);
  };
  app.addHook("onRoute", (route) => {
    if ([route.method].flat().every((m) => READS.has(m))) return;
    route.onSend = [...[route.onSend ?? []].flat(), afterWrite];
  });
  app.addHook("onClose", () => live.close());
  await live.start();
  return live;
}
