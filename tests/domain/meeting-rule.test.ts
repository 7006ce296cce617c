import { DateTime } from "luxon";
import { describe, expect, it } from "vitest";
import {
  type DayRule,
  describeRule,
  type MeetingRule,
  meetingDate,
  meetingInterval,
  monthsBetween,
  nominalDate,
  validateRule,
} from "../../src/domain/meeting-rule.ts";

/** Monday to Friday, minus the listed holidays. */
function workingDays(holidays: string[] = []): (date: string) => boolean {
  const off = new Set(holidays);
  return (date) => DateTime.fromISO(date).weekday <= 5 && !off.has(date);
}

const HOLIDAYS_2026 = ["2026-04-30", "2026-05-01", "2026-09-01", "2026-09-02"];
const day = (d: number): DayRule => ({ kind: "day_of_month", day: d });
const weekday = (w: number, nth: 1 | 2 | 3 | 4 | 5 | -1): DayRule => ({ kind: "weekday", weekday: w, nth });

describe("nominalDate", () => {
  it("takes the day of the month as it is when the month has it", () => {
    expect(nominalDate(day(5), "2026-03")).toBe("2026-03-05");
    expect(nominalDate(day(31), "2026-01")).toBe("2026-01-31");
  });

  it("puts a day past the month's end on the last day: February, leap February, April", () => {
    expect(nominalDate(day(31), "2026-02")).toBe("2026-02-28");
    expect(nominalDate(day(30), "2026-02")).toBe("2026-02-28");
    expect(nominalDate(day(31), "2028-02")).toBe("2028-02-29");
    expect(nominalDate(day(29), "2028-02")).toBe("2028-02-29");
    expect(nominalDate(day(31), "2026-04")).toBe("2026-04-30");
  });

  it("finds the last Friday of the month", () => {
    expect(nominalDate(weekday(5, -1), "2026-01")).toBe("2026-01-30"); // 31/01 is a Saturday
    expect(nominalDate(weekday(5, -1), "2026-07")).toBe("2026-07-31"); // 31/07 is itself a Friday
  });

  it("finds the nth weekday, with a missing 5th meaning the last", () => {
    expect(nominalDate(weekday(1, 1), "2026-03")).toBe("2026-03-02");
    expect(nominalDate(weekday(3, 2), "2026-03")).toBe("2026-03-11");
    expect(nominalDate(weekday(7, 1), "2026-03")).toBe("2026-03-01"); // the month starts on a Sunday
    expect(nominalDate(weekday(1, 5), "2026-03")).toBe("2026-03-30"); // March 2026 has five Mondays
    expect(nominalDate(weekday(1, 5), "2026-02")).toBe("2026-02-23"); // February 2026 has four
  });

  it("rejects a malformed month or an impossible rule", () => {
    expect(() => nominalDate(day(5), "2026-13")).toThrow(RangeError);
    expect(() => nominalDate(day(5), "2026-3")).toThrow(RangeError);
    expect(() => nominalDate(day(0), "2026-03")).toThrow(RangeError);
    expect(() => nominalDate(day(32), "2026-03")).toThrow(RangeError);
    expect(() => nominalDate(weekday(8, 1), "2026-03")).toThrow(RangeError);
  });
});

