/**
 * What the sender knows about one claimed batch: the meetings, recipients, peaks, deadlines and earlier
 * messages its rows refer to, loaded with one query per table for the whole batch, plus per-batch memos
 * (slot times, tokens, invite templates) that would otherwise be computed once per message.
 */

import type { Config } from "../config.ts";
import type { DbOrTx } from "../db/client.ts";
import type { reminders } from "../db/schema.ts";
import type { PeakDate } from "../domain/peaks.ts";
import type {
  DeadlineState,
  DecisionInput,
  MeetingState,
  MemberState,
  SlotClock,
  UserState,
} from "../domain/reminder-decision.ts";
import { slotDue } from "../domain/reminder-slots.ts";
import { absenceKey } from "../minutes/absence-link.ts";
import { noticesOfMeetings } from "../minutes/absence-queries.ts";
import { meetingsByIds } from "../plan/meeting-queries.ts";
import type { MeetingRecord } from "../plan/meeting-view.ts";
import type { InviteFor } from "./invite-template.ts";
import {
  branchesByIds,
  deadlinesByIds,
  meetingsWithMinutesFiled,
  membersByIds,
  messagesToRecipients,
  minutesDueDaysOf,
  peakDatesByIds,
  replyToOfBranches,
  rollsOfBranches,
  usersByIds,
} from "./reminder-queries.ts";
import { unsubscribeKey } from "./unsubscribe.ts";

export type Row = typeof reminders.$inferSelect;
type Snapshot = Record<string, string | null>;

export interface SenderContext {
  now: Date;
  config: Pick<Config, "publicUrl" | "mailFrom">;
  meetings: Map<string, { record: MeetingRecord; state: MeetingState }>;
  members: Map<string, MemberState>;
  users: Map<string, UserState & { id: string }>;
  /** meeting|member → highest revision sent, and what that message said. */
  got: Map<string, { revision: number; snapshot: Snapshot | null }>;
  /** meeting|recipient|kind → sibling rows (slot, state). */
  siblings: Map<string, { slot: string; state: string; id: string }[]>;
  /** branch → names of the current members, for the secretary's attendance list. */
  attendance: Map<string, string[]>;
  /** meeting → who sent word that they will be absent, and why (the secretary's "prepare" mail). */
  notices: Map<string, { fullName: string; reason: string }[]>;
  peaks: Map<string, PeakDate>;
  deadlines: Map<string, DeadlineState & { title: string }>;
  branches: Map<string, { name: string; timezone: string }>;
  /** branch → its secretary, whom replies reach (Reply-To). */
  replyTo: Map<string, { name: string; email: string }>;
  unsubscribeKey: Buffer;
  /** Signs the "báo vắng" link of a member's reminder (src/minutes/absence-link.ts). */
  absenceKey: Buffer;
  minutesDueDays: Map<string, number>;
  /** One invite template per meeting and method within a batch. */
  invites: Map<string, InviteFor>;
  /** Per batch, computed once instead of once per message: today per zone, slot times, tokens, snapshots. */
  today: Map<string, string>;
  slotTimes: Map<string, Date | null>;
  tokens: Map<string, string>;
  snapshots: Map<string, Snapshot>;
  /** `slotDue` through `slotTimes` (the same slot recurs for every recipient of a meeting). */
  slotClock: SlotClock;
}

const INVITE_KINDS = new Set(["meeting_reminder", "meeting_update", "meeting_cancel"]);

