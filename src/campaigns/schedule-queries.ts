/** Reads and writes of a campaign's fixed months (`topic_schedule`), `(db | tx, params)`: no caller, no rules. */
import { and, asc, eq, sql } from "drizzle-orm";
import type { DbOrTx } from "../db/client.ts";
import { topicSchedule, topics } from "../db/schema.ts";

/** The months the committee fixed (first days), with their topic's code. */
export async function fixedMonthsOfCampaign(db: DbOrTx, campaignId: string) {
  return db
    .select({ month: topicSchedule.month, code: topics.code })
    .from(topicSchedule)
    .innerJoin(topics, eq(topics.id, topicSchedule.topicId))
    .where(and(eq(topicSchedule.campaignId, campaignId), eq(topicSchedule.fixed, true)));
}

/** The fixed months (first days, sorted) of a campaign that fall before `first` or after `last` (dates). */
export async function fixedMonthsOutside(db: DbOrTx, campaignId: string, first: string, last: string) {
  const rows = await db
    .select({ month: topicSchedule.month })
    .from(topicSchedule)
    .where(
      and(
        eq(topicSchedule.campaignId, campaignId),
        eq(topicSchedule.fixed, true),
        sql`(${topicSchedule.month} < ${first}::date or ${topicSchedule.month} > ${last}::date)`,
      ),
    )
    .orderBy(asc(topicSchedule.month));
  return rows.map((r) => r.month);
}

/** Fixes `month` (a first day) to the topic. */
export async function fixMonth(db: DbOrTx, campaignId: string, month: string, topicId: string) {
  await db
    .insert(topicSchedule)
    .values({ campaignId, month, topicId, fixed: true })
    .onConflictDoUpdate({
      target: [topicSchedule.campaignId, topicSchedule.month],
      set: { topicId, fixed: true },
    });
}

/** Returns `month` (a first day) to the default rotation. */
export async function freeMonth(db: DbOrTx, campaignId: string, month: string) {
  await db
    .delete(topicSchedule)
    .where(and(eq(topicSchedule.campaignId, campaignId), eq(topicSchedule.month, month)));
}
