import { describe, expect, it } from "vitest";
import {
  campaignSchedule,
  copiedEvent,
  copyOffset,
  dayMonthProblem,
  firstDayOf,
  fixedOutsideProblem,
  historyOutsideProblem,
  isMonth,
  MAX_CAMPAIGN_MONTHS,
  monthOf,
  onOneLine,
  orderProblem,
  pagesProblem,
  rangeProblem,
  scheduleEditProblem,
  shiftDate,
  shiftDeadline,
} from "../../src/domain/campaign-rules.ts";
import { oneLine, textBlock } from "../../src/domain/text.ts";

describe("text", () => {
  it("keeps one-line text in NFC with its spaces collapsed, and multi-line text with its breaks", () => {
    const nfd = "Học  tập\tvà làm theo ".normalize("NFD");
    expect(oneLine(nfd)).toBe("Học tập và làm theo");
    expect(oneLine(nfd)).toBe(oneLine(nfd).normalize("NFC"));
    expect(textBlock("  Dòng một\nDòng hai  ".normalize("NFD"))).toBe("Dòng một\nDòng hai");
  });
});

describe("months", () => {
  it("recognises yyyy-MM and moves between a month and its first day", () => {
    expect(isMonth("2026-05")).toBe(true);
    for (const m of ["2026-13", "2026-00", "2026-5", "26-05", "2026-05-01"]) expect(isMonth(m)).toBe(false);
    expect(firstDayOf("2026-05")).toBe("2026-05-01");
    expect(monthOf("2026-05-01")).toBe("2026-05");
  });
});

describe("rangeProblem", () => {
  it("accepts a range in order up to the longest campaign", () => {
    expect(rangeProblem("2026-01", "2026-01")).toBeNull();
    expect(rangeProblem("2026-01", "2035-12")).toBeNull(); // 120 months
    expect(MAX_CAMPAIGN_MONTHS).toBe(120);
  });
  it("names the field at fault", () => {
    expect(rangeProblem("2026-1", "2026-05")).toEqual({
      field: "body.firstMonth",
      reason: "phải có dạng yyyy-MM",
    });
    expect(rangeProblem("2026-01", "2026-13")?.field).toBe("body.lastMonth");
    expect(rangeProblem("2026-05", "2026-04")?.reason).toBe("tháng kết thúc không được trước tháng bắt đầu");
    expect(rangeProblem("2026-01", "2036-01")?.reason).toBe("một đợt sinh hoạt dài tối đa 120 tháng");
    expect(rangeProblem("2026-05", "2026-04", { first: "a", last: "b" })?.field).toBe("b");
  });
});

describe("dayMonthProblem", () => {
  it("allows 29/2 in any year, but only in leap years for a given year", () => {
    expect(dayMonthProblem(29, 2)).toBeNull();
    expect(dayMonthProblem(29, 2, 2028)).toBeNull();
    expect(dayMonthProblem(29, 2, 2027)).toEqual({
      field: "body.day",
      reason: "tháng 2/2027 không có ngày 29",
    });
    expect(dayMonthProblem(31, 4)).toEqual({ field: "body.day", reason: "tháng 4 không có ngày 31" });
    expect(dayMonthProblem(0, 1)?.field).toBe("body.day");
    expect(dayMonthProblem(1, 13)).toEqual({ field: "body.month", reason: "tháng phải từ 1 đến 12" });
  });
  it("agrees with the calendar on every day of a leap and a common year", () => {
    for (const year of [2027, 2028]) {
      for (let month = 1; month <= 12; month++) {
        const days = new Date(Date.UTC(year, month, 0)).getUTCDate();
        for (let day = 1; day <= 32; day++) {
          expect(dayMonthProblem(day, month, year) === null).toBe(day <= days);
        }
      }
    }
  });
});

describe("pagesProblem", () => {
  it("wants both pages or neither, in order", () => {
    expect(pagesProblem(null, null)).toBeNull();
    expect(pagesProblem(undefined, undefined)).toBeNull();
    expect(pagesProblem(3, 3)).toBeNull();
    expect(pagesProblem(5, 3)?.field).toBe("body.pageEnd");
    expect(pagesProblem(null, 3)?.field).toBe("body.pageStart");
    expect(pagesProblem(3, null)?.field).toBe("body.pageEnd");
  });
});

