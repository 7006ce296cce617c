/**
 * The Vietnamese words of every email the reminders send, as the parts that `mail-render.ts` turns into
 * plain text and HTML. Pure: all data comes in as arguments.
 *
 * Every mail about a meeting opens with its time and place (the lines a member looks for), then the
 * anniversary it stresses — once —, then the letter, the topic, and a footer with the person's calendar page
 * and mail preferences. A change notice shows each changed value old → new; a cancellation opens with its
 * reason. Days ("hôm nay", "còn 2 ngày") are counted from the day the mail is sent, in the branch's zone.
 */
import { DateTime } from "luxon";
import { HOME_ZONE } from "../domain/civil-date.ts";
import type { MeetingView, PeakView } from "../domain/meeting-text.ts";
import { meetingDescription as describeMeeting, meetingWord } from "../domain/meeting-text.ts";
import { formatDate, formatDateWithWeekday, formatTime } from "../domain/vi-format.ts";
import { type FooterLink, type Line, type MailParts, type RenderedMail, render } from "./mail-render.ts";

export type { RenderedMail };

export interface Links {
  /** The person's calendar page (their meetings, and the calendar feed link). */
  calendarUrl: string;
  /** Their account page, where they choose which mails they get. */
  accountUrl: string;
  unsubscribeUrl: string | null;
  /** The branch secretary that replies reach (the mail's Reply-To), when there is one. */
  replyToName?: string | null;
  /** The branch secretary who is the invite's ORGANIZER (calendar answers reach her), when there is one. */
  organizerName?: string | null;
  /** The member's own signed "báo vắng" link for this meeting (no password; expires at its start). */
  absenceUrl?: string | null;
}

/** How to send word of an absence, with the member's link: in every reminder of a meeting still on. */
function absenceNote(links: Links): string {
  if (!links.absenceUrl) return "";
  return [
    "Nếu không dự được, đồng chí bấm đường dẫn dưới đây để báo vắng và ghi lý do gửi bí thư chi bộ (không cần mật khẩu; đường dẫn dành riêng cho đồng chí, dùng được và rút lại được đến giờ họp).",
    `Báo vắng: ${links.absenceUrl}`,
  ].join("\n");
}

export function capitalise(s: string): string {
  const t = s.trim();
  return t ? t.charAt(0).toLocaleUpperCase("vi") + t.slice(1) : t;
}

/** "★ Kỷ niệm 136 năm Ngày sinh Chủ tịch Hồ Chí Minh (19/05/1890 - 19/05/2026)", round years stressed. */
export function peakOpening(peak: PeakView): string[] {
  const head = capitalise(peak.text);
  if (peak.round) {
    return [
      `★★ ${head} – NĂM CHẴN`,
      "Đây là buổi sinh hoạt cao điểm dịp kỷ niệm năm chẵn: đề nghị các đồng chí tham dự đầy đủ và chuẩn bị kỹ ý kiến phát biểu.",
    ];
  }
  return [`★ ${head}`, "Đây là buổi sinh hoạt cao điểm: đề nghị các đồng chí tham dự đầy đủ."];
}

function peakTag(peak: PeakView | null): string {
  if (!peak) return "";
  return peak.round ? "★★ Cao điểm năm chẵn – " : "★ Cao điểm – ";
}

function clean(s: string | null | undefined): string {
  return (s ?? "").trim();
}

// ---------------------------------------------------------------------------------------------- times

/** "14h00–16h00, Thứ Sáu, 15/05/2026" in `zone` (both ends, the second day when it runs past midnight). */
export function spanText(start: DateTime, end: DateTime, zone: string): string {
  const s = start.setZone(zone);
  const e = end.setZone(zone);
  const sd = s.toISODate()!;
  const ed = e.toISODate()!;
  const text =
    sd === ed
      ? `${formatTime(s, zone)}–${formatTime(e, zone)}, ${formatDateWithWeekday(sd)}`
      : `${formatTime(s, zone)}, ${formatDateWithWeekday(sd)} – ${formatTime(e, zone)}, ${formatDateWithWeekday(ed)}`;
  return zone === HOME_ZONE ? text : `${text} (giờ địa phương, múi giờ ${zone})`;
}

// Like the description, the time and day of a view are worked out once for all its recipients.
const whens = new WeakMap<MeetingView, { when: string; day: string; span: string }>();

