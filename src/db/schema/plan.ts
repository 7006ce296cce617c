import { sql } from "drizzle-orm";
import {
  type AnyPgColumn,
  bigserial,
  boolean,
  check,
  date,
  index,
  integer,
  jsonb,
  numeric,
  pgEnum,
  pgTable,
  primaryKey,
  smallint,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import { branches, committees, members, timestamps, users } from "./organisation.ts";
import { regionKey, regionLink, regionRow } from "./region.ts";

/** A study campaign of one committee: every branch below it takes part. Months are stored as the
 * first day of the month. A campaign with no committee is a template shipped with the service (the
 * seeds' campaign): it is copied to a committee to be planned. */
export const campaigns = pgTable(
  "campaigns",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    committeeId: uuid("committee_id").references(() => committees.id, { onDelete: "restrict" }),
    title: text("title").notNull(),
    bookTitle: text("book_title").notNull(),
    bookAuthor: text("book_author").notNull().default(""),
    description: text("description").notNull().default(""),
    firstMonth: date("first_month", { mode: "string" }).notNull(),
    lastMonth: date("last_month", { mode: "string" }).notNull(),
    /** Share of expected members that makes a quorum. */
    quorum: numeric("quorum", { precision: 4, scale: 3 }).notNull().default("0.667"),
    /** Minutes are due this many days after the meeting. */
    minutesDueDays: integer("minutes_due_days").notNull().default(7),
    /** Member reminder offsets, e.g. [{"days":3,"at":"07:00"},{"days":0,"at":"07:00"}]. */
    reminderOffsets: jsonb("reminder_offsets")
      .$type<{ days: number; at: string }[]>()
      .notNull()
      .default([
        { days: 3, at: "07:00" },
        { days: 0, at: "07:00" },
      ]),
    /** Set when the campaign was loaded from shipped data, so that it is loaded once. */
    seedKey: text("seed_key"),
    ...timestamps,
  },
  (t) => [
    index("campaigns_committee_idx").on(t.committeeId),
    uniqueIndex("campaigns_seed_key_uq").on(t.seedKey),
    check("campaigns_months_ck", sql`${t.firstMonth} <= ${t.lastMonth}`),
  ],
);

/** The columns of a campaign's catalogue item (topic, peak date, deadline, event): its id and its campaign,
 * which takes its items with it. */
const campaignItem = () => ({
  id: uuid("id").primaryKey().defaultRandom(),
  campaignId: uuid("campaign_id")
    .notNull()
    .references(() => campaigns.id, { onDelete: "cascade" }),
});

/** One topic of the book; `part` 0 is the value of the work. */
export const topics = pgTable(
  "topics",
  {
    ...campaignItem(),
    position: integer("position").notNull(),
    code: text("code").notNull(),
    part: smallint("part").notNull(),
    partTitle: text("part_title").notNull().default(""),
    title: text("title").notNull(),
    pageStart: integer("page_start"),
    pageEnd: integer("page_end"),
    /** The catalogue only estimates the page range (the book prints no such chapter): "khoảng trang …". */
    pagesEstimated: boolean("pages_estimated").notNull().default(false),
    summary: text("summary").notNull().default(""),
    prompts: jsonb("prompts").$type<string[]>().notNull().default([]),
    links: jsonb("links").$type<{ title: string; url: string }[]>().notNull().default([]),
    /** Taken out of the catalogue (`topic-removal-service.ts`): out of the list, the rotation and copies, while
     * the meetings and minutes that studied it still name it. Its code is free again for a new topic. */
    removedAt: timestamp("removed_at", { withTimezone: true }),
    ...timestamps,
  },
  (t) => [uniqueIndex("topics_campaign_code_uq").on(t.campaignId, t.code).where(sql`${t.removedAt} is null`)],
);

/** A commemoration day. `committeeId` null = national reach; otherwise only branches below that committee. */
export const peakDates = pgTable(
  "peak_dates",
  {
    ...campaignItem(),
    day: smallint("day").notNull(),
    month: smallint("month").notNull(),
    baseYear: integer("base_year").notNull(),
    name: text("name").notNull(),
    committeeId: uuid("committee_id").references(() => committees.id, { onDelete: "cascade" }),
    ...timestamps,
  },
  (t) => [index("peak_dates_campaign_idx").on(t.campaignId)],
);

export const deadlineAudience = pgEnum("deadline_audience", ["branch", "committee"]);

