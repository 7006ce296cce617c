/**
 * What to do with one claimed outbox message, decided at send time from the CURRENT state of what it is
 * about (so it never carries an old date): send it now, wait until its slot (the meeting moved later), or
 * withdraw it with a reason that the outbox records and the secretary reads.
 *
 * Pure: the message row, the meeting, the recipient and what they already received come in as data, and
 * `now` as an argument. The sender loads them per batch; the table of cases is tested in
 * tests/domain/reminder-decision.test.ts.
 */
import { DateTime } from "luxon";
import { findPeak, type PeakDate, type PeakMatch } from "./peaks.ts";
import { quietUntil } from "./quiet-hours.ts";
import type { PersonRow } from "./reminder-recipients.ts";
import { HOME_ZONE, slotDue } from "./reminder-slots.ts";

export type ReminderKind =
  | "meeting_reminder"
  | "meeting_update"
  | "meeting_cancel"
  | "peak_notice"
  | "secretary_prepare"
  | "secretary_minutes"
  | "deadline_notice"
  | "secretary_thematic";

/** Why a message is withdrawn: written to the row's `lastResponse` (Vietnamese, shown to secretaries). */
export const REASON = {
  meetingGone: "Buổi sinh hoạt không còn",
  meetingCancelled: "Buổi sinh hoạt đã hủy",
  meetingStarted: "Buổi sinh hoạt đã bắt đầu",
  meetingPast: "Buổi sinh hoạt đã qua",
  meetingNotPlanned: "Buổi sinh hoạt không còn theo kế hoạch",
  meetingNotCancelled: "Buổi sinh hoạt không bị hủy",
  minutesFiled: "Biên bản đã nộp",
  laterReminderDue: "Đã có lời nhắc muộn hơn",
  hasLatest: "Đã nhận thông tin mới nhất",
  hasCancel: "Đã nhận thông báo hủy",
  replacedByNewer: "Thay bằng thông báo mới hơn",
  peakGone: "Ngày kỷ niệm không còn trong kế hoạch",
  peakPast: "Ngày kỷ niệm đã qua",
  deadlineGone: "Hạn báo cáo không còn",
  deadlineMoved: "Hạn báo cáo đã đổi ngày",
  deadlineAudience: "Hạn báo cáo đã đổi đối tượng nhận",
  deadlinePast: "Hạn báo cáo đã qua",
  noMemberRecord: "Không còn hồ sơ đảng viên",
  memberLeft: "Đảng viên đã chuyển đi",
  noEmail: "Không có địa chỉ email",
  optedOut: "Đảng viên đã hủy đăng ký nhận nhắc lịch",
  accountInactive: "Tài khoản không còn hoạt động",
  noRecipient: "Không có người nhận",
  thematicNotDue: "Chi bộ đã có buổi sinh hoạt chuyên đề trong quý (đã họp hoặc đã lên kế hoạch)",
} as const;

/** The outbox row, as far as the decision reads it. */
export interface MessageRow {
  id: string;
  kind: ReminderKind;
  slot: string;
  meetingId: string | null;
  memberId: string | null;
  userId: string | null;
  branchId: string | null;
  refId: string | null;
  refDate: string | null;
}

/** The meeting as it stands now. */
export interface MeetingState {
  status: "planned" | "cancelled" | "held";
  start: Date;
  /** Civil date in the branch's zone. */
  date: string;
  timezone: string;
  revision: number;
  minutesFiled: boolean;
}

export type MemberState = Pick<PersonRow, "fullName" | "email" | "leftOn" | "remindersOptedOutAt">;

export interface UserState {
  displayName: string;
  email: string;
  disabled: boolean;
}

/** Another row of the same meeting, recipient and kind (another slot). */
export interface SiblingRow {
  id: string;
  slot: string;
  state: string;
}

export interface DeadlineState {
  day: number;
  month: number;
  year: number | null;
  audience: "branch" | "committee";
}

