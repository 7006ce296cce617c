/**
 * Word sent before a meeting that a member will be absent ("báo vắng"), with the reason: one row per member
 * and meeting while it stands; taking it back deletes the row (the audit log keeps both). The attendance
 * form starts from these rows.
 */

import { sql } from "drizzle-orm";
import { check, pgTable, primaryKey, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { members, users } from "./organisation.ts";
import { meetings } from "./plan.ts";
import { regionLink } from "./region.ts";

export const absenceNotices = pgTable(
  "absence_notices",
  {
    meetingId: uuid("meeting_id").notNull(),
    regionId: uuid("region_id").notNull(),
    memberId: uuid("member_id").notNull(),
    reason: text("reason").notNull(),
    /** Signed in (the meeting page), or null: the signed link of a reminder. */
    sentBy: uuid("sent_by").references(() => users.id, { onDelete: "set null" }),
    sentAt: timestamp("sent_at", { withTimezone: true }).notNull(),
  },
  (t) => [
    primaryKey({ name: "absence_notices_pk", columns: [t.meetingId, t.memberId, t.regionId] }),
    regionLink(
      "absence_notices_meeting_fk",
      t.meetingId,
      t.regionId,
      { key: meetings.id, regionId: meetings.regionId },
      "cascade",
    ),
    regionLink(
      "absence_notices_member_fk",
      t.memberId,
      t.regionId,
      { key: members.id, regionId: members.regionId },
      "cascade",
    ),
    check("absence_notices_reason_ck", sql`length(btrim(${t.reason})) between 1 and 500`),
  ],
);
