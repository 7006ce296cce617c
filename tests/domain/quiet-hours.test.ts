/**
 * No mail in the night: between 21:00 and 06:00 in the branch's zone a message waits until 06:00 there,
 * unless its meeting starts (still ahead) before 09:00 that morning. A table across zones, then the send
 * decision using it.
 */
import { DateTime } from "luxon";
import { describe, expect, it } from "vitest";
import { quietUntil } from "../../src/domain/quiet-hours.ts";
import { decideReminder, type MeetingState } from "../../src/domain/reminder-decision.ts";

const at = (local: string, zone: string) => DateTime.fromISO(local, { zone }).toJSDate();
const iso = (d: Date | null, zone: string) =>
  d ? DateTime.fromJSDate(d, { zone }).toFormat("yyyy-MM-dd'T'HH:mm") : null;

// [zone, local time now, local meeting start or null, expected local wake time or null (send now)]
const table: [string, string, string | null, string | null][] = [
  ["Asia/Ho_Chi_Minh", "2026-05-12T03:06", null, "2026-05-12T06:00"],
  ["Asia/Ho_Chi_Minh", "2026-05-12T21:00", null, "2026-05-13T06:00"],
  ["Asia/Ho_Chi_Minh", "2026-05-12T20:59", null, null],
  ["Asia/Ho_Chi_Minh", "2026-05-12T06:00", null, null],
  ["Asia/Ho_Chi_Minh", "2026-05-12T05:59", null, "2026-05-12T06:00"],
  ["Asia/Ho_Chi_Minh", "2026-05-12T23:30", "2026-05-15T14:00", "2026-05-13T06:00"],
  // The meeting starts early the next morning: the mail goes now.
  ["Asia/Ho_Chi_Minh", "2026-05-12T23:30", "2026-05-13T07:30", null],
  ["Asia/Ho_Chi_Minh", "2026-05-13T02:00", "2026-05-13T08:59", null],
  ["Asia/Ho_Chi_Minh", "2026-05-13T02:00", "2026-05-13T09:00", "2026-05-13T06:00"],
  // Early, but another day: it waits.
  ["Asia/Ho_Chi_Minh", "2026-05-12T23:30", "2026-05-14T07:30", "2026-05-13T06:00"],
  // A meeting already over (the minutes reminder) does not wake anybody.
  ["Asia/Ho_Chi_Minh", "2026-05-13T02:00", "2026-05-12T08:00", "2026-05-13T06:00"],
  // Other zones: their own night.
  ["Europe/Berlin", "2026-05-12T22:15", null, "2026-05-13T06:00"],
  ["Europe/Berlin", "2026-05-12T10:00", null, null],
  ["America/New_York", "2026-11-01T01:30", null, "2026-11-01T06:00"],
  ["Asia/Tokyo", "2026-05-12T05:00", "2026-05-12T07:00", null],
];

describe("quietUntil", () => {
  it.each(table)("%s at %s (meeting %s) → %s", (zone, now, start, wake) => {
    const got = quietUntil(at(now, zone), zone, start ? at(start, zone) : null);
    expect(iso(got, zone)).toBe(wake);
  });

  it("the same instant is night in Viet Nam and day in Berlin", () => {
    const now = new Date("2026-05-12T20:06:00Z"); // 03:06 in Viet Nam, 16:06 in New York
    expect(iso(quietUntil(now, "Asia/Ho_Chi_Minh"), "Asia/Ho_Chi_Minh")).toBe("2026-05-13T06:00");
    expect(quietUntil(now, "America/New_York")).toBeNull();
  });
});

describe("the send decision waits out the night", () => {
  const zone = "Asia/Ho_Chi_Minh";
  const meeting: MeetingState = {
    status: "planned",
    start: at("2026-05-15T14:00", zone),
    date: "2026-05-15",
    timezone: zone,
    revision: 1,
    minutesFiled: false,
  };
  const row = {
    id: "r",
    kind: "meeting_reminder" as const,
    slot: "3d@07:00",
    meetingId: "m",
    memberId: "x",
    userId: null,
    branchId: "b",
    refId: null,
    refDate: null,
  };
  const member = {
    fullName: "Nguyễn Văn An",
    email: "an@example.vn",
    leftOn: null,
    remindersOptedOutAt: null,
  };

  it("a late reminder at 03:06 Viet Nam time waits until 06:00 there", () => {
    const d = decideReminder({ now: at("2026-05-13T03:06", zone), row, meeting, member });
    expect(d).toEqual({ action: "wait", until: at("2026-05-13T06:00", zone) });
  });

  it("a cancellation at 23:00 for a meeting at 07:00 the next morning goes at once", () => {
    const early = { ...meeting, status: "cancelled" as const, start: at("2026-05-15T07:00", zone) };
    const d = decideReminder({
      now: at("2026-05-14T23:00", zone),
      row: { ...row, kind: "meeting_cancel", slot: "cancel" },
      meeting: early,
      member,
    });
    expect(d.action).toBe("send");
  });

  it("a branch abroad is judged in its own zone", () => {
    const berlin = { ...meeting, timezone: "Europe/Berlin" };
    // 03:06 in Viet Nam is 22:06 in Berlin the evening before: night there too; 13:00 is 08:00 there.
    expect(decideReminder({ now: at("2026-05-13T03:06", zone), row, meeting: berlin, member }).action).toBe(
      "wait",
    );
    expect(decideReminder({ now: at("2026-05-13T13:00", zone), row, meeting: berlin, member }).action).toBe(
      "send",
    );
  });
});
