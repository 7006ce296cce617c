/**
 * The send decision as a table: one claimed message, the meeting (or peak, or deadline) as it stands now,
 * the recipient and what they already received → send, wait or withdraw with the reason the outbox records.
 * A branch in Hồ Chí Minh City meets on Friday 15/5/2026 at 14:00 (07:00 UTC).
 */
import { describe, expect, it } from "vitest";
import {
  classifyRefusal,
  type Decision,
  type DecisionInput,
  decideReminder,
  failureReason,
  isRelayWide,
  type MeetingState,
  type MessageRow,
  nextStreaks,
  REASON,
  type RefusalStreaks,
  type ReminderKind,
  relayBackoffMs,
} from "../../src/domain/reminder-decision.ts";
import { slotDue } from "../../src/domain/reminder-slots.ts";

const ZONE = "Asia/Ho_Chi_Minh";
const MEETING: MeetingState = {
  status: "planned",
  start: new Date("2026-05-15T07:00:00Z"),
  date: "2026-05-15",
  timezone: ZONE,
  revision: 1,
  minutesFiled: false,
};
const MEMBER = { fullName: "Nguyễn Văn An", email: "an@example.vn", leftOn: null, remindersOptedOutAt: null };
const USER = { displayName: "Trần Thị Bích", email: "bich@example.vn", disabled: false };
const BIRTHDAY = { day: 19, month: 5, baseYear: 1890, name: "Ngày sinh Chủ tịch Hồ Chí Minh" };

function rowOf(kind: ReminderKind, over: Partial<MessageRow> = {}): MessageRow {
  const meeting = !kind.startsWith("peak") && !kind.startsWith("deadline");
  return {
    id: "row",
    kind,
    slot: "3d@07:00",
    meetingId: meeting ? "meeting" : null,
    memberId: "member",
    userId: null,
    branchId: "branch",
    refId: meeting ? null : "ref",
    refDate: null,
    ...over,
  };
}

/** A message due now (12/5, 08:00 local) about the meeting, to a member who can be mailed. */
function input(kind: ReminderKind, over: Partial<DecisionInput> = {}, row: Partial<MessageRow> = {}) {
  return {
    now: new Date("2026-05-12T01:00:00Z"),
    row: rowOf(kind, row),
    meeting: MEETING,
    member: MEMBER,
    ...over,
  } satisfies DecisionInput;
}

const meeting = (m: Partial<MeetingState>) => ({ meeting: { ...MEETING, ...m } });
const at = (iso: string) => ({ now: new Date(iso) });
const withdraw = (reason: string): Decision => ({ action: "withdraw", reason });
const toMember = { to: { name: MEMBER.fullName, email: MEMBER.email } };
const toUser = { to: { name: USER.displayName, email: USER.email } };
const asUser = { memberId: null, userId: "user" };

type Case = [string, DecisionInput, Partial<Decision> & { action: Decision["action"] }];

