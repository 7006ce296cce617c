/**
 * Reading plans (of a branch, a member, a committee, one meeting) and the secretary's own changes to a
 * meeting: move, cancel, another topic. Every change that people see bumps the meeting's revision (the iCal
 * SEQUENCE) and its updated_at (LAST-MODIFIED), marks it edited (re-planning leaves it alone) and is
 * written to the audit trail; an edit that changes nothing they see bumps neither and is not audited.
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
import { regionOfSubtree } from "../db/distribution.ts";
import type { meetings } from "../db/schema.ts";
import { civilToday, HOME_ZONE, isCivilDate } from "../domain/civil-date.ts";
import { makeupRefusal, offMonthReasonNeeded } from "../domain/meeting-changes.ts";
import type { MeetingKind } from "../domain/meeting-quality.ts";
import { meetingInterval } from "../domain/meeting-rule.ts";
import { conflict, forbidden, invalid, notFound } from "../http/errors.ts";
import type { AppDeps } from "../http/types.ts";
import { assertDayOffConfirmed, meetingWarnings } from "./meeting-day-off.ts";
import {
  type DateRange,
  insertMeeting,
  isTopicOfCampaign,
  makeupFor,
  meetingById,
  meetingsOfBranch,
  meetingsOfMember,
  meetingsUnderCommittee,
  reviveCancelledReminders,
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

/** Reads a plan over the range asked, "today" being the date in `zone` (the reader's own date, never UTC's). */
function readPlan(
  deps: AppDeps,
  input: RangeInput,
  zone: string,
  read: (db: DbOrTx, range: DateRange, publicUrl: string) => Promise<MeetingRecord[]>,
): Promise<MeetingRecord[]> {
  return read(deps.database.db, planRange(input, deps.clock.now(), zone), deps.config.publicUrl);
}

export async function branchPlan(deps: AppDeps, p: Principal, input: RangeInput & { branchId: string }) {
  const b = await requireBranch(deps.database.db, p, input.branchId, "member");
  return readPlan(deps, input, b.timezone, (db, range, url) => meetingsOfBranch(db, b, range, url));
}

/** A member's schedule: their branch's meetings while they belong to it. */
export async function memberPlan(deps: AppDeps, p: Principal, input: RangeInput & { memberId: string }) {
  const m = await requireMember(deps.database.db, p, input.memberId, "read");
  // Like their member feed, a member's plan stops when they leave the branch (their record stays theirs).
  if (m.level === "self" && p.branchId !== m.branchId) throw forbidden();
  return readPlan(deps, input, m.timezone, (db, range, url) => meetingsOfMember(db, m, range, url));
}

/** Every branch under the committee; a committee spans zones, so "today" is the home zone's. */
export async function committeePlan(
  deps: AppDeps,
  p: Principal,
  input: RangeInput & { committeeId: string },
) {
  const c = await requireCommittee(deps.database.db, p, input.committeeId, "read");
  const under = { id: c.id, regionId: regionOfSubtree(c) };
  return readPlan(deps, input, HOME_ZONE, (db, range, url) => meetingsUnderCommittee(db, under, range, url));
}

/**
 * The caller's next meeting: the first of their branch's meetings (while they belong to it) that is still
 * planned and not over, from today in the branch's zone. Null when none is planned in the next two years.
 */
export async function nextMeeting(deps: AppDeps, p: Principal): Promise<MeetingRecord | null> {
  if (!p.memberId) throw notFound("Tài khoản này không gắn với đảng viên nào nên không có lịch sinh hoạt");
  const { db } = deps.database;
  const m = await requireMember(db, p, p.memberId, "read");
  const now = deps.clock.now();
  const today = DateTime.fromJSDate(now, { zone: m.timezone });
  const range = { from: today.toISODate()!, before: today.plus({ years: 2 }).toISODate()! };
  const list = await meetingsOfMember(db, m, range, deps.config.publicUrl);
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
    offMonthReason: m.offMonthReason,
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
    offMonthReason: r.offMonthReason,
  };
}

/** A change of a meeting by `p`, audited on the meeting. */
function auditMeeting(
  tx: DbOrTx,
  p: Principal,
  at: Date,
  e: { id: string; branchId: string; action: string },
  before: unknown,
  after: unknown,
) {
  return recordAudit(tx, {
    at,
    actorUserId: p.userId,
    entity: "meeting",
    entityId: e.id,
    branchId: e.branchId,
    action: e.action,
    before,
    after,
  });
}

type MeetingChange = Partial<typeof meetings.$inferInsert>;

/** What members, calendars and mails see of a meeting: a change to none of these is no change to them. */
const VISIBLE = [
  "date",
  "startAt",
  "endAt",
  "place",
  "onlineUrl",
  "topicId",
  "status",
  "cancelReason",
  "offMonthReason",
] as const;

