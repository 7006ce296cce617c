/**
 * The meeting page (`/cuoc-hop/:id`) and the printable minutes form (`/cuoc-hop/:id/in-bien-ban`): pure
 * functions from what the services answered to HTML. A member reads the meeting; the branch's secretary
 * also gets the forms (move, cancel, put back, topic, make-up; after the meeting attendance, minutes,
 * files) that post to the routes in meeting-page-routes.ts. The forms work without JavaScript;
 * assets/meeting.js keeps what is typed while the connection is gone, and shows upload progress.
 */
import { DateTime } from "luxon";
import type { Principal } from "../auth/principal.ts";
import { pagesText, partHeading } from "../domain/meeting-text.ts";
import { formatDate, formatDateWithWeekday, formatMonth, formatTime } from "../domain/vi-format.ts";
import type { MeetingRecord } from "../plan/meeting-view.ts";
import { assetUrl } from "./assets.ts";
import { CsrfField, Field, Layout, Notice, PATHS, render } from "./layout.tsx";
import { meetingState, PeakNote, PlaceLine, STATE_NAMES, TopicBlock, WhenLine } from "./meeting-card.tsx";
import type { AttendanceSheet, MeetingPageData, SecretaryTools } from "./meeting-page-service.ts";

/** A refused form, shown again with what was typed and the reasons next to the fields. */
export interface FormState {
  form: string;
  values: Record<string, string>;
  errors: Record<string, string>;
  message: string;
}

export const DONE_MESSAGES: Record<string, string> = {
  move: "Đã dời lịch buổi sinh hoạt.",
  cancel: "Đã hủy buổi sinh hoạt.",
  uncancel: "Đã khôi phục buổi sinh hoạt.",
  topic: "Đã đổi chuyên đề.",
  makeup: "Đã thêm buổi họp bù.",
  attendance: "Đã lưu điểm danh.",
  minutes: "Đã lưu biên bản.",
  submit: "Đã lưu và nộp biên bản.",
  file: "Đã tải tệp lên.",
};

const STATUS_NAMES: Record<string, string> = {
  present: "Có mặt",
  absent_excused: "Vắng có lý do",
  absent_unexcused: "Vắng",
};

const localTime = (r: MeetingRecord, which: "start" | "end") =>
  r.view[which].setZone(r.view.timezone).toFormat("HH:mm");

function titleOf(r: MeetingRecord): string {
  return `${r.makeupOf ? "Họp bù: sinh hoạt chi bộ" : "Sinh hoạt chi bộ"} ${formatMonth(r.view.month)}`;
}

function MeetingFacts(props: { record: MeetingRecord }) {
  const r = props.record;
  const v = r.view;
  const t = v.topic;
  return (
    <section class="card" aria-labelledby="facts-title">
      <h2 id="facts-title" class="sr-only">
        Thời gian, địa điểm, chuyên đề
      </h2>
      <PeakNote record={r} />
      <WhenLine record={r} />
      <PlaceLine record={r} />
      {r.offMonthReason && <p class="muted">Họp ngoài tháng: {r.offMonthReason}</p>}
      <TopicBlock topic={t} />
    </section>
  );
}

/** A form's values: what was typed if it was refused, else the defaults. */
function valuesFor(state: FormState | undefined, form: string, defaults: Record<string, string>) {
  if (state?.form === form) return { v: { ...defaults, ...state.values }, e: state.errors, m: state.message };
  return { v: defaults, e: {} as Record<string, string>, m: null as string | null };
}

function FormError(props: { message: string | null }) {
  return props.message ? <Notice kind="error">{props.message}</Notice> : null;
}

