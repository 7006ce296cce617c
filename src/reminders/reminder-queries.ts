/**
 * Reads of the outbox and of what a message is about, named for what they read: the message lists shown to
 * secretaries, the batch loaders the sender fills its context with (one query per table per batch), and
 * the people and deadlines the scheduler reads too.
 * No caller, no rules.
 */
import { and, asc, desc, eq, gte, inArray, isNotNull, isNull, lte, or, type SQL } from "drizzle-orm";
import type { DbOrTx } from "../db/client.ts";
import {
  branches,
  campaigns,
  deadlines,
  meetings,
  members,
  minutes,
  peakDates,
  reminders,
  users,
} from "../db/schema.ts";
import { channelFailureReason } from "../domain/reminder-channels.ts";
import { failureReason } from "../domain/reminder-decision.ts";
import type { PersonRow } from "../domain/reminder-recipients.ts";
import { sortByViName } from "../domain/vi-name-order.ts";

// ---------------------------------------------------------------------------------------- message lists

export interface MessageItem {
  id: string;
  kind: string;
  state: string;
  slot: string;
  meetingId: string | null;
  memberId: string | null;
  userId: string | null;
  recipientName: string | null;
  toEmail: string | null;
  subject: string | null;
  dueAt: string;
  nextAttemptAt: string | null;
  sentAt: string | null;
  attempts: number;
  lastResponse: string | null;
  /** Why a failed message did not go (Vietnamese, for the secretary); null unless failed. */
  failureReason: string | null;
  messageId: string;
  revision: number | null;
}

async function messagesWhere(db: DbOrTx, where: SQL): Promise<MessageItem[]> {
  const rows = await db
    .select({
      r: reminders,
      memberName: members.fullName,
      userName: users.displayName,
    })
    .from(reminders)
    .leftJoin(members, eq(members.id, reminders.memberId))
    .leftJoin(users, eq(users.id, reminders.userId))
    .where(where)
    .orderBy(asc(reminders.dueAt), asc(reminders.key));
  return rows.map(({ r, memberName, userName }) => ({
    id: r.id,
    kind: r.kind,
    state: r.state,
    slot: r.slot,
    meetingId: r.meetingId,
    memberId: r.memberId,
    userId: r.userId,
    recipientName: memberName ?? userName ?? null,
    toEmail: r.toEmail,
    subject: r.subject,
    dueAt: r.dueAt.toISOString(),
    nextAttemptAt: r.state === "queued" || r.state === "sending" ? r.nextAttemptAt.toISOString() : null,
    sentAt: r.sentAt?.toISOString() ?? null,
    attempts: r.attempts,
    lastResponse: r.lastResponse,
    failureReason:
      r.state !== "failed"
        ? null
        : r.channel === "email"
          ? failureReason(r.lastResponse)
          : channelFailureReason(r.channel, r.lastResponse),
    messageId: r.messageId,
    revision: r.revision,
  }));
}

/** A meeting's failed messages, by due time. */
export function failedMessagesOfMeeting(db: DbOrTx, meetingId: string): Promise<MessageItem[]> {
  return messagesWhere(db, and(eq(reminders.meetingId, meetingId), eq(reminders.state, "failed"))!);
}

/**
 * Puts a meeting's failed messages back in the queue, due now, with a fresh count of attempts (the same
 * Message-ID: a copy the relay did keep folds with this one). They are decided again when sent.
 */
export async function requeueFailedOfMeeting(db: DbOrTx, meetingId: string, now: Date): Promise<string[]> {
  const rows = await db
    .update(reminders)
    .set({ state: "queued", attempts: 0, nextAttemptAt: now, lockedUntil: null, updatedAt: now })
    .where(and(eq(reminders.meetingId, meetingId), eq(reminders.state, "failed")))
    .returning({ id: reminders.id });
  return rows.map((r) => r.id).sort();
}

/** Every message about a meeting, by due time. */
export function messagesOfMeeting(db: DbOrTx, meetingId: string): Promise<MessageItem[]> {
  return messagesWhere(db, eq(reminders.meetingId, meetingId));
}

