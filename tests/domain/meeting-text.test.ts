import { DateTime } from "luxon";
import { describe, expect, it } from "vitest";
import {
  type MeetingView,
  meetingDescription,
  meetingSummary,
  partLabel,
  type TopicView,
} from "../../src/domain/meeting-text.ts";

const HCM = "Asia/Ho_Chi_Minh";

const TOPIC: TopicView = {
  code: "P1-02",
  part: 1,
  partTitle:
    "Một số vấn đề rút ra từ thực tiễn công cuộc đấu tranh phòng, chống tham nhũng, tiêu cực ở Việt Nam",
  title: "Phòng là cơ bản, lâu dài; chống là cấp bách, trước mắt",
  pageStart: 11,
  pageEnd: 58,
  summary: "Tham nhũng là “giặc nội xâm”; đấu tranh không có vùng cấm, không có ngoại lệ.",
  prompts: [
    "Chi bộ đã làm gì để “không thể, không dám” tham nhũng?",
    "Liên hệ trách nhiệm nêu gương của mỗi đảng viên.",
  ],
  links: [{ title: "Toàn văn sách (PDF)", url: "https://example.vn/sach.pdf" }],
};

function meeting(over: Partial<MeetingView> = {}): MeetingView {
  return {
    id: "m-2026-05",
    month: "2026-05",
    // 14:00–16:00 in Hồ Chí Minh City, given as UTC instants: the text must convert.
    start: DateTime.fromISO("2026-05-19T07:00:00Z", { zone: "UTC" }),
    end: DateTime.fromISO("2026-05-19T09:00:00Z", { zone: "UTC" }),
    timezone: HCM,
    branchName: "Chi bộ Phòng Tổ chức – Hành chính",
    place: "Phòng họp tầng 2, trụ sở Sở",
    onlineUrl: null,
    topic: TOPIC,
    peak: null,
    status: "planned",
    cancelReason: null,
    pageUrl: "https://chibo.example.vn/hop/m-2026-05",
    ...over,
  };
}

const PEAK_TEXT = "kỷ niệm 136 năm Ngày sinh Chủ tịch Hồ Chí Minh (19/5/1890 - 19/5/2026)";
const ROUND_TEXT = "kỷ niệm 135 năm Ngày sinh Chủ tịch Hồ Chí Minh (19/5/1890 - 19/5/2025)";

describe("partLabel", () => {
  it("names the three parts and the value of the work", () => {
    expect(partLabel(0)).toBe("Giá trị của tác phẩm");
    expect(partLabel(1)).toBe("Phần thứ nhất");
    expect(partLabel(2)).toBe("Phần thứ hai");
    expect(partLabel(3)).toBe("Phần thứ ba");
    expect(partLabel(4)).toBe("Phần thứ tư");
  });

  it("rejects parts that cannot exist", () => {
    expect(() => partLabel(-1)).toThrow(RangeError);
    expect(() => partLabel(1.5)).toThrow(RangeError);
  });
});

describe("meetingSummary", () => {
  it("names the month and the topic of a normal meeting", () => {
    expect(meetingSummary(meeting())).toBe(
      "Sinh hoạt chi bộ tháng 5/2026: Phòng là cơ bản, lâu dài; chống là cấp bách, trước mắt",
    );
  });

  it("marks a peak meeting with one star and the anniversary", () => {
    expect(meetingSummary(meeting({ peak: { text: PEAK_TEXT, round: false } }))).toBe(
      `★ Sinh hoạt chi bộ tháng 5/2026 – ${PEAK_TEXT}: Phòng là cơ bản, lâu dài; chống là cấp bách, trước mắt`,
    );
  });

  it("marks a round anniversary more strongly", () => {
    const s = meetingSummary(meeting({ month: "2025-05", peak: { text: ROUND_TEXT, round: true } }));
    expect(s).toBe(
      `★★ Sinh hoạt chi bộ tháng 5/2025 – ${ROUND_TEXT} (năm chẵn): Phòng là cơ bản, lâu dài; chống là cấp bách, trước mắt`,
    );
  });

  it("prefixes a cancelled meeting", () => {
    const s = meetingSummary(meeting({ status: "cancelled", cancelReason: "Trùng lịch họp Đảng ủy" }));
    expect(s).toBe(
      "[ĐÃ HỦY] Sinh hoạt chi bộ tháng 5/2026: Phòng là cơ bản, lâu dài; chống là cấp bách, trước mắt",
    );
  });

  it("leaves the topic out when none is chosen yet", () => {
    expect(meetingSummary(meeting({ topic: null }))).toBe("Sinh hoạt chi bộ tháng 5/2026");
  });
});