function changesWhatPeopleSee(m: MeetingRow, set: MeetingChange): boolean {
  return VISIBLE.some((k) => {
    if (!(k in set)) return false;
    const a: unknown = set[k];
    const b: unknown = m[k];
    if (a instanceof Date && b instanceof Date) return a.getTime() !== b.getTime();
    return (a ?? null) !== (b ?? null);
  });
}

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
    // An edit that changes nothing people see (the current topic chosen again, the same time) raises no
    // revision: no SEQUENCE, no "[Thay đổi lịch]" mail, no new feed bytes. What it says of the secretary's
    // intent (she chose this topic, re-planning leaves it) is kept.
    const visible = changesWhatPeopleSee(m, set);
    const after = await updateMeetingRecord(
      tx,
      m.id,
      visible ? { ...set, edited: true, revision: m.revision + 1, updatedAt: now } : { ...set, edited: true },
      deps.config.publicUrl,
    );
    if (!after) throw notFound("Không tìm thấy buổi sinh hoạt");
    if (!visible) return after;
    await auditMeeting(
      tx,
      p,
      now,
      { id: m.id, branchId: m.branchId, action },
      snapshot(m),
      recordSnapshot(after),
    );
    return after;
  });
}

export interface MoveInput {
  date?: string;
  startTime?: string;
  durationMinutes?: number;
  place?: string | null;
  onlineUrl?: string | null;
  /** Required when the new date leaves the meeting's month; stored and shown in the branch report. */
  reason?: string | null;
  /** The secretary's word that the branch meets on the new date although it is a holiday or a weekend. */
  confirmDayOff?: boolean;
}

/** A changed meeting, with what the secretary should know about its new date (a "keep" branch on a day off). */
export type ChangedMeeting = MeetingRecord & { warnings: string[] };

const clean = (s: string) => s.normalize("NFC").trim();

/** A meeting's time on `date`: the start time and length asked, else those of meeting `m` (in `zone`). */
function intervalOn(m: MeetingRow, date: string, input: MoveInput, zone: string) {
  const startTime = input.startTime ?? DateTime.fromJSDate(m.startAt, { zone }).toFormat("HH:mm");
  const duration = input.durationMinutes ?? Math.round((m.endAt.getTime() - m.startAt.getTime()) / 60_000);
  return meetingInterval(date, startTime, duration, zone);
}

/** The secretary moves the meeting (date, time, place). Automatic planning keeps a meeting in its month;
 * a secretary may move it out of its month with a reason (a make-up meeting is out of its month already). */
/** A meeting's new day must be on the calendar: 30/02 is refused by name, never a fault further on. */
function assertCalendarDay(date: string): void {
  if (!isCivilDate(date)) throw invalid("body.date", "ngày này không có trên lịch");
}

export async function moveMeeting(
  deps: AppDeps,
  p: Principal,
  input: MoveInput & { id: string },
): Promise<ChangedMeeting> {
  if (input.date !== undefined) assertCalendarDay(input.date);
  const r = await changeMeeting(deps, p, input.id, "move", async (m, zone, tx) => {
    if (m.status !== "planned") throw conflict("Chỉ dời được buổi sinh hoạt chưa diễn ra và chưa bị hủy");
    const date = input.date ?? m.date;
    await assertDayOffConfirmed(tx, m.branchId, { from: m.date, to: date, confirmed: !!input.confirmDayOff });
    const reason = input.reason ? clean(input.reason) : "";
    const outOfMonth = offMonthReasonNeeded(m.month, date, "dời");
    const inMonth = !outOfMonth;
    if (outOfMonth && !reason && !m.makeupOf && !m.offMonthReason) throw invalid("body.reason", outOfMonth);
    const { start, end } = intervalOn(m, date, input, zone);
    const set: MeetingChange = { date, startAt: start.toJSDate(), endAt: end.toJSDate() };
    if (input.place !== undefined) set.place = input.place?.normalize("NFC").trim() || null;
    if (input.onlineUrl !== undefined) set.onlineUrl = input.onlineUrl;
    // Back in its month, a regular meeting needs no reason any more; out of it, the latest reason counts.
    if (inMonth && !m.makeupOf) set.offMonthReason = null;
    else if (reason) set.offMonthReason = reason;
    return set;
  });
  return withWarnings(deps, r);
}

async function withWarnings(deps: AppDeps, r: MeetingRecord): Promise<ChangedMeeting> {
  return Object.assign(r, { warnings: await meetingWarnings(deps.database.db, r) });
}

export function cancelMeeting(deps: AppDeps, p: Principal, input: { id: string; reason: string }) {
  return changeMeeting(deps, p, input.id, "cancel", (m) => {
    if (m.status === "cancelled") throw conflict("Buổi sinh hoạt đã bị hủy");
    if (m.status === "held") throw conflict("Buổi sinh hoạt đã diễn ra");
    return { status: "cancelled", cancelReason: input.reason.normalize("NFC").trim() };
  });
}

