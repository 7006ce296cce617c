import { formatDate, formatDateWithWeekday } from "../domain/vi-format.ts";
import type { CampaignsView } from "../plan/committee-pages-service.ts";
import { errorOf, type FormState, typedOr } from "./forms.ts";
import { CsrfField, Field } from "./layout.tsx";

const AUDIENCE: Record<string, string> = { branch: "Chi bộ báo cáo", committee: "Cấp ủy báo cáo" };

function dayMonth(day: number, month: number, year?: number | null): string {
  const d = `${String(day).padStart(2, "0")}/${String(month).padStart(2, "0")}`;
  return year ? `${d}/${year}` : `${d} hằng năm`;
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

export type Section = {
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
  /** Open even when no form was refused (a copied event waiting for the officer's confirmation). */
  open?: boolean;
  state: FormState | undefined;
  what: string;
  action: string;
  csrf: string;
  save: string;
  children: preact.ComponentChildren;
}) {
  return (
    <details class="item-edit" open={props.state?.form === props.form || props.open}>
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

export function DeadlinesSection({ d, base, csrf, state }: Section) {
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

export function EventsSection({ d, base, csrf, state }: Section) {
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
                  cho đúng. Sự kiện chưa lên lịch của ai; hãy sửa lại ngày và nội dung nếu cần rồi bấm “Xác
                  nhận sự kiện”.
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
                  open={!e.confirmed}
                  save={e.confirmed ? "Lưu sự kiện" : "Xác nhận sự kiện"}
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
