/**
 * "Sửa đợt học tập": the campaign's own fields (name, book, months, quorum, minutes' due days), folded under
 * the campaign's heading for those who manage it, with what a refused form typed and its reasons.
 */
import type { CampaignsView } from "../plan/committee-pages-service.ts";
import { errorOf, type FormState, typedOr } from "./forms.ts";
import { CsrfField, Field } from "./layout.tsx";

type Detail = NonNullable<CampaignsView["detail"]>;

export const EDIT_FORM = "campaign-edit";

/** The quorum as the form shows it: a percentage, "66,7". */
export const quorumPercent = (q: number) => String(Math.round(q * 1000) / 10).replace(".", ",");

export function CampaignEditForm(props: { d: Detail; base: string; csrf: string; state?: FormState }) {
  const { d, state } = props;
  const f = (name: string, label: string, fallback: string, o: { type?: string; hint?: string } = {}) => (
    <Field
      name={name}
      id={`ce-${name}`}
      label={label}
      type={o.type}
      hint={o.hint}
      rows={o.type === "textarea" ? 3 : undefined}
      required={["title", "bookTitle", "firstMonth", "lastMonth"].includes(name)}
      value={typedOr(state, EDIT_FORM, name, fallback)}
      error={errorOf(state, EDIT_FORM, name)}
    />
  );
  return (
    <details class="card tool" id="sua-dot" open={state?.form === EDIT_FORM}>
      <summary>
        <h3>Sửa đợt học tập</h3>
      </summary>
      <form method="post" action={`${props.base}/sua#camp-title`}>
        <CsrfField token={props.csrf} />
        {f("title", "Tên đợt học tập", d.title)}
        {f("bookTitle", "Tác phẩm, tài liệu học tập", d.bookTitle)}
        {f("bookAuthor", "Tác giả", d.bookAuthor)}
        {f("firstMonth", "Từ tháng", d.firstMonth, { type: "month" })}
        {f("lastMonth", "Đến tháng", d.lastMonth, { type: "month" })}
        <p class="hint">
          Tháng/năm, ví dụ 12/2026. Đợt đã lập kế hoạch được lập lại: tháng thêm vào có buổi sinh hoạt mới;
          buổi sắp tới của tháng bỏ ra vẫn là buổi sinh hoạt của chi bộ nhưng không còn chủ đề của đợt. Không
          bỏ được tháng đã có chi bộ sinh hoạt theo đợt.
        </p>
        {f("quorum", "Tỷ lệ dự họp tối thiểu (%)", quorumPercent(d.quorum), {
          hint: "Phần trăm đảng viên phải có mặt, ví dụ 66,7.",
        })}
        {f("minutesDueDays", "Hạn nộp biên bản (số ngày sau buổi sinh hoạt)", String(d.minutesDueDays), {
          type: "number",
        })}
        {f("description", "Mô tả", d.description, { type: "textarea" })}
        <button type="submit">Lưu đợt học tập</button>
      </form>
    </details>
  );
}