describe("orderProblem", () => {
  const known = ["A", "B", "C"];
  it("accepts every code once in any order", () => {
    expect(orderProblem(["C", "A", "B"], known)).toBeNull();
  });
  it("refuses an unknown, a repeated or a missing code", () => {
    expect(orderProblem(["A", "X", "B", "C"], known)).toEqual({
      field: "body.codes.1",
      reason: 'mã "X" không có trong danh mục',
    });
    expect(orderProblem(["A", "B", "A", "C"], known)?.field).toBe("body.codes.2");
    expect(orderProblem(["A"], known)).toEqual({ field: "body.codes", reason: "thiếu các mã: B, C" });
  });
});

describe("scheduleEditProblem", () => {
  it("wants at least one month, inside the campaign, with a code of the catalogue", () => {
    expect(scheduleEditProblem({ "2026-03": "A", "2026-04": null }, "2026-01", "2026-12", ["A"])).toBeNull();
    expect(scheduleEditProblem({}, "2026-01", "2026-12", ["A"])?.field).toBe("body.months");
    expect(scheduleEditProblem({ "2026-3": "A" }, "2026-01", "2026-12", ["A"])?.field).toBe(
      "body.months.2026-3",
    );
    expect(scheduleEditProblem({ "2027-01": "A" }, "2026-01", "2026-12", ["A"])?.reason).toMatch(/ngoài đợt/);
    expect(scheduleEditProblem({ "2026-02": "B" }, "2026-01", "2026-12", ["A"])?.reason).toMatch(/"B"/);
  });
});

describe("fixedOutsideProblem", () => {
  it("blames the first month only when it moved past a fixed month", () => {
    expect(fixedOutsideProblem([], "2026-01", true)).toBeNull();
    expect(fixedOutsideProblem(["2025-12"], "2026-01", true)?.field).toBe("body.firstMonth");
    expect(fixedOutsideProblem(["2025-12"], "2026-01", false)?.field).toBe("body.lastMonth");
    expect(fixedOutsideProblem(["2027-02", "2027-03"], "2026-01", true)).toEqual({
      field: "body.lastMonth",
      reason: "tháng 2/2027, tháng 3/2027 đã được ấn định chủ đề và sẽ nằm ngoài đợt; hãy bỏ ấn định trước",
    });
  });
});

describe("historyOutsideProblem", () => {
  it("names the first meeting already had in a month left out, on the side it falls", () => {
    expect(historyOutsideProblem([], "2026-05")).toBeNull();
    expect(historyOutsideProblem([{ month: "2026-03", branchName: "Chi bộ Tổ 1" }], "2026-05")).toEqual({
      field: "body.firstMonth",
      reason: "Chi bộ Tổ 1 đã có buổi sinh hoạt tháng 3/2026 theo đợt này: đợt phải còn gồm tháng đó",
    });
    const late = [
      { month: "2026-09", branchName: "Chi bộ Tổ 2" },
      { month: "2026-10", branchName: "Chi bộ Tổ 1" },
    ];
    expect(historyOutsideProblem(late, "2026-01")).toEqual({
      field: "body.lastMonth",
      reason:
        "Chi bộ Tổ 2 đã có buổi sinh hoạt tháng 9/2026 theo đợt này (cùng 1 buổi khác): đợt phải còn gồm tháng đó",
    });
  });
});

describe("a copy's dates", () => {
  it("moves by whole months and by those rounded to years", () => {
    expect(copyOffset("2023-06", "2026-06")).toEqual({ months: 36, years: 3 });
    expect(copyOffset("2023-06", "2026-01")).toEqual({ months: 31, years: 3 });
    expect(copyOffset("2026-06", "2026-01").months).toBe(-5);
    expect(copyOffset("2026-06", "2025-01")).toEqual({ months: -17, years: -1 });
  });
  it("keeps an event's day, or takes the month's last", () => {
    expect(shiftDate("2023-05-15", 36)).toBe("2026-05-15");
    expect(shiftDate("2024-01-31", 1)).toBe("2024-02-29");
  });
  it("keeps yearly deadlines and moves one-off ones by years, 29/2 onto 28/2", () => {
    const yearly = { day: 29, month: 2, year: null, title: "x" };
    expect(shiftDeadline(yearly, 3)).toBe(yearly);
    expect(shiftDeadline({ day: 29, month: 2, year: 2024 }, 1)).toEqual({ day: 28, month: 2, year: 2025 });
    expect(shiftDeadline({ day: 29, month: 2, year: 2024 }, 4)).toEqual({ day: 29, month: 2, year: 2028 });
  });
});