export interface DecisionInput {
  now: Date;
  row: MessageRow;
  /** The meeting of a meeting kind; absent when it no longer exists. */
  meeting?: MeetingState;
  /** The recipient's record (by `row.memberId` or `row.userId`); absent when it no longer exists. */
  member?: MemberState;
  user?: UserState;
  /** The highest meeting revision this member has received an invite of (-1: one without a revision). */
  received?: number;
  siblings?: readonly SiblingRow[];
  /** A peak notice's peak date and its branch; a deadline notice's deadline (and branch, for its zone). */
  peak?: PeakDate;
  branch?: { timezone: string };
  deadline?: DeadlineState;
  /** A thematic reminder's quarter: still due now (`thematicReminderDue` on the branch's meetings)? */
  thematicDue?: boolean;
}

export interface Person {
  name: string;
  email: string;
}

export type Decision =
  | { action: "withdraw"; reason: string }
  /** Not due yet: the meeting moved and the slot with it. */
  | { action: "wait"; until: Date }
  | {
      action: "send";
      to: Person;
      /** Optional mail carries an unsubscribe link; the member may have opted out of it. */
      optional: boolean;
      /** The peak as it stands, for a peak notice. */
      peak?: PeakMatch;
      /** Days from today to the deadline in its zone, for a deadline notice. */
      daysLeft?: number;
    };

/** Slot times: `slotDue` by default; the sender passes a memo (the same slot recurs for every recipient). */
export type SlotClock = (date: string, slot: string, zone: string) => Date | null;

const withdraw = (reason: string): Decision => ({ action: "withdraw", reason });

export function recipientOf(input: DecisionInput, optional: boolean): Person | string {
  const { row, member, user } = input;
  if (row.memberId) {
    if (!member) return REASON.noMemberRecord;
    if (member.leftOn) return REASON.memberLeft;
    if (!member.email) return REASON.noEmail;
    if (optional && member.remindersOptedOutAt) return REASON.optedOut;
    return { name: member.fullName, email: member.email };
  }
  if (row.userId) {
    if (!user || user.disabled) return REASON.accountInactive;
    return { name: user.displayName, email: user.email };
  }
  return REASON.noRecipient;
}

function send(input: DecisionInput, optional: boolean, extra: { peak?: PeakMatch; daysLeft?: number } = {}) {
  const to = recipientOf(input, optional);
  return typeof to === "string" ? withdraw(to) : ({ action: "send", to, optional, ...extra } as const);
}

/** A reminder or minutes reminder is superseded when a later one of the same set is already due. */
function superseded(input: DecisionInput, m: MeetingState, due: SlotClock): boolean {
  const mine = due(m.date, input.row.slot, m.timezone);
  if (!mine) return false;
  return (input.siblings ?? []).some((s) => {
    if (s.id === input.row.id || s.state === "withdrawn") return false;
    const d = due(m.date, s.slot, m.timezone);
    return d !== null && d > mine && d <= input.now;
  });
}

function decideMeeting(input: DecisionInput, due: SlotClock): Decision {
  const { row: r, meeting: m, now } = input;
  if (!m) return withdraw(REASON.meetingGone);
  const started = m.start.getTime() <= now.getTime();
  const got = r.memberId ? input.received : undefined;

  switch (r.kind) {
    case "meeting_reminder":
    case "secretary_prepare":
    case "secretary_minutes": {
      if (m.status === "cancelled") return withdraw(REASON.meetingCancelled);
      if (r.kind !== "secretary_minutes" && started) return withdraw(REASON.meetingStarted);
      if (r.kind === "secretary_minutes" && m.minutesFiled) return withdraw(REASON.minutesFiled);
      // Re-planned from the current meeting: a moved meeting moves its reminders.
      const at = due(m.date, r.slot, m.timezone);
      if (at && at > now) return { action: "wait", until: at };
      if (r.kind !== "secretary_prepare" && superseded(input, m, due))
        return withdraw(REASON.laterReminderDue);
      break;
    }
    case "meeting_update":
      if (m.status !== "planned") return withdraw(REASON.meetingNotPlanned);
      if (started) return withdraw(REASON.meetingStarted);
      if (got !== undefined && got >= m.revision) return withdraw(REASON.hasLatest);
      break;
    case "meeting_cancel":
      if (m.status !== "cancelled") return withdraw(REASON.meetingNotCancelled);
      if (started) return withdraw(REASON.meetingPast);
      if (got !== undefined && got >= m.revision) return withdraw(REASON.hasCancel);
      break;
  }
  return send(input, r.kind === "meeting_reminder");
}

