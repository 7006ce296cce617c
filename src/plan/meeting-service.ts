/**
 * Reading plans (of a branch, a member, a committee, one meeting) and the secretary's own changes to a
 * meeting: move, cancel, another topic. Every change bumps the meeting's revision (the iCal SEQUENCE) and
 * its updated_at (DTSTAMP), marks it edited (re-planning leaves it alone) and is written to the audit trail.
 */
import { DateTime } from "luxon";
import { recordAudit } from "../audit/audit.ts";
import {
  type MeetingRow,
  requireBranch,
  requireCommittee,
  requireMeeting,
  requireMeetingRead,
  requireMember,
} from "../auth/policy.ts";
import type { Principal } from "../auth/principal.ts";
import type { DbOrTx } from "../db/client.ts";
import type { meetings } from "../db/schema.ts";
import { HOME_ZONE } from "../domain/civil-date.ts";
import { meetingInterval } from "../domain/meeting-rule.ts";
import { formatMonth } from "../domain/vi-format.ts";
import { conflict, forbidden, invalid, notFound } from "../http/errors.ts";
import type { AppDeps } from "../http/types.ts";
import {
  branchTimezone,
  type DateRange,
  isTopicOfCampaign,
  meetingById,
  meetingsOfBranch,
  meetingsOfMember,
  meetingsUnderCommittee,
  updateMeetingRecord,
} from "./meeting-queries.ts";
import type { MeetingRecord } from "./meeting-view.ts";
import { MAX_RANGE_YEARS } from "./plan-schemas.ts";

// ------------------------------------------------------------------------------------------- reading

/** Asked dates, inclusive; by default from the first of this month, for twelve months. */
export interface RangeInput {
  from?: string;
  to?: string;
}

/** The range asked, by default the current month (in `zone`: "today" is the reader's own date, never
 * UTC's) and the eleven after it; at most five years. */
function planRange(q: RangeInput, now: Date, zone: string): DateRange {
  const today = DateTime.fromJSDate(now, { zone });
  const from = q.from ?? today.startOf("month").toISODate()!;
  const to = q.to ?? DateTime.fromISO(from).plus({ months: 12 }).minus({ days: 1 }).toISODate()!;
  if (to < from) throw invalid("querystring.to", "phải sau hoặc bằng from");
  if (DateTime.fromISO(to).diff(DateTime.fromISO(from), "years").years > MAX_RANGE_YEARS) {
    throw invalid("querystring.to", `khoảng thời gian tối đa ${MAX_RANGE_YEARS} năm (to − from)`);
  }
  return { from, before: DateTime.fromISO(to).plus({ days: 1 }).toISODate()! };
}

/** One meeting, for anyone who reaches its branch; out of reach reads like a meeting that does not exist. */
export async function getMeeting(deps: AppDeps, p: Principal, input: { id: string }): Promise<MeetingRecord> {
  const r = await meetingById(deps.database.db, input.id, deps.config.publicUrl);
  return requireMeetingRead(p, r, "member");
}

export async function branchPlan(
  deps: AppDeps,
  p: Principal,
  input: RangeInput & { branchId: string },
): Promise<MeetingRecord[]> {
  const { db } = deps.database;
  const b = await requireBranch(db, p, input.branchId, "member");
  const range = planRange(input, deps.clock.now(), b.timezone);
  return meetingsOfBranch(db, b.id, range, deps.config.publicUrl);
}

/** A member's schedule: their branch's meetings while they belong to it. */
export async function memberPlan(
  deps: AppDeps,
  p: Principal,
  input: RangeInput & { memberId: string },
): Promise<MeetingRecord[]> {
  const { db } = deps.database;
  const m = await requireMember(db, p, input.memberId, "read");
  // Like their member feed, a member's plan stops when they leave the branch (their record stays theirs).
  if (m.level === "self" && p.branchId !== m.branchId) throw forbidden();
  const zone = (await branchTimezone(db, m.branchId)) ?? HOME_ZONE;
  const range = planRange(input, deps.clock.now(), zone);
  return meetingsOfMember(db, m.id, range, deps.config.publicUrl);
}

/** Every branch under the committee; a committee spans zones, so "today" is the home zone's. */
export async function committeePlan(
  deps: AppDeps,
  p: Principal,
  input: RangeInput & { committeeId: string },
): Promise<MeetingRecord[]> {
  const { db } = deps.database;
  const c = await requireCommittee(db, p, input.committeeId, "read");
  const range = planRange(input, deps.clock.now(), HOME_ZONE);
  return meetingsUnderCommittee(db, c.id, range, deps.config.publicUrl);
}

/**
 * The caller's next meeting: the first of their branch's meetings (while they belong to it) that is still
 * planned and not over, from today in the branch's zone. Null when none is planned in the next two years.
 */
