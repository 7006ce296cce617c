/**
 * The reports page of a committee (and of one branch): choose the campaign and/or year (the current
 * campaign by default), read the summary figures, download the .xlsx or the CSV, open the printable
 * report. Pure: what the reports service answered comes in, HTML goes out.
 */

import type { Principal } from "../auth/principal.ts";
import { ABSENCE_FLAG_RULE, ABSENCE_FLAG_THRESHOLD } from "../domain/minutes-rules.ts";
import type { CommitteeHeadingSettings, HeadingField } from "../organisation/committee-service.ts";
import {
  CATEGORY_HEADERS,
  categoriesOf,
  periodText,
  yearBandsText,
  yearBandText,
} from "../reports/report-format.ts";
import type { CampaignChoice, Report } from "../reports/reports-service.ts";
import type { FormState } from "./forms.ts";
import { CsrfField, Field, Layout, Notice, PATHS, render } from "./layout.tsx";

/** A committee's page lists at most this many branches (the files hold them all), to stay light. */
const MAX_ROWS = 100;

const monthText = (m: string) => `${m.slice(5, 7)}/${m.slice(0, 4)}`;
const percent = (rate: number | null) =>
  rate === null ? "—" : `${(Math.round(rate * 1000) / 10).toString().replace(".", ",")}%`;

/** The reports page's own address (with the chosen filter), for a committee or a branch. */
export function reportsPath(kind: "branch" | "committee", id: string): string {
  return kind === "branch" ? PATHS.branchReports(id) : PATHS.reports(id);
}

/** The query string of the chosen filter, as the page's links carry it. */
export function filterQuery(report: Report, extra: Record<string, string> = {}): string {
  const q = new URLSearchParams();
  if (report.filter.campaignId) q.set("campaignId", report.filter.campaignId);
  if (report.filter.year) q.set("year", String(report.filter.year));
  for (const [k, v] of Object.entries(extra)) q.set(k, v);
  const s = q.toString();
  return s ? `?${s}` : "";
}

function yearsOf(campaigns: CampaignChoice[], today: string): string[] {
  const years = new Set<number>([Number(today.slice(0, 4))]);
  for (const c of campaigns) {
    for (let y = Number(c.firstMonth.slice(0, 4)); y <= Number(c.lastMonth.slice(0, 4)); y++) years.add(y);
  }
  return [...years].sort((a, b) => b - a).map(String);
}

function Figures(props: { report: Report }) {
  const t = props.report.totals;
  const items: [string, string | number][] = [
    ...(props.report.scope.kind === "branch" ? [] : [["Chi bộ", t.branches] as [string, number]]),
    ["Buổi theo kế hoạch", t.planned],
    ["Đã sinh hoạt", t.held],
    ["Hoãn, hủy", t.cancelled],
    ["Đã qua, chưa ghi nhận", t.notRecorded],
    ["Sắp tới", t.upcoming],
    ["Tỉ lệ đảng viên dự", percent(t.attendanceRate)],
    ["Biên bản đúng hạn", t.minutesOnTime],
    ["Biên bản trễ hạn", t.minutesLate],
    ["Sinh hoạt vào đợt cao điểm", t.peakMeetingsHeld],
    [`Vắng không lý do ≥ ${ABSENCE_FLAG_THRESHOLD} lần`, t.flaggedMembers],
    ["Quý đã hết mà không sinh hoạt chuyên đề", t.quartersWithoutThematic],
    ...CATEGORY_HEADERS.map((h, i): [string, number] => [h, categoriesOf(t)[i]!]),
    ...(props.report.scope.kind === "branch"
      ? [
          [
            "Xếp loại chi bộ",
            yearBandText(props.report.branches[0] ?? { yearBand: null, yearReasons: [] }) || "—",
          ] as [string, string],
        ]
      : [["Xếp loại chi bộ", yearBandsText(t.yearBands) || "—"] as [string, string]]),
  ];
  return (
    <dl class="figures">
      {items.map(([k, v]) => (
        <div>
          <dt>{k}</dt>
          <dd>{v}</dd>
        </div>
      ))}
    </dl>
  );
}

/** The notices after a done form of the reports page (`?xong=`). */
export const REPORT_NOTICES: Record<string, string> = {
  "the-thuc": "Đã lưu tiêu đề và chữ ký của bản in.",
};

const HEADING_LABELS: Record<HeadingField, { label: string; example: string }> = {
  reportCode: { label: "Ký hiệu sau số báo cáo (Số: …-BC/…)", example: "HU, ĐU, TU" },
  signedFor: { label: "Dòng thẩm quyền ký", example: "T/M BAN THƯỜNG VỤ, T/M ĐẢNG ỦY" },
  signerTitle: { label: "Chức vụ người ký", example: "BÍ THƯ, PHÓ BÍ THƯ" },
  place: { label: "Địa danh ở dòng ngày tháng", example: "Xín Mần" },
};
const HEADING_ORDER: HeadingField[] = ["reportCode", "signedFor", "signerTitle", "place"];

