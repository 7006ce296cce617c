/** Reads and writes of campaign rows, `(db | tx, params)`: no caller, no rules. */
import { asc, eq, type SQL, sql } from "drizzle-orm";
import type { DbOrTx } from "../db/client.ts";
import { campaigns, committees } from "../db/schema.ts";

export type CampaignRow = typeof campaigns.$inferSelect;
export type NewCampaign = typeof campaigns.$inferInsert;

/**
 * The campaigns that `reach` (the condition from `policy.campaignReachSql`) lets through, each with its
 * committee's ancestry: templates first, then by first month and title.
 */
export async function campaignsInReach(db: DbOrTx, reach: SQL) {
  return db
    .select({ campaign: campaigns, ancestorIds: committees.ancestorIds })
    .from(campaigns)
    .leftJoin(committees, eq(committees.id, campaigns.committeeId))
    .where(reach)
    .orderBy(sql`${campaigns.committeeId} is not null`, asc(campaigns.firstMonth), asc(campaigns.title));
}

/** A campaign's months (stored as first days), or undefined when there is no such campaign. */
export async function campaignMonths(db: DbOrTx, campaignId: string) {
  const [row] = await db
    .select({ id: campaigns.id, firstMonth: campaigns.firstMonth, lastMonth: campaigns.lastMonth })
    .from(campaigns)
    .where(eq(campaigns.id, campaignId));
  return row;
}

export async function insertCampaign(db: DbOrTx, values: NewCampaign): Promise<CampaignRow> {
  const [row] = await db.insert(campaigns).values(values).returning();
  return row!;
}

export async function updateCampaignRow(
  db: DbOrTx,
  campaignId: string,
  set: Partial<NewCampaign>,
): Promise<CampaignRow> {
  const [row] = await db.update(campaigns).set(set).where(eq(campaigns.id, campaignId)).returning();
  return row!;
}

/** Moves the campaign's updated_at, which versions the feeds that show its days. */
export async function touchCampaign(db: DbOrTx, campaignId: string, now: Date): Promise<void> {
  await db.update(campaigns).set({ updatedAt: now }).where(eq(campaigns.id, campaignId));
}

/** Takes the campaign row FOR UPDATE: serialises concurrent edits of one campaign's schedule. */
export async function lockCampaign(db: DbOrTx, campaignId: string): Promise<void> {
  await db.execute(sql`select 1 from ${campaigns} where ${campaigns.id} = ${campaignId} for update`);
}
