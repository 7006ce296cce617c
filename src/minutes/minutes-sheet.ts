/**
 * The official minutes as lines of text, pure: what the printed A4 minutes (src/web/minutes-print-page.tsx)
 * and the .docx (minutes-docx.ts) both write, so that the two say the same thing. Filled from the submitted
 * minutes; where none is submitted, the same form with dotted lines to fill by hand.
 */
import { countsText, dateLine, voteText } from "../domain/official-minutes.ts";
import { formatDate, formatDateWithWeekday, formatMonth, formatTime } from "../domain/vi-format.ts";
import type { MinutesDocument } from "./minutes-document-service.ts";

/** A line: an optional bold label, then its text. `dots`: a line left to fill by hand. */
export interface SheetLine {
  label?: string;
  text: string;
  dots?: boolean;
}

export interface SheetSection {
  heading: string;
  lines: SheetLine[];
}

export interface MinutesSheet {
  /** Upper case: the party organisation, the branch (bold), "*", "Số: …". */
  issuer: { organisation: string; branch: string; number: string };
  dateLine: string;
  title: string;
  subtitle: string;
  sections: SheetSection[];
  closing: string[];
  signatures: { recorder: string; chair: string };
}

const DOTS = "…………………………………………………………………………………………";
const upper = (s: string) => s.normalize("NFC").toLocaleUpperCase("vi-VN");
const hm = (t: string) => t.replace(":", " giờ ");
const guestText = (names: string[]) => names.map((n) => `${n} (khách mời)`).join("; ");

/** "Chi bộ Tổ dân phố 5" → "CHI BỘ TỔ DÂN PHỐ 5"; a name without "Chi bộ" gets it. */
function branchLine(name: string): string {
  const n = name.normalize("NFC").trim();
  return upper(/^chi bộ(\s|$)/i.test(n) ? n : `Chi bộ ${n}`);
}

export function minutesSheet(doc: MinutesDocument): MinutesSheet {
  const v = doc.record.view;
  const c = doc.minutes;
  const blank = (label: string, lines = 1): SheetLine[] =>
    Array.from({ length: lines }, (_, i) => ({ ...(i === 0 ? { label } : {}), text: DOTS, dots: true }));
  const absent = (excused: boolean) =>
    doc.absentees
      .filter((a) => a.excused === excused)
      .map((a) => (a.reason ? `${a.fullName} (${a.reason})` : a.fullName))
      .join("; ") || "không có";
  const guests = c && c.guests.length > 0 ? c.guests : doc.sheetGuests;

  const who: SheetLine[] = [
    c
      ? {
          label: "Thời gian:",
          text: `bắt đầu lúc ${hm(c.startTime)}, ${formatDateWithWeekday(doc.record.date)}.`,
        }
      : {
          label: "Thời gian:",
          text: `bắt đầu lúc ${formatTime(v.start, v.timezone)}, ${formatDateWithWeekday(doc.record.date)}.`,
        },
    c?.place
      ? { label: "Địa điểm:", text: c.place }
      : v.place && !c
        ? { label: "Địa điểm:", text: v.place }
        : blank("Địa điểm:")[0]!,
    c ? { label: "Chủ trì:", text: c.chair } : blank("Chủ trì:")[0]!,
    c ? { label: "Thư ký:", text: c.recorder } : blank("Thư ký:")[0]!,
    ...(doc.counts
      ? countsText(doc.counts).map((text) => ({ text }))
      : [
          {
            text: "Tổng số đảng viên: …… (chính thức: ……; dự bị: ……); có mặt: ……; vắng có lý do: ……; vắng không lý do: ……",
            dots: true,
          },
        ]),
    doc.counts ? { label: "Vắng có lý do:", text: absent(true) } : blank("Vắng có lý do:")[0]!,
    doc.counts ? { label: "Vắng không lý do:", text: absent(false) } : blank("Vắng không lý do:")[0]!,
    guests.length > 0 ? { label: "Khách mời:", text: guestText(guests) } : blank("Khách mời:")[0]!,
  ];

  const agenda: SheetLine[] = c
    ? [
        ...c.agenda.map((a, i) => ({ text: `${i + 1}. ${a}` })),
        ...(c.topicTitle ? [{ label: "Chuyên đề:", text: c.topicTitle }] : []),
        ...(c.introducedBy ? [{ label: "Người giới thiệu chuyên đề:", text: c.introducedBy }] : []),
      ]
    : [...(v.topic ? [{ label: "Chuyên đề:", text: v.topic.title }] : []), ...blank("Nội dung:", 3)];

  const opinions: SheetLine[] = c
    ? c.discussion.map((d) => ({ label: `Đồng chí ${d.by}:`, text: d.opinion }))
    : blank("", 6).map((l) => ({ text: l.text, dots: true }));
  const conclusion: SheetLine[] = c
    ? c.conclusions
        .split(/\r?\n/)
        .filter((l) => l.trim())
        .map((text) => ({ text }))
    : blank("", 3).map((l) => ({ text: l.text, dots: true }));
  const resolution: SheetLine[] = c
    ? [
        ...(c.resolution
          ? [
              { text: c.resolution.text },
              { text: voteText(c.resolution, doc.counts?.present ?? doc.attendance.counts.present) },
            ]
          : []),
        ...c.tasks.map((t) => ({
          text: `- ${t.content}${t.assignee ? ` (${t.assignee}` : ""}${t.due ? `${t.assignee ? ", " : " ("}hạn ${formatDate(t.due)}` : ""}${t.assignee || t.due ? ")" : ""}`,
        })),
      ]
    : [
        ...blank("", 2).map((l) => ({ text: l.text, dots: true })),
        {
          text: "Biểu quyết: nhất trí …… /…… đồng chí có mặt; không nhất trí ……; ý kiến khác ……",
          dots: true,
        },
      ];

  const sections: SheetSection[] = [
    { heading: "I. Thời gian, địa điểm, thành phần", lines: who },
    { heading: "II. Nội dung sinh hoạt", lines: agenda },
    { heading: "III. Ý kiến thảo luận", lines: opinions },
    { heading: "IV. Kết luận của đồng chí chủ trì", lines: conclusion },
    { heading: "V. Nghị quyết, nhiệm vụ và biểu quyết", lines: resolution },
  ].filter((s) => s.lines.length > 0);

  const closing = c
    ? [
        `Buổi sinh hoạt kết thúc lúc ${hm(c.endTime)} cùng ngày.`,
        c.readBack
          ? "Biên bản đã được đọc lại trước chi bộ và được thông qua trước khi bế mạc."
          : "Biên bản chưa được đọc lại và thông qua tại buổi sinh hoạt.",
      ]
    : [
        "Buổi sinh hoạt kết thúc lúc …… giờ …… cùng ngày.",
        "Biên bản đã được đọc lại trước chi bộ và được thông qua: …… /…… đồng chí có mặt nhất trí.",
      ];

  return {
    issuer: {
      organisation: upper(doc.organisation),
      branch: branchLine(v.branchName),
      number: "Số: …… -BB/CB",
    },
    dateLine: dateLine(doc.place, doc.record.date),
    title: "BIÊN BẢN",
    subtitle: `Sinh hoạt chi bộ ${formatMonth(v.month)}${doc.record.makeupOf ? " (họp bù)" : ""}`,
    sections,
    closing,
    signatures: { recorder: c?.recorder ?? "", chair: c?.chair ?? "" },
  };
}
