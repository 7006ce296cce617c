/**
 * A member's standing as the minutes count them (docs/rules/branch-meetings.md): exempted from meetings
 * (miễn công tác và sinh hoạt đảng, decided by the committee) and attending here temporarily (sinh hoạt tạm
 * thời, from another branch). Periods are civil dates, the last day included; `to_date` null is open-ended.
 */
import { sql } from "drizzle-orm";
import { check, date, index, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { members, users } from "./organisation.ts";
import { regionKey, regionLink, regionRow } from "./region.ts";

export const memberExemptions = pgTable(
  "member_exemptions",
  {
    // The distribution column: the member's region.
    ...regionRow(),
    memberId: uuid("member_id").notNull(),
    reason: text("reason").notNull(),
    fromDate: date("from_date", { mode: "string" }).notNull(),
    toDate: date("to_date", { mode: "string" }),
    /** The committee's decision, as written on it (e.g. "Quyết định số 12-QĐ/ĐU ngày 02/3/2026"). */
    decisionRef: text("decision_ref").notNull(),
    recordedBy: uuid("recorded_by").references(() => users.id, { onDelete: "set null" }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull(),
  },
  (t) => [
    regionKey("member_exemptions_pk", t),
    regionLink(
      "member_exemptions_member_fk",
      t.memberId,
      t.regionId,
      { key: members.id, regionId: members.regionId },
      "cascade",
    ),
    index("member_exemptions_member_idx").on(t.memberId),
    check("member_exemptions_period_ck", sql`${t.toDate} is null or ${t.fromDate} <= ${t.toDate}`),
  ],
);

export const temporaryAttendances = pgTable(
  "temporary_attendances",
  {
    ...regionRow(),
    memberId: uuid("member_id").notNull(),
    /** The member's home branch or party organisation, as text: it may be anywhere in the country. */
    homeOrganisation: text("home_organisation").notNull(),
    fromDate: date("from_date", { mode: "string" }).notNull(),
    toDate: date("to_date", { mode: "string" }),
    recordedBy: uuid("recorded_by").references(() => users.id, { onDelete: "set null" }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull(),
  },
  (t) => [
    regionKey("temporary_attendances_pk", t),
    regionLink(
      "temporary_attendances_member_fk",
      t.memberId,
      t.regionId,
      { key: members.id, regionId: members.regionId },
      "cascade",
    ),
    index("temporary_attendances_member_idx").on(t.memberId),
    check("temporary_attendances_period_ck", sql`${t.toDate} is null or ${t.fromDate} <= ${t.toDate}`),
  ],
);