describe("meetingDate", () => {
  const weekdaysOnly = workingDays();

  it("keeps a working day as it is", () => {
    expect(meetingDate({ day: day(5), shift: "next" }, "2026-03", weekdaysOnly)).toEqual({
      date: "2026-03-05",
      nominal: "2026-03-05",
      shifted: false,
    });
  });

  it("moves a Saturday to the Monday after with 'next'", () => {
    expect(meetingDate({ day: day(7), shift: "next" }, "2026-03", weekdaysOnly)).toEqual({
      date: "2026-03-09",
      nominal: "2026-03-07",
      shifted: true,
    });
  });

  it("moves a Saturday to the Friday before with 'previous'", () => {
    expect(meetingDate({ day: day(7), shift: "previous" }, "2026-03", weekdaysOnly).date).toBe("2026-03-06");
  });

  it("keeps a Saturday with 'keep'", () => {
    expect(meetingDate({ day: day(7), shift: "keep" }, "2026-03", weekdaysOnly)).toEqual({
      date: "2026-03-07",
      nominal: "2026-03-07",
      shifted: false,
    });
  });

  it("never leaves the month: Sunday 31/05 whose next working day is in June goes back to Friday 29/05", () => {
    expect(meetingDate({ day: day(31), shift: "next" }, "2026-05", weekdaysOnly)).toEqual({
      date: "2026-05-29",
      nominal: "2026-05-31",
      shifted: true,
    });
  });

  it("never leaves the month: day 31 in February 2026 is Saturday 28/02, so Friday 27/02", () => {
    expect(meetingDate({ day: day(31), shift: "next" }, "2026-02", weekdaysOnly).date).toBe("2026-02-27");
  });

  it("never leaves the month: 'previous' on Sunday 01/02 moves forward to Monday 02/02", () => {
    expect(meetingDate({ day: day(1), shift: "previous" }, "2026-02", weekdaysOnly)).toEqual({
      date: "2026-02-02",
      nominal: "2026-02-01",
      shifted: true,
    });
  });

  it("treats holidays as non-working days: 2/9 and the day next to it", () => {
    const isWorking = workingDays(HOLIDAYS_2026);
    expect(meetingDate({ day: day(1), shift: "next" }, "2026-09", isWorking).date).toBe("2026-09-03");
    // 01/09 is a holiday, 31/08 is in August: forward over 02/09 to Thursday 03/09
    expect(meetingDate({ day: day(2), shift: "previous" }, "2026-09", isWorking).date).toBe("2026-09-03");
    // without the holidays the same rule stays on Wednesday 02/09
    expect(meetingDate({ day: day(2), shift: "previous" }, "2026-09", weekdaysOnly).date).toBe("2026-09-02");
  });

  it("treats holidays as non-working days: 30/4 and 1/5", () => {
    const isWorking = workingDays(HOLIDAYS_2026);
    // day 31 of April is Thursday 30/04, a holiday; the next working day is in May, so Wednesday 29/04
    expect(meetingDate({ day: day(31), shift: "next" }, "2026-04", isWorking)).toEqual({
      date: "2026-04-29",
      nominal: "2026-04-30",
      shifted: true,
    });
    // Friday 01/05 is a holiday; the previous working day is in April, so Monday 04/05 after the weekend
    expect(meetingDate({ day: day(1), shift: "previous" }, "2026-05", isWorking).date).toBe("2026-05-04");
    // the last Friday of April 2026 is 24/04, a working day: the holidays do not touch it
    expect(meetingDate({ day: weekday(5, -1), shift: "next" }, "2026-04", isWorking).date).toBe("2026-04-24");
  });

  it("shifts a weekday rule that lands on a holiday", () => {
    const isWorking = workingDays(HOLIDAYS_2026);
    // the first Tuesday of September 2026 is 01/09
    expect(meetingDate({ day: weekday(2, 1), shift: "next" }, "2026-09", isWorking)).toEqual({
      date: "2026-09-03",
      nominal: "2026-09-01",
      shifted: true,
    });
  });

  it("keeps the nominal date when the month has no working day at all", () => {
    expect(meetingDate({ day: day(15), shift: "next" }, "2026-06", () => false)).toEqual({
      date: "2026-06-15",
      nominal: "2026-06-15",
      shifted: false,
    });
    expect(meetingDate({ day: day(15), shift: "previous" }, "2026-06", () => false).date).toBe("2026-06-15");
  });

  it("asks the calendar only about days inside the month", () => {
    const asked: string[] = [];
    meetingDate({ day: day(31), shift: "next" }, "2026-05", (d) => {
      asked.push(d);
      return workingDays()(d);
    });
    expect(asked.every((d) => d.startsWith("2026-05-"))).toBe(true);
  });
});

describe("meetingInterval", () => {
  it("places a meeting in Asia/Ho_Chi_Minh at UTC+7", () => {
    const { start, end } = meetingInterval("2026-05-19", "14:00", 120, "Asia/Ho_Chi_Minh");
    expect(start.toUTC().toISO()).toBe("2026-05-19T07:00:00.000Z");
    expect(end.toUTC().toISO()).toBe("2026-05-19T09:00:00.000Z");
    expect(start.zoneName).toBe("Asia/Ho_Chi_Minh");
    expect(start.toFormat("HH:mm")).toBe("14:00");
    expect(end.toFormat("HH:mm")).toBe("16:00");
  });

  it("follows Europe/Berlin's daylight saving: the same 14:00 is 13:00Z before and 12:00Z after", () => {
    expect(meetingInterval("2026-03-27", "14:00", 90, "Europe/Berlin").start.toUTC().toISO()).toBe(
      "2026-03-27T13:00:00.000Z",
    );
    expect(meetingInterval("2026-03-30", "14:00", 90, "Europe/Berlin").start.toUTC().toISO()).toBe(
      "2026-03-30T12:00:00.000Z",
    );
  });

  it("counts elapsed minutes for a meeting across the autumn change", () => {
    // 25/10/2026 at 03:00 CEST the clocks go back to 02:00 CET
    const { start, end } = meetingInterval("2026-10-25", "01:30", 120, "Europe/Berlin");
    expect(start.toUTC().toISO()).toBe("2026-10-24T23:30:00.000Z");
    expect(end.toUTC().toISO()).toBe("2026-10-25T01:30:00.000Z");
    expect(end.diff(start, "minutes").minutes).toBe(120);
    expect(end.toFormat("HH:mm")).toBe("02:30"); // only one hour later on the wall clock
  });

  it("moves a start time in the spring gap forward", () => {
    const { start } = meetingInterval("2026-03-29", "02:30", 60, "Europe/Berlin");
    expect(start.toFormat("HH:mm")).toBe("03:30");
    expect(start.toUTC().toISO()).toBe("2026-03-29T01:30:00.000Z");
  });

  it("rejects a bad time, date or zone", () => {
    expect(() => meetingInterval("2026-05-19", "25:00", 60, "Asia/Ho_Chi_Minh")).toThrow(RangeError);
    expect(() => meetingInterval("2026-02-30", "14:00", 60, "Asia/Ho_Chi_Minh")).toThrow(RangeError);
    expect(() => meetingInterval("2026-05-19", "14:00", 60, "Mars/Olympus")).toThrow(RangeError);
  });
});

