/**
 * The committee's grid of every branch by month (`/cap-uy/:id`), also drawn on an officer's home.
 */
import type { Principal } from "../auth/principal.ts";
import { GRID_LABELS, GRID_STATES } from "../domain/grid-state.ts";
import { BAND_LABEL, type Band } from "../domain/meeting-rating.ts";

/** A rating in a grid cell, short enough for 360 px. */
const BAND_SHORT: Record<Band, string> = { tot: "T", kha: "K", trung_binh: "TB", kem: "Kém" };

import { formatDate, formatMonth } from "../domain/vi-format.ts";
import type { CommitteeGrid } from "../plan/grid-service.ts";
import { CommitteeNav } from "./committee-nav.tsx";
import { Layout, PATHS, render } from "./layout.tsx";
import { QuarterMarks } from "./quarter-marks.tsx";

/** "2026-12" → "12/2026" */
function monthNumeric(month: string): string {
  return `${Number(month.slice(5, 7))}/${month.slice(0, 4)}`;
}

function monthShort(month: string): string {
  return `T${Number(month.slice(5, 7))}`;
}

/** Query string of the grid's view, for links that keep it. */
function gridQuery(g: CommitteeGrid, page: number): string {
  const q = new URLSearchParams();
  if (g.campaign) q.set("dot", g.campaign.id);
  q.set("nam", String(g.year));
  if (page > 1) q.set("trang", String(page));
  return `?${q}`;
}

