import { DateTime } from "luxon";
import { describe, expect, it } from "vitest";
import {
  leapMonthOf,
  lunarNewYearsEve,
  lunarToSolar,
  solarToLunar,
  tetDate,
} from "../../src/domain/lunar.ts";

// Mùng 1 Tết by Vietnamese almanacs (UTC+7). Marked years differ from the Chinese calendar (UTC+8).
const TET: Record<number, string> = {
  1960: "1960-01-28",
  1961: "1961-02-15",
  1962: "1962-02-05",
  1963: "1963-01-25",
  1964: "1964-02-13",
  1965: "1965-02-01", // UTC+7 rule; the almanacs of the time, still on UTC+8, printed 02/02
  1966: "1966-01-21",
  1967: "1967-02-09",
  1968: "1968-01-29", // CN 30/01: the new moon fell at 23:29 in Hà Nội, 00:29 in Beijing
  1969: "1969-02-16", // CN 17/02
  1970: "1970-02-06",
  1971: "1971-01-27",
  1972: "1972-02-15",
  1973: "1973-02-03",
  1974: "1974-01-23",
  1975: "1975-02-11",
  1976: "1976-01-31",
  1977: "1977-02-18",
  1978: "1978-02-07",
  1979: "1979-01-28",
  1980: "1980-02-16",
  1981: "1981-02-05",
  1982: "1982-01-25",
  1983: "1983-02-13",
  1984: "1984-02-02",
  1985: "1985-01-21", // CN 20/02: a whole month apart
  1986: "1986-02-09",
  1987: "1987-01-29",
  1988: "1988-02-17",
  1989: "1989-02-06",
  1990: "1990-01-27",
  1991: "1991-02-15",
  1992: "1992-02-04",
  1993: "1993-01-23",
  1994: "1994-02-10",
  1995: "1995-01-31",
  1996: "1996-02-19",
  1997: "1997-02-07",
  1998: "1998-01-28",
  1999: "1999-02-16",
  2000: "2000-02-05",
  2001: "2001-01-24",
  2002: "2002-02-12",
  2003: "2003-02-01",
  2004: "2004-01-22",
  2005: "2005-02-09",
  2006: "2006-01-29",
  2007: "2007-02-17", // CN 18/02
  2008: "2008-02-07",
  2009: "2009-01-26",
  2010: "2010-02-14",
  2011: "2011-02-03",
  2012: "2012-01-23",
  2013: "2013-02-10",
  2014: "2014-01-31",
  2015: "2015-02-19",
  2016: "2016-02-08",
  2017: "2017-01-28",
  2018: "2018-02-16",
  2019: "2019-02-05",
  2020: "2020-01-25",
  2021: "2021-02-12",
  2022: "2022-02-01",
  2023: "2023-01-22",
  2024: "2024-02-10",
  2025: "2025-01-29",
  2026: "2026-02-17",
  2027: "2027-02-06",
  2028: "2028-01-26",
  2029: "2029-02-13",
  2030: "2030-02-02", // CN 03/02
  2031: "2031-01-23",
  2032: "2032-02-11",
  2033: "2033-01-31",
  2034: "2034-02-19",
  2035: "2035-02-08",
  2036: "2036-01-28",
  2037: "2037-02-15",
  2038: "2038-02-04",
  2039: "2039-01-24",
  2040: "2040-02-12",
  2041: "2041-02-01",
  2042: "2042-01-22",
  2043: "2043-02-10",
  2044: "2044-01-30",
  2045: "2045-02-17",
  2046: "2046-02-06",
  2047: "2047-01-26",
  2048: "2048-02-14",
  2049: "2049-02-02",
  2050: "2050-01-23",
};

describe("Tết Nguyên đán", () => {
  it("covers every year 1960–2050 in the reference table", () => {
    expect(Object.keys(TET)).toHaveLength(91);
  });

  it.each(Object.entries(TET))("Tết %s falls on %s", (year, date) => {
    expect(tetDate(Number(year))).toBe(date);
    expect(solarToLunar(date)).toEqual({ day: 1, month: 1, year: Number(year), leap: false });
  });

  it("uses the Vietnamese, not the Chinese, new year where the two differ", () => {
    expect(tetDate(1985)).not.toBe("1985-02-20");
    expect(tetDate(2007)).not.toBe("2007-02-18");
    // In 1985 Viet Nam was already in the new year a month before China.
    expect(solarToLunar("1985-02-19")).toEqual({ day: 30, month: 1, year: 1985, leap: false });
  });

  it("knows the lunar year's last day is 29 or 30 tháng Chạp", () => {
    expect(lunarNewYearsEve(2026)).toBe("2026-02-16");
    expect(solarToLunar("2026-02-16")).toEqual({ day: 29, month: 12, year: 2025, leap: false });
    expect(lunarNewYearsEve(2024)).toBe("2024-02-09");
    expect(solarToLunar("2024-02-09")).toEqual({ day: 30, month: 12, year: 2023, leap: false });
  });
});

