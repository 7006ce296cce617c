import { DateTime } from "luxon";
import { describe, expect, it } from "vitest";
import { buildInvite, type TimedEvent } from "../../src/domain/ical.ts";
import { inviteTemplate } from "../../src/reminders/invite-template.ts";

const start = DateTime.fromISO("2026-05-15T14:00", { zone: "Asia/Ho_Chi_Minh" });
const event: TimedEvent = {
  kind: "timed",
  uid: "meeting-1@chibo",
  sequence: 2,
  lastModified: DateTime.fromISO("2026-05-01T00:00:00Z"),
  start,
  end: start.plus({ hours: 2 }),
  timezone: "Asia/Ho_Chi_Minh",
  summary: "★ Sinh hoạt chi bộ tháng 5/2026: Xây dựng & chỉnh đốn Đảng",
  description: "Dòng một\nDòng hai, có dấu phẩy; và chấm phẩy",
  location: "Nhà văn hóa tổ 5",
  url: "https://chibo.test/meetings/1",
  cancelled: false,
  alarmMinutesBefore: 60,
};
const organizer = { name: "Nguyễn Thị Hằng", email: "hang@example.vn", sentBy: "no-reply@chibo.test" };
const stamp = DateTime.fromISO("2026-05-12T00:00:00Z");

describe("the invite template gives each attendee exactly what buildInvite gives", () => {
  for (const method of ["REQUEST", "CANCEL"] as const) {
    it(`METHOD:${method}`, () => {
      const forAttendee = inviteTemplate({ method, event, organizer, stamp, rsvp: true });
      for (const attendee of [
        { name: "Nguyễn Thị Hằng", email: "hang@example.vn" },
        { name: 'Trần "Đức", ; x', email: "duc+chibo@example.vn" },
        {
          name: "Một cái tên rất dài của một đảng viên có tên dài lắm lắm lắm lắm",
          email: "rat.dai.dai.dai@mot-ten-mien-rat-dai.example.vn",
        },
        { name: "  ", email: "blank@example.vn" },
      ]) {
        expect(forAttendee(attendee)).toBe(
          buildInvite({ method, event, organizer, stamp, rsvp: true, attendee }),
        );
      }
    });
  }
});
