import { describe, expect, it } from "vitest";
import { defaultHolidays, isWorkingDay } from "../../src/domain/holidays.ts";
import { monthsBetween } from "../../src/domain/meeting-rule.ts";
import { planBranch, planBranches } from "../../src/domain/plan.ts";

const holidays = new Set([2026, 2027].flatMap((y) => defaultHolidays(y).map((h) => h.date)));
const working = (d: string) => isWorkingDay(d, holidays);

describe("planning one branch over a campaign", () => {
  const branch = {
    id: "b1",
    rule: {
      day: { kind: "day_of_month" as const, day: 2 },
      startTime: "14:00",
      durationMinutes: 120,
      shift: "next" as const,
    },
    timezone: "Asia/Ho_Chi_Minh",
    place: "Hội trường UBND phường",
    onlineUrl: null,
  };

  it("plans one meeting a month, moved off Quốc khánh and Tết to the next working day", () => {
    const months = monthsBetween("2026-01", "2026-12");
    const plan = planBranch(branch, months, (m) => `topic-${m}`, working);
    expect(plan).toHaveLength(12);
    const byMonth = Object.fromEntries(plan.map((p) => [p.month, p]));
    // 2/9/2026 is Quốc khánh (Wednesday) and 1/9 the day beside it: the meeting moves to Thursday 3/9.
    expect(byMonth["2026-09-01"]!.date).toBe("2026-09-03");
    // 2/5/2026 is a Saturday: Monday 4/5.
    expect(byMonth["2026-05-01"]!.date).toBe("2026-05-04");
    // 2/1/2026 is a Friday and a working day: kept.
    expect(byMonth["2026-01-01"]!.date).toBe("2026-01-02");
    // 14:00 in Hà Nội is 07:00 UTC; two hours long.
    expect(byMonth["2026-01-01"]!.startAt.toISOString()).toBe("2026-01-02T07:00:00.000Z");
    expect(byMonth["2026-01-01"]!.endAt.toISOString()).toBe("2026-01-02T09:00:00.000Z");
    expect(byMonth["2026-07-01"]!.topicId).toBe("topic-2026-07");
  });

  it("never leaves the month: the last working day before the date instead", () => {
    const lastDay = { ...branch, rule: { ...branch.rule, day: { kind: "day_of_month" as const, day: 31 } } };
    const [may] = planBranch(lastDay, ["2026-05"], () => null, working);
    // 31/5/2026 is a Sunday; the next working day is in June, so Friday 29/5.
    expect(may!.date).toBe("2026-05-29");
    expect(may!.nominal).toBe("2026-05-31");
  });

  it("keeps Tết away: a meeting on the 17th of February 2026 (mùng 1 Tết) moves past the five days off", () => {
    const tet = { ...branch, rule: { ...branch.rule, day: { kind: "day_of_month" as const, day: 17 } } };
    const [feb] = planBranch(tet, ["2026-02"], () => null, working);
    expect(feb!.date).toBe("2026-02-23");
  });
});

describe("planning many branches", () => {
  it("gives each branch its own place but the dates of its rule, the same as planning it alone", () => {
    const rule = {
      day: { kind: "weekday" as const, weekday: 5, nth: -1 as const },
      startTime: "19:30",
      durationMinutes: 90,
      shift: "previous" as const,
    };
    const a = { id: "a", rule, timezone: "Asia/Ho_Chi_Minh", place: "Tổ 1", onlineUrl: null };
    const b = {
      id: "b",
      rule,
      timezone: "Asia/Ho_Chi_Minh",
      place: "Tổ 2",
      onlineUrl: "https://meet.example/b",
    };
    const c = { id: "c", rule, timezone: "Europe/Berlin", place: null, onlineUrl: null };
    const months = monthsBetween("2026-01", "2026-06");
    const all = planBranches([a, b, c], months, () => "t", working);
    expect(all).toHaveLength(18);
    expect(all.filter((m) => m.branchId === "b")).toEqual(planBranch(b, months, () => "t", working));
    expect(all.filter((m) => m.branchId === "a").map((m) => m.place)).toEqual(Array(6).fill("Tổ 1"));
    // Same rule in another zone: same dates, other instants.
    const berlin = all.filter((m) => m.branchId === "c");
    expect(berlin.map((m) => m.date)).toEqual(all.filter((m) => m.branchId === "a").map((m) => m.date));
    expect(berlin[0]!.startAt.toISOString()).toBe("2026-01-30T18:30:00.000Z");
  });
});
