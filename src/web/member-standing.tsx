/**
 * On a member's page: exemptions from meetings (miễn sinh hoạt, by the committee's decision) and temporary
 * attendance here (sinh hoạt tạm thời), with the forms to record and end them. Posts to
 * member-standing-routes.ts, which calls organisation/standing-service.ts.
 */
import { exemptOn } from "../domain/meeting-quality.ts";
import { formatDate } from "../domain/vi-format.ts";
import type { ExemptionRow, TemporaryRow } from "../organisation/standing-service.ts";
import { CsrfField, Field, PATHS } from "./layout.tsx";

export interface StandingState {
  form: "exemption" | "temporary";
  values: Record<string, string>;
  errors: Record<string, string>;
}

export const standingPaths = {
  exempt: (b: string, m: string) => `${PATHS.members(b)}/${m}/mien-sinh-hoat`,
  endExempt: (b: string, m: string, id: string) => `${PATHS.members(b)}/${m}/mien-sinh-hoat/${id}/ket-thuc`,
  temporary: (b: string, m: string) => `${PATHS.members(b)}/${m}/tam-thoi`,
  endTemporary: (b: string, m: string, id: string) => `${PATHS.members(b)}/${m}/tam-thoi/${id}/ket-thuc`,
};

function period(p: { from: string; to: string | null }) {
  return p.to ? `từ ${formatDate(p.from)} đến ${formatDate(p.to)}` : `từ ${formatDate(p.from)}, chưa hết hạn`;
}

function EndForm(props: { action: string; csrf: string; today: string; label: string }) {
  return (
    <form method="post" action={props.action} class="inline-end">
      <CsrfField token={props.csrf} />
      <Field
        id={`end-${props.action.split("/").at(-2)}`}
        name="to"
        label={`${props.label}: ngày cuối cùng`}
        type="date"
        value={props.today}
        required
      />
      <button type="submit" class="secondary">
        {props.label}
      </button>
    </form>
  );
}

/** Tags for the roll: "miễn sinh hoạt", "sinh hoạt tạm thời" on today's date. */
export function standingTags(
  memberId: string,
  s: { exemptToday: string[]; temporaryToday: string[] },
): string {
  const tags: string[] = [];
  if (s.exemptToday.includes(memberId)) tags.push("miễn sinh hoạt");
  if (s.temporaryToday.includes(memberId)) tags.push("sinh hoạt tạm thời");
  return tags.length ? ` · ${tags.join(", ")}` : "";
}

export function StandingSection(props: {
  branchId: string;
  memberId: string;
  csrf: string;
  today: string;
  exemptions: ExemptionRow[];
  temporaries: TemporaryRow[];
  state?: StandingState;
}) {
  const { branchId: b, memberId: m, csrf, today } = props;
  const st = props.state;
  const ev = st?.form === "exemption" ? st : null;
  const tv = st?.form === "temporary" ? st : null;
  return (
    <>
      <section class="card" aria-labelledby="exempt-title" id="mien-sinh-hoat">
        <h2 id="exempt-title">Miễn công tác và sinh hoạt đảng</h2>
        <p class="muted">
          Theo quyết định của cấp ủy. Trong thời gian được miễn, đồng chí vắng họp không tính vào số phải dự;
          nếu có mặt thì vẫn tính (Quy định 24-QĐ/TW, điểm 9.3).
        </p>
        <ul>
          {props.exemptions.map((e) => (
            <li>
              {period(e)} · {e.reason} · {e.decisionRef}
              {exemptOn(e, today) && (
                <EndForm
                  action={standingPaths.endExempt(b, m, e.id)}
                  csrf={csrf}
                  today={today}
                  label="Kết thúc miễn"
                />
              )}
            </li>
          ))}
        </ul>
        <form method="post" action={standingPaths.exempt(b, m)} novalidate>
          <CsrfField token={csrf} />
          <Field
            id="ex-reason"
            name="reason"
            label="Lý do (tuổi cao, sức khỏe…)"
            value={ev?.values.reason}
            error={ev?.errors.reason}
            required
          />
          <Field
            id="ex-decision"
            name="decisionRef"
            label="Quyết định của cấp ủy (số, ngày)"
            value={ev?.values.decisionRef}
            error={ev?.errors.decisionRef}
            required
          />
          <Field
            id="ex-from"
            name="from"
            label="Từ ngày"
            type="date"
            value={ev?.values.from ?? today}
            error={ev?.errors.from}
            required
          />
          <Field
            id="ex-to"
            name="to"
            label="Đến ngày (để trống nếu chưa định)"
            type="date"
            value={ev?.values.to}
            error={ev?.errors.to}
          />
          <button type="submit">Ghi miễn sinh hoạt</button>
        </form>
      </section>
      <section class="card" aria-labelledby="temp-title" id="tam-thoi">
        <h2 id="temp-title">Sinh hoạt tạm thời tại chi bộ</h2>
        <ul>
          {props.temporaries.map((t) => (
            <li>
              {period(t)} · nơi sinh hoạt chính thức: {t.homeOrganisation}
              {exemptOn(t, today) && (
                <EndForm
                  action={standingPaths.endTemporary(b, m, t.id)}
                  csrf={csrf}
                  today={today}
                  label="Kết thúc sinh hoạt tạm thời"
                />
              )}
            </li>
          ))}
        </ul>
        <form method="post" action={standingPaths.temporary(b, m)} novalidate>
          <CsrfField token={csrf} />
          <Field
            id="tt-home"
            name="homeOrganisation"
            label="Chi bộ, đảng bộ nơi sinh hoạt chính thức"
            value={tv?.values.homeOrganisation}
            error={tv?.errors.homeOrganisation}
            required
          />
          <Field
            id="tt-from"
            name="from"
            label="Từ ngày"
            type="date"
            value={tv?.values.from ?? today}
            error={tv?.errors.from}
            required
          />
          <Field
            id="tt-to"
            name="to"
            label="Đến ngày (để trống nếu chưa định)"
            type="date"
            value={tv?.values.to}
            error={tv?.errors.to}
          />
          <button type="submit">Ghi sinh hoạt tạm thời</button>
        </form>
      </section>
    </>
  );
}
