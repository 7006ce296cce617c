import { describe, expect, it } from "vitest";
import { civilToday, hasLeft } from "../../src/domain/civil-date.ts";
import { compareViNames, sortByViName } from "../../src/domain/vi-name-order.ts";

const sorted = (names: string[]) => [...names].sort(compareViNames);

describe("Vietnamese roll order", () => {
  it("sorts by the given name first, whatever the family name", () => {
    expect(sorted(["Phạm Thị Dung", "Lê Văn Đức", "Trần Thị Bình", "Nguyễn Văn An"])).toEqual([
      "Nguyễn Văn An",
      "Trần Thị Bình",
      "Phạm Thị Dung",
      "Lê Văn Đức",
    ]);
  });

  it("puts Đ after every D, and ă â after a, ê after e, ô ơ after o, ư after u", () => {
    expect(sorted(["Lê Văn Đức", "Phạm Thị Duyên", "Hà Văn Dũng", "Vũ Thị Dung"])).toEqual([
      "Vũ Thị Dung",
      "Hà Văn Dũng",
      "Phạm Thị Duyên",
      "Lê Văn Đức",
    ]);
    expect(sorted(["Bùi Thị Ân", "Lò Văn Ăn", "Mai Thị Anh", "Vi Văn An"])).toEqual([
      "Vi Văn An",
      "Mai Thị Anh",
      "Lò Văn Ăn",
      "Bùi Thị Ân",
    ]);
    expect(sorted(["Chu Văn Ơn", "Hồ Thị Ông", "Lý Thị Oanh"])).toEqual([
      "Lý Thị Oanh",
      "Hồ Thị Ông",
      "Chu Văn Ơn",
    ]);
    expect(sorted(["Nông Văn Ưng", "Tạ Thị Uyên", "Đỗ Thị Vân"])).toEqual([
      "Tạ Thị Uyên",
      "Nông Văn Ưng",
      "Đỗ Thị Vân",
    ]);
    expect(sorted(["Đinh Thị Em", "Lục Thị Êm"])).toEqual(["Đinh Thị Em", "Lục Thị Êm"]);
  });

  it("lets tones decide only when the letters tie, in the dictionary order of tones", () => {
    // Letters first: "Hàng" < "Hanh" because g < h, though "à" carries a tone.
    expect(sorted(["Lê Thị Hanh", "Lê Thị Hàng"])).toEqual(["Lê Thị Hàng", "Lê Thị Hanh"]);
    expect(
      sorted(["Lê Thị Lạn", "Lê Thị Lán", "Lê Thị Lãn", "Lê Thị Lản", "Lê Thị Làn", "Lê Thị Lan"]),
    ).toEqual(["Lê Thị Lan", "Lê Thị Làn", "Lê Thị Lản", "Lê Thị Lãn", "Lê Thị Lán", "Lê Thị Lạn"]);
  });

  it("then compares the middle names, then the family name", () => {
    expect(sorted(["Trần Văn An", "Nguyễn Văn An", "Lê Thị An", "Vương An"])).toEqual([
      "Lê Thị An",
      "Nguyễn Văn An",
      "Trần Văn An",
      "Vương An",
    ]);
  });

  it("puts a shorter given name before a longer one that starts with it", () => {
    expect(sorted(["Hoàng Văn Tuấn", "Hoàng Văn Tú", "Hoàng Văn Tư"])).toEqual([
      "Hoàng Văn Tú",
      "Hoàng Văn Tuấn",
      "Hoàng Văn Tư",
    ]);
  });

  it("reads decomposed (NFD) names as their composed form, and ignores case and extra spaces", () => {
    expect(compareViNames("Lê Văn Đức".normalize("NFD"), "Lê Văn Đức")).toBe(0);
    expect(sorted(["nguyễn văn  bình", "Trần Văn An"])).toEqual(["Trần Văn An", "nguyễn văn  bình"]);
  });

  it("sorts records by a name, keeping the records", () => {
    const rows = [
      { id: 1, fullName: "Lê Văn Đức" },
      { id: 2, fullName: "Phạm Thị Dung" },
    ];
    expect(sortByViName(rows, (r) => r.fullName).map((r) => r.id)).toEqual([2, 1]);
  });
});

describe("a member who left today, in the branch's zone", () => {
  it("has left at 01:00 in Viet Nam though UTC is still on the day before", () => {
    const now = new Date("2026-03-09T18:00:00Z"); // 01:00 on 10/03 in Viet Nam
    expect(civilToday(now, "Asia/Ho_Chi_Minh")).toBe("2026-03-10");
    expect(hasLeft("2026-03-10", civilToday(now, "Asia/Ho_Chi_Minh"))).toBe(true);
    // A branch abroad, in Paris, is still on 09/03.
    expect(civilToday(now, "Europe/Paris")).toBe("2026-03-09");
    expect(hasLeft("2026-03-10", civilToday(now, "Europe/Paris"))).toBe(false);
    expect(hasLeft(null, "2026-03-10")).toBe(false);
  });
});
