/**
 * The printable report, shaped like a Vietnamese party report on A4: the issuer and the party's name side by
 * side over the number and the date line, the title, the figures, the members flagged under the statute,
 * and the signature block. Written with the app's print shell (Preact, escaped by default).
 */

import type { ComponentChildren } from "preact";
import { ABSENCE_FLAG_THRESHOLD } from "../domain/minutes-rules.ts";
import { BackLink, documentHtml, PrintShell } from "../web/html.tsx";
import {
  CATEGORY_HEADERS,
  categoriesOf,
  percent,
  periodText,
  reportTitle,
  yearBandsText,
  yearBandText,
} from "./report-format.ts";
import type { Report } from "./reports-service.ts";

/** The report's own style; the page, the font and the screen's width come from the print shell. */
const REPORT_CSS = `
  .head { display: flex; justify-content: space-between; text-align: center; }
  .head > div { width: 48%; }
  .party { font-weight: bold; text-decoration: underline; text-underline-offset: 3pt; }
  .number { margin-top: 2pt; }
  .period { text-align: center; font-style: italic; margin: -8pt 0 12pt; }
  .scroll { overflow-x: auto; }
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
    .head, .sign { display: block; }
    .head > div, .sign > div { width: auto; margin-bottom: 8pt; }
    table.wide { min-width: 760px; }
    .sign .by { margin: 0 0 0 auto; width: 60%; }
  }`;

/** "Xín Mần, ngày 20 tháng 6 năm 2026": with no place known, it is left for the signer to write. */
function dateLine(place: string, today: string): string {
  const [y, m, d] = today.split("-").map(Number);
  return `${place || "……………"}, ngày ${d} tháng ${m} năm ${y}`;
}

const dmy = (date: string) => date.split("-").reverse().join("/");

/** A table row: the first two cells are names (left-aligned), the rest figures; a header row is all `th`. */
function Row(props: { cells: (string | number)[]; head?: boolean }) {
  return (
    <tr>
      {props.cells.map((c, i) =>
        props.head ? <th>{c}</th> : <td class={i > 1 ? undefined : "name"}>{c}</td>,
      )}
    </tr>
  );
}

function Totals(props: { t: Report["totals"] }) {
  const { t } = props;
  const rows: [string, string | number][] = [
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
    [
      "Tháng có buổi sinh hoạt xếp loại tốt / khá / trung bình / kém",
      `${t.ratedTot} / ${t.ratedKha} / ${t.ratedTrungBinh} / ${t.ratedKem}`,
    ],
    ["Quý đã kết thúc mà không sinh hoạt chuyên đề (lượt chi bộ)", t.quartersWithoutThematic],
    ...CATEGORY_HEADERS.map((h, i): [string, number] => [h, categoriesOf(t)[i]!]),
    ["Xếp loại chi bộ (số chi bộ)", yearBandsText(t.yearBands) || "—"],
  ];
  return (
    <table>
      <Row head cells={["Chỉ tiêu", "Kết quả"]} />
      {rows.map(([k, v]) => (
        <tr>
          <td class="name">{k}</td>
          <td>{v}</td>
        </tr>
      ))}
    </table>
  );
}

function Branches(props: { report: Report }) {
  return (
    <>
      <h3>II. Kết quả của từng chi bộ</h3>
      {/* A section named by a label is a region: keyboard users can scroll the wide table. */}
      <section class="scroll" tabindex={0} aria-label="Kết quả của từng chi bộ">
        <table class="wide">
          <Row
            head
            cells={[
              "Cấp ủy",
              "Chi bộ",
              "Kế hoạch",
              "Đã họp",
              "Hoãn/hủy",
              "Chưa ghi nhận",
              "Cao điểm",
              "Tỉ lệ dự (%)",
              "BB đúng hạn",
              "BB trễ hạn",
              `ĐV vắng ≥${ABSENCE_FLAG_THRESHOLD}`,
              "Quý thiếu chuyên đề",
              "Xếp loại",
            ]}
          />
          {props.report.branches.map((r) => (
            <Row
              cells={[
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
                r.quartersWithoutThematic,
                yearBandText(r),
              ]}
            />
          ))}
        </table>
      </section>
    </>
  );
}