describe("monthsBetween", () => {
  it("lists the months inclusively across years", () => {
    expect(monthsBetween("2025-11", "2026-02")).toEqual(["2025-11", "2025-12", "2026-01", "2026-02"]);
    expect(monthsBetween("2023-05", "2025-11")).toHaveLength(31);
    expect(monthsBetween("2026-03", "2026-03")).toEqual(["2026-03"]);
  });

  it("throws RangeError when the last month is before the first, or a month is malformed", () => {
    expect(() => monthsBetween("2026-02", "2025-12")).toThrow(RangeError);
    expect(() => monthsBetween("2026-00", "2026-02")).toThrow(RangeError);
  });
});

const rule = (over: Partial<MeetingRule> = {}): MeetingRule => ({
  day: day(5),
  startTime: "14:00",
  durationMinutes: 120,
  shift: "next",
  ...over,
});

describe("describeRule", () => {
  it("describes a day-of-month rule", () => {
    expect(describeRule(rule())).toBe(
      "ngày 5 hằng tháng, lúc 14:00 (120 phút); ngày nghỉ thì dời sang ngày làm việc kế tiếp",
    );
  });

  it("describes the last Friday and the other shift policies", () => {
    expect(describeRule(rule({ day: weekday(5, -1), startTime: "07:30", shift: "previous" }))).toBe(
      "Thứ Sáu cuối cùng của tháng, lúc 07:30 (120 phút); ngày nghỉ thì dời về ngày làm việc liền trước",
    );
    expect(describeRule(rule({ day: weekday(1, 1), durationMinutes: 90, shift: "keep" }))).toBe(
      "Thứ Hai đầu tiên của tháng, lúc 14:00 (90 phút); ngày nghỉ vẫn giữ nguyên ngày",
    );
  });

  it("says what happens when the month is too short for the rule", () => {
    expect(describeRule(rule({ day: day(31) }))).toContain("tháng không có ngày này thì họp ngày cuối tháng");
    expect(describeRule(rule({ day: weekday(7, 5) }))).toContain(
      "Chủ nhật thứ 5 của tháng (tháng không có thì họp Chủ nhật cuối cùng)",
    );
  });
});

describe("validateRule", () => {
  it("accepts a valid rule", () => {
    expect(validateRule(rule())).toEqual([]);
    expect(validateRule(rule({ day: weekday(7, -1), startTime: "00:00", durationMinutes: 15 }))).toEqual([]);
    expect(validateRule(rule({ startTime: "08:00", durationMinutes: 720 }))).toEqual([]);
  });

  it("reports each bad field", () => {
    const fields = (r: MeetingRule) => validateRule(r).map((p) => p.field);
    expect(fields(rule({ day: day(0) }))).toEqual(["day.day"]);
    expect(fields(rule({ day: day(32) }))).toEqual(["day.day"]);
    expect(fields(rule({ day: day(2.5) }))).toEqual(["day.day"]);
    expect(fields(rule({ day: { kind: "weekday", weekday: 0, nth: 1 } }))).toEqual(["day.weekday"]);
    expect(fields(rule({ day: { kind: "weekday", weekday: 3, nth: 6 as 5 } }))).toEqual(["day.nth"]);
    expect(fields(rule({ startTime: "24:00" }))).toEqual(["startTime"]);
    expect(fields(rule({ startTime: "9:00" }))).toEqual(["startTime"]);
    expect(fields(rule({ durationMinutes: 14 }))).toEqual(["durationMinutes"]);
    expect(fields(rule({ durationMinutes: 721 }))).toEqual(["durationMinutes"]);
    expect(fields(rule({ shift: "later" as "next" }))).toEqual(["shift"]);
  });

  it("gives Vietnamese reasons", () => {
    const [problem] = validateRule(rule({ durationMinutes: 5 }));
    expect(problem?.reason).toBe("Thời lượng phải là số phút nguyên từ 15 đến 720.");
  });

  it("rejects a meeting running past midnight", () => {
    expect(validateRule(rule({ startTime: "23:00", durationMinutes: 120 }))).toEqual([
      { field: "durationMinutes", reason: "Buổi sinh hoạt không được kéo dài qua nửa đêm." },
    ]);
  });
});
