/** Channel choices as the scheduler and the pages read them. No rules. */
import { and, eq, inArray } from "drizzle-orm";
import type { DbOrTx } from "../db/client.ts";
import { channelChoices, members, reminders, users } from "../db/schema.ts";

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

/** member → the phone their record keeps (members without one are absent). */
export async function phonesOfMembers(db: DbOrTx, memberIds: string[]): Promise<Map<string, string>> {
  if (memberIds.length === 0) return new Map();
  const rows = await db
    .select({ id: members.id, phone: members.phone })
    .from(members)
    .where(inArray(members.id, memberIds));
  return new Map(rows.filter((r) => r.phone).map((r) => [r.id, r.phone!]));
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

/** The member reminder rows of a meeting (reminders, updates, cancellations), for the reach summary. */
export function reachRowsOfMeeting(db: DbOrTx, meetingId: string) {
  return db
    .select({
      memberId: reminders.memberId,
      name: members.fullName,
      channel: reminders.channel,
      state: reminders.state,
    })
    .from(reminders)
    .innerJoin(members, and(eq(members.id, reminders.memberId), eq(members.regionId, reminders.regionId)))
    .where(
      and(
        eq(reminders.meetingId, meetingId),
        inArray(reminders.kind, ["meeting_reminder", "meeting_update", "meeting_cancel"]),
      ),
    )
    .orderBy(members.fullName)
    .then((rows) => rows.map((r) => ({ ...r, memberId: r.memberId! })));
}
