import { describe, expect, it } from "vitest";
import {
  holidaysWithEdits,
  holidayYearView,
  MAX_YEAR,
  MIN_YEAR,
  overrideName,
  vietNamYear,
  yearsProblem,
} from "../../src/domain/holiday-rules.ts";
import { defaultHolidays } from "../../src/domain/holidays.ts";

describe("vietNamYear", () => {
  it("turns at midnight in Viet Nam (UTC+7), seven hours before UTC does", () => {
    expect(vietNamYear(new Date("2026-12-31T16:59:59Z"))).toBe(2026);
    expect(vietNamYear(new Date("2026-12-31T17:00:00Z"))).toBe(2027);
    expect(vietNamYear(new Date("2027-01-01T00:00:00Z"))).toBe(2027);
  });
});

describe("yearsProblem", () => {
  it("accepts whole years in order within the computed range", () => {
    expect(yearsProblem(MIN_YEAR, MAX_YEAR)).toBeNull();
    expect(yearsProblem(2026, 2026)).toBeNull();
  });
  it("refuses years out of range, out of order or not whole", () => {
    for (const [a, b] of [
      [MIN_YEAR - 1, 2000],
      [2000, MAX_YEAR + 1],
      [2027, 2026],
      [2026.5, 2027],
      [2026, Number.NaN],
    ] as const) {
      expect(yearsProblem(a, b)).toMatch(/^năm phải từ/);
    }
  });
});

describe("overrideName", () => {
  it("keeps an added day's name on one line, in NFC, and drops a blank one or a removed day's", () => {
    expect(overrideName("add", "  Nghỉ  bù\n Tết ".normalize("NFD"))).toBe("Nghỉ bù Tết");
    expect(overrideName("add", "   ")).toBeNull();
    expect(overrideName("add", undefined)).toBeNull();
    expect(overrideName("remove", "Quốc khánh")).toBeNull();
  });
});

describe("holidaysWithEdits and holidayYearView", () => {
  const edits = [
    { date: "2026-01-02", action: "add" as const, name: "Nghỉ hoán đổi" },
    { date: "2026-09-01", action: "remove" as const, name: null },
  ];

  it("applies the edits over the defaults of every year asked", () => {
    const list = holidaysWithEdits(2025, 2026, edits).map((h) => h.date);
    expect(list).toContain("2026-01-02");
    expect(list).not.toContain("2026-09-01");
    expect(list).toContain("2025-09-01");
    expect(list).toEqual([...list].sort());
  });

  it("marks each day computed or edited and lists the removed defaults", () => {
    const view = holidayYearView(2026, edits);
    expect(view.year).toBe(2026);
    expect(view.holidays.find((h) => h.date === "2026-01-02")).toMatchObject({
      source: "edited",
      kind: "custom",
    });
    expect(view.holidays.find((h) => h.date === "2026-01-01")).toMatchObject({ source: "computed" });
    expect(view.removed).toEqual(
      defaultHolidays(2026)
        .filter((h) => h.date === "2026-09-01")
        .map(({ date, name, kind }) => ({ date, name, kind })),
    );
    expect(view.overrides).toEqual(edits);
  });
});
