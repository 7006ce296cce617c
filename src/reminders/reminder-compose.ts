/**
 * A message the decision says to send, written out: the text from the CURRENT meeting and recipient, the
 * invite for meeting kinds, the envelope (Message-ID, one-click unsubscribe for optional mail), and what the
 * outbox records with it (revision and snapshot of an invite).
 */
import { DateTime } from "luxon";
import type Mail from "nodemailer/lib/mailer";
import { absenceLinkExpiry } from "../domain/absence-rules.ts";
import { civilToday } from "../domain/civil-date.ts";
import type { MeetingView } from "../domain/meeting-text.ts";
import { carriesInvite, type Decision, type Person } from "../domain/reminder-decision.ts";
import { parseSlot } from "../domain/reminder-slots.ts";
import { absenceToken, absenceUrl } from "../minutes/absence-link.ts";
import { type MeetingRecord, meetingEvent } from "../plan/meeting-view.ts";
import { inviteTemplate } from "./invite-template.ts";
import {
  type Before,
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
import type { Row, SenderContext } from "./sender-context.ts";
import { unsubscribeToken, unsubscribeUrl } from "./unsubscribe.ts";

type Snapshot = Record<string, string | null>;

export interface Composed {
  mail: Mail.Options;
  subject: string;
  toEmail: string;
  revision: number | null;
  snapshot: Snapshot | null;
}

export function parseMailbox(from: string): { name: string; email: string } {
  const m = /^\s*"?([^"<]*?)"?\s*<([^>]+)>\s*$/.exec(from);
  if (m) return { name: m[1]!.trim() || "chibo", email: m[2]!.trim() };
  return { name: "chibo", email: from.trim() };
}

function snapshotOf(view: MeetingView): Snapshot {
  return {
    start: view.start.toUTC().toISO(),
    end: view.end.toUTC().toISO(),
    place: view.place,
    onlineUrl: view.onlineUrl,
    topic: view.topic?.title ?? null,
    // A member whose last invite was a cancellation hears that the meeting is back on, not "adjusted".
    status: view.status,
  };
}

/** What the recipient's last invite said, for the change notice's old → new lines. */
function beforeOf(snapshot: Snapshot | null | undefined): Before | null {
  if (!snapshot) return null;
  return {
    start: snapshot.start ?? null,
    end: snapshot.end ?? null,
    place: snapshot.place ?? null,
    onlineUrl: snapshot.onlineUrl ?? null,
    topic: snapshot.topic ?? null,
    cancelled: snapshot.status === "cancelled",
  };
}

function memo<V>(map: Map<string, V>, key: string, make: () => V): V {
  let v = map.get(key);
  if (v === undefined) {
    v = make();
    map.set(key, v);
  }
  return v;
}

const todayIn = (ctx: SenderContext, zone: string) => memo(ctx.today, zone, () => civilToday(ctx.now, zone));
const tokenOf = (ctx: SenderContext, memberId: string) =>
  memo(ctx.tokens, memberId, () => unsubscribeToken(ctx.unsubscribeKey, memberId));
const snapshotFor = (ctx: SenderContext, rec: MeetingRecord) =>
  memo(ctx.snapshots, rec.view.id, () => snapshotOf(rec.view));

/** The branch a row's mail comes from (its secretary answers replies), if any. */
function branchOf(ctx: SenderContext, r: Row): string | null {
  return (r.meetingId ? ctx.meetings.get(r.meetingId)?.record.branchId : null) ?? r.branchId ?? null;
}

function links(ctx: SenderContext, r: Row, to: Person, optional: boolean): Links {
  const base = ctx.config.publicUrl;
  const branch = branchOf(ctx, r);
  const reply = branch ? ctx.replyTo.get(branch) : undefined;
  return {
    calendarUrl: `${base}/lich-cua-toi`,
    accountUrl: `${base}/tai-khoan`,
    unsubscribeUrl: optional && r.memberId ? unsubscribeUrl(base, tokenOf(ctx, r.memberId)) : null,
    // A secretary's own mail names nobody to reply to.
    replyToName: reply && reply.email.toLowerCase() !== to.email.toLowerCase() ? reply.name : null,
    organizerName: reply?.name ?? null,
  };
}

