/**
 * Meeting quality (issue 20, docs/rules/branch-meetings.md): a committee's settings (its own, else its
 * parent's, else the documented defaults), the framework criteria computed from a held meeting's record, and
 * the judgement points of the committee's scheme entered by the branch's secretary or an officer above it.
 * Every change is audited in the transaction that makes it.
 */

import { recordAudit } from "../audit/audit.ts";
import { requireCommittee, requireMeeting } from "../auth/policy.ts";
import type { Principal } from "../auth/principal.ts";
import { type DbOrTx, readsOf } from "../db/client.ts";
import { type CriterionResult, frameworkCriteria, type QualitySettings } from "../domain/meeting-quality.ts";
import { type RatingScheme, rateMeeting, schemeProblems, type YearRule } from "../domain/meeting-rating.ts";
import {
  type OwnSettings,
  qualityProblems,
  type RatingSettings,
  type SettingsSource,
  settingsInForce,
  yearRuleProblems,
} from "../domain/rating-settings.ts";
import { conflict, type FieldProblem, invalidMany } from "../http/errors.ts";
import type { AppDeps } from "../http/types.ts";
import { meetingRosterOf } from "../minutes/roster-service.ts";
import {
  lineOfBranch,
  linesOf,
  meetingRecordOf,
  ownSettingsOf,
  ratingOf,
  type StoredRating,
  writeOwnSettings,
  writeRating,
} from "./ratings-queries.ts";

export interface CommitteeRatingSettings extends RatingSettings {
  committee: { id: string; name: string };
  from: Record<keyof RatingSettings, SettingsSource>;
}

/** The settings in force for a committee, and where each part comes from. Its officers and those above. */
export async function committeeRatingSettings(
  deps: AppDeps,
  p: Principal,
  input: { committeeId: string },
): Promise<CommitteeRatingSettings> {
  const { db } = deps.database;
  const c = await requireCommittee(db, p, input.committeeId, "read");
  const inForce = settingsInForce(c.ancestorIds, await ownSettingsOf(db, c.ancestorIds));
  return { committee: { id: c.id, name: c.name }, ...inForce };
}

export interface RatingSettingsInput {
  committeeId: string;
  /** Absent: unchanged; null: inherit again (the parent's, else the default). */
  quality?: QualitySettings | null;
  scheme?: RatingScheme | null;
  yearRule?: YearRule | null;
}

function problemsOf(input: RatingSettingsInput): FieldProblem[] {
  const out: FieldProblem[] = [];
  if (input.quality)
    for (const [k, reason] of Object.entries(qualityProblems(input.quality)))
      out.push({ field: `quality.${k}`, reason });
  if (input.scheme) for (const reason of schemeProblems(input.scheme)) out.push({ field: "scheme", reason });
  if (input.yearRule)
    for (const [k, reason] of Object.entries(yearRuleProblems(input.yearRule)))
      out.push({ field: `yearRule.${k}`, reason });
  return out;
}

/** Sets a committee's own settings; refused whole (nothing stored) when any part is unusable. */
export async function updateRatingSettings(
  deps: AppDeps,
  p: Principal,
  input: RatingSettingsInput,
): Promise<CommitteeRatingSettings> {
  const now = deps.clock.now();
  await deps.database.db.transaction(async (tx) => {
    const c = await requireCommittee(tx, p, input.committeeId, "manage");
    const problems = problemsOf(input);
    if (problems.length > 0) throw invalidMany("Cài đặt xếp loại chưa hợp lệ", problems);
    const [before] = await ownSettingsOf(tx, [c.id]);
    const was = {
      quality: before?.quality ?? null,
      scheme: before?.scheme ?? null,
      yearRule: before?.yearRule ?? null,
    };
    const next = {
      quality: input.quality === undefined ? was.quality : input.quality,
      scheme: input.scheme === undefined ? was.scheme : input.scheme,
      yearRule: input.yearRule === undefined ? was.yearRule : input.yearRule,
    };
    await writeOwnSettings(tx, c.id, next, p.userId, now);
    await recordAudit(tx, {
      at: now,
      actorUserId: p.userId,
      entity: "committee",
      entityId: c.id,
      branchId: null,
      action: "rating_settings",
      before: was,
      after: next,
    });
  });
  return committeeRatingSettings(deps, p, { committeeId: input.committeeId });
}

