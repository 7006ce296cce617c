/**
 * The sender: claims due outbox rows (FOR UPDATE SKIP LOCKED, with a lease so that a crashed sender's rows
 * come back), renders each message at send time from the CURRENT meeting and recipient (so it never carries
 * an old date), sends it, and records the server's answer. Temporary failures (no connection, 4xx) are
 * retried with exponential backoff; permanent ones (5xx) are recorded and not retried.
 */
import { and, eq, inArray, isNotNull, or, sql } from "drizzle-orm";
import { DateTime } from "luxon";
import type Mail from "nodemailer/lib/mailer";
import type { Config } from "../config.ts";
import type { Db } from "../db/client.ts";
import { branches, deadlines, members, minutes, peakDates, reminders, users } from "../db/schema.ts";
import { HOME_ZONE } from "../domain/civil-date.ts";
import type { MeetingView } from "../domain/meeting-text.ts";
import { findPeak } from "../domain/peaks.ts";
import { meetingsByIds } from "../plan/meeting-queries.ts";
import { type MeetingRecord, meetingEvent } from "../plan/meeting-view.ts";
import { type InviteFor, inviteTemplate } from "./invite-template.ts";
import type { MailTransport } from "./mail-transport.ts";
import { parseSlot, slotDue } from "./reminder-schedule.ts";
import {
  deadlineMail,
  type Links,
  meetingCancelMail,
  meetingReminderMail,
  meetingUpdateMail,
  peakNoticeMail,
  type RenderedMail,
  secretaryMinutesMail,
  secretaryPrepareMail,
} from "./reminder-text.ts";
import { unsubscribeKey, unsubscribeToken, unsubscribeUrl } from "./unsubscribe.ts";

type Row = typeof reminders.$inferSelect;

export interface SendOptions {
  config: Pick<Config, "publicUrl" | "mailFrom">;
  /** Messages in flight at once (match the SMTP pool's connections). */
  concurrency?: number;
  /** A claimed row is taken back after this long if its sender vanished. */
  leaseMs?: number;
  retryBaseMs?: number;
  retryMaxMs?: number;
  maxAttempts?: number;
  /** Set `stopped` to finish the messages in flight and give the rest of the batch back. */
  signal?: { stopped: boolean };
}

export interface SendResult {
  claimed: number;
  sent: number;
  retried: number;
  failed: number;
  withdrawn: number;
  rescheduled: number;
  released: number;
}

type Decision =
  | { action: "withdraw"; reason: string }
  | { action: "reschedule"; at: Date }
  | {
      action: "send";
      mail: Mail.Options;
      subject: string;
      toEmail: string;
      revision: number | null;
      snapshot: Record<string, string | null> | null;
    };

export function parseMailbox(from: string): { name: string; email: string } {
  const m = /^\s*"?([^"<]*?)"?\s*<([^>]+)>\s*$/.exec(from);
  if (m) return { name: m[1]!.trim() || "chibo", email: m[2]!.trim() };
  return { name: "chibo", email: from.trim() };
}

export function backoffMs(attempts: number, base: number, max: number): number {
  return Math.min(max, base * 2 ** Math.max(0, attempts - 1));
}

interface SmtpError {
  responseCode?: number;
  response?: string;
  code?: string;
  message?: string;
}

/** 5xx is permanent; 4xx and anything without a reply code (no connection, timeout) are temporary. */
export function classifyError(err: unknown): { permanent: boolean; response: string } {
  const e = (err ?? {}) as SmtpError;
  if (typeof e.responseCode === "number") {
    return {
      permanent: e.responseCode >= 500,
      response: e.response ?? `${e.responseCode} ${e.message ?? ""}`,
    };
  }
  return { permanent: false, response: `${e.code ?? "ERROR"}: ${e.message ?? String(err)}` };
}

function snapshotOf(view: MeetingView): Record<string, string | null> {
  return {
    start: view.start.toUTC().toISO(),
    end: view.end.toUTC().toISO(),
    place: view.place,
    onlineUrl: view.onlineUrl,
    topic: view.topic?.title ?? null,
  };
}

