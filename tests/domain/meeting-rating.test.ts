import { describe, expect, it } from "vitest";
import {
  type Band,
  DEFAULT_SCHEME,
  DEFAULT_YEAR_RULE,
  type KindedMeeting,
  monthsOfQuarter,
  quarterOf,
  rateMeeting,
  rateYear,
  schemeProblems,
  thematicByQuarter,
  thematicReminderDue,
} from "../../src/domain/meeting-rating.ts";

const pts = (preparation: number, attendance: number, conduct: number, closing: number) => ({
  preparation,
  attendance,
  conduct,
  closing,
});

describe("a meeting against the default scheme (100 points)", () => {
  it.each([
    [pts(15, 20, 45, 20), 100, "tot"],
    [pts(15, 20, 40, 15), 90, "tot"],
    [pts(15, 20, 39, 15), 89, "kha"],
    [pts(10, 20, 30, 10), 70, "kha"],
    [pts(10, 19, 30, 10), 69, "trung_binh"],
    [pts(10, 10, 20, 10), 50, "trung_binh"],
    [pts(10, 9, 20, 10), 49, "kem"],
  ])("%o totals %i: %s", (points, total, band) => {
    expect(rateMeeting(DEFAULT_SCHEME, points)).toEqual({ ok: true, rating: { total, band } });
  });

  it("refuses points out of range, missing or unknown, naming the criterion", () => {
    const r = rateMeeting(DEFAULT_SCHEME, { preparation: 16, attendance: 20, conduct: 1.5, extra: 1 });
    expect(r).toEqual({
      ok: false,
      problems: {
        preparation: "Điểm từ 0 đến 15",
        conduct: "Điểm từ 0 đến 45",
        closing: "Chưa chấm tiêu chí này",
        extra: "Tiêu chí không có trong thang điểm",
      },
    });
  });

  it("keeps a meeting at 'khá' when a criterion the committee requires in full is short", () => {
    const scheme = { ...DEFAULT_SCHEME, fullForTop: ["attendance"] };
    expect(rateMeeting(scheme, pts(15, 18, 45, 20))).toEqual({
      ok: true,
      rating: { total: 98, band: "kha" },
    });
    expect(rateMeeting(scheme, pts(15, 20, 40, 15))).toEqual({
      ok: true,
      rating: { total: 90, band: "tot" },
    });
  });

  it("checks a committee's own scheme", () => {
    expect(schemeProblems(DEFAULT_SCHEME)).toEqual([]);
    expect(
      schemeProblems({
        criteria: [
          { key: "a", label: "A", maxPoints: 10 },
          { key: "a", label: "A", maxPoints: 0 },
        ],
        minTotal: { tot: 20, kha: 5, trung_binh: 6 },
        fullForTop: ["z"],
      }),
    ).toEqual([
      'Tiêu chí "A" bị trùng',
      'Điểm tối đa của "A" phải là số nguyên dương',
      "Ngưỡng xếp loại phải giảm dần và không vượt tổng điểm (10)",
      'Tiêu chí "z" không có trong thang điểm',
    ]);
  });
});

describe("a branch's year", () => {
  const months = Array.from({ length: 12 }, (_, i) => `2026-${String(i + 1).padStart(2, "0")}`);
  const year = (bands: (Band | null)[], quartersWithoutThematic = 0) => {
    const bandOfMonth = new Map<string, Band>();
    bands.forEach((b, i) => {
      if (b) bandOfMonth.set(months[i]!, b);
    });
    return rateYear({ months, bandOfMonth, quartersWithoutThematic }, DEFAULT_YEAR_RULE);
  };
  const times = (n: number, b: Band | null) => Array<Band | null>(n).fill(b);

  it.each([
    ["8 tốt, 4 khá", [...times(8, "tot"), ...times(4, "kha")], 0, "tot"],
    ["7 tốt, 5 khá", [...times(7, "tot"), ...times(5, "kha")], 0, "kha"],
    ["8 tốt, 3 khá, 1 kém", [...times(8, "tot"), ...times(3, "kha"), "kem"], 0, "kha"],
    ["12 tốt but a month unheld", [...times(11, "tot"), null], 0, "trung_binh"],
    ["12 tốt, one quarter without a thematic meeting", times(12, "tot"), 1, "kha"],
    ["6 trung bình, 6 kém", [...times(6, "trung_binh"), ...times(6, "kem")], 0, "trung_binh"],
    ["5 trung bình, 7 kém", [...times(5, "trung_binh"), ...times(7, "kem")], 0, "kem"],
  ] as [string, (Band | null)[], number, Band][])("%s → %s", (_, bands, q, band) => {
    expect(year(bands, q).band).toBe(band);
  });

  it("says why a year was capped", () => {
    expect(year([...times(11, "tot"), "kem"], 2).reasons).toEqual([
      "1 buổi xếp loại kém",
      "2 quý không sinh hoạt chuyên đề",
    ]);
  });
});

describe("quarters and their thematic meeting", () => {
  it("names quarters and their months", () => {
    expect([quarterOf("2026-01-31"), quarterOf("2026-06"), quarterOf("2026-12-01")]).toEqual([
      "2026-Q1",
      "2026-Q2",
      "2026-Q4",
    ]);
    expect(monthsOfQuarter("2026-Q4")).toEqual(["2026-10", "2026-11", "2026-12"]);
  });

  const meeting = (date: string, kind: KindedMeeting["kind"], status: KindedMeeting["status"]) => ({
    date,
    kind,
    status,
  });
  const year = ["2026-01", "2026-04", "2026-07", "2026-10"];

  it("tells each quarter's standing on a given day", () => {
    const meetings = [
      meeting("2026-02-10", "thematic", "held"),
      meeting("2026-05-10", "regular", "held"),
      meeting("2026-08-15", "combined", "planned"),
      meeting("2026-10-05", "thematic", "cancelled"),
    ];
    expect(Object.fromEntries(thematicByQuarter(meetings, year, "2026-07-01"))).toEqual({
      "2026-Q1": "held",
      "2026-Q2": "missing",
      "2026-Q3": "planned",
      "2026-Q4": "open",
    });
    expect(thematicByQuarter(meetings, year, "2026-12-01").get("2026-Q4")).toBe("at_risk");
    // A planned meeting whose day has passed without being held does not save the quarter.
    expect(thematicByQuarter(meetings, year, "2026-09-20").get("2026-Q3")).toBe("at_risk");
  });

  it("reminds the secretary when the quarter's last month begins without one", () => {
    expect(thematicReminderDue([], "2026-03-01")).toBe(true);
    expect(thematicReminderDue([], "2026-02-28")).toBe(false);
    expect(thematicReminderDue([meeting("2026-03-20", "thematic", "planned")], "2026-03-01")).toBe(false);
  });
});
