/**
 * How the schema distributes on Citus (docs/scaling.md explains why). Checked by
 * tests/architecture/citus.test.ts: every table is classified once; every distributed table carries the
 * distribution column in its primary key and in every unique key, and links to its parent by
 * (id, region_id); no reference table keeps a foreign key to a distributed one (Citus refuses it); the hot
 * queries filter on the distribution column. tests/architecture/regions.test.ts checks the column's values:
 * migration 0011 fills them from each row's parent, a row cannot carry another region than its parent's,
 * and a branch moved to another province takes its rows along.
 */

/** The province-level committee (depth 2 of `committees.ancestor_ids`; the root where there is no
 * province) of the branch a row belongs to: `committees.region_id`, a generated column. A province's
 * branches, members, meetings, attendance, minutes, reminders and feed tokens share one shard, so that a
 * branch's or a province's work stays on one node. */
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
  "meeting_ratings",
  "reminders",
  "feed_tokens",
  "absence_notices",
  "member_exemptions",
  "temporary_attendances",
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
  "committee_rating_settings",
  "channel_choices",
  "push_subscriptions",
] as const;

/** Kept on the coordinator only: written on logins, requests and password resets, never joined with
 * distributed rows; and the audit trail, one order of ids for the country, written at the pace of people's
 * edits and read page by page (by id) by officers; and the scheduled backups' record. */
export const LOCAL_TABLES = [
  "sessions",
  "rate_limits",
  "password_resets",
  "audit_log",
  "backup_runs",
  // The Zalo OA's tokens: one row per app, locked while one instance refreshes it (issue 21).
  "zalo_tokens",
] as const;

/**
 * The hot queries and how they are routed: by one branch and its region (one shard), by a committee's
 * subtree and its region (one shard below a province; all shards for the country, in parallel), or all
 * shards by nature (the reminder claim: due rows wherever they are).
 */
export const HOT_QUERIES = {
  branchFeed: "branch",
  committeeFeed: "committee",
  meetingsOfBranch: "branch",
  committeeReport: "committee",
  remindersClaim: "all-shards",
} as const;

/**
 * The one region a committee's whole subtree lives in, or null when it spans regions (the root, above the
 * provinces): what a committee-wide read filters on so that it stays on one shard.
 */
export function regionOfSubtree(c: { regionId: string; ancestorIds: readonly string[] }): string | null {
  return c.ancestorIds.length >= 2 ? c.regionId : null;
}
