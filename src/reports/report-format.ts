/**
 * A report as a spreadsheet (an .xlsx workbook, and a CSV that a Vietnamese Excel opens in columns with the
 * diacritics intact), as a printable page shaped like a Vietnamese party report, and the file names that
 * say whose report it is and for when. Pure apart from the zip the .xlsx writer makes.
 */

import writeExcelFile, { type Row, type SheetData } from "write-excel-file/node";
import { slug } from "../domain/document-heading.ts";
import { ABSENCE_FLAG_THRESHOLD } from "../domain/minutes-rules.ts";
import { escapeHtml } from "../web/html.ts";
import type { BranchReportRow, Report } from "./reports-service.ts";

const BOM = "\uFEFF";
/**
 * The CSV's separator. Excel splits a CSV with the "list separator" of the computer's regional settings,
 * which is ";" in Vietnamese (where "," is the decimal comma): "66,7" stays one number and one cell. A
 * "sep=" first line would also choose the separator, but Excel then ignores the UTF-8 BOM and garbles the
 * diacritics; and the .xlsx is the file for any other locale.
 */
const SEP = ";";

/** Vietnamese writes decimals with a comma: 87,5 %. */
function percent(rate: number | null): string {
  return rate === null ? "" : (Math.round(rate * 1000) / 10).toString().replace(".", ",");
}