export async function nextMeeting(deps: AppDeps, p: Principal): Promise<MeetingRecord | null> {
  if (!p.memberId) throw notFound("Tài khoản này không gắn với đảng viên nào nên không có lịch sinh hoạt");
  const { db } = deps.database;
  const m = await requireMember(db, p, p.memberId, "read");
  const zone = (await branchTimezone(db, m.branchId)) ?? HOME_ZONE;
  const now = deps.clock.now();
  const today = DateTime.fromJSDate(now, { zone });
  const range = { from: today.toISODate()!, before: today.plus({ years: 2 }).toISODate()! };
  const list = await meetingsOfMember(db, m.id, range, deps.config.publicUrl);
  return list.find((r) => r.view.status === "planned" && r.view.end.toMillis() > now.getTime()) ?? null;
}

// ------------------------------------------------------------------------------------------ changing

function snapshot(m: MeetingRow) {
  return {
    date: m.date,
    startAt: m.startAt.toISOString(),
    endAt: m.endAt.toISOString(),
    place: m.place,
    onlineUrl: m.onlineUrl,
    topicId: m.topicId,
    status: m.status,
    cancelReason: m.cancelReason,
  };
}

function recordSnapshot(r: MeetingRecord) {
  return {
    date: r.date,
    startAt: r.view.start.toJSDate().toISOString(),
    endAt: r.view.end.toJSDate().toISOString(),
    place: r.view.place,
    onlineUrl: r.view.onlineUrl,
    topicId: r.topicId,
    status: r.view.status,
    cancelReason: r.view.cancelReason,
  };
}

type MeetingChange = Partial<typeof meetings.$inferInsert>;

/** Locks the meeting the caller may change (the branch's secretary or committee reach), lets `decide`
 * check it and say what changes, writes the change with the audit entry, and returns the new record. */
async function changeMeeting(
  deps: AppDeps,
  p: Principal,
  id: string,
  action: string,
  decide: (m: MeetingRow, branchTimezone: string, tx: DbOrTx) => Promise<MeetingChange> | MeetingChange,
): Promise<MeetingRecord> {
  const now = deps.clock.now();
  return deps.database.db.transaction(async (tx) => {
    const { meeting: m, branch } = await requireMeeting(tx, p, id, "secretary", { lock: true });
    const set = await decide(m, branch.timezone, tx);
    const after = await updateMeetingRecord(
      tx,
      m.id,
      { ...set, edited: true, revision: m.revision + 1, updatedAt: now },
      deps.config.publicUrl,
    );
    if (!after) throw notFound("Không tìm thấy buổi sinh hoạt");
    await recordAudit(tx, {
      at: now,
      actorUserId: p.userId,
      entity: "meeting",
      entityId: m.id,
      branchId: m.branchId,
      action,
      before: snapshot(m),
      after: recordSnapshot(after),
    });
    return after;
  });
}

export interface MoveInput {
  date?: string;
  startTime?: string;
  durationMinutes?: number;
  place?: string | null;
  onlineUrl?: string | null;
}

/** The secretary moves the meeting (date, time, place). It stays in its month: one meeting a month. */
export function moveMeeting(deps: AppDeps, p: Principal, input: MoveInput & { id: string }) {
  return changeMeeting(deps, p, input.id, "move", (m, zone) => {
    if (m.status !== "planned") throw conflict("Chỉ dời được buổi sinh hoạt chưa diễn ra và chưa bị hủy");
    const date = input.date ?? m.date;
    if (date.slice(0, 7) !== m.month.slice(0, 7)) {
      throw invalid("body.date", `phải trong ${formatMonth(m.month.slice(0, 7))}`);
    }
    const currentStart = DateTime.fromJSDate(m.startAt, { zone });
    const startTime = input.startTime ?? currentStart.toFormat("HH:mm");
    const duration = input.durationMinutes ?? Math.round((m.endAt.getTime() - m.startAt.getTime()) / 60_000);
    const { start, end } = meetingInterval(date, startTime, duration, zone);
    const set: MeetingChange = { date, startAt: start.toJSDate(), endAt: end.toJSDate() };
    if (input.place !== undefined) set.place = input.place?.normalize("NFC").trim() || null;
    if (input.onlineUrl !== undefined) set.onlineUrl = input.onlineUrl;
    return set;
  });
}

export function cancelMeeting(deps: AppDeps, p: Principal, input: { id: string; reason: string }) {
  return changeMeeting(deps, p, input.id, "cancel", (m) => {
    if (m.status === "cancelled") throw conflict("Buổi sinh hoạt đã bị hủy");
    if (m.status === "held") throw conflict("Buổi sinh hoạt đã diễn ra");
    return { status: "cancelled", cancelReason: input.reason.normalize("NFC").trim() };
  });
}

/** The secretary takes another topic of the campaign for their month; the plan keeps who chose it. */
export function changeTopic(deps: AppDeps, p: Principal, input: { id: string; topicId: string }) {
  return changeMeeting(deps, p, input.id, "change_topic", async (m, _zone, tx) => {
    if (m.status === "cancelled") throw conflict("Buổi sinh hoạt đã bị hủy");
    if (!m.campaignId || !(await isTopicOfCampaign(tx, input.topicId, m.campaignId))) {
      throw invalid("body.topicId", "không thuộc đợt sinh hoạt của buổi này");
    }
    return { topicId: input.topicId, topicSource: "secretary", topicChosenBy: p.userId };
  });
}
