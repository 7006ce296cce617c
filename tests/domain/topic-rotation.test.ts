import { describe, expect, it } from "vitest";
import { monthsBetween } from "../../src/domain/meeting-rule.ts";
import { completeSchedule, defaultSchedule, scheduleProblems } from "../../src/domain/topic-rotation.ts";

const codes = (n: number) => Array.from({ length: n }, (_, i) => `CD${String(i + 1).padStart(2, "0")}`);

function consecutiveRepeats(schedule: ReadonlyMap<string, string>): string[] {
  const entries = [...schedule.entries()];
  return entries.filter(([, t], i) => i > 0 && entries[i - 1]![1] === t).map(([m]) => m);
}

function counts(schedule: ReadonlyMap<string, string>): Map<string, number> {
  const c = new Map<string, number>();
  for (const t of schedule.values()) c.set(t, (c.get(t) ?? 0) + 1);
  return c;
}

describe("defaultSchedule", () => {
  it("rotates 12 topics over 36 months: each 3 times, once per cycle of 12, never consecutive", () => {
    const topics = codes(12);
    const months = monthsBetween("2023-06", "2026-05");
    expect(months).toHaveLength(36);
    const schedule = defaultSchedule(months, topics);

    expect([...schedule.keys()]).toEqual(months);
    expect([...counts(schedule).entries()].sort()).toEqual(topics.map((t) => [t, 3]));
    const values = [...schedule.values()];
    for (let cycle = 0; cycle < 3; cycle++) {
      expect(values.slice(cycle * 12, cycle * 12 + 12)).toEqual(topics); // the catalogue in order
    }
    expect(consecutiveRepeats(schedule)).toEqual([]);
    expect(schedule.get("2024-05")).toBe("CD12");
    expect(schedule.get("2024-06")).toBe("CD01");
  });

  it("takes the first 12 of 13 topics over 12 months, none twice", () => {
    const schedule = defaultSchedule(monthsBetween("2026-01", "2026-12"), codes(13));
    expect([...schedule.values()]).toEqual(codes(12));
    expect(new Set(schedule.values()).has("CD13")).toBe(false);
  });

  it("starts the next cycle with the first topic when the months outlast the catalogue", () => {
    const schedule = defaultSchedule(monthsBetween("2026-01", "2026-05"), ["A", "B", "C"]);
    expect([...schedule.values()]).toEqual(["A", "B", "C", "A", "B"]);
  });

  it("repeats a single topic every month", () => {
    const schedule = defaultSchedule(monthsBetween("2025-11", "2026-02"), ["CD01"]);
    expect([...schedule.entries()]).toEqual([
      ["2025-11", "CD01"],
      ["2025-12", "CD01"],
      ["2026-01", "CD01"],
      ["2026-02", "CD01"],
    ]);
  });

  it("sorts the months and drops duplicates", () => {
    const schedule = defaultSchedule(["2026-03", "2026-01", "2026-02", "2026-01"], ["A", "B", "C"]);
    expect([...schedule.entries()]).toEqual([
      ["2026-01", "A"],
      ["2026-02", "B"],
      ["2026-03", "C"],
    ]);
  });

  it("ignores duplicate codes in the catalogue rather than placing a topic next to itself", () => {
    const schedule = defaultSchedule(monthsBetween("2026-01", "2026-04"), ["A", "A", "B"]);
    expect([...schedule.values()]).toEqual(["A", "B", "A", "B"]);
  });

  it("returns an empty schedule for no months and refuses an empty catalogue", () => {
    expect(defaultSchedule([], codes(3)).size).toBe(0);
    expect(() => defaultSchedule(["2026-01"], [])).toThrow(RangeError);
    expect(() => defaultSchedule(["2026-1"], codes(3))).toThrow(RangeError);
  });
});

