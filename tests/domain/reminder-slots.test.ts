import { describe, expect, it } from "vitest";
import { activeOn, type PersonRow, remindable, secretariesOf } from "../../src/domain/reminder-recipients.ts";
import {
  campaignSpan,
  deadlineDates,
  deadlineSlots,
  localAt,
  meetingReminderSlots,
  minutesSlots,
  parseSlot,
  peakNoticeDue,
  pickSlots,
  planningWindow,
  secretaryPrepareSlot,
  slotDue,
  slotOf,
} from "../../src/domain/reminder-slots.ts";

const HCM = "Asia/Ho_Chi_Minh";
const utc = (iso: string) => new Date(iso);
/** Friday 15/5/2026, 14:00 in Hồ Chí Minh City. */
const MEETING = { date: "2026-05-15", timezone: HCM, startAt: utc("2026-05-15T07:00:00Z") };

describe("slots", () => {
  it("write and read back", () => {
    expect(slotOf(3, "07:00")).toBe("3d@07:00");
    expect(parseSlot("3d@07:00")).toEqual({ days: 3, at: "07:00" });
    expect(parseSlot("-4d@07:00")).toEqual({ days: -4, at: "07:00" });
    expect(parseSlot("r2")).toBeNull();
    expect(slotDue("2026-05-15", "r2", HCM)).toBeNull();
  });

  it("fall at local time in the branch's zone, before (or after, when negative) the date", () => {
    expect(localAt("2026-05-15", 3, "07:00", HCM)).toEqual(utc("2026-05-12T00:00:00Z"));
    expect(slotDue("2026-05-15", "-1d@07:00", HCM)).toEqual(utc("2026-05-16T00:00:00Z"));
    expect(slotDue("2026-05-15", "0d@19:30", "Europe/Berlin")).toEqual(utc("2026-05-15T17:30:00Z"));
  });

  it("after an outage, only the latest missed slot is kept with those ahead; none at or after `before`", () => {
    const s = (slot: string, iso: string) => ({ slot, due: utc(iso) });
    const all = [s("a", "2026-05-01T00:00Z"), s("b", "2026-05-03T00:00Z"), s("c", "2026-05-09T00:00Z")];
    expect(pickSlots(all, utc("2026-05-04T00:00Z")).map((x) => x.slot)).toEqual(["b", "c"]);
    expect(pickSlots(all, utc("2026-04-01T00:00Z")).map((x) => x.slot)).toEqual(["a", "b", "c"]);
    expect(pickSlots(all, utc("2026-04-01T00:00Z"), utc("2026-05-09T00:00Z")).map((x) => x.slot)).toEqual([
      "a",
      "b",
    ]);
  });
});

describe("when each kind falls due", () => {
  it("member reminders: three days before and the morning of, unless the campaign sets its own", () => {
    const now = utc("2026-05-01T00:00:00Z");
    expect(meetingReminderSlots(MEETING, null, now)).toEqual([
      { slot: "3d@07:00", due: utc("2026-05-12T00:00:00Z") },
      { slot: "0d@07:00", due: utc("2026-05-15T00:00:00Z") },
    ]);
    expect(meetingReminderSlots(MEETING, [], now).length).toBe(2);
    expect(meetingReminderSlots(MEETING, [{ days: 1, at: "18:00" }], now)).toEqual([
      { slot: "1d@18:00", due: utc("2026-05-14T11:00:00Z") },
    ]);
  });

  it("member reminders: none at or after the start (an evening offset on the day of an afternoon meeting)", () => {
    const late = meetingReminderSlots(MEETING, [{ days: 0, at: "15:00" }], utc("2026-05-01T00:00:00Z"));
    expect(late).toEqual([]);
  });

  it("member reminders: planned late, the missed one goes at once and the next still waits", () => {
    const slots = meetingReminderSlots(MEETING, null, utc("2026-05-13T00:00:00Z"));
    expect(slots.map((s) => s.slot)).toEqual(["3d@07:00", "0d@07:00"]);
    const later = meetingReminderSlots(MEETING, null, utc("2026-05-15T01:00:00Z"));
    expect(later.map((s) => s.slot)).toEqual(["0d@07:00"]);
  });

  it("the secretary prepares a week before and files the minutes the day after, then three days later", () => {
    expect(secretaryPrepareSlot(MEETING)).toEqual({ slot: "7d@07:00", due: utc("2026-05-08T00:00:00Z") });
    expect(minutesSlots(MEETING, utc("2026-05-15T08:00:00Z"))).toEqual([
      { slot: "-1d@07:00", due: utc("2026-05-16T00:00:00Z") },
      { slot: "-4d@07:00", due: utc("2026-05-19T00:00:00Z") },
    ]);
    expect(minutesSlots(MEETING, utc("2026-05-25T00:00:00Z")).map((s) => s.slot)).toEqual(["-4d@07:00"]);
  });

  it("deadlines: 14 and 3 days before at 07:00, nothing once the day has ended", () => {
    expect(deadlineSlots("2026-06-30", HCM, utc("2026-06-01T00:00:00Z"))).toEqual([
      { slot: "14d@07:00", due: utc("2026-06-16T00:00:00Z") },
      { slot: "3d@07:00", due: utc("2026-06-27T00:00:00Z") },
    ]);
    expect(deadlineSlots("2026-06-30", HCM, utc("2026-06-28T00:00:00Z")).map((s) => s.slot)).toEqual([
      "3d@07:00",
    ]);
    expect(deadlineSlots("2026-06-30", HCM, utc("2026-06-30T17:00:00Z"))).toEqual([]);
  });

  it("peaks: a week before, none once the anniversary has begun in the branch's zone", () => {
    expect(peakNoticeDue("2026-05-19", HCM, utc("2026-05-12T01:00:00Z"))).toEqual(
      utc("2026-05-12T00:00:00Z"),
    );
    expect(peakNoticeDue("2026-05-19", HCM, utc("2026-05-18T17:00:00Z"))).toBeNull();
  });
});

