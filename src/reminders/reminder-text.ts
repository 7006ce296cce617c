/**
 * The Vietnamese words of every email the reminders send, as plain text and as HTML built from the same
 * lines (every value escaped). Pure: all data comes in as arguments.
 */
import type { MeetingView, PeakView } from "../domain/meeting-text.ts";
import { meetingDescription as describeMeeting } from "../domain/meeting-text.ts";
import { formatDate, formatDateWithWeekday, formatTime } from "../domain/vi-format.ts";
import { escapeHtml } from "../web/html.ts";

export interface RenderedMail {
  subject: string;
  text: string;
  html: string;
}

export interface Links {
  /** Where a member gets their calendar feed link (the token itself is only shown once, at creation). */
  feedUrl: string;
  unsubscribeUrl: string | null;
}

export const descriptions = new WeakMap<MeetingView, string>();

/** A batch renders one view for many recipients: describe it once. */
function meetingDescription(view: MeetingView): string {
  let d = descriptions.get(view);
  if (d === undefined) {
    d = describeMeeting(view);
    descriptions.set(view, d);
  }
  return d;
}

export function capitalise(s: string): string {
  const t = s.trim();
  return t ? t.charAt(0).toLocaleUpperCase("vi") + t.slice(1) : t;
}

/** "Kỷ niệm 136 năm Ngày sinh Chủ tịch Hồ Chí Minh (19/5/1890 - 19/5/2026)", round years stressed. */
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

// Like the description, the time and day of a view are worked out once for all its recipients.
const whens = new WeakMap<MeetingView, { when: string; day: string }>();

function whenOf(view: MeetingView): { when: string; day: string } {
  let w = whens.get(view);
  if (!w) {
    const start = view.start.setZone(view.timezone);
    const day = start.toISODate()!;
    w = { when: `${formatTime(start, view.timezone)} ${formatDateWithWeekday(day)}`, day };
    whens.set(view, w);
  }
  return w;
}

function when(view: MeetingView): string {
  return whenOf(view).when;
}

function topicTitle(view: MeetingView): string {
  return view.topic?.title.trim() || "chưa chọn chủ đề";
}

// ---------------------------------------------------------------------------------------------- HTML

