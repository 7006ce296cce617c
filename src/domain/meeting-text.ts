/**
 * The Vietnamese words for one monthly branch meeting: the calendar summary line and the plain-text
 * description that feeds (iCal) and emails share. Pure: every value comes in through the view.
 */
import type { DateTime } from "luxon";
import { civilDate, HOME_ZONE } from "./civil-date.ts";
import { formatDateWithWeekday, formatMonth, formatTime } from "./vi-format.ts";

export interface TopicView {
  code: string;
  /** 1, 2, 3 = the parts of the book; 0 = the value of the work ("Giá trị của tác phẩm"). */
  part: number;
  partTitle: string;
  title: string;
  pageStart: number | null;
  pageEnd: number | null;
  /** The catalogue only estimates the page range (the book prints no such chapter): "khoảng trang …". */
  pagesEstimated?: boolean;
  summary: string;
  prompts: string[];
  links: { title: string; url: string }[];
}

export interface PeakView {
  /** e.g. "kỷ niệm 136 năm Ngày sinh Chủ tịch Hồ Chí Minh (19/05/1890 - 19/05/2026)" */
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
  /** A make-up meeting (họp bù) for a cancelled or missed one. */
  makeup?: boolean;
}

/** What the meeting is called in a title: "Sinh hoạt chi bộ", or "Họp bù chi bộ" for a make-up meeting. */
export function meetingWord(m: Pick<MeetingView, "makeup">): string {
  return m.makeup ? "Họp bù chi bộ" : "Sinh hoạt chi bộ";
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

/** A calendar list on a phone shows about this many characters of a SUMMARY. */
export const SUMMARY_MAX = 80;

/**
 * `text` cut to at most `max` characters at a word boundary, with "…" when cut; punctuation left dangling
 * at the cut goes. A single word longer than `max` is cut inside it, as nothing else fits.
 */
export function cutAtWord(text: string, max: number): string {
  const t = text.replace(/\s+/g, " ").trim();
  if ([...t].length <= max) return t;
  if (max <= 1) return "…".slice(0, max);
  const chars = [...t].slice(0, max); // room for "…": cut at max − 1 below
  let cut = chars.slice(0, max - 1).join("");
  const next = chars[max - 1];
  // The cut ends a word when the next character is a space or punctuation; else go back to a space.
  if (!/[\s,;:.!?)\]”’"']/u.test(next ?? " ")) {
    const space = cut.lastIndexOf(" ");
    if (space > 0) cut = cut.slice(0, space);
  }
  cut = cut.replace(/[\s,;:–—-]+$/u, "");
  return `${cut}…`;
}

/**
 * The calendar list line, at most SUMMARY_MAX characters: what, the month, the topic's title (cut at a
 * word with "…" when long): "Sinh hoạt chi bộ tháng 5/2026: <title>"; "★ " in front of a peak meeting (the
 * anniversary itself opens the description); "[ĐÃ HỦY] " in front of a cancelled one. `branchName` (a
 * committee's calendar of many branches) comes first and takes the place of "Sinh hoạt chi bộ".
 */
export function meetingSummary(m: MeetingView, opts: { branchName?: string } = {}): string {
  let marks = m.peak && clean(m.peak.text) ? "★ " : "";
  if (m.status === "cancelled") marks = `[ĐÃ HỦY] ${marks}`;
  // A committee's calendar lists many branches: the branch comes first, the marks after it.
  const head = cutAtWord(
    opts.branchName
      ? `${clean(opts.branchName)} – ${marks}${m.makeup ? "họp bù " : ""}${formatMonth(m.month)}`
      : `${marks}${meetingWord(m)} ${formatMonth(m.month)}`,
    SUMMARY_MAX,
  );
  const title = clean(m.topic?.title);
  const room = SUMMARY_MAX - [...head].length - 2;
  if (!title || room < 8) return head;
  return `${head}: ${cutAtWord(title, room)}`;
}

/** "trang 11–38", "khoảng trang 11–38" when the catalogue only estimates it, "trang 5"; null without pages. */
export function pagesText(topic: Pick<TopicView, "pageStart" | "pageEnd" | "pagesEstimated">): string | null {
  const { pageStart, pageEnd } = topic;
  const about = topic.pagesEstimated ? "khoảng " : "";
  if (pageStart !== null && pageEnd !== null && pageEnd !== pageStart)
    return `${about}trang ${pageStart}–${pageEnd}`;
  const single = pageStart ?? pageEnd;
  return single === null ? null : `${about}trang ${single}`;
}

/**
 * The part a topic belongs to, once: "Phần thứ nhất: Một số vấn đề …". A part title that already opens with
 * its label (the seeds write "Phần thứ nhất: …") is not labelled again.
 */
export function partHeading(topic: Pick<TopicView, "part" | "partTitle">): string {
  const label = partLabel(topic.part);
  const title = clean(topic.partTitle);
  if (!title || title === label) return label;
  if (/^(phần\s+thứ\s+\S+|phần\s+\d+|giá trị của tác phẩm)\s*[:.–-]?/iu.test(title)) return title;
  return `${label}: ${title}`;
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
  head.push(partHeading(topic));
  const pages = pagesText(topic);
  if (pages) head.push(`Tài liệu: ${pages}`);
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

/** "Còn 3 ngày", "Hôm nay", "Ngày mai": from `today` (the branch's civil date) to the meeting's date. */
export function countdownText(date: string, today: string): string {
  const days = Math.round(civilDate(date).diff(civilDate(today), "days").days);
  if (days <= 0) return "Hôm nay";
  if (days === 1) return "Ngày mai";
  return `Còn ${days} ngày`;
}