/** Every message to a member, by due time. */
export function messagesOfMember(db: DbOrTx, memberId: string): Promise<MessageItem[]> {
  return messagesWhere(db, eq(reminders.memberId, memberId));
}

/** Active members of a branch without an email address or opted out of reminders, by name. */
export async function unmailableMembersOfBranch(db: DbOrTx, branchId: string) {
  const rows = await db
    .select({
      id: members.id,
      fullName: members.fullName,
      role: members.role,
      phone: members.phone,
      email: members.email,
    })
    .from(members)
    .where(
      and(
        eq(members.branchId, branchId),
        isNull(members.leftOn),
        or(isNull(members.email), isNotNull(members.remindersOptedOutAt)),
      ),
    );
  return sortByViName(rows, (r) => r.fullName);
}

/** The outbox rows of these Message-IDs, most recently changed first. */
export function messagesByMessageId(db: DbOrTx, messageIds: string[]) {
  if (messageIds.length === 0) return Promise.resolve([]);
  return db
    .select({
      messageId: reminders.messageId,
      kind: reminders.kind,
      state: reminders.state,
      toEmail: reminders.toEmail,
      subject: reminders.subject,
    })
    .from(reminders)
    .where(inArray(reminders.messageId, messageIds))
    .orderBy(desc(reminders.updatedAt));
}

// ------------------------------------------------------------------------------ the sender's batch reads

/** The rows of these meetings addressed to these members or users (any kind, any state). */
export function messagesToRecipients(
  db: DbOrTx,
  meetingIds: string[],
  memberIds: string[],
  userIds: string[],
) {
  return db
    .select({
      meetingId: reminders.meetingId,
      memberId: reminders.memberId,
      userId: reminders.userId,
      kind: reminders.kind,
      slot: reminders.slot,
      state: reminders.state,
      revision: reminders.revision,
      snapshot: reminders.snapshot,
      id: reminders.id,
    })
    .from(reminders)
    .where(
      and(
        inArray(reminders.meetingId, meetingIds),
        // Only this batch's recipients: a big branch has thousands of rows per meeting.
        memberIds.length && userIds.length
          ? or(inArray(reminders.memberId, memberIds), inArray(reminders.userId, userIds))
          : memberIds.length
            ? inArray(reminders.memberId, memberIds)
            : inArray(reminders.userId, userIds.length ? userIds : ["00000000-0000-0000-0000-000000000000"]),
      ),
    );
}

/** Of these meetings, those whose minutes were submitted. */
export async function meetingsWithMinutesFiled(db: DbOrTx, meetingIds: string[]): Promise<string[]> {
  if (meetingIds.length === 0) return [];
  const rows = await db
    .select({ id: minutes.meetingId })
    .from(minutes)
    .where(and(inArray(minutes.meetingId, meetingIds), isNotNull(minutes.submittedAt)));
  return rows.map((r) => r.id);
}

/** Days after each meeting that its campaign gives for the minutes (meetings of a campaign only). */
export function minutesDueDaysOf(db: DbOrTx, meetingIds: string[]) {
  return db
    .select({ id: meetings.id, days: campaigns.minutesDueDays })
    .from(meetings)
    .innerJoin(campaigns, eq(campaigns.id, meetings.campaignId))
    .where(inArray(meetings.id, meetingIds));
}

/** Everyone on the rolls of these branches (left members included), by name. */
export async function rollsOfBranches(db: DbOrTx, branchIds: string[]) {
  const rows = await db
    .select({
      branchId: members.branchId,
      fullName: members.fullName,
      leftOn: members.leftOn,
      role: members.role,
    })
    .from(members)
    .where(inArray(members.branchId, branchIds));
  return sortByViName(rows, (r) => r.fullName);
}

const PERSON = {
  id: members.id,
  branchId: members.branchId,
  fullName: members.fullName,
  email: members.email,
  phone: members.phone,
  role: members.role,
  joinedOn: members.joinedOn,
  leftOn: members.leftOn,
  remindersOptedOutAt: members.remindersOptedOutAt,
};

