import { describe, expect, it } from "vitest";
import { dayOffOf, dayOffText, dayOffToConfirm } from "../../src/domain/day-off.ts";
import { applyOverrides, defaultHolidays } from "../../src/domain/holidays.ts";

const h2027 = defaultHolidays(2027);

describe("which days a meeting is warned about", () => {
  it("names the holiday of a lunar date: mùng 3 Tết and Giỗ Tổ in 2027", () => {
    const tet = dayOffOf("2027-02-08", h2027);
    expect(tet).toEqual({ date: "2027-02-08", kind: "holiday", name: "Tết Nguyên đán (mùng 3 Tết)" });
    expect(dayOffText(tet!)).toBe("Thứ Hai, 08/02/2027 là ngày nghỉ lễ: Tết Nguyên đán (mùng 3 Tết).");
    const gioTo = dayOffOf("2027-04-16", h2027);
    expect(dayOffText(gioTo!)).toBe("Thứ Sáu, 16/04/2027 là ngày nghỉ lễ: Giỗ Tổ Hùng Vương (10/3 âm lịch).");
  });

  it("counts a compensatory day and an admin's added day as holidays, and not a day an admin removed", () => {
    expect(dayOffOf("2027-02-10", h2027)?.name).toBe("Nghỉ bù Tết Nguyên đán (mùng 1 Tết)");
    const edited = applyOverrides(h2027, [
      { date: "2027-04-29", action: "add", name: "Nghỉ hoán đổi dịp 30/4" },
      { date: "2027-09-03", action: "remove" },
    ]);
    expect(dayOffOf("2027-04-29", edited)?.name).toBe("Nghỉ hoán đổi dịp 30/4");
    expect(dayOffOf("2027-09-03", edited)).toBeNull();
  });

  it("warns about a Saturday or Sunday, not a working day", () => {
    expect(dayOffOf("2027-02-20", h2027)).toEqual({ date: "2027-02-20", kind: "weekend", name: "Thứ Bảy" });
    expect(dayOffText(dayOffOf("2027-02-21", h2027)!)).toBe("Chủ nhật, 21/02/2027 là ngày nghỉ cuối tuần.");
    expect(dayOffOf("2027-02-18", h2027)).toBeNull();
  });

  it("spares a branch that meets on that weekday by its own rule the weekend, never a holiday", () => {
    const sundays = { day: { kind: "weekday" as const, weekday: 7, nth: 1 as const } };
    expect(dayOffOf("2027-02-21", h2027, sundays)).toBeNull();
    expect(dayOffOf("2027-02-20", h2027, sundays)?.kind).toBe("weekend");
    expect(dayOffOf("2027-02-07", h2027, sundays)?.name).toBe("Tết Nguyên đán (mùng 2 Tết)");
    expect(dayOffOf("2027-02-21", h2027, { day: { kind: "day_of_month", day: 21 } })?.kind).toBe("weekend");
  });
});

describe("when a change waits for the secretary's word", () => {
  it("a new date on a day off does, unless confirmed; the same date (a new time or place) does not", () => {
    expect(dayOffToConfirm({ from: "2027-02-18", to: "2027-02-08", confirmed: false }, h2027)?.name).toBe(
      "Tết Nguyên đán (mùng 3 Tết)",
    );
    expect(dayOffToConfirm({ from: "2027-02-18", to: "2027-02-08", confirmed: true }, h2027)).toBeNull();
    expect(dayOffToConfirm({ from: "2027-02-08", to: "2027-02-08", confirmed: false }, h2027)).toBeNull();
    expect(dayOffToConfirm({ from: "2027-02-08", to: "2027-02-18", confirmed: false }, h2027)).toBeNull();
  });

  it("a make-up (no date before it) on a day off does", () => {
    expect(dayOffToConfirm({ from: null, to: "2027-02-08", confirmed: false }, h2027)?.kind).toBe("holiday");
    expect(dayOffToConfirm({ from: null, to: "2027-02-17", confirmed: false }, h2027)).toBeNull();
  });
});
