import { describe, expect, it } from "vitest";
import {
  hasHappened,
  makeupRefusal,
  offMonthReasonNeeded,
  wasMissed,
} from "../../src/domain/meeting-changes.ts";
import { countdownText } from "../../src/domain/meeting-text.ts";
import { peaksReachingMonth } from "../../src/domain/peaks.ts";

const TODAY = "2026-05-20";

describe("a meeting's day", () => {
  it("has happened from its day on, unless cancelled", () => {
    expect(hasHappened({ status: "planned", date: "2026-05-20" }, TODAY)).toBe(true);
    expect(hasHappened({ status: "held", date: "2026-05-19" }, TODAY)).toBe(true);
    expect(hasHappened({ status: "planned", date: "2026-05-21" }, TODAY)).toBe(false);
    expect(hasHappened({ status: "cancelled", date: "2026-05-19" }, TODAY)).toBe(false);
  });

  it("was missed when it passed still planned", () => {
    expect(wasMissed({ status: "planned", date: "2026-05-19" }, TODAY)).toBe(true);
    expect(wasMissed({ status: "planned", date: "2026-05-20" }, TODAY)).toBe(false);
    expect(wasMissed({ status: "held", date: "2026-05-01" }, TODAY)).toBe(false);
  });
});

describe("a make-up meeting", () => {
  const m = { status: "cancelled" as const, date: "2026-05-25", makeupOf: null };
  it("may replace a cancelled meeting, or a missed one, once", () => {
    expect(makeupRefusal(m, TODAY, false)).toBeNull();
    expect(makeupRefusal({ ...m, status: "planned", date: "2026-05-10" }, TODAY, false)).toBeNull();
    expect(makeupRefusal(m, TODAY, true)).toBe("Buổi sinh hoạt này đã có buổi họp bù");
  });

  it("may not replace a meeting still ahead, one held, or a make-up", () => {
    expect(makeupRefusal({ ...m, status: "planned" }, TODAY, false)).toMatch(/^Chỉ họp bù/);
    expect(makeupRefusal({ ...m, status: "held", date: "2026-05-10" }, TODAY, false)).toMatch(/^Chỉ họp bù/);
    expect(makeupRefusal({ ...m, makeupOf: "x" }, TODAY, false)).toMatch(/^Đây đã là buổi họp bù/);
  });
});

describe("a date out of the meeting's month", () => {
  it("needs a reason, worded for a move or a make-up", () => {
    expect(offMonthReasonNeeded("2026-05-01", "2026-05-31", "dời")).toBeNull();
    expect(offMonthReasonNeeded("2026-05-01", "2026-06-01", "dời")).toBe(
      "ngày mới không thuộc tháng 5/2026: cần ghi lý do dời sang tháng khác",
    );
    expect(offMonthReasonNeeded("2026-05", "2026-06-02", "họp bù")).toBe(
      "ngày họp bù không thuộc tháng 5/2026: cần ghi lý do họp bù sang tháng khác",
    );
  });
});

describe("the countdown on a meeting card", () => {
  it("counts civil days from the branch's today", () => {
    expect(countdownText("2026-05-20", TODAY)).toBe("Hôm nay");
    expect(countdownText("2026-05-21", TODAY)).toBe("Ngày mai");
    expect(countdownText("2026-06-01", TODAY)).toBe("Còn 12 ngày");
  });
});

describe("the peaks that reach a month", () => {
  const peaks = [
    { day: 19, month: 5, baseYear: 1890, name: "Ngày sinh Chủ tịch Hồ Chí Minh" },
    { day: 2, month: 9, baseYear: 1945, name: "Quốc khánh" },
    { day: 30, month: 6, baseYear: 2000, name: "X" },
  ];
  it("are those whose 30-day window overlaps the month, with the window's first day", () => {
    const inMay = peaksReachingMonth(peaks, "2026-05");
    expect(inMay.map((p) => [p.date, p.windowStart])).toEqual([["2026-05-19", "2026-04-20"]]);
    // 30/6's window starts 1/6: it does not reach May; 29/6's would (window from 31/5).
    expect(peaksReachingMonth([{ day: 29, month: 6, baseYear: 2000, name: "Y" }], "2026-05")).toHaveLength(1);
    expect(peaksReachingMonth(peaks, "2026-08").map((p) => p.date)).toEqual(["2026-09-02"]);
  });
});
