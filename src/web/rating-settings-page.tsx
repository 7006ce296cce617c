/**
 * `/cap-uy/:id/xep-loai`: a committee's meeting-quality settings (issue 20) for its officers — the framework
 * criteria's figures, the points scheme and its bands, and how a branch's year is rated; each part the
 * committee's own or inherited (from the committee above, else the documented defaults).
 */
import type { Principal } from "../auth/principal.ts";
import type { CommitteeRatingSettings } from "../ratings/ratings-service.ts";
import { CommitteeNav } from "./committee-nav.tsx";
import { type FormState, shownForm } from "./forms.ts";
import { CsrfField, Field, Layout, Notice, render } from "./layout.tsx";

const pct = (x: number) => String(Math.round(x * 1000) / 10).replace(".", ",");

/** The form's values from the settings in force. */
export function settingsValues(s: CommitteeRatingSettings): Record<string, string> {
  return {
    attendanceShare: pct(s.quality.attendanceShare),
    attendanceStrict: s.quality.attendanceStrict ? "1" : "",
    minMinutes: String(s.quality.minMinutes),
    combinedMinMinutes: String(s.quality.combinedMinMinutes),
    thematicPerQuarter: String(s.quality.thematicPerQuarter),
    criteria: s.scheme.criteria.map((c) => `${c.label} | ${c.maxPoints}`).join("; "),
    tot: String(s.scheme.minTotal.tot),
    kha: String(s.scheme.minTotal.kha),
    trung_binh: String(s.scheme.minTotal.trung_binh),
    topShare: pct(s.yearRule.topShare),
    goodShare: pct(s.yearRule.goodShare),
    passShare: pct(s.yearRule.passShare),
    capOnWeak: s.yearRule.capOnWeak ? "1" : "",
    capOnMissingThematic: s.yearRule.capOnMissingThematic ? "1" : "",
  };
}

function sourceText(s: CommitteeRatingSettings, part: keyof CommitteeRatingSettings["from"]): string {
  const f = s.from[part];
  return f.kind === "own"
    ? "Cấp ủy tự đặt."
    : f.kind === "parent"
      ? "Theo cấp ủy cấp trên."
      : "Theo mặc định (Hướng dẫn 12, 42 và tài liệu).";
}

export function ratingSettingsPage(o: {
  p: Principal;
  csrf: string;
  s: CommitteeRatingSettings;
  month: string;
  state?: FormState;
  done?: boolean;
}): string {
  const { s, state } = o;
  const form = shownForm(state, "xep-loai", settingsValues(s));
  const val = (k: string) => form.v[k] ?? "";
  const box = (k: string, label: string) => (
    <div class="field">
      <label>
        <input type="checkbox" name={k} value="1" checked={val(k) === "1"} /> {label}
      </label>
    </div>
  );
  const inherit = (k: string, label: string) => box(`inherit_${k}`, label);
  return render(
    <Layout title={`Xếp loại sinh hoạt chi bộ – ${s.committee.name}`} principal={o.p} csrf={o.csrf}>
      <CommitteeNav id={s.committee.id} month={o.month} current="ratings" />
      <h1>Xếp loại chất lượng sinh hoạt chi bộ</h1>
      <p class="muted">{s.committee.name}</p>
      {o.done && <Notice kind="ok">Đã lưu cài đặt xếp loại.</Notice>}
      {state?.message && <Notice kind="error">{state.message}</Notice>}
      <form method="post" class="card">
        <CsrfField token={o.csrf} />
        <h2>Tiêu chí khung</h2>
        <p class="muted">{sourceText(s, "quality")}</p>
        <Field name="attendanceShare" form={form} label="Tỷ lệ đảng viên dự (%)" />
        {box("attendanceStrict", "Phải trên tỷ lệ này (bỏ chọn: từ tỷ lệ này trở lên)")}
        <Field name="minMinutes" form={form} label="Thời lượng tối thiểu (phút)" type="number" />
        <Field
          name="combinedMinMinutes"
          form={form}
          label="Thời lượng buổi kết hợp thường kỳ và chuyên đề (phút)"
          type="number"
        />
        <Field name="thematicPerQuarter" form={form} label="Số buổi chuyên đề mỗi quý" type="number" />
        {inherit("quality", "Dùng lại tiêu chí của cấp trên hoặc mặc định")}
        <h2>Thang điểm</h2>
        <p class="muted">{sourceText(s, "scheme")}</p>
        <Field name="criteria" form={form} label="Tiêu chí: tên | điểm tối đa; tiêu chí sau…" rows={5} />
        <Field name="tot" form={form} label="Tốt từ (điểm)" type="number" />
        <Field name="kha" form={form} label="Khá từ (điểm)" type="number" />
        <Field name="trung_binh" form={form} label="Trung bình từ (điểm)" type="number" />
        {inherit("scheme", "Dùng lại thang điểm của cấp trên hoặc mặc định")}
        <h2>Xếp loại năm của chi bộ</h2>
        <p class="muted">{sourceText(s, "yearRule")} Đề xuất của chibo, cấp ủy xác nhận hoặc sửa.</p>
        <Field name="topShare" form={form} label="Tốt khi số tháng xếp loại tốt đạt (%)" />
        <Field name="goodShare" form={form} label="Khá khi số tháng khá trở lên đạt (%)" />
        <Field name="passShare" form={form} label="Trung bình khi số tháng trung bình trở lên đạt (%)" />
        {box("capOnWeak", "Có buổi kém: tối đa khá; có tháng không sinh hoạt: tối đa trung bình")}
        {box("capOnMissingThematic", "Có quý không sinh hoạt chuyên đề: tối đa khá")}
        {inherit("yearRule", "Dùng lại cách xếp loại năm của cấp trên hoặc mặc định")}
        <button type="submit">Lưu cài đặt</button>
      </form>
    </Layout>,
  );
}
