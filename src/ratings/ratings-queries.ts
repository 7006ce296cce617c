/**
 * The reads and writes of meeting quality: a committee line's stored settings, a meeting's record as the
 * framework criteria read it, and a meeting's rating. No caller, no rules.
 */
import { and, eq, inArray, sql } from "drizzle-orm";
import type { DbOrTx } from "../db/client.ts";
import {
  branches,
  committeeRatingSettings,
  committees,
  meetingRatings,
  minutes,
  minutesRevisions,
  users,
} from "../db/schema.ts";
import {
  type CategoryCounts,
  countCategories,
  type MeetingRecord,
  missingMinutesParts,
  type RosterMember,
} from "../domain/meeting-quality.ts";
import type { Band, MeetingRating, RatingScheme } from "../domain/meeting-rating.ts";
import type { OwnSettings, RatingSettings } from "../domain/rating-settings.ts";

/** The stored settings of the given committees (those that have a row). */
export async function ownSettingsOf(db: DbOrTx, committeeIds: string[]): Promise<OwnSettings[]> {
  if (committeeIds.length === 0) return [];
  return db
    .select({
      committeeId: committeeRatingSettings.committeeId,
      quality: committeeRatingSettings.quality,
      scheme: committeeRatingSettings.scheme,
      yearRule: committeeRatingSettings.yearRule,
    })
    .from(committeeRatingSettings)
    .where(inArray(committeeRatingSettings.committeeId, committeeIds));
}

/** Each committee's line (root first, itself last), for the committees given. */
export async function linesOf(db: DbOrTx, committeeIds: string[]): Promise<Map<string, string[]>> {
  if (committeeIds.length === 0) return new Map();
  const rows = await db
    .select({ id: committees.id, ancestorIds: committees.ancestorIds })
    .from(committees)
    .where(inArray(committees.id, committeeIds));
  return new Map(rows.map((r) => [r.id, r.ancestorIds]));
}

/** The line of a branch's committee. */
export async function lineOfBranch(db: DbOrTx, branchId: string): Promise<string[]> {
  const [r] = await db
    .select({ ancestorIds: committees.ancestorIds })
    .from(branches)
    .innerJoin(committees, eq(committees.id, branches.committeeId))
    .where(eq(branches.id, branchId));
  return r?.ancestorIds ?? [];
}

export async function writeOwnSettings(
  tx: DbOrTx,
  committeeId: string,
  s: { [K in keyof RatingSettings]: RatingSettings[K] | null },
  by: string | null,
  at: Date,
) {
  const values = { quality: s.quality, scheme: s.scheme, yearRule: s.yearRule, updatedBy: by, updatedAt: at };
  await tx
    .insert(committeeRatingSettings)
    .values({ committeeId, ...values })
    .onConflictDoUpdate({ target: committeeRatingSettings.committeeId, set: values });
}

/**
 * The record of a held meeting as the framework criteria read it, assembled in one place. Counts come from the
 * attendance sheet (every expected member with their status). Fields the schema does not hold yet are given as
 * "not recorded", to be wired where marked: the meeting's kind (regular), exemptions and temporary members
 * (none), the minutes' read-back and approval (false).
 */
export async function meetingRecordOf(
  db: DbOrTx,
  m: { id: string; regionId: string; place: string | null },
): Promise<MeetingRecord> {
  const marks = await db.execute<
    { member_id: string; status: string; mark: string } & Record<string, unknown>
  >(sql`
    select a.member_id, mem.status, a.status as mark
      from attendance a join members mem on mem.id = a.member_id and mem.region_id = a.region_id
     where a.meeting_id = ${m.id}::uuid and a.region_id = ${m.regionId}::uuid and a.expected`);
  const roster: RosterMember[] = marks.rows.map((r) => ({
    memberId: r.member_id,
    status: r.status === "probationary" ? "probationary" : "full",
    exempted: false, // wire: the exemption in force on the meeting's date (helper `kinds`)
    temporary: false, // wire: a member attending temporarily (helper `kinds`)
    mark: r.mark as RosterMember["mark"],
  }));
  const counts: CategoryCounts = countCategories(roster);
  const [text] = await db
    .select({ content: minutesRevisions.content, topicId: minutes.topicId })
    .from(minutes)
    .innerJoin(
      minutesRevisions,
      and(
        eq(minutesRevisions.meetingId, minutes.meetingId),
        eq(minutesRevisions.regionId, minutes.regionId),
        eq(minutesRevisions.revision, minutes.currentRevision),
      ),
    )
    .where(and(eq(minutes.meetingId, m.id), eq(minutes.regionId, m.regionId)));
  const c = text?.content;
  const filled = (s: string | undefined | null) => Boolean(s?.trim());
  return {
    kind: "regular", // wire: the meeting's kind (helper `kinds`)
    counts,
    durationMinutes: durationOf(c?.startTime, c?.endTime),
    readBack: false, // wire: the minutes' read-back and approval (helper `minutes2`)
    missingParts: missingMinutesParts({
      place: filled(m.place),
      startTime: filled(c?.startTime),
      endTime: filled(c?.endTime),
      chair: filled(c?.chair),
      recorder: filled(c?.recorder),
      agenda: Boolean(c?.topicId ?? text?.topicId) || filled(c?.introducedBy),
      opinions: (c?.discussion ?? []).some((d) => filled(d.opinion)),
      conclusion: filled(c?.conclusions),
    }),
  };
}

/** Minutes from "HH:mm" to "HH:mm" on one day; null when either is missing or the end is not after the start. */
export function durationOf(start: string | undefined, end: string | undefined): number | null {
  const at = (t: string | undefined) => {
    const m = t ? /^(\d{1,2}):(\d{2})$/.exec(t.trim()) : null;
    return m ? Number(m[1]) * 60 + Number(m[2]) : null;
  };
  const a = at(start);
  const b = at(end);
  return a === null || b === null || b <= a ? null : b - a;
}

export interface StoredRating extends MeetingRating {
  points: Record<string, number>;
  scheme: RatingScheme;
  ratedBy: string | null;
  ratedAt: Date;
}

export async function ratingOf(
  db: DbOrTx,
  meetingId: string,
  regionId: string,
): Promise<StoredRating | null> {
  const [r] = await db
    .select({
      points: meetingRatings.points,
      scheme: meetingRatings.scheme,
      total: meetingRatings.total,
      band: meetingRatings.band,
      ratedBy: users.displayName,
      ratedAt: meetingRatings.ratedAt,
    })
    .from(meetingRatings)
    .leftJoin(users, eq(users.id, meetingRatings.ratedBy))
    .where(and(eq(meetingRatings.meetingId, meetingId), eq(meetingRatings.regionId, regionId)));
  return r ? { ...r, band: r.band as Band } : null;
}

export async function writeRating(
  tx: DbOrTx,
  r: {
    meetingId: string;
    regionId: string;
    points: Record<string, number>;
    scheme: RatingScheme;
    rating: MeetingRating;
    by: string | null;
    at: Date;
  },
) {
  const values = {
    points: r.points,
    scheme: r.scheme,
    total: r.rating.total,
    band: r.rating.band,
    ratedBy: r.by,
    ratedAt: r.at,
  };
  await tx
    .insert(meetingRatings)
    .values({ meetingId: r.meetingId, regionId: r.regionId, ...values })
    .onConflictDoUpdate({ target: [meetingRatings.meetingId, meetingRatings.regionId], set: values });
}