/** A report deadline: every year of the campaign when `year` is null, else once. */
export const deadlines = pgTable(
  "deadlines",
  {
    ...campaignItem(),
    day: smallint("day").notNull(),
    month: smallint("month").notNull(),
    year: integer("year"),
    audience: deadlineAudience("audience").notNull(),
    title: text("title").notNull(),
    ...timestamps,
  },
  (t) => [index("deadlines_campaign_idx").on(t.campaignId)],
);

export const campaignEvents = pgTable(
  "campaign_events",
  {
    ...campaignItem(),
    date: date("date", { mode: "string" }).notNull(),
    title: text("title").notNull(),
    description: text("description").notNull().default(""),
    /** null = every branch that follows the campaign; a committee = only the branches below it. */
    committeeId: uuid("committee_id").references(() => committees.id, { onDelete: "cascade" }),
    /** False for a copied event whose text could not be re-dated truthfully (`copiedEvent`): it reaches no
     * feed until an officer confirms it. */
    confirmed: boolean("confirmed").notNull().default(true),
    ...timestamps,
  },
  (t) => [index("campaign_events_campaign_idx").on(t.campaignId)],
);

/** The committee's month → topic schedule. */
export const topicSchedule = pgTable(
  "topic_schedule",
  {
    campaignId: uuid("campaign_id")
      .notNull()
      .references(() => campaigns.id, { onDelete: "cascade" }),
    month: date("month", { mode: "string" }).notNull(),
    topicId: uuid("topic_id")
      .notNull()
      .references(() => topics.id, { onDelete: "restrict" }),
    /** True when the committee fixed this month by hand; false when it is the default rotation. */
    fixed: boolean("fixed").notNull().default(false),
  },
  (t) => [primaryKey({ name: "topic_schedule_pk", columns: [t.campaignId, t.month] })],
);

export const holidayAction = pgEnum("holiday_action", ["add", "remove"]);

/** Admin edits to the computed holiday calendar; they win over the defaults. */
export const holidayOverrides = pgTable(
  "holiday_overrides",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    date: date("date", { mode: "string" }).notNull(),
    action: holidayAction("action").notNull(),
    name: text("name"),
    createdBy: uuid("created_by").references(() => users.id, { onDelete: "set null" }),
    ...timestamps,
  },
  (t) => [uniqueIndex("holiday_overrides_date_uq").on(t.date)],
);

export const meetingStatus = pgEnum("meeting_status", ["planned", "cancelled", "held"]);
export const topicSource = pgEnum("topic_source", ["schedule", "secretary"]);
/** Thường kỳ, chuyên đề, or both in one session (domain/meeting-quality.ts `MeetingKind`). */
export const meetingKind = pgEnum("meeting_kind", ["regular", "thematic", "combined"]);

/** A branch's monthly meeting: one per branch and month. `revision` is the iCal SEQUENCE and
 * `updatedAt` its DTSTAMP/LAST-MODIFIED. `edited` marks a secretary's hand, which re-planning never
 * overwrites. */
export const meetings = pgTable(
  "meetings",
  {
    // The distribution column: its branch's region (src/db/distribution.ts).
    ...regionRow(),
    branchId: uuid("branch_id").notNull(),
    campaignId: uuid("campaign_id").references(() => campaigns.id, { onDelete: "set null" }),
    month: date("month", { mode: "string" }).notNull(),
    date: date("date", { mode: "string" }).notNull(),
    startAt: timestamp("start_at", { withTimezone: true }).notNull(),
    endAt: timestamp("end_at", { withTimezone: true }).notNull(),
    place: text("place"),
    onlineUrl: text("online_url"),
    topicId: uuid("topic_id").references(() => topics.id, { onDelete: "set null" }),
    topicSource: topicSource("topic_source").notNull().default("schedule"),
    topicChosenBy: uuid("topic_chosen_by").references(() => users.id, { onDelete: "set null" }),
    status: meetingStatus("status").notNull().default("planned"),
    /** A branch plans its thematic meetings (at least one a quarter) by setting the kind of a month's meeting. */
    kind: meetingKind("kind").notNull().default("regular"),
    cancelReason: text("cancel_reason"),
    edited: boolean("edited").notNull().default(false),
    revision: integer("revision").notNull().default(0),
    /** A make-up meeting (họp bù) names the cancelled or missed meeting it replaces; it keeps that one's month. */
    makeupOf: uuid("makeup_of"),
    /** Why the meeting is held outside its month (a secretary's move, or a make-up held later). */
    offMonthReason: text("off_month_reason"),
    ...timestamps,
  },
  (t) => [
    regionKey("meetings_pk", t),
    regionLink(
      "meetings_branch_fk",
      t.branchId,
      t.regionId,
      { key: branches.id, regionId: branches.regionId },
      "restrict",
    ),
    regionLink(
      "meetings_makeup_of_fk",
      t.makeupOf,
      t.regionId,
      { key: t.id, regionId: t.regionId },
      "restrict",
    ),
    // One regular meeting per branch and month; make-ups come on top, one per meeting replaced.
    uniqueIndex("meetings_branch_month_uq")
      .on(t.branchId, t.month, t.regionId)
      .where(sql`${t.makeupOf} is null`),
    uniqueIndex("meetings_makeup_of_uq").on(t.makeupOf, t.regionId).where(sql`${t.makeupOf} is not null`),
    // Reads by branch (feeds, plans) see make-ups too: an index the partial one above cannot stand in for.
    index("meetings_branch_month_idx").on(t.branchId, t.month),
    index("meetings_campaign_idx").on(t.campaignId),
    index("meetings_start_idx").on(t.startAt),
  ],
);

