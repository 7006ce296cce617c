/**
 * The mail words, pure: days counted from the sending day, changes old → new (topic too), a cancellation's
 * reason first, and an HTML mail that a 360 px phone shows without sideways scrolling although it carries
 * very long links.
 */
import { DateTime } from "luxon";
import { chromium } from "playwright-core";
import { describe, expect, it } from "vitest";
import type { MeetingView } from "../../src/domain/meeting-text.ts";
import {
  changeLines,
  countdown,
  meetingCancelMail,
  meetingReminderMail,
  meetingUpdateMail,
  secretaryPrepareMail,
} from "../../src/reminders/reminder-text.ts";

const ZONE = "Asia/Ho_Chi_Minh";
const LONG = `https://tulieu.example.vn/${"tac-pham-kien-quyet-kien-tri-dau-tranh-phong-chong-tham-nhung-".repeat(3)}?trang=115&den=140`;

function view(over: Partial<MeetingView> = {}): MeetingView {
  const start = DateTime.fromISO("2026-05-15T14:00", { zone: ZONE });
  return {
    id: "m1",
    month: "2026-05",
    start,
    end: start.plus({ hours: 2 }),
    timezone: ZONE,
    branchName: "Chi bộ Tổ dân phố 5",
    place: "Nhà văn hóa tổ 5",
    onlineUrl: LONG,
    topic: {
      code: "1.3",
      part: 1,
      partTitle: "Xây dựng Đảng",
      title: "Phòng là cơ bản, lâu dài",
      pageStart: 115,
      pageEnd: 140,
      summary: "Tóm tắt.",
      prompts: ["Liên hệ bản thân."],
      links: [{ title: "", url: LONG }],
    },
    peak: { text: "kỷ niệm 136 năm Ngày sinh Chủ tịch Hồ Chí Minh (19/05/1890 - 19/05/2026)", round: false },
    status: "planned",
    cancelReason: null,
    pageUrl: "https://chibo.test/cuoc-hop/m1",
    ...over,
  };
}
const links = {
  calendarUrl: "https://chibo.test/lich-cua-toi",
  accountUrl: "https://chibo.test/tai-khoan",
  unsubscribeUrl: "https://chibo.test/unsubscribe/abc.def",
  replyToName: "Nguyễn Thị Hằng",
};

describe("days, counted on the sending day", () => {
  it.each([
    [7, "Còn một tuần đến buổi sinh hoạt chi bộ."],
    [2, "Còn 2 ngày đến buổi sinh hoạt chi bộ."],
    [1, "Ngày mai là buổi sinh hoạt chi bộ."],
    [0, "Hôm nay là buổi sinh hoạt chi bộ."],
  ])("%i days → %s", (days, text) => {
    expect(countdown(days, "buổi sinh hoạt chi bộ")).toBe(text);
  });

  it("a prepare mail sent on 13/5 for 15/5 says two days", () => {
    const m = secretaryPrepareMail({
      view: view(),
      recipientName: "Hằng",
      links,
      today: "2026-05-13",
      attendance: [],
    });
    expect(m.text).toContain("Còn 2 ngày đến buổi sinh hoạt chi bộ.");
    expect(m.text.split("\n")[0]).toBe("Thời gian: 14h00–16h00, Thứ Sáu, 15/05/2026 (còn 2 ngày)");
    expect(m.text).not.toContain("một tuần");
  });
});

describe("changes old → new", () => {
  it("names time, place, online link and topic with old and new values", () => {
    const v = view();
    const { lead, changed } = changeLines(
      {
        start: "2026-05-14T07:00:00.000Z",
        end: "2026-05-14T09:00:00.000Z",
        place: "Hội trường cũ",
        onlineUrl: LONG,
        topic: "Chủ đề cũ",
      },
      v,
    );
    expect(changed).toEqual(["thời gian", "địa điểm", "chủ đề"]);
    expect(lead.slice(0, 2)).toEqual([
      {
        label: "Thời gian",
        text: "14h00–16h00, Thứ Sáu, 15/05/2026",
        old: "14h00–16h00, Thứ Năm, 14/05/2026",
      },
      { label: "Địa điểm", text: "Nhà văn hóa tổ 5", old: "Hội trường cũ" },
    ]);
    expect(lead).toContainEqual({ label: "Chủ đề", text: "Phòng là cơ bản, lâu dài", old: "Chủ đề cũ" });
  });

  it("the update mail opens with the changed lines", () => {
    const m = meetingUpdateMail({
      view: view(),
      recipientName: "Đức",
      links,
      before: {
        start: null,
        end: null,
        place: "Hội trường cũ",
        onlineUrl: LONG,
        topic: "Phòng là cơ bản, lâu dài",
      },
    });
    expect(m.text.split("\n").slice(0, 2)).toEqual([
      "Thời gian: 14h00–16h00, Thứ Sáu, 15/05/2026",
      "Địa điểm: Hội trường cũ → Nhà văn hóa tổ 5",
    ]);
  });

  it("a cancellation without a reason still says so first", () => {
    const m = meetingCancelMail({ view: view({ status: "cancelled" }), recipientName: "Đức", links });
    expect(m.text.split("\n")[0]).toBe("ĐÃ HỦY – Lý do: chưa ghi lý do");
  });
});

describe("on a 360 px phone", () => {
  it("the reminder's long links wrap: no sideways scrolling", async () => {
    const m = meetingReminderMail({
      view: view(),
      recipientName: "Trần Văn Đức",
      links,
      today: "2026-05-12",
    });
    expect(m.html).toContain(`href="${LONG.replace(/&/g, "&amp;")}"`);
    expect(m.html).not.toContain(`>${LONG}<`);
    const browser = await chromium.launch({
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    });
    try {
      const page = await browser.newPage({ viewport: { width: 360, height: 780 } });
      await page.setContent(m.html);
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      expect(overflow).toBeLessThanOrEqual(0);
      if (process.env.MAIL_SHOT) await page.screenshot({ path: process.env.MAIL_SHOT, fullPage: true });
    } finally {
      await browser.close();
    }
  });
});
