import { describe, expect, it } from "vitest";
import {
  anniversaryText,
  findPeak,
  PEAK_WINDOW_DAYS,
  type PeakDate,
  peakOccurrences,
  peakRuleText,
  peaksStressedBy,
  peaksText,
  peakWindowStart,
} from "../../src/domain/peaks.ts";

const PARTY: PeakDate = { day: 3, month: 2, baseYear: 1930, name: "Ngày thành lập Đảng Cộng sản Việt Nam" };
const LIBERATION: PeakDate = {
  day: 30,
  month: 4,
  baseYear: 1975,
  name: "Ngày Giải phóng miền Nam, thống nhất đất nước",
};
const BIRTHDAY: PeakDate = { day: 19, month: 5, baseYear: 1890, name: "Ngày sinh Chủ tịch Hồ Chí Minh" };
const AUGUST: PeakDate = { day: 19, month: 8, baseYear: 1945, name: "Cách mạng tháng Tám" };
const NATIONAL_DAY: PeakDate = { day: 2, month: 9, baseYear: 1945, name: "Quốc khánh" };
const ALL = [PARTY, LIBERATION, BIRTHDAY, AUGUST, NATIONAL_DAY] as const;

describe("anniversaryText", () => {
  it("writes the anniversary the way the seeds do", () => {
    expect(anniversaryText(BIRTHDAY, 2026)).toBe(
      "kỷ niệm 136 năm Ngày sinh Chủ tịch Hồ Chí Minh (19/05/1890 - 19/05/2026)",
    );
    expect(anniversaryText(BIRTHDAY, 2023)).toBe(
      "kỷ niệm 133 năm Ngày sinh Chủ tịch Hồ Chí Minh (19/05/1890 - 19/05/2023)",
    );
    expect(anniversaryText(LIBERATION, 2023)).toBe(
      "kỷ niệm 48 năm Ngày Giải phóng miền Nam, thống nhất đất nước (30/04/1975 - 30/04/2023)",
    );
  });

  it("pads the day to two digits but not the month: (02/09/1945 - 02/09/2026)", () => {
    expect(anniversaryText(NATIONAL_DAY, 2026)).toBe("kỷ niệm 81 năm Quốc khánh (02/09/1945 - 02/09/2026)");
    expect(anniversaryText(PARTY, 2027)).toBe(
      "kỷ niệm 97 năm Ngày thành lập Đảng Cộng sản Việt Nam (03/02/1930 - 03/02/2027)",
    );
  });

  it("is NFC", () => {
    const text = anniversaryText(BIRTHDAY, 2025);
    expect(text).toBe(text.normalize("NFC"));
  });
});