function whenOf(view: MeetingView): { when: string; day: string; span: string } {
  let w = whens.get(view);
  if (!w) {
    const start = view.start.setZone(view.timezone);
    const day = start.toISODate()!;
    w = {
      when: `${formatTime(start, view.timezone)} ${formatDateWithWeekday(day)}`,
      day,
      span: spanText(view.start, view.end, view.timezone),
    };
    whens.set(view, w);
  }
  return w;
}

function when(view: MeetingView): string {
  return whenOf(view).when;
}

/** Whole days from `today` to the civil `day` (both yyyy-MM-dd), or null without a today. */
export function daysUntil(day: string, today: string | undefined): number | null {
  if (!today) return null;
  // Both are civil dates: their UTC midnights are whole days apart.
  return Math.round((Date.parse(day) - Date.parse(today)) / 86_400_000);
}

/** " (hôm nay)", " (ngày mai)", " (còn 3 ngày)": how far the meeting is on the day the mail goes. */
function daysNote(days: number | null): string {
  if (days === null || days < 0) return "";
  if (days === 0) return " (hôm nay)";
  if (days === 1) return " (ngày mai)";
  return ` (còn ${days} ngày)`;
}

/** "Còn một tuần đến …" at seven days, "Còn 2 ngày …", "Ngày mai là …", "Hôm nay là …": true on the day it is sent. */
export function countdown(days: number | null, what: string): string {
  if (days === null) return `Sắp đến ${what}.`;
  if (days < 0) return `${capitalise(what)} đã qua.`;
  if (days === 0) return `Hôm nay là ${what}.`;
  if (days === 1) return `Ngày mai là ${what}.`;
  if (days === 7) return `Còn một tuần đến ${what}.`;
  return `Còn ${days} ngày đến ${what}.`;
}

function topicTitle(view: MeetingView): string {
  return view.topic?.title.trim() || "chưa chọn chủ đề";
}

function footerOf(links: Links, optional: boolean): Pick<MailParts, "footer" | "footerNotes"> {
  const footer: FooterLink[] = [
    { label: "Lịch sinh hoạt của tôi", url: links.calendarUrl },
    { label: "Chọn thư muốn nhận", url: links.accountUrl },
  ];
  const footerNotes: string[] = [];
  if (optional && links.unsubscribeUrl) {
    footer.push({ label: "Hủy nhận thư nhắc lịch", url: links.unsubscribeUrl });
    footerNotes.push("(Thông báo thay đổi hoặc hủy buổi sinh hoạt vẫn được gửi.)");
  }
  footerNotes.push(
    links.replyToName
      ? `Trả lời thư này để liên hệ đồng chí bí thư chi bộ ${links.replyToName}.`
      : "Thư này được gửi tự động từ hệ thống chibo.",
  );
  return { footer, footerNotes };
}

// ---------------------------------------------------------------------------------------------- meetings

export interface MeetingMailInput {
  view: MeetingView;
  recipientName: string;
  links: Links;
  /** Today in the branch's zone, when the mail is sent: "hôm nay", "còn 2 ngày" are counted from it. */
  today?: string;
}

/** What a change notice shows: the meeting as the recipient last got it (absent: they got none). */
export interface Before {
  start: string | null;
  end: string | null;
  place: string | null;
  onlineUrl: string | null;
  topic: string | null;
  /** The recipient's last invite cancelled the meeting. */
  cancelled?: boolean;
}

const NO_PLACE = "chưa có (chi bộ sẽ thông báo)";

/** Time, place, online link and branch: the lines a mail about a meeting opens with. */
function logistics(view: MeetingView, dayNote = ""): Line[] {
  const lines: Line[] = [{ label: "Thời gian", text: `${whenOf(view).span}${dayNote}` }];
  lines.push({ label: "Địa điểm", text: clean(view.place) || NO_PLACE });
  if (clean(view.onlineUrl)) lines.push({ label: "Họp trực tuyến", text: clean(view.onlineUrl) });
  if (clean(view.branchName)) lines.push({ label: "Chi bộ", text: clean(view.branchName) });
  return lines;
}

const topicParts = new WeakMap<MeetingView, string>();

/**
 * The topic, prompts, material and the meeting's page, as the feeds describe them, without what the lead
 * and the peak box already say (time, place, anniversary).
 */
