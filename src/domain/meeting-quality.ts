/**
 * A branch meeting as the Party's rules judge it, pure: the two kinds of meeting, the member categories
 * counted on the minutes, the attendance that is required, the framework criteria of a good meeting, a
 * committee's points scheme and its bands, the rating of a branch's year, and the quarters that lack a
 * thematic meeting. Sources and the settings a committee may change: docs/rules/branch-meetings.md.
 *
 * Civil dates are ISO strings (yyyy-MM-dd), months "yyyy-MM". Time comes in as an argument.
 */
import type { AttendanceStatus } from "./minutes-rules.ts";

/** Thường kỳ, chuyên đề, or both in one session (Hướng dẫn 42-HD/BTCTW allows it with a longer minimum). */
export type MeetingKind = "regular" | "thematic" | "combined";

export const MEETING_KIND_LABEL: Record<MeetingKind, string> = {
  regular: "Sinh hoạt thường kỳ",
  thematic: "Sinh hoạt chuyên đề",
  combined: "Sinh hoạt thường kỳ kết hợp chuyên đề",
};

/** A kind that counts toward the quarter's thematic meeting. */
export function isThematic(kind: MeetingKind): boolean {
  return kind !== "regular";
}

// ---------------------------------------------------------------------------------------------------------
// Members as the minutes count them

/** One member on the roster of a meeting's date, with the mark the sheet gives them (null: not marked). */
export interface RosterMember {
  memberId: string;
  status: "full" | "probationary";
  /** Miễn công tác và sinh hoạt đảng on the meeting's date (decided by the committee). */
  exempted: boolean;
  /** Sinh hoạt tạm thời here, from another branch. */
  temporary: boolean;
  mark: AttendanceStatus | null;
}

/** The counts the minutes template asks for. */
export interface CategoryCounts {
  total: number;
  full: number;
  probationary: number;
  temporary: number;
  exempted: number;
  /** Members whose attendance is required: everyone but the exempted who did not come. */
  required: number;
  present: number;
  presentFull: number;
  presentProbationary: number;
  presentTemporary: number;
  absentExcused: number;
  absentUnexcused: number;
}

/** An exemption (miễn sinh hoạt) covers a date from its first day to its last (open-ended when null). */
export function exemptOn(period: { from: string; to: string | null }, date: string): boolean {
  return period.from <= date && (period.to === null || date <= period.to);
}

/**
 * Counts by category. An exempted member who comes counts as present and as required (Quy định 24-QĐ/TW,
 * 9.3.2: "nếu đảng viên đó có mặt … thì vẫn tính"); one who does not come is neither required nor absent.
 */
export function countCategories(roster: RosterMember[]): CategoryCounts {
  const c: CategoryCounts = {
    total: roster.length,
    full: 0,
    probationary: 0,
    temporary: 0,
    exempted: 0,
    required: 0,
    present: 0,
    presentFull: 0,
    presentProbationary: 0,
    presentTemporary: 0,
    absentExcused: 0,
    absentUnexcused: 0,
  };
  for (const m of roster) {
    if (m.status === "full") c.full++;
    else c.probationary++;
    if (m.temporary) c.temporary++;
    if (m.exempted) c.exempted++;
    const present = m.mark === "present";
    if (m.exempted && !present) continue;
    c.required++;
    if (present) {
      c.present++;
      if (m.status === "full") c.presentFull++;
      else c.presentProbationary++;
      if (m.temporary) c.presentTemporary++;
    } else if (m.mark === "absent_excused") c.absentExcused++;
    else if (m.mark === "absent_unexcused") c.absentUnexcused++;
  }
  return c;
}

// ---------------------------------------------------------------------------------------------------------
// The framework criteria of a good meeting (Hướng dẫn 12-HD/BTCTW 2018, Hướng dẫn 42-HD/BTCTW 2025)

/** What a committee may set about the framework; the defaults are the central guidance's figures. */
export interface QualitySettings {
  /** Share of required members present: Hướng dẫn 12 says "trên 85%". */
  attendanceShare: number;
  /** True: the share must be exceeded ("trên"); false: reached ("từ … trở lên"), as some provinces write. */
  attendanceStrict: boolean;
  /** Minimum length of a meeting, minutes (Hướng dẫn 42: 90). */
  minMinutes: number;
  /** Minimum length when the regular and the thematic meeting are held in one session (Hướng dẫn 42: 120). */
  combinedMinMinutes: number;
  /** Thematic meetings a quarter at least (Hướng dẫn 12 and 42: one). */
  thematicPerQuarter: number;
}

export const DEFAULT_QUALITY: QualitySettings = {
  attendanceShare: 0.85,
  attendanceStrict: true,
  minMinutes: 90,
  combinedMinMinutes: 120,
  thematicPerQuarter: 1,
};

