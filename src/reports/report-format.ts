/**
 * A report as a spreadsheet (an .xlsx workbook, and a CSV that a Vietnamese Excel opens in columns with the
 * diacritics intact), and the file names that say whose report it is and for when (the printable page is
 * `report-print.tsx`). Pure apart from the zip the .xlsx writer makes.
 */

import writeExcelFile, { type Row, type SheetData } from "write-excel-file/node";
import { slug } from "../domain/document-heading.ts";
import { BAND_LABEL, type Band } from "../domain/meeting-rating.ts";
import { ABSENCE_FLAG_THRESHOLD } from "../domain/minutes-rules.ts";
import type { BranchReportRow, Report, ReportFigures } from "./reports-service.ts";

const BOM = "\uFEFF";
/**
 * The CSV's separator. Excel splits a CSV with the "list separator" of the computer's regional settings,
 * which is ";" in Vietnamese (where "," is the decimal comma): "66,7" stays one number and one cell. A
 * "sep=" first line would also choose the separator, but Excel then ignores the UTF-8 BOM and garbles the
 * diacritics; and the .xlsx is the file for any other locale.
 */
const SEP = ";";

/** Vietnamese writes decimals with a comma: 87,5 %. */
export function percent(rate: number | null): string {
  return rate === null ? "" : (Math.round(rate * 1000) / 10).toString().replace(".", ",");
}