function Flagged(props: { report: Report; number: string }) {
  const flagged = props.report.branches.flatMap((r) =>
    r.flaggedMembers.map((f) => ({ ...f, branch: r.branchName })),
  );
  return (
    <>
      <h3>
        {props.number}. Đảng viên vắng sinh hoạt không có lý do từ {ABSENCE_FLAG_THRESHOLD} lần trở lên trong
        năm
      </h3>
      {flagged.length ? (
        <table>
          <Row head cells={["Họ và tên", "Chi bộ", "Năm", "Số lần vắng"]} />
          {flagged.map((f) => (
            <Row cells={[f.fullName, f.branch, f.year, f.unexcusedAbsences]} />
          ))}
        </table>
      ) : (
        <p>Không có.</p>
      )}
    </>
  );
}

/** "<b>Label:</b> a; b; c." — a paragraph listing things, or saying there are none. */
function Listing(props: { label: string; items: string[]; none: string }) {
  return (
    <p>
      <b>{props.label}:</b> {props.items.length ? props.items.join("; ") : props.none}.
    </p>
  );
}

function Detail(props: { d: NonNullable<Report["detail"]> }) {
  const { d } = props;
  return (
    <>
      <h3>III. Chuyên đề và đợt cao điểm</h3>
      <Listing label="Chuyên đề đã học" items={d.studiedTopics.map((x) => x.title)} none="chưa có" />
      <Listing label="Chuyên đề chưa học" items={d.notStudiedTopics.map((x) => x.title)} none="không còn" />
      <Listing
        label="Sinh hoạt vào đợt cao điểm"
        items={d.peakMeetings.map((p) => `${dmy(p.date)} (${p.text})`)}
        none="chưa có"
      />
      {d.movedMeetings.length > 0 && (
        <Listing
          label="Sinh hoạt ngoài tháng kế hoạch"
          items={d.movedMeetings.map(
            (m) =>
              `${dmy(m.date)} (buổi tháng ${Number(m.month.slice(5, 7))}/${m.month.slice(0, 4)}: ${m.reason})`,
          )}
          none=""
        />
      )}
    </>
  );
}

function Heading(props: { report: Report }) {
  const { report } = props;
  const h = report.scope.heading;
  const upper = (s: string) => s.toLocaleUpperCase("vi-VN");
  return (
    <div class="head">
      <div>
        {h.organisation && <div>{upper(h.organisation)}</div>}
        <div>
          <b>{upper(report.scope.name)}</b>
        </div>
        <div>*</div>
        {/* The number is left blank, written by hand when the report is registered. */}
        <div class="number">
          Số: {"\u00a0".repeat(5)}-BC/{h.reportCode}
        </div>
      </div>
      <div>
        <div class="party">ĐẢNG CỘNG SẢN VIỆT NAM</div>
        <div class="date">{dateLine(h.place, report.today)}</div>
      </div>
    </div>
  );
}

function Signature(props: { report: Report }) {
  const { scope } = props.report;
  const to: ComponentChildren = scope.parentName ? `- ${scope.parentName} (để báo cáo);` : null;
  return (
    <div class="sign">
      <div class="to">
        <i>
          <b>Nơi nhận:</b>
        </i>
        <br />
        {to && (
          <>
            {to}
            <br />
          </>
        )}
        - Lưu.
      </div>
      <div class="by">
        <div>{scope.heading.signedFor}</div>
        <div>{scope.heading.signerTitle}</div>
        <div class="space" />
        <div>……………………</div>
      </div>
    </div>
  );
}

/** The printable report; `back` adds a link back to the page it was opened from (not printed). */
export function reportHtml(report: Report, opts: { back?: { href: string; label: string } } = {}): string {
  const title = reportTitle(report);
  const isBranch = report.scope.kind === "branch";
  return documentHtml(
    <PrintShell
      title={`Báo cáo ${title.charAt(0).toLowerCase()}${title.slice(1)} – ${report.scope.name}`}
      css={REPORT_CSS}
    >
      {opts.back && (
        <BackLink
          href={opts.back.href}
          label={opts.back.label}
          hint="In bằng lệnh In của trình duyệt (Ctrl+P), khổ A4."
        />
      )}
      <Heading report={report} />
      <h1>BÁO CÁO</h1>
      <h2>{title}</h2>
      <p class="period">Kỳ báo cáo: {periodText(report)}</p>
      <h3>I. Tổng hợp</h3>
      <Totals t={report.totals} />
      {!isBranch && <Branches report={report} />}
      <Flagged report={report} number={isBranch ? "II" : "III"} />
      {report.detail && <Detail d={report.detail} />}
      <Signature report={report} />
    </PrintShell>,
  );
}
