import { describe, expect, it } from "vitest";
import { MAX_NAME_LENGTH, personNameProblem } from "../../src/domain/person-name.ts";

describe("personNameProblem", () => {
  it.each([
    ["", "Thiếu họ và tên."],
    [
      "=1+1",
      'Họ và tên "=1+1" bắt đầu bằng "=": bảng tính (Excel) sẽ coi đó là công thức. Hãy bỏ ký tự này.',
    ],
    ["@SUM(A1)", expect.stringContaining("công thức")],
    ["+84912345678", expect.stringContaining("công thức")],
    ["-Lan", expect.stringContaining("công thức")],
    ["123", 'Họ và tên "123" không có chữ cái nào.'],
    ["Ấ".repeat(MAX_NAME_LENGTH + 1), `Họ và tên dài quá ${MAX_NAME_LENGTH} ký tự.`],
  ])("refuses %j", (name, reason) => {
    expect(personNameProblem(name)).toEqual(reason);
  });

  it.each(["Nguyễn Văn An", "Đặng Thị Lệ-Hằng", "H'Hen Niê", "Ấ".repeat(MAX_NAME_LENGTH)])(
    "accepts %j",
    (name) => {
      expect(personNameProblem(name)).toBeNull();
    },
  );
});