function envelope(
  ctx: SenderContext,
  r: Row,
  to: Person,
  rendered: RenderedMail,
  optional: boolean,
): Mail.Options {
  const from = ctx.config.mailFrom;
  const headers: Record<string, string> = { "Auto-Submitted": "auto-generated", "X-Chibo-Kind": r.kind };
  if (optional && r.memberId) {
    // RFC 8058 one-click only: no mailbox reads unsubscribe mails.
    headers["List-Unsubscribe"] = `<${unsubscribeUrl(ctx.config.publicUrl, tokenOf(ctx, r.memberId))}>`;
    headers["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click";
  }
  const branch = branchOf(ctx, r);
  const reply = branch ? ctx.replyTo.get(branch) : undefined;
  return {
    from,
    to: { name: to.name, address: to.email },
    // Members answer their secretary, not a system.
    ...(reply && reply.email.toLowerCase() !== to.email.toLowerCase()
      ? { replyTo: { name: reply.name, address: reply.email } }
      : {}),
    subject: rendered.subject,
    text: rendered.text,
    html: rendered.html,
    messageId: r.messageId,
    date: ctx.now,
    headers,
  };
}

/**
 * The invite of a meeting for one member. Its ORGANIZER is the branch's secretary, so that a calendar's
 * "Accept"/"Decline" reaches her mailbox, with the service as SENT-BY (RFC 5545 §3.2.18: it sends on her
 * behalf). A branch with no secretary email falls back to MAIL_FROM as organizer and asks for no answer
 * (RSVP=FALSE). The invite carries no VALARM: the member's feed does (one meeting, one alarm for a member
 * who has both; see README "Lời mời lịch và báo vắng"). DTSTAMP is when the message is made (RFC 5546).
 */
function invite(
  ctx: SenderContext,
  r: Row,
  rec: MeetingRecord,
  to: Person,
  method: "REQUEST" | "CANCEL",
): Mail.Options["icalEvent"] {
  const forAttendee = memo(ctx.invites, `${rec.view.id}|${method}`, () => {
    const service = parseMailbox(ctx.config.mailFrom);
    const secretary = organizerOf(ctx, r);
    return inviteTemplate({
      method,
      event: meetingEvent(rec, null),
      stamp: DateTime.fromJSDate(ctx.now, { zone: "UTC" }),
      organizer: secretary ? { ...secretary, sentBy: service.email } : service,
      rsvp: secretary !== null && method === "REQUEST",
    });
  });
  const content = forAttendee({ name: to.name, email: to.email });
  return { method, content, filename: method === "CANCEL" ? "huy-lich.ics" : "loi-moi.ics" };
}

/** The branch's secretary, whom calendar replies reach, or null when the branch has none with an email. */
function organizerOf(ctx: SenderContext, r: Row): { name: string; email: string } | null {
  const branch = branchOf(ctx, r);
  return (branch ? ctx.replyTo.get(branch) : undefined) ?? null;
}

/**
 * A member's own "báo vắng" link for a meeting that is still on: signed for that member and meeting, and
 * expiring at its start (src/minutes/absence-link.ts).
 */
function absenceLink(ctx: SenderContext, r: Row, rec: MeetingRecord): string | null {
  if (!r.memberId || rec.view.status !== "planned") return null;
  const expiresAt = absenceLinkExpiry(rec.view.start.toJSDate());
  const token = absenceToken(ctx.absenceKey, { meetingId: rec.view.id, memberId: r.memberId, expiresAt });
  return absenceUrl(ctx.config.publicUrl, token);
}

function meetingMail(ctx: SenderContext, r: Row, to: Person, optional: boolean): Composed {
  const rec = ctx.meetings.get(r.meetingId!)!.record;
  const withAbsence = r.kind === "meeting_reminder" || r.kind === "meeting_update";
  const input = {
    view: rec.view,
    recipientName: to.name,
    links: { ...links(ctx, r, to, optional), absenceUrl: withAbsence ? absenceLink(ctx, r, rec) : null },
    today: todayIn(ctx, rec.view.timezone),
  };
  let rendered: RenderedMail;
  let ics: Mail.Options["icalEvent"];
  switch (r.kind) {
    case "meeting_reminder":
      rendered = meetingReminderMail(input);
      ics = invite(ctx, r, rec, to, "REQUEST");
      break;
    case "meeting_update": {
      const got = r.memberId ? ctx.got.get(`${rec.view.id}|${r.memberId}`) : undefined;
      rendered = meetingUpdateMail({ ...input, before: beforeOf(got?.snapshot) });
      ics = invite(ctx, r, rec, to, "REQUEST");
      break;
    }
    case "meeting_cancel":
      rendered = meetingCancelMail(input);
      ics = invite(ctx, r, rec, to, "CANCEL");
      break;
    case "secretary_prepare":
      rendered = secretaryPrepareMail({
        ...input,
        attendance: ctx.attendance.get(rec.branchId) ?? [],
        notices: ctx.notices.get(rec.view.id) ?? [],
      });
      break;
    default: {
      const days = ctx.minutesDueDays.get(rec.view.id);
      const dueDate = days !== undefined ? DateTime.fromISO(rec.date).plus({ days }).toISODate() : null;
      rendered = secretaryMinutesMail({ ...input, again: (parseSlot(r.slot)?.days ?? -1) < -1, dueDate });
    }
  }
  const mail = envelope(ctx, r, to, rendered, optional);
  if (ics) mail.icalEvent = ics;
  const carries = carriesInvite(r.kind);
  return {
    mail,
    subject: rendered.subject,
    toEmail: to.email,
    revision: carries ? rec.revision : r.revision,
    snapshot: carries ? snapshotFor(ctx, rec) : null,
  };
}

/** The mail for a row the decision says to send. */
export function compose(ctx: SenderContext, r: Row, d: Extract<Decision, { action: "send" }>): Composed {
  const { to, optional } = d;
  let rendered: RenderedMail;
  if (r.kind === "peak_notice") {
    rendered = peakNoticeMail({
      recipientName: to.name,
      peak: { text: d.peak!.text, round: d.peak!.round },
      date: r.refDate!,
      branchName: ctx.branches.get(r.branchId!)!.name,
      links: links(ctx, r, to, optional),
      today: todayIn(ctx, ctx.branches.get(r.branchId!)!.timezone),
    });
  } else if (r.kind === "deadline_notice") {
    rendered = deadlineMail({
      recipientName: to.name,
      title: ctx.deadlines.get(r.refId!)!.title,
      date: r.refDate!,
      daysLeft: d.daysLeft!,
      links: links(ctx, r, to, optional),
    });
  } else {
    return meetingMail(ctx, r, to, optional);
  }
  return {
    mail: envelope(ctx, r, to, rendered, optional),
    subject: rendered.subject,
    toEmail: to.email,
    revision: null,
    snapshot: null,
  };
}
