/**
 * The reads and writes of meeting quality: a committee line's stored settings, a meeting's record as the
 * framework criteria read it, and a meeting's rating. No caller, no rules.
 */
import { and, eq, inArray } from "drizzle-orm";
import type { DbOrTx } from "../db/client.ts";
import {
  branches,
  committeeRatingSettings,
  committees,
  meetingRatings,
  meetings,
  minutes,
  minutesRevisions,
  users,
} from "../db/schema.ts";
import {
  type CategoryCounts,
  type MeetingRecord,
  type MinutesParts,
  missingMinutesParts,
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
 * The record of a held meeting as the framework criteria read it, given the counts of its roster as the rules
 * count them (`meetingRosterOf`: the exempted who stay away are not required): the meeting's kind, the minutes'
 * times, whether they were read back and approved, and the parts they lack (both kept on the minutes row from
 * its current revision when it is saved). A meeting without minutes lacks every part.
 */
export async function meetingRecordOf(
  db: DbOrTx,
  m: { id: string; regionId: string },
  counts: CategoryCounts,
): Promise<MeetingRecord> {
  const [row] = await db
    .select({
      kind: meetings.kind,
      readBack: minutes.readBack,
      missingParts: minutes.missingParts,
      content: minutesRevisions.content,
    })
    .from(meetings)
    .leftJoin(minutes, and(eq(minutes.meetingId, meetings.id), eq(minutes.regionId, meetings.regionId)))
    .leftJoin(
      minutesRevisions,
      and(
        eq(minutesRevisions.meetingId, minutes.meetingId),
        eq(minutesRevisions.regionId, minutes.regionId),
        eq(minutesRevisions.revision, minutes.currentRevision),
      ),
    )
    .where(and(eq(meetings.id, m.id), eq(meetings.regionId, m.regionId)));
  const c = row?.content;
  return {
    kind: row?.kind ?? "regular",
    counts,
    durationMinutes: durationOf(c?.startTime, c?.endTime),
    readBack: row?.readBack ?? false,
    missingParts: c ? (row?.missingParts ?? []) : missingMinutesParts(NOTHING_FILLED),
  };
}

const NOTHING_FILLED: MinutesParts = {
  place: false,
  startTime: false,
  endTime: false,
  chair: false,
  recorder: false,
  agenda: false,
  opinions: false,
  conclusion: false,
};

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
