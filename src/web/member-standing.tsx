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

/** An exemption or a temporary attendance: what the member page shows and asks of each. */
interface StandingKind<R> {
  /** The address's step under the member (`…/dang-vien/:id/mien-sinh-hoat`), and the notice's name. */
  segment: string;
  title: string;
  titleId: string;
  intro?: string;
  /** What a row says after its period. */
  about: (r: R) => string;
  endLabel: string;
  /** The form's text fields, all required, before its dates; their ids start with `prefix`. */
  fields: { name: string; id: string; label: string }[];
  prefix: string;
  submit: string;
}

const EXEMPTION: StandingKind<ExemptionRow> = {
  segment: "mien-sinh-hoat",
  title: "Miễn công tác và sinh hoạt đảng",
  titleId: "exempt-title",
  intro:
    "Theo quyết định của cấp ủy. Trong thời gian được miễn, đồng chí vắng họp không tính vào số phải dự; " +
    "nếu có mặt thì vẫn tính (Quy định 24-QĐ/TW, điểm 9.3).",
  about: (e) => `${e.reason} · ${e.decisionRef}`,
  endLabel: "Kết thúc miễn",
  fields: [
    { name: "reason", id: "ex-reason", label: "Lý do (tuổi cao, sức khỏe…)" },
    { name: "decisionRef", id: "ex-decision", label: "Quyết định của cấp ủy (số, ngày)" },
  ],
  prefix: "ex",
  submit: "Ghi miễn sinh hoạt",
};

const TEMPORARY: StandingKind<TemporaryRow> = {
  segment: "tam-thoi",
  title: "Sinh hoạt tạm thời tại chi bộ",
  titleId: "temp-title",
  about: (t) => `nơi sinh hoạt chính thức: ${t.homeOrganisation}`,
  endLabel: "Kết thúc sinh hoạt tạm thời",
  fields: [{ name: "homeOrganisation", id: "tt-home", label: "Chi bộ, đảng bộ nơi sinh hoạt chính thức" }],
  prefix: "tt",
  submit: "Ghi sinh hoạt tạm thời",
};

export const STANDING_KINDS = { exemption: EXEMPTION, temporary: TEMPORARY } as const;

/** A member's page address, and under it a kind's form (`id`: one row, to end it). */
export const standingPath = (b: string, m: string, kind: StandingState["form"], id?: string) =>
  `${PATHS.members(b)}/${m}/${STANDING_KINDS[kind].segment}${id ? `/${id}/ket-thuc` : ""}`;

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
  return (
    <>
      <StandingCard {...props} form="exemption" rows={props.exemptions} />
      <StandingCard {...props} form="temporary" rows={props.temporaries} />
    </>
  );
}

/** One kind's rows, each with its end form while it lasts, and the form to record a new one. */
function StandingCard<F extends StandingState["form"]>(props: {
  branchId: string;
  memberId: string;
  csrf: string;
  today: string;
  form: F;
  rows: (F extends "exemption" ? ExemptionRow : TemporaryRow)[];
  state?: StandingState;
}) {
  const { branchId: b, memberId: m, csrf, today } = props;
  const kind = STANDING_KINDS[props.form] as StandingKind<ExemptionRow | TemporaryRow>;
  const typed = props.state?.form === props.form ? props.state : undefined;
  const form = { v: { from: today, ...typed?.values }, e: typed?.errors };
  return (
    <section class="card" aria-labelledby={kind.titleId} id={kind.segment}>
      <h2 id={kind.titleId}>{kind.title}</h2>
      {kind.intro && <p class="muted">{kind.intro}</p>}
      <ul>
        {props.rows.map((r) => (
          <li>
            {period(r)} · {kind.about(r)}
            {exemptOn(r, today) && (
              <EndForm
                action={standingPath(b, m, props.form, r.id)}
                csrf={csrf}
                today={today}
                label={kind.endLabel}
              />
            )}
          </li>
        ))}
      </ul>
      <form method="post" action={standingPath(b, m, props.form)} novalidate>
        <CsrfField token={csrf} />
        {kind.fields.map((f) => (
          <Field name={f.name} form={form} id={f.id} label={f.label} required />
        ))}
        <Field name="from" form={form} id={`${kind.prefix}-from`} label="Từ ngày" type="date" required />
        <Field
          name="to"
          form={form}
          id={`${kind.prefix}-to`}
          label="Đến ngày (để trống nếu chưa định)"
          type="date"
        />
        <button type="submit">{kind.submit}</button>
      </form>
    </section>
  );
}
