import { DateTime } from "luxon";
import { describe, expect, it } from "vitest";
import { SEED_CAMPAIGN } from "../../src/campaigns/seed-campaign.ts";
import {
  cutAtWord,
  type MeetingView,
  meetingDescription,
  meetingSummary,
  partHeading,
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

const PEAK_TEXT = "kỷ niệm 136 năm Ngày sinh Chủ tịch Hồ Chí Minh (19/05/1890 - 19/05/2026)";
const ROUND_TEXT = "kỷ niệm 135 năm Ngày sinh Chủ tịch Hồ Chí Minh (19/05/1890 - 19/05/2025)";

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
  const SHORT: TopicView = { ...TOPIC, title: "Tự soi, tự sửa: nhận diện biểu hiện tiêu cực" };

  it("names what, the month and the topic of a normal meeting", () => {
    expect(meetingSummary(meeting({ topic: SHORT }))).toBe(
      "Sinh hoạt chi bộ tháng 5/2026: Tự soi, tự sửa: nhận diện biểu hiện tiêu cực",
    );
  });

  it("calls a make-up meeting what it is, in a branch's and in a committee's calendar", () => {
    expect(meetingSummary(meeting({ topic: SHORT, makeup: true }))).toBe(
      "Họp bù chi bộ tháng 5/2026: Tự soi, tự sửa: nhận diện biểu hiện tiêu cực",
    );
    expect(meetingSummary(meeting({ topic: SHORT, makeup: true }), { branchName: "Chi bộ Tổ 1" })).toMatch(
      /^Chi bộ Tổ 1 – họp bù tháng 5\/2026: /,
    );
  });

  it("cuts a long title at a word, with an ellipsis, within 80 characters", () => {
    const s = meetingSummary(meeting());
    expect(s).toBe("Sinh hoạt chi bộ tháng 5/2026: Phòng là cơ bản, lâu dài; chống là cấp bách…");
    expect([...s].length).toBeLessThanOrEqual(80);
  });

  it("marks a peak meeting with a star only: the anniversary opens the description", () => {
    const s = meetingSummary(meeting({ topic: SHORT, peak: { text: PEAK_TEXT, round: false } }));
    expect(s).toBe("★ Sinh hoạt chi bộ tháng 5/2026: Tự soi, tự sửa: nhận diện biểu hiện tiêu cực");
    const round = meetingSummary(meeting({ month: "2025-05", peak: { text: ROUND_TEXT, round: true } }));
    expect(round).not.toContain("kỷ niệm");
    expect([...round].length).toBeLessThanOrEqual(80);
  });

  it("prefixes a cancelled meeting", () => {
    const s = meetingSummary(meeting({ topic: SHORT, status: "cancelled", cancelReason: "Trùng lịch" }));
    expect(s).toBe("[ĐÃ HỦY] Sinh hoạt chi bộ tháng 5/2026: Tự soi, tự sửa: nhận diện biểu hiện…");
  });

  it("in a committee's calendar, names the branch instead of “Sinh hoạt chi bộ”", () => {
    const s = meetingSummary(meeting({ topic: SHORT }), { branchName: "Chi bộ thôn Nà Chì" });
    expect(s).toBe("Chi bộ thôn Nà Chì – tháng 5/2026: Tự soi, tự sửa: nhận diện biểu hiện tiêu cực");
  });

  it("leaves the topic out when none is chosen yet", () => {
    expect(meetingSummary(meeting({ topic: null }))).toBe("Sinh hoạt chi bộ tháng 5/2026");
  });
});