/** "“HU”", or, for an empty place, what the printed report then shows. */
const quoted = (f: HeadingField, v: string) =>
  v ? `“${v}”` : f === "place" ? "để trống (người ký tự ghi)" : "“”";

/**
 * How the committee's printed reports are headed and signed, and the form that sets it (those who manage
 * the committee only): each field shows the value in force and the one the committee's name gives; a
 * field can go back to that default.
 */
function HeadingSection(props: {
  s: CommitteeHeadingSettings;
  report: Report;
  base: string;
  csrf: string;
  state?: FormState;
  done?: string;
}) {
  const { s, report, state } = props;
  const h = s.heading;
  const mine = state?.form === "the-thuc" ? state : undefined;
  return (
    <details class="tool card heading-settings" id="the-thuc" open={Boolean(mine || props.done)}>
      <summary>
        <h3>Tiêu đề và chữ ký của bản in</h3>
      </summary>
      {props.done && <Notice kind="ok">{props.done}</Notice>}
      {mine?.message && <Notice kind="error">{mine.message}</Notice>}
      <p class="muted">
        Bản in hiện ghi: Số: …-BC/{h.reportCode} · {h.signedFor} · {h.signerTitle} ·{" "}
        {h.place ? `${h.place}, ngày … tháng … năm …` : "…, ngày … tháng … năm …"}
      </p>
      <form method="post" action={`${props.base}/the-thuc#the-thuc`}>
        <CsrfField token={props.csrf} />
        {report.filter.campaignId && !report.filter.defaulted && (
          <input type="hidden" name="campaignId" value={report.filter.campaignId} />
        )}
        {report.filter.year && !report.filter.defaulted && (
          <input type="hidden" name="year" value={String(report.filter.year)} />
        )}
        {HEADING_ORDER.map((f) => {
          const derived = s.derived.includes(f);
          const reset = mine ? mine.values[`default_${f}`] === "1" : false;
          return (
            <div class="heading-field">
              <Field
                name={f}
                id={`h-${f}`}
                label={HEADING_LABELS[f].label}
                value={mine ? (mine.values[f] ?? "") : h[f]}
                error={mine?.errors[f]}
                required={f !== "place"}
                hint={`Mặc định theo tên cấp ủy: ${quoted(f, s.defaults[f])}${
                  derived ? " (đang dùng)" : ""
                }. Ví dụ: ${HEADING_LABELS[f].example}.`}
              />
              {!derived && (
                <label class="choice">
                  <input type="checkbox" name={`default_${f}`} value="1" checked={reset} /> Dùng lại mặc định{" "}
                  {quoted(f, s.defaults[f])}
                </label>
              )}
            </div>
          );
        })}
        <button type="submit">Lưu tiêu đề và chữ ký</button>
      </form>
    </details>
  );
}

