/**
 * Reads and writes of a campaign's catalogue (topics, peak dates, report deadlines, events),
 * `(db | tx, params)`: no caller, no rules. Every row is read and written within its campaign.
 */
import { and, asc, eq, isNull, sql } from "drizzle-orm";
import type { DbOrTx } from "../db/client.ts";
import { campaignEvents, committees, deadlines, peakDates, topics } from "../db/schema.ts";

const topicColumns = {
  id: topics.id,
  position: topics.position,
  code: topics.code,
  part: topics.part,
  partTitle: topics.partTitle,
  title: topics.title,
  pageStart: topics.pageStart,
  pageEnd: topics.pageEnd,
  pagesEstimated: topics.pagesEstimated,
  summary: topics.summary,
  prompts: topics.prompts,
  links: topics.links,
};
const peakColumns = {
  id: peakDates.id,
  day: peakDates.day,
  month: peakDates.month,
  baseYear: peakDates.baseYear,
  name: peakDates.name,
  committeeId: peakDates.committeeId,
};
const deadlineColumns = {
  id: deadlines.id,
  day: deadlines.day,
  month: deadlines.month,
  year: deadlines.year,
  audience: deadlines.audience,
  title: deadlines.title,
};
const eventColumns = {
  id: campaignEvents.id,
  date: campaignEvents.date,
  title: campaignEvents.title,
  description: campaignEvents.description,
  committeeId: campaignEvents.committeeId,
  confirmed: campaignEvents.confirmed,
};

type NewTopic = typeof topics.$inferInsert;
type NewPeak = typeof peakDates.$inferInsert;
type NewDeadline = typeof deadlines.$inferInsert;
type NewEvent = typeof campaignEvents.$inferInsert;

// -------------------------------------------------------------------------------------------- reading

/** The topics in the catalogue now (not removed). */
const inCatalogue = (campaignId: string) => and(eq(topics.campaignId, campaignId), isNull(topics.removedAt));

/** The catalogue in its order. */
export async function topicsInOrder(db: DbOrTx, campaignId: string) {
  return db
    .select(topicColumns)
    .from(topics)
    .where(inCatalogue(campaignId))
    .orderBy(asc(topics.position), asc(topics.createdAt), asc(topics.code));
}

export async function peaksOfCampaign(db: DbOrTx, campaignId: string) {
  return db
    .select(peakColumns)
    .from(peakDates)
    .where(eq(peakDates.campaignId, campaignId))
    .orderBy(asc(peakDates.month), asc(peakDates.day));
}

/** Yearly deadlines first, then by month and day. */
export async function deadlinesOfCampaign(db: DbOrTx, campaignId: string) {
  return db
    .select(deadlineColumns)
    .from(deadlines)
    .where(eq(deadlines.campaignId, campaignId))
    .orderBy(sql`${deadlines.year} nulls first`, asc(deadlines.month), asc(deadlines.day));
}

export async function eventsOfCampaign(db: DbOrTx, campaignId: string) {
  return db
    .select(eventColumns)
    .from(campaignEvents)
    .where(eq(campaignEvents.campaignId, campaignId))
    .orderBy(asc(campaignEvents.date));
}

/** A topic in the campaign's catalogue (a removed one is not). */
export async function topicOfCampaign(db: DbOrTx, campaignId: string, topicId: string) {
  const [row] = await db
    .select(topicColumns)
    .from(topics)
    .where(and(eq(topics.id, topicId), inCatalogue(campaignId)));
  return row;
}

export async function peakOfCampaign(db: DbOrTx, campaignId: string, peakId: string) {
  const [row] = await db
    .select(peakColumns)
    .from(peakDates)
    .where(and(eq(peakDates.id, peakId), eq(peakDates.campaignId, campaignId)));
  return row;
}

export async function deadlineOfCampaign(db: DbOrTx, campaignId: string, deadlineId: string) {
  const [row] = await db
    .select(deadlineColumns)
    .from(deadlines)
    .where(and(eq(deadlines.id, deadlineId), eq(deadlines.campaignId, campaignId)));
  return row;
}

/** A committee's ancestry (itself included), or undefined when there is no such committee. */
export async function committeeAncestry(db: DbOrTx, committeeId: string) {
  const [row] = await db
    .select({ id: committees.id, ancestorIds: committees.ancestorIds })
    .from(committees)
    .where(eq(committees.id, committeeId));
  return row;
}

// -------------------------------------------------------------------------------------------- writing

/** The position after the catalogue's last topic. */
export async function nextTopicPosition(db: DbOrTx, campaignId: string): Promise<number> {
  const [{ next } = { next: 1 }] = await db
    .select({ next: sql<number>`coalesce(max(${topics.position}), 0)::int + 1` })
    .from(topics)
    .where(eq(topics.campaignId, campaignId));
  return next;
}