function decidePeak(input: DecisionInput): Decision {
  const { row: r, peak: p, branch: b, now } = input;
  if (!p || !b || !r.refDate) return withdraw(REASON.peakGone);
  if (DateTime.fromISO(r.refDate, { zone: b.timezone }).toJSDate() <= now) return withdraw(REASON.peakPast);
  const to = recipientOf(input, true);
  if (typeof to === "string") return withdraw(to);
  const match = findPeak(r.refDate, [p]);
  // A peak moved since this row was planned: its new date has a row of its own.
  if (!match || match.date !== r.refDate) return withdraw(REASON.peakGone);
  return { action: "send", to, optional: true, peak: match };
}

function decideDeadline(input: DecisionInput): Decision {
  const { row: r, deadline: d, now } = input;
  if (!d || !r.refDate) return withdraw(REASON.deadlineGone);
  // The deadline may have been edited since this row was planned: never announce the old date or audience
  // (the scheduler plans rows for the new date under a new key).
  const [y, mo, da] = r.refDate.split("-").map(Number);
  if (d.day !== da || d.month !== mo || (d.year !== null && d.year !== y))
    return withdraw(REASON.deadlineMoved);
  if ((d.audience === "branch") !== (r.branchId !== null)) return withdraw(REASON.deadlineAudience);
  const zone = (r.branchId && input.branch?.timezone) || HOME_ZONE;
  const day = DateTime.fromISO(r.refDate, { zone });
  if (day.plus({ days: 1 }).toJSDate() <= now) return withdraw(REASON.deadlinePast);
  const today = DateTime.fromJSDate(now, { zone }).startOf("day");
  return send(input, false, { daysLeft: Math.round(day.diff(today, "days").days) });
}

/** Sent only while the quarter still lacks a thematic meeting (one planned since, or held, withdraws it). */
function decideThematic(input: DecisionInput): Decision {
  return input.thematicDue ? send(input, false) : withdraw(REASON.thematicNotDue);
}

export const MEETING_KINDS: readonly ReminderKind[] = [
  "meeting_reminder",
  "meeting_update",
  "meeting_cancel",
  "secretary_prepare",
  "secretary_minutes",
];

/** Kinds whose message carries the meeting's invite (and records its revision and what it said). */
export function carriesInvite(kind: ReminderKind): boolean {
  return kind === "meeting_reminder" || kind === "meeting_update" || kind === "meeting_cancel";
}

/**
 * The decision for one message. A message that may go but falls in the night of its branch's zone waits
 * until 06:00 there (quiet-hours.ts), unless the meeting it is about starts early that morning.
 */
export function decideReminder(input: DecisionInput, due: SlotClock = slotDue): Decision {
  let d: Decision;
  if (MEETING_KINDS.includes(input.row.kind)) d = decideMeeting(input, due);
  else if (input.row.kind === "peak_notice") d = decidePeak(input);
  else if (input.row.kind === "secretary_thematic") d = decideThematic(input);
  else d = decideDeadline(input);
  if (d.action !== "send") return d;
  const zone = input.meeting?.timezone ?? (input.row.branchId && input.branch?.timezone) ?? HOME_ZONE;
  const until = quietUntil(input.now, zone || HOME_ZONE, input.meeting?.start);
  return until ? { action: "wait", until } : d;
}

// ------------------------------------------------------------------------------ the relay's answer to a send

/**
 * Who refused a message: nobody for good (`temporary`: no connection, a 4xx), the recipient's address (5xx at
 * RCPT TO, or a 5.1.x/5.2.x mailbox status: fail this message, show it to the secretary), or the relay
 * itself (5xx at connection, MAIL FROM, or a policy/system refusal at DATA: every message would get the same
 * answer, so retry them all later with a long back-off instead of losing them).
 */
