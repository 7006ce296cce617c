/**
 * On the meeting page: the meeting's kind (thường kỳ / chuyên đề / both), with the secretary's form to set
 * it, and the counts by category the minutes template asks for, once attendance is recorded.
 */
import { type CategoryCounts, MEETING_KIND_LABEL, type MeetingKind } from "../domain/meeting-quality.ts";
import type { MeetingRecord } from "../plan/meeting-view.ts";
import { CsrfField, PATHS } from "./layout.tsx";
import { FormError, type FormState } from "./meeting-form-kit.tsx";

const KINDS: MeetingKind[] = ["regular", "thematic", "combined"];

export function KindLine(props: { record: MeetingRecord }) {
  return (
    <p class="kind">
      Loại: <strong>{MEETING_KIND_LABEL[props.record.kind]}</strong>
    </p>
  );
}

export function KindForm(props: { record: MeetingRecord; csrf: string; state?: FormState }) {
  const r = props.record;
  if (r.view.status === "cancelled") return null;
  const err = props.state?.form === "kind" ? props.state.message : null;
  return (
    <details class="card tool" open={Boolean(err)} id="loai">
      <summary>Loại buổi sinh hoạt</summary>
      <form method="post" action={`${PATHS.meeting(r.view.id)}/loai`}>
        <CsrfField token={props.csrf} />
        <FormError message={err} />
        <fieldset>
          <legend>Chọn loại (mỗi quý ít nhất một buổi chuyên đề)</legend>
          {KINDS.map((k) => (
            <label class="choice">
              <input type="radio" name="kind" value={k} checked={r.kind === k} /> {MEETING_KIND_LABEL[k]}
            </label>
          ))}
        </fieldset>
        <button type="submit">Lưu loại buổi sinh hoạt</button>
      </form>
    </details>
  );
}

/** The template's counts: total, full, probationary, temporary, exempted; present; absent with and without reason. */
export function CategoryTable(props: { counts: CategoryCounts }) {
  const c = props.counts;
  const rows: [string, number][] = [
    ["Tổng số đảng viên", c.total],
    ["Đảng viên chính thức", c.full],
    ["Đảng viên dự bị", c.probationary],
    ["Sinh hoạt tạm thời", c.temporary],
    ["Được miễn sinh hoạt", c.exempted],
    ["Phải dự", c.required],
    ["Có mặt", c.present],
    ["Vắng có lý do", c.absentExcused],
    ["Vắng không lý do", c.absentUnexcused],
  ];
  return (
    <section class="card" aria-labelledby="cat-title" id="so-luong">
      <h2 id="cat-title">Số lượng đảng viên theo biên bản</h2>
      <table class="counts">
        <tbody>
          {rows.map(([label, n]) => (
            <tr>
              <th scope="row">{label}</th>
              <td>{n}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p class="muted">
        Có mặt: {c.presentFull} chính thức, {c.presentProbationary} dự bị
        {c.presentTemporary ? `, trong đó ${c.presentTemporary} sinh hoạt tạm thời` : ""}. Người được miễn
        sinh hoạt mà vắng không tính vào số phải dự.
      </p>
    </section>
  );
}
