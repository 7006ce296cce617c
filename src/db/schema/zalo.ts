import { pgTable, text, timestamp } from "drizzle-orm/pg-core";

/**
 * The Zalo Official Account's tokens (issue 21), one row per app. Zalo answers every refresh with a new
 * refresh token and voids the old one, so the current pair lives here, shared by every instance, encrypted
 * (AES-256-GCM, src/channels/zalo/zalo-token-crypto.ts), and is refreshed under this row's lock by one
 * instance at a time.
 */
export const zaloTokens = pgTable("zalo_tokens", {
  appId: text("app_id").primaryKey(),
  accessToken: text("access_token"),
  accessExpiresAt: timestamp("access_expires_at", { withTimezone: true }),
  refreshToken: text("refresh_token").notNull(),
  refreshExpiresAt: timestamp("refresh_expires_at", { withTimezone: true }),
  /** SHA-256 of the ZALO_REFRESH_TOKEN that started this row: a new one in the environment starts over. */
  seedHash: text("seed_hash").notNull(),
  refreshedAt: timestamp("refreshed_at", { withTimezone: true }),
  /** Why the last refresh failed (shown to the administrator); null after a good one. */
  lastError: text("last_error"),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
});
