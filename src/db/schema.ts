/** The whole database schema, one file per capability, re-exported here for drizzle and drizzle-kit. */

export * from "./schema/absences.ts";
export * from "./schema/accounts.ts";
export * from "./schema/backups.ts";
export * from "./schema/channels.ts";
export * from "./schema/member-standing.ts";
export * from "./schema/minutes.ts";
export * from "./schema/organisation.ts";
export * from "./schema/plan.ts";
export * from "./schema/ratings.ts";
export * from "./schema/reminders.ts";
export * from "./schema/zalo.ts";