describe("meetingDescription", () => {
  it("writes the full text of a normal meeting in the branch's zone", () => {
    expect(meetingDescription(meeting())).toBe(
      [
        "Chi bộ: Chi bộ Phòng Tổ chức – Hành chính",
        "Thời gian: 14h00–16h00, Thứ Ba, 19/05/2026",
        "Địa điểm: Phòng họp tầng 2, trụ sở Sở",
        "",
        "Chủ đề: Phòng là cơ bản, lâu dài; chống là cấp bách, trước mắt",
        `Phần thứ nhất: ${TOPIC.partTitle}`,
        "Tài liệu: trang 11–58",
        "Mã chủ đề: P1-02",
        "",
        "Nội dung chính:",
        TOPIC.summary,
        "",
        "Gợi ý thảo luận:",
        "1. Chi bộ đã làm gì để “không thể, không dám” tham nhũng?",
        "2. Liên hệ trách nhiệm nêu gương của mỗi đảng viên.",
        "",
        "Tài liệu tham khảo:",
        "- Toàn văn sách (PDF): https://example.vn/sach.pdf",
        "",
        "Xem chi tiết buổi sinh hoạt: https://chibo.example.vn/hop/m-2026-05",
      ].join("\n"),
    );
  });

  it("puts the anniversary first for a peak meeting", () => {
    const d = meetingDescription(meeting({ peak: { text: PEAK_TEXT, round: false } }));
    expect(d.split("\n")[0]).toBe(`★ Sinh hoạt cao điểm: ${PEAK_TEXT}`);
  });

  it("calls a round anniversary out as such", () => {
    const d = meetingDescription(meeting({ month: "2025-05", peak: { text: ROUND_TEXT, round: true } }));
    expect(d.split("\n")[0]).toBe(`★★ Sinh hoạt cao điểm (năm chẵn): ${ROUND_TEXT}`);
  });

  it("opens a cancelled meeting with the notice and gives the reason", () => {
    const d = meetingDescription(
      meeting({
        status: "cancelled",
        cancelReason: "Trùng lịch họp Đảng ủy",
        peak: { text: PEAK_TEXT, round: false },
      }),
    );
    const lines = d.split("\n");
    expect(lines[0]).toBe("ĐÃ HỦY: buổi sinh hoạt này không diễn ra.");
    expect(lines[2]).toBe(`★ Sinh hoạt cao điểm: ${PEAK_TEXT}`);
    expect(lines).toContain("Lý do hủy: Trùng lịch họp Đảng ủy");
    expect(lines.indexOf("Lý do hủy: Trùng lịch họp Đảng ủy")).toBeLessThan(
      lines.indexOf("Xem chi tiết buổi sinh hoạt: https://chibo.example.vn/hop/m-2026-05"),
    );
  });

  it("labels the value-of-the-work topic and a single page, and gives the online link", () => {
    const d = meetingDescription(
      meeting({
        place: null,
        onlineUrl: "https://meet.example.vn/chibo",
        topic: { ...TOPIC, part: 0, partTitle: "", pageStart: 7, pageEnd: null, prompts: [], links: [] },
      }),
    );
    const lines = d.split("\n");
    expect(lines).toContain("Họp trực tuyến: https://meet.example.vn/chibo");
    expect(lines).toContain("Giá trị của tác phẩm");
    expect(lines).toContain("Tài liệu: trang 7");
    expect(d).not.toContain("Địa điểm");
    expect(d).not.toContain("Gợi ý thảo luận");
  });

  it("writes the time in a branch abroad's own zone, across daylight saving", () => {
    const d = meetingDescription(
      meeting({
        timezone: "Europe/Berlin",
        start: DateTime.fromISO("2026-07-04T16:00:00Z"),
        end: DateTime.fromISO("2026-07-04T18:00:00Z"),
        month: "2026-07",
      }),
    );
    expect(d).toContain(
      "Thời gian: 18h00–20h00, Thứ Bảy, 04/07/2026 (giờ địa phương, múi giờ Europe/Berlin)",
    );
  });

  it("says when no topic is chosen", () => {
    expect(meetingDescription(meeting({ topic: null })).split("\n")).toContain("Chủ đề: chưa chọn");
  });
});