describe("the planning window and campaign dates", () => {
  it("runs from yesterday in the home zone, peaks 8 days ahead, deadlines 15", () => {
    // 23:30 UTC on 30/4 is already 1/5 in Hồ Chí Minh City.
    expect(planningWindow(utc("2026-04-30T23:30:00Z"))).toEqual({
      from: "2026-04-30",
      peaksUntil: "2026-05-09",
      deadlinesUntil: "2026-05-16",
    });
  });

  it("a campaign spans its first month's first day to its last month's last day", () => {
    expect(campaignSpan("2026-01-01", "2027-02-01")).toEqual({ from: "2026-01-01", to: "2027-02-28" });
  });

  it("a deadline without a year recurs each campaign year; a dated one does not; 29/2 only in leap years", () => {
    const span = { from: "2026-01-01", to: "2028-12-31" };
    expect(deadlineDates({ day: 30, month: 6, year: null }, span, "2026-01-01", "2028-12-31")).toEqual([
      "2026-06-30",
      "2027-06-30",
      "2028-06-30",
    ]);
    expect(deadlineDates({ day: 30, month: 6, year: 2027 }, span, "2026-01-01", "2028-12-31")).toEqual([
      "2027-06-30",
    ]);
    expect(deadlineDates({ day: 29, month: 2, year: null }, span, "2026-01-01", "2028-12-31")).toEqual([
      "2028-02-29",
    ]);
    expect(deadlineDates({ day: 30, month: 6, year: null }, span, "2026-07-01", "2027-07-01")).toEqual([
      "2027-06-30",
    ]);
    // A one-off deadline after the campaign's last month (a final report) is kept, as the feed keeps it.
    expect(deadlineDates({ day: 30, month: 6, year: 2029 }, span, "2026-01-01", "2030-01-01")).toEqual([
      "2029-06-30",
    ]);
    expect(deadlineDates({ day: 30, month: 6, year: 2029 }, span, "2026-01-01", "2029-06-29")).toEqual([]);
  });
});

describe("recipients", () => {
  const person = (over: Partial<PersonRow>): PersonRow => ({
    id: "m1",
    branchId: "b1",
    fullName: "Nguyễn Văn An",
    email: "an@example.vn",
    role: "member",
    joinedOn: null,
    leftOn: null,
    remindersOptedOutAt: null,
    ...over,
  });

  it("a member belongs to the branch from the day they join until the day they leave", () => {
    expect(activeOn(person({ joinedOn: "2026-05-15" }), "2026-05-15")).toBe(true);
    expect(activeOn(person({ joinedOn: "2026-05-16" }), "2026-05-15")).toBe(false);
    expect(activeOn(person({ leftOn: "2026-05-15" }), "2026-05-15")).toBe(false);
    expect(activeOn(person({ leftOn: "2026-05-16" }), "2026-05-15")).toBe(true);
  });

  it("optional reminders go to members of the branch with an address who did not opt out", () => {
    expect(remindable(person({}), "b1", "2026-05-15")).toBe(true);
    expect(remindable(person({ branchId: "b2" }), "b1", "2026-05-15")).toBe(false);
    expect(remindable(person({ email: null }), "b1", "2026-05-15")).toBe(false);
    expect(remindable(person({ remindersOptedOutAt: new Date(0) }), "b1", "2026-05-15")).toBe(false);
  });

  it("secretaries: secretary members, then secretary accounts not already reached by address or member", () => {
    const people = [
      person({ id: "s1", role: "secretary", email: "Bi.Thu@example.vn" }),
      person({ id: "s2", role: "secretary", email: null }),
      person({ id: "m2" }),
    ];
    const accounts = [
      { id: "u1", email: "bi.thu@example.vn", branchId: "b1", memberId: null },
      { id: "u2", email: "other@example.vn", branchId: "b1", memberId: "s1" },
      { id: "u3", email: "pho@example.vn", branchId: "b1", memberId: null },
      { id: "u4", email: "elsewhere@example.vn", branchId: "b2", memberId: null },
    ];
    expect(secretariesOf("b1", "2026-05-15", people, accounts)).toEqual([
      { key: "m-s1", memberId: "s1", userId: null, email: "Bi.Thu@example.vn" },
      { key: "u-u3", memberId: null, userId: "u3", email: "pho@example.vn" },
    ]);
  });
});
