import { defaultAgenda } from "../domain/official-minutes.ts";
import { formatDate, formatInstant } from "../domain/vi-format.ts";
import type { NoticedSheet } from "../minutes/meeting-page-service.ts";
import { CsrfField, Field, PATHS } from "./layout.tsx";
import {
  FormError,
  type FormState,
  localTime,
  type SecretaryFormProps,
  STATUS_NAMES,
  valuesFor,
} from "./meeting-form-kit.tsx";

export function AttendanceForm(props: { id: string; sheet: NoticedSheet; csrf: string; state?: FormState }) {
  const s = props.sheet;
  const typed = props.state?.form === "attendance" ? props.state : undefined;
  const errors = typed?.errors ?? {};
  const people = [
    ...s.members.map((m) => ({ ...m, guest: false })),
    ...s.invited.map((m) => ({ ...m, reason: null as string | null, guest: true, noticed: false })),
  ];
  return (
    <section class="card" aria-labelledby="att-title" id="diem-danh">
      <h2 id="att-title">Điểm danh</h2>
      <p class="muted">
        {s.recorded
          ? `Có mặt ${s.counts.present}/${s.counts.expected} đảng viên${s.guestsPresent ? `, ${s.guestsPresent} khách mời` : ""}.`
          : `Chưa điểm danh. Cần ít nhất ${s.quorum.minimumPresent}/${s.counts.expected} đảng viên có mặt.`}
      </p>
      <form
        method="post"
        action={`${PATHS.meeting(props.id)}/diem-danh`}
        data-offline={`att-${props.id}`}
        data-label="Điểm danh"
      >
        <CsrfField token={props.csrf} />
        <FormError message={typed?.message ?? null} />
        <p class="offline-status" role="status" aria-live="polite" />
        {people.map((m) => {
          // An exempted member is expected absent (excused by the committee's decision) unless marked.
          const standing = m as { exemption?: { reason: string } | null; homeOrganisation?: string | null };
          const exemption = standing.exemption ?? null;
          const home = standing.homeOrganisation ?? null;
          const status = typed
            ? (typed.values[`s_${m.memberId}`] ?? "")
            : (m.status ?? (m.guest ? "" : exemption ? "absent_excused" : "present"));
          const reason = typed
            ? (typed.values[`r_${m.memberId}`] ?? "")
            : (m.reason ?? (exemption && !m.status ? `Miễn sinh hoạt: ${exemption.reason}` : ""));
          const err = errors[`r_${m.memberId}`] ?? errors[`s_${m.memberId}`];
          return (
            <fieldset class={err ? "mark invalid" : "mark"} key={m.memberId}>
              <legend>
                {m.fullName}
                {m.guest ? " (khách mời)" : ""}
                {m.noticed ? " · đã báo vắng trước" : ""}
                {exemption && <span class="tag"> · miễn sinh hoạt</span>}
                {home && <span class="tag"> · sinh hoạt tạm thời ({home})</span>}
              </legend>
              <div class="choices">
                {(["present", "absent_excused", "absent_unexcused"] as const).map((k) => (
                  <label class="choice">
                    <input type="radio" name={`s_${m.memberId}`} value={k} checked={status === k} />
                    {STATUS_NAMES[k]}
                  </label>
                ))}
              </div>
              {/* Shown for an absence only (app.css hides it otherwise); a browser without :has() shows it. */}
              <div class="reason-box">
                <label class="reason" for={`r_${m.memberId}`}>
                  Lý do vắng
                </label>
                <input
                  id={`r_${m.memberId}`}
                  name={`r_${m.memberId}`}
                  value={reason}
                  maxLength={500}
                  aria-describedby={err ? `r_${m.memberId}-error` : undefined}
                  aria-invalid={err ? "true" : undefined}
                />
              </div>
              {err && (
                <p class="error" id={`r_${m.memberId}-error`}>
                  {err}
                </p>
              )}
            </fieldset>
          );
        })}
        <fieldset class="mark">
          <legend>Khách mời</legend>
          {s.guestList.map((g, i) => (
            <p key={g.name}>
              <input type="hidden" name={`g_${i}`} value={g.name} />
              <label class="choice">
                <input type="checkbox" name={`gp_${i}`} value="1" checked={g.present} />
                {g.name} có mặt
              </label>
            </p>
          ))}
          <label for="g_new">Thêm khách mời (họ tên)</label>
          <input id="g_new" name="g_new" value={typed?.values.g_new ?? ""} maxLength={200} />
          <label class="choice">
            <input
              type="checkbox"
              name="gp_new"
              value="1"
              checked={typed ? typed.values.gp_new === "1" : true}
            />
            Khách mời này có mặt
          </label>
        </fieldset>
        <button type="submit">Lưu điểm danh</button>
      </form>
    </section>
  );
}

