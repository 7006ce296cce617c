/**
 * The official minutes of a branch meeting (Mẫu biên bản, docs/rules/branch-meetings.md), pure: the parts a
 * revision has filled, the agenda a regular meeting starts from, and the text both the printed A4 minutes
 * and the .docx are written from, so that the two say the same thing. No I/O, no clock.
 */
import type { CategoryCounts, MeetingKind, MinutesParts } from "./meeting-quality.ts";

/** The parts of a revision that the template asks for; older revisions lack the later ones (read them through
 * `officialParts`, which gives the empty value). */
export interface OfficialText {
  chair: string;
  recorder: string;
  /** Local times "HH:mm", as written in the minutes. */
  startTime: string;
  endTime: string;
  introducedBy: string;
  discussion: { by: string; opinion: string }[];
  conclusions: string;
  tasks: { content: string; assignee?: string; due?: string }[];
  // The parts of the official minutes template (issue 20).
  place?: string;
  /** Guests by name (and title), as the minutes name them: "(khách mời)" on paper. */
  guests?: string[];
  /** The agenda, one item a line. */
  agenda?: string[];
  /** The resolution and its vote; null when the meeting voted none. */
  resolution?: { text: string; agree: number; disagree: number; other: number } | null;
  /** The minutes were read back and approved before the meeting closed. */
  readBack?: boolean;
}

/** A revision with every part present (the empty value where it has none). */
export function officialParts<T extends OfficialText>(
  c: T,
): T & Required<Pick<OfficialText, "place" | "guests" | "agenda" | "resolution" | "readBack">> {
  return {
    ...c,
    place: c.place ?? "",
    guests: c.guests ?? [],
    agenda: c.agenda ?? [],
    resolution: c.resolution ?? null,
    readBack: c.readBack ?? false,
  };
}

/** What a revision has filled, for `missingMinutesParts`. */
export function minutesPartsOf(c: OfficialText): MinutesParts {
  const filled = (s: string | undefined) => Boolean(s?.trim());
  return {
    place: filled(c.place),
    startTime: filled(c.startTime),
    endTime: filled(c.endTime),
    chair: filled(c.chair),
    recorder: filled(c.recorder),
    agenda: (c.agenda ?? []).some(filled),
    opinions: c.discussion.length > 0,
    conclusion: filled(c.conclusions),
  };
}

const monthText = (month: string) => `${Number(month.slice(5, 7))}/${month.slice(0, 4)}`;

function monthBefore(month: string): string {
  const y = Number(month.slice(0, 4));
  const m = Number(month.slice(5, 7));
  return m === 1 ? `${y - 1}-12-01` : `${y}-${String(m - 1).padStart(2, "0")}-01`;
}

/**
 * The agenda a meeting's minutes start from (the secretary edits it). A regular meeting reviews the month
 * before the meeting's month and sets the tasks of its month, then studies the topic (Mẫu biên bản; HD 12);
 * a thematic meeting has its topic only.
 */
export function defaultAgenda(o: { month: string; topicTitle: string | null; kind?: MeetingKind }): string[] {
  const topic = o.topicTitle ? `Sinh hoạt chuyên đề: ${o.topicTitle}` : "Sinh hoạt chuyên đề";
  if (o.kind === "thematic") return [topic];
  return [
    `Đánh giá kết quả thực hiện nhiệm vụ tháng ${monthText(monthBefore(o.month))}`,
    `Phương hướng, nhiệm vụ tháng ${monthText(o.month)}`,
    topic,
  ];
}

/** The counts line of the minutes, as the template writes it. */
export function countsText(c: CategoryCounts): string[] {
  const lines = [
    `Tổng số đảng viên của chi bộ: ${c.total} đồng chí (chính thức: ${c.full}; dự bị: ${c.probationary}${
      c.temporary ? `; sinh hoạt tạm thời: ${c.temporary}` : ""
    }).`,
  ];
  if (c.exempted) lines.push(`Số đảng viên được miễn sinh hoạt: ${c.exempted} đồng chí.`);
  lines.push(
    `Số đảng viên phải dự: ${c.required} đồng chí; có mặt: ${c.present} đồng chí (chính thức: ${c.presentFull}; dự bị: ${c.presentProbationary}); vắng: ${c.absentExcused + c.absentUnexcused} đồng chí (có lý do: ${c.absentExcused}; không lý do: ${c.absentUnexcused}).`,
  );
  return lines;
}

/** "Nhất trí 10/12; không nhất trí 1; ý kiến khác 1": the vote as written under a resolution. */
export function voteText(v: { agree: number; disagree: number; other: number }, present: number): string {
  return `Biểu quyết: ${v.agree}/${present} đồng chí có mặt nhất trí; ${v.disagree} không nhất trí; ${v.other} ý kiến khác.`;
}

/** "Hà Giang, ngày 5 tháng 5 năm 2026": the place-and-date line of a party document. */
export function dateLine(place: string, date: string): string {
  const [y, m, d] = date.split("-").map(Number);
  return `${place || "……………"}, ngày ${d} tháng ${m} năm ${y}`;
}