export function reportsPage(
  p: Principal,
  o: {
    report: Report;
    campaigns: CampaignChoice[];
    kind: "branch" | "committee";
    id: string;
    csrf: string;
    /** The committee's document heading, when the caller may change it. */
    heading?: CommitteeHeadingSettings | null;
    state?: FormState;
    done?: string;
  },
): string {
  const { report, campaigns, kind, id } = o;
  const base = reportsPath(kind, id);
  const d = report.detail;
  const flagged = report.branches.flatMap((r) =>
    r.flaggedMembers.map((f) => ({ ...f, branch: r.branchName })),
  );
  const campaignOptions = [
    { value: "", label: "Mọi đợt (theo năm đã chọn)" },
    ...campaigns.map((c) => ({
      value: c.id,
      label: `${c.title} (${monthText(c.firstMonth)} – ${monthText(c.lastMonth)})`,
    })),
  ];
  const yearOptions = [
    { value: "", label: "Cả đợt" },
    ...yearsOf(campaigns, report.today).map((y) => ({ value: y, label: `Năm ${y}` })),
  ];
  return render(
    <Layout title={`Báo cáo – ${report.scope.name}`} principal={p} csrf={o.csrf}>
      <h1>Báo cáo kết quả sinh hoạt</h1>
      <p class="muted">
        {report.scope.name} · Kỳ báo cáo: <b>{periodText(report)}</b>
        {report.filter.defaulted &&
          (report.filter.campaignId ? " (đợt đang diễn ra)" : " (năm nay: không có đợt nào đang diễn ra)")}
      </p>
      <form method="get" action={base} class="card report-filter">
        <Field
          name="campaignId"
          label="Đợt sinh hoạt"
          type="select"
          value={report.filter.campaignId ?? ""}
          options={campaignOptions}
        />
        <Field
          name="year"
          label="Năm"
          type="select"
          value={report.filter.year ? String(report.filter.year) : ""}
          options={yearOptions}
          hint="Không chọn đợt và năm: đợt đang diễn ra."
        />
        <button type="submit">Xem báo cáo</button>
      </form>

      <section aria-labelledby="sum-title">
        <h2 id="sum-title">Tổng hợp</h2>
        <Figures report={report} />
      </section>

      <section aria-labelledby="files-title">
        <h2 id="files-title">Tải về và in</h2>
        <p class="actions">
          <a class="button" href={`${base}/tai-ve${filterQuery(report, { format: "xlsx" })}`} download>
            Tải Excel (.xlsx)
          </a>{" "}
          <a
            class="button secondary"
            href={`${base}/tai-ve${filterQuery(report, { format: "csv" })}`}
            download
          >
            Tải CSV
          </a>{" "}
          <a class="button secondary" href={`${base}/ban-in${filterQuery(report)}`}>
            Mở bản in
          </a>
        </p>
        <p class="muted">
          Tệp CSV dùng dấu chấm phẩy giữa các cột và dấu phẩy thập phân, như Excel cài tiếng Việt; máy cài
          ngôn ngữ khác hãy dùng tệp Excel.
        </p>
        {o.heading && (
          <HeadingSection
            s={o.heading}
            report={report}
            base={base}
            csrf={o.csrf}
            state={o.state}
            done={o.done}
          />
        )}
      </section>

      {kind === "committee" && (
        <section aria-labelledby="branches-title">
          <h2 id="branches-title">Từng chi bộ</h2>
          {report.branches.length === 0 ? (
            <p class="muted">Chưa có chi bộ nào.</p>
          ) : (
            <div class="table-wrap">
              <table class="report-branches">
                <thead>
                  <tr>
                    <th scope="col">Chi bộ</th>
                    <th scope="col">Đã họp / kế hoạch</th>
                    <th scope="col">Tỉ lệ dự</th>
                    <th scope="col">Biên bản trễ</th>
                    <th scope="col">Xếp loại</th>
                  </tr>
                </thead>
                <tbody>
                  {report.branches.slice(0, MAX_ROWS).map((r) => (
                    <tr>
                      <td>
                        <a href={`${PATHS.branchReports(r.branchId)}${filterQuery(report)}`}>
                          {r.branchName}
                        </a>
                        {r.committeeName !== report.scope.name && <div class="muted">{r.committeeName}</div>}
                      </td>
                      <td>
                        {r.held} / {r.planned}
                      </td>
                      <td>{percent(r.attendanceRate)}</td>
                      <td>{r.minutesLate}</td>
                      <td>{yearBandText(r)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
              {report.branches.length > MAX_ROWS && (
                <p class="muted">
                  Trang hiện {MAX_ROWS} trên {report.branches.length} chi bộ; tệp Excel có đủ.
                </p>
              )}
            </div>
          )}
        </section>
      )}

      {d && (
        <section aria-labelledby="topics-title" class="report-topics">
          <h2 id="topics-title">Chuyên đề</h2>
          <h3>Đã học ({d.studiedTopics.length})</h3>
          {d.studiedTopics.length ? (
            <ul>
              {d.studiedTopics.map((x) => (
                <li>{x.title}</li>
              ))}
            </ul>
          ) : (
            <p class="muted">Chưa có.</p>
          )}
          <h3>Chưa học ({d.notStudiedTopics.length})</h3>
          {d.notStudiedTopics.length ? (
            <ul>
              {d.notStudiedTopics.map((x) => (
                <li>{x.title}</li>
              ))}
            </ul>
          ) : (
            <p class="muted">Không còn.</p>
          )}
          {d.movedMeetings.length > 0 && (
            <>
              <h3>Sinh hoạt ngoài tháng kế hoạch</h3>
              <ul>
                {d.movedMeetings.map((m) => (
                  <li>
                    {m.date.split("-").reverse().join("/")} (buổi tháng {Number(m.month.slice(5, 7))}/
                    {m.month.slice(0, 4)}): {m.reason}
                  </li>
                ))}
              </ul>
            </>
          )}
        </section>
      )}

      <section aria-labelledby="flag-title">
        <h2 id="flag-title">Đảng viên vắng không lý do từ {ABSENCE_FLAG_THRESHOLD} lần trong năm</h2>
        <p class="hint" id="flag-rule">
          {ABSENCE_FLAG_RULE.rule}
          <br />
          <span class="muted">Căn cứ: {ABSENCE_FLAG_RULE.source}</span>
        </p>
        {flagged.length ? (
          <ul>
            {flagged.map((f) => (
              <li>
                {f.fullName} — {f.branch}, {f.unexcusedAbsences} lần năm {f.year}
              </li>
            ))}
          </ul>
        ) : (
          <p class="muted">Không có.</p>
        )}
      </section>
    </Layout>,
  );
}

/** The answer to a report out of the caller's reach: the same 404 for a missing one. */
export function reportNotFoundPage(p: Principal, csrf: string): string {
  return render(
    <Layout title="Không tìm thấy" principal={p} csrf={csrf}>
      <h1>Không tìm thấy báo cáo</h1>
      <p>
        Báo cáo này không có, hoặc nằm ngoài phạm vi của tài khoản. <a href={PATHS.home}>Về trang chủ</a>
      </p>
    </Layout>,
  );
}
