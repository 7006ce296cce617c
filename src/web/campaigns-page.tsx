/**
 * The committee's campaigns page (`/cap-uy/:id/dot-hoc-tap`): the list, the chosen campaign's monthly
 * topics, peak dates, deadlines and events, and planning. Pure functions from what the services answered.
 */
import type { Principal } from "../auth/principal.ts";
import { PEAK_WINDOW_DAYS } from "../domain/peaks.ts";
import { formatMonth } from "../domain/vi-format.ts";
import type { CampaignsView } from "../plan/committee-pages-service.ts";
import { NewCampaignForms, TopicsSection } from "./campaign-catalogue.tsx";
import { CampaignEditForm, quorumPercent } from "./campaign-edit-form.tsx";
import { DeadlinesSection, EventsSection } from "./campaign-items.tsx";
import { CommitteeNav } from "./committee-nav.tsx";
import { errorOf, type FormState, shownForm, typedOr } from "./forms.ts";
import { CsrfField, Field, Layout, Notice, PATHS, render } from "./layout.tsx";

export function campaignsPage(
  p: Principal,
  csrf: string,
  v: CampaignsView,
  o: { month: string; done?: string; state?: FormState },
): string {
  const d = v.detail;
  const base = d ? `${PATHS.campaigns(v.committee.id)}/${d.id}` : "";
  const own = (committeeId: string | null) => committeeId === v.committee.id;
  const pending = d?.events.filter((e) => !e.confirmed).length ?? 0;
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
      <NewCampaignForms v={v} action={PATHS.campaigns(v.committee.id)} csrf={csrf} state={o.state} />
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
            {d.minutesDueDays} ngày sau buổi sinh hoạt · dự họp tối thiểu {quorumPercent(d.quorum)}%.
          </p>
          {d.canEdit && <CampaignEditForm d={d} base={base} csrf={csrf} state={o.state} />}
          {pending > 0 && (
            <p class="notice warn">
              {pending} sự kiện sao chép chờ xác nhận: ngày hoặc nội dung nhắc đến năm cũ.{" "}
              <a href="#su-kien">Xem và xác nhận</a>
            </p>
          )}
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
      {d && <TopicsSection d={d} base={base} csrf={csrf} state={o.state} />}
      {d && <ScheduleSection d={d} base={base} committeeId={v.committee.id} csrf={csrf} state={o.state} />}
      {d && <PeaksSection d={d} base={base} v={v} csrf={csrf} state={o.state} />}
      {d && <DeadlinesSection d={d} base={base} csrf={csrf} state={o.state} />}
      {d && <EventsSection d={d} base={base} csrf={csrf} state={o.state} />}
    </Layout>,
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
  const shown = shownForm(state, "schedule", { month: "", code: "" });
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
                <td>{m.code ? m.title : "Chưa có chủ đề"}</td>
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
            form={shown}
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
            form={shown}
            options={[
              { value: "", label: "Theo thứ tự danh mục (bỏ ấn định)" },
              ...d.topics.map((t) => ({
                value: t.code,
                label: `${t.title.length > 70 ? `${t.title.slice(0, 69)}…` : t.title}`,
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
        Buổi sinh hoạt trong {PEAK_WINDOW_DAYS} ngày trước một ngày kỷ niệm là buổi cao điểm. Ngày toàn quốc
        do đợt quy định; cấp ủy thêm được ngày của địa phương.
      </p>
      <ul class="plain">
        {d.peakDates.map((pk) => (
          <li id={`peak-${pk.id}`}>
            <strong>
              {String(pk.day).padStart(2, "0")}/{String(pk.month).padStart(2, "0")}/{pk.baseYear}
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
                    Xóa ngày {String(pk.day).padStart(2, "0")}/{String(pk.month).padStart(2, "0")}
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