const cases: Case[] = [
  // ---------------------------------------------------------------- a member's reminder (optional mail)
  [
    "reminder due, member reachable",
    input("meeting_reminder"),
    { action: "send", optional: true, ...toMember },
  ],
  ["meeting deleted", input("meeting_reminder", { meeting: undefined }), withdraw(REASON.meetingGone)],
  [
    "meeting cancelled",
    input("meeting_reminder", meeting({ status: "cancelled" })),
    withdraw(REASON.meetingCancelled),
  ],
  [
    "meeting started",
    input("meeting_reminder", meeting({ start: new Date("2026-05-12T01:00:00Z") })),
    withdraw(REASON.meetingStarted),
  ],
  [
    "meeting moved later: the slot moved with it",
    input("meeting_reminder", meeting({ date: "2026-05-20", start: new Date("2026-05-20T07:00:00Z") })),
    { action: "wait", until: new Date("2026-05-17T00:00:00Z") },
  ],
  [
    "a later reminder of the set is already due",
    input("meeting_reminder", {
      ...at("2026-05-15T02:00:00Z"),
      siblings: [{ id: "later", slot: "0d@07:00", state: "queued" }],
    }),
    withdraw(REASON.laterReminderDue),
  ],
  [
    "the later reminder was withdrawn: this one goes",
    input("meeting_reminder", {
      ...at("2026-05-15T02:00:00Z"),
      siblings: [{ id: "later", slot: "0d@07:00", state: "withdrawn" }],
    }),
    { action: "send" },
  ],
  [
    "the later reminder is not due yet",
    input("meeting_reminder", { siblings: [{ id: "later", slot: "0d@07:00", state: "queued" }] }),
    { action: "send" },
  ],
  [
    "member opted out",
    input("meeting_reminder", { member: { ...MEMBER, remindersOptedOutAt: new Date(0) } }),
    withdraw(REASON.optedOut),
  ],
  [
    "member left",
    input("meeting_reminder", { member: { ...MEMBER, leftOn: "2026-05-01" } }),
    withdraw(REASON.memberLeft),
  ],
  [
    "member without email",
    input("meeting_reminder", { member: { ...MEMBER, email: null } }),
    withdraw(REASON.noEmail),
  ],
  [
    "member record deleted",
    input("meeting_reminder", { member: undefined }),
    withdraw(REASON.noMemberRecord),
  ],
  ["nobody to send to", input("meeting_reminder", {}, { memberId: null }), withdraw(REASON.noRecipient)],

  // ---------------------------------------------------------------- the secretary's reminders (not optional)
  [
    "prepare: an opted-out secretary still gets it",
    input(
      "secretary_prepare",
      { member: { ...MEMBER, remindersOptedOutAt: new Date(0) } },
      { slot: "7d@07:00" },
    ),
    { action: "send", optional: false },
  ],
  [
    "prepare is never superseded",
    input(
      "secretary_prepare",
      { ...at("2026-05-15T02:00:00Z"), siblings: [{ id: "x", slot: "0d@07:00", state: "queued" }] },
      { slot: "7d@07:00" },
    ),
    { action: "send" },
  ],
  [
    "prepare after the start",
    input("secretary_prepare", at("2026-05-15T08:00:00Z"), { slot: "7d@07:00" }),
    withdraw(REASON.meetingStarted),
  ],
  [
    "prepare to a secretary account",
    input("secretary_prepare", { user: USER }, { slot: "7d@07:00", ...asUser }),
    { action: "send", optional: false, ...toUser },
  ],
  [
    "prepare to a disabled account",
    input("secretary_prepare", { user: { ...USER, disabled: true } }, { slot: "7d@07:00", ...asUser }),
    withdraw(REASON.accountInactive),
  ],
  [
    "minutes the morning after the meeting",
    input(
      "secretary_minutes",
      { ...at("2026-05-16T01:00:00Z"), ...meeting({ status: "held" }) },
      { slot: "-1d@07:00" },
    ),
    { action: "send", optional: false },
  ],
  [
    "minutes before the morning after: wait",
    input("secretary_minutes", at("2026-05-15T09:00:00Z"), { slot: "-1d@07:00" }),
    { action: "wait", until: new Date("2026-05-16T00:00:00Z") },
  ],
  [
    "minutes already filed",
    input(
      "secretary_minutes",
      { ...at("2026-05-16T01:00:00Z"), ...meeting({ minutesFiled: true }) },
      { slot: "-1d@07:00" },
    ),
    withdraw(REASON.minutesFiled),
  ],
  [
    "minutes of a cancelled meeting",
    input(
      "secretary_minutes",
      { ...at("2026-05-16T01:00:00Z"), ...meeting({ status: "cancelled" }) },
      { slot: "-1d@07:00" },
    ),
    withdraw(REASON.meetingCancelled),
  ],
  [
    "the second minutes reminder replaces the first after a long outage",
    input(
      "secretary_minutes",
      { ...at("2026-05-20T01:00:00Z"), siblings: [{ id: "again", slot: "-4d@07:00", state: "queued" }] },
      { slot: "-1d@07:00" },
    ),
    withdraw(REASON.laterReminderDue),
  ],

  // ---------------------------------------------------------------- news about a moved or cancelled meeting
  [
    "update to a member who had revision 0",
    input("meeting_update", { received: 0 }, { slot: "r1" }),
    { action: "send", optional: false, ...toMember },
  ],
  [
    "update: the member already has the latest",
    input("meeting_update", { received: 1 }, { slot: "r1" }),
    withdraw(REASON.hasLatest),
  ],
  [
    "update of a meeting since cancelled",
    input("meeting_update", { received: 0, ...meeting({ status: "cancelled" }) }, { slot: "r1" }),
    withdraw(REASON.meetingNotPlanned),
  ],
  [
    "update after the start",
    input("meeting_update", { received: 0, ...at("2026-05-15T07:00:00Z") }, { slot: "r1" }),
    withdraw(REASON.meetingStarted),
  ],
  [
    "update to a member who opted out of reminders",
    input(
      "meeting_update",
      { received: 0, member: { ...MEMBER, remindersOptedOutAt: new Date(0) } },
      { slot: "r1" },
    ),
    { action: "send" },
  ],
  [
    "cancel notice",
    input(
      "meeting_cancel",
      { received: 1, ...meeting({ status: "cancelled", revision: 2 }) },
      { slot: "r2" },
    ),
    { action: "send", optional: false },
  ],
  [
    "cancel notice of a meeting restored to the plan",
    input("meeting_cancel", { received: 1, ...meeting({ revision: 2 }) }, { slot: "r2" }),
    withdraw(REASON.meetingNotCancelled),
  ],
  [
    "cancel notice after the meeting's time",
    input(
      "meeting_cancel",
      { received: 1, ...at("2026-05-16T00:00:00Z"), ...meeting({ status: "cancelled", revision: 2 }) },
      { slot: "r2" },
    ),
    withdraw(REASON.meetingPast),
  ],
  [
    "cancel notice already received",
    input(
      "meeting_cancel",
      { received: 2, ...meeting({ status: "cancelled", revision: 2 }) },
      { slot: "r2" },
    ),
    withdraw(REASON.hasCancel),
  ],

  // ---------------------------------------------------------------- peaks
  [
    "peak notice a week before 19/5",
    input(
      "peak_notice",
      { peak: BIRTHDAY, branch: { timezone: ZONE } },
      { slot: "7d@07:00", refDate: "2026-05-19" },
    ),
    { action: "send", optional: true, ...toMember },
  ],
  [
    "peak date removed",
    input("peak_notice", { branch: { timezone: ZONE } }, { refDate: "2026-05-19" }),
    withdraw(REASON.peakGone),
  ],
  [
    "peak moved since the row was planned",
    input(
      "peak_notice",
      { peak: { ...BIRTHDAY, day: 20 }, branch: { timezone: ZONE } },
      { refDate: "2026-05-19" },
    ),
    withdraw(REASON.peakGone),
  ],
  [
    "peak day already begun",
    input(
      "peak_notice",
      { peak: BIRTHDAY, branch: { timezone: ZONE }, ...at("2026-05-18T17:00:00Z") },
      { refDate: "2026-05-19" },
    ),
    withdraw(REASON.peakPast),
  ],
  [
    "peak notice to an opted-out member",
    input(
      "peak_notice",
      { peak: BIRTHDAY, branch: { timezone: ZONE }, member: { ...MEMBER, remindersOptedOutAt: new Date(0) } },
      { refDate: "2026-05-19" },
    ),
    withdraw(REASON.optedOut),
  ],

  // ---------------------------------------------------------------- report deadlines
  [
    "deadline 14 days ahead, to a branch secretary",
    input(
      "deadline_notice",
      {
        deadline: { day: 30, month: 5, year: null, audience: "branch" },
        branch: { timezone: ZONE },
        ...at("2026-05-16T01:00:00Z"),
      },
      { refDate: "2026-05-30", slot: "14d@07:00" },
    ),
    { action: "send", optional: false, daysLeft: 14 },
  ],
  [
    "deadline to a committee officer, in the home zone",
    input(
      "deadline_notice",
      {
        deadline: { day: 30, month: 5, year: 2026, audience: "committee" },
        user: USER,
        ...at("2026-05-27T01:00:00Z"),
      },
      { refDate: "2026-05-30", branchId: null, ...asUser },
    ),
    { action: "send", daysLeft: 3, ...toUser },
  ],
  [
    "deadline removed",
    input("deadline_notice", {}, { refDate: "2026-05-30" }),
    withdraw(REASON.deadlineGone),
  ],
  [
    "deadline moved to another day",
    input(
      "deadline_notice",
      { deadline: { day: 31, month: 5, year: null, audience: "branch" } },
      { refDate: "2026-05-30" },
    ),
    withdraw(REASON.deadlineMoved),
  ],
  [
    "deadline moved to another year",
    input(
      "deadline_notice",
      { deadline: { day: 30, month: 5, year: 2027, audience: "branch" } },
      { refDate: "2026-05-30" },
    ),
    withdraw(REASON.deadlineMoved),
  ],
  [
    "deadline now for the committee, row for a branch",
    input(
      "deadline_notice",
      { deadline: { day: 30, month: 5, year: null, audience: "committee" } },
      { refDate: "2026-05-30" },
    ),
    withdraw(REASON.deadlineAudience),
  ],
  [
    "deadline day over",
    input(
      "deadline_notice",
      {
        deadline: { day: 30, month: 5, year: null, audience: "branch" },
        branch: { timezone: ZONE },
        ...at("2026-05-30T17:00:00Z"),
      },
      { refDate: "2026-05-30" },
    ),
    withdraw(REASON.deadlinePast),
  ],
];

