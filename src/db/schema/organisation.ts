import { sql } from "drizzle-orm";
import {
  type AnyPgColumn,
  boolean,
  date,
  index,
  integer,
  jsonb,
  pgEnum,
  pgTable,
  text,
  timestamp,
  unique,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import { HOME_ZONE } from "../../domain/civil-date.ts";
import type { MeetingRule } from "../../domain/meeting-rule.ts";
import { regionKey, regionLink, regionRow } from "./region.ts";

const timestamps = {
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
};

export { timestamps };

/** Cấp ủy / đảng bộ. `ancestorIds` holds the path from the root to this committee, itself included,
 * so "everything under committee C" is one indexed `C = ANY(ancestor_ids)` instead of a recursive walk. */
export const committees = pgTable(
  "committees",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    parentId: uuid("parent_id").references((): AnyPgColumn => committees.id, {
      onDelete: "restrict",
    }),
    name: text("name").notNull(),
    ancestorIds: uuid("ancestor_ids").array().notNull(),
    /** How its documents are headed and signed (domain/document-heading.ts); null: derived from the name. */
    reportCode: text("report_code"),
    signedFor: text("signed_for"),
    signerTitle: text("signer_title"),
    place: text("place"),
    /** Its region, the distribution column of every branch's rows (src/db/distribution.ts): the
     * province-level committee (depth 2 of the path; the root itself at the top, and the committee itself
     * while its path is still being written). Derived, never written. */
    regionId: uuid("region_id")
      .notNull()
      .generatedAlwaysAs(sql`coalesce(ancestor_ids[least(2, cardinality(ancestor_ids))], id)`),
    ...timestamps,
  },
  (t) => [
    index("committees_parent_idx").on(t.parentId),
    index("committees_ancestors_gin").using("gin", t.ancestorIds),
    // What a branch's (committee_id, region_id) refers to: its region is always its committee's.
    unique("committees_id_region_uq").on(t.id, t.regionId),
  ],
);

export const DEFAULT_MEETING_RULE: MeetingRule = {
  day: { kind: "day_of_month", day: 5 },
  startTime: "14:00",
  durationMinutes: 120,
  shift: "next",
};

/** Chi bộ. */
export const branches = pgTable(
  "branches",
  {
    // The distribution column (src/db/distribution.ts): its committee's region.
    ...regionRow(),
    committeeId: uuid("committee_id").notNull(),
    name: text("name").notNull(),
    timezone: text("timezone").notNull().default(HOME_ZONE),
    meetingRule: jsonb("meeting_rule").$type<MeetingRule>().notNull().default(DEFAULT_MEETING_RULE),
    place: text("place"),
    onlineUrl: text("online_url"),
    ...timestamps,
  },
  (t) => [
    regionKey("branches_pk", t),
    regionLink(
      "branches_committee_fk",
      t.committeeId,
      t.regionId,
      { key: committees.id, regionId: committees.regionId },
      "restrict",
    ),
    index("branches_committee_idx").on(t.committeeId),
  ],
);

export const memberRole = pgEnum("member_role", [
  "secretary",
  "deputy_secretary",
  "committee_member",
  "member",
  "guest",
]);
export const memberStatus = pgEnum("member_status", ["full", "probationary"]);

/** Đảng viên (and invited non-members). Never deleted: a member who leaves gets `leftOn`. */
export const members = pgTable(
  "members",
  {
    ...regionRow(),
    branchId: uuid("branch_id").notNull(),
    fullName: text("full_name").notNull(),
    email: text("email"),
    phone: text("phone"),
    role: memberRole("role").notNull().default("member"),
    status: memberStatus("status").notNull().default("full"),
    joinedOn: date("joined_on", { mode: "string" }),
    leftOn: date("left_on", { mode: "string" }),
    remindersOptedOutAt: timestamp("reminders_opted_out_at", { withTimezone: true }),
    ...timestamps,
  },
  (t) => [
    regionKey("members_pk", t),
    regionLink(
      "members_branch_fk",
      t.branchId,
      t.regionId,
      { key: branches.id, regionId: branches.regionId },
      "restrict",
    ),
    index("members_branch_idx").on(t.branchId),
    uniqueIndex("members_branch_email_active_uq")
      .on(t.branchId, t.email, t.regionId)
      .where(sql`${t.email} is not null and ${t.leftOn} is null`),
  ],
);

export const userRole = pgEnum("user_role", ["admin", "officer", "secretary", "member"]);

/** A person who logs in. The role fixes the reach: an officer's committee (and below), a secretary's
 * branch, a member's own record. */
export const users = pgTable(
  "users",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    email: text("email").notNull(),
    displayName: text("display_name").notNull(),
    passwordHash: text("password_hash").notNull(),
    role: userRole("role").notNull(),
    committeeId: uuid("committee_id").references(() => committees.id, { onDelete: "restrict" }),
    /** A secretary's branch and a member's record. Not foreign keys: users are read on every node (a
     * reference table) and branches and members are distributed, which Citus cannot link that way;
     * the services check both when a user is created, and branches and members are never deleted. */
    branchId: uuid("branch_id"),
    memberId: uuid("member_id"),
    disabled: boolean("disabled").notNull().default(false),
    ...timestamps,
  },
  (t) => [uniqueIndex("users_email_uq").on(t.email)],
);

/** Login sessions: the cookie and the bearer token carry the same opaque secret; only its SHA-256 is kept. */
export const sessions = pgTable(
  "sessions",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    tokenHash: text("token_hash").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
    revokedAt: timestamp("revoked_at", { withTimezone: true }),
  },
  (t) => [uniqueIndex("sessions_token_hash_uq").on(t.tokenHash), index("sessions_user_idx").on(t.userId)],
);

/** Shared rate-limit counters, so that several instances count login attempts together. */
export const rateLimits = pgTable("rate_limits", {
  key: text("key").primaryKey(),
  count: integer("count").notNull(),
  resetAt: timestamp("reset_at", { withTimezone: true }).notNull(),
});
