/** The OA's token row (src/db/schema/zalo.ts): read, seed, lock, write. Values arrive sealed. */
import { eq, sql } from "drizzle-orm";
import type { DbOrTx } from "../../db/client.ts";
import { zaloTokens } from "../../db/schema.ts";

export type TokenRow = typeof zaloTokens.$inferSelect;

export async function tokenRow(db: DbOrTx, appId: string): Promise<TokenRow | null> {
  const [row] = await db.select().from(zaloTokens).where(eq(zaloTokens.appId, appId));
  return row ?? null;
}

/** The row a first refresh starts from; nothing when one is there already. */
export async function seedTokenRow(
  db: DbOrTx,
  row: { appId: string; refreshToken: string; seedHash: string },
): Promise<void> {
  await db.insert(zaloTokens).values(row).onConflictDoNothing();
}

/** The row, locked until the transaction ends: one instance refreshes, the others wait and reuse. */
export async function lockTokenRow(tx: DbOrTx, appId: string): Promise<TokenRow> {
  const [row] = await tx.select().from(zaloTokens).where(eq(zaloTokens.appId, appId)).for("update");
  return row!;
}

export async function writeTokenRow(
  tx: DbOrTx,
  appId: string,
  values: Partial<Omit<TokenRow, "appId" | "updatedAt">>,
): Promise<void> {
  await tx
    .update(zaloTokens)
    .set({ ...values, updatedAt: sql`now()` })
    .where(eq(zaloTokens.appId, appId));
}
