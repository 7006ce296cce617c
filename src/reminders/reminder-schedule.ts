/**
 * The scheduler tick: observes meetings, campaigns, members and what was already sent, and materialises
 * the outbox rows. Idempotent (every row has a unique key; INSERT … ON CONFLICT), so any number of ticks on
 * any number of instances give the same rows; one advisory lock keeps two instances from doing the same
 * work at the same moment. No hook into the planner: a moved meeting shows as a higher `revision`.
 *
 * When each kind falls due is the domain's (reminder-slots.ts), who receives it too (reminder-recipients.ts);
 * the statements are in schedule-queries.ts.
 */
import { sql } from "drizzle-orm";
import type { ChannelName } from "../channels/channel.ts";
import { membersWithDevices } from "../channels/push/push-queries.ts";
import type { Db, DbOrTx } from "../db/client.ts";
import { civilToday, lastDayOfMonth } from "../domain/civil-date.ts";
import { mailHost as mailHostOf } from "../domain/mail-host.ts";
import { DEFAULT_QUALITY, isThematic, type MeetingKind } from "../domain/meeting-quality.ts";
import {
  type KindedMeeting,
  monthsOfQuarter,
  quarterOf,
  thematicReminderDue,
} from "../domain/meeting-rating.ts";
import { peakOccurrences } from "../domain/peaks.ts";
import { channelsFor } from "../domain/reminder-channels.ts";
import type { ReminderKind } from "../domain/reminder-decision.ts";
import {
  memberRecipient,
  type Recipient,
  remindable,
  secretariesOf,
  userRecipient,
} from "../domain/reminder-recipients.ts";
import {
  campaignSpan,
  deadlineDates,
  deadlineSlots,
  HOME_ZONE,
  meetingReminderSlots,
  minutesSlots,
  PEAK_NOTICE_SLOT,
  peakNoticeDue,
  planningWindow,
  secretaryPrepareSlot,
} from "../domain/reminder-slots.ts";
import { znsPhone } from "../domain/vn-phone.ts";
import { campaignPeaks } from "../plan/meeting-queries.ts";
import { choicesOfMembers, phonesOfMembers } from "./channel-queries.ts";
import { deadlinesOfCampaigns, meetingsWithMinutesFiled, peopleOfBranches } from "./reminder-queries.ts";
import {
  branchesUnderCommittees,
  campaignsRunningBetween,
  meetingsStartingBetween,
  type NewReminder,
  officersOfCommittees,
  secretaryUsersOfBranches,
  staleInvites,
  thematicCandidates,
  upsertReminders,
  withdrawForCancelledMeetings,
  withdrawForUnreachableMembers,
  withdrawOlderUpdates,
} from "./schedule-queries.ts";

export interface ScheduleOptions {
  /** The MAIL_FROM address: its domain ends every Message-ID. */
  mailFrom: string;
  /** Member reminders are materialised for meetings starting within this many days. */
  horizonDays?: number;
  /** Minutes reminders look back this many days. */
  lookbackDays?: number;
  /** Channels with a sender (email always): a member's reminder is queued once on each they chose. */
  channels?: ReadonlySet<ChannelName>;
}

export interface ScheduleResult {
  skipped: boolean;
  inserted: number;
  withdrawn: number;
}

export { mailHost } from "../domain/mail-host.ts";

/** A Message-ID from the reminder's unique key: the same key always gives the same id, and the local part
 * holds no "@" or ":" (RFC 5322 dot-atom). */
export function messageIdFor(key: string, host: string): string {
  return `<${key.replace(/[:@]/g, ".")}@${host}>`;
}

/** One outbox row: its key is kind, subject, recipient and slot. */
function row(
  host: string,
  now: Date,
  kind: ReminderKind,
  subject: string,
  r: Pick<Recipient, "key" | "memberId" | "userId"> & { email: string | null },
  slot: string,
  due: Date,
  extra: Partial<NewReminder> & { regionId: string },
): NewReminder {
  const key = `${kind}:${subject}:${r.key}:${slot}`;
  return {
    key,
    kind,
    slot,
    memberId: r.memberId,
    userId: r.userId,
    toEmail: r.email,
    dueAt: due,
    nextAttemptAt: due,
    messageId: messageIdFor(key, host),
    createdAt: now,
    updatedAt: now,
    ...extra,
  };
}