function topicPart(view: MeetingView): string {
  let t = topicParts.get(view);
  if (t === undefined) {
    const d = describeMeeting({ ...view, peak: null, status: "planned", cancelReason: null });
    t = d
      .split(/\n{2,}/)
      .filter((p) => !/^(Thời gian|Chi bộ): /m.test(p))
      .join("\n\n");
    topicParts.set(view, t);
  }
  return t;
}

function peakBox(view: MeetingView): string[] | undefined {
  return view.peak && clean(view.peak.text) ? peakOpening(view.peak) : undefined;
}

export function meetingReminderMail(input: MeetingMailInput): RenderedMail {
  const { view } = input;
  const days = daysUntil(whenOf(view).day, input.today);
  return render({
    subject: `[Nhắc lịch] ${peakTag(view.peak)}${meetingWord(view)} ${when(view)}: ${topicTitle(view)}`,
    lead: logistics(view, daysNote(days)),
    peak: peakBox(view),
    paragraphs: [
      `Kính gửi đồng chí ${input.recipientName},`,
      `${countdown(days, "buổi sinh hoạt chi bộ")} Đề nghị đồng chí đọc trước nội dung chủ đề để tham gia thảo luận.`,
      absenceNote(input.links),
      topicPart(view),
      inviteNote(input.links),
    ],
    ...footerOf(input.links, true),
  });
}

/** What the invite does when the member answers it, as it really happens (see reminder-compose `invite`). */
function inviteNote(links: Links): string {
  const lead = "Thư có kèm lời mời lịch";
  if (!links.organizerName) {
    return `${lead}: bấm \u201cThêm vào lịch\u201d để lưu buổi sinh hoạt vào lịch của đồng chí. Chi bộ chưa có địa chỉ thư của đồng chí bí thư nên lời mời không nhận trả lời.`;
  }
  if (!links.replyToName) {
    return `${lead}: đồng chí là người tổ chức; câu trả lời \u201cChấp nhận\u201d hoặc \u201cTừ chối\u201d của đảng viên được gửi về hộp thư của đồng chí.`;
  }
  return `${lead}: bấm \u201cChấp nhận\u201d để lưu buổi sinh hoạt vào lịch của đồng chí; câu trả lời \u201cChấp nhận\u201d hoặc \u201cTừ chối\u201d được gửi tới đồng chí bí thư chi bộ ${links.organizerName}.`;
}

/** The changed lead lines old → new (time, place, online link) and the topic, from what the member last got. */
export function changeLines(before: Before | null, view: MeetingView): { lead: Line[]; changed: string[] } {
  const lead = logistics(view);
  const changed: string[] = [];
  if (!before) return { lead, changed };
  const zone = view.timezone;
  const now = { start: view.start.toUTC().toISO(), end: view.end.toUTC().toISO() };
  if (before.start && before.end && (before.start !== now.start || before.end !== now.end)) {
    const old = spanText(DateTime.fromISO(before.start), DateTime.fromISO(before.end), zone);
    lead[0] = { ...lead[0]!, old };
    changed.push("thời gian");
  }
  if (clean(before.place) !== clean(view.place)) {
    lead[1] = { ...lead[1]!, old: clean(before.place) || NO_PLACE };
    changed.push("địa điểm");
  }
  if (clean(before.onlineUrl) !== clean(view.onlineUrl)) {
    const line = {
      label: "Họp trực tuyến",
      text: clean(view.onlineUrl) || "không còn",
      old: clean(before.onlineUrl) || "không có",
    };
    const at = lead.findIndex((l) => l.label === "Họp trực tuyến");
    if (at >= 0) lead[at] = line;
    else lead.splice(2, 0, line);
    changed.push("đường dẫn họp trực tuyến");
  }
  if (clean(before.topic) !== clean(view.topic?.title)) {
    lead.splice(lead.length - (clean(view.branchName) ? 1 : 0), 0, {
      label: "Chủ đề",
      text: clean(view.topic?.title) || "chưa chọn",
      old: clean(before.topic) || "chưa chọn",
    });
    changed.push("chủ đề");
  }
  return { lead, changed };
}

