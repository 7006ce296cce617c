import { describe, expect, it } from "vitest";
import { displayPhone, parseVnMobile, znsPhone } from "../../src/domain/vn-phone.ts";

describe("a Vietnamese mobile number", () => {
  it.each([
    ["0912345678", "0912345678"],
    ["0912 345 678", "0912345678"],
    ["0912.345.678", "0912345678"],
    ["0912-345-678", "0912345678"],
    ["+84 912 345 678", "0912345678"],
    ["+84912345678", "0912345678"],
    ["84912345678", "0912345678"],
    ["0084912345678", "0912345678"],
    ["912345678", "0912345678"], // Excel dropped the leading 0
    ["0321234567", "0321234567"],
    ["0551234567", "0551234567"],
    ["0591234567", "0591234567"],
    ["0701234567", "0701234567"],
    ["0861234567", "0861234567"],
    ["0991234567", "0991234567"],
  ])("%s is read as %s", (input, value) => {
    expect(parseVnMobile(input)).toEqual({ ok: true, value });
  });

  it("refuses a landline, saying Zalo needs a mobile", () => {
    const r = parseVnMobile("024 3825 3825");
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.reason).toMatch(/máy bàn/);
  });

  it("refuses an old 11-digit number and names the number it became", () => {
    const r = parseVnMobile("0168 123 4567");
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.reason).toContain("0381 234 567");
  });

  it.each([
    ["0312345678", /đầu số/], // 031 is not a mobile prefix
    ["0512345678", /đầu số/],
    ["0951234567", /đầu số/], // S-Fone's 095, closed
    ["091234567", /9 chữ số/],
    ["09123456789", /11 chữ số/],
    ["+1 650 555 0100", /\+84/],
    ["0912abc678", /chỉ được gồm/],
    ["9.12345678E+8", /khoa học/],
  ])("refuses %s", (input, reason) => {
    const r = parseVnMobile(input);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.reason).toMatch(reason);
  });

  it("is sent to ZNS as 84 and nine digits", () => {
    expect(znsPhone("0912345678")).toBe("84912345678");
    expect(znsPhone("+84 912 345 678")).toBe("84912345678");
    expect(znsPhone("02438253825")).toBeNull();
  });

  it("is shown in groups of 4-3-3", () => {
    expect(displayPhone("0912345678")).toBe("0912 345 678");
    expect(displayPhone("+84912345678")).toBe("+84912345678");
  });
});
