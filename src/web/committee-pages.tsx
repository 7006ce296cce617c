/**
 * The committee's pages (officers): the grid of every branch by month, the campaigns (schedule, peak dates,
 * deadlines, events, planning), the holidays of a year, and the month's printable topic sheet. Pure
 * functions from what the services answered to HTML.
 */
import type { Principal } from "../auth/principal.ts";
import { GRID_LABELS, GRID_STATES } from "../domain/grid-state.ts";
import { partLabel } from "../domain/meeting-text.ts";
import { formatDate, formatDateWithWeekday, formatMonth } from "../domain/vi-format.ts";
import type { CommitteeGrid } from "../plan/grid-service.ts";
import type { CampaignsView, holidaysView, TopicSheet } from "./committee-service.ts";
import { CsrfField, Field, Layout, Notice, PATHS, render } from "./layout.tsx";

/** What a refused form sent back: the typed values and the reason per field. */
export interface FormState {
  form: string;
  values: Record<string, string>;
  errors: Record<string, string>;
  message?: string;
}

function monthShort(month: string): string {
  return `T${Number(month.slice(5, 7))}`;
}

function CommitteeNav(props: { id: string; month: string; current: string }) {
  const links = [
    { key: "grid", href: PATHS.committee(props.id), label: "Các chi bộ" },
    { key: "campaigns", href: PATHS.campaigns(props.id), label: "Đợt học tập" },
    { key: "holidays", href: PATHS.holidays(props.id), label: "Ngày nghỉ" },
    { key: "sheet", href: PATHS.topicSheet(props.id, props.month), label: "Bản tin tháng" },
    { key: "reports", href: PATHS.reports(props.id), label: "Báo cáo" },
  ];
  return (
    <nav class="subnav no-print" aria-label="Trang của cấp ủy">
      {links.map((l) => (
        <a href={l.href} aria-current={l.key === props.current ? "page" : undefined}>
          {l.label}
        </a>
      ))}
    </nav>
  );
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
  const span = g.campaign ? `${g.campaign.title}, năm ${g.year}` : `năm ${g.year}`;
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
        <button type="submit" class="secondary grid-go">
          Xem
        </button>
      </form>
      {g.branches.length === 0 ? (
        <p class="card">Chưa có chi bộ nào trực thuộc.</p>
      ) : g.months.length === 0 ? (
        <p class="card">Đợt học tập không có tháng nào trong năm {g.year}.</p>
      ) : (
        <section class="grid-wrap" aria-labelledby="grid-caption" tabindex={0}>
          <table class="grid">
            <caption id="grid-caption">
              Các chi bộ theo tháng, năm {g.year}
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

export function gridPage(p: Principal, csrf: string, grid: CommitteeGrid, month: string): string {
  return render(
    <Layout title={`Các chi bộ – ${grid.committee.name}`} principal={p} csrf={csrf}>
      <CommitteeNav id={grid.committee.id} month={month} current="grid" />
      <CommitteeGridSection grid={grid} headingLevel={1} />
    </Layout>,
  );
}

// -------------------------------------------------------------------------------------------- campaigns

const AUDIENCE: Record<string, string> = { branch: "Chi bộ báo cáo", committee: "Cấp ủy báo cáo" };

function dayMonth(day: number, month: number, year?: number | null): string {
  const d = `${String(day).padStart(2, "0")}/${String(month).padStart(2, "0")}`;
  return year ? `${d}/${year}` : `${d} hằng năm`;
}

function typedOr(state: FormState | undefined, form: string, name: string, fallback: string): string {
  return state?.form === form ? (state.values[name] ?? "") : fallback;
}
function errorOf(state: FormState | undefined, form: string, name: string): string | undefined {
  return state?.form === form ? state.errors[name] : undefined;
}

export function campaignsPage(
  p: Principal,
  csrf: string,
  v: CampaignsView,
  o: { month: string; done?: string; state?: FormState },
): string {
  const d = v.detail;
  const base = d ? `${PATHS.campaigns(v.committee.id)}/${d.id}` : "";
  const own = (committeeId: string | null) => committeeId === v.committee.id;
  return render(
    <Layout title={`Đợt học tập – ${v.committee.name}`} principal={p} csrf={csrf}>
      <CommitteeNav id={v.committee.id} month={o.month} current="campaigns" />
      <h1>Đợt học tập</h1>
      <p class="muted">{v.committee.name}</p>
      {o.done && <Notice kind="ok">{o.done}</Notice>}
      {o.state?.message && <Notice kind="error">{o.state.message}</Notice>}
      {v.campaigns.length === 0 ? (
        <p class="card">Cấp ủy chưa có đợt học tập nào.</p>
      ) : (
        <ul class="campaign-list">
          {v.campaigns.map((c) => (
            <li>
              <a
                href={`${PATHS.campaigns(v.committee.id)}?dot=${c.id}`}
                aria-current={c.id === d?.id ? "page" : undefined}
              >
                {c.title}
              </a>{" "}
              <span class="muted">
                {formatMonth(c.firstMonth)} – {formatMonth(c.lastMonth)}
                {own(c.committeeId) ? "" : " · của cấp trên, chỉ xem"}
              </span>
            </li>
          ))}
        </ul>
      )}
      {d && (
        <section aria-labelledby="camp-title" class="card">
          <h2 id="camp-title" style="margin-top:0">
            {d.title}
          </h2>
          <p>
            Tác phẩm: <em>{d.bookTitle}</em>
            {d.bookAuthor ? ` – ${d.bookAuthor}` : ""}
          </p>
          <p>
            Từ {formatMonth(d.firstMonth)} đến {formatMonth(d.lastMonth)} · biên bản nộp trong{" "}
            {d.minutesDueDays} ngày sau buổi sinh hoạt.
          </p>
          {d.canEdit ? (
            <form method="post" action={`${base}/lap-ke-hoach`}>
              <CsrfField token={csrf} />
              <p class="hint">
                Lập (hoặc lập lại) lịch sinh hoạt cho mọi chi bộ trực thuộc. Buổi đã họp, đã hủy hay bí thư đã
                sửa được giữ nguyên.
              </p>
              <button type="submit">Lập kế hoạch</button>
            </form>
          ) : (
            <p class="muted">Đợt học tập của cấp ủy cấp trên: cấp ủy này chỉ xem.</p>
          )}
        </section>
      )}
      {d && <ScheduleSection d={d} base={base} committeeId={v.committee.id} csrf={csrf} state={o.state} />}
      {d && <PeaksSection d={d} base={base} v={v} csrf={csrf} state={o.state} />}
      {d && <DeadlinesSection d={d} base={base} csrf={csrf} state={o.state} />}
      {d && <EventsSection d={d} base={base} csrf={csrf} state={o.state} />}
    </Layout>,
  );
}

/** A button that removes one item of the campaign (its own little form). */
function RemoveButton(props: { action: string; csrf: string; label: string }) {
  return (
    <form method="post" action={props.action} class="inline">
      <CsrfField token={props.csrf} />
      <button type="submit" class="secondary">
        {props.label}
      </button>
    </form>
  );
}

type Section = {
  d: NonNullable<CampaignsView["detail"]>;
  base: string;
  csrf: string;
  state: FormState | undefined;
};

type DeadlineRow = NonNullable<CampaignsView["detail"]>["deadlines"][number];
type EventRow = NonNullable<CampaignsView["detail"]>["events"][number];

/** A deadline's fields, empty (a new one) or the deadline's own, with what a refused form typed. */
function DeadlineFields(props: {
  form: string;
  prefix: string;
  state: FormState | undefined;
  x?: DeadlineRow;
}) {
  const { form, prefix, state, x } = props;
  const f = (
    name: string,
    label: string,
    fallback: string,
    o: { type?: string; required?: boolean } = {},
  ) => (
    <Field
      name={name}
      id={`${prefix}-${name}`}
      label={label}
      type={o.type ?? "text"}
      required={o.required}
      value={typedOr(state, form, name, fallback)}
      error={errorOf(state, form, name)}
    />
  );
  return (
    <>
      <div class="row3">
        {f("day", "Ngày", x ? String(x.day) : "", { type: "number", required: true })}
        {f("month", "Tháng", x ? String(x.month) : "", { type: "number", required: true })}
        {f("year", "Năm", x?.year ? String(x.year) : "", { type: "number" })}
      </div>
      <p class="hint">Để trống năm nếu hạn lặp lại hằng năm.</p>
      <Field
        name="audience"
        id={`${prefix}-audience`}
        label="Ai báo cáo"
        type="select"
        value={typedOr(state, form, "audience", x?.audience ?? "branch")}
        error={errorOf(state, form, "audience")}
        options={[
          { value: "branch", label: "Chi bộ báo cáo lên cấp ủy" },
          { value: "committee", label: "Cấp ủy báo cáo lên cấp trên" },
        ]}
      />
      {f("title", "Nội dung", x?.title ?? "", { required: true })}
    </>
  );
}

/** An event's fields, empty (a new one) or the event's own, with what a refused form typed. */
function EventFields(props: { form: string; prefix: string; state: FormState | undefined; e?: EventRow }) {
  const { form, prefix, state, e } = props;
  return (
    <>
      <Field
        name="date"
        id={`${prefix}-date`}
        label="Ngày"
        type="date"
        required
        value={typedOr(state, form, "date", e?.date ?? "")}
        error={errorOf(state, form, "date")}
      />
      <Field
        name="title"
        id={`${prefix}-title`}
        label="Tên sự kiện"
        required
        hint={e ? undefined : "Ví dụ: Hội nghị giới thiệu tác phẩm, hội thi tìm hiểu"}
        value={typedOr(state, form, "title", e?.title ?? "")}
        error={errorOf(state, form, "title")}
      />
      <Field
        name="description"
        id={`${prefix}-description`}
        label="Ghi chú"
        type="textarea"
        rows={3}
        value={typedOr(state, form, "description", e?.description ?? "")}
        error={errorOf(state, form, "description")}
      />
    </>
  );
}

/** A row's own edit form, folded away under "Sửa" (open again when it was refused). */
function EditItem(props: {
  form: string;
  state: FormState | undefined;
  what: string;
  action: string;
  csrf: string;
  save: string;
  children: preact.ComponentChildren;
}) {
  return (
    <details class="item-edit" open={props.state?.form === props.form}>
      <summary>
        Sửa<span class="sr-only"> {props.what}</span>
      </summary>
      <form method="post" action={props.action}>
        <CsrfField token={props.csrf} />
        {props.children}
        <button type="submit">{props.save}</button>
      </form>
    </details>
  );
}

function DeadlinesSection({ d, base, csrf, state }: Section) {
  return (
    <section aria-labelledby="deadlines-title" id="han">
      <h2 id="deadlines-title">Hạn báo cáo</h2>
      {d.deadlines.length === 0 ? (
        <p class="muted">Chưa có hạn báo cáo.</p>
      ) : (
        <ul class="plain">
          {d.deadlines.map((x) => (
            <li id={`han-${x.id}`}>
              <strong>{dayMonth(x.day, x.month, x.year)}</strong> · {AUDIENCE[x.audience] ?? x.audience}:{" "}
              {x.title}
              {d.canEdit && (
                <RemoveButton
                  action={`${base}/han-bao-cao/${x.id}/xoa`}
                  csrf={csrf}
                  label={`Xóa hạn ${dayMonth(x.day, x.month, x.year)}`}
                />
              )}
              {d.canEdit && (
                <EditItem
                  form={`deadline-${x.id}`}
                  state={state}
                  what={`hạn ${dayMonth(x.day, x.month, x.year)}`}
                  action={`${base}/han-bao-cao/${x.id}#han-${x.id}`}
                  csrf={csrf}
                  save="Lưu hạn báo cáo"
                >
                  <DeadlineFields
                    form={`deadline-${x.id}`}
                    prefix={`d${x.id.slice(0, 8)}`}
                    state={state}
                    x={x}
                  />
                </EditItem>
              )}
            </li>
          ))}
        </ul>
      )}
      {d.canEdit && (
        <form method="post" action={`${base}/han-bao-cao`} class="card">
          <h3 style="margin-top:0">Thêm hạn báo cáo</h3>
          <CsrfField token={csrf} />
          <DeadlineFields form="deadline-new" prefix="d" state={state} />
          <button type="submit">Thêm hạn báo cáo</button>
        </form>
      )}
    </section>
  );
}

function EventsSection({ d, base, csrf, state }: Section) {
  return (
    <section aria-labelledby="events-title" id="su-kien">
      <h2 id="events-title">Sự kiện của đợt</h2>
      {d.events.length === 0 ? (
        <p class="muted">Chưa có sự kiện.</p>
      ) : (
        <ul class="plain">
          {d.events.map((e) => (
            <li id={`su-kien-${e.id}`}>
              <strong>{formatDateWithWeekday(e.date)}</strong>: {e.title}
              {!e.confirmed && (
                <p class="notice">
                  Chờ xác nhận: sự kiện sao chép từ đợt trước nhắc đến năm hoặc dịp kỷ niệm chưa thể tự đổi
                  cho đúng. Sự kiện chưa lên lịch của ai; hãy sửa lại ngày và nội dung rồi bấm “Lưu sự kiện”
                  để xác nhận.
                </p>
              )}
              {d.canEdit && (
                <RemoveButton
                  action={`${base}/su-kien/${e.id}/xoa`}
                  csrf={csrf}
                  label={`Xóa sự kiện ${formatDate(e.date)}`}
                />
              )}
              {e.description && <p class="muted">{e.description}</p>}
              {d.canEdit && (
                <EditItem
                  form={`event-${e.id}`}
                  state={state}
                  what={`sự kiện ${formatDate(e.date)}`}
                  action={`${base}/su-kien/${e.id}#su-kien-${e.id}`}
                  csrf={csrf}
                  save="Lưu sự kiện"
                >
                  <EventFields form={`event-${e.id}`} prefix={`e${e.id.slice(0, 8)}`} state={state} e={e} />
                </EditItem>
              )}
            </li>
          ))}
        </ul>
      )}
      {d.canEdit && (
        <form method="post" action={`${base}/su-kien`} class="card">
          <h3 style="margin-top:0">Thêm sự kiện</h3>
          <CsrfField token={csrf} />
          <EventFields form="event-new" prefix="e" state={state} />
          <button type="submit">Thêm sự kiện</button>
        </form>
      )}
    </section>
  );
}

function ScheduleSection(props: {
  d: NonNullable<CampaignsView["detail"]>;
  base: string;
  committeeId: string;
  csrf: string;
  state: FormState | undefined;
}) {
  const { d, base, state } = props;
  const F = "schedule";
  return (
    <section aria-labelledby="schedule-title" id="lich">
      <h2 id="schedule-title">Chủ đề từng tháng</h2>
      {d.scheduleProblems.length > 0 && (
        <ul class="error">
          {d.scheduleProblems.map((x) => (
            <li>
              {formatMonth(x.month)}: {x.reason}
            </li>
          ))}
        </ul>
      )}
      <div class="table-wrap">
        <table>
          <caption class="muted">Tháng ấn định do cấp ủy chọn; các tháng khác theo thứ tự danh mục</caption>
          <thead>
            <tr>
              <th scope="col">Tháng</th>
              <th scope="col">Chủ đề</th>
              <th scope="col">Cách chọn</th>
            </tr>
          </thead>
          <tbody>
            {d.schedule.map((m) => (
              <tr id={`thang-${m.month}`}>
                <td class="nowrap">
                  <a href={PATHS.topicSheet(props.committeeId, m.month)}>{formatMonth(m.month)}</a>
                </td>
                <td>{m.code ? `${m.code} – ${m.title}` : "Chưa có chủ đề"}</td>
                <td>{m.fixed ? "Ấn định" : "Tự động"}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {d.canEdit && d.topics.length > 0 && (
        <form method="post" action={`${base}/chu-de`} class="card">
          <h3 style="margin-top:0">Đổi chủ đề một tháng</h3>
          <CsrfField token={props.csrf} />
          <Field
            name="month"
            id="s-month"
            label="Tháng"
            type="select"
            value={typedOr(state, F, "month", "")}
            error={errorOf(state, F, "month")}
            options={[
              { value: "", label: "Chọn tháng" },
              ...d.schedule.map((m) => ({ value: m.month, label: formatMonth(m.month) })),
            ]}
          />
          <Field
            name="code"
            id="s-code"
            label="Chủ đề"
            type="select"
            value={typedOr(state, F, "code", "")}
            error={errorOf(state, F, "code")}
            options={[
              { value: "", label: "Theo thứ tự danh mục (bỏ ấn định)" },
              ...d.topics.map((t) => ({
                value: t.code,
                label: `${t.code} – ${t.title.length > 70 ? `${t.title.slice(0, 69)}…` : t.title}`,
              })),
            ]}
          />
          <button type="submit">Lưu chủ đề tháng</button>
        </form>
      )}
    </section>
  );
}

function PeakFields(props: {
  form: string;
  prefix: string;
  state: FormState | undefined;
  peak?: { day: number; month: number; baseYear: number; name: string };
}) {
  const { form, prefix, state, peak } = props;
  const f = (name: string, label: string, fallback: string, type = "text") => (
    <Field
      name={name}
      id={`${prefix}-${name}`}
      label={label}
      type={type}
      value={typedOr(state, form, name, fallback)}
      error={errorOf(state, form, name)}
      required
    />
  );
  return (
    <>
      <div class="row3">
        {f("day", "Ngày", peak ? String(peak.day) : "", "number")}
        {f("month", "Tháng", peak ? String(peak.month) : "", "number")}
        {f("baseYear", "Năm gốc", peak ? String(peak.baseYear) : "", "number")}
      </div>
      {f("name", "Tên ngày kỷ niệm", peak?.name ?? "")}
    </>
  );
}

function PeaksSection(props: {
  d: NonNullable<CampaignsView["detail"]>;
  base: string;
  v: CampaignsView;
  csrf: string;
  state: FormState | undefined;
}) {
  const { d, base, v, state } = props;
  const local = (committeeId: string | null) => committeeId !== null;
  return (
    <section aria-labelledby="peaks-title" id="cao-diem">
      <h2 id="peaks-title">Ngày kỷ niệm, đợt cao điểm</h2>
      <p class="muted">
        Buổi sinh hoạt trong 30 ngày trước một ngày kỷ niệm là buổi cao điểm. Ngày toàn quốc do đợt quy định;
        cấp ủy thêm được ngày của địa phương.
      </p>
      <ul class="plain">
        {d.peakDates.map((pk) => (
          <li id={`peak-${pk.id}`}>
            <strong>
              {String(pk.day).padStart(2, "0")}/{pk.month}/{pk.baseYear}
            </strong>{" "}
            {pk.name} <span class="muted">· {local(pk.committeeId) ? "địa phương" : "toàn quốc"}</span>
            {d.canEdit && pk.committeeId === v.committee.id && (
              <details open={state?.form === `peak-${pk.id}`}>
                <summary>Sửa hoặc xóa</summary>
                <form method="post" action={`${base}/ngay-ky-niem/${pk.id}`}>
                  <CsrfField token={props.csrf} />
                  <PeakFields
                    form={`peak-${pk.id}`}
                    prefix={`p${pk.id.slice(0, 8)}`}
                    state={state}
                    peak={pk}
                  />
                  <button type="submit">Lưu ngày kỷ niệm</button>
                </form>
                <form method="post" action={`${base}/ngay-ky-niem/${pk.id}/xoa`}>
                  <CsrfField token={props.csrf} />
                  <button type="submit" class="secondary">
                    Xóa ngày {String(pk.day).padStart(2, "0")}/{pk.month}
                  </button>
                </form>
              </details>
            )}
          </li>
        ))}
      </ul>
      {d.canEdit && (
        <form method="post" action={`${base}/ngay-ky-niem`} class="card">
          <h3 style="margin-top:0">Thêm ngày kỷ niệm của địa phương</h3>
          <CsrfField token={props.csrf} />
          <PeakFields form="peak-new" prefix="pn" state={state} />
          <button type="submit">Thêm ngày kỷ niệm</button>
        </form>
      )}
    </section>
  );
}

// --------------------------------------------------------------------------------------------- holidays

type HolidaysView = Awaited<ReturnType<typeof holidaysView>>;

const KIND_NAMES: Record<string, string> = {
  fixed: "Dương lịch",
  lunar: "Âm lịch",
  adjacent: "Nghỉ liền kề",
  compensatory: "Nghỉ bù",
  custom: "Điều chỉnh",
};

export function holidaysPage(
  p: Principal,
  csrf: string,
  v: HolidaysView,
  o: { month: string; done?: string; state?: FormState },
): string {
  const id = v.committee.id;
  const F = "override";
  return render(
    <Layout title={`Ngày nghỉ năm ${v.year} – ${v.committee.name}`} principal={p} csrf={csrf}>
      <CommitteeNav id={id} month={o.month} current="holidays" />
      <h1>Ngày nghỉ lễ, Tết năm {v.year}</h1>
      <p class="muted">
        Lịch sinh hoạt tránh các ngày này. Tết Nguyên đán và Giỗ Tổ Hùng Vương tính theo âm lịch Việt Nam.
      </p>
      {o.done && <Notice kind="ok">{o.done}</Notice>}
      {o.state?.message && <Notice kind="error">{o.state.message}</Notice>}
      <nav class="pager" aria-label="Chọn năm">
        <a href={`${PATHS.holidays(id)}?nam=${v.year - 1}`}>← Năm {v.year - 1}</a>
        <a href={`${PATHS.holidays(id)}?nam=${v.year + 1}`}>Năm {v.year + 1} →</a>
      </nav>
      <div class="table-wrap">
        <table>
          <caption class="muted">{v.holidays.length} ngày nghỉ</caption>
          <thead>
            <tr>
              <th scope="col">Ngày</th>
              <th scope="col">Tên</th>
              <th scope="col">Loại</th>
            </tr>
          </thead>
          <tbody>
            {v.holidays.map((h) => (
              <tr>
                <td>{formatDateWithWeekday(h.date)}</td>
                <td>{h.name}</td>
                <td>
                  {KIND_NAMES[h.kind] ?? h.kind}
                  {h.source === "edited" ? " · đã điều chỉnh" : ""}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {v.removed.length > 0 && (
        <>
          <h2>Ngày nghỉ mặc định đã bỏ</h2>
          <ul class="plain">
            {v.removed.map((h) => (
              <li>
                {formatDateWithWeekday(h.date)}: {h.name}
              </li>
            ))}
          </ul>
        </>
      )}
      <h2>Điều chỉnh</h2>
      {v.overrides.length === 0 ? (
        <p class="muted">Năm nay chưa có điều chỉnh.</p>
      ) : (
        <ul class="plain">
          {v.overrides.map((x) => (
            <li>
              {formatDateWithWeekday(x.date)}:{" "}
              {x.action === "add" ? `thêm ngày nghỉ ${x.name ?? ""}` : "bỏ ngày nghỉ"}
              {v.canEdit && (
                <form method="post" action={`${PATHS.holidays(id)}/${x.date}/xoa`} class="inline">
                  <CsrfField token={csrf} />
                  <button type="submit" class="secondary">
                    Bỏ điều chỉnh ngày {formatDate(x.date)}
                  </button>
                </form>
              )}
            </li>
          ))}
        </ul>
      )}
      {v.canEdit ? (
        <form method="post" action={PATHS.holidays(id)} class="card">
          <h3 style="margin-top:0">Thêm hoặc sửa điều chỉnh</h3>
          <CsrfField token={csrf} />
          <Field
            name="date"
            id="h-date"
            label="Ngày"
            type="date"
            required
            value={typedOr(o.state, F, "date", "")}
            error={errorOf(o.state, F, "date")}
          />
          <Field
            name="action"
            id="h-action"
            label="Điều chỉnh"
            type="select"
            value={typedOr(o.state, F, "action", "add")}
            error={errorOf(o.state, F, "action")}
            options={[
              { value: "add", label: "Thêm ngày nghỉ (nghỉ bù, hoán đổi)" },
              { value: "remove", label: "Bỏ ngày nghỉ mặc định" },
            ]}
          />
          <Field
            name="name"
            id="h-name"
            label="Tên ngày nghỉ"
            hint="Khi thêm ngày nghỉ, ví dụ: Nghỉ bù Quốc khánh"
            value={typedOr(o.state, F, "name", "")}
            error={errorOf(o.state, F, "name")}
            maxLength={300}
          />
          <button type="submit">Lưu điều chỉnh</button>
        </form>
      ) : (
        <p class="muted">Chỉ quản trị viên được sửa lịch nghỉ; cấp ủy xem để lập kế hoạch.</p>
      )}
    </Layout>,
  );
}

// ------------------------------------------------------------------------------------------ topic sheet

function pagesOf(t: { pageStart: number | null; pageEnd: number | null }): string | null {
  if (t.pageStart === null) return null;
  return t.pageEnd !== null && t.pageEnd !== t.pageStart
    ? `trang ${t.pageStart}–${t.pageEnd}`
    : `trang ${t.pageStart}`;
}

function shiftMonth(month: string, by: number): string {
  const [y, m] = month.split("-").map(Number) as [number, number];
  const i = y * 12 + (m - 1) + by;
  return `${Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, "0")}`;
}

export function topicSheetPage(p: Principal, csrf: string, s: TopicSheet, today: string): string {
  const t = s.topic;
  const id = s.committee.id;
  return render(
    <Layout title={`Bản tin sinh hoạt chi bộ ${formatMonth(s.month)}`} principal={p} csrf={csrf}>
      <CommitteeNav id={id} month={s.month} current="sheet" />
      <div class="no-print sheet-tools">
        <a href={PATHS.topicSheet(id, shiftMonth(s.month, -1))}>← {formatMonth(shiftMonth(s.month, -1))}</a>
        <button type="button" data-print="">
          In bản tin
        </button>
        <a href={PATHS.topicSheet(id, shiftMonth(s.month, 1))}>{formatMonth(shiftMonth(s.month, 1))} →</a>
        <p class="hint">Bấm "In bản tin" (hoặc Ctrl+P trên máy tính), chọn khổ A4.</p>
      </div>
      <article class="sheet">
        <header class="sheet-head">
          <p class="sheet-org">{s.committee.name.toUpperCase()}</p>
          <h1>
            Bản tin sinh hoạt chi bộ
            <br />
            {formatMonth(s.month)}
          </h1>
        </header>
        {s.peaks.map((pk) => (
          <p class="peak">
            Tháng cao điểm: {pk.text}
            {pk.round ? " (năm chẵn)" : ""}. Buổi sinh hoạt từ {formatDate(shiftDay(pk.date, -29))} đến{" "}
            {formatDate(pk.date)} là buổi cao điểm.
          </p>
        ))}
        {!s.campaign ? (
          <p>Tháng này không thuộc đợt học tập nào của cấp ủy.</p>
        ) : !t ? (
          <p>Đợt "{s.campaign.title}" chưa có chủ đề cho tháng này.</p>
        ) : (
          <>
            <p class="muted">
              {s.campaign.title} · tác phẩm <em>{s.bookTitle}</em>
              {s.bookAuthor ? ` – ${s.bookAuthor}` : ""}
            </p>
            <h2>
              Chủ đề: {t.title} <span class="muted">({t.code})</span>
            </h2>
            <p>
              <strong>{partLabel(t.part)}</strong>
              {t.partTitle && t.part !== 0 ? `: ${t.partTitle}` : ""}
              {pagesOf(t) ? ` · ${pagesOf(t)}` : ""}
            </p>
            {t.summary && (
              <>
                <h3>Nội dung chính</h3>
                {t.summary.split(/\n+/).map((para) => (
                  <p>{para}</p>
                ))}
              </>
            )}
            {t.prompts.length > 0 && (
              <>
                <h3>Gợi ý thảo luận</h3>
                <ol>
                  {t.prompts.map((q) => (
                    <li>{q}</li>
                  ))}
                </ol>
              </>
            )}
          </>
        )}
        <p class="sheet-foot muted">In ngày {formatDate(today)}</p>
      </article>
    </Layout>,
  );
}

function shiftDay(date: string, by: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + by);
  return d.toISOString().slice(0, 10);
}

/** A committee page that is not there for this person (out of reach, or no such thing). */
export function refusedPage(p: Principal, csrf: string, status: number, message: string): string {
  return render(
    <Layout title={status === 403 ? "Không có quyền" : "Không tìm thấy"} principal={p} csrf={csrf}>
      <h1>{status === 403 ? "Không có quyền xem trang này" : "Không tìm thấy trang"}</h1>
      <p>{message}</p>
      <p>
        <a href={PATHS.home}>Về trang chủ</a>
      </p>
    </Layout>,
  );
}