export function meetingUpdateMail(input: MeetingMailInput & { before?: Before | null }): RenderedMail {
  const { view } = input;
  const { lead, changed } = changeLines(input.before ?? null, view);
  // Put back on after the cancellation this member was sent: say so, not "adjusted".
  const back = input.before?.cancelled === true && view.status === "planned";
  const what = changed.length
    ? `Buổi sinh hoạt chi bộ đã thay đổi ${changed.join(", ")} (cũ → mới, ở trên).`
    : "Thông tin buổi sinh hoạt chi bộ đã được điều chỉnh; thông tin mới nhất ở trên.";
  const news = back
    ? `HỌP TRỞ LẠI: Buổi sinh hoạt chi bộ đã báo hủy nay vẫn diễn ra theo lịch ở trên.${changed.length ? ` Buổi sinh hoạt đã thay đổi ${changed.join(", ")} (cũ → mới, ở trên).` : ""} Lời mời lịch kèm theo đưa buổi này trở lại lịch của đồng chí.`
    : `THAY ĐỔI: ${what} Lời mời lịch kèm theo thay thế lời mời trước.`;
  return render({
    subject: `[${back ? "Họp trở lại" : "Thay đổi lịch"}] ${peakTag(view.peak)}${meetingWord(view)} ${when(view)}: ${topicTitle(view)}`,
    lead,
    peak: peakBox(view),
    paragraphs: [
      `Kính gửi đồng chí ${input.recipientName},`,
      news,
      view.status === "planned" ? absenceNote(input.links) : "",
      topicPart(view),
    ],
    ...footerOf(input.links, false),
  });
}

export function meetingCancelMail(input: MeetingMailInput): RenderedMail {
  const { view } = input;
  const reason = clean(view.cancelReason) || "chưa ghi lý do";
  return render({
    subject: `[Hủy lịch] ${meetingWord(view)} ${when(view)}: ${topicTitle(view)}`,
    lead: [{ text: `ĐÃ HỦY – Lý do: ${reason}` }, ...logistics(view)],
    paragraphs: [
      `Kính gửi đồng chí ${input.recipientName},`,
      `Buổi sinh hoạt chi bộ trên ĐÃ HỦY và không diễn ra. Lời mời lịch kèm theo sẽ xóa buổi này khỏi lịch của đồng chí.`,
      `Chủ đề: ${topicTitle(view)}`,
    ],
    ...footerOf(input.links, false),
  });
}

export interface SecretaryPrepareInput extends MeetingMailInput {
  attendance: string[];
  /** Who sent word that they will be absent, and why. */
  notices?: { fullName: string; reason: string }[];
}

/** The prepare mail's list of who sent word, and where the latest list is. */
function noticesPart(notices: { fullName: string; reason: string }[], pageUrl: string | null): string {
  const where = pageUrl ? `\nXem danh sách mới nhất: ${pageUrl}` : "";
  if (notices.length === 0)
    return `Báo vắng: chưa có đồng chí nào báo vắng. Đảng viên báo vắng bằng đường dẫn trong thư nhắc lịch hoặc trên trang buổi sinh hoạt.${where}`;
  return (
    [
      `Đã báo vắng (${notices.length} đồng chí):`,
      ...notices.map((n, i) => `${i + 1}. ${n.fullName} – lý do: ${n.reason}`),
    ].join("\n") + where
  );
}

export function secretaryPrepareMail(input: SecretaryPrepareInput): RenderedMail {
  const { view } = input;
  const days = daysUntil(whenOf(view).day, input.today);
  const list = input.attendance.length
    ? [
        `Danh sách điểm danh (${input.attendance.length} đồng chí):`,
        ...input.attendance.map((n, i) => `${i + 1}. ${n}`),
      ]
    : ["Danh sách điểm danh: chi bộ chưa có đảng viên nào đang sinh hoạt."];
  return render({
    subject: `[Chuẩn bị sinh hoạt] ${peakTag(view.peak)}${meetingWord(view)} ${when(view)}: ${topicTitle(view)}`,
    lead: logistics(view, daysNote(days)),
    peak: peakBox(view),
    paragraphs: [
      `Kính gửi đồng chí ${input.recipientName},`,
      `${countdown(days, "buổi sinh hoạt chi bộ")} Đề nghị đồng chí chuẩn bị: chủ đề và người giới thiệu, tài liệu (trang sách, đường dẫn), gợi ý thảo luận và danh sách điểm danh.`,
      topicPart(view),
      list.join("\n"),
      noticesPart(input.notices ?? [], view.pageUrl ?? null),
    ],
    ...footerOf(input.links, false),
  });
}

