import { sql } from "drizzle-orm";
import {
  date,
  index,
  integer,
  jsonb,
  pgEnum,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import { branches, members, users } from "./organisation.ts";
import { meetings } from "./plan.ts";
import { regionKey, regionLink, regionRow } from "./region.ts";

export const reminderKind = pgEnum("reminder_kind", [
  /** A member's reminder before a meeting, with the invite (slot = offset, e.g. "3d@07:00"). */
  "meeting_reminder",
  /** Updated invite to whoever received an older revision. */
  "meeting_update",
  /** METHOD:CANCEL to whoever received an invite of a cancelled meeting. */
  "meeting_cancel",
  /** A week before a peak date, to every member. */
  "peak_notice",
  /** Secretary: prepare the meeting (7 days before). */
  "secretary_prepare",
  /** Secretary: minutes not filed (the day after, then again 3 days later). */
  "secretary_minutes",
  /** Secretary / officer: a report deadline approaches (14 and 3 days before). */
  "deadline_notice",
  /** Secretary: a quarter's last month has begun with no thematic meeting held or planned (slot "2026-Q2"). */
  "secretary_thematic",
]);

/** The way a message goes: mail, Web Push to the person's devices, or a Zalo template message. */
export const reminderChannel = pgEnum("reminder_channel", ["email", "push", "zalo"]);

export const reminderState = pgEnum("reminder_state", ["queued", "sending", "sent", "failed", "withdrawn"]);

/**
 * The outbox. One row per (subject, recipient, kind, slot, channel) under the unique `key`, so that any number
 * of scheduler ticks on any number of instances materialise each message once. Senders claim due rows with
 * FOR UPDATE SKIP LOCKED and a lease (`lockedUntil`), so a crashed sender's rows come back.
 */
export const reminders = pgTable(
  "reminders",
  {
    // The distribution column: the region of the branch, or of the officer's committee.
    ...regionRow(),
    key: text("key").notNull(),
    kind: reminderKind("kind").notNull(),
    /** One row per channel under the same key: each message goes once by each way chosen. */
    channel: reminderChannel("channel").notNull().default("email"),
    /** Offset ("3d@07:00"), revision ("r2"), or days before a deadline ("14d"). */
    slot: text("slot").notNull(),
    branchId: uuid("branch_id"),
    meetingId: uuid("meeting_id"),
    memberId: uuid("member_id"),
    userId: uuid("user_id").references(() => users.id, { onDelete: "cascade" }),
    /** Peak date or deadline id and its occurrence (for peak and deadline notices). */
    refId: uuid("ref_id"),
    refDate: date("ref_date", { mode: "string" }),
    /** Meeting revision: planned for (queued), carried (sent). */
    revision: integer("revision"),
    toEmail: text("to_email"),
    state: reminderState("state").notNull().default("queued"),
    dueAt: timestamp("due_at", { withTimezone: true }).notNull(),
    nextAttemptAt: timestamp("next_attempt_at", { withTimezone: true }).notNull(),
    lockedUntil: timestamp("locked_until", { withTimezone: true }),
    attempts: integer("attempts").notNull().default(0),
    lastResponse: text("last_response"),
    messageId: text("message_id").notNull(),
    subject: text("subject"),
    /** What the recipient was told (time, place, topic), to say what changed in the next update. */
    snapshot: jsonb("snapshot").$type<Record<string, string | null>>(),
    sentAt: timestamp("sent_at", { withTimezone: true }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    regionKey("reminders_pk", t),
    regionLink(
      "reminders_branch_fk",
      t.branchId,
      t.regionId,
      { key: branches.id, regionId: branches.regionId },
      "cascade",
    ),
    regionLink(
      "reminders_meeting_fk",
      t.meetingId,
      t.regionId,
      { key: meetings.id, regionId: meetings.regionId },
      "cascade",
    ),
    regionLink(
      "reminders_member_fk",
      t.memberId,
      t.regionId,
      { key: members.id, regionId: members.regionId },
      "cascade",
    ),
    uniqueIndex("reminders_key_uq").on(t.key, t.channel, t.regionId),
    index("reminders_due_idx").on(t.nextAttemptAt).where(sql`${t.state} in ('queued', 'sending')`),
    index("reminders_meeting_idx").on(t.meetingId, t.memberId),
    index("reminders_member_idx").on(t.memberId),
    index("reminders_message_id_idx").on(t.messageId),
  ],
);

/** Server-wide secrets kept in the database so that every instance signs the same way (unsubscribe links). */
export const mailKeys = pgTable("mail_keys", {
  name: text("name").primaryKey(),
  secret: text("secret").notNull(),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
});