/** What changed, in words, without the old values (so that no old date is ever repeated). */
export function describeChanges(before: Record<string, string | null> | null, view: MeetingView): string[] {
  if (!before) return [];
  const now = snapshotOf(view);
  const out: string[] = [];
  if (before.start !== now.start || before.end !== now.end) out.push("thời gian");
  if (before.place !== now.place) out.push("địa điểm");
  if (before.onlineUrl !== now.onlineUrl) out.push("đường dẫn họp trực tuyến");
  if (before.topic !== now.topic) out.push("chủ đề");
  return out;
}

const MEETING_KINDS = [
  "meeting_reminder",
  "meeting_update",
  "meeting_cancel",
  "secretary_prepare",
  "secretary_minutes",
];

interface Context {
  now: Date;
  opts: SendOptions;
  meetings: Map<string, MeetingRecord>;
  members: Map<
    string,
    {
      id: string;
      branchId: string;
      fullName: string;
      email: string | null;
      leftOn: string | null;
      optedOut: Date | null;
    }
  >;
  users: Map<string, { id: string; displayName: string; email: string; disabled: boolean }>;
  /** meeting|member → highest revision sent, and what that message said. */
  got: Map<string, { revision: number; snapshot: Record<string, string | null> | null }>;
  /** meeting|recipient|kind → sibling rows (slot, state). */
  siblings: Map<string, { slot: string; state: string; id: string }[]>;
  filed: Set<string>;
  attendance: Map<string, string[]>;
  peaks: Map<string, { day: number; month: number; baseYear: number; name: string }>;
  deadlines: Map<
    string,
    { title: string; day: number; month: number; year: number | null; audience: "branch" | "committee" }
  >;
  branchNames: Map<string, { name: string; timezone: string }>;
  unsubscribeKey: Buffer;
  minutesDueDays: Map<string, number>;
  /** One invite template per meeting and method within a batch. */
  invites: Map<string, InviteFor>;
  /** Per batch, computed once instead of once per message: today per zone, slot times, tokens, snapshots. */
  today: Map<string, string>;
  slotTimes: Map<string, Date | null>;
  tokens: Map<string, string>;
  snapshots: Map<string, Record<string, string | null>>;
}