function MoveForms(props: { d: MeetingPageData; tools: SecretaryTools; csrf: string; state?: FormState }) {
  const r = props.d.record;
  const id = r.view.id;
  const status = r.view.status;
  const move = valuesFor(props.state, "move", {
    date: r.date,
    startTime: localTime(r, "start"),
    place: r.view.place ?? "",
    reason: r.offMonthReason ?? "",
  });
  const topic = valuesFor(props.state, "topic", { topicId: r.topicId ?? "" });
  const cancel = valuesFor(props.state, "cancel", { reason: "" });
  const makeup = valuesFor(props.state, "makeup", {
    date: "",
    startTime: localTime(r, "start"),
    place: r.view.place ?? "",
    reason: "",
  });
  return (
    <>
      {status === "planned" && (
        <details class="card tool" open={props.state?.form === "move"}>
          <summary>
            <h2>Dời lịch</h2>
          </summary>
          <form method="post" action={`${PATHS.meeting(id)}/doi-lich`} id="form-move">
            <CsrfField token={props.csrf} />
            <FormError message={move.m} />
            <Field
              name="date"
              label="Ngày họp"
              type="date"
              value={move.v.date}
              error={move.e.date}
              required
            />
            <Field
              name="startTime"
              label="Giờ bắt đầu"
              type="time"
              value={move.v.startTime}
              error={move.e.startTime}
            />
            <Field name="place" label="Địa điểm" value={move.v.place} error={move.e.place} maxLength={300} />
            <Field
              name="reason"
              id="f-move-reason"
              label="Lý do"
              hint={`Bắt buộc khi dời sang tháng khác ${formatMonth(r.view.month)}.`}
              value={move.v.reason}
              error={move.e.reason}
              maxLength={1000}
            />
            <button type="submit">Dời lịch</button>
          </form>
        </details>
      )}
      {status !== "cancelled" && props.tools.topics.length > 0 && (
        <details class="card tool" open={props.state?.form === "topic"}>
          <summary>
            <h2>Đổi chuyên đề</h2>
          </summary>
          <form method="post" action={`${PATHS.meeting(id)}/chuyen-de`}>
            <CsrfField token={props.csrf} />
            <FormError message={topic.m} />
            <Field
              name="topicId"
              label="Chuyên đề"
              type="select"
              value={topic.v.topicId}
              error={topic.e.topicId}
              options={props.tools.topics.map((t) => ({ value: t.id, label: `${t.code} · ${t.title}` }))}
            />
            <button type="submit">Đổi chuyên đề</button>
          </form>
        </details>
      )}
      {status === "planned" && (
        <details class="card tool" open={props.state?.form === "cancel"}>
          <summary>
            <h2>Hủy buổi sinh hoạt</h2>
          </summary>
          <form method="post" action={`${PATHS.meeting(id)}/huy`}>
            <CsrfField token={props.csrf} />
            <FormError message={cancel.m} />
            <Field
              name="reason"
              id="f-cancel-reason"
              label="Lý do hủy"
              value={cancel.v.reason}
              error={cancel.e.reason}
              required
              maxLength={1000}
            />
            <button type="submit" class="secondary">
              Hủy buổi sinh hoạt
            </button>
          </form>
        </details>
      )}
      {status === "cancelled" && !props.d.replacedBy && (
        <form method="post" action={`${PATHS.meeting(id)}/khoi-phuc`} class="card">
          <CsrfField token={props.csrf} />
          <p>Buổi sinh hoạt lại diễn ra như dự kiến? Khôi phục để mọi người nhận lại lịch.</p>
          <button type="submit">Khôi phục buổi sinh hoạt</button>
        </form>
      )}
      {props.tools.canMakeUp && (
        <details class="card tool" open={props.state?.form === "makeup" || status === "cancelled"}>
          <summary>
            <h2>Thêm buổi họp bù</h2>
          </summary>
          <form method="post" action={`${PATHS.meeting(id)}/hop-bu`}>
            <CsrfField token={props.csrf} />
            <FormError message={makeup.m} />
            <Field
              name="date"
              id="f-makeup-date"
              label="Ngày họp bù"
              type="date"
              value={makeup.v.date}
              error={makeup.e.date}
              required
            />
            <Field
              name="startTime"
              id="f-makeup-startTime"
              label="Giờ bắt đầu"
              type="time"
              value={makeup.v.startTime}
              error={makeup.e.startTime}
            />
            <Field
              name="place"
              id="f-makeup-place"
              label="Địa điểm"
              value={makeup.v.place}
              error={makeup.e.place}
              maxLength={300}
            />
            <Field
              name="reason"
              id="f-makeup-reason"
              label="Lý do"
              hint={`Bắt buộc khi họp bù ngoài ${formatMonth(r.view.month)}.`}
              value={makeup.v.reason}
              error={makeup.e.reason}
              maxLength={1000}
            />
            <button type="submit">Thêm buổi họp bù</button>
          </form>
        </details>
      )}
    </>
  );
}