/** What the record of a held meeting says, as far as the criteria read it. */
export interface MeetingRecord {
  kind: MeetingKind;
  counts: CategoryCounts;
  /** Minutes from the opening to the close, when both times are recorded. */
  durationMinutes: number | null;
  /** The minutes were read back and approved before the meeting closed. */
  readBack: boolean;
  /** Missing parts of the minutes (see `missingMinutesParts`). */
  missingParts: string[];
}

export type CriterionKey = "attendance" | "no_unexcused" | "duration" | "read_back" | "minutes_complete";

export interface CriterionResult {
  key: CriterionKey;
  met: boolean;
  /** Vietnamese, for the page and the report: what was found against what is asked. */
  detail: string;
}

function percent(share: number): string {
  return `${Math.round(share * 1000) / 10}%`.replace(".", ",");
}

export function attendanceMet(counts: CategoryCounts, s: QualitySettings): boolean {
  if (counts.required <= 0) return false;
  // Compared in whole permille, as the attendance rate is stored and shown.
  const rate = Math.round((counts.present * 1000) / counts.required);
  const floor = Math.round(s.attendanceShare * 1000);
  return s.attendanceStrict ? rate > floor : rate >= floor;
}

export function requiredMinutes(kind: MeetingKind, s: QualitySettings): number {
  return kind === "combined" ? s.combinedMinMinutes : s.minMinutes;
}

/** The criteria that can be decided from the record alone. */
export function frameworkCriteria(r: MeetingRecord, s: QualitySettings = DEFAULT_QUALITY): CriterionResult[] {
  const c = r.counts;
  const rate = c.required > 0 ? c.present / c.required : 0;
  const need = requiredMinutes(r.kind, s);
  return [
    {
      key: "attendance",
      met: attendanceMet(c, s),
      detail: `${c.present}/${c.required} đảng viên dự (${percent(rate)}); yêu cầu ${s.attendanceStrict ? "trên" : "từ"} ${percent(s.attendanceShare)}`,
    },
    {
      key: "no_unexcused",
      met: c.absentUnexcused === 0,
      detail:
        c.absentUnexcused === 0
          ? "Không có đảng viên vắng không lý do"
          : `${c.absentUnexcused} đảng viên vắng không lý do`,
    },
    {
      key: "duration",
      met: r.durationMinutes !== null && r.durationMinutes >= need,
      detail:
        r.durationMinutes === null
          ? `Chưa ghi giờ bắt đầu và kết thúc; yêu cầu ít nhất ${need} phút`
          : `${r.durationMinutes} phút; yêu cầu ít nhất ${need} phút`,
    },
    {
      key: "read_back",
      met: r.readBack,
      detail: r.readBack
        ? "Biên bản đã được thông qua trước khi bế mạc"
        : "Biên bản chưa được thông qua tại cuộc họp",
    },
    {
      key: "minutes_complete",
      met: r.missingParts.length === 0,
      detail:
        r.missingParts.length === 0
          ? "Biên bản đủ các phần"
          : `Biên bản còn thiếu: ${r.missingParts.join(", ")}`,
    },
  ];
}

/** The parts of the official minutes (the template's headings), by what has been filled. */
export interface MinutesParts {
  place: boolean;
  startTime: boolean;
  endTime: boolean;
  chair: boolean;
  recorder: boolean;
  agenda: boolean;
  opinions: boolean;
  conclusion: boolean;
}

const PART_LABEL: Record<keyof MinutesParts, string> = {
  place: "địa điểm",
  startTime: "giờ bắt đầu",
  endTime: "giờ kết thúc",
  chair: "chủ trì",
  recorder: "thư ký",
  agenda: "nội dung sinh hoạt",
  opinions: "ý kiến thảo luận",
  conclusion: "kết luận của chủ trì",
};

export function missingMinutesParts(p: MinutesParts): string[] {
  return (Object.keys(PART_LABEL) as (keyof MinutesParts)[]).filter((k) => !p[k]).map((k) => PART_LABEL[k]);
}

/** A resolution's vote: nobody votes twice, so the three counts add up to at most those present. */
export interface Vote {
  agree: number;
  disagree: number;
  other: number;
}

export function voteProblem(v: Vote, present: number): string | null {
  for (const n of [v.agree, v.disagree, v.other]) {
    if (!Number.isInteger(n) || n < 0) return "Số biểu quyết phải là số nguyên không âm";
  }
  const sum = v.agree + v.disagree + v.other;
  return sum > present ? `Tổng số biểu quyết (${sum}) vượt số đảng viên có mặt (${present})` : null;
}

/** A resolution passes with more than half of the members entitled to vote (Quy định 24-QĐ/TW, 9.3). */
export function resolutionPasses(v: Vote, entitled: number): boolean {
  return entitled > 0 && v.agree * 2 > entitled;
}
