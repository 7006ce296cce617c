/**
 * The minutes' reads and writes, named for what they do: no caller, no rules (minutes-service.ts decides).
 * Also the two meeting rows the filing needs: its campaign's rules and the switch to "held".
 */
import { and, asc, eq, gte, lte, max, sql } from "drizzle-orm";
import type { DbOrTx } from "../db/client.ts";
import {
  attendanceSheets,
  campaigns,
  type MinutesContent,
  meetings,
  minutes,
  minutesRevisions,
  topics,
  users,
} from "../db/schema.ts";

/** The quorum and due days of a meeting's campaign, or null when it has none. */
export async function campaignRulesOf(db: DbOrTx, campaignId: string) {
  const [c] = await db
    .select({ quorum: campaigns.quorum, minutesDueDays: campaigns.minutesDueDays })
    .from(campaigns)
    .where(eq(campaigns.id, campaignId));
  return c ? { quorum: Number(c.quorum), minutesDueDays: c.minutesDueDays } : null;
}

/** Sets a planned meeting to held; true when it was planned. */
export async function markMeetingHeld(db: DbOrTx, meetingId: string): Promise<boolean> {
  const rows = await db
    .update(meetings)
    .set({ status: "held" })
    .where(and(eq(meetings.id, meetingId), eq(meetings.status, "planned")))
    .returning({ id: meetings.id });
  return rows.length > 0;
}

const stateColumns = {
  currentRevision: minutes.currentRevision,
  submittedAt: minutes.submittedAt,
  submittedRevision: minutes.submittedRevision,
  updatedAt: minutes.updatedAt,
};
export type MinutesState = {
  currentRevision: number;
  submittedAt: Date | null;
  submittedRevision: number | null;
  updatedAt: Date;
};

export async function minutesStateOf(db: DbOrTx, meetingId: string): Promise<MinutesState | null> {
  const [row] = await db.select(stateColumns).from(minutes).where(eq(minutes.meetingId, meetingId));
  return row ?? null;
}

/** One revision's text with the title of the topic it names. */
export async function revisionText(db: DbOrTx, params: { meetingId: string; revision: number }) {
  const [row] = await db
    .select({ content: minutesRevisions.content, topicTitle: topics.title })
    .from(minutesRevisions)
    .leftJoin(topics, sql`${topics.id} = (${minutesRevisions.content}->>'topicId')::uuid`)
    .where(
      and(eq(minutesRevisions.meetingId, params.meetingId), eq(minutesRevisions.revision, params.revision)),
    );
  return row ?? null;
}

/** The changes made after submission, oldest first, with who made them. */
export async function amendmentsOf(db: DbOrTx, meetingId: string) {
  return db
    .select({
      revision: minutesRevisions.revision,
      reason: minutesRevisions.reason,
      at: minutesRevisions.createdAt,
      by: users.displayName,
    })
    .from(minutesRevisions)
    .leftJoin(users, eq(users.id, minutesRevisions.createdBy))
    .where(and(eq(minutesRevisions.meetingId, meetingId), eq(minutesRevisions.afterSubmission, true)))
    .orderBy(asc(minutesRevisions.revision));
}

/** The revision first submitted: the last one saved before submission (later saves are amendments). */
export async function firstSubmittedRevision(db: DbOrTx, meetingId: string): Promise<number | null> {
  const [row] = await db
    .select({ revision: max(minutesRevisions.revision) })
    .from(minutesRevisions)
    .where(and(eq(minutesRevisions.meetingId, meetingId), eq(minutesRevisions.afterSubmission, false)));
  return row?.revision ?? null;
}

/** Every revision from number `from` on (up to `to` when given), oldest first. */
export async function revisionsFrom(db: DbOrTx, params: { meetingId: string; from: number; to?: number }) {
  return db
    .select({
      revision: minutesRevisions.revision,
      content: minutesRevisions.content,
      reason: minutesRevisions.reason,
      afterSubmission: minutesRevisions.afterSubmission,
      createdAt: minutesRevisions.createdAt,
      createdBy: users.displayName,
    })
    .from(minutesRevisions)
    .leftJoin(users, eq(users.id, minutesRevisions.createdBy))
    .where(
      and(
        eq(minutesRevisions.meetingId, params.meetingId),
        gte(minutesRevisions.revision, params.from),
        params.to === undefined ? undefined : lte(minutesRevisions.revision, params.to),
      ),
    )
    .orderBy(asc(minutesRevisions.revision));
}

export async function topicById(db: DbOrTx, topicId: string) {
  const [t] = await db
    .select({ campaignId: topics.campaignId, title: topics.title })
    .from(topics)
    .where(eq(topics.id, topicId));
  return t ?? null;
}

/** Writes a new revision and makes it the current one (creating the minutes on the first save). */
export async function addRevision(
  db: DbOrTx,
  params: {
    meetingId: string;
    regionId: string;
    revision: number;
    content: MinutesContent;
    missingParts: string[];
    reason: string | null;
    afterSubmission: boolean;
    by: string;
    at: Date;
  },
): Promise<MinutesState> {
  const { meetingId, regionId, revision, content, at } = params;
  const derived = { readBack: content.readBack ?? false, missingParts: params.missingParts };
  const [state] = await db
    .insert(minutes)
    .values({
      meetingId,
      regionId,
      currentRevision: revision,
      topicId: content.topicId,
      ...derived,
      createdAt: at,
      updatedAt: at,
    })
    .onConflictDoUpdate({
      target: [minutes.meetingId, minutes.regionId],
      set: { currentRevision: revision, topicId: content.topicId, ...derived, updatedAt: at },
    })
    .returning(stateColumns);
  await db.insert(minutesRevisions).values({
    meetingId,
    regionId,
    revision,
    content,
    reason: params.reason,
    afterSubmission: params.afterSubmission,
    createdBy: params.by,
    createdAt: at,
  });
  return state!;
}

/** Makes `revision` the submitted text; a submission again (of amendments) keeps the first one's date. */
export async function markSubmitted(
  db: DbOrTx,
  params: { meetingId: string; revision: number; by: string; at: Date },
): Promise<MinutesState> {
  const [state] = await db
    .update(minutes)
    .set({
      submittedAt: sql`coalesce(${minutes.submittedAt}, ${params.at.toISOString()}::timestamptz)`,
      submittedBy: params.by,
      submittedRevision: params.revision,
      updatedAt: params.at,
    })
    .where(eq(minutes.meetingId, params.meetingId))
    .returning(stateColumns);
  return state!;
}

/** Members present on the meeting's attendance sheet, or null when attendance is not recorded. */
export async function presentCountOf(db: DbOrTx, meetingId: string): Promise<number | null> {
  const [row] = await db
    .select({ present: attendanceSheets.presentCount })
    .from(attendanceSheets)
    .where(eq(attendanceSheets.meetingId, meetingId));
  return row?.present ?? null;
}