function AttendanceForm(props: { id: string; sheet: AttendanceSheet; csrf: string; state?: FormState }) {
  const s = props.sheet;
  const typed = props.state?.form === "attendance" ? props.state : undefined;
  const errors = typed?.errors ?? {};
  const people = [
    ...s.members.map((m) => ({ ...m, guest: false })),
    ...s.invited.map((m) => ({ ...m, reason: null as string | null, guest: true })),
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
          const status = typed
            ? (typed.values[`s_${m.memberId}`] ?? "")
            : (m.status ?? (m.guest ? "" : "present"));
          const reason = typed ? (typed.values[`r_${m.memberId}`] ?? "") : (m.reason ?? "");
          const err = errors[`r_${m.memberId}`] ?? errors[`s_${m.memberId}`];
          return (
            <fieldset class={err ? "mark invalid" : "mark"} key={m.memberId}>
              <legend>
                {m.fullName}
                {m.guest ? " (khách mời)" : ""}
              </legend>
              <div class="choices">
                {(["present", "absent_excused", "absent_unexcused"] as const).map((k) => (
                  <label class="choice">
                    <input type="radio" name={`s_${m.memberId}`} value={k} checked={status === k} />
                    {STATUS_NAMES[k]}
                  </label>
                ))}
              </div>
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

function MinutesForm(props: { d: MeetingPageData; tools: SecretaryTools; csrf: string; state?: FormState }) {
  const r = props.d.record;
  const m = props.tools.minutes;
  const c = m?.content;
  const f = valuesFor(props.state, "minutes", {
    chair: c?.chair ?? "",
    recorder: c?.recorder ?? "",
    startTime: c?.startTime ?? localTime(r, "start"),
    endTime: c?.endTime ?? localTime(r, "end"),
    introducedBy: c?.introducedBy ?? "",
    discussion: c ? discussionText(c.discussion) : "",
    conclusions: c?.conclusions ?? "",
    tasks: c ? c.tasks.map((t) => t.content).join("\n") : "",
    reason: "",
    baseRevision: String(m?.revision ?? 0),
  });
  return (
    <section class="card" aria-labelledby="min-title" id="bien-ban">
      <h2 id="min-title">Biên bản</h2>
      <p class="muted">
        {m
          ? m.submitted
            ? `Đã nộp lúc ${formatDate(m.submittedAt!.slice(0, 10))} (phiên bản ${m.submittedRevision}). Hạn nộp ${formatDate(m.dueDate)}${m.late ? " — nộp muộn" : ""}.`
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
          <Field name="chair" label="Chủ trì" value={f.v.chair} error={f.e.chair} required maxLength={200} />
          <Field
            name="recorder"
            label="Thư ký"
            value={f.v.recorder}
            error={f.e.recorder}
            required
            maxLength={200}
          />
          <Field
            name="startTime"
            id="f-min-start"
            label="Bắt đầu lúc"
            type="time"
            value={f.v.startTime}
            error={f.e.startTime}
            required
          />
          <Field
            name="endTime"
            id="f-min-end"
            label="Kết thúc lúc"
            type="time"
            value={f.v.endTime}
            error={f.e.endTime}
            required
          />
        </div>
        <Field
          name="introducedBy"
          label="Người giới thiệu chuyên đề"
          value={f.v.introducedBy}
          error={f.e.introducedBy}
          required
          maxLength={200}
        />
        <Field
          name="discussion"
          label="Ý kiến thảo luận"
          hint="Mỗi ý kiến một dòng: Họ tên: nội dung ý kiến."
          type="textarea"
          value={f.v.discussion}
          error={f.e.discussion}
        />
        <Field
          name="conclusions"
          label="Kết luận"
          type="textarea"
          value={f.v.conclusions}
          error={f.e.conclusions}
        />
        <Field
          name="tasks"
          label="Nhiệm vụ"
          hint="Mỗi nhiệm vụ một dòng."
          type="textarea"
          rows={3}
          value={f.v.tasks}
          error={f.e.tasks}
        />
        {m?.submitted && (
          <Field
            name="reason"
            id="f-min-reason"
            label="Lý do sửa biên bản đã nộp"
            value={f.v.reason}
            error={f.e.reason}
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

function FilesSection(props: { id: string; tools: SecretaryTools; csrf: string; state?: FormState }) {
  const err = props.state?.form === "file" ? props.state.message : null;
  return (
    <section class="card" aria-labelledby="files-title" id="tep">
      <h2 id="files-title">Tệp đính kèm</h2>
      <p class="muted">
        Biên bản đã ký (bản quét), tài liệu: PDF, DOCX, ODT, JPEG, PNG; tối đa 20 MB mỗi tệp.
      </p>
      <ul class="files">
        {props.tools.files.map((f) => (
          <li key={f.id}>
            <a href={`/api/meetings/${props.id}/files/${f.id}`}>{f.fileName}</a>{" "}
            <span class="muted">({Math.max(1, Math.round(f.size / 1024))} KB)</span>
          </li>
        ))}
      </ul>
      <form
        method="post"
        action={`${PATHS.meeting(props.id)}/tep`}
        enctype="multipart/form-data"
        data-upload={`/api/meetings/${props.id}/files`}
      >
        <CsrfField token={props.csrf} />
        <div class={err ? "field invalid" : "field"}>
          <label for="f-file">Chọn tệp</label>
          <input
            id="f-file"
            name="file"
            type="file"
            multiple
            required
            accept=".pdf,.docx,.odt,.jpg,.jpeg,.png,application/pdf,image/jpeg,image/png"
            aria-describedby={err ? "f-file-error" : undefined}
          />
          {err && (
            <p class="error" id="f-file-error">
              {err}
            </p>
          )}
        </div>
        <progress max="100" value="0" hidden aria-label="Tiến độ tải lên" />
        <p class="upload-status" role="status" aria-live="polite" />
        <button type="submit">Tải lên</button>
      </form>
    </section>
  );
}

function Revisions(props: { tools: SecretaryTools; zone: string }) {
  if (props.tools.revisions.length === 0) return null;
  return (
    <section class="card" aria-labelledby="rev-title">
      <h2 id="rev-title">Các phiên bản biên bản</h2>
      <ol class="revisions">
        {props.tools.revisions.map((r) => (
          <li key={r.revision}>
            Phiên bản {r.revision},{" "}
            {DateTime.fromISO(r.createdAt).setZone(props.zone).toFormat("HH'h'mm dd/MM/yyyy")}
            {r.afterSubmission ? " · sửa sau khi nộp" : ""}
            {r.reason ? `: ${r.reason}` : ""}
          </li>
        ))}
      </ol>
    </section>
  );
}

function Unreached(props: { id: string; tools: SecretaryTools; csrf: string }) {
  const list = props.tools.unreached;
  if (list.length === 0) return null;
  return (
    <section class="card" aria-labelledby="unreached-title">
      <h2 id="unreached-title">
        Chưa gửi được tới: {list.map((u) => u.recipientName ?? u.toEmail).join(", ")}
      </h2>
      <ul>
        {list.map((u) => (
          <li key={u.memberId ?? u.toEmail ?? u.reason}>
            {u.recipientName ?? u.toEmail ?? ""}
            {u.toEmail ? ` (${u.toEmail})` : ""}: {u.reason}
          </li>
        ))}
      </ul>
      <button type="button" data-requeue={`/api/meetings/${props.id}/messages/requeue`}>
        Gửi lại
      </button>
      <p class="muted requeue-status" role="status" />
    </section>
  );
}

export function meetingPage(o: {
  p: Principal;
  d: MeetingPageData;
  csrf: string;
  done?: string;
  state?: FormState;
}): string {
  const { d, p } = o;
  const r = d.record;
  const v = r.view;
  const tools = d.secretary;
  const state = meetingState(r);
  return render(
    <Layout title={`${titleOf(r)} – ${v.branchName}`} principal={p} csrf={o.csrf}>
      <p class="muted crumbs">
        <a href={PATHS.home}>Trang chủ</a> · {v.branchName}
      </p>
      <h1>
        {titleOf(r)} <span class={`state ${state}`}>{STATE_NAMES[state]}</span>
      </h1>
      {o.done && DONE_MESSAGES[o.done] && <Notice kind="ok">{DONE_MESSAGES[o.done]}</Notice>}
      {o.state?.form === "uncancel" && <Notice kind="error">{o.state.message}</Notice>}
      {v.status === "cancelled" && (
        <p class="cancelled">
          Buổi sinh hoạt đã bị hủy{v.cancelReason ? `: ${v.cancelReason}` : ""}.
          {d.replacedBy && (
            <>
              {" "}
              Họp bù:{" "}
              <a href={PATHS.meeting(d.replacedBy.view.id)}>{formatDateWithWeekday(d.replacedBy.date)}</a>.
            </>
          )}
        </p>
      )}
      {v.status !== "cancelled" && d.replacedBy && (
        <p class="notice">
          Buổi họp bù:{" "}
          <a href={PATHS.meeting(d.replacedBy.view.id)}>{formatDateWithWeekday(d.replacedBy.date)}</a>
        </p>
      )}
      {d.replaces && (
        <p class="muted">
          Họp bù cho buổi sinh hoạt{" "}
          <a href={PATHS.meeting(d.replaces.view.id)}>{formatDateWithWeekday(d.replaces.date)}</a>
          {d.replaces.view.status === "cancelled" ? " (đã hủy)" : " (đã qua mà chưa họp)"}.
        </p>
      )}
      {tools?.warnings.map((w) => (
        <p class="warning" role="note" key={w}>
          {w}
        </p>
      ))}
      <MeetingFacts record={r} />
      {d.myMark && (
        <p class="card">
          Điểm danh của đồng chí: <strong>{STATUS_NAMES[d.myMark.status] ?? d.myMark.status}</strong>
          {d.myMark.reason ? ` (${d.myMark.reason})` : ""}
        </p>
      )}
      {tools && (
        <>
          <MoveForms d={d} tools={tools} csrf={o.csrf} state={o.state} />
          {tools.happened ? (
            <>
              {tools.attendance && (
                <AttendanceForm id={v.id} sheet={tools.attendance} csrf={o.csrf} state={o.state} />
              )}
              <MinutesForm d={d} tools={tools} csrf={o.csrf} state={o.state} />
              <FilesSection id={v.id} tools={tools} csrf={o.csrf} state={o.state} />
              <Revisions tools={tools} zone={v.timezone} />
            </>
          ) : (
            v.status !== "cancelled" && (
              <p class="muted">Điểm danh, biên bản và tệp đính kèm mở từ ngày họp.</p>
            )
          )}
          <p>
            <a class="button secondary" href={PATHS.minutesForm(v.id)}>
              In mẫu biên bản (A4)
            </a>
          </p>
          <Unreached id={v.id} tools={tools} csrf={o.csrf} />
          <script src={assetUrl("meeting.js")} defer />
        </>
      )}
    </Layout>,
  );
}

export function notFoundPage(p: Principal | null, csrf: string | null): string {
  return render(
    <Layout title="Không tìm thấy" principal={p} csrf={csrf}>
      <h1>Không tìm thấy buổi sinh hoạt</h1>
      <p>
        <a href={PATHS.home}>Về trang chủ</a>
      </p>
    </Layout>,
  );
}

const EMPTY_LINES = 8;

/** The minutes form to print on A4, fill by hand, sign, scan and upload. */
export function minutesPrintPage(o: {
  p: Principal;
  record: MeetingRecord;
  attendance: AttendanceSheet;
  csrf: string;
}): string {
  const r = o.record;
  const v = r.view;
  const t = v.topic;
  const people = [...o.attendance.members, ...o.attendance.invited.map((m) => ({ ...m, reason: null }))];
  const blankRows = Math.max(2, 4 - o.attendance.guestList.length);
  return render(
    <Layout title={`Mẫu biên bản – ${titleOf(r)}`} principal={o.p} csrf={o.csrf}>
      <article class="print-sheet">
        <p class="no-print">
          <a href={PATHS.meeting(v.id)}>← Về trang buổi sinh hoạt</a> · Dùng lệnh In của trình duyệt (khổ A4).
        </p>
        <header class="sheet-head">
          <p>
            <strong>{v.branchName.toUpperCase()}</strong>
          </p>
          <p>
            <strong>ĐẢNG CỘNG SẢN VIỆT NAM</strong>
          </p>
        </header>
        <h1 class="sheet-title">BIÊN BẢN SINH HOẠT CHI BỘ {formatMonth(v.month).toUpperCase()}</h1>
        <p>
          Thời gian: {formatTime(v.start, v.timezone)}, {formatDateWithWeekday(r.date)}
        </p>
        <p>Địa điểm: {v.place ?? "…………………………………………"}</p>
        {t && (
          <p>
            Chuyên đề: <strong>{t.title}</strong> ({partHeading(t)}
            {pagesText(t) ? `, ${pagesText(t)}` : ""})
          </p>
        )}
        {v.peak && <p>{v.peak.text.charAt(0).toUpperCase() + v.peak.text.slice(1)}</p>}
        <p>Chủ trì: ……………………………… Thư ký: ………………………………</p>
        <h2>Danh sách dự họp</h2>
        <table class="sheet-table">
          <thead>
            <tr>
              <th scope="col">TT</th>
              <th scope="col">Họ và tên</th>
              <th scope="col">Có mặt</th>
              <th scope="col">Vắng (lý do)</th>
              <th scope="col">Ký tên</th>
            </tr>
          </thead>
          <tbody>
            {people.map((m, i) => (
              <tr key={m.memberId}>
                <td>{i + 1}</td>
                <td>{m.fullName}</td>
                <td />
                <td />
                <td />
              </tr>
            ))}
            {o.attendance.guestList.map((g, i) => (
              <tr key={g.name}>
                <td>{people.length + i + 1}</td>
                <td>{g.name} (khách mời)</td>
                <td />
                <td />
                <td />
              </tr>
            ))}
            {Array.from({ length: blankRows }, (_, i) => (
              <tr key={`blank-${i}`}>
                <td>{people.length + o.attendance.guestList.length + i + 1}</td>
                <td />
                <td />
                <td />
                <td />
              </tr>
            ))}
          </tbody>
        </table>
        <p>
          Tổng số đảng viên: {o.attendance.counts.expected}; có mặt: ……; vắng có lý do: ……; vắng không lý do:
          ……
        </p>
        {["Giới thiệu chuyên đề", "Ý kiến thảo luận", "Kết luận", "Nhiệm vụ"].map((h) => (
          <section key={h} class="fill">
            <h2>{h}</h2>
            {Array.from({ length: h === "Ý kiến thảo luận" ? EMPTY_LINES + 4 : EMPTY_LINES / 2 }, (_, i) => (
              <p class="line" key={i} aria-hidden="true" />
            ))}
          </section>
        ))}
        <p>Buổi sinh hoạt kết thúc lúc ……… giờ ……… cùng ngày.</p>
        <div class="signatures">
          <div>
            <strong>THƯ KÝ</strong>
            <p class="muted">(ký, ghi rõ họ tên)</p>
          </div>
          <div>
            <strong>T/M CHI BỘ</strong>
            <br />
            <strong>CHỦ TRÌ</strong>
            <p class="muted">(ký, ghi rõ họ tên)</p>
          </div>
        </div>
      </article>
    </Layout>,
  );
}

/** A form or page the person may not use (a member at a secretary's form): 403. */
export function refusedPage(p: Principal, csrf: string, message: string, meetingId: string): string {
  return render(
    <Layout title="Không có quyền" principal={p} csrf={csrf}>
      <h1>Không có quyền</h1>
      <Notice kind="error">{message}</Notice>
      <p>
        <a href={PATHS.meeting(meetingId)}>Về trang buổi sinh hoạt</a>
      </p>
    </Layout>,
  );
}
