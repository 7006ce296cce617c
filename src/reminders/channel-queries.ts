/** Channel choices as the scheduler and the pages read them. No rules. */
import { eq, inArray } from "drizzle-orm";
import type { DbOrTx } from "../db/client.ts";
import { channelChoices, users } from "../db/schema.ts";

/** member → the channels chosen by their account (members without a stored choice are absent). */
export async function choicesOfMembers(db: DbOrTx, memberIds: string[]): Promise<Map<string, string[]>> {
  if (memberIds.length === 0) return new Map();
  const rows = await db
    .select({ memberId: users.memberId, channels: channelChoices.channels })
    .from(channelChoices)
    .innerJoin(users, eq(users.id, channelChoices.userId))
    .where(inArray(users.memberId, memberIds));
  return new Map(rows.map((r) => [r.memberId!, r.channels]));
}

export async function choiceOfUser(db: DbOrTx, userId: string): Promise<string[] | null> {
  const [row] = await db
    .select({ channels: channelChoices.channels })
    .from(channelChoices)
    .where(eq(channelChoices.userId, userId));
  return row?.channels ?? null;
}

export async function storeChoice(db: DbOrTx, userId: string, channels: string[], now: Date): Promise<void> {
  await db
    .insert(channelChoices)
    .values({ userId, channels, updatedAt: now })
    .onConflictDoUpdate({ target: channelChoices.userId, set: { channels, updatedAt: now } });
}