/** Quotes when needed; a cell that Excel would take for a formula is defused with a leading apostrophe. */
function csvCell(value: string | number): string {
  let s = String(value);
  if (typeof value === "string" && /^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[";,\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

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
  `Đảng viên vắng không lý do ≥ ${ABSENCE_FLAG_THRESHOLD} lần`,
];

function figures(r: Omit<BranchReportRow, "branchId" | "branchName" | "committeeName" | "flaggedMembers">) {
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
  ];
}

const flaggedText = (r: BranchReportRow) =>
  r.flaggedMembers.map((f) => `${f.fullName} (${f.unexcusedAbsences} lần, ${f.year})`).join(", ");

/** UTF-8 with BOM, ";"-separated with decimal commas, CRLF: what a Vietnamese Excel opens in columns. */
export function reportCsv(report: Report): string {
  const lines = [HEADERS.map(csvCell).join(SEP)];
  for (const r of report.branches) {
    lines.push([r.committeeName, r.branchName, ...figures(r), flaggedText(r)].map(csvCell).join(SEP));
  }
  lines.push(
    ["Tổng cộng", `${report.totals.branches} chi bộ`, ...figures(report.totals), report.totals.flaggedMembers]
      .map(csvCell)
      .join(SEP),
  );
  return `${BOM}${lines.join("\r\n")}\r\n`;
}

// ------------------------------------------------------------------------------------------------- xlsx

const WIDTHS = [26, 30, 11, 11, 10, 11, 9, 11, 11, 12, 12, 11, 11, 11, 11, 11, 36];

/** The figures of a row as typed cells: counts as numbers, the rate as a number shown as a percentage. */
function figureCells(
  r: Omit<BranchReportRow, "branchId" | "branchName" | "committeeName" | "flaggedMembers">,
  bold = false,
): Row {
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
    rows.push([r.committeeName, r.branchName, ...figureCells(r), flaggedText(r)]);
  }
  rows.push([
    { value: "Tổng cộng", fontWeight: "bold" },
    { value: `${report.totals.branches} chi bộ`, fontWeight: "bold" },
    ...figureCells(report.totals, true),
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

function reportTitle(report: Report): string {
  const { year, campaignTitle } = report.filter;
  let t = "Kết quả sinh hoạt chi bộ";
  if (campaignTitle) t += ` trong ${campaignTitle.charAt(0).toLowerCase()}${campaignTitle.slice(1)}`;
  if (year) t += ` năm ${year}`;
  return t;
}

/** "Xín Mần, ngày 20 tháng 6 năm 2026": with no place known, it is left for the signer to write. */
function dateLine(place: string, today: string): string {
  const [y, m, d] = today.split("-").map(Number);
  return `${place || "……………"}, ngày ${d} tháng ${m} năm ${y}`;
}

/** The printable report; `back` adds a link back to the page it was opened from (not printed). */
export function reportHtml(report: Report, opts: { back?: { href: string; label: string } } = {}): string {
  const e = escapeHtml;
  const t = report.totals;
  const isBranch = report.scope.kind === "branch";
  const row = (cells: (string | number)[], tag = "td") =>
    `<tr>${cells.map((c, i) => `<${tag}${i > 1 || tag === "th" ? "" : ' class="name"'}>${e(String(c))}</${tag}>`).join("")}</tr>`;
  const totalsTable = `
    <table>
      <tr><th>Chỉ tiêu</th><th>Kết quả</th></tr>
      ${[
        ["Số chi bộ", t.branches],
        ["Số buổi sinh hoạt theo kế hoạch", t.planned],
        ["Số buổi đã sinh hoạt", t.held],
        ["Số buổi hoãn, hủy", t.cancelled],
        ["Số buổi đã qua nhưng chưa ghi nhận", t.notRecorded],
        ["Số buổi sắp tới", t.upcoming],
        ["Chuyên đề đã học", t.topicsStudied],
        ["Chuyên đề chưa học", t.topicsNotStudied],
        ["Buổi sinh hoạt vào đợt cao điểm", t.peakMeetingsHeld],
        ["Tỉ lệ đảng viên dự sinh hoạt", t.attendanceRate === null ? "—" : `${percent(t.attendanceRate)}%`],
        ["Biên bản nộp đúng hạn", t.minutesOnTime],
        ["Biên bản nộp trễ hoặc quá hạn chưa nộp", t.minutesLate],
        ["Biên bản chưa đến hạn nộp", t.minutesPending],
        [`Đảng viên vắng không lý do từ ${ABSENCE_FLAG_THRESHOLD} lần trở lên trong năm`, t.flaggedMembers],
      ]
        .map(([k, v]) => `<tr><td class="name">${e(String(k))}</td><td>${e(String(v))}</td></tr>`)
        .join("")}
    </table>`;
  const branchTable = isBranch
    ? ""
    : `
    <h3>II. Kết quả của từng chi bộ</h3>
    <div class="scroll" tabindex="0" role="region" aria-label="Kết quả của từng chi bộ"><table class="wide">
      ${row(["Cấp ủy", "Chi bộ", "Kế hoạch", "Đã họp", "Hoãn/hủy", "Chưa ghi nhận", "Cao điểm", "Tỉ lệ dự (%)", "BB đúng hạn", "BB trễ hạn", "ĐV vắng ≥3"], "th")}
      ${report.branches
        .map((r) =>
          row([
            r.committeeName,
            r.branchName,
            r.planned,
            r.held,
            r.cancelled,
            r.notRecorded,
            r.peakMeetingsHeld,
            percent(r.attendanceRate),
            r.minutesOnTime,
            r.minutesLate,
            r.flaggedMembers.length,
          ]),
        )
        .join("")}
    </table></div>`;
  const flagged = report.branches.flatMap((r) =>
    r.flaggedMembers.map((f) => ({ ...f, branch: r.branchName })),
  );
  const flaggedSection = `
    <h3>${isBranch ? "II" : "III"}. Đảng viên vắng sinh hoạt không có lý do từ ${ABSENCE_FLAG_THRESHOLD} lần trở lên trong năm</h3>
    ${
      flagged.length
        ? `<table>${row(["Họ và tên", "Chi bộ", "Năm", "Số lần vắng"], "th")}${flagged
            .map((f) => row([f.fullName, f.branch, f.year, f.unexcusedAbsences]))
            .join("")}</table>`
        : "<p>Không có.</p>"
    }`;
  const d = report.detail;
  const detailSection = d
    ? `
    <h3>III. Chuyên đề và đợt cao điểm</h3>
    <p><b>Chuyên đề đã học:</b> ${d.studiedTopics.length ? d.studiedTopics.map((x) => e(x.title)).join("; ") : "chưa có"}.</p>
    <p><b>Chuyên đề chưa học:</b> ${d.notStudiedTopics.length ? d.notStudiedTopics.map((x) => e(x.title)).join("; ") : "không còn"}.</p>
    <p><b>Sinh hoạt vào đợt cao điểm:</b> ${
      d.peakMeetings.length
        ? d.peakMeetings.map((p) => `${e(p.date.split("-").reverse().join("/"))} (${e(p.text)})`).join("; ")
        : "chưa có"
    }.</p>${
      d.movedMeetings.length
        ? `
    <p><b>Sinh hoạt ngoài tháng kế hoạch:</b> ${d.movedMeetings
      .map(
        (m) =>
          `${e(m.date.split("-").reverse().join("/"))} (buổi tháng ${e(Number(m.month.slice(5, 7)))}/${e(m.month.slice(0, 4))}: ${e(m.reason)})`,
      )
      .join("; ")}.</p>`
        : ""
    }`
    : "";
  const upper = (s: string) => e(s.toLocaleUpperCase("vi-VN"));
  const h = report.scope.heading;
  return `<!doctype html>
<html lang="vi">
<head>
<meta charset="utf-8">
<title>${e(`Báo cáo ${reportTitle(report).charAt(0).toLowerCase()}${reportTitle(report).slice(1)} – ${report.scope.name}`)}</title>
<style>
  @page { size: A4; margin: 20mm 15mm 20mm 30mm; }
  body { font-family: "Times New Roman", Times, serif; font-size: 13pt; line-height: 1.4; color: #000; }
  .head { display: flex; justify-content: space-between; text-align: center; }
  .head > div { width: 48%; }
  .party { font-weight: bold; text-decoration: underline; text-underline-offset: 3pt; }
  .number { margin-top: 2pt; }
  .period { text-align: center; font-style: italic; margin: -8pt 0 12pt; }
  @media screen { body { max-width: 190mm; margin: 1rem auto; padding: 0 1rem; } }
  .scroll { overflow-x: auto; }
  .back { font-family: system-ui, sans-serif; font-size: 11pt; margin-bottom: 12pt; }
  @media print { .noprint { display: none; } h3, tr { break-inside: avoid; } }
  .date { font-style: italic; margin-top: 6pt; }
  h1 { text-align: center; font-size: 15pt; margin: 18pt 0 0; }
  h2 { text-align: center; font-size: 14pt; font-weight: bold; margin: 2pt 0 12pt; }
  h3 { font-size: 13pt; margin: 12pt 0 4pt; }
  table { border-collapse: collapse; width: 100%; margin: 4pt 0; }
  th, td { border: 1px solid #000; padding: 2pt 4pt; text-align: center; vertical-align: top; }
  td.name { text-align: left; }
  table.wide { font-size: 11pt; }
  .sign { display: flex; justify-content: space-between; margin-top: 24pt; }
  .sign .to { font-size: 11pt; width: 45%; }
  .sign .by { text-align: center; width: 45%; font-weight: bold; }
  .sign .by .space { height: 60pt; }
  @media screen and (max-width: 600px) {
    body { font-size: 11pt; }
    .head, .sign { display: block; }
    .head > div, .sign > div { width: auto; margin-bottom: 8pt; }
    table.wide { min-width: 760px; }
    .sign .by { margin: 0 0 0 auto; width: 60%; }
  }
</style>
</head>
<body>
${opts.back ? `<p class="back noprint"><a href="${e(opts.back.href)}">← ${e(opts.back.label)}</a> · In bằng lệnh In của trình duyệt (Ctrl+P), khổ A4.</p>` : ""}
<div class="head">
  <div>
    ${h.organisation ? `<div>${upper(h.organisation)}</div>` : ""}
    <div><b>${upper(report.scope.name)}</b></div>
    <div>*</div>
    <div class="number">Số: &nbsp;&nbsp;&nbsp;&nbsp;&nbsp;-BC/${e(h.reportCode)}</div>
  </div>
  <div>
    <div class="party">ĐẢNG CỘNG SẢN VIỆT NAM</div>
    <div class="date">${e(dateLine(h.place, report.today))}</div>
  </div>
</div>
<h1>BÁO CÁO</h1>
<h2>${e(reportTitle(report))}</h2>
<p class="period">Kỳ báo cáo: ${e(periodText(report))}</p>
<h3>I. Tổng hợp</h3>
${totalsTable}
${branchTable}
${flaggedSection}
${detailSection}
<div class="sign">
  <div class="to"><i><b>Nơi nhận:</b></i><br>${report.scope.parentName ? `- ${e(report.scope.parentName)} (để báo cáo);<br>` : ""}- Lưu.</div>
  <div class="by">
    <div>${e(h.signedFor)}</div>
    <div>${e(h.signerTitle)}</div>
    <div class="space"></div>
    <div>……………………</div>
  </div>
</div>
</body>
</html>
`;
}