describe("decideReminder", () => {
  it.each(cases)("%s", (_name, given, expected) => {
    expect(decideReminder(given)).toMatchObject(expected);
  });

  it("reads slot times through the clock it is given (the sender's per-batch memo)", () => {
    const seen: string[] = [];
    const clock = (date: string, slot: string, zone: string) => {
      seen.push(slot);
      return slotDue(date, slot, zone);
    };
    const d = decideReminder(
      input("meeting_reminder", {
        ...at("2026-05-15T02:00:00Z"),
        siblings: [{ id: "later", slot: "0d@07:00", state: "queued" }],
      }),
      clock,
    );
    expect(d).toEqual(withdraw(REASON.laterReminderDue));
    expect(seen).toEqual(["3d@07:00", "3d@07:00", "0d@07:00"]);
  });

  it("a peak notice carries the anniversary as it stands", () => {
    const d = decideReminder(
      input("peak_notice", { peak: BIRTHDAY, branch: { timezone: ZONE } }, { refDate: "2026-05-19" }),
    );
    expect(d.action === "send" && d.peak?.text).toBe(
      "kỷ niệm 136 năm Ngày sinh Chủ tịch Hồ Chí Minh (19/05/1890 - 19/05/2026)",
    );
  });
});

describe("the relay's answer to a send", () => {
  const at = (command: string, responseCode: number, response: string) => ({
    command,
    responseCode,
    response,
  });
  it.each([
    [{ code: "ECONNECTION", message: "connect ECONNREFUSED" }, "temporary"],
    [at("DATA", 451, "451 4.3.0 Try again later"), "temporary"],
    [at("RCPT TO", 450, "450 4.2.1 Mailbox busy"), "temporary"],
    [at("RCPT TO", 550, "550 5.1.1 No such user"), "recipient"],
    [at("RCPT TO", 550, "550 5.7.1 Relaying denied"), "recipient"],
    [at("DATA", 550, "550 5.1.1 Mailbox unavailable"), "recipient"],
    [at("DATA", 552, "552 5.2.2 Mailbox full"), "recipient"],
    [at("DATA", 550, "550 5.7.1 Client host blocked"), "relay"],
    [at("DATA", 554, "554 Transaction failed"), "relay"],
    [at("MAIL FROM", 550, "550 5.1.8 Bad sender domain"), "relay"],
    [at("CONN", 554, "554 5.7.1 No service for you"), "relay"],
    [at("AUTH PLAIN", 535, "535 5.7.8 Authentication failed"), "relay"],
  ])("%o is %s", (err, scope) => {
    expect(classifyRefusal(err).scope).toBe(scope);
  });

  it("records where a recipient was refused and the status that identifies the refusal", () => {
    expect(classifyRefusal(at("RCPT TO", 550, "550 5.7.1 Relaying denied"))).toEqual({
      scope: "recipient",
      response: "RCPT TO: 550 5.7.1 Relaying denied",
      status: "550 5.7.1",
    });
  });

  it("backs off 15 minutes, an hour, then six hours after a relay-wide refusal", () => {
    expect([1, 2, 3, 4, 9].map(relayBackoffMs)).toEqual([
      15 * 60_000,
      3600_000,
      6 * 3600_000,
      6 * 3600_000,
      6 * 3600_000,
    ]);
  });

  it("the same recipient refusal for three different addresses in a row is the relay's", () => {
    const denied = classifyRefusal(at("RCPT TO", 550, "550 5.7.1 Relaying denied"));
    const unknown = classifyRefusal(at("RCPT TO", 550, "550 5.1.1 No such user"));
    let s: RefusalStreaks = new Map();
    s = nextStreaks(s, denied, "a@x.vn");
    s = nextStreaks(s, unknown, "b@x.vn");
    s = nextStreaks(s, denied, "a@x.vn");
    s = nextStreaks(s, denied, "c@x.vn");
    expect(isRelayWide(s, denied.status)).toBe(false);
    s = nextStreaks(s, denied, "d@x.vn");
    expect(isRelayWide(s, denied.status)).toBe(true);
    expect(isRelayWide(s, unknown.status)).toBe(false);
    // An accepted message ends every streak.
    s = nextStreaks(s, null, "e@x.vn");
    expect(isRelayWide(s, denied.status)).toBe(false);
    s = nextStreaks(s, denied, "f@x.vn");
    expect(s.get(denied.status)).toEqual(["f@x.vn"]);
  });

  it("explains a failure to the secretary", () => {
    expect(failureReason("RCPT TO: 550 5.7.1 Relaying denied")).toBe("Máy chủ thư từ chối địa chỉ email này");
    expect(failureReason("550 5.1.1 Mailbox unavailable")).toBe("Máy chủ thư từ chối địa chỉ email này");
    expect(failureReason("550 5.7.1 Client host blocked")).toBe("Máy chủ thư từ chối gửi sau nhiều lần thử");
    expect(failureReason("ECONNECTION: connect ECONNREFUSED")).toBe("Không gửi được sau nhiều lần thử");
  });
});
