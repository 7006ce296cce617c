/**
 * The meeting page (`/cuoc-hop/:id`) and the printable minutes form (`/cuoc-hop/:id/in-bien-ban`): pure
 * functions from what the services answered to HTML. A member reads the meeting; the branch's secretary
 * also gets the forms (move, cancel, put back, topic, make-up; after the meeting attendance, minutes,
 * files) that post to the routes in meeting-page-routes.ts. The forms work without JavaScript;
 * assets/meeting.js keeps what is typed while the connection is gone, and shows upload progress.
 */

import type { Principal } from "../auth/principal.ts";
import { endSentence, formatDateWithWeekday, formatInstant } from "../domain/vi-format.ts";
import type { MeetingPageData, SecretaryTools } from "../minutes/meeting-page-service.ts";
import type { MeetingRecord } from "../plan/meeting-view.ts";
import { MyAbsenceCard, NoticesList } from "./absence-pages.tsx";
import { assetUrl } from "./assets.ts";
import { CsrfField, Layout, Notice, PATHS, render } from "./layout.tsx";
import { meetingState, PeakNote, PlaceLine, STATE_NAMES, TopicBlock, WhenLine } from "./meeting-card.tsx";
import { AttendanceForm, MinutesForm } from "./meeting-filing-forms.tsx";
import { type FormState, STATUS_NAMES, titleOf } from "./meeting-form-kit.tsx";
import { CategoryTable, KindForm, KindLine } from "./meeting-kind-forms.tsx";
import { MoveForms } from "./meeting-move-forms.tsx";
import { QualitySection } from "./meeting-rating-form.tsx";
import { Reach } from "./meeting-reach.tsx";
import { MinutesText, SubmittedMinutes } from "./minutes-read.tsx";

export const DONE_MESSAGES: Record<string, string> = {
  move: "Đã dời lịch buổi sinh hoạt.",
  cancel: "Đã hủy buổi sinh hoạt.",
  uncancel: "Đã khôi phục buổi sinh hoạt.",
  topic: "Đã đổi chuyên đề.",
  makeup: "Đã thêm buổi họp bù.",
  kind: "Đã lưu loại buổi sinh hoạt.",
  attendance: "Đã lưu điểm danh.",
  minutes: "Đã lưu biên bản.",
  submit: "Đã lưu và nộp biên bản.",
  file: "Đã tải tệp lên.",
  rating: "Đã lưu điểm xếp loại buổi sinh hoạt.",
  "file-removed": "Đã xóa tệp; nhật ký vẫn ghi tên, cỡ và mã SHA-256 của tệp.",
  absence: "Đã gửi báo vắng tới bí thư chi bộ.",
  "absence-withdrawn": "Đã rút lại báo vắng.",
};

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
            {props.tools.filesRemovable && (
              <form method="post" action={`${PATHS.meeting(props.id)}/xoa-tep`} class="inline">
                <CsrfField token={props.csrf} />
                <input type="hidden" name="fileId" value={f.id} />
                <button type="submit" class="secondary" aria-label={`Xóa tệp ${f.fileName}`}>
                  Xóa
                </button>
              </form>
            )}
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
            <details>
              <summary>
                Phiên bản {r.revision}, {formatInstant(r.createdAt, props.zone)}
                {r.afterSubmission ? " · sửa sau khi nộp" : ""}
                {r.reason ? `: ${r.reason}` : ""}
              </summary>
              <MinutesText content={r.content} />
            </details>
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
          {v.cancelReason
            ? `Buổi sinh hoạt đã bị hủy: ${endSentence(v.cancelReason)}`
            : "Buổi sinh hoạt đã bị hủy."}
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
      <KindLine record={r} />
      {d.myMark && (
        <p class="card">
          Điểm danh của đồng chí: <strong>{STATUS_NAMES[d.myMark.status] ?? d.myMark.status}</strong>
          {d.myMark.reason ? ` (${d.myMark.reason})` : ""}
        </p>
      )}
      {d.myAbsence && !d.myMark && (
        <MyAbsenceCard meetingId={v.id} a={d.myAbsence} zone={v.timezone} csrf={o.csrf} state={o.state} />
      )}
      {d.minutesRead && (
        <SubmittedMinutes
          meetingId={v.id}
          minutes={d.minutesRead.minutes}
          files={d.minutesRead.files}
          zone={v.timezone}
        />
      )}
      {tools && (
        <>
          {(v.status !== "cancelled" || tools.notices.length > 0) && (
            <NoticesList notices={tools.notices} zone={v.timezone} />
          )}
          <MoveForms d={d} tools={tools} csrf={o.csrf} state={o.state} />
          <KindForm record={r} csrf={o.csrf} state={o.state} />
          {tools.happened ? (
            <>
              {tools.attendance?.recorded && <CategoryTable counts={tools.attendance.categories} />}
              {tools.attendance && (
                <AttendanceForm id={v.id} sheet={tools.attendance} csrf={o.csrf} state={o.state} />
              )}
              <MinutesForm d={d} tools={tools} csrf={o.csrf} state={o.state} />
              <FilesSection id={v.id} tools={tools} csrf={o.csrf} state={o.state} />
              {tools.quality && (
                <QualitySection
                  id={v.id}
                  quality={tools.quality}
                  zone={v.timezone}
                  csrf={o.csrf}
                  state={o.state}
                />
              )}
              <Revisions tools={tools} zone={v.timezone} />
            </>
          ) : (
            v.status !== "cancelled" && (
              <p class="muted">Điểm danh, biên bản và tệp đính kèm mở từ ngày họp.</p>
            )
          )}
          <p class="buttons">
            <a class="button secondary" href={PATHS.minutesForm(v.id)}>
              {tools.minutes?.submitted ? "In biên bản (A4)" : "In mẫu biên bản (A4)"}
            </a>
            <a class="button secondary" href={`${PATHS.meeting(v.id)}/bien-ban.docx`} download>
              {tools.minutes?.submitted ? "Tải biên bản (Word .docx)" : "Tải mẫu biên bản (Word .docx)"}
            </a>
          </p>
          <Unreached id={v.id} tools={tools} csrf={o.csrf} />
          <Reach reach={tools.reach} />
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