/**
 * The secretary (or an officer above) sets the meeting's kind: how a branch plans its thematic meetings. Not
 * what a member's calendar shows, so no new revision; audited.
 */
export async function setMeetingKind(deps: AppDeps, p: Principal, input: { id: string; kind: MeetingKind }) {
  const now = deps.clock.now();
  return deps.database.db.transaction(async (tx) => {
    const { meeting: m } = await requireMeeting(tx, p, input.id, "secretary", { lock: true });
    if (m.status === "cancelled") throw conflict("Buổi sinh hoạt đã bị hủy");
    const after = await updateMeetingRecord(tx, m.id, { kind: input.kind }, deps.config.publicUrl);
    if (!after) throw notFound("Không tìm thấy buổi sinh hoạt");
    if (m.kind !== input.kind)
      await auditMeeting(
        tx,
        p,
        now,
        { id: m.id, branchId: m.branchId, action: "set_kind" },
        { kind: m.kind },
        {
          kind: input.kind,
        },
      );
    return after;
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

/** The secretary puts a cancelled meeting back on: the same meeting, a new revision (calendars update it,
 * members who were told of the cancellation hear it is back, reminders still ahead are queued again). */
export async function uncancelMeeting(
  deps: AppDeps,
  p: Principal,
  input: { id: string },
): Promise<ChangedMeeting> {
  const now = deps.clock.now();
  const r = await changeMeeting(deps, p, input.id, "uncancel", async (m, _zone, tx) => {
    if (m.status !== "cancelled") throw conflict("Buổi sinh hoạt không bị hủy");
    if (await makeupFor(tx, m.id))
      throw conflict("Buổi sinh hoạt đã có buổi họp bù; hãy hủy buổi họp bù trước nếu muốn họp lại buổi này");
    await reviveCancelledReminders(tx, m.id, now);
    return { status: "planned", cancelReason: null };
  });
  return withWarnings(deps, r);
}

/** A make-up meeting is given as a move is, its date required (its reason too, outside the replaced month). */
export type MakeupInput = MoveInput & { date: string };

/**
 * A make-up meeting (họp bù) for a meeting that was cancelled, or whose day passed without being held: a
 * second meeting of the branch, with the same month, campaign and topic, linked to the one it replaces.
 * It is a meeting like any other for feeds, reminders, attendance and minutes. One per meeting replaced.
 */
export async function addMakeupMeeting(
  deps: AppDeps,
  p: Principal,
  input: MakeupInput & { id: string },
): Promise<ChangedMeeting> {
  assertCalendarDay(input.date);
  const now = deps.clock.now();
  const id = await deps.database.db.transaction(async (tx) => {
    const { meeting: m, branch } = await requireMeeting(tx, p, input.id, "secretary", { lock: true });
    const today = civilToday(now, branch.timezone);
    const refusal = makeupRefusal(m, today, !m.makeupOf && Boolean(await makeupFor(tx, m.id)));
    if (refusal) throw conflict(refusal);
    if (input.date < today) throw invalid("body.date", "ngày họp bù phải từ hôm nay trở đi");
    const reason = input.reason ? clean(input.reason) : "";
    const outOfMonth = offMonthReasonNeeded(m.month, input.date, "họp bù");
    if (outOfMonth && !reason) throw invalid("body.reason", outOfMonth);
    await assertDayOffConfirmed(tx, m.branchId, {
      from: null,
      to: input.date,
      confirmed: !!input.confirmDayOff,
    });
    const { start, end } = intervalOn(m, input.date, input, branch.timezone);
    const newId = await insertMeeting(tx, {
      regionId: m.regionId,
      branchId: m.branchId,
      campaignId: m.campaignId,
      month: m.month,
      date: input.date,
      startAt: start.toJSDate(),
      endAt: end.toJSDate(),
      place: input.place === undefined ? m.place : input.place?.normalize("NFC").trim() || null,
      onlineUrl: input.onlineUrl === undefined ? m.onlineUrl : input.onlineUrl,
      topicId: m.topicId,
      topicSource: m.topicSource,
      topicChosenBy: m.topicChosenBy,
      edited: true,
      makeupOf: m.id,
      offMonthReason: reason || null,
      createdAt: now,
      updatedAt: now,
    });
    await auditMeeting(
      tx,
      p,
      now,
      { id: newId, branchId: m.branchId, action: "makeup" },
      { makeupOf: m.id, status: m.status, date: m.date },
      { date: input.date, startAt: start.toJSDate().toISOString(), reason: reason || null },
    );
    return newId;
  });
  const r = await meetingById(deps.database.db, id, deps.config.publicUrl);
  if (!r) throw notFound("Không tìm thấy buổi sinh hoạt");
  return withWarnings(deps, r);
}