describe("onOneLine", () => {
  const province = { id: "p", ancestorIds: ["p"] };
  const district = { id: "d", ancestorIds: ["p", "d"] };
  const other = { id: "o", ancestorIds: ["o"] };
  it("joins a committee with itself, those above it and those below it, not with a stranger", () => {
    expect(onOneLine(province, province)).toBe(true);
    expect(onOneLine(province, district)).toBe(true);
    expect(onOneLine(district, province)).toBe(true);
    expect(onOneLine(district, other)).toBe(false);
  });
});

describe("campaignSchedule", () => {
  const topics = [
    { id: "1", code: "A", title: "Một" },
    { id: "2", code: "B", title: "Hai" },
    { id: "3", code: "C", title: "Ba" },
  ];
  it("keeps the fixed months and fills the others in catalogue order", () => {
    const { months, scheduleProblems } = campaignSchedule(
      "2026-01",
      "2026-04",
      topics,
      new Map([["2026-02", "C"]]),
    );
    expect(months.map((m) => [m.month, m.code, m.fixed])).toEqual([
      ["2026-01", "A", false],
      ["2026-02", "C", true],
      ["2026-03", "B", false],
      ["2026-04", "A", false],
    ]);
    expect(months[1]).toMatchObject({ topicId: "3", title: "Ba" });
    expect(scheduleProblems).toEqual([]);
  });
  it("gives every month no topic, and a problem each, when the catalogue is empty", () => {
    const { months, scheduleProblems } = campaignSchedule("2026-01", "2026-02", [], new Map());
    expect(months).toEqual([
      { month: "2026-01", topicId: null, code: null, title: null, fixed: false },
      { month: "2026-02", topicId: null, code: null, title: null, fixed: false },
    ]);
    expect(scheduleProblems.map((p) => p.month)).toEqual(["2026-01", "2026-02"]);
  });
});

describe("a copied campaign event", () => {
  const span = { from: "2026-12-01", to: "2027-11-30" };
  it("re-dates an anniversary it is still on the occasion of, ordinal and year", () => {
    const e = {
      date: "2023-05-10",
      title: "Hội nghị",
      description: "Vào dịp kỷ niệm 133 năm Ngày sinh Chủ tịch Hồ Chí Minh (19/5/1890 - 19/5/2023).",
    };
    // 48 months later: 10/5/2027, nine days before 19/5/2027.
    expect(copiedEvent(e, 48, { from: "2027-01-01", to: "2027-12-31" })).toEqual({
      date: "2027-05-10",
      title: "Hội nghị",
      description: "Vào dịp kỷ niệm 137 năm Ngày sinh Chủ tịch Hồ Chí Minh (19/5/1890 - 19/5/2027).",
      confirmed: true,
    });
  });
  it("waits for confirmation when it moved away from the occasion or names another year", () => {
    const anniversary = {
      date: "2023-05-10",
      title: "Hội nghị",
      description: "kỷ niệm 133 năm Ngày sinh Chủ tịch Hồ Chí Minh (19/5/1890 - 19/5/2023)",
    };
    expect(copiedEvent(anniversary, 43, span)).toMatchObject({ date: "2026-12-10", confirmed: false });
    const month = { date: "2023-05-15", title: "Hội nghị giới thiệu", description: "Trong tháng 5/2023." };
    expect(copiedEvent(month, 43, span)).toMatchObject({ date: "2026-12-15", confirmed: false });
    const plain = { date: "2023-05-15", title: "Hội nghị giới thiệu tác phẩm", description: "" };
    expect(copiedEvent(plain, 43, span)).toEqual({ ...plain, date: "2026-12-15", confirmed: true });
  });
  it("leaves out an event that falls outside the copy's months", () => {
    const e = { date: "2025-08-15", title: "Hội nghị sơ kết giai đoạn 2023 - 2025", description: "" };
    expect(copiedEvent(e, 43, span)).toBeNull();
  });
});