describe("findPeak", () => {
  it("uses a 30-day window", () => {
    expect(PEAK_WINDOW_DAYS).toBe(30);
  });

  it("matches the peak day itself", () => {
    const m = findPeak("2026-05-19", ALL);
    expect(m?.peak).toBe(BIRTHDAY);
    expect(m?.date).toBe("2026-05-19");
    expect(m?.anniversary).toBe(136);
    expect(m?.round).toBe(false);
    expect(m?.text).toBe("kỷ niệm 136 năm Ngày sinh Chủ tịch Hồ Chí Minh (19/05/1890 - 19/05/2026)");
  });

  it("matches a meeting 29 days before the peak", () => {
    // 19/8/2026 − 29 days = 21/7/2026
    expect(findPeak("2026-07-21", [AUGUST])?.date).toBe("2026-08-19");
  });

  it("does not match a meeting 30 days before the peak", () => {
    expect(findPeak("2026-07-20", [AUGUST])).toBeNull();
  });

  it("does not match the day after the peak", () => {
    expect(findPeak("2026-08-20", [AUGUST])).toBeNull();
    expect(findPeak("2026-05-20", [BIRTHDAY])).toBeNull();
  });

  it("crosses a year boundary: a meeting on 2027-01-20 belongs to 3/2/2027", () => {
    const m = findPeak("2027-01-20", ALL);
    expect(m?.peak).toBe(PARTY);
    expect(m?.date).toBe("2027-02-03");
    expect(m?.anniversary).toBe(97);
  });

  it("crosses from December into next year's window edge", () => {
    // 3/2/2027 − 29 days = 5/1/2027; 31/12/2026 is 34 days before, outside.
    expect(findPeak("2027-01-05", [PARTY])?.date).toBe("2027-02-03");
    expect(findPeak("2027-01-04", [PARTY])).toBeNull();
    expect(findPeak("2026-12-31", [PARTY])).toBeNull();
    // A peak early in January is reached from December of the previous year.
    const newYear: PeakDate = { day: 6, month: 1, baseYear: 1946, name: "Ngày Tổng tuyển cử đầu tiên" };
    expect(findPeak("2026-12-20", [newYear])?.date).toBe("2027-01-06");
    expect(findPeak("2026-12-20", [newYear])?.anniversary).toBe(81);
  });

  it("takes the nearest upcoming peak when two windows overlap", () => {
    // 20/8/2025 is after 19/8 and 13 days before 2/9.
    const afterAugust = findPeak("2025-08-20", ALL);
    expect(afterAugust?.peak).toBe(NATIONAL_DAY);
    // 10/8/2025 lies in the windows of both 19/8 (9 days) and 2/9 (23 days): 19/8 is nearer.
    expect(findPeak("2025-08-10", ALL)?.peak).toBe(AUGUST);
    expect(findPeak("2025-08-10", [NATIONAL_DAY, AUGUST])?.peak).toBe(AUGUST);
    // 25/4/2026: 30/4 (5 days) beats 19/5 (24 days).
    expect(findPeak("2026-04-25", ALL)?.peak).toBe(LIBERATION);
    // 1/5/2026: 30/4 is past, 19/5 is 18 days ahead.
    expect(findPeak("2026-05-01", ALL)?.peak).toBe(BIRTHDAY);
  });

  it("returns null outside every window", () => {
    expect(findPeak("2026-03-15", ALL)).toBeNull();
    expect(findPeak("2026-11-10", ALL)).toBeNull();
    expect(findPeak("2026-05-19", [])).toBeNull();
  });

  it("counts the anniversary from the base year: 133 in 2023, 136 in 2026", () => {
    expect(findPeak("2023-05-10", ALL)?.anniversary).toBe(133);
    expect(findPeak("2026-05-10", ALL)?.anniversary).toBe(136);
  });

  it("marks multiples of five as round anniversaries (năm chẵn)", () => {
    const birthday2025 = findPeak("2025-05-19", ALL);
    expect(birthday2025?.anniversary).toBe(135);
    expect(birthday2025?.round).toBe(true);
    const nationalDay2025 = findPeak("2025-09-02", ALL);
    expect(nationalDay2025?.anniversary).toBe(80);
    expect(nationalDay2025?.round).toBe(true);
    expect(nationalDay2025?.text).toBe("kỷ niệm 80 năm Quốc khánh (02/09/1945 - 02/09/2025)");
    const liberation2025 = findPeak("2025-04-30", ALL);
    expect(liberation2025?.anniversary).toBe(50);
    expect(liberation2025?.round).toBe(true);
    expect(findPeak("2026-09-02", ALL)?.round).toBe(false);
    expect(findPeak("2024-09-02", ALL)?.anniversary).toBe(79);
  });

  it("ignores a peak before its first anniversary", () => {
    const future: PeakDate = { day: 1, month: 6, baseYear: 2030, name: "Sự kiện" };
    expect(findPeak("2030-05-20", [future])).toBeNull();
    expect(findPeak("2031-05-20", [future])?.anniversary).toBe(1);
  });

  it("skips 29/2 in a common year", () => {
    const leap: PeakDate = { day: 29, month: 2, baseYear: 2000, name: "Ngày nhuận" };
    expect(findPeak("2027-02-20", [leap])).toBeNull();
    expect(findPeak("2028-02-20", [leap])?.date).toBe("2028-02-29");
  });

  it("rejects a malformed date", () => {
    expect(() => findPeak("19/05/2026", ALL)).toThrow(RangeError);
    expect(() => findPeak("2026-02-30", ALL)).toThrow(RangeError);
  });
});

describe("peakOccurrences", () => {
  it("lists each peak's day in each year of the range, in date order", () => {
    const list = peakOccurrences(ALL, "2023-06-01", "2025-11-30");
    expect(list.map((m) => m.date)).toEqual([
      "2023-08-19",
      "2023-09-02",
      "2024-02-03",
      "2024-04-30",
      "2024-05-19",
      "2024-08-19",
      "2024-09-02",
      "2025-02-03",
      "2025-04-30",
      "2025-05-19",
      "2025-08-19",
      "2025-09-02",
    ]);
    expect(list[1]?.text).toBe("kỷ niệm 78 năm Quốc khánh (02/09/1945 - 02/09/2023)");
    expect(list.filter((m) => m.round).map((m) => m.date)).toEqual([
      "2025-02-03",
      "2025-04-30",
      "2025-05-19",
      "2025-08-19",
      "2025-09-02",
    ]);
  });

  it("includes both ends of the range", () => {
    const list = peakOccurrences(ALL, "2026-05-19", "2026-08-19");
    expect(list.map((m) => m.peak)).toEqual([BIRTHDAY, AUGUST]);
    expect(list.map((m) => m.anniversary)).toEqual([136, 81]);
  });

  it("is empty for a range without a peak day or an inverted range", () => {
    expect(peakOccurrences(ALL, "2026-06-01", "2026-08-18")).toEqual([]);
    expect(peakOccurrences(ALL, "2026-12-31", "2026-01-01")).toEqual([]);
  });
});