async function loadContext(db: Db, rows: Row[], now: Date, opts: SendOptions): Promise<Context> {
  const ids = (f: (r: Row) => string | null) => [...new Set(rows.map(f).filter((x): x is string => !!x))];
  const meetingIds = ids((r) => r.meetingId);
  const memberIds = ids((r) => r.memberId);
  const userIds = ids((r) => r.userId);
  const ctx: Context = {
    now,
    opts,
    meetings: new Map(),
    members: new Map(),
    users: new Map(),
    got: new Map(),
    siblings: new Map(),
    filed: new Set(),
    attendance: new Map(),
    peaks: new Map(),
    deadlines: new Map(),
    branchNames: new Map(),
    unsubscribeKey: await unsubscribeKey(db),
    minutesDueDays: new Map(),
    invites: new Map(),
    today: new Map(),
    slotTimes: new Map(),
    tokens: new Map(),
    snapshots: new Map(),
  };
  if (meetingIds.length) {
    for (const m of await meetingsByIds(db, meetingIds, opts.config.publicUrl))
      ctx.meetings.set(m.view.id, m);
    const sent = await db
      .select({
        meetingId: reminders.meetingId,
        memberId: reminders.memberId,
        userId: reminders.userId,
        kind: reminders.kind,
        slot: reminders.slot,
        state: reminders.state,
        revision: reminders.revision,
        snapshot: reminders.snapshot,
        id: reminders.id,
      })
      .from(reminders)
      .where(
        and(
          inArray(reminders.meetingId, meetingIds),
          // Only this batch's recipients: a big branch has thousands of rows per meeting.
          memberIds.length && userIds.length
            ? or(inArray(reminders.memberId, memberIds), inArray(reminders.userId, userIds))
            : memberIds.length
              ? inArray(reminders.memberId, memberIds)
              : inArray(
                  reminders.userId,
                  userIds.length ? userIds : ["00000000-0000-0000-0000-000000000000"],
                ),
        ),
      );
    for (const s of sent) {
      if (
        s.memberId &&
        s.state === "sent" &&
        ["meeting_reminder", "meeting_update", "meeting_cancel"].includes(s.kind)
      ) {
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
    const fs = await db
      .select({ id: minutes.meetingId })
      .from(minutes)
      .where(and(inArray(minutes.meetingId, meetingIds), isNotNull(minutes.submittedAt)));
    for (const f of fs) ctx.filed.add(f.id);
    const dueDays = await db.execute<{ id: string; days: number }>(sql`
      select m.id, c.minutes_due_days as days from meetings m join campaigns c on c.id = m.campaign_id
      where m.id in (${sql.join(
        meetingIds.map((i) => sql`${i}::uuid`),
        sql`, `,
      )})`);
    for (const d of dueDays.rows) ctx.minutesDueDays.set(d.id, d.days);
    const prepBranches = [
      ...new Set(
        rows
          .filter((r) => r.kind === "secretary_prepare")
          .map((r) => r.branchId!)
          .filter(Boolean),
      ),
    ];
    if (prepBranches.length) {
      const ps = await db
        .select({
          branchId: members.branchId,
          fullName: members.fullName,
          leftOn: members.leftOn,
          role: members.role,
        })
        .from(members)
        .where(inArray(members.branchId, prepBranches))
        .orderBy(members.fullName);
      for (const p of ps) {
        if (p.leftOn) continue;
        const list = ctx.attendance.get(p.branchId) ?? [];
        list.push(p.role === "guest" ? `${p.fullName} (khách mời)` : p.fullName);
        ctx.attendance.set(p.branchId, list);
      }
    }
  }
  if (memberIds.length) {
    const ms = await db
      .select({
        id: members.id,
        branchId: members.branchId,
        fullName: members.fullName,
        email: members.email,
        leftOn: members.leftOn,
        optedOut: members.remindersOptedOutAt,
      })
      .from(members)
      .where(inArray(members.id, memberIds));
    for (const m of ms) ctx.members.set(m.id, m);
  }
  if (userIds.length) {
    const us = await db
      .select({ id: users.id, displayName: users.displayName, email: users.email, disabled: users.disabled })
      .from(users)
      .where(inArray(users.id, userIds));
    for (const u of us) ctx.users.set(u.id, u);
  }
  const peakIds = ids((r) => (r.kind === "peak_notice" ? r.refId : null));
  if (peakIds.length) {
    const ps = await db.select().from(peakDates).where(inArray(peakDates.id, peakIds));
    for (const p of ps) ctx.peaks.set(p.id, p);
  }
  const deadlineIds = ids((r) => (r.kind === "deadline_notice" ? r.refId : null));
  if (deadlineIds.length) {
    const ds = await db
      .select({
        id: deadlines.id,
        title: deadlines.title,
        day: deadlines.day,
        month: deadlines.month,
        year: deadlines.year,
        audience: deadlines.audience,
      })
      .from(deadlines)
      .where(inArray(deadlines.id, deadlineIds));
    for (const d of ds) ctx.deadlines.set(d.id, d);
  }
  const branchIds = ids((r) =>
    r.kind === "peak_notice" || r.kind === "deadline_notice" ? r.branchId : null,
  );
  if (branchIds.length) {
    const bs = await db
      .select({ id: branches.id, name: branches.name, timezone: branches.timezone })
      .from(branches)
      .where(inArray(branches.id, branchIds));
    for (const b of bs) ctx.branchNames.set(b.id, b);
  }
  return ctx;
}

interface Person {
  name: string;
  email: string;
}

function recipientOf(ctx: Context, r: Row, optional: boolean): Person | string {
  if (r.memberId) {
    const m = ctx.members.get(r.memberId);
    if (!m) return "Không còn hồ sơ đảng viên";
    if (m.leftOn) return "Đảng viên đã chuyển đi";
    if (!m.email) return "Không có địa chỉ email";
    if (optional && m.optedOut) return "Đảng viên đã hủy đăng ký nhận nhắc lịch";
    return { name: m.fullName, email: m.email };
  }
  if (r.userId) {
    const u = ctx.users.get(r.userId);
    if (!u || u.disabled) return "Tài khoản không còn hoạt động";
    return { name: u.displayName, email: u.email };
  }
  return "Không có người nhận";
}

function todayIn(ctx: Context, zone: string): string {
  let d = ctx.today.get(zone);
  if (d === undefined) {
    d = DateTime.fromJSDate(ctx.now, { zone }).toISODate()!;
    ctx.today.set(zone, d);
  }
  return d;
}

/** slotDue for the meeting as loaded in this batch (the same slot recurs for every recipient). */
function slotAt(ctx: Context, rec: MeetingRecord, slot: string): Date | null {
  const key = `${rec.date}|${slot}|${rec.view.timezone}`;
  let d = ctx.slotTimes.get(key);
  if (d === undefined) {
    d = slotDue(rec.date, slot, rec.view.timezone);
    ctx.slotTimes.set(key, d);
  }
  return d;
}

function tokenOf(ctx: Context, memberId: string): string {
  let t = ctx.tokens.get(memberId);
  if (t === undefined) {
    t = unsubscribeToken(ctx.unsubscribeKey, memberId);
    ctx.tokens.set(memberId, t);
  }
  return t;
}

function snapshotFor(ctx: Context, rec: MeetingRecord): Record<string, string | null> {
  let s = ctx.snapshots.get(rec.view.id);
  if (!s) {
    s = snapshotOf(rec.view);
    ctx.snapshots.set(rec.view.id, s);
  }
  return s;
}

function links(ctx: Context, r: Row, optional: boolean): Links {
  const base = ctx.opts.config.publicUrl;
  return {
    feedUrl: `${base}/api/feeds`,
    unsubscribeUrl: optional && r.memberId ? unsubscribeUrl(base, tokenOf(ctx, r.memberId)) : null,
  };
}

function envelope(ctx: Context, r: Row, to: Person, rendered: RenderedMail, optional: boolean): Mail.Options {
  const from = ctx.opts.config.mailFrom;
  const headers: Record<string, string> = { "Auto-Submitted": "auto-generated", "X-Chibo-Kind": r.kind };
  if (optional && r.memberId) {
    const token = tokenOf(ctx, r.memberId);
    const box = parseMailbox(from).email;
    headers["List-Unsubscribe"] =
      `<${unsubscribeUrl(ctx.opts.config.publicUrl, token)}>, <mailto:${box}?subject=unsubscribe%20${token}>`;
    headers["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click";
  }
  return {
    from,
    to: { name: to.name, address: to.email },
    subject: rendered.subject,
    text: rendered.text,
    html: rendered.html,
    messageId: r.messageId,
    date: ctx.now,
    headers,
  };
}

function invite(
  ctx: Context,
  rec: MeetingRecord,
  to: Person,
  method: "REQUEST" | "CANCEL",
): Mail.Options["icalEvent"] {
  const key = `${rec.view.id}|${method}`;
  let forAttendee = ctx.invites.get(key);
  if (!forAttendee) {
    forAttendee = inviteTemplate({
      method,
      event: meetingEvent(rec, 60),
      organizer: parseMailbox(ctx.opts.config.mailFrom),
    });
    ctx.invites.set(key, forAttendee);
  }
  const content = forAttendee({ name: to.name, email: to.email });
  return { method, content, filename: method === "CANCEL" ? "huy-lich.ics" : "loi-moi.ics" };
}

/** A reminder or minutes reminder is superseded when a later one of the same set is already due. */
function superseded(ctx: Context, r: Row, rec: MeetingRecord): boolean {
  const mine = slotAt(ctx, rec, r.slot);
  if (!mine) return false;
  const sibs = ctx.siblings.get(`${r.meetingId}|${r.memberId ?? r.userId}|${r.kind}`) ?? [];
  return sibs.some((s) => {
    if (s.id === r.id || s.state === "withdrawn") return false;
    const d = slotAt(ctx, rec, s.slot);
    return d !== null && d > mine && d <= ctx.now;
  });
}

function decide(ctx: Context, r: Row): Decision {
  const { now } = ctx;
  if (MEETING_KINDS.includes(r.kind)) {
    const rec = r.meetingId ? ctx.meetings.get(r.meetingId) : undefined;
    if (!rec) return { action: "withdraw", reason: "Buổi sinh hoạt không còn" };
    const started = rec.view.start.toMillis() <= now.getTime();
    const today = todayIn(ctx, rec.view.timezone);
    const got = r.memberId ? ctx.got.get(`${rec.view.id}|${r.memberId}`) : undefined;

    if (r.kind === "meeting_reminder" || r.kind === "secretary_prepare" || r.kind === "secretary_minutes") {
      if (r.kind !== "secretary_minutes") {
        if (rec.view.status === "cancelled") return { action: "withdraw", reason: "Buổi sinh hoạt đã hủy" };
        if (started) return { action: "withdraw", reason: "Buổi sinh hoạt đã bắt đầu" };
      } else {
        if (rec.view.status === "cancelled") return { action: "withdraw", reason: "Buổi sinh hoạt đã hủy" };
        if (ctx.filed.has(rec.view.id)) return { action: "withdraw", reason: "Biên bản đã nộp" };
      }
      // Re-planned from the current meeting: a moved meeting moves its reminders.
      const due = slotAt(ctx, rec, r.slot);
      if (due && due > now) return { action: "reschedule", at: due };
      if (r.kind !== "secretary_prepare" && superseded(ctx, r, rec))
        return { action: "withdraw", reason: "Đã có lời nhắc muộn hơn" };
    }
    if (r.kind === "meeting_update") {
      if (rec.view.status !== "planned")
        return { action: "withdraw", reason: "Buổi sinh hoạt không còn theo kế hoạch" };
      if (started) return { action: "withdraw", reason: "Buổi sinh hoạt đã bắt đầu" };
      if (got && got.revision >= rec.revision)
        return { action: "withdraw", reason: "Đã nhận thông tin mới nhất" };
    }
    if (r.kind === "meeting_cancel") {
      if (rec.view.status !== "cancelled")
        return { action: "withdraw", reason: "Buổi sinh hoạt không bị hủy" };
      if (started) return { action: "withdraw", reason: "Buổi sinh hoạt đã qua" };
      if (got && got.revision >= rec.revision) return { action: "withdraw", reason: "Đã nhận thông báo hủy" };
    }

    const optional = r.kind === "meeting_reminder";
    const to = recipientOf(ctx, r, optional);
    if (typeof to === "string") return { action: "withdraw", reason: to };
    const lk = links(ctx, r, optional);
    const input = { view: rec.view, recipientName: to.name, links: lk, today };
    let rendered: RenderedMail;
    let ics: Mail.Options["icalEvent"];
    switch (r.kind) {
      case "meeting_reminder":
        rendered = meetingReminderMail(input);
        ics = invite(ctx, rec, to, "REQUEST");
        break;
      case "meeting_update":
        rendered = meetingUpdateMail({ ...input, changes: describeChanges(got?.snapshot ?? null, rec.view) });
        ics = invite(ctx, rec, to, "REQUEST");
        break;
      case "meeting_cancel":
        rendered = meetingCancelMail(input);
        ics = invite(ctx, rec, to, "CANCEL");
        break;
      case "secretary_prepare":
        rendered = secretaryPrepareMail({ ...input, attendance: ctx.attendance.get(rec.branchId) ?? [] });
        break;
      default: {
        const days = ctx.minutesDueDays.get(rec.view.id);
        const dueDate = days !== undefined ? DateTime.fromISO(rec.date).plus({ days }).toISODate() : null;
        rendered = secretaryMinutesMail({ ...input, again: (parseSlot(r.slot)?.days ?? -1) < -1, dueDate });
      }
    }
    const mail = envelope(ctx, r, to, rendered, optional);
    if (ics) mail.icalEvent = ics;
    const carries =
      r.kind === "meeting_reminder" || r.kind === "meeting_update" || r.kind === "meeting_cancel";
    return {
      action: "send",
      mail,
      subject: rendered.subject,
      toEmail: to.email,
      revision: carries ? rec.revision : r.revision,
      snapshot: carries ? snapshotFor(ctx, rec) : null,
    };
  }

  if (r.kind === "peak_notice") {
    const p = r.refId ? ctx.peaks.get(r.refId) : undefined;
    const b = r.branchId ? ctx.branchNames.get(r.branchId) : undefined;
    if (!p || !b || !r.refDate)
      return { action: "withdraw", reason: "Ngày kỷ niệm không còn trong kế hoạch" };
    if (DateTime.fromISO(r.refDate, { zone: b.timezone }).toJSDate() <= now)
      return { action: "withdraw", reason: "Ngày kỷ niệm đã qua" };
    const to = recipientOf(ctx, r, true);
    if (typeof to === "string") return { action: "withdraw", reason: to };
    const match = findPeak(r.refDate, [p]);
    // A peak moved since this row was planned: its new date has a row of its own.
    if (!match || match.date !== r.refDate)
      return { action: "withdraw", reason: "Ngày kỷ niệm không còn trong kế hoạch" };
    const rendered = peakNoticeMail({
      recipientName: to.name,
      peak: { text: match.text, round: match.round },
      date: r.refDate,
      branchName: b.name,
      links: links(ctx, r, true),
    });
    return {
      action: "send",
      mail: envelope(ctx, r, to, rendered, true),
      subject: rendered.subject,
      toEmail: to.email,
      revision: null,
      snapshot: null,
    };
  }

  // deadline_notice
  const d = r.refId ? ctx.deadlines.get(r.refId) : undefined;
  if (!d || !r.refDate) return { action: "withdraw", reason: "Hạn báo cáo không còn" };
  // The deadline may have been edited since this row was planned: never announce the old date or audience
  // (the scheduler plans rows for the new date under a new key).
  const [y, mo, da] = r.refDate.split("-").map(Number);
  if (d.day !== da || d.month !== mo || (d.year !== null && d.year !== y))
    return { action: "withdraw", reason: "Hạn báo cáo đã đổi ngày" };
  if ((d.audience === "branch") !== (r.branchId !== null))
    return { action: "withdraw", reason: "Hạn báo cáo đã đổi đối tượng nhận" };
  const zone = (r.branchId && ctx.branchNames.get(r.branchId)?.timezone) || HOME_ZONE;
  const end = DateTime.fromISO(r.refDate, { zone }).plus({ days: 1 });
  if (end.toJSDate() <= now) return { action: "withdraw", reason: "Hạn báo cáo đã qua" };
  const to = recipientOf(ctx, r, false);
  if (typeof to === "string") return { action: "withdraw", reason: to };
  const today = DateTime.fromJSDate(now, { zone }).startOf("day");
  const daysLeft = Math.round(DateTime.fromISO(r.refDate, { zone }).diff(today, "days").days);
  const rendered = deadlineMail({
    recipientName: to.name,
    title: d.title,
    date: r.refDate,
    daysLeft,
    links: links(ctx, r, false),
  });
  return {
    action: "send",
    mail: envelope(ctx, r, to, rendered, false),
    subject: rendered.subject,
    toEmail: to.email,
    revision: null,
    snapshot: null,
  };
}

/** Claims up to `limit` due rows for this sender. */
async function claim(db: Db, now: Date, limit: number, leaseMs: number): Promise<Row[]> {
  const lease = new Date(now.getTime() + leaseMs);
  const res = await db.execute(sql`
    update reminders set state = 'sending', attempts = attempts + 1, locked_until = ${lease},
      next_attempt_at = ${lease}, updated_at = ${now}
    where id in (
      select id from reminders
      where state in ('queued', 'sending') and next_attempt_at <= ${now}
      order by next_attempt_at
      limit ${limit}
      for update skip locked)
    returning id`);
  const ids = (res.rows as { id: string }[]).map((r) => r.id);
  if (ids.length === 0) return [];
  return db.select().from(reminders).where(inArray(reminders.id, ids)).orderBy(reminders.dueAt);
}

/** Updates a row this sender still holds (attempts is the fencing token against a reclaimed lease). */
async function settle(db: Db, r: Row, set: Partial<typeof reminders.$inferInsert>): Promise<void> {
  await db
    .update(reminders)
    .set(set)
    .where(and(eq(reminders.id, r.id), eq(reminders.attempts, r.attempts), eq(reminders.state, "sending")));
}

interface SentRecord {
  row: Row;
  response: string;
  toEmail: string;
  subject: string;
  revision: number | null;
  snapshot: Record<string, string | null> | null;
}

/**
 * Records sent messages as a group: one UPDATE for all that were sent while the previous one ran (one
 * statement per message cost a round trip and a query build each). Each row is still fenced by its own
 * `attempts` and `state = 'sending'`, exactly as `settle` does.
 */
async function recordSent(db: Db, now: Date, items: SentRecord[]): Promise<void> {
  // One bound array per column (`sql.param`), so the statement's size does not grow with the group.
  await db.execute(sql`
    update reminders r set state = 'sent', sent_at = ${now}, last_response = v.response, to_email = v.to_email,
      subject = v.subject, revision = v.revision, snapshot = v.snapshot::jsonb, locked_until = null,
      updated_at = ${now}
    from unnest(
      ${sql.param(items.map((i) => i.row.id))}::uuid[],
      ${sql.param(items.map((i) => i.row.attempts))}::int[],
      ${sql.param(items.map((i) => i.response))}::text[],
      ${sql.param(items.map((i) => i.toEmail))}::text[],
      ${sql.param(items.map((i) => i.subject))}::text[],
      ${sql.param(items.map((i) => i.revision))}::int[],
      ${sql.param(items.map((i) => (i.snapshot ? JSON.stringify(i.snapshot) : null)))}::text[]
    ) as v(id, attempts, response, to_email, subject, revision, snapshot)
    where r.id = v.id and r.attempts = v.attempts and r.state = 'sending'`);
}

/** Group commit: at most one recording UPDATE in flight; what arrives meanwhile goes into the next one. */
function sentLog(db: Db, now: Date) {
  let queue: SentRecord[] = [];
  let running: Promise<void> | null = null;
  let failure: unknown = null;
  const loop = async () => {
    try {
      while (queue.length) {
        const items = queue;
        queue = [];
        await recordSent(db, now, items);
      }
    } catch (err) {
      // Left in 'sending': the lease brings them back, as when a single settle failed.
      failure ??= err;
      queue = [];
    } finally {
      running = null;
    }
  };
  return {
    add(item: SentRecord) {
      queue.push(item);
      running ??= loop();
    },
    async flush() {
      while (running) await running;
      if (failure) throw failure;
    },
  };
}

export async function sendDue(
  db: Db,
  transport: MailTransport,
  now: Date,
  limit: number,
  opts: SendOptions,
): Promise<SendResult> {
  const result: SendResult = {
    claimed: 0,
    sent: 0,
    retried: 0,
    failed: 0,
    withdrawn: 0,
    rescheduled: 0,
    released: 0,
  };
  if (opts.signal?.stopped) return result;
  const rows = await claim(db, now, limit, opts.leaseMs ?? 5 * 60_000);
  result.claimed = rows.length;
  if (rows.length === 0) return result;
  const ctx = await loadContext(db, rows, now, opts);
  const base = opts.retryBaseMs ?? 60_000;
  const max = opts.retryMaxMs ?? 6 * 3600_000;
  const maxAttempts = opts.maxAttempts ?? 10;

  let next = 0;
  const log = sentLog(db, now);
  const work = async () => {
    while (next < rows.length) {
      const r = rows[next++]!;
      if (opts.signal?.stopped) {
        // Given back untouched: another sender (or this one, restarted) takes it.
        await settle(db, r, {
          state: "queued",
          nextAttemptAt: r.dueAt <= now ? r.dueAt : now,
          attempts: r.attempts - 1,
          lockedUntil: null,
        });
        result.released++;
        continue;
      }
      let d: Decision;
      try {
        d = decide(ctx, r);
      } catch (err) {
        d = { action: "withdraw", reason: `Lỗi khi soạn thư: ${(err as Error).message}` };
      }
      if (d.action === "withdraw") {
        await settle(db, r, {
          state: "withdrawn",
          lastResponse: d.reason,
          attempts: r.attempts - 1,
          lockedUntil: null,
          updatedAt: now,
        });
        result.withdrawn++;
        continue;
      }
      if (d.action === "reschedule") {
        await settle(db, r, {
          state: "queued",
          dueAt: d.at,
          nextAttemptAt: d.at,
          attempts: r.attempts - 1,
          lockedUntil: null,
          updatedAt: now,
        });
        result.rescheduled++;
        continue;
      }
      try {
        const info = await transport.send(d.mail);
        // Recorded without holding up the next message: the SMTP connection stays busy.
        log.add({
          row: r,
          response: info.response,
          toEmail: d.toEmail,
          subject: d.subject,
          revision: d.revision,
          snapshot: d.snapshot,
        });
        result.sent++;
      } catch (err) {
        const c = classifyError(err);
        if (c.permanent || r.attempts >= maxAttempts) {
          await settle(db, r, {
            state: "failed",
            lastResponse: c.response,
            toEmail: d.toEmail,
            subject: d.subject,
            lockedUntil: null,
            updatedAt: now,
          });
          result.failed++;
        } else {
          const at = new Date(now.getTime() + backoffMs(r.attempts, base, max));
          await settle(db, r, {
            state: "queued",
            nextAttemptAt: at,
            lastResponse: c.response,
            lockedUntil: null,
            updatedAt: now,
          });
          result.retried++;
        }
      }
    }
  };
  // Every sent message is recorded before this returns (a stopped worker leaves nothing claimed), even when a
  // lane failed.
  const lanes = await Promise.allSettled(Array.from({ length: Math.max(1, opts.concurrency ?? 5) }, work));
  await log.flush();
  for (const l of lanes) if (l.status === "rejected") throw l.reason;
  return result;
}

export interface DrainOptions extends SendOptions {
  /** Rows claimed at a time by each lane. */
  batchSize?: number;
  /**
   * Claim-and-send loops running side by side (each claims with SKIP LOCKED, like separate workers): while one
   * lane claims and loads its next batch, the others keep the SMTP pool busy.
   */
  lanes?: number;
  onBatch?: (r: SendResult) => void;
}

export const DEFAULT_BATCH = 100;
export const DEFAULT_LANES = 2;

/** Sends until nothing is due (or `signal.stopped`); `now` is read again for every batch. */
export async function drainDue(
  db: Db,
  transport: MailTransport,
  now: () => Date,
  opts: DrainOptions,
): Promise<SendResult> {
  const batch = opts.batchSize ?? DEFAULT_BATCH;
  const total: SendResult = {
    claimed: 0,
    sent: 0,
    retried: 0,
    failed: 0,
    withdrawn: 0,
    rescheduled: 0,
    released: 0,
  };
  const lane = async () => {
    for (;;) {
      if (opts.signal?.stopped) return;
      const r = await sendDue(db, transport, now(), batch, opts);
      for (const k of Object.keys(total) as (keyof SendResult)[]) total[k] += r[k];
      opts.onBatch?.(r);
      if (r.claimed < batch) return;
    }
  };
  const lanes = await Promise.allSettled(
    Array.from({ length: Math.max(1, opts.lanes ?? DEFAULT_LANES) }, lane),
  );
  for (const l of lanes) if (l.status === "rejected") throw l.reason;
  return total;
}
