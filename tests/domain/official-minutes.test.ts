import { describe, expect, it } from "vitest";
import { countCategories, missingMinutesParts } from "../../src/domain/meeting-quality.ts";
import {
  countsText,
  dateLine,
  defaultAgenda,
  minutesPartsOf,
  officialParts,
  voteText,
} from "../../src/domain/official-minutes.ts";

const old = {
  chair: "Trần Văn Bình",
  recorder: "Lê Thị Hoa",
  startTime: "14:00",
  endTime: "16:00",
  introducedBy: "Trần Văn Bình",
  discussion: [],
  conclusions: "",
  tasks: [],
};

describe("the official minutes", () => {
  it.each([
    [
      { month: "2026-05", topicTitle: "Không có vùng cấm" },
      [
        "Đánh giá kết quả thực hiện nhiệm vụ tháng 4/2026",
        "Phương hướng, nhiệm vụ tháng 5/2026",
        "Sinh hoạt chuyên đề: Không có vùng cấm",
      ],
    ],
    [
      { month: "2027-01", topicTitle: null },
      [
        "Đánh giá kết quả thực hiện nhiệm vụ tháng 12/2026",
        "Phương hướng, nhiệm vụ tháng 1/2027",
        "Sinh hoạt chuyên đề",
      ],
    ],
    [
      { month: "2027-03", topicTitle: "Trị bệnh cứu người", kind: "thematic" as const },
      ["Sinh hoạt chuyên đề: Trị bệnh cứu người"],
    ],
  ])("prefills the agenda of %o", (input, agenda) => {
    expect(defaultAgenda(input)).toEqual(agenda);
  });

  it("names the parts a revision saved before the template lacks, and reads them as empty", () => {
    expect(missingMinutesParts(minutesPartsOf(old))).toEqual([
      "địa điểm",
      "nội dung sinh hoạt",
      "ý kiến thảo luận",
      "kết luận của chủ trì",
    ]);
    expect(officialParts(old)).toMatchObject({
      place: "",
      guests: [],
      agenda: [],
      resolution: null,
      readBack: false,
    });
    const full = {
      ...old,
      place: "Nhà văn hóa",
      agenda: ["Chuyên đề"],
      discussion: [{ by: "A", opinion: "B" }],
      conclusions: "C",
    };
    expect(missingMinutesParts(minutesPartsOf(full))).toEqual([]);
    expect(missingMinutesParts(minutesPartsOf({ ...full, agenda: ["  "] }))).toEqual(["nội dung sinh hoạt"]);
  });

  it("writes the counts, the vote and the date line as the template does", () => {
    const c = countCategories([
      { memberId: "1", status: "full", exempted: false, temporary: false, mark: "present" },
      { memberId: "2", status: "probationary", exempted: false, temporary: false, mark: "present" },
      { memberId: "3", status: "full", exempted: false, temporary: false, mark: "absent_excused" },
      { memberId: "4", status: "full", exempted: true, temporary: false, mark: "absent_excused" },
    ]);
    expect(countsText(c)).toEqual([
      "Tổng số đảng viên của chi bộ: 4 đồng chí (chính thức: 3; dự bị: 1).",
      "Số đảng viên được miễn sinh hoạt: 1 đồng chí.",
      "Số đảng viên phải dự: 3 đồng chí; có mặt: 2 đồng chí (chính thức: 1; dự bị: 1); vắng: 1 đồng chí (có lý do: 1; không lý do: 0).",
    ]);
    expect(voteText({ agree: 2, disagree: 0, other: 0 }, 2)).toBe(
      "Biểu quyết: 2/2 đồng chí có mặt nhất trí; 0 không nhất trí; 0 ý kiến khác.",
    );
    expect(dateLine("Minh Khai", "2026-05-04")).toBe("Minh Khai, ngày 4 tháng 5 năm 2026");
    expect(dateLine("", "2026-05-04")).toBe("……………, ngày 4 tháng 5 năm 2026");
  });
});