/** The key and parent link of a table with one row per meeting (its sheet, minutes, rating): (meeting_id,
 * region_id), going with the meeting. Named after the table: "…_pk", "…_meeting_fk". */
export const onePerMeeting = (table: string, t: { meetingId: AnyPgColumn; regionId: AnyPgColumn }) => [
  primaryKey({ name: `${table}_pk`, columns: [t.meetingId, t.regionId] }),
  regionLink(
    `${table}_meeting_fk`,
    t.meetingId,
    t.regionId,
    { key: meetings.id, regionId: meetings.regionId },
    "cascade",
  ),
];

export const feedKind = pgEnum("feed_kind", ["branch", "member", "committee"]);

/** A subscriber's secret feed link; only the SHA-256 of the token is stored. */
export const feedTokens = pgTable(
  "feed_tokens",
  {
    // The distribution column: the region of the branch, member or committee the feed shows.
    ...regionRow(),
    kind: feedKind("kind").notNull(),
    tokenHash: text("token_hash").notNull(),
    /**
     * The link's version: its token is HMAC(server key "feed-links", id:version), so the page can show it
     * again from this row while only its hash is stored; a new link bumps it. 0: a link made before links
     * were derived (a random token, which keeps working but cannot be shown again).
     */
    version: integer("version").notNull().default(0),
    userId: uuid("user_id").references(() => users.id, { onDelete: "cascade" }),
    branchId: uuid("branch_id"),
    memberId: uuid("member_id"),
    committeeId: uuid("committee_id"),
    /** Secretaries' branch feeds also carry the report deadlines. */
    withDeadlines: boolean("with_deadlines").notNull().default(false),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    revokedAt: timestamp("revoked_at", { withTimezone: true }),
  },
  (t) => [
    regionKey("feed_tokens_pk", t),
    regionLink(
      "feed_tokens_branch_fk",
      t.branchId,
      t.regionId,
      { key: branches.id, regionId: branches.regionId },
      "cascade",
    ),
    regionLink(
      "feed_tokens_member_fk",
      t.memberId,
      t.regionId,
      { key: members.id, regionId: members.regionId },
      "cascade",
    ),
    regionLink(
      "feed_tokens_committee_fk",
      t.committeeId,
      t.regionId,
      { key: committees.id, regionId: committees.regionId },
      "cascade",
    ),
    // Looked up by the hash alone (the link carries no region): the hash leads.
    uniqueIndex("feed_tokens_hash_uq").on(t.tokenHash, t.regionId),
    index("feed_tokens_member_idx").on(t.memberId),
  ],
);

/** Append-only record of who changed what (a trigger refuses UPDATE and DELETE). One table on the
 * coordinator under Citus (src/db/distribution.ts): one order of ids across the country, acts on
 * distributed and reference rows alike; `branch_id` is recorded, not a foreign key (branches are never
 * deleted, and Citus links a coordinator table to reference tables only). */
export const auditLog = pgTable(
  "audit_log",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    at: timestamp("at", { withTimezone: true }).notNull().defaultNow(),
    actorUserId: uuid("actor_user_id").references(() => users.id, { onDelete: "set null" }),
    entity: text("entity").notNull(),
    entityId: uuid("entity_id").notNull(),
    branchId: uuid("branch_id"),
    action: text("action").notNull(),
    before: jsonb("before"),
    after: jsonb("after"),
  },
  (t) => [
    index("audit_log_entity_idx").on(t.entity, t.entityId),
    index("audit_log_branch_idx").on(t.branchId),
  ],
);
