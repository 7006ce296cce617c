/**
 * The meeting page's quality section (issue 20): the framework criteria computed from the record, and the
 * form where the secretary or an officer above enters the points of the committee's scheme. Posted to
 * `/cuoc-hop/:id/xep-loai` as `p_<criterion key>`.
 */
import { BAND_LABEL } from "../domain/meeting-rating.ts";
import { formatInstant } from "../domain/vi-format.ts";
import type { MeetingQuality } from "../ratings/ratings-service.ts";
import { CsrfField, Field, PATHS } from "./layout.tsx";
import { FormError, type FormState, valuesFor } from "./meeting-form-kit.tsx";

export function QualitySection(props: {
  id: string;
  quality: MeetingQuality;
  zone: string;
  csrf: string;
  state?: FormState;
}) {
  const q = props.quality;
  const r = q.rating;
  const f = valuesFor(
    props.state,
    "rating",
    Object.fromEntries(q.scheme.criteria.map((c) => [`p_${c.key}`, r ? String(r.points[c.key] ?? "") : ""])),
  );
  const total = q.scheme.criteria.reduce((n, c) => n + c.maxPoints, 0);
  return (
    <section class="card" aria-labelledby="quality-title" id="xep-loai">
      <h2 id="quality-title">Chất lượng buổi sinh hoạt</h2>
      {!q.held ? (
        <p class="muted">
          Xếp loại mở khi buổi sinh hoạt đã được ghi nhận là đã họp (điểm danh hoặc biên bản).
        </p>
      ) : (
        <>
          <h3>Tiêu chí khung (tính từ hồ sơ)</h3>
          <ul class="quality-criteria">
            {q.criteria.map((c) => (
              <li>
                <span aria-hidden="true">{c.met ? "✓" : "✗"}</span>{" "}
                <strong>{c.met ? "Đạt" : "Chưa đạt"}:</strong> {c.detail}
              </li>
            ))}
          </ul>
          <p class="muted">Mức yêu cầu theo Hướng dẫn 12-HD/BTCTW, 42-HD/BTCTW và cài đặt của cấp ủy.</p>
          <h3>Chấm điểm theo thang của cấp ủy ({total} điểm)</h3>
          {r && (
            <p class="notice" role="status">
              Xếp loại: <strong>{BAND_LABEL[r.band]}</strong> ({r.total}/{total} điểm), chấm bởi{" "}
              {r.ratedBy ?? "—"} lúc {formatInstant(r.ratedAt, props.zone)}.
            </p>
          )}
          <form method="post" action={`${PATHS.meeting(props.id)}/xep-loai`} class="rating-points">
            <CsrfField token={props.csrf} />
            <FormError message={f.m} />
            {q.scheme.criteria.map((c) => (
              <Field
                name={`p_${c.key}`}
                label={`${c.label} (0–${c.maxPoints})`}
                type="number"
                value={f.v[`p_${c.key}`]}
                error={f.e[`p_${c.key}`]}
                required
              />
            ))}
            <button type="submit">{r ? "Lưu điểm đã sửa" : "Lưu điểm"}</button>
          </form>
        </>
      )}
    </section>
  );
}
