/**
 * The Vietnamese words for one monthly branch meeting: the calendar summary line and the plain-text
 * description that feeds (iCal) and emails share. Pure: every value comes in through the view.
 */
import type { DateTime } from "luxon";
import { HOME_ZONE } from "./civil-date.ts";
import { formatDateWithWeekday, formatMonth, formatTime } from "./vi-format.ts";

export interface TopicView {
  code: string;
  /** 1, 2, 3 = the parts of the book; 0 = the value of the work ("Giá trị của tác phẩm"). */
  part: number;
  partTitle: string;
  title: string;
  pageStart: number | null;
  pageEnd: number | null;
  summary: string;
  prompts: string[];
  links: { title: string; url: string }[];
}

export interface PeakView {
  /** e.g. "kỷ niệm 136 năm Ngày sinh Chủ tịch Hồ Chí Minh (19/5/1890 - 19/5/2026)" */
  text: string;
  /** A round anniversary (năm chẵn), celebrated more strongly. */
  round: boolean;
}

export interface MeetingView {
  id: string;
  /** yyyy-MM */
  month: string;
  start: DateTime;
  end: DateTime;
  /** The branch's IANA zone; times are written in it. */
  timezone: string;
  branchName: string;
  place: string | null;
  onlineUrl: string | null;
  topic: TopicView | null;
  peak: PeakView | null;
  status: "planned" | "cancelled" | "held";
  cancelReason: string | null;
  pageUrl: string | null;
}

const PART_ORDINALS = ["nhất", "hai", "ba", "tư", "năm", "sáu", "bảy", "tám", "chín", "mười"] as const;

/** 0 → "Giá trị của tác phẩm", 1 → "Phần thứ nhất", 2 → "Phần thứ hai", 3 → "Phần thứ ba", 4 → "Phần thứ tư" … */
export function partLabel(part: number): string {
  if (!Number.isInteger(part) || part < 0) throw new RangeError(`part out of range: ${part}`);
  if (part === 0) return "Giá trị của tác phẩm";
  const ordinal = PART_ORDINALS[part - 1];
  return ordinal ? `Phần thứ ${ordinal}` : `Phần ${part}`;
}

function clean(text: string | null | undefined): string {
  return (text ?? "").trim();
}

/**
 * "Sinh hoạt chi bộ tháng 5/2026: <topic title>";
 * peak: "★ Sinh hoạt chi bộ tháng 5/2026 – kỷ niệm …: <title>";
 * round peak: "★★ Sinh hoạt chi bộ tháng 5/2025 – kỷ niệm … (năm chẵn): <title>";
 * cancelled: "[ĐÃ HỦY] " in front of all of it.
 */
export function meetingSummary(m: MeetingView): string {
  let s = `Sinh hoạt chi bộ ${formatMonth(m.month)}`;
  if (m.peak) {
    const text = clean(m.peak.text);
    if (text) s += ` – ${text}`;
    if (m.peak.round) s += " (năm chẵn)";
    s = `${m.peak.round ? "★★" : "★"} ${s}`;
  }
  const title = clean(m.topic?.title);
  if (title) s += `: ${title}`;
  if (m.status === "cancelled") s = `[ĐÃ HỦY] ${s}`;
  return s;
}

function pagesText(topic: TopicView): string | null {
  const { pageStart, pageEnd } = topic;
  if (pageStart !== null && pageEnd !== null && pageEnd !== pageStart) return `trang ${pageStart}–${pageEnd}`;
  const single = pageStart ?? pageEnd;
  return single === null ? null : `trang ${single}`;
}

function whenText(m: MeetingView): string {
  const start = m.start.setZone(m.timezone);
  const end = m.end.setZone(m.timezone);
  const startDay = start.toISODate();
  const endDay = end.toISODate();
  if (!startDay || !endDay) throw new RangeError(`invalid meeting time for ${m.id}`);
  let s: string;
  if (startDay === endDay) {
    s = `${formatTime(start, m.timezone)}–${formatTime(end, m.timezone)}, ${formatDateWithWeekday(startDay)}`;
  } else {
    s =
      `${formatTime(start, m.timezone)}, ${formatDateWithWeekday(startDay)} – ` +
      `${formatTime(end, m.timezone)}, ${formatDateWithWeekday(endDay)}`;
  }
  if (m.timezone !== HOME_ZONE) s += ` (giờ địa phương, múi giờ ${m.timezone})`;
  return s;
}

function topicSections(topic: TopicView): string[] {
  const sections: string[] = [];
  const head: string[] = [`Chủ đề: ${clean(topic.title)}`];
  const label = partLabel(topic.part);
  const partTitle = clean(topic.partTitle);
  head.push(partTitle && partTitle !== label ? `${label}: ${partTitle}` : label);
  const pages = pagesText(topic);
  if (pages) head.push(`Tài liệu: ${pages}`);
  if (clean(topic.code)) head.push(`Mã chủ đề: ${clean(topic.code)}`);
  sections.push(head.join("\n"));

  const summary = clean(topic.summary);
  if (summary) sections.push(`Nội dung chính:\n${summary}`);

  const prompts = topic.prompts.map(clean).filter((p) => p.length > 0);
  if (prompts.length > 0) {
    sections.push(["Gợi ý thảo luận:", ...prompts.map((p, i) => `${i + 1}. ${p}`)].join("\n"));
  }

  const links = topic.links.filter((l) => clean(l.url).length > 0);
  if (links.length > 0) {
    sections.push(
      [
        "Tài liệu tham khảo:",
        ...links.map((l) => (clean(l.title) ? `- ${clean(l.title)}: ${clean(l.url)}` : `- ${clean(l.url)}`)),
      ].join("\n"),
    );
  }
  return sections;
}

/**
 * Plain text, sections separated by a blank line: the anniversary (peak meetings) first, then branch,
 * time in the branch's zone, place and online link, the topic (part, pages, summary, numbered prompts,
 * material links), the cancellation and its reason, and the link to the meeting's page.
 * A cancelled meeting opens with the cancellation notice so that nobody reads past it.
 */
export function meetingDescription(m: MeetingView): string {
  const sections: string[] = [];
  const cancelled = m.status === "cancelled";
  const reason = clean(m.cancelReason);

  if (cancelled) sections.push("ĐÃ HỦY: buổi sinh hoạt này không diễn ra.");

  if (m.peak && clean(m.peak.text)) {
    const label = m.peak.round ? "★★ Sinh hoạt cao điểm (năm chẵn)" : "★ Sinh hoạt cao điểm";
    sections.push(`${label}: ${clean(m.peak.text)}`);
  }

  const logistics: string[] = [];
  if (clean(m.branchName)) logistics.push(`Chi bộ: ${clean(m.branchName)}`);
  logistics.push(`Thời gian: ${whenText(m)}`);
  if (clean(m.place)) logistics.push(`Địa điểm: ${clean(m.place)}`);
  if (clean(m.onlineUrl)) logistics.push(`Họp trực tuyến: ${clean(m.onlineUrl)}`);
  if (m.status === "held") logistics.push("Tình trạng: đã tổ chức");
  sections.push(logistics.join("\n"));

  if (m.topic) sections.push(...topicSections(m.topic));
  else sections.push("Chủ đề: chưa chọn");

  if (cancelled) sections.push(reason ? `Lý do hủy: ${reason}` : "Lý do hủy: chưa ghi lý do");

  if (clean(m.pageUrl)) sections.push(`Xem chi tiết buổi sinh hoạt: ${clean(m.pageUrl)}`);

  return sections.join("\n\n");
}
