import { describe, expect, it } from "vitest";
import { weakPasswordReason } from "../../src/domain/password-quality.ts";

describe("a password too easy to guess", () => {
  it.each([
    "aaaaaaaaaa",
    "1234567890",
    "0987654321",
    "password12",
    "Password2026!",
    "qwertyuiop",
    "qwerty1234",
    "asdfghjkl;",
    "1q2w3e4r5t",
    "ababababab",
    "matkhau123",
    "Mật khẩu 123",
    "mat-khau-2026",
    "123456789",
    "anhyeuem123",
    "iloveyou12",
    "chibo12345",
    "Chibo@2026",
    "chibochibo",
    "admin12345",
    "abcdefghij",
    "nguyenvanan",
    "nguyenvanan1990",
  ])("refuses %s", (pw) => {
    expect(weakPasswordReason(pw, "nguyenvanan@test.vn")).not.toBeNull();
  });

  it.each([
    "mat-khau-dai-du",
    "mat-khau-cu-123",
    "mat-khau-nan-nhan",
    "mat-khau-quan-tri",
    "bi-thu-chi-bo-3",
    "chibo-demo-2026",
    "Trâu cày ruộng sâu",
    "x7Gk2pQm9vLw",
    "hoa-sen-tháng-năm",
  ])("accepts %s", (pw) => {
    expect(weakPasswordReason(pw, "nguyenvanan@test.vn")).toBeNull();
  });

  it("says why, in Vietnamese", () => {
    expect(weakPasswordReason("matkhau123", "a@b.vn")).toMatch(/dễ đoán/);
    expect(weakPasswordReason("nguyenvanan", "nguyenvanan@b.vn")).toMatch(/email/);
  });
});
