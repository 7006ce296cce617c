/**
 * How the schema distributes on Citus (docs/scaling.md explains why). Checked by
 * tests/architecture/citus.test.ts: every table is classified once; a distributed table is "ready" only when
 * the distribution column is in its primary key and in every unique key; the tables not ready yet are exactly
 * those listed in `gap`, each with the column it derives the region from today; no reference table keeps a
 * foreign key to a distributed one (Citus refuses it) except those listed in `referenceToDistributedGap`.
 */

/** The province-level committee (depth 2 of `committees.ancestor_ids`; the root where there is no
 * province) of the branch a row belongs to. A province's branches, members, meetings, attendance, minutes,
 * reminders and feed tokens share one shard, so that a branch's or a province's work stays on one node. */
export const DISTRIBUTION_COLUMN = "region_id";

/** Co-located on `region_id`. */
export const DISTRIBUTED_TABLES = [
  "branches",
  "members",
  "meetings",
  "attendance_sheets",
  "attendance",
  "minutes",
  "minutes_revisions",
  "minutes_files",
  "minutes_file_chunks",
  "reminders",
  "feed_tokens",
  "audit_log",
] as const;

/** Small and read everywhere: replicated to every node. */
export const REFERENCE_TABLES = [
  "committees",
  "users",
  "campaigns",
  "topics",
  "peak_dates",
  "deadlines",
  "campaign_events",
  "topic_schedule",
  "holiday_overrides",
  "mail_keys",
] as const;

/** Kept on the coordinator only: written on logins, requests and password resets, never joined with
 * distributed rows. */
export const LOCAL_TABLES = ["sessions", "rate_limits", "password_resets"] as const;

/**
 * Distributed tables that do not carry `region_id` in their keys yet, and the column each would derive it
 * from (the migration in docs/scaling.md, "The migration to Citus"). Today: all of them.
 */
export const gap: Record<(typeof DISTRIBUTED_TABLES)[number], string> = {
  branches: "committee_id",
  members: "branch_id",
  meetings: "branch_id",
  attendance_sheets: "meeting_id",
  attendance: "meeting_id",
  minutes: "meeting_id",
  minutes_revisions: "meeting_id",
  minutes_files: "meeting_id",
  minutes_file_chunks: "file_id",
  reminders: "branch_id",
  feed_tokens: "branch_id",
  audit_log: "branch_id",
};

/** Foreign keys from a reference table to a distributed one, which Citus refuses: to be dropped (kept as
 * checked-by-the-service references) when moving to Citus. */
export const referenceToDistributedGap = ["users.branch_id → branches", "users.member_id → members"];

/**
 * The hot queries and how they are routed once `region_id` is carried: by one branch (one shard), by a
 * committee's subtree (one shard below a province; all shards for the country), or all shards by nature.
 */
export const HOT_QUERIES = {
  branchFeed: "branch",
  committeeFeed: "committee",
  meetingsOfBranch: "branch",
  committeeReport: "committee",
  remindersClaim: "all-shards",
} as const;