export function membersByIds(db: DbOrTx, ids: string[]): Promise<PersonRow[]> {
  return db.select(PERSON).from(members).where(inArray(members.id, ids));
}

/** The members of these branches who have not left. */
export async function peopleOfBranches(db: DbOrTx, branchIds: string[]): Promise<PersonRow[]> {
  if (branchIds.length === 0) return [];
  return db
    .select(PERSON)
    .from(members)
    .where(and(inArray(members.branchId, branchIds), isNull(members.leftOn)));
}

export function usersByIds(db: DbOrTx, ids: string[]) {
  return db
    .select({ id: users.id, displayName: users.displayName, email: users.email, disabled: users.disabled })
    .from(users)
    .where(inArray(users.id, ids));
}

export function peakDatesByIds(db: DbOrTx, ids: string[]) {
  return db
    .select({
      id: peakDates.id,
      day: peakDates.day,
      month: peakDates.month,
      baseYear: peakDates.baseYear,
      name: peakDates.name,
    })
    .from(peakDates)
    .where(inArray(peakDates.id, ids));
}

const DEADLINE = {
  id: deadlines.id,
  day: deadlines.day,
  month: deadlines.month,
  year: deadlines.year,
  audience: deadlines.audience,
};

export function deadlinesByIds(db: DbOrTx, ids: string[]) {
  return db
    .select({ ...DEADLINE, title: deadlines.title })
    .from(deadlines)
    .where(inArray(deadlines.id, ids));
}

export function deadlinesOfCampaigns(db: DbOrTx, campaignIds: string[]) {
  return db
    .select({ ...DEADLINE, campaignId: deadlines.campaignId })
    .from(deadlines)
    .where(inArray(deadlines.campaignId, campaignIds));
}

/** The branches' meetings dated from `from` to `to` (civil dates), with their kind and status. */
export function kindedMeetingsOfBranches(db: DbOrTx, branchIds: string[], from: string, to: string) {
  return db
    .select({
      branchId: meetings.branchId,
      date: meetings.date,
      kind: meetings.kind,
      status: meetings.status,
    })
    .from(meetings)
    .where(and(inArray(meetings.branchId, branchIds), gte(meetings.date, from), lte(meetings.date, to)));
}

export function branchesByIds(db: DbOrTx, ids: string[]) {
  return db
    .select({ id: branches.id, name: branches.name, timezone: branches.timezone })
    .from(branches)
    .where(inArray(branches.id, ids));
}

/**
 * Whom replies to a branch's mail reach: its secretary (a current member with the secretary role and an
 * email), else an enabled secretary account of the branch. One per branch.
 */
export async function replyToOfBranches(
  db: DbOrTx,
  branchIds: string[],
): Promise<Map<string, { name: string; email: string }>> {
  const out = new Map<string, { name: string; email: string }>();
  if (branchIds.length === 0) return out;
  const ms = await db
    .select({ branchId: members.branchId, name: members.fullName, email: members.email })
    .from(members)
    .where(
      and(
        inArray(members.branchId, branchIds),
        eq(members.role, "secretary"),
        isNull(members.leftOn),
        isNotNull(members.email),
      ),
    )
    .orderBy(asc(members.createdAt));
  for (const m of ms)
    if (m.email && !out.has(m.branchId)) out.set(m.branchId, { name: m.name, email: m.email });
  const missing = branchIds.filter((b) => !out.has(b));
  if (missing.length) {
    const us = await db
      .select({ branchId: users.branchId, name: users.displayName, email: users.email })
      .from(users)
      .where(and(inArray(users.branchId, missing), eq(users.role, "secretary"), eq(users.disabled, false)))
      .orderBy(asc(users.createdAt));
    for (const u of us)
      if (u.branchId && !out.has(u.branchId)) out.set(u.branchId, { name: u.name, email: u.email });
  }
  return out;
}
