/**
 * The OA's access token, shared by every instance. Zalo's access token lives 25 hours and its refresh token
 * three months, and each refresh voids the refresh token it used: two instances refreshing at once would
 * leave one of them with a dead token. So the token is refreshed an hour before it expires, under the token
 * row's lock (`select … for update`): the first caller refreshes, the others wait for its commit and take
 * the new token. A new ZALO_REFRESH_TOKEN in the environment (after Zalo refused the stored one) starts over.
 */
import { namedKey } from "../../auth/named-keys.ts";
import { tokenHash } from "../../auth/secrets.ts";
import type { Clock } from "../../clock.ts";
import type { ZaloConfig } from "../../config.ts";
import type { Db } from "../../db/client.ts";
import { openToken, sealToken, ZALO_KEY_NAME } from "./zalo-token-crypto.ts";
import { lockTokenRow, seedTokenRow, type TokenRow, tokenRow, writeTokenRow } from "./zalo-token-queries.ts";
import { refreshAccessToken } from "./zns-client.ts";

export interface ZaloDeps {
  db: Db;
  config: ZaloConfig;
  clock: Clock;
}

export type TokenResult =
  | { ok: true; token: string }
  /** `transient`: try again later; otherwise the OA needs a new refresh token from its administrator. */
  | { ok: false; transient: boolean; reason: string };

/** Refreshed this long before Zalo's expiry, so that a token never dies between a read and its use. */
export const REFRESH_EARLY_MS = 60 * 60_000;
/** Zalo's refresh token lives three months (Zalo for Developers, "Official Account Access Token"). */
const REFRESH_TOKEN_MS = 90 * 24 * 3600_000;

const context = (appId: string, field: string) => `zalo:${appId}:${field}`;

function usableAccess(key: Buffer, cfg: ZaloConfig, row: TokenRow | null, now: Date, stale?: string) {
  if (!row || row.seedHash !== tokenHash(cfg.refreshToken)) return null;
  if (!row.accessToken || !row.accessExpiresAt) return null;
  if (row.accessExpiresAt.getTime() - REFRESH_EARLY_MS <= now.getTime()) return null;
  const token = openToken(key, row.accessToken, context(cfg.appId, "access"));
  return token === stale ? null : token;
}

/**
 * A working access token. `stale`: the token Zalo has just called invalid (-124) — refreshed even though
 * it has not expired, unless another instance has already replaced it.
 */
export async function zaloAccessToken(deps: ZaloDeps, stale?: string): Promise<TokenResult> {
  const { db, config: cfg } = deps;
  const key = await namedKey(db, ZALO_KEY_NAME);
  const seed = tokenHash(cfg.refreshToken);
  const quick = usableAccess(key, cfg, await tokenRow(db, cfg.appId), deps.clock.now(), stale);
  if (quick) return { ok: true, token: quick };

  return db.transaction(async (tx) => {
    const sealedSeed = sealToken(key, cfg.refreshToken, context(cfg.appId, "refresh"));
    await seedTokenRow(tx, { appId: cfg.appId, refreshToken: sealedSeed, seedHash: seed });
    let row = await lockTokenRow(tx, cfg.appId);
    if (row.seedHash !== seed) {
      const restart = { refreshToken: sealedSeed, seedHash: seed, accessToken: null, accessExpiresAt: null };
      await writeTokenRow(tx, cfg.appId, restart);
      row = { ...row, ...restart };
    }
    // Another instance may have refreshed while this one waited for the lock.
    const now = deps.clock.now();
    const fresh = usableAccess(key, cfg, row, now, stale);
    if (fresh) return { ok: true, token: fresh };

    const answer = await refreshAccessToken(
      cfg,
      openToken(key, row.refreshToken, context(cfg.appId, "refresh")),
    );
    if (answer.kind !== "ok") {
      await writeTokenRow(tx, cfg.appId, { lastError: answer.reason });
      return { ok: false, transient: answer.kind === "transient", reason: answer.reason };
    }
    await writeTokenRow(tx, cfg.appId, {
      accessToken: sealToken(key, answer.accessToken, context(cfg.appId, "access")),
      accessExpiresAt: new Date(now.getTime() + answer.expiresInSeconds * 1000),
      refreshToken: sealToken(key, answer.refreshToken, context(cfg.appId, "refresh")),
      refreshExpiresAt: new Date(now.getTime() + REFRESH_TOKEN_MS),
      refreshedAt: now,
      lastError: null,
    });
    return { ok: true, token: answer.accessToken };
  });
}

/** What the admin page shows: no token value, only dates and the last error. */
export interface ZaloTokenState {
  accessExpiresAt: Date | null;
  refreshExpiresAt: Date | null;
  refreshedAt: Date | null;
  lastError: string | null;
}

export async function zaloTokenState(db: Db, cfg: ZaloConfig): Promise<ZaloTokenState | null> {
  const row = await tokenRow(db, cfg.appId);
  if (!row || row.seedHash !== tokenHash(cfg.refreshToken)) return null;
  const { accessExpiresAt, refreshExpiresAt, refreshedAt, lastError } = row;
  return { accessExpiresAt, refreshExpiresAt, refreshedAt, lastError };
}