describe("completeSchedule", () => {
  it("honours a fixed month and skips its topic in the rest of the cycle", () => {
    const months = monthsBetween("2026-01", "2026-12");
    const schedule = completeSchedule(months, ["A", "B", "C", "D", "E", "F"], new Map([["2026-01", "C"]]));
    expect([...schedule.values()]).toEqual(["C", "A", "B", "D", "E", "F", "A", "B", "C", "D", "E", "F"]);
  });

  it("fixes a month in the middle of a cycle: the catalogue flows around it", () => {
    const months = monthsBetween("2026-05", "2026-10");
    const schedule = completeSchedule(months, ["A", "B", "C", "D", "E", "F"], new Map([["2026-07", "F"]]));
    expect([...schedule.values()]).toEqual(["A", "B", "F", "C", "D", "E"]);
  });

  it("does not place a topic next to the same fixed topic at a cycle boundary", () => {
    const months = monthsBetween("2026-01", "2026-06");
    // 2026-04 starts the second cycle with C, so the first cycle must not end with C
    const schedule = completeSchedule(months, ["A", "B", "C"], new Map([["2026-04", "C"]]));
    expect([...schedule.values()]).toEqual(["A", "C", "B", "C", "A", "B"]);
    expect(consecutiveRepeats(schedule)).toEqual([]);
  });

  it("gives a month fixed with a code outside the catalogue no place in the cycles", () => {
    const months = monthsBetween("2026-04", "2026-07");
    const schedule = completeSchedule(months, ["A", "B", "C"], new Map([["2026-05", "CD-19/5"]]));
    expect([...schedule.values()]).toEqual(["A", "CD-19/5", "B", "C"]);
  });

  it("reuses a topic rather than putting one next to itself when the fixed months leave no other way", () => {
    const months = monthsBetween("2026-01", "2026-09");
    const fixed = new Map([
      ["2026-03", "A"],
      ["2026-05", "B"],
      ["2026-07", "A"],
    ]);
    const schedule = completeSchedule(months, ["A", "B", "C"], fixed);
    for (const [m, t] of fixed) expect(schedule.get(m)).toBe(t);
    expect(consecutiveRepeats(schedule)).toEqual([]);
    // the second cycle (04–06) would need A next to a fixed A: C comes twice instead
    expect([...schedule.values()].slice(3, 6)).toEqual(["C", "B", "C"]);
    expect(scheduleProblems(schedule, ["A", "B", "C"])).toEqual([]);
  });

  it("keeps fixed months even when they repeat each other, and ignores fixes for other months", () => {
    const months = monthsBetween("2026-01", "2026-04");
    const fixed = new Map([
      ["2026-01", "B"],
      ["2026-02", "B"],
      ["2025-12", "A"],
    ]);
    const schedule = completeSchedule(months, ["A", "B", "C"], fixed);
    expect([...schedule.keys()]).toEqual(months);
    expect(schedule.get("2026-01")).toBe("B");
    expect(schedule.get("2026-02")).toBe("B");
    expect(schedule.get("2026-03")).not.toBe("B");
    expect(consecutiveRepeats(schedule)).toEqual(["2026-02"]);
  });

  it("fills only the open months when every other month is fixed, with no catalogue needed if all are", () => {
    const months = ["2026-01", "2026-02"];
    const all = new Map([
      ["2026-01", "X"],
      ["2026-02", "Y"],
    ]);
    expect([...completeSchedule(months, [], all).values()]).toEqual(["X", "Y"]);
  });

  it("with 12 topics over 36 months and fixed months, still uses each topic once per cycle", () => {
    const topics = codes(12);
    const months = monthsBetween("2023-06", "2026-05");
    const fixed = new Map([
      ["2023-06", "CD05"],
      ["2024-05", "CD01"], // last month of the first cycle
      ["2024-06", "CD02"],
      ["2025-09", "CD12"],
    ]);
    const schedule = completeSchedule(months, topics, fixed);
    for (const [m, t] of fixed) expect(schedule.get(m)).toBe(t);
    const values = [...schedule.values()];
    for (let cycle = 0; cycle < 3; cycle++) {
      expect([...values.slice(cycle * 12, cycle * 12 + 12)].sort()).toEqual(topics);
    }
    expect(consecutiveRepeats(schedule)).toEqual([]);
  });
});

describe("scheduleProblems", () => {
  const topics = ["A", "B", "C"];

  it("finds nothing wrong in a default schedule", () => {
    expect(scheduleProblems(defaultSchedule(monthsBetween("2025-06", "2026-08"), topics), topics)).toEqual(
      [],
    );
  });

  it("reports unknown codes, missing months and consecutive repeats in month order", () => {
    const schedule = new Map([
      ["2026-03", "Z9"],
      ["2025-12", "A"],
      ["2026-01", "A"],
      ["2026-04", ""],
      ["2026-05", "B"],
    ]);
    expect(scheduleProblems(schedule, topics)).toEqual([
      { month: "2026-01", reason: 'Chủ đề "A" của tháng 1/2026 trùng với tháng liền trước.' },
      { month: "2026-02", reason: "Tháng 2/2026 chưa có chủ đề sinh hoạt." },
      { month: "2026-03", reason: 'Chủ đề "Z9" của tháng 3/2026 không có trong danh mục.' },
      { month: "2026-04", reason: "Tháng 4/2026 chưa có chủ đề sinh hoạt." },
    ]);
  });

  it("does not report repeats that a single-topic catalogue cannot avoid", () => {
    const schedule = defaultSchedule(monthsBetween("2026-01", "2026-03"), ["A"]);
    expect(scheduleProblems(schedule, ["A"])).toEqual([]);
  });

  it("reports a key that is not a month", () => {
    const problems = scheduleProblems(
      new Map([
        ["2026-13", "A"],
        ["2026-01", "A"],
      ]),
      topics,
    );
    expect(problems).toEqual([
      { month: "2026-13", reason: '"2026-13" không phải là tháng hợp lệ (yyyy-MM).' },
    ]);
  });

  it("finds nothing in an empty schedule", () => {
    expect(scheduleProblems(new Map(), topics)).toEqual([]);
  });
});
