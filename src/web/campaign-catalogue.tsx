/**
 * The campaigns page's own making of a campaign: a new one, a copy (of a template or an earlier campaign)
 * for a new period, and its catalogue of topics (add, edit with pages and discussion prompts, reorder).
 * Pure functions from what the services answered, with a refused form's state.
 */
import { formatMonth } from "../domain/vi-format.ts";
import type { CampaignsView } from "../plan/committee-pages-service.ts";
import { errorOf, type FormState, typedOr } from "./forms.ts";
import { CsrfField, Field } from "./layout.tsx";

type Detail = NonNullable<CampaignsView["detail"]>;
type TopicRow = Detail["topics"][number];

/** A text field of a form, with what a refused form typed and its reason. */
function F(props: {
  form: string;
  prefix: string;
  state: FormState | undefined;
  name: string;
  label: string;
  fallback?: string;
  type?: string;
  required?: boolean;
  hint?: string;
  rows?: number;
}) {
  const { form, state, name } = props;
  return (
    <Field
      name={name}
      id={`${props.prefix}-${name}`}
      label={props.label}
      type={props.type}
      required={props.required}
      hint={props.hint}
      rows={props.rows}
      value={typedOr(state, form, name, props.fallback ?? "")}
      error={errorOf(state, form, name)}
    />
  );
}

const MONTH_HINT = "Tháng/năm, ví dụ 12/2026.";
// The month fields stay one under the other: a month picker reads "November 2026" and needs the width.

/** "Tạo đợt học tập mới" and "Sao chép một đợt cho thời gian mới", folded away under the list. */
export function NewCampaignForms(props: {
  v: CampaignsView;
  action: string;
  csrf: string;
  state?: FormState;
}) {
  const { v, state, csrf } = props;
  if (!v.canCreate) return null;
  const c = "campaign-copy";
  const n = "campaign-new";
  return (
    <>
      {v.sources.length > 0 && (
        <details class="card tool" id="sao-chep" open={state?.form === c || v.campaigns.length === 0}>
          <summary>
            <h2>Sao chép một đợt cho thời gian mới</h2>
          </summary>
          <form method="post" action={`${props.action}/sao-chep`}>
            <CsrfField token={csrf} />
            <p class="hint">
              Chép danh mục chủ đề, ngày kỷ niệm, hạn báo cáo và sự kiện. Sự kiện ngoài thời gian mới bị bỏ;
              sự kiện nhắc đến năm cũ chờ cán bộ xác nhận.
            </p>
            <Field
              name="sourceId"
              id="cc-sourceId"
              label="Sao chép từ"
              type="select"
              value={typedOr(state, c, "sourceId", v.sources[0]?.id ?? "")}
              error={errorOf(state, c, "sourceId")}
              options={v.sources.map((s) => ({
                value: s.id,
                label: `${s.template ? "Đợt mẫu: " : ""}${s.title} (${formatMonth(s.firstMonth)} – ${formatMonth(s.lastMonth)})`,
              }))}
            />
            <F form={c} prefix="cc" state={state} name="firstMonth" label="Từ tháng" type="month" required />
            <F form={c} prefix="cc" state={state} name="lastMonth" label="Đến tháng" type="month" required />
            <p class="hint">{MONTH_HINT}</p>
            <F
              form={c}
              prefix="cc"
              state={state}
              name="title"
              label="Tên đợt mới"
              hint="Để trống: giữ tên của đợt được sao chép."
            />
            <button type="submit">Sao chép đợt học tập</button>
          </form>
        </details>
      )}
      <details class="card tool" id="tao-dot" open={state?.form === n}>
        <summary>
          <h2>Tạo đợt học tập mới</h2>
        </summary>
        <form method="post" action={`${props.action}/moi`}>
          <CsrfField token={csrf} />
          <F form={n} prefix="cn" state={state} name="title" label="Tên đợt học tập" required />
          <F
            form={n}
            prefix="cn"
            state={state}
            name="bookTitle"
            label="Tác phẩm, tài liệu học tập"
            required
          />
          <F form={n} prefix="cn" state={state} name="bookAuthor" label="Tác giả" />
          <F form={n} prefix="cn" state={state} name="firstMonth" label="Từ tháng" type="month" required />
          <F form={n} prefix="cn" state={state} name="lastMonth" label="Đến tháng" type="month" required />
          <p class="hint">{MONTH_HINT}</p>
          <F form={n} prefix="cn" state={state} name="description" label="Mô tả" type="textarea" rows={3} />
          <button type="submit">Tạo đợt học tập</button>
        </form>
      </details>
    </>
  );
}

function pagesOf(t: TopicRow): string {
  if (t.pageStart === null) return "";
  const range =
    t.pageEnd !== null && t.pageEnd !== t.pageStart ? `${t.pageStart}–${t.pageEnd}` : `${t.pageStart}`;
  return `${t.pagesEstimated ? "khoảng trang" : "trang"} ${range}`;
}

function partOf(t: TopicRow): string {
  return t.part === 0 ? "Giá trị của tác phẩm" : `Phần ${t.part}`;
}