const URL_RE = /https?:\/\/[^\s<>"']+/g;

/** Escapes a line, then turns its (escaped) http(s) links into anchors. */
function htmlLine(line: string): string {
  let out = "";
  let last = 0;
  for (const m of line.matchAll(URL_RE)) {
    const url = m[0];
    out += escapeHtml(line.slice(last, m.index));
    out += `<a href="${escapeHtml(url)}">${escapeHtml(url)}</a>`;
    last = m.index + url.length;
  }
  return out + escapeHtml(line.slice(last));
}

// The same meeting text goes to every member of a branch: its HTML is kept for the next recipient.
const paragraphCache = new Map<string, string>();

function htmlParagraph(p: string): string {
  let html = paragraphCache.get(p);
  if (html === undefined) {
    html = `<p>${p.split("\n").map(htmlLine).join("<br>\n")}</p>`;
    if (paragraphCache.size >= 256) paragraphCache.clear();
    paragraphCache.set(p, html);
  }
  return html;
}

/** Paragraphs are separated by blank lines; the `emphasis` lines open the mail in a coloured box. */
export function toHtml(title: string, paragraphs: string, emphasis: string[] = []): string {
  const body = paragraphs
    .split(/\n{2,}/)
    .map(htmlParagraph)
    .join("\n");
  const box = emphasis.length
    ? `<div style="border-left:4px solid #c00;padding:8px 12px;margin:0 0 16px;background:#fff4f4">` +
      `<strong style="color:#b00;font-size:1.15em">${htmlLine(emphasis[0]!)}</strong>` +
      emphasis
        .slice(1)
        .map((l) => `<br>${htmlLine(l)}`)
        .join("") +
      `</div>`
    : "";
  return (
    `<!doctype html><html lang="vi"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title></head>` +
    `<body style="font-family:Arial,Helvetica,sans-serif;line-height:1.5;color:#222">\n${box}\n${body}\n</body></html>`
  );
}

function assemble(subject: string, emphasis: string[], paragraphs: string[]): RenderedMail {
  const rest = paragraphs.filter((p) => p.trim().length > 0).join("\n\n");
  const text = emphasis.length ? `${emphasis.join("\n")}\n\n${rest}\n` : `${rest}\n`;
  return { subject, text, html: toHtml(subject, rest, emphasis) };
}

function footer(links: Links, optional: boolean): string {
  const lines = [
    `Lịch sinh hoạt trên điện thoại hoặc máy tính: đăng nhập chibo và tạo đường dẫn lịch cá nhân (iCal) tại ${links.feedUrl}`,
  ];
  if (optional && links.unsubscribeUrl) {
    lines.push(
      `Không muốn nhận thư nhắc lịch nữa? Hủy đăng ký: ${links.unsubscribeUrl}`,
      "(Thông báo thay đổi hoặc hủy buổi sinh hoạt vẫn được gửi.)",
    );
  }
  lines.push("Thư này được gửi tự động từ hệ thống chibo; vui lòng không trả lời.");
  return lines.join("\n");
}

// ---------------------------------------------------------------------------------------------- meetings

export interface MeetingMailInput {
  view: MeetingView;
  recipientName: string;
  links: Links;
  /** What changed since the recipient's last invite (updates only); never the old values. */
  changes?: string[];
  /** Today in the branch's zone, to say "hôm nay" / "ngày mai". */
  today?: string;
}

function dayWord(view: MeetingView, today: string | undefined): string {
  if (!today) return "";
  // Both are civil dates: their UTC midnights are whole days apart.
  const diff = (Date.parse(whenOf(view).day) - Date.parse(today)) / 86_400_000;
  if (diff === 0) return " hôm nay";
  if (diff === 1) return " ngày mai";
  return "";
}

export function meetingReminderMail(input: MeetingMailInput): RenderedMail {
  const { view } = input;
  const subject = `[Nhắc lịch] ${peakTag(view.peak)}Sinh hoạt chi bộ ${when(view)}: ${topicTitle(view)}`;
  const emphasis = view.peak ? peakOpening(view.peak) : [];
  return assemble(subject, emphasis, [
    `Kính gửi đồng chí ${input.recipientName},`,
    `Chi bộ nhắc đồng chí lịch sinh hoạt chi bộ${dayWord(view, input.today)}. Đề nghị đồng chí đọc trước nội dung chủ đề để tham gia thảo luận.`,
    meetingDescription(view),
    "Thư có kèm lời mời lịch: bấm \u201cChấp nhận\u201d hoặc \u201cThêm vào lịch\u201d để lưu buổi sinh hoạt vào lịch của đồng chí.",
    footer(input.links, true),
  ]);
}

export function meetingUpdateMail(input: MeetingMailInput): RenderedMail {
  const { view } = input;
  const subject = `[Thay đổi lịch] ${peakTag(view.peak)}Sinh hoạt chi bộ ${when(view)}: ${topicTitle(view)}`;
  const changes = input.changes?.length ? input.changes : ["thông tin buổi sinh hoạt"];
  const emphasis = view.peak ? peakOpening(view.peak) : [];
  return assemble(subject, emphasis, [
    `Kính gửi đồng chí ${input.recipientName},`,
    `THAY ĐỔI: ${capitalise(changes.join(", "))} của buổi sinh hoạt chi bộ đã được điều chỉnh. Thông tin mới nhất như sau; lời mời lịch kèm theo thay thế lời mời trước.`,
    meetingDescription(view),
    footer(input.links, false),
  ]);
}

export function meetingCancelMail(input: MeetingMailInput): RenderedMail {
  const { view } = input;
  const subject = `[Hủy lịch] Sinh hoạt chi bộ ${when(view)}: ${topicTitle(view)}`;
  return assemble(
    subject,
    [],
    [
      `Kính gửi đồng chí ${input.recipientName},`,
      "Buổi sinh hoạt chi bộ dưới đây ĐÃ HỦY. Lời mời lịch kèm theo sẽ xóa buổi này khỏi lịch của đồng chí.",
      meetingDescription(view),
      footer(input.links, false),
    ],
  );
}

export interface SecretaryPrepareInput extends MeetingMailInput {
  attendance: string[];
}

export function secretaryPrepareMail(input: SecretaryPrepareInput): RenderedMail {
  const { view } = input;
  const subject = `[Chuẩn bị sinh hoạt] ${peakTag(view.peak)}Sinh hoạt chi bộ ${when(view)}: ${topicTitle(view)}`;
  const emphasis = view.peak ? peakOpening(view.peak) : [];
  const list = input.attendance.length
    ? [
        `Danh sách điểm danh (${input.attendance.length} đồng chí):`,
        ...input.attendance.map((n, i) => `${i + 1}. ${n}`),
      ]
    : ["Danh sách điểm danh: chi bộ chưa có đảng viên nào đang sinh hoạt."];
  return assemble(subject, emphasis, [
    `Kính gửi đồng chí ${input.recipientName},`,
    "Còn một tuần đến buổi sinh hoạt chi bộ. Đề nghị đồng chí chuẩn bị: chủ đề và người giới thiệu, tài liệu (trang sách, đường dẫn), gợi ý thảo luận và danh sách điểm danh.",
    meetingDescription(view),
    list.join("\n"),
    footer(input.links, false),
  ]);
}

export function secretaryMinutesMail(
  input: MeetingMailInput & { again: boolean; dueDate: string | null },
): RenderedMail {
  const { view } = input;
  const day = formatDate(view.start.setZone(view.timezone).toISODate()!);
  const subject = `[${input.again ? "Nhắc lần 2" : "Nhắc"}: nộp biên bản] Sinh hoạt chi bộ ngày ${day}: ${topicTitle(view)}`;
  return assemble(
    subject,
    [],
    [
      `Kính gửi đồng chí ${input.recipientName},`,
      `Buổi sinh hoạt chi bộ ngày ${day} chưa có biên bản được nộp.${input.again ? " Đây là lần nhắc thứ hai." : ""} Đề nghị đồng chí hoàn thiện và nộp biên bản${input.dueDate ? ` trước ngày ${formatDate(input.dueDate)}` : ""}.`,
      `Trang buổi sinh hoạt: ${view.pageUrl ?? ""}`,
      footer(input.links, false),
    ],
  );
}

export function deadlineMail(input: {
  recipientName: string;
  title: string;
  date: string;
  daysLeft: number;
  links: Links;
}): RenderedMail {
  const subject = `[Hạn báo cáo] ${input.title} – hạn ${formatDate(input.date)} (còn ${input.daysLeft} ngày)`;
  return assemble(
    subject,
    [],
    [
      `Kính gửi đồng chí ${input.recipientName},`,
      `Hạn báo cáo \u201c${input.title}\u201d là ngày ${formatDateWithWeekday(input.date)}, còn ${input.daysLeft} ngày. Đề nghị đồng chí chuẩn bị và gửi báo cáo đúng hạn.`,
      footer(input.links, false),
    ],
  );
}

export function peakNoticeMail(input: {
  recipientName: string;
  peak: PeakView;
  date: string;
  branchName: string;
  links: Links;
}): RenderedMail {
  const head = capitalise(input.peak.text);
  const subject = `${input.peak.round ? "★★ Năm chẵn – " : "★ "}${head}`;
  return assemble(subject, peakOpening(input.peak), [
    `Kính gửi đồng chí ${input.recipientName},`,
    `Còn một tuần đến ngày ${formatDateWithWeekday(input.date)}. ${input.branchName} tập trung sinh hoạt cao điểm ${input.peak.text}${input.peak.round ? " (năm chẵn)" : ""}: đề nghị đồng chí theo dõi lịch sinh hoạt của chi bộ và tham gia đầy đủ các hoạt động kỷ niệm.`,
    footer(input.links, true),
  ]);
}