export type RefusalScope = "temporary" | "recipient" | "relay";

export interface Refusal {
  scope: RefusalScope;
  /** The server's answer as recorded on the row. */
  response: string;
  /** "550 5.7.1" (reply and enhanced code): the same refusal for many recipients is the relay's. */
  status: string;
}

/** What a failed send reports (nodemailer's error fields). */
export interface SendFailure {
  responseCode?: number;
  response?: string;
  command?: string;
  code?: string;
  message?: string;
}

const ENHANCED = /\b([245])\.(\d{1,3})\.(\d{1,3})\b/;
/** Commands at which a refusal is the relay's whatever the code says (connection, greeting, login, sender). */
const RELAY_COMMANDS = /^(CONN|EHLO|HELO|LHLO|AUTH|STARTTLS|MAIL)/i;

export function classifyRefusal(e: SendFailure): Refusal {
  if (typeof e.responseCode !== "number") {
    const response = `${e.code ?? "ERROR"}: ${e.message ?? "không rõ lỗi"}`;
    return { scope: "temporary", response, status: e.code ?? "ERROR" };
  }
  const response = e.response ?? `${e.responseCode} ${e.message ?? ""}`.trim();
  const enhanced = ENHANCED.exec(response);
  const status = `${e.responseCode}${enhanced ? ` ${enhanced[0]}` : ""}`;
  if (e.responseCode < 500) return { scope: "temporary", response, status };
  const command = e.command ?? "";
  if (RELAY_COMMANDS.test(command)) return { scope: "relay", response, status };
  if (/^RCPT/i.test(command)) return { scope: "recipient", response: `RCPT TO: ${response}`, status };
  // At DATA: a bad or full mailbox is the recipient's; a policy, system or protocol refusal is the relay's.
  if (enhanced && (enhanced[2] === "1" || enhanced[2] === "2"))
    return { scope: "recipient", response, status };
  return { scope: "relay", response, status };
}

/** Back-off after a relay-wide refusal, by the row's attempt: 15 min, 1 h, then 6 h. */
export const RELAY_BACKOFF_MS = [15 * 60_000, 3600_000, 6 * 3600_000] as const;

export function relayBackoffMs(attempts: number): number {
  return RELAY_BACKOFF_MS[Math.min(RELAY_BACKOFF_MS.length - 1, Math.max(0, attempts - 1))]!;
}

/** The same recipient refusal for this many different addresses in a row is the relay refusing. */
export const RELAY_STREAK = 3;

/**
 * Recipient refusals since the last accepted message, by status, with the addresses they came for. A
 * different refusal in between (one bad address among them) does not hide the relay's pattern.
 */
export type RefusalStreaks = ReadonlyMap<string, readonly string[]>;

/** The streaks after one more outcome: a recipient refusal adds its address, an accepted message ends them. */
export function nextStreaks(s: RefusalStreaks, r: Refusal | null, to: string): RefusalStreaks {
  if (!r) return new Map();
  if (r.scope !== "recipient") return s;
  const seen = s.get(r.status) ?? [];
  return seen.includes(to) ? s : new Map([...s, [r.status, [...seen, to]]]);
}

export const isRelayWide = (s: RefusalStreaks, status: string) =>
  (s.get(status)?.length ?? 0) >= RELAY_STREAK;

/** Why a failed message did not go, for the secretary (the server's answer follows it). */
export function failureReason(lastResponse: string | null): string {
  const r = lastResponse ?? "";
  const code = /^(?:RCPT TO: )?(\d{3})\b/.exec(r)?.[1] ?? "";
  const enhanced = ENHANCED.exec(r);
  if (code.startsWith("5") && (r.startsWith("RCPT TO: ") || enhanced?.[2] === "1" || enhanced?.[2] === "2"))
    return "Máy chủ thư từ chối địa chỉ email này";
  if (code.startsWith("5")) return "Máy chủ thư từ chối gửi sau nhiều lần thử";
  return "Không gửi được sau nhiều lần thử";
}