export function secretaryMinutesMail(
  input: MeetingMailInput & { again: boolean; dueDate: string | null },
): RenderedMail {
  const { view } = input;
  const day = formatDate(whenOf(view).day);
  const lead: Line[] = [];
  if (input.dueDate) lead.push({ label: "Hạn nộp biên bản", text: formatDateWithWeekday(input.dueDate) });
  lead.push(...logistics(view));
  return render({
    subject: `[${input.again ? "Nhắc lần 2" : "Nhắc"}: nộp biên bản] ${meetingWord(view)} ngày ${day}: ${topicTitle(view)}`,
    lead,
    paragraphs: [
      `Kính gửi đồng chí ${input.recipientName},`,
      `Buổi sinh hoạt chi bộ ngày ${day} chưa có biên bản được nộp.${input.again ? " Đây là lần nhắc thứ hai." : ""} Đề nghị đồng chí hoàn thiện và nộp biên bản${input.dueDate ? ` trước ngày ${formatDate(input.dueDate)}` : ""}.`,
      `Chủ đề: ${topicTitle(view)}`,
      `Trang buổi sinh hoạt: ${view.pageUrl ?? ""}`,
    ],
    ...footerOf(input.links, false),
  });
}

export function deadlineMail(input: {
  recipientName: string;
  title: string;
  date: string;
  daysLeft: number;
  links: Links;
}): RenderedMail {
  return render({
    subject: `[Hạn báo cáo] ${input.title} – hạn ${formatDate(input.date)} (còn ${input.daysLeft} ngày)`,
    lead: [{ label: "Hạn báo cáo", text: `${formatDateWithWeekday(input.date)}${daysNote(input.daysLeft)}` }],
    paragraphs: [
      `Kính gửi đồng chí ${input.recipientName},`,
      `Hạn báo cáo \u201c${input.title}\u201d là ngày ${formatDateWithWeekday(input.date)}, còn ${input.daysLeft} ngày. Đề nghị đồng chí chuẩn bị và gửi báo cáo đúng hạn.`,
    ],
    ...footerOf(input.links, false),
  });
}

/** A quarter's last month has begun without a thematic meeting held or planned (docs/rules/branch-meetings.md). */
export function thematicMail(input: {
  recipientName: string;
  branchName: string;
  /** "2026-Q2". */
  quarter: string;
  homeUrl: string;
  links: Links;
}): RenderedMail {
  const q = `quý ${input.quarter.slice(6)}/${input.quarter.slice(0, 4)}`;
  return render({
    subject: `[Sinh hoạt chuyên đề] ${input.branchName} chưa có buổi chuyên đề ${q}`,
    lead: [{ label: "Quý", text: q }],
    paragraphs: [
      `Kính gửi đồng chí ${input.recipientName},`,
      `Đã sang tháng cuối ${q} mà ${input.branchName} chưa tổ chức và chưa lên kế hoạch buổi sinh hoạt chuyên đề nào. Hướng dẫn 12-HD/BTCTW yêu cầu mỗi quý ít nhất một buổi sinh hoạt chuyên đề.`,
      `Đề nghị đồng chí chọn một buổi sinh hoạt trong tháng này và đặt loại "Sinh hoạt chuyên đề" (hoặc "thường kỳ kết hợp chuyên đề") trên trang buổi sinh hoạt: ${input.homeUrl}`,
    ],
    ...footerOf(input.links, false),
  });
}

export function peakNoticeMail(input: {
  recipientName: string;
  peak: PeakView;
  date: string;
  branchName: string;
  links: Links;
  /** Today in the branch's zone, when the mail is sent. */
  today?: string;
}): RenderedMail {
  const head = capitalise(input.peak.text);
  const days = daysUntil(input.date, input.today);
  return render({
    subject: `${input.peak.round ? "★★ Năm chẵn – " : "★ "}${head}`,
    lead: [{ label: "Ngày kỷ niệm", text: `${formatDateWithWeekday(input.date)}${daysNote(days)}` }],
    peak: peakOpening(input.peak),
    paragraphs: [
      `Kính gửi đồng chí ${input.recipientName},`,
      `${countdown(days, `ngày ${formatDateWithWeekday(input.date)}`)} ${input.branchName} tập trung sinh hoạt cao điểm dịp kỷ niệm này: đề nghị đồng chí theo dõi lịch sinh hoạt của chi bộ và tham gia đầy đủ các hoạt động kỷ niệm.`,
    ],
    ...footerOf(input.links, true),
  });
}