/** A topic's fields, empty (a new one) or the topic's own, with what a refused form typed. */
function TopicFields(props: { form: string; prefix: string; state: FormState | undefined; t?: TopicRow }) {
  const { form, prefix, state, t } = props;
  const f = { form, prefix, state };
  const estimated = state?.form === form ? state.values.pagesEstimated === "1" : (t?.pagesEstimated ?? false);
  return (
    <>
      <F {...f} name="title" label="Tên chủ đề" fallback={t?.title} required />
      <div class="row2">
        <F
          {...f}
          name="part"
          label="Phần"
          type="number"
          fallback={t ? String(t.part) : ""}
          hint="0: giá trị của tác phẩm"
          required
        />
        <F {...f} name="code" label="Mã" fallback={t?.code} hint="Ví dụ P1.2" required />
      </div>
      <F {...f} name="partTitle" label="Tên phần" fallback={t?.partTitle} />
      <div class="row2">
        <F {...f} name="pageStart" label="Từ trang" type="number" fallback={t?.pageStart?.toString()} />
        <F {...f} name="pageEnd" label="Đến trang" type="number" fallback={t?.pageEnd?.toString()} />
      </div>
      <div class="field check">
        <input
          type="checkbox"
          id={`${prefix}-pagesEstimated`}
          name="pagesEstimated"
          value="1"
          checked={estimated}
        />
        <label for={`${prefix}-pagesEstimated`}>Số trang chỉ là ước tính (“khoảng trang …”)</label>
      </div>
      <F {...f} name="summary" label="Tóm tắt nội dung" type="textarea" rows={3} fallback={t?.summary} />
      <F
        {...f}
        name="prompts"
        label="Gợi ý thảo luận"
        type="textarea"
        rows={4}
        hint="Mỗi dòng một câu gợi ý."
        fallback={t?.prompts.join("\n")}
      />
    </>
  );
}

/** The campaign's catalogue of topics, in order: each folded under its title, with its edit form and the
 * buttons that move it up or down; a form to add one at the end. */
export function TopicsSection(props: {
  d: Detail;
  base: string;
  csrf: string;
  state: FormState | undefined;
}) {
  const { d, base, csrf, state } = props;
  return (
    <section aria-labelledby="topics-title" id="danh-muc">
      <h2 id="topics-title">Danh mục chủ đề</h2>
      <p class="muted">
        Mỗi tháng một chủ đề, theo thứ tự này (trừ tháng cấp ủy ấn định). {d.topics.length} chủ đề.
      </p>
      {d.topics.length === 0 ? (
        <p class="card">Đợt học tập chưa có chủ đề nào.</p>
      ) : (
        <ol class="topics">
          {d.topics.map((t, i) => (
            <li id={`chu-de-${t.id}`}>
              <strong>{t.title}</strong>
              <span class="muted">
                {" "}
                · {partOf(t)}
                {pagesOf(t) ? ` · ${pagesOf(t)}` : ""}
                {t.prompts.length ? ` · ${t.prompts.length} gợi ý thảo luận` : ""}
              </span>
              {d.canEdit && (
                <form method="post" action={`${base}/danh-muc/${t.id}/thu-tu`} class="inline order">
                  <CsrfField token={csrf} />
                  <button type="submit" class="secondary" name="huong" value="len" disabled={i === 0}>
                    Lên<span class="sr-only"> (chủ đề {i + 1})</span>
                  </button>
                  <button
                    type="submit"
                    class="secondary"
                    name="huong"
                    value="xuong"
                    disabled={i === d.topics.length - 1}
                  >
                    Xuống<span class="sr-only"> (chủ đề {i + 1})</span>
                  </button>
                </form>
              )}
              {d.canEdit && (
                <details class="item-edit" open={state?.form === `topic-${t.id}`}>
                  <summary>
                    Sửa<span class="sr-only"> chủ đề {i + 1}</span>
                  </summary>
                  <form method="post" action={`${base}/danh-muc/${t.id}#chu-de-${t.id}`}>
                    <CsrfField token={csrf} />
                    <TopicFields form={`topic-${t.id}`} prefix={`t${t.id.slice(0, 8)}`} state={state} t={t} />
                    <button type="submit">Lưu chủ đề</button>
                  </form>
                </details>
              )}
              {d.canEdit && (
                <details class="item-edit">
                  <summary>
                    Bỏ khỏi danh mục<span class="sr-only"> chủ đề {i + 1}</span>
                  </summary>
                  <form method="post" action={`${base}/danh-muc/${t.id}/bo`}>
                    <CsrfField token={csrf} />
                    <p class="hint">
                      Chủ đề không còn trong danh mục và kế hoạch sắp tới. Buổi đã học chủ đề này vẫn ghi chủ
                      đề trong biên bản; tháng đã ấn định chủ đề này trở về thứ tự danh mục; kế hoạch được lập
                      lại (buổi bí thư đã sửa giữ nguyên, chỉ chờ bí thư chọn chủ đề khác).
                    </p>
                    <button type="submit" class="secondary">
                      Xác nhận bỏ chủ đề<span class="sr-only"> {i + 1}</span>
                    </button>
                  </form>
                </details>
              )}
            </li>
          ))}
        </ol>
      )}
      {d.canEdit && (
        <details class="card tool" open={state?.form === "topic-new" || d.topics.length === 0}>
          <summary>
            <h3>Thêm chủ đề</h3>
          </summary>
          <form method="post" action={`${base}/danh-muc#danh-muc`}>
            <CsrfField token={csrf} />
            <TopicFields form="topic-new" prefix="tn" state={state} />
            <button type="submit">Thêm chủ đề</button>
          </form>
        </details>
      )}
    </section>
  );
}