describe("cutAtWord", () => {
  it("keeps a short text, cuts a long one at a word and drops the dangling punctuation", () => {
    expect(cutAtWord("Ngắn gọn", 20)).toBe("Ngắn gọn");
    expect(cutAtWord("Quan điểm, phương châm chỉ đạo: không có vùng cấm", 33)).toBe(
      "Quan điểm, phương châm chỉ đạo…",
    );
    expect(cutAtWord("một hai ba", 8)).toBe("một hai…");
    // A word that ends right before a comma is whole.
    expect(cutAtWord("lâu dài, chống là cấp bách", 8)).toBe("lâu dài…");
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

describe("the topic as a member reads it", () => {
  it("names the part once, even when the catalogue's part title already says “Phần thứ nhất”", () => {
    const seedLike = { ...TOPIC, partTitle: `Phần thứ nhất: ${TOPIC.partTitle}` };
    expect(partHeading(seedLike)).toBe(`Phần thứ nhất: ${TOPIC.partTitle}`);
    const d = meetingDescription(meeting({ topic: seedLike }));
    expect(d).not.toContain("Phần thứ nhất: Phần thứ nhất");
    expect(d).toContain(`Phần thứ nhất: ${TOPIC.partTitle}`);
  });

  it("shows no internal code, and marks an estimated page range “khoảng”", () => {
    const d = meetingDescription(meeting({ topic: { ...TOPIC, pagesEstimated: true } }));
    expect(d).not.toContain("P1-02");
    expect(d).not.toContain("Mã chủ đề");
    expect(d.split("\n")).toContain("Tài liệu: khoảng trang 11–58");
  });
});

describe("every seed topic in every month fits a phone's calendar list", () => {
  const months: string[] = [];
  for (let y = 2023; y <= 2027; y++)
    for (let m = 1; m <= 12; m++) months.push(`${y}-${String(m).padStart(2, "0")}`);
  const variants: { name: string; over: Partial<MeetingView>; branchName?: string }[] = [
    { name: "planned", over: {} },
    { name: "round peak", over: { peak: { text: ROUND_TEXT, round: true } } },
    { name: "cancelled peak", over: { status: "cancelled", peak: { text: PEAK_TEXT, round: false } } },
    { name: "committee calendar", over: {}, branchName: "Chi bộ Trường Trung học cơ sở Cốc Pài" },
  ];

  it("at most 80 characters, the title whole or cut after a whole word with “…”", () => {
    let checked = 0;
    let longest = 0;
    for (const t of SEED_CAMPAIGN.topics) {
      const topic: TopicView = { ...TOPIC, ...t, pagesEstimated: t.pagesEstimated ?? false };
      for (const month of months) {
        for (const v of variants) {
          const s = meetingSummary(meeting({ month, topic, ...v.over }), { branchName: v.branchName });
          longest = Math.max(longest, [...s].length);
          expect([...s].length, s).toBeLessThanOrEqual(80);
          const at = s.indexOf(": ");
          expect(at, s).toBeGreaterThan(0);
          const shown = s.slice(at + 2);
          if (shown !== t.title) {
            expect(shown.endsWith("…"), s).toBe(true);
            const kept = shown.slice(0, -1);
            expect(t.title.startsWith(kept), s).toBe(true);
            // The next character of the title after the cut is a space or punctuation: no word was cut.
            expect(t.title.slice(kept.length), s).toMatch(/^[\s,;:.–-]/u);
            expect(kept.length, s).toBeGreaterThan(12);
          }
          checked++;
        }
      }
    }
    expect(checked).toBe(SEED_CAMPAIGN.topics.length * months.length * variants.length);
    expect(longest).toBeLessThanOrEqual(80);
  });

  it("the descriptions name each part once and mark the estimated pages", () => {
    for (const t of SEED_CAMPAIGN.topics) {
      const d = meetingDescription(meeting({ topic: { ...TOPIC, ...t } }));
      expect(d).not.toMatch(/Phần thứ \S+: Phần thứ/u);
      expect(d).not.toContain("Mã chủ đề");
      if (t.pageStart !== null) expect(d).toContain(`Tài liệu: khoảng trang ${t.pageStart}–${t.pageEnd}`);
    }
  });
});
