import { describe, expect, it } from "vitest";
import {
  civilDate,
  civilFromParts,
  civilMonth,
  civilParts,
  HOME_ZONE,
  isCivilDate,
  isoWeekday,
} from "../../src/domain/civil-date.ts";
import { nominalDate } from "../../src/domain/meeting-rule.ts";
import { formatDate, formatInstant } from "../../src/domain/vi-format.ts";

describe("one strict civil-date parser", () => {
  it("reads yyyy-MM-dd days that exist", () => {
    expect(civilParts("2026-05-19")).toEqual({ year: 2026, month: 5, day: 19 });
    expect(civilDate("2024-02-29").toISODate()).toBe("2024-02-29");
    expect(civilDate("2026-05-19").zoneName).toBe("UTC");
    expect(isCivilDate("2026-12-31")).toBe(true);
  });

  it.each([
    "2026-02-30",
    "2025-02-29",
    "2026-13-01",
    "2026-00-10",
    "2026-5-19",
    "19/05/2026",
    "2026-05-19T00:00",
    "20260519",
    " 2026-05-19",
    "",
  ])("refuses %j", (text) => {
    expect(isCivilDate(text)).toBe(false);
    expect(() => civilParts(text)).toThrow(RangeError);
    expect(() => civilDate(text)).toThrow(RangeError);
  });

  it("builds a date from parts only when the day exists", () => {
    expect(civilFromParts({ year: 2010, month: 2, day: 3 })).toBe("2010-02-03");
    expect(civilFromParts({ year: 2023, month: 2, day: 29 })).toBeNull();
    expect(civilFromParts({ year: 2026, month: 4, day: 31 })).toBeNull();
    expect(civilFromParts({ year: 2026, month: 13, day: 1 })).toBeNull();
  });

  it("reads months strictly", () => {
    expect(civilMonth("2026-05").toISODate()).toBe("2026-05-01");
    for (const bad of ["2026-13", "2026-00", "2026-5", "2026-05-01"]) {
      expect(() => civilMonth(bad)).toThrow(RangeError);
    }
  });

  it("gives the ISO weekday like luxon over many days", () => {
    let dt = civilDate("2023-12-25");
    for (let i = 0; i < 800; i++) {
      const iso = dt.toISODate()!;
      expect(isoWeekday(iso)).toBe(dt.weekday);
      dt = dt.plus({ days: 1 });
    }
  });

  it("is the parser behind the domain's formatting and rules", () => {
    expect(() => formatDate("2026-02-30")).toThrow(RangeError);
    expect(() => formatDate("2026-05-19T10:00")).toThrow(RangeError);
    expect(() => nominalDate({ kind: "day_of_month", day: 5 }, "2026-13")).toThrow(RangeError);
  });

  it("names the home zone once", () => {
    expect(HOME_ZONE).toBe("Asia/Ho_Chi_Minh");
  });
});

describe("an instant as a person reads it", () => {
  it("is the time and date in their zone, the day changing with the zone", () => {
    expect(formatInstant(new Date("2026-12-05T19:10:00Z"), HOME_ZONE)).toBe("02h10 ngày 06/12/2026");
    expect(formatInstant(new Date("2026-12-05T19:10:00Z"), "UTC")).toBe("19h10 ngày 05/12/2026");
  });
});