export async function loadContext(
  db: DbOrTx,
  rows: Row[],
  now: Date,
  config: SenderContext["config"],
): Promise<SenderContext> {
  const ids = (f: (r: Row) => string | null) => [...new Set(rows.map(f).filter((x): x is string => !!x))];
  const meetingIds = ids((r) => r.meetingId);
  const memberIds = ids((r) => r.memberId);
  const userIds = ids((r) => r.userId);
  const slotTimes = new Map<string, Date | null>();
  const ctx: SenderContext = {
    now,
    config,
    meetings: new Map(),
    members: new Map(),
    users: new Map(),
    got: new Map(),
    siblings: new Map(),
    attendance: new Map(),
    notices: new Map(),
    peaks: new Map(),
    deadlines: new Map(),
    branches: new Map(),
    replyTo: new Map(),
    unsubscribeKey: await unsubscribeKey(db),
    absenceKey: await absenceKey(db),
    minutesDueDays: new Map(),
    invites: new Map(),
    today: new Map(),
    slotTimes,
    tokens: new Map(),
    snapshots: new Map(),
    slotClock: (date, slot, zone) => {
      const key = `${date}|${slot}|${zone}`;
      let d = slotTimes.get(key);
      if (d === undefined) {
        d = slotDue(date, slot, zone);
        slotTimes.set(key, d);
      }
      return d;
    },
  };
  if (meetingIds.length) {
    const records = await meetingsByIds(db, meetingIds, config.publicUrl);
    const filed = new Set(await meetingsWithMinutesFiled(db, meetingIds));
    for (const record of records) {
      const { view } = record;
      const state: MeetingState = {
        status: view.status,
        start: view.start.toJSDate(),
        date: record.date,
        timezone: view.timezone,
        revision: record.revision,
        minutesFiled: filed.has(view.id),
      };
      ctx.meetings.set(view.id, { record, state });
    }
    for (const s of await messagesToRecipients(db, meetingIds, memberIds, userIds)) {
      if (s.memberId && s.state === "sent" && INVITE_KINDS.has(s.kind)) {
        const k = `${s.meetingId}|${s.memberId}`;
        const prev = ctx.got.get(k);
        if (!prev || (s.revision ?? -1) > prev.revision)
          ctx.got.set(k, { revision: s.revision ?? -1, snapshot: s.snapshot });
      }
      const k = `${s.meetingId}|${s.memberId ?? s.userId}|${s.kind}`;
      const list = ctx.siblings.get(k) ?? [];
      list.push({ slot: s.slot, state: s.state, id: s.id });
      ctx.siblings.set(k, list);
    }
    for (const d of await minutesDueDaysOf(db, meetingIds)) ctx.minutesDueDays.set(d.id, d.days);
    const prepMeetings = ids((r) => (r.kind === "secretary_prepare" ? r.meetingId : null));
    for (const n of await noticesOfMeetings(db, prepMeetings)) {
      const list = ctx.notices.get(n.meetingId) ?? [];
      list.push({ fullName: n.fullName, reason: n.reason });
      ctx.notices.set(n.meetingId, list);
    }
    const prepBranches = ids((r) => (r.kind === "secretary_prepare" ? r.branchId : null));
    if (prepBranches.length) {
      for (const p of await rollsOfBranches(db, prepBranches)) {
        if (p.leftOn) continue;
        const list = ctx.attendance.get(p.branchId) ?? [];
        list.push(p.role === "guest" ? `${p.fullName} (khách mời)` : p.fullName);
        ctx.attendance.set(p.branchId, list);
      }
    }
  }
  if (memberIds.length) for (const m of await membersByIds(db, memberIds)) ctx.members.set(m.id, m);
  if (userIds.length) for (const u of await usersByIds(db, userIds)) ctx.users.set(u.id, u);
  const peakIds = ids((r) => (r.kind === "peak_notice" ? r.refId : null));
  if (peakIds.length) for (const p of await peakDatesByIds(db, peakIds)) ctx.peaks.set(p.id, p);
  const deadlineIds = ids((r) => (r.kind === "deadline_notice" ? r.refId : null));
  if (deadlineIds.length) for (const d of await deadlinesByIds(db, deadlineIds)) ctx.deadlines.set(d.id, d);
  const branchIds = ids((r) =>
    r.kind === "peak_notice" || r.kind === "deadline_notice" ? r.branchId : null,
  );
  if (branchIds.length) for (const b of await branchesByIds(db, branchIds)) ctx.branches.set(b.id, b);
  const replyBranches = [
    ...new Set([...ids((r) => r.branchId), ...[...ctx.meetings.values()].map((m) => m.record.branchId)]),
  ];
  ctx.replyTo = await replyToOfBranches(db, replyBranches);
  return ctx;
}

/** The decision's view of one row: what it refers to, as loaded for the batch. */
export function decisionInput(ctx: SenderContext, r: Row): DecisionInput {
  const meeting = r.meetingId ? ctx.meetings.get(r.meetingId)?.state : undefined;
  return {
    now: ctx.now,
    row: r,
    meeting,
    member: r.memberId ? ctx.members.get(r.memberId) : undefined,
    user: r.userId ? ctx.users.get(r.userId) : undefined,
    received: r.memberId && r.meetingId ? ctx.got.get(`${r.meetingId}|${r.memberId}`)?.revision : undefined,
    siblings: r.meetingId
      ? ctx.siblings.get(`${r.meetingId}|${r.memberId ?? r.userId}|${r.kind}`)
      : undefined,
    peak: r.refId && r.kind === "peak_notice" ? ctx.peaks.get(r.refId) : undefined,
    deadline: r.refId && r.kind === "deadline_notice" ? ctx.deadlines.get(r.refId) : undefined,
    branch: r.branchId ? ctx.branches.get(r.branchId) : undefined,
  };
}
