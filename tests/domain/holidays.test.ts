import { describe, expect, it } from "vitest";
import { applyOverrides, defaultHolidays, type Holiday, isWorkingDay } from "../../src/domain/holidays.ts";

const dates = (hs: Holiday[]) => hs.map((h) => h.date);
const on = (hs: Holiday[], date: string) => hs.find((h) => h.date === date);

describe("defaultHolidays", () => {
  it("lists 2026: Tết 16/02–20/02, Giỗ Tổ on a Sunday compensated on Monday, 1/9 beside Quốc khánh", () => {
    expect(defaultHolidays(2026)).toEqual([
      { date: "2026-01-01", name: "Tết Dương lịch", kind: "fixed" },
      { date: "2026-02-16", name: "Tết Nguyên đán (29 Tết)", kind: "lunar" },
      { date: "2026-02-17", name: "Tết Nguyên đán (mùng 1 Tết)", kind: "lunar" },
      { date: "2026-02-18", name: "Tết Nguyên đán (mùng 2 Tết)", kind: "lunar" },
      { date: "2026-02-19", name: "Tết Nguyên đán (mùng 3 Tết)", kind: "lunar" },
      { date: "2026-02-20", name: "Tết Nguyên đán (mùng 4 Tết)", kind: "lunar" },
      { date: "2026-04-26", name: "Giỗ Tổ Hùng Vương (10/3 âm lịch)", kind: "lunar" },
      { date: "2026-04-27", name: "Nghỉ bù Giỗ Tổ Hùng Vương (10/3 âm lịch)", kind: "compensatory" },
      { date: "2026-04-30", name: "Ngày Chiến thắng", kind: "fixed" },
      { date: "2026-05-01", name: "Ngày Quốc tế Lao động", kind: "fixed" },
      { date: "2026-09-01", name: "Quốc khánh (ngày liền kề)", kind: "adjacent" },
      { date: "2026-09-02", name: "Quốc khánh", kind: "fixed" },
    ]);
  });

  it("starts Tết on 30 tháng Chạp when the lunar year has one, and compensates its weekend days", () => {
    // Giáp Thìn 2024: 30 Tết on Friday 09/02, mùng 1–2 on the weekend → nghỉ bù Wed 14/02 and Thu 15/02.
    const h = defaultHolidays(2024);
    expect(on(h, "2024-02-09")?.name).toBe("Tết Nguyên đán (30 Tết)");
    expect(dates(h).filter((d) => d.startsWith("2024-02"))).toEqual([
      "2024-02-09",
      "2024-02-10",
      "2024-02-11",
      "2024-02-12",
      "2024-02-13",
      "2024-02-14",
      "2024-02-15",
    ]);
    expect(on(h, "2024-02-14")).toEqual({
      date: "2024-02-14",
      name: "Nghỉ bù Tết Nguyên đán (mùng 1 Tết)",
      kind: "compensatory",
    });
    expect(on(h, "2024-02-15")?.name).toBe("Nghỉ bù Tết Nguyên đán (mùng 2 Tết)");
  });

  it("starts Tết on 29 tháng Chạp when the lunar year ends on the 29th", () => {
    // Giáp Thìn ended on 29 tháng Chạp = Tuesday 28/01/2025; mùng 4 is Saturday 01/02 → nghỉ bù Monday 03/02.
    const h = defaultHolidays(2025);
    expect(on(h, "2025-01-28")?.name).toBe("Tết Nguyên đán (29 Tết)");
    expect(on(h, "2025-01-27")).toBeUndefined();
    expect(on(h, "2025-02-01")?.name).toBe("Tết Nguyên đán (mùng 4 Tết)");
    expect(on(h, "2025-02-03")?.kind).toBe("compensatory");
  });

  it("follows Giỗ Tổ Hùng Vương across years", () => {
    const gioTo = (y: number) =>
      defaultHolidays(y).find((h) => h.name === "Giỗ Tổ Hùng Vương (10/3 âm lịch)");
    expect(gioTo(2024)?.date).toBe("2024-04-18");
    expect(gioTo(2025)?.date).toBe("2025-04-07");
    expect(gioTo(2026)?.date).toBe("2026-04-26");
  });

  it("reproduces 2023's long weekends from the compensatory rule alone", () => {
    const h = defaultHolidays(2023);
    // 1/1 on a Sunday → Monday 2/1.
    expect(on(h, "2023-01-02")?.name).toBe("Nghỉ bù Tết Dương lịch");
    // Giỗ Tổ Sat 29/4, 30/4 Sun, 1/5 Mon: the two weekend holidays move to Tue 2/5 and Wed 3/5, as decided that year.
    expect(dates(h).filter((d) => d >= "2023-04-29" && d <= "2023-05-05")).toEqual([
      "2023-04-29",
      "2023-04-30",
      "2023-05-01",
      "2023-05-02",
      "2023-05-03",
    ]);
    expect(on(h, "2023-05-03")?.name).toBe("Nghỉ bù Ngày Chiến thắng");
    // 2/9 on a Saturday: Friday 1/9 beside it, Monday 4/9 compensates → 1/9–4/9 as decided that year.
    expect(dates(h).filter((d) => d.startsWith("2023-09"))).toEqual([
      "2023-09-01",
      "2023-09-02",
      "2023-09-04",
    ]);
  });

  it.each([
    [2021, "2021-09-03"], // Thursday 2/9 → Friday
    [2022, "2022-09-01"], // Friday → Thursday
    [2024, "2024-09-03"], // Monday → Tuesday
    [2025, "2025-09-01"], // Tuesday → Monday
    [2027, "2027-09-03"], // Thursday → Friday
  ])("puts the day beside Quốc khánh %i on %s, joining it to the weekend", (year, date) => {
    expect(on(defaultHolidays(year), date)?.kind).toBe("adjacent");
  });

  it("is sorted with one entry per date, every year, and each gives eleven days of leave", () => {
    for (let year = 2020; year <= 2040; year++) {
      const d = dates(defaultHolidays(year));
      expect([...d].sort()).toEqual(d);
      expect(new Set(d).size).toBe(d.length);
      expect(d.every((x) => x.startsWith(`${year}-`))).toBe(true);
      // Eleven days off by law; a holiday on a weekend is made up on a weekday, so eleven weekdays off.
      expect(d.filter((x) => isWorkingDay(x, new Set()))).toHaveLength(11);
    }
  });
});