describe("peaksStressedBy: each peak day, by the branch's last meeting within its window", () => {
  const m = (date: string) => ({ id: `m-${date}`, date });
  const stressed = (dates: string[], peaks: readonly PeakDate[] = ALL) =>
    Object.fromEntries(
      [...peaksStressedBy(dates.map(m), peaks)].map(([id, list]) => [id.slice(2), list.map((p) => p.date)]),
    );

  it("the August meeting carries both 19/8 and 2/9 when it is the last before each", () => {
    // On the 5th of each month: 05/8 is the last meeting before 19/8 and before 2/9 (05/9 is after it).
    expect(stressed(["2025-07-05", "2025-08-05", "2025-09-05"])).toEqual({
      "2025-08-05": ["2025-08-19", "2025-09-02"],
    });
  });

  it("two meetings in one window: only the later one stresses the day (27/11 and 25/12 → 25/12)", () => {
    const LOCAL: PeakDate = {
      day: 25,
      month: 12,
      baseYear: 1945,
      name: "Ngày thành lập Đảng bộ tỉnh Hà Giang",
    };
    expect(stressed(["2025-11-27", "2025-12-25"], [LOCAL])).toEqual({ "2025-12-25": ["2025-12-25"] });
    expect(stressed(["2025-11-27", "2025-12-20"], [LOCAL])).toEqual({ "2025-12-20": ["2025-12-25"] });
    // The window is 30 days up to and including the day: 26/11 is the 30th day before, so it still counts.
    expect(stressed(["2025-11-26"], [LOCAL])).toEqual({ "2025-11-26": ["2025-12-25"] });
    expect(stressed(["2025-11-25"], [LOCAL])).toEqual({});
  });

  it("a meeting after the day, or none within the window, stresses nothing", () => {
    expect(stressed(["2025-05-20"], [BIRTHDAY])).toEqual({});
    expect(stressed(["2025-04-01", "2025-06-01"], [BIRTHDAY])).toEqual({});
  });

  it("the window crosses a year end: a meeting on 10/01 stresses 3/2", () => {
    expect(stressed(["2026-12-28", "2027-01-10", "2027-02-10"], [PARTY])).toEqual({
      "2027-01-10": ["2027-02-03"],
    });
  });

  it("a monthly sequence over a year: every peak exactly once, by the last meeting before it", () => {
    const dates = Array.from({ length: 12 }, (_, i) => `2025-${String(i + 1).padStart(2, "0")}-10`);
    const got = peaksStressedBy(dates.map(m), ALL);
    const all = [...got.values()].flat().map((p) => p.date);
    expect(all.sort()).toEqual(["2025-02-03", "2025-04-30", "2025-05-19", "2025-08-19", "2025-09-02"]);
    for (const [id, list] of got) {
      for (const p of list) {
        const later = dates.filter((d) => d > id.slice(2) && d <= p.date);
        expect(later).toEqual([]);
      }
    }
  });

  it("two meetings on one day: the one with the greater id", () => {
    const got = peaksStressedBy(
      [
        { id: "b", date: "2025-05-10" },
        { id: "a", date: "2025-05-10" },
      ],
      [BIRTHDAY],
    );
    expect([...got.keys()]).toEqual(["b"]);
  });
});

describe("peaksText and the rule in words", () => {
  it("writes August's two anniversaries in one phrase, the count once when equal", () => {
    const aug: PeakDate = { ...AUGUST, name: "Cách mạng tháng Tám thành công" };
    const sep: PeakDate = { ...NATIONAL_DAY, name: "Quốc khánh nước Cộng hòa xã hội chủ nghĩa Việt Nam" };
    const list = peaksStressedBy([{ id: "x", date: "2025-08-05" }], [aug, sep]).get("x")!;
    expect(peaksText(list)).toBe(
      "kỷ niệm 80 năm Cách mạng tháng Tám thành công (19/08/1945 - 19/08/2025) và Quốc khánh nước Cộng hòa xã hội chủ nghĩa Việt Nam (02/09/1945 - 02/09/2025)",
    );
    const april = peaksStressedBy([{ id: "y", date: "2025-04-25" }], [LIBERATION, BIRTHDAY]).get("y")!;
    expect(peaksText(april)).toBe(
      "kỷ niệm 50 năm Ngày Giải phóng miền Nam, thống nhất đất nước (30/04/1975 - 30/04/2025) và 135 năm Ngày sinh Chủ tịch Hồ Chí Minh (19/05/1890 - 19/05/2025)",
    );
  });

  it("says the window the code uses: 30 days up to and including the day", () => {
    expect(peakWindowStart("2025-09-02")).toBe("2025-08-04");
    expect(peakRuleText("2025-09-02")).toBe(
      `Buổi sinh hoạt chi bộ cuối cùng trong ${PEAK_WINDOW_DAYS} ngày tính đến hết ngày này (từ 04/08/2025 đến 02/09/2025) là buổi sinh hoạt cao điểm.`,
    );
  });
});
