/**
 * What a change of a campaign's months or catalogue reads and writes of the meetings planned for it,
 * `(db | tx, params)`: no caller, no rules (`campaign-service.ts`, `topic-removal-service.ts` decide).
 */
import { and, asc, eq, sql } from "drizzle-orm";
import type { DbOrTx } from "../db/client.ts";
import { branches, meetings, minutes, topicSchedule, topics } from "../db/schema.ts";

/** A meeting that has happened or been decided (held, cancelled, or its start passed): history. */
const isHistory = (nowIso: string) =>
  sql`(${meetings.status} <> 'planned' or ${meetings.startAt} <= ${nowIso}::timestamptz)`;
const outsideMonths = (first: string, last: string) =>
  sql`(${meetings.month} < ${first}::date or ${meetings.month} > ${last}::date)`;

/** Whether the campaign has any meeting (it has been planned). */
export async function campaignHasMeetings(db: DbOrTx, campaignId: string): Promise<boolean> {
  const [row] = await db
    .select({ id: meetings.id })
    .from(meetings)
    .where(eq(meetings.campaignId, campaignId))
    .limit(1);
  return row !== undefined;
}

/** The campaign's meetings of history whose month falls before `first` or after `last` (first days),
 * earliest first, with their branch's name. */
export async function historyOutsideMonths(
  db: DbOrTx,
  campaignId: string,
  first: string,
  last: string,
  now: Date,
) {
  return db
    .select({ month: meetings.month, branchName: branches.name })
    .from(meetings)
    .innerJoin(branches, eq(branches.id, meetings.branchId))
    .where(and(eq(meetings.campaignId, campaignId), outsideMonths(first, last), isHistory(now.toISOString())))
    .orderBy(asc(meetings.month), asc(branches.name));
}

/**
 * The campaign's planned meetings still to come whose month falls outside `first`–`last` leave the
 * campaign: the branch's monthly meeting stays on its calendar, without the campaign's topic (a later
 * campaign's plan takes it over, as it takes any meeting of no campaign). Each one's revision moves, so
 * calendars see the change. Returns how many.
 */
export async function detachMeetingsOutside(
  db: DbOrTx,
  campaignId: string,
  first: string,
  last: string,
  now: Date,
): Promise<number> {
  const rows = await db
    .update(meetings)
    .set({
      campaignId: null,
      topicId: null,
      topicSource: "schedule",
      topicChosenBy: null,
      revision: sql`${meetings.revision} + 1`,
      updatedAt: now,
    })
    .where(
      and(
        eq(meetings.campaignId, campaignId),
        outsideMonths(first, last),
        sql`not ${isHistory(now.toISOString())}`,
      ),
    )
    .returning({ id: meetings.id });
  return rows.length;
}

/** How many meetings studied the topic: meetings of history that carry it, and minutes that name it. */
export async function meetingsThatStudied(db: DbOrTx, topicId: string, now: Date): Promise<number> {
  const [row] = await db
    .select({
      n: sql<number>`count(*)::int`,
    })
    .from(meetings)
    .where(
      sql`${isHistory(now.toISOString())} and (${meetings.topicId} = ${topicId}::uuid or exists (
        select 1 from ${minutes} where ${minutes.meetingId} = ${meetings.id}
           and ${minutes.regionId} = ${meetings.regionId} and ${minutes.topicId} = ${topicId}::uuid))`,
    );
  return row?.n ?? 0;
}

/** Frees the months fixed to the topic; returns them (first days). */
export async function freeMonthsOfTopic(db: DbOrTx, campaignId: string, topicId: string) {
  const rows = await db
    .delete(topicSchedule)
    .where(and(eq(topicSchedule.campaignId, campaignId), eq(topicSchedule.topicId, topicId)))
    .returning({ month: topicSchedule.month });
  return rows.map((r) => r.month).sort();
}

/** Takes the topic out of the catalogue (the row stays for the meetings and minutes that name it). */
export async function markTopicRemoved(db: DbOrTx, campaignId: string, topicId: string, now: Date) {
  await db
    .update(topics)
    .set({ removedAt: now, updatedAt: now })
    .where(and(eq(topics.id, topicId), eq(topics.campaignId, campaignId)));
}

/** Planned meetings still to come that carry the topic lose it (revision moved); returns how many. */
export async function clearTopicOfComingMeetings(db: DbOrTx, topicId: string, now: Date): Promise<number> {
  const rows = await db
    .update(meetings)
    .set({
      topicId: null,
      topicSource: "schedule",
      topicChosenBy: null,
      revision: sql`${meetings.revision} + 1`,
      updatedAt: now,
    })
    .where(and(eq(meetings.topicId, topicId), sql`not ${isHistory(now.toISOString())}`))
    .returning({ id: meetings.id });
  return rows.length;
}