describe("applyOverrides", () => {
  const defaults = defaultHolidays(2026);

  it("lets an admin bridge extra days and name them", () => {
    const result = applyOverrides(defaults, [
      { date: "2026-02-13", action: "add", name: "Nghỉ Tết theo quyết định của Thủ tướng" },
      { date: "2026-02-23", action: "add" },
    ]);
    expect(on(result, "2026-02-13")).toEqual({
      date: "2026-02-13",
      name: "Nghỉ Tết theo quyết định của Thủ tướng",
      kind: "custom",
    });
    expect(on(result, "2026-02-23")?.name).toBe("Ngày nghỉ");
    expect(dates(result)).toEqual([...dates(result)].sort());
    expect(result).toHaveLength(defaults.length + 2);
  });

  it("lets an admin remove a computed day, e.g. move the Quốc khánh neighbour from 1/9 to 3/9", () => {
    const result = applyOverrides(defaults, [
      { date: "2026-09-01", action: "remove" },
      { date: "2026-09-03", action: "add", name: "Quốc khánh (ngày liền kề)" },
    ]);
    expect(dates(result).filter((d) => d.startsWith("2026-09"))).toEqual(["2026-09-02", "2026-09-03"]);
    const set = new Set(dates(result));
    expect(isWorkingDay("2026-09-01", set)).toBe(true);
    expect(isWorkingDay("2026-09-03", set)).toBe(false);
  });

  it("applies edits in order, so the last edit of a date wins", () => {
    const removedThenAdded = applyOverrides(defaults, [
      { date: "2026-04-30", action: "remove" },
      { date: "2026-04-30", action: "add", name: "Ngày Chiến thắng" },
    ]);
    expect(on(removedThenAdded, "2026-04-30")?.name).toBe("Ngày Chiến thắng");
    const addedThenRemoved = applyOverrides(defaults, [
      { date: "2026-06-01", action: "add", name: "Nghỉ" },
      { date: "2026-06-01", action: "remove" },
    ]);
    expect(on(addedThenRemoved, "2026-06-01")).toBeUndefined();
  });

  it("keeps the computed name when an admin re-adds a day without naming it", () => {
    const result = applyOverrides(defaults, [{ date: "2026-02-17", action: "add" }]);
    expect(on(result, "2026-02-17")?.name).toBe("Tết Nguyên đán (mùng 1 Tết)");
  });

  it("does not change the defaults it was given", () => {
    const copy = structuredClone(defaults);
    applyOverrides(defaults, [{ date: "2026-01-01", action: "remove" }]);
    expect(defaults).toEqual(copy);
  });

  it("rejects an override with a malformed date", () => {
    expect(() => applyOverrides(defaults, [{ date: "01/09/2026", action: "add" }])).toThrow(RangeError);
  });
});

describe("isWorkingDay", () => {
  const holidays = new Set(dates(defaultHolidays(2026)));

  it("is Monday to Friday outside holidays", () => {
    expect(isWorkingDay("2026-02-10", holidays)).toBe(true); // Thứ Ba
    expect(isWorkingDay("2026-02-14", holidays)).toBe(false); // Thứ Bảy
    expect(isWorkingDay("2026-02-15", holidays)).toBe(false); // Chủ nhật
  });

  it("is false on holidays and compensatory days", () => {
    expect(isWorkingDay("2026-02-17", holidays)).toBe(false); // mùng 1 Tết
    expect(isWorkingDay("2026-04-27", holidays)).toBe(false); // nghỉ bù Giỗ Tổ
    expect(isWorkingDay("2026-02-23", holidays)).toBe(true); // Monday after Tết
  });

  it("rejects a malformed date", () => {
    expect(() => isWorkingDay("2026-13-01", holidays)).toThrow(RangeError);
  });
});
