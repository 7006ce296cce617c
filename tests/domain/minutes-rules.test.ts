import { describe, expect, it } from "vitest";
import {
  ABSENCE_FLAG_THRESHOLD,
  type AbsenceMark,
  countsTowardFlag,
  dueDate,
  flaggedInYear,
  isLate,
  minimumPresent,
  minutesStanding,
  reachesQuorum,
} from "../../src/domain/minutes-rules.ts";

describe("quorum", () => {
  it("reads a share of 0.667 as two thirds", () => {
    expect(reachesQuorum(6, 9, 0.667)).toBe(true);
    expect(reachesQuorum(5, 9, 0.667)).toBe(false);
    expect(minimumPresent(9, 0.667)).toBe(6);
    expect(reachesQuorum(0, 0, 0.5)).toBe(false);
  });
});

describe("the three-absence flag", () => {
  const mark = (date: string, over: Partial<AbsenceMark> = {}): AbsenceMark => ({
    memberId: "an",
    date,
    meetingStatus: "held",
    expected: true,
    status: "absent_unexcused",
    ...over,
  });

  it("counts an expected member's unexcused absence from a meeting that was not cancelled", () => {
    expect(countsTowardFlag(mark("2026-01-06"))).toBe(true);
    expect(countsTowardFlag(mark("2026-01-06", { meetingStatus: "planned" }))).toBe(true);
    expect(countsTowardFlag(mark("2026-01-06", { meetingStatus: "cancelled" }))).toBe(false);
    expect(countsTowardFlag(mark("2026-01-06", { expected: false }))).toBe(false);
    expect(countsTowardFlag(mark("2026-01-06", { status: "absent_excused" }))).toBe(false);
    expect(countsTowardFlag(mark("2026-01-06", { status: "present" }))).toBe(false);
  });

  it("flags three within one calendar year, not across the new year", () => {
    expect(ABSENCE_FLAG_THRESHOLD).toBe(3);
    const across = [mark("2025-11-05"), mark("2025-12-05"), mark("2026-01-06")];
    expect(flaggedInYear(across, 2025).size).toBe(0);
    expect(flaggedInYear(across, 2026).size).toBe(0);
    const within = [
      mark("2026-06-05"),
      mark("2026-01-06"),
      mark("2026-04-07"),
      mark("2026-05-05", { memberId: "binh" }),
    ];
    expect([...flaggedInYear(within, 2026)]).toEqual([["an", ["2026-01-06", "2026-04-07", "2026-06-05"]]]);
  });
});

describe("minutes lateness", () => {
  it("is due the meeting's date plus the due days, across months and leap days", () => {
    expect(dueDate("2026-05-05", 7)).toBe("2026-05-12");
    expect(dueDate("2028-02-25", 7)).toBe("2028-03-03");
    expect(dueDate("2026-12-28", 7)).toBe("2027-01-04");
  });

  it("compares the submission's civil date in the branch's zone with the due date", () => {
    const zone = "Asia/Ho_Chi_Minh";
    // 23:59 on the 13th in Hà Nội is the 13th; one minute later is the 14th.
    expect(
      minutesStanding("2026-01-13", new Date("2026-01-13T16:59:00Z"), new Date("2026-02-01"), zone),
    ).toBe("on_time");
    expect(
      minutesStanding("2026-01-13", new Date("2026-01-13T17:00:00Z"), new Date("2026-02-01"), zone),
    ).toBe("late");
    expect(minutesStanding("2026-01-13", null, new Date("2026-01-13T16:59:00Z"), zone)).toBe("pending");
    expect(minutesStanding("2026-01-13", null, new Date("2026-01-13T17:00:00Z"), zone)).toBe("late");
    expect(isLate("2026-01-13", null, new Date("2026-01-13T17:00:00Z"), zone)).toBe(true);
    expect(isLate("2026-01-13", new Date("2026-01-13T16:00:00Z"), new Date("2026-03-01"), zone)).toBe(false);
  });
});