/** The grid itself, with its legend and the view's choices; also on an officer's home. */
export function CommitteeGridSection(props: { grid: CommitteeGrid; headingLevel?: 1 | 2 }) {
  const g = props.grid;
  const H = props.headingLevel === 1 ? "h1" : "h2";
  // A campaign shown whole (no year to choose) is named by its months, which may straddle two years.
  const period =
    g.years.length === 0 && g.months.length > 0
      ? `${monthNumeric(g.months[0]!)} – ${monthNumeric(g.months.at(-1)!)}`
      : `năm ${g.year}`;
  const span = g.campaign ? `${g.campaign.title}, ${period}` : period;
  return (
    <section aria-labelledby="grid-title">
      <H id="grid-title">Lịch sinh hoạt các chi bộ</H>
      <p class="muted">
        {g.committee.name} · {g.total} chi bộ · {span}
      </p>
      <form method="get" action={PATHS.committee(g.committee.id)} class="grid-filter">
        <div class="field">
          <label for="g-dot">Đợt học tập</label>
          <select id="g-dot" name="dot">
            <option value="">Cả năm, không theo đợt</option>
            {g.campaigns.map((c) => (
              <option value={c.id} selected={c.id === g.campaign?.id}>
                {c.title} ({formatMonth(c.firstMonth)} – {formatMonth(c.lastMonth)})
              </option>
            ))}
          </select>
        </div>
        {g.years.length > 0 && (
          <div class="field">
            <label for="g-nam">Năm</label>
            <select id="g-nam" name="nam">
              {g.years.map((y) => (
                <option value={String(y)} selected={y === g.year}>
                  {y}
                </option>
              ))}
            </select>
          </div>
        )}
        <button type="submit" class="secondary grid-go">
          Xem
        </button>
      </form>
      {g.branches.length === 0 ? (
        <p class="card">Chưa có chi bộ nào trực thuộc.</p>
      ) : g.months.length === 0 ? (
        <p class="card">Đợt học tập không có tháng nào trong {period}.</p>
      ) : (
        <section class="grid-wrap" aria-labelledby="grid-caption" tabindex={0}>
          <table class="grid">
            <caption id="grid-caption">
              Các chi bộ theo tháng, {period}
              {g.pages > 1 ? ` (trang ${g.page}/${g.pages})` : ""}
            </caption>
            <thead>
              <tr>
                <th scope="col">Chi bộ</th>
                {g.months.map((m) => (
                  <th scope="col">
                    <abbr title={formatMonth(m)}>{monthShort(m)}</abbr>
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {g.branches.map((b) => (
                <tr>
                  <th scope="row">
                    {b.name}
                    <span class="g-links">
                      <a href={PATHS.members(b.id)} aria-label={`Đảng viên ${b.name}`}>
                        Đảng viên
                      </a>
                      {" · "}
                      <a href={PATHS.branchReports(b.id)} aria-label={`Báo cáo ${b.name}`}>
                        Báo cáo
                      </a>
                    </span>
                    <QuarterMarks marks={b.quarters} />
                    {b.year && (
                      <span class="g-year" title={b.year.reasons.join("; ")}>
                        Xếp loại năm: {BAND_LABEL[b.year.band]}
                      </span>
                    )}
                  </th>
                  {g.months.map((m) => {
                    const cell = b.cells[m];
                    if (!cell)
                      return (
                        <td class="g-none">
                          –<i>Chưa có</i>
                        </td>
                      );
                    const l = GRID_LABELS[cell.state];
                    return (
                      <td class={`g-${cell.state}`}>
                        <a href={PATHS.meeting(cell.id)}>
                          {l.symbol}
                          <i>{l.short}</i>
                          {cell.band && (
                            <small class={`g-band g-band-${cell.band}`}>
                              {BAND_SHORT[cell.band]}
                              <i> (xếp loại {BAND_LABEL[cell.band]})</i>
                            </small>
                          )}
                          {cell.makeup && (
                            <small class="g-bu">
                              bù {formatDate(cell.date).slice(0, 5)}
                              <i> (họp bù ngày {formatDate(cell.date)})</i>
                            </small>
                          )}
                        </a>
                      </td>
                    );
                  })}
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      )}
      <h3 id="legend-title">Chú thích</h3>
      <ul class="legend" aria-labelledby="legend-title">
        <li>
          <strong>T, K, TB, Kém</strong>: xếp loại buổi sinh hoạt (Tốt, Khá, Trung bình, Kém) theo thang điểm
          của cấp ủy; “Xếp loại năm” theo cách xếp loại năm của cấp ủy
        </li>
        {GRID_STATES.map((s) => (
          <li>
            <span class={`g g-${s}`} aria-hidden="true">
              {GRID_LABELS[s].symbol}
            </span>{" "}
            <strong>{GRID_LABELS[s].short}</strong>: {GRID_LABELS[s].long}
          </li>
        ))}
        <li>
          <span class="g g-none" aria-hidden="true">
            –
          </span>{" "}
          <strong>Chưa có</strong>: chưa lập kế hoạch tháng này
        </li>
        <li>
          <strong>Q1✓ Q2◷ Q3! Q4✗</strong>: sinh hoạt chuyên đề theo quý — ✓ đã họp, ◷ đã lên kế hoạch, · chưa
          có (còn thời gian), ! tháng cuối quý chưa có buổi nào, ✗ hết quý không có
        </li>
        <li>
          <strong>bù dd/MM</strong>: tháng đã họp bù vào ngày ấy; ô cho biết tình trạng của buổi họp bù
        </li>
      </ul>
      {g.pages > 1 && (
        <nav class="pager" aria-label="Các trang chi bộ">
          {g.page > 1 && (
            <a href={`${PATHS.committee(g.committee.id)}${gridQuery(g, g.page - 1)}`}>← Trang trước</a>
          )}
          <span>
            Trang {g.page}/{g.pages}
          </span>
          {g.page < g.pages && (
            <a href={`${PATHS.committee(g.committee.id)}${gridQuery(g, g.page + 1)}`}>Trang sau →</a>
          )}
        </nav>
      )}
    </section>
  );
}

export function gridPage(p: Principal, csrf: string, grid: CommitteeGrid): string {
  return render(
    <Layout title={`Các chi bộ – ${grid.committee.name}`} principal={p} csrf={csrf}>
      <CommitteeNav id={grid.committee.id} month={grid.thisMonth} current="grid" />
      <CommitteeGridSection grid={grid} headingLevel={1} />
    </Layout>,
  );
}

// -------------------------------------------------------------------------------------------- campaigns