export async function insertTopic(db: DbOrTx, values: NewTopic) {
  const [row] = await db.insert(topics).values(values).returning(topicColumns);
  return row!;
}

export async function updateTopicRow(
  db: DbOrTx,
  campaignId: string,
  topicId: string,
  set: Partial<NewTopic>,
) {
  const [row] = await db
    .update(topics)
    .set(set)
    .where(and(eq(topics.id, topicId), inCatalogue(campaignId)))
    .returning(topicColumns);
  return row;
}

/** Numbers the topics 1… in the order of `codes`. */
export async function setTopicPositions(db: DbOrTx, campaignId: string, codes: readonly string[], now: Date) {
  for (const [i, code] of codes.entries()) {
    await db
      .update(topics)
      .set({ position: i + 1, updatedAt: now })
      .where(and(inCatalogue(campaignId), eq(topics.code, code)));
  }
}

export async function insertPeak(db: DbOrTx, values: NewPeak) {
  const [row] = await db.insert(peakDates).values(values).returning(peakColumns);
  return row!;
}

export async function updatePeakRow(db: DbOrTx, campaignId: string, peakId: string, set: Partial<NewPeak>) {
  const [row] = await db
    .update(peakDates)
    .set(set)
    .where(and(eq(peakDates.id, peakId), eq(peakDates.campaignId, campaignId)))
    .returning(peakColumns);
  return row;
}

export async function insertDeadline(db: DbOrTx, values: NewDeadline) {
  const [row] = await db.insert(deadlines).values(values).returning(deadlineColumns);
  return row!;
}

export async function updateDeadlineRow(
  db: DbOrTx,
  campaignId: string,
  deadlineId: string,
  set: Partial<NewDeadline>,
) {
  const [row] = await db
    .update(deadlines)
    .set(set)
    .where(and(eq(deadlines.id, deadlineId), eq(deadlines.campaignId, campaignId)))
    .returning(deadlineColumns);
  return row;
}

export async function insertEvent(db: DbOrTx, values: NewEvent) {
  const [row] = await db.insert(campaignEvents).values(values).returning(eventColumns);
  return row!;
}

export async function updateEventRow(
  db: DbOrTx,
  campaignId: string,
  eventId: string,
  set: Partial<NewEvent>,
) {
  const [row] = await db
    .update(campaignEvents)
    .set(set)
    .where(and(eq(campaignEvents.id, eventId), eq(campaignEvents.campaignId, campaignId)))
    .returning(eventColumns);
  return row;
}

const dated = { peak: peakDates, deadline: deadlines, event: campaignEvents } as const;
export type DatedKind = keyof typeof dated;

/** Removes a peak date, deadline or event of the campaign; false when it has none with that id. */
export async function deleteDatedRow(db: DbOrTx, kind: DatedKind, campaignId: string, id: string) {
  const table = dated[kind];
  const gone = await db
    .delete(table)
    .where(and(eq(table.id, id), eq(table.campaignId, campaignId)))
    .returning({ id: table.id });
  return gone.length > 0;
}

// ------------------------------------------------------------------------------------- copying, whole

/** Everything a copy takes from a campaign, whole rows; peak dates with their committee's ancestry. */
export async function catalogueToCopy(db: DbOrTx, campaignId: string) {
  // One after another: `db` is often a transaction, one connection, which runs one query at a time anyway
  // (pg deprecates queueing them on one client, and pg 9 refuses it).
  const topicRows = await db
    .select()
    .from(topics)
    .where(inCatalogue(campaignId))
    .orderBy(asc(topics.position));
  const peaks = await db
    .select({ peak: peakDates, ancestorIds: committees.ancestorIds })
    .from(peakDates)
    .leftJoin(committees, eq(committees.id, peakDates.committeeId))
    .where(eq(peakDates.campaignId, campaignId));
  const deadlineRows = await db.select().from(deadlines).where(eq(deadlines.campaignId, campaignId));
  const events = await db
    .select({ event: campaignEvents, ancestorIds: committees.ancestorIds })
    .from(campaignEvents)
    .leftJoin(committees, eq(committees.id, campaignEvents.committeeId))
    .where(eq(campaignEvents.campaignId, campaignId));
  return { topics: topicRows, peaks, deadlines: deadlineRows, events };
}

/** Inserts a copied catalogue (any part may be empty). */
export async function insertCatalogue(
  db: DbOrTx,
  rows: { topics: NewTopic[]; peaks: NewPeak[]; deadlines: NewDeadline[]; events: NewEvent[] },
) {
  if (rows.topics.length) await db.insert(topics).values(rows.topics);
  if (rows.peaks.length) await db.insert(peakDates).values(rows.peaks);
  if (rows.deadlines.length) await db.insert(deadlines).values(rows.deadlines);
  if (rows.events.length) await db.insert(campaignEvents).values(rows.events);
}