/** The settings in force for a branch's meetings (its committee's line). */
export async function settingsOfBranch(db: DbOrTx, branchId: string): Promise<RatingSettings> {
  const line = await lineOfBranch(db, branchId);
  return settingsInForce(line, await ownSettingsOf(db, line));
}

/** The settings in force for each of the given committees, by committee id: one read of the lines, one of the
 * stored rows (a report's branches sit under a few committees). */
export async function settingsOfCommittees(
  db: DbOrTx,
  committeeIds: string[],
): Promise<Map<string, RatingSettings>> {
  const lines = await linesOf(db, [...new Set(committeeIds)]);
  const all = [...new Set([...lines.values()].flat())];
  const rows: OwnSettings[] = await ownSettingsOf(db, all);
  return new Map([...lines].map(([id, line]) => [id, settingsInForce(line, rows)]));
}

export interface MeetingQuality {
  /** The framework criteria, computed from the record (an empty list before the meeting is held). */
  criteria: CriterionResult[];
  /** The scheme the points are entered under: the rating's own when rated, else the committee's in force. */
  scheme: RatingScheme;
  rating: StoredRating | null;
  held: boolean;
}

/** A meeting's quality for its secretary or an officer above (reach decided by the caller). */
export async function meetingQualityOf(
  db: DbOrTx,
  m: { id: string; regionId: string; branchId: string; date: string; status: string },
): Promise<MeetingQuality> {
  const held = m.status === "held";
  // Independent reads, side by side where the handle allows it (`readsOf`).
  const [settings, rating, record] = await readsOf(db, [
    () => settingsOfBranch(db, m.branchId),
    () => ratingOf(db, m.id, m.regionId),
    async () => (held ? meetingRecordOf(db, m, (await meetingRosterOf(db, m)).counts) : null),
  ] as const);
  return {
    criteria: record ? frameworkCriteria(record, settings.quality) : [],
    scheme: rating?.scheme ?? settings.scheme,
    rating,
    held,
  };
}

export async function meetingQuality(deps: AppDeps, p: Principal, input: { meetingId: string }) {
  const { db } = deps.database;
  const { meeting } = await requireMeeting(db, p, input.meetingId, "secretary");
  return meetingQualityOf(db, meeting);
}

/** Enters (or changes) a held meeting's points under its committee's scheme in force; audited with who and when. */
export async function rateHeldMeeting(
  deps: AppDeps,
  p: Principal,
  input: { meetingId: string; points: Record<string, number> },
): Promise<MeetingQuality> {
  const now = deps.clock.now();
  return deps.database.db.transaction(async (tx) => {
    const { meeting } = await requireMeeting(tx, p, input.meetingId, "secretary", { lock: true });
    if (meeting.status !== "held")
      throw conflict("Chỉ xếp loại buổi sinh hoạt đã diễn ra (đã ghi điểm danh hoặc biên bản)");
    const { scheme } = await settingsOfBranch(tx, meeting.branchId);
    const rated = rateMeeting(scheme, input.points);
    if (!rated.ok) {
      throw invalidMany(
        "Điểm chấm chưa hợp lệ",
        Object.entries(rated.problems).map(([k, reason]) => ({ field: `points.${k}`, reason })),
      );
    }
    const before = await ratingOf(tx, meeting.id, meeting.regionId);
    await writeRating(tx, {
      meetingId: meeting.id,
      regionId: meeting.regionId,
      points: input.points,
      scheme,
      rating: rated.rating,
      by: p.userId,
      at: now,
    });
    await recordAudit(tx, {
      at: now,
      actorUserId: p.userId,
      entity: "meeting",
      entityId: meeting.id,
      branchId: meeting.branchId,
      action: "rated",
      before: before && { points: before.points, total: before.total, band: before.band },
      after: { points: input.points, ...rated.rating },
    });
    return meetingQualityOf(tx, meeting);
  });
}
