import { sql } from "drizzle-orm";
import {
  bigserial,
  boolean,
  check,
  customType,
  index,
  integer,
  jsonb,
  pgEnum,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import type { OfficialText } from "../../domain/official-minutes.ts";
import { members, users } from "./organisation.ts";
import { meetings, onePerMeeting, topics } from "./plan.ts";
import { regionKey, regionLink, regionRow } from "./region.ts";

/** File bytes live in PostgreSQL so that every instance serves the same files. */
const bytea = customType<{ data: Buffer; driverData: Buffer }>({ dataType: () => "bytea" });

export const attendanceStatus = pgEnum("attendance_status", [
  "present",
  "absent_excused",
  "absent_unexcused",
]);

/** One per meeting once attendance is recorded. The counts are kept with the sheet (written in the same
 * transaction as the rows) so that reports over thousands of branches read one row per meeting. */
export const attendanceSheets = pgTable(
  "attendance_sheets",
  {
    meetingId: uuid("meeting_id").notNull(),
    regionId: uuid("region_id").notNull(),
    /** Invited guests who are not on the member list, by name. */
    guests: jsonb("guests").$type<string[]>().notNull().default([]),
    /** Those of `guests` marked present (by name). */
    guestsPresent: jsonb("guests_present").$type<string[]>().notNull().default([]),
    expectedCount: integer("expected_count").notNull(),
    presentCount: integer("present_count").notNull(),
    excusedCount: integer("excused_count").notNull(),
    unexcusedCount: integer("unexcused_count").notNull(),
    // The roster's counts by category (`countCategories`, domain/meeting-quality.ts) that the counts above do
    // not give (required, present, excused, unexcused are those above), so that the yearly report sums one row
    // per meeting instead of reading every mark with its member and standing. Kept by `refreshSheetCounts`
    // (minutes/sheet-counts-queries.ts) in the transaction that saves the sheet or changes a standing.
    totalCount: integer("total_count").notNull().default(0),
    fullCount: integer("full_count").notNull().default(0),
    probationaryCount: integer("probationary_count").notNull().default(0),
    exemptedCount: integer("exempted_count").notNull().default(0),
    temporaryCount: integer("temporary_count").notNull().default(0),
    recordedBy: uuid("recorded_by").references(() => users.id, { onDelete: "set null" }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull(),
  },
  (t) => [...onePerMeeting("attendance_sheets", t)],
);

/** A member's presence at a meeting. `expected` is false for invited members (role guest), who do not
 * count towards the rate, the quorum or the absence flag. */
export const attendance = pgTable(
  "attendance",
  {
    meetingId: uuid("meeting_id").notNull(),
    regionId: uuid("region_id").notNull(),
    memberId: uuid("member_id").notNull(),
    expected: boolean("expected").notNull(),
    status: attendanceStatus("status").notNull(),
    reason: text("reason"),
  },
  (t) => [
    primaryKey({ name: "attendance_pk", columns: [t.meetingId, t.memberId, t.regionId] }),
    regionLink(
      "attendance_sheet_fk",
      t.meetingId,
      t.regionId,
      { key: attendanceSheets.meetingId, regionId: attendanceSheets.regionId },
      "cascade",
    ),
    regionLink(
      "attendance_member_fk",
      t.memberId,
      t.regionId,
      { key: members.id, regionId: members.regionId },
      "restrict",
    ),
    // The three-absence flag reads only the (few) unexcused absences.
    index("attendance_unexcused_idx")
      .on(t.memberId, t.meetingId)
      .where(sql`${t.status} = 'absent_unexcused' and ${t.expected}`),
    check("attendance_reason_ck", sql`(${t.status} = 'absent_excused') = (${t.reason} is not null)`),
  ],
);

/** A revision's text (jsonb): the parts of the official minutes, as the domain names them (`OfficialText`:
 * revisions saved before the later parts lack them), and the topic studied. */
export interface MinutesContent extends OfficialText {
  topicId: string | null;
}

/** The current state of a meeting's minutes; the text itself is in `minutes_revisions`. */
export const minutes = pgTable(
  "minutes",
  {
    meetingId: uuid("meeting_id").notNull(),
    regionId: uuid("region_id").notNull(),
    currentRevision: integer("current_revision").notNull(),
    /** The topic actually studied, from the current revision (reports read it without the JSON). */
    topicId: uuid("topic_id").references(() => topics.id, { onDelete: "set null" }),
    /** From the current revision, for the ratings and reports (which read no JSON): the minutes were read
     * back and approved before the close, and the template's parts still missing (empty: complete). */
    readBack: boolean("read_back").notNull().default(false),
    missingParts: jsonb("missing_parts").$type<string[]>().notNull().default([]),
    submittedAt: timestamp("submitted_at", { withTimezone: true }),
    submittedBy: uuid("submitted_by").references(() => users.id, { onDelete: "set null" }),
    submittedRevision: integer("submitted_revision"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull(),
  },
  (t) => [...onePerMeeting("minutes", t)],
);

/** Every save of the minutes; never updated or deleted (a trigger refuses it). */
export const minutesRevisions = pgTable(
  "minutes_revisions",
  {
    id: bigserial("id", { mode: "number" }).notNull(),
    regionId: uuid("region_id").notNull(),
    meetingId: uuid("meeting_id").notNull(),
    revision: integer("revision").notNull(),
    content: jsonb("content").$type<MinutesContent>().notNull(),
    /** Required for a change after submission. */
    reason: text("reason"),
    afterSubmission: boolean("after_submission").notNull().default(false),
    createdBy: uuid("created_by").references(() => users.id, { onDelete: "set null" }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull(),
  },
  (t) => [
    regionKey("minutes_revisions_pk", t),
    regionLink(
      "minutes_revisions_minutes_fk",
      t.meetingId,
      t.regionId,
      { key: minutes.meetingId, regionId: minutes.regionId },
      "restrict",
    ),
    uniqueIndex("minutes_revisions_meeting_rev_uq").on(t.meetingId, t.revision, t.regionId),
  ],
);

/** Signed or scanned minutes and material; the bytes are in `minutes_file_chunks`. */
export const minutesFiles = pgTable(
  "minutes_files",
  {
    ...regionRow(),
    meetingId: uuid("meeting_id").notNull(),
    /** The original name, NFC. */
    fileName: text("file_name").notNull(),
    /** Detected from the content, never the declared type. */
    mime: text("mime").notNull(),
    size: integer("size").notNull(),
    sha256: text("sha256").notNull(),
    uploadedBy: uuid("uploaded_by").references(() => users.id, { onDelete: "set null" }),
    uploadedAt: timestamp("uploaded_at", { withTimezone: true }).notNull(),
  },
  (t) => [
    regionKey("minutes_files_pk", t),
    regionLink(
      "minutes_files_meeting_fk",
      t.meetingId,
      t.regionId,
      { key: meetings.id, regionId: meetings.regionId },
      "restrict",
    ),
    index("minutes_files_meeting_idx").on(t.meetingId),
  ],
);

/**
 * A file's bytes, in order, 1 MiB a row: written as the upload arrives (inside its transaction) and read
 * back one row at a time, so that neither holds a whole file in the process's memory.
 */
export const minutesFileChunks = pgTable(
  "minutes_file_chunks",
  {
    fileId: uuid("file_id").notNull(),
    regionId: uuid("region_id").notNull(),
    seq: integer("seq").notNull(),
    data: bytea("data").notNull(),
  },
  (t) => [
    primaryKey({ name: "minutes_file_chunks_pk", columns: [t.fileId, t.seq, t.regionId] }),
    regionLink(
      "minutes_file_chunks_file_fk",
      t.fileId,
      t.regionId,
      { key: minutesFiles.id, regionId: minutesFiles.regionId },
      "cascade",
    ),
  ],
);
