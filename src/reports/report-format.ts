/**
 * A report as a spreadsheet (CSV that Excel opens with Vietnamese intact) and as a printable page shaped
 * like a Vietnamese party report. Pure: the report comes in, text goes out.
 */
import { escapeHtml } from "../web/html.ts";
import type { BranchReportRow, Report } from "./reports-service.ts";

const BOM = "\uFEFF";

/** Vietnamese writes decimals with a comma: 87,5 %. */
function percent(rate: number | null): string {
  return rate === null ? "" : (Math.round(rate * 1000) / 10).toString().replace(".", ",");
}

/** Quotes when needed; a cell that Excel would take for a formula is defused with a leading apostrophe. */
function csvCell(value: string | number): string {
  let s = String(value);
  if (typeof value === "string" && /^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
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
  "Đảng viên vắng không lý do ≥ 3 lần",
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

/** UTF-8 with BOM, comma-separated, CRLF: what Excel opens without mangling the diacritics. */
export function reportCsv(report: Report): string {
  const lines = [HEADERS.map(csvCell).join(",")];
  for (const r of report.branches) {
    const flagged = r.flaggedMembers
      .map((f) => `${f.fullName} (${f.unexcusedAbsences} lần, ${f.year})`)
      .join("; ");
    lines.push([r.committeeName, r.branchName, ...figures(r), flagged].map(csvCell).join(","));
  }
  lines.push(
    ["Tổng cộng", `${report.totals.branches} chi bộ`, ...figures(report.totals), report.totals.flaggedMembers]
      .map(csvCell)
      .join(","),
  );
  return `${BOM}${lines.join("\r\n")}\r\n`;
}

function reportTitle(report: Report): string {
  const { year, campaignTitle } = report.filter;
  let t = "Kết quả sinh hoạt chi bộ";
  if (campaignTitle) t += ` trong ${campaignTitle.charAt(0).toLowerCase()}${campaignTitle.slice(1)}`;
  if (year) t += ` năm ${year}`;
  return t;
}

/** "…, ngày 20 tháng 6 năm 2026": the place is left for the signer to write, as on printed forms. */
function dateLine(today: string): string {
  const [y, m, d] = today.split("-").map(Number);
  return `……………, ngày ${d} tháng ${m} năm ${y}`;
}

export function reportHtml(report: Report): string {
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
        ["Đảng viên vắng không lý do từ 3 lần trở lên trong năm", t.flaggedMembers],
      ]
        .map(([k, v]) => `<tr><td class="name">${e(String(k))}</td><td>${e(String(v))}</td></tr>`)
        .join("")}
    </table>`;
  const branchTable = isBranch
    ? ""
    : `
    <h3>II. Kết quả của từng chi bộ</h3>
    <table class="wide">
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
    </table>`;
  const flagged = report.branches.flatMap((r) =>
    r.flaggedMembers.map((f) => ({ ...f, branch: r.branchName })),
  );
  const flaggedSection = `
    <h3>${isBranch ? "II" : "III"}. Đảng viên vắng sinh hoạt không có lý do từ 3 lần trở lên trong năm</h3>
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
    }.</p>`
    : "";
  const upper = (s: string) => e(s.toLocaleUpperCase("vi-VN"));
  return `<!doctype html>
<html lang="vi">
<head>
<meta charset="utf-8">
<title>${e(`Báo cáo ${reportTitle(report).charAt(0).toLowerCase()}${reportTitle(report).slice(1)} – ${report.scope.name}`)}</title>
<style>
  @page { size: A4; margin: 20mm 15mm 20mm 30mm; }
  body { font-family: "Times New Roman", Times, serif; font-size: 13pt; line-height: 1.4; color: #000; }
  .head { display: flex; justify-content: space-between; text-align: center; }
  .head div { width: 48%; }
  .party { font-weight: bold; text-decoration: underline; }
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
</style>
</head>
<body>
<div class="head">
  <div>
    ${report.scope.parentName ? `<div>${upper(report.scope.parentName)}</div>` : ""}
    <div><b>${upper(report.scope.name)}</b></div>
    <div>*</div>
    <div>Số: ……-BC/${isBranch ? "CB" : "ĐU"}</div>
  </div>
  <div>
    <div class="party">ĐẢNG CỘNG SẢN VIỆT NAM</div>
    <div class="date">${e(dateLine(report.today))}</div>
  </div>
</div>
<h1>BÁO CÁO</h1>
<h2>${e(reportTitle(report))}</h2>
<h3>I. Tổng hợp</h3>
${totalsTable}
${branchTable}
${flaggedSection}
${detailSection}
<div class="sign">
  <div class="to"><i><b>Nơi nhận:</b></i><br>${report.scope.parentName ? `- ${e(report.scope.parentName)} (để báo cáo);<br>` : ""}- Lưu.</div>
  <div class="by">
    <div>${isBranch ? "T/M CHI BỘ" : "T/M CẤP ỦY"}</div>
    <div>BÍ THƯ</div>
    <div class="space"></div>
    <div>……………………</div>
  </div>
</div>
</body>
</html>
`;
}