const DAY_MS = 86_400_000;

function byBranch<T extends { branchId: string | null }>(rows: T[]): Map<string | null, T[]> {
  const out = new Map<string | null, T[]>();
  for (const r of rows) {
    const list = out.get(r.branchId);
    if (list) list.push(r);
    else out.set(r.branchId, [r]);
  }
  return out;
}

/** The people and secretary accounts of one branch, as `secretariesOf` takes them. */
function ofBranch<P, U>(branchId: string, people: Map<string | null, P[]>, users: Map<string | null, U[]>) {
  return [people.get(branchId) ?? [], users.get(branchId) ?? []] as const;
}

export async function scheduleReminders(db: Db, now: Date, opts: ScheduleOptions): Promise<ScheduleResult> {
  return db.transaction(async (tx) => {
    const lock = await tx.execute<{ locked: boolean }>(
      sql`select pg_try_advisory_xact_lock(727275) as locked`,
    );
    if (!lock.rows[0]?.locked) return { skipped: true, inserted: 0, withdrawn: 0 };
    const host = mailHostOf(opts.mailFrom);
    let inserted = await scheduleMeetings(tx, now, host, opts);
    const withdrawn =
      (await withdrawForCancelledMeetings(tx, now)) + (await withdrawForUnreachableMembers(tx, now));
    inserted += await scheduleNews(tx, now, host);
    inserted += await schedulePeaksAndDeadlines(tx, now, host);
    inserted += await scheduleThematic(tx, now, host);
    return { skipped: false, inserted, withdrawn };
  });
}

/** Reminders of meetings in the window: members', and the secretaries' "prepare" and "file the minutes". */
async function scheduleMeetings(tx: DbOrTx, now: Date, host: string, opts: ScheduleOptions): Promise<number> {
  const horizon = new Date(now.getTime() + (opts.horizonDays ?? 10) * DAY_MS);
  const lookback = new Date(now.getTime() - (opts.lookbackDays ?? 5) * DAY_MS);
  const ms = await meetingsStartingBetween(tx, lookback, horizon);
  const branchIds = [...new Set(ms.map((m) => m.branchId))];
  // Grouped by branch once: a meeting looks at its own branch's people only (not at every person of every
  // branch in the window, which grew with meetings × people: hours on a national busiest day).
  const people = byBranch(await peopleOfBranches(tx, branchIds));
  const secUsers = byBranch(await secretaryUsersOfBranches(tx, branchIds));
  const filed = new Set(
    await meetingsWithMinutesFiled(
      tx,
      ms.map((m) => m.id),
    ),
  );

  const out: NewReminder[] = [];
  for (const m of ms) {
    if (m.status === "cancelled") continue;
    const base = { regionId: m.regionId, branchId: m.branchId, meetingId: m.id, revision: m.revision };
    if (m.status === "planned" && m.startAt > now) {
      const slots = meetingReminderSlots(m, m.offsets, now);
      for (const p of people.get(m.branchId) ?? []) {
        if (!remindable(p, m.branchId, m.date)) continue;
        for (const s of slots)
          out.push(row(host, now, "meeting_reminder", m.id, memberRecipient(p), s.slot, s.due, base));
      }
      const prep = secretaryPrepareSlot(m);
      for (const r of secretariesOf(m.branchId, m.date, ...ofBranch(m.branchId, people, secUsers)))
        out.push(row(host, now, "secretary_prepare", m.id, r, prep.slot, prep.due, base));
    }
    if (!filed.has(m.id)) {
      const slots = minutesSlots(m, now);
      for (const r of secretariesOf(m.branchId, m.date, ...ofBranch(m.branchId, people, secUsers))) {
        for (const s of slots) out.push(row(host, now, "secretary_minutes", m.id, r, s.slot, s.due, base));
      }
    }
  }
  return upsertReminders(tx, await onChannels(tx, out, opts.channels), now, true);
}