function discussionText(d: { by: string; opinion: string }[]) {
  return d.map((x) => `${x.by}: ${x.opinion}`).join("\n");
}

export function MinutesForm(props: SecretaryFormProps) {
  const r = props.d.record;
  const m = props.tools.minutes;
  const c = m?.content;
  const sheet = props.tools.attendance;
  // A first draft starts from the regular meeting's agenda and the guests present on the attendance sheet.
  const agenda = c
    ? c.agenda
    : defaultAgenda({ month: r.view.month, topicTitle: r.view.topic?.title ?? null });
  const guests = c
    ? c.guests
    : [
        ...(sheet?.invited.filter((g) => g.status === "present").map((g) => g.fullName) ?? []),
        ...(sheet?.guestList.filter((g) => g.present).map((g) => g.name) ?? []),
      ];
  const vote = c?.resolution;
  const f = valuesFor(props.state, "minutes", {
    chair: c?.chair ?? "",
    recorder: c?.recorder ?? "",
    startTime: c?.startTime ?? localTime(r, "start"),
    endTime: c?.endTime ?? localTime(r, "end"),
    introducedBy: c?.introducedBy ?? "",
    discussion: c ? discussionText(c.discussion) : "",
    conclusions: c?.conclusions ?? "",
    tasks: c ? c.tasks.map((t) => t.content).join("\n") : "",
    place: c ? c.place : (r.view.place ?? ""),
    guests: guests.join("\n"),
    agenda: agenda.join("\n"),
    resolution: vote?.text ?? "",
    voteAgree: vote ? String(vote.agree) : "",
    voteDisagree: vote ? String(vote.disagree) : "",
    voteOther: vote ? String(vote.other) : "",
    readBack: c?.readBack ? "1" : "",
    reason: "",
    baseRevision: String(m?.revision ?? 0),
  });
  return (
    <section class="card" aria-labelledby="min-title" id="bien-ban">
      <h2 id="min-title">Biên bản</h2>
      <p class="muted">
        {m
          ? m.submitted
            ? `Đã nộp lúc ${formatInstant(m.submittedAt!, r.view.timezone)} (phiên bản ${m.submittedRevision}). Hạn nộp ${formatDate(m.dueDate)}${m.late ? " — nộp muộn" : ""}.`
            : `Bản nháp, phiên bản ${m.revision}. Hạn nộp ${formatDate(m.dueDate)}${m.late ? " — đã quá hạn" : ""}.`
          : "Chưa có biên bản."}
      </p>
      <form
        method="post"
        action={`${PATHS.meeting(r.view.id)}/bien-ban`}
        data-offline={`min-${r.view.id}`}
        data-label="Biên bản"
      >
        <CsrfField token={props.csrf} />
        <input type="hidden" name="baseRevision" value={f.v.baseRevision} />
        <FormError message={f.m} />
        <p class="offline-status" role="status" aria-live="polite" />
        <div class="two">
          <Field name="chair" form={f} label="Chủ trì" required maxLength={200} />
          <Field name="recorder" form={f} label="Thư ký" required maxLength={200} />
          <Field name="startTime" form={f} id="f-min-start" label="Bắt đầu lúc" type="time" required />
          <Field name="endTime" form={f} id="f-min-end" label="Kết thúc lúc" type="time" required />
        </div>
        <Field name="place" form={f} label="Địa điểm" maxLength={300} />
        <Field
          name="guests"
          form={f}
          label="Khách mời dự"
          hint="Mỗi khách mời một dòng: họ tên, chức vụ."
          type="textarea"
          rows={2}
        />
        <Field
          name="agenda"
          form={f}
          label="Nội dung sinh hoạt"
          hint="Mỗi nội dung một dòng; sửa theo buổi sinh hoạt."
          type="textarea"
          rows={3}
        />
        <Field name="introducedBy" form={f} label="Người giới thiệu chuyên đề" required maxLength={200} />
        <Field
          name="discussion"
          form={f}
          label="Ý kiến thảo luận"
          hint="Mỗi ý kiến một dòng: Họ tên: nội dung ý kiến."
          type="textarea"
        />
        <Field name="conclusions" form={f} label="Kết luận" type="textarea" />
        <Field
          name="resolution"
          form={f}
          label="Nghị quyết"
          hint="Nội dung chi bộ biểu quyết (để trống nếu không biểu quyết)."
          type="textarea"
          rows={3}
        />
        <VoteFields v={f.v} e={f.e} present={sheet?.recorded ? sheet.counts.present : null} />
        <Field
          name="tasks"
          form={f}
          label="Nhiệm vụ"
          hint="Mỗi nhiệm vụ một dòng."
          type="textarea"
          rows={3}
        />
        <label class="choice">
          <input type="checkbox" name="readBack" value="1" checked={f.v.readBack === "1"} />
          Biên bản đã được đọc lại và thông qua trước khi bế mạc
        </label>
        {m && m.missingParts.length > 0 && (
          <p class="muted" id="min-missing">
            Biên bản còn thiếu: {m.missingParts.join(", ")}.
          </p>
        )}
        {m?.submitted && (
          <Field
            name="reason"
            form={f}
            id="f-min-reason"
            label="Lý do sửa biên bản đã nộp"
            required
            maxLength={2000}
          />
        )}
        <div class="buttons">
          <button type="submit" name="then" value="save" class="secondary">
            Lưu bản nháp
          </button>
          <button type="submit" name="then" value="submit">
            Lưu và nộp biên bản
          </button>
        </div>
      </form>
    </section>
  );
}