describe("other lunar dates users look up", () => {
  it.each([
    [2019, "2019-04-14"],
    [2020, "2020-04-02"],
    [2021, "2021-04-21"],
    [2022, "2022-04-10"],
    [2023, "2023-04-29"],
    [2024, "2024-04-18"],
    [2025, "2025-04-07"],
    [2026, "2026-04-26"],
  ])("Giỗ Tổ Hùng Vương %i is %s", (year, date) => {
    expect(lunarToSolar({ day: 10, month: 3, year })).toBe(date);
    expect(solarToLunar(date)).toEqual({ day: 10, month: 3, year, leap: false });
  });

  it("finds Tết Trung thu (15/8)", () => {
    expect(lunarToSolar({ day: 15, month: 8, year: 2024 })).toBe("2024-09-17");
    expect(lunarToSolar({ day: 15, month: 8, year: 2025 })).toBe("2025-10-06");
  });

  it.each([
    [2017, 6],
    [2020, 4],
    [2023, 2],
    [2025, 6],
    [2028, 5],
    [2033, 11],
  ])("year %i has leap month %i", (year, month) => {
    expect(leapMonthOf(year)).toBe(month);
  });

  it("has no leap month in a 12-month year", () => {
    expect(leapMonthOf(2024)).toBeNull();
    expect(leapMonthOf(2026)).toBeNull();
  });

  it("tells a leap month from the ordinary month of the same number", () => {
    // 2025: tháng 6 nhuận follows tháng 6.
    const ordinary = lunarToSolar({ day: 1, month: 6, year: 2025 });
    const leap = lunarToSolar({ day: 1, month: 6, year: 2025, leap: true });
    expect(ordinary).toBe("2025-06-25");
    expect(leap).toBe("2025-07-25");
    expect(solarToLunar("2025-08-01")).toEqual({ day: 8, month: 6, year: 2025, leap: true });
  });

  it("rejects lunar dates that do not exist", () => {
    expect(() => lunarToSolar({ day: 1, month: 3, year: 2025, leap: true })).toThrow(RangeError);
    expect(() => lunarToSolar({ day: 1, month: 1, year: 2026, leap: true })).toThrow(RangeError);
    // Tháng Chạp of Ất Tỵ (2025) has 29 days.
    expect(() => lunarToSolar({ day: 30, month: 12, year: 2025 })).toThrow(RangeError);
    expect(() => lunarToSolar({ day: 0, month: 1, year: 2025 })).toThrow(RangeError);
    expect(() => lunarToSolar({ day: 1, month: 13, year: 2025 })).toThrow(RangeError);
    expect(() => solarToLunar("2025-02-30")).toThrow(RangeError);
  });
});

describe("round trip", () => {
  it("maps every day 1960–2060 to a lunar date and back", () => {
    let day = DateTime.utc(1960, 1, 1);
    const end = DateTime.utc(2060, 12, 31);
    let checked = 0;
    let previous = solarToLunar("1959-12-31");
    while (day <= end) {
      const date = day.toISODate()!;
      const lunar = solarToLunar(date);
      if (lunarToSolar(lunar) !== date)
        throw new Error(`${date} → ${JSON.stringify(lunar)} does not map back`);
      // Consecutive days: the lunar day goes up by one, or a new month starts after day 29 or 30.
      const continues = lunar.day === previous.day + 1 && lunar.month === previous.month;
      const newMonth = lunar.day === 1 && (previous.day === 29 || previous.day === 30);
      if (!continues && !newMonth)
        throw new Error(`${date}: ${JSON.stringify(previous)} → ${JSON.stringify(lunar)}`);
      previous = lunar;
      checked++;
      day = day.plus({ days: 1 });
    }
    expect(checked).toBe(36_891);
  });
});