/**
 * A member's meeting reminders, once on each channel they chose that can reach them (email when none can).
 * Only when a channel beside email is on: otherwise the rows are the mail rows as before, with no read.
 */
async function onChannels(tx: DbOrTx, rows: NewReminder[], on?: ReadonlySet<ChannelName>) {
  if (!on || on.size <= 1) return rows;
  const memberIds = [
    ...new Set(rows.filter((r) => r.kind === "meeting_reminder" && r.memberId).map((r) => r.memberId!)),
  ];
  const choices = await choicesOfMembers(tx, memberIds);
  if (choices.size === 0) return rows;
  const devices = on.has("push") ? await membersWithDevices(tx, [...choices.keys()]) : new Set<string>();
  // Zalo reaches a person by a mobile number only: without a valid one the reminder goes by email.
  const phones = on.has("zalo") ? await phonesOfMembers(tx, [...choices.keys()]) : new Map<string, string>();
  const out: NewReminder[] = [];
  for (const r of rows) {
    const chosen = r.kind === "meeting_reminder" && r.memberId ? choices.get(r.memberId) : undefined;
    if (!chosen) {
      out.push(r);
      continue;
    }
    const available = new Set<ChannelName>(["email"]);
    if (on.has("push") && devices.has(r.memberId!)) available.add("push");
    if (on.has("zalo") && znsPhone(phones.get(r.memberId!) ?? "")) available.add("zalo");
    for (const channel of channelsFor(chosen, available)) out.push({ ...r, channel });
  }
  return out;
}

/** Whoever received an invite of an older revision than the meeting's gets the news (update or cancel). */
async function scheduleNews(tx: DbOrTx, now: Date, host: string): Promise<number> {
  const stale = (await staleInvites(tx, now)).filter((s) => s.status !== "held");
  // A newer update replaces one still waiting.
  await withdrawOlderUpdates(
    tx,
    now,
    stale.map((s) => ({ meetingId: s.meeting_id, memberId: s.member_id, revision: s.revision })),
  );
  const news = stale.map((s) =>
    row(
      host,
      now,
      s.status === "cancelled" ? "meeting_cancel" : "meeting_update",
      s.meeting_id,
      { key: `m-${s.member_id}`, memberId: s.member_id, userId: null, email: s.email },
      `r${s.revision}`,
      now,
      { regionId: s.region_id, branchId: s.branch_id, meetingId: s.meeting_id, revision: s.revision },
    ),
  );
  return upsertReminders(tx, news, now, false);
}

