import { describe, expect, it } from "vitest";
import {
  attendanceMet,
  countCategories,
  DEFAULT_QUALITY,
  exemptOn,
  frameworkCriteria,
  isThematic,
  missingMinutesParts,
  type RosterMember,
  resolutionPasses,
  voteProblem,
} from "../../src/domain/meeting-quality.ts";

const m = (over: Partial<RosterMember> & { memberId: string }): RosterMember => ({
  status: "full",
  exempted: false,
  temporary: false,
  mark: "present",
  ...over,
});

describe("members as the minutes count them", () => {
  it("counts each category as the template asks", () => {
    const roster = [
      m({ memberId: "a" }),
      m({ memberId: "b", status: "probationary" }),
      m({ memberId: "c", temporary: true }),
      m({ memberId: "d", exempted: true, mark: null }),
      m({ memberId: "e", mark: "absent_excused" }),
      m({ memberId: "f", status: "probationary", mark: "absent_unexcused" }),
    ];
    expect(countCategories(roster)).toEqual({
      total: 6,
      full: 4,
      probationary: 2,
      temporary: 1,
      exempted: 1,
      required: 5,
      present: 3,
      presentFull: 2,
      presentProbationary: 1,
      presentTemporary: 1,
      absentExcused: 1,
      absentUnexcused: 1,
    });
  });

  it("counts an exempted member who comes as present and required, and one who stays away as neither", () => {
    const came = countCategories([m({ memberId: "a" }), m({ memberId: "d", exempted: true })]);
    expect([came.required, came.present, came.exempted]).toEqual([2, 2, 1]);
    const away = countCategories([
      m({ memberId: "a" }),
      m({ memberId: "d", exempted: true, mark: "absent_excused" }),
    ]);
    expect([away.required, away.present, away.absentExcused]).toEqual([1, 1, 0]);
  });

  it.each([
    ["2026-03-01", "2026-03-01", null, true],
    ["2026-02-28", "2026-03-01", null, false],
    ["2026-06-30", "2026-03-01", "2026-06-30", true],
    ["2026-07-01", "2026-03-01", "2026-06-30", false],
  ])("an exemption covers %s when it runs %s – %s: %s", (date, from, to, covered) => {
    expect(exemptOn({ from, to }, date)).toBe(covered);
  });
});

describe("the framework criteria", () => {
  const counts = (present: number, required: number, unexcused = 0) => ({
    ...countCategories([]),
    present,
    required,
    absentUnexcused: unexcused,
  });

  it.each([
    // Hướng dẫn 12: "trên 85%" — 17 of 20 is exactly 85%, not above it.
    [17, 20, true, false],
    [18, 20, true, true],
    [17, 20, false, true],
    [6, 7, true, true],
    [0, 0, true, false],
  ])("%i of %i present, strict %s: met %s", (present, required, strict, met) => {
    expect(attendanceMet(counts(present, required), { ...DEFAULT_QUALITY, attendanceStrict: strict })).toBe(
      met,
    );
  });

  it("asks 90 minutes of a meeting and 120 of a regular and thematic meeting held together", () => {
    const base = { counts: counts(10, 10), readBack: true, missingParts: [] };
    const dur = (kind: "regular" | "combined", minutes: number | null) =>
      frameworkCriteria({ ...base, kind, durationMinutes: minutes }).find((c) => c.key === "duration")!;
    expect(dur("regular", 90).met).toBe(true);
    expect(dur("regular", 89).met).toBe(false);
    expect(dur("combined", 100).met).toBe(false);
    expect(dur("combined", 120).met).toBe(true);
    expect(dur("regular", null)).toMatchObject({
      met: false,
      detail: expect.stringContaining("Chưa ghi giờ"),
    });
  });

  it("names what failed, in Vietnamese", () => {
    const r = frameworkCriteria({
      kind: "regular",
      counts: counts(8, 10, 1),
      durationMinutes: 95,
      readBack: false,
      missingParts: missingMinutesParts({
        place: true,
        startTime: true,
        endTime: true,
        chair: true,
        recorder: false,
        agenda: true,
        opinions: true,
        conclusion: false,
      }),
    });
    expect(r.filter((c) => !c.met).map((c) => c.detail)).toEqual([
      "8/10 đảng viên dự (80%); yêu cầu trên 85%",
      "1 đảng viên vắng không lý do",
      "Biên bản chưa được thông qua tại cuộc họp",
      "Biên bản còn thiếu: thư ký, kết luận của chủ trì",
    ]);
  });

  it("counts a thematic or combined meeting toward the quarter", () => {
    expect([isThematic("regular"), isThematic("thematic"), isThematic("combined")]).toEqual([
      false,
      true,
      true,
    ]);
  });
});

describe("a resolution's vote", () => {
  it("cannot count more votes than members present", () => {
    expect(voteProblem({ agree: 8, disagree: 1, other: 1 }, 10)).toBeNull();
    expect(voteProblem({ agree: 9, disagree: 1, other: 1 }, 10)).toBe(
      "Tổng số biểu quyết (11) vượt số đảng viên có mặt (10)",
    );
    expect(voteProblem({ agree: -1, disagree: 0, other: 0 }, 10)).toMatch(/không âm/);
  });

  it("passes with more than half of the members entitled to vote", () => {
    expect(resolutionPasses({ agree: 6, disagree: 0, other: 0 }, 11)).toBe(true);
    expect(resolutionPasses({ agree: 5, disagree: 0, other: 0 }, 10)).toBe(false);
    expect(resolutionPasses({ agree: 0, disagree: 0, other: 0 }, 0)).toBe(false);
  });
});
