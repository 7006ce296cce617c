/**
 * Word sent before a meeting that a member will be absent ("báo vắng"): the member's card on the meeting
 * page (send it with a reason, or take it back until the meeting starts), the secretary's list of who sent
 * word, and the pages a reminder's signed link opens without a password — a GET shows the form, only its
 * POST changes anything (post/redirect/get).
 */
import { ABSENCE_REASON_MAX } from "../domain/absence-rules.ts";
import { formatInstant } from "../domain/vi-format.ts";
import type { AbsenceLinkPage } from "../minutes/absence-service.ts";
import type { MyAbsence } from "../minutes/meeting-page-service.ts";
import type { MeetingRecord } from "../plan/meeting-view.ts";
import { CsrfField, Field, linkPage, Notice, PATHS } from "./layout.tsx";
import { PlaceLine, WhenLine } from "./meeting-card.tsx";
import { FormError, type FormState, titleOf } from "./meeting-form-kit.tsx";

const HOW = "Nếu không dự được, đồng chí báo trước cho bí thư chi bộ, kèm lý do.";
const TAKE_BACK = "Đồng chí có thể rút lại báo vắng đến giờ họp.";

/** The form that sends word, and the one that takes it back: the same on the meeting page and the link's. */
function AbsenceForms(props: {
  notice: { reason: string; sentAt: Date } | null;
  refusal: string | null;
  zone: string;
  send: string;
  withdraw: string;
  csrf: string | null;
  state?: FormState;
}) {
  const { notice, refusal, state } = props;
  const mine = state?.form === "absence" ? state : undefined;
  return (
    <>
      <FormError message={mine && !refusal && !mine.errors.reason ? mine.message : null} />
      {notice && (
        <p>
          Đồng chí đã báo vắng (lúc {formatInstant(notice.sentAt, props.zone)}), lý do:{" "}
          <strong>{notice.reason}</strong>
        </p>
      )}
      {refusal ? (
        // Refused just now (the meeting started while the form was open): said as loudly as an error.
        mine ? (
          <Notice kind="error">{refusal}</Notice>
        ) : (
          <p class="muted">{refusal}</p>
        )
      ) : notice ? (
        <form method="post" action={props.withdraw}>
          <CsrfField token={props.csrf} />
          <p class="muted">{TAKE_BACK}</p>
          <button type="submit" class="secondary">
            Rút lại báo vắng
          </button>
        </form>
      ) : (
        <form method="post" action={props.send}>
          <CsrfField token={props.csrf} />
          <p class="muted">{HOW}</p>
          <Field
            name="reason"
            id="f-absence-reason"
            label="Lý do vắng"
            type="textarea"
            rows={2}
            value={mine?.values.reason ?? ""}
            error={mine?.errors.reason}
            required
            maxLength={ABSENCE_REASON_MAX}
          />
          <button type="submit">Báo vắng</button>
        </form>
      )}
    </>
  );
}

/** The member's card on the meeting page; nothing once the meeting has started unless they had sent word. */
export function MyAbsenceCard(props: {
  meetingId: string;
  a: MyAbsence;
  zone: string;
  csrf: string;
  state?: FormState;
}) {
  const { a } = props;
  if (a.refusal && !a.notice && props.state?.form !== "absence") return null;
  return (
    <section class="card" id="bao-vang" aria-labelledby="absence-title">
      <h2 id="absence-title">Báo vắng</h2>
      <AbsenceForms
        notice={a.notice}
        refusal={a.refusal}
        zone={props.zone}
        send={`${PATHS.meeting(props.meetingId)}/bao-vang`}
        withdraw={`${PATHS.meeting(props.meetingId)}/rut-bao-vang`}
        csrf={props.csrf}
        state={props.state}
      />
    </section>
  );
}

/** The secretary's list: who sent word before the meeting, with the reason. */
export function NoticesList(props: {
  notices: { memberId: string; fullName: string; reason: string; sentAt: Date }[];
  zone: string;
}) {
  const list = props.notices;
  return (
    <section class="card" id="da-bao-vang" aria-labelledby="notices-title">
      <h2 id="notices-title">Đảng viên đã báo vắng ({list.length})</h2>
      {list.length === 0 ? (
        <p class="muted">Chưa có đồng chí nào báo vắng.</p>
      ) : (
        <ul class="notices">
          {list.map((n) => (
            <li key={n.memberId}>
              <strong>{n.fullName}</strong>: {n.reason}{" "}
              <span class="muted">({formatInstant(n.sentAt, props.zone)})</span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

// ------------------------------------------------------------------------------ the reminder's link pages

export function absenceLinkInvalidPage(): string {
  return linkPage(
    "Đường dẫn không hợp lệ",
    <p>
      Đường dẫn báo vắng không đúng hoặc đã bị cắt mất một phần. Vui lòng mở lại đường dẫn trong thư, hoặc
      đăng nhập và báo vắng trên trang buổi sinh hoạt.
    </p>,
  );
}

const DONE: Record<string, string> = {
  sent: "Đã gửi báo vắng tới bí thư chi bộ.",
  withdrawn: "Đã rút lại báo vắng.",
};

/** The link's page: the meeting, and the member's form (no password: the link is theirs alone). */
export function absenceLinkFormPage(o: {
  d: AbsenceLinkPage;
  action: string;
  done?: string;
  state?: FormState;
}): string {
  const r: MeetingRecord = o.d.record;
  return linkPage(
    `Báo vắng: ${titleOf(r)}`,
    <>
      {o.done && DONE[o.done] && <Notice kind="ok">{DONE[o.done]}</Notice>}
      <p>
        Đảng viên: <strong>{o.d.memberName}</strong> · {r.view.branchName}
      </p>
      <section class="card" aria-label="Thời gian và địa điểm">
        <WhenLine record={r} />
        <PlaceLine record={r} />
      </section>
      <section class="card" id="bao-vang" aria-labelledby="absence-title">
        <h2 id="absence-title">Báo vắng gửi bí thư chi bộ</h2>
        <AbsenceForms
          notice={o.d.notice}
          refusal={o.d.refusal}
          zone={r.view.timezone}
          send={o.action}
          withdraw={`${o.action}/rut-lai`}
          csrf={null}
          state={o.state}
        />
      </section>
    </>,
  );
}
