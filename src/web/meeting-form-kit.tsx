import type { ComponentChildren } from "preact";
import { formatDate, formatMonth } from "../domain/vi-format.ts";
import type { MeetingPageData, SecretaryTools } from "../minutes/meeting-page-service.ts";
import type { MeetingRecord } from "../plan/meeting-view.ts";
import { CsrfField, Notice } from "./layout.tsx";

/** A refused form, shown again with what was typed and the reasons next to the fields. */
export interface FormState {
  form: string;
  values: Record<string, string>;
  errors: Record<string, string>;
  message: string;
  /** The new date is a holiday or a weekend: the secretary is asked to confirm it (`DayOffConfirm`). */
  confirm?: { date: string; text: string };
}

/** What each of the secretary's forms on the meeting page is given. */
export interface SecretaryFormProps {
  d: MeetingPageData;
  tools: SecretaryTools;
  csrf: string;
  state?: FormState;
}

export const STATUS_NAMES: Record<string, string> = {
  present: "Có mặt",
  absent_excused: "Vắng có lý do",
  absent_unexcused: "Vắng",
};

export const localTime = (r: MeetingRecord, which: "start" | "end") =>
  r.view[which].setZone(r.view.timezone).toFormat("HH:mm");

export function titleOf(r: MeetingRecord): string {
  return `${r.makeupOf ? "Họp bù: sinh hoạt chi bộ" : "Sinh hoạt chi bộ"} ${formatMonth(r.view.month)}`;
}

/** A form's values: what was typed if it was refused, else the defaults. */
export function valuesFor(state: FormState | undefined, form: string, defaults: Record<string, string>) {
  if (state?.form === form) return { v: { ...defaults, ...state.values }, e: state.errors, m: state.message };
  return { v: defaults, e: {} as Record<string, string>, m: null as string | null };
}

export function FormError(props: { message: string | null }) {
  return props.message ? <Notice kind="error">{props.message}</Notice> : null;
}

/** One of the secretary's tools, folded under its title unless `open` (its form came back refused). */
export function ToolForm(props: {
  title: string;
  open: boolean;
  action: string;
  id?: string;
  csrf: string;
  message: string | null;
  children: ComponentChildren;
}) {
  return (
    <details class="card tool" open={props.open}>
      <summary>
        <h2>{props.title}</h2>
      </summary>
      <form method="post" action={props.action} id={props.id}>
        <CsrfField token={props.csrf} />
        <FormError message={props.message} />
        {props.children}
      </form>
    </details>
  );
}

/**
 * The warning that the date typed is a day off, inside the refused form with everything typed kept, and a
 * button that sends the same form again with the secretary's word for that date (a date typed anew is asked
 * about again).
 */
export function DayOffConfirm(props: { state: FormState | undefined; form: string; what: string }) {
  const c = props.state?.form === props.form ? props.state.confirm : undefined;
  if (!c) return null;
  return (
    <div class="notice warn" role="alert">
      <p class="warn-line">{c.text}</p>
      <p class="warn-line">
        Chi bộ vẫn {props.what} ngày này? Bấm xác nhận; hoặc chọn ngày khác rồi gửi lại.
      </p>
      <button type="submit" name="confirmDayOff" value={c.date}>
        Vẫn {props.what} ngày {formatDate(c.date)}
      </button>
    </div>
  );
}