/** Peak notices to every member a week before, and report deadlines to secretaries or officers. */
async function schedulePeaksAndDeadlines(tx: DbOrTx, now: Date, host: string): Promise<number> {
  const window = planningWindow(now);
  const cs = await campaignsRunningBetween(tx, window.from, window.deadlinesUntil);
  if (cs.length === 0) return 0;
  const campaignIds = cs.map((c) => c.id);
  const peaks = await campaignPeaks(tx, campaignIds);
  const dls = await deadlinesOfCampaigns(tx, campaignIds);
  const committeeIds = [...new Set(cs.map((c) => c.committeeId!))];
  const bs = await branchesUnderCommittees(tx, committeeIds);
  const branchIds = bs.map((b) => b.id);
  const needPeople = peaks.length > 0 || dls.some((d) => d.audience === "branch");
  const people = byBranch(needPeople ? await peopleOfBranches(tx, branchIds) : []);
  const secUsers = byBranch(dls.length ? await secretaryUsersOfBranches(tx, branchIds) : []);
  const officers = dls.some((d) => d.audience !== "branch")
    ? await officersOfCommittees(tx, committeeIds)
    : [];

  const out: NewReminder[] = [];
  for (const c of cs) {
    const span = campaignSpan(c.firstMonth, c.lastMonth);
    const under = bs.filter((b) => b.ancestors.includes(c.committeeId!));
    // Peaks: a week before, to every member, once per occurrence within the campaign.
    for (const p of peaks.filter((x) => x.campaignId === c.id)) {
      for (const occ of peakOccurrences([p], window.from, window.peaksUntil)) {
        if (occ.date < span.from || occ.date > span.to) continue;
        for (const b of under) {
          if (p.committeeId && !b.ancestors.includes(p.committeeId)) continue;
          const due = peakNoticeDue(occ.date, b.timezone, now);
          if (!due) continue;
          const extra = { regionId: b.regionId, branchId: b.id, refId: p.id, refDate: occ.date };
          for (const m of people.get(b.id) ?? []) {
            if (!remindable(m, b.id, occ.date)) continue;
            const r = memberRecipient(m);
            out.push(row(host, now, "peak_notice", `${occ.date}.${p.id}`, r, PEAK_NOTICE_SLOT, due, extra));
          }
        }
      }
    }
    // Report deadlines: 14 and 3 days before.
    for (const d of dls.filter((x) => x.campaignId === c.id)) {
      for (const date of deadlineDates(d, span, window.from, window.deadlinesUntil)) {
        const recipients: { r: Recipient; zone: string; branchId: string | null; regionId: string }[] = [];
        if (d.audience === "branch") {
          for (const b of under)
            for (const r of secretariesOf(b.id, date, ...ofBranch(b.id, people, secUsers)))
              recipients.push({ r, zone: b.timezone, branchId: b.id, regionId: b.regionId });
        } else {
          for (const o of officers.filter((x) => x.committeeId === c.committeeId))
            recipients.push({ r: userRecipient(o), zone: HOME_ZONE, branchId: null, regionId: o.regionId });
        }
        for (const { r, zone, branchId, regionId } of recipients) {
          const extra = { regionId, branchId, refId: d.id, refDate: date };
          for (const s of deadlineSlots(date, zone, now))
            out.push(row(host, now, "deadline_notice", `${d.id}.${date}`, r, s.slot, s.due, extra));
        }
      }
    }
  }
  return upsertReminders(tx, out, now, false);
}

const KINDS: MeetingKind[] = ["regular", "thematic", "combined"];

/**
 * The secretary's reminder when a quarter's last month begins with no thematic meeting held or planned
 * (`thematicReminderDue`): one row per branch, secretary and quarter under its unique key, so it goes once
 * whatever the number of ticks and instances; the sender asks the rule again before sending.
 */
async function scheduleThematic(tx: DbOrTx, now: Date, host: string): Promise<number> {
  const today = civilToday(now, HOME_ZONE);
  const quarter = quarterOf(today);
  const months = monthsOfQuarter(quarter);
  // Only in the quarter's last month: before it, no quarter is at risk (branches a zone apart are checked
  // on their own date below).
  if (today.slice(0, 7) !== months[2]) return 0;
  const perQuarter = DEFAULT_QUALITY.thematicPerQuarter;
  const rows = await thematicCandidates(tx, {
    from: `${months[0]}-01`,
    to: lastDayOfMonth(months[2]!),
    quarter,
    kinds: KINDS.filter(isThematic),
    perQuarter,
  });
  const byB = new Map<string, { regionId: string; timezone: string; meetings: KindedMeeting[] }>();
  for (const r of rows) {
    const b = byB.get(r.branch_id) ?? { regionId: r.region_id, timezone: r.timezone, meetings: [] };
    if (r.date && r.kind && r.status) b.meetings.push({ date: r.date, kind: r.kind, status: r.status });
    byB.set(r.branch_id, b);
  }
  const due = [...byB].filter(([, b]) => {
    const day = civilToday(now, b.timezone);
    return quarterOf(day) === quarter && thematicReminderDue(b.meetings, day, perQuarter);
  });
  if (due.length === 0) return 0;
  const ids = due.map(([id]) => id);
  const people = byBranch(await peopleOfBranches(tx, ids));
  const secUsers = byBranch(await secretaryUsersOfBranches(tx, ids));
  const out: NewReminder[] = [];
  for (const [id, b] of due) {
    const day = civilToday(now, b.timezone);
    for (const r of secretariesOf(id, day, ...ofBranch(id, people, secUsers)))
      out.push(
        row(host, now, "secretary_thematic", id, r, quarter, now, { regionId: b.regionId, branchId: id }),
      );
  }
  return upsertReminders(tx, out, now, false);
}