/** The vote on the resolution: three counts that together cannot exceed the members present. */
function VoteFields(props: { v: Record<string, string>; e: Record<string, string>; present: number | null }) {
  const err = props.e.voteAgree ?? props.e.voteDisagree ?? props.e.voteOther;
  const box = (name: string, label: string) => (
    <div class="field">
      <label for={`f-${name}`}>{label}</label>
      <input
        id={`f-${name}`}
        name={name}
        type="number"
        inputMode="numeric"
        min={0}
        value={props.v[name] ?? ""}
        aria-invalid={props.e[name] ? "true" : undefined}
        aria-describedby={err ? "f-vote-error" : "f-vote-hint"}
      />
    </div>
  );
  return (
    <fieldset class={err ? "mark invalid" : "mark"} id="bieu-quyet">
      <legend>Biểu quyết nghị quyết</legend>
      <p class="hint" id="f-vote-hint">
        {props.present === null
          ? "Ghi điểm danh trước: số biểu quyết không vượt số đảng viên có mặt."
          : `Tổng ba ô không vượt ${props.present} đảng viên có mặt.`}
      </p>
      <div class="two">
        {box("voteAgree", "Nhất trí")}
        {box("voteDisagree", "Không nhất trí")}
        {box("voteOther", "Ý kiến khác")}
      </div>
      {err && (
        <p class="error" id="f-vote-error">
          {err}
        </p>
      )}
    </fieldset>
  );
}