/** Quotes when needed; a cell that Excel would take for a formula is defused with a leading apostrophe. */
function csvCell(value: string | number): string {
  let s = String(value);
  if (typeof value === "string" && /^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[";,\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}
/** The attendance counts by category as the minutes template names them, summed over the held meetings
 * (one member at two meetings counts twice: "lượt"). */
export const CATEGORY_HEADERS = [
  "Lượt đảng viên: tổng số",
  "Lượt chính thức",
  "Lượt dự bị",
  "Lượt miễn sinh hoạt",
  "Lượt sinh hoạt tạm thời",
  "Lượt phải dự",
  "Lượt có mặt",
  "Lượt vắng có lý do",
  "Lượt vắng không lý do",
];

const HEADERS = [
  "Cấp ủy",
  "Chi bộ",
  "Số buổi theo kế hoạch",
  "Đã sinh hoạt",
  "Hoãn/hủy",
  "Chưa ghi nhận",
  "Sắp tới",
  "Chuyên đề đã học",
  "Chuyên đề chưa học",
  "Buổi sinh hoạt cao điểm",
  "Lượt đảng viên phải dự",
  "Lượt có mặt",
  "Tỉ lệ dự họp (%)",
  "Biên bản đúng hạn",
  "Biên bản trễ hạn",
  "Biên bản chưa đến hạn",
  "Tháng phải sinh hoạt",
  "Tháng xếp loại Tốt",
  "Tháng xếp loại Khá",
  "Tháng xếp loại Trung bình",
  "Tháng xếp loại Kém",
  "Quý không sinh hoạt chuyên đề",
  ...CATEGORY_HEADERS,
  "Xếp loại chi bộ",
  `Đảng viên vắng không lý do ≥ ${ABSENCE_FLAG_THRESHOLD} lần`,
];

export function categoriesOf(r: ReportFigures): number[] {
  return [
    r.catTotal,
    r.catFull,
    r.catProbationary,
    r.catExempted,
    r.catTemporary,
    r.catRequired,
    r.catPresent,
    r.catAbsentExcused,
    r.catAbsentUnexcused,
  ];
}

function figures(r: ReportFigures) {
  return [
    r.planned,
    r.held,
    r.cancelled,
    r.notRecorded,
    r.upcoming,
    r.topicsStudied,
    r.topicsNotStudied,
    r.peakMeetingsHeld,
    r.expected,
    r.present,
    percent(r.attendanceRate),
    r.minutesOnTime,
    r.minutesLate,
    r.minutesPending,
    r.monthsDue,
    r.ratedTot,
    r.ratedKha,
    r.ratedTrungBinh,
    r.ratedKem,
    r.quartersWithoutThematic,
    ...categoriesOf(r),
  ];
}

/** The year's band of a branch, with the caps that lowered it: "Khá (1 buổi xếp loại kém)". */
export function yearBandText(r: Pick<BranchReportRow, "yearBand" | "yearReasons">): string {
  if (!r.yearBand) return "";
  return `${BAND_LABEL[r.yearBand]}${r.yearReasons.length ? ` (${r.yearReasons.join("; ")})` : ""}`;
}

/** How many branches in each band: "Tốt 3, Khá 2". */
export function yearBandsText(counts: Record<Band, number>): string {
  return (Object.keys(BAND_LABEL) as Band[])
    .filter((b) => counts[b] > 0)
    .map((b) => `${BAND_LABEL[b]} ${counts[b]}`)
    .join(", ");
}

const flaggedText = (r: BranchReportRow) =>
  r.flaggedMembers.map((f) => `${f.fullName} (${f.unexcusedAbsences} lần, ${f.year})`).join(", ");

/** UTF-8 with BOM, ";"-separated with decimal commas, CRLF: what a Vietnamese Excel opens in columns. */
export function reportCsv(report: Report): string {
  const lines = [HEADERS.map(csvCell).join(SEP)];
  for (const r of report.branches) {
    lines.push(
      [r.committeeName, r.branchName, ...figures(r), yearBandText(r), flaggedText(r)].map(csvCell).join(SEP),
    );
  }
  lines.push(
    [
      "Tổng cộng",
      `${report.totals.branches} chi bộ`,
      ...figures(report.totals),
      yearBandsText(report.totals.yearBands),
      report.totals.flaggedMembers,
    ]
      .map(csvCell)
      .join(SEP),
  );
  return `${BOM}${lines.join("\r\n")}\r\n`;
}

// ------------------------------------------------------------------------------------------------- xlsx

const WIDTHS = [
  26,
  30,
  11,
  11,
  10,
  11,
  9,
  11,
  11,
  12,
  12,
  11,
  11,
  11,
  11,
  11,
  10,
  10,
  10,
  10,
  10,
  12,
  ...CATEGORY_HEADERS.map(() => 11),
  24,
  36,
];

/** The figures of a row as typed cells: counts as numbers, the rate as a number shown as a percentage. */
function figureCells(r: ReportFigures, bold = false): Row {
  const n = (value: number) => ({ value, type: Number, ...(bold ? { fontWeight: "bold" as const } : {}) });
  return [
    n(r.planned),
    n(r.held),
    n(r.cancelled),
    n(r.notRecorded),
    n(r.upcoming),
    n(r.topicsStudied),
    n(r.topicsNotStudied),
    n(r.peakMeetingsHeld),
    n(r.expected),
    n(r.present),
    r.attendanceRate === null ? null : { ...n(r.attendanceRate), format: "0.0%" },
    n(r.minutesOnTime),
    n(r.minutesLate),
    n(r.minutesPending),
    n(r.monthsDue),
    n(r.ratedTot),
    n(r.ratedKha),
    n(r.ratedTrungBinh),
    n(r.ratedKem),
    n(r.quartersWithoutThematic),
    ...categoriesOf(r).map(n),
  ];
}

/**
 * The report as an .xlsx workbook: the sheet "Báo cáo" with a header row (kept in view when scrolling),
 * one row per branch and a total row, numbers as numbers and column widths set; a second sheet "Thông
 * tin" says whose report it is, for which period and when it was made; a branch's report adds its topics.
 */
export async function reportXlsx(report: Report): Promise<Buffer> {
  const header: Row = HEADERS.map((h) => ({
    value: h,
    fontWeight: "bold" as const,
    wrap: true,
    alignVertical: "center" as const,
    backgroundColor: "#F2E6D9",
  }));
  const rows: SheetData = [header];
  for (const r of report.branches) {
    rows.push([r.committeeName, r.branchName, ...figureCells(r), yearBandText(r), flaggedText(r)]);
  }
  rows.push([
    { value: "Tổng cộng", fontWeight: "bold" },
    { value: `${report.totals.branches} chi bộ`, fontWeight: "bold" },
    ...figureCells(report.totals, true),
    { value: yearBandsText(report.totals.yearBands), fontWeight: "bold" },
    { value: report.totals.flaggedMembers, type: Number, fontWeight: "bold" },
  ]);
  const info: SheetData = [
    [{ value: "Báo cáo", fontWeight: "bold" }, reportTitle(report)],
    ["Đơn vị", report.scope.name],
    ["Kỳ báo cáo", periodText(report)],
    ["Ngày lập", report.today.split("-").reverse().join("/")],
  ];
  const d = report.detail;
  const sheets = [
    { data: rows, sheet: "Báo cáo", columns: WIDTHS.map((width) => ({ width })), stickyRowsCount: 1 },
    { data: info, sheet: "Thông tin", columns: [{ width: 16 }, { width: 90 }] },
  ];
  if (d) {
    const topics: SheetData = [
      [
        { value: "Mã", fontWeight: "bold" },
        { value: "Chuyên đề", fontWeight: "bold" },
        { value: "Tình trạng", fontWeight: "bold" },
      ],
      ...d.studiedTopics.map((t) => [t.code, t.title, "Đã học"]),
      ...d.notStudiedTopics.map((t) => [t.code, t.title, "Chưa học"]),
    ];
    sheets.push({ data: topics, sheet: "Chuyên đề", columns: [{ width: 8 }, { width: 80 }, { width: 12 }] });
    const rated: SheetData = [
      [
        { value: "Ngày", fontWeight: "bold" },
        { value: "Tổng điểm", fontWeight: "bold" },
        { value: "Xếp loại", fontWeight: "bold" },
      ],
      ...d.ratedMeetings.map((m) => [
        m.date.split("-").reverse().join("/"),
        { value: m.total, type: Number },
        BAND_LABEL[m.band],
      ]),
    ];
    sheets.push({ data: rated, sheet: "Xếp loại", columns: [{ width: 12 }, { width: 12 }, { width: 14 }] });
  }
  return writeExcelFile(sheets, { fontFamily: "Times New Roman", fontSize: 12 }).toBuffer();
}

// ------------------------------------------------------------------------------------------- file names

/** The period in words: "năm 2026", "đợt 05/2023 – 11/2025", or both. */
export function periodText(report: Report): string {
  const f = report.filter;
  const month = (m: string) => `${m.slice(5, 7)}/${m.slice(0, 4)}`;
  const parts: string[] = [];
  if (f.campaignTitle) {
    parts.push(
      f.campaignFirstMonth && f.campaignLastMonth
        ? `${f.campaignTitle} (${month(f.campaignFirstMonth)} – ${month(f.campaignLastMonth)})`
        : f.campaignTitle,
    );
  }
  if (f.year) parts.push(`năm ${f.year}`);
  return parts.join(", ") || "toàn bộ";
}

/** The period in a file name: the year, else the campaign's years ("2023-2025"). */
function periodForFile(report: Report): string {
  const f = report.filter;
  if (f.year) return String(f.year);
  if (f.campaignFirstMonth && f.campaignLastMonth) {
    const a = f.campaignFirstMonth.slice(0, 4);
    const b = f.campaignLastMonth.slice(0, 4);
    return a === b ? a : `${a}-${b}`;
  }
  return "";
}

/**
 * The file's name: "Báo cáo Huyện ủy Xín Mần 2026.xlsx", and its ASCII fallback
 * "bao-cao-huyen-uy-xin-man-2026.xlsx" for clients that do not read RFC 5987's `filename*`.
 */
export function reportFileName(report: Report, ext: "csv" | "xlsx"): { unicode: string; ascii: string } {
  const period = periodForFile(report);
  const name = report.scope.name
    .replace(/[\\/:*?"<>|\p{Cc}]/gu, " ")
    .replace(/\s+/g, " ")
    .trim();
  const unicode = `Báo cáo ${name}${period ? ` ${period}` : ""}.${ext}`;
  const ascii = `${slug(`bao cao ${name} ${period}`) || "bao-cao"}.${ext}`;
  return { unicode, ascii };
}

/** `attachment; filename="ascii"; filename*=UTF-8''percent-encoded` (RFC 6266 with RFC 5987). */
export function contentDisposition(name: { unicode: string; ascii: string }): string {
  const encoded = encodeURIComponent(name.unicode).replace(
    /['()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  return `attachment; filename="${name.ascii}"; filename*=UTF-8''${encoded}`;
}

/** "Kết quả sinh hoạt chi bộ trong đợt … năm 2026": what the report is about, in its title and files. */
export function reportTitle(report: Report): string {
  const { year, campaignTitle } = report.filter;
  let t = "Kết quả sinh hoạt chi bộ";
  if (campaignTitle) t += ` trong ${campaignTitle.charAt(0).toLowerCase()}${campaignTitle.slice(1)}`;
  if (year) t += ` năm ${year}`;
  return t;
}
