/** Meeting quality (issue 20): a committee's settings for rating its branches' meetings, and each held
 * meeting's judgement points with the total and band they gave under the scheme in force when entered. */
import { sql } from "drizzle-orm";
import { check, integer, jsonb, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import type { QualitySettings } from "../../domain/meeting-quality.ts";
import type { RatingScheme, YearRule } from "../../domain/meeting-rating.ts";
import { committees, users } from "./organisation.ts";
import { onePerMeeting } from "./plan.ts";

/** A committee's own settings; a null column inherits its parent's, then the documented defaults. Stored
 * only after validation (`schemeProblems`, `qualityProblems`, `yearRuleProblems`). */
export const committeeRatingSettings = pgTable("committee_rating_settings", {
  committeeId: uuid("committee_id")
    .primaryKey()
    .references(() => committees.id, { onDelete: "cascade" }),
  quality: jsonb("quality").$type<QualitySettings>(),
  scheme: jsonb("scheme").$type<RatingScheme>(),
  yearRule: jsonb("year_rule").$type<YearRule>(),
  updatedBy: uuid("updated_by").references(() => users.id, { onDelete: "set null" }),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull(),
});

/** A held meeting's rating: the points entered per criterion, and the total and band (kept so that reports
 * over thousands of branches count bands without reading the scheme). */
export const meetingRatings = pgTable(
  "meeting_ratings",
  {
    meetingId: uuid("meeting_id").notNull(),
    regionId: uuid("region_id").notNull(),
    points: jsonb("points").$type<Record<string, number>>().notNull(),
    /** The scheme the points were entered under (a later change of the committee's scheme keeps this rating). */
    scheme: jsonb("scheme").$type<RatingScheme>().notNull(),
    total: integer("total").notNull(),
    band: text("band").notNull(),
    ratedBy: uuid("rated_by").references(() => users.id, { onDelete: "set null" }),
    ratedAt: timestamp("rated_at", { withTimezone: true }).notNull(),
  },
  (t) => [
    ...onePerMeeting("meeting_ratings", t),
    check("meeting_ratings_band_ck", sql`${t.band} in ('tot', 'kha', 'trung_binh', 'kem')`),
  ],
);
