import { formatMonth } from "../domain/vi-format.ts";
import { CsrfField, Field, PATHS } from "./layout.tsx";
import {
  DayOffConfirm,
  localTime,
  type SecretaryFormProps,
  ToolForm,
  valuesFor,
} from "./meeting-form-kit.tsx";

export function MoveForms(props: SecretaryFormProps) {
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
        <ToolForm
          title="Dời lịch"
          open={props.state?.form === "move"}
          action={`${PATHS.meeting(id)}/doi-lich`}
          id="form-move"
          csrf={props.csrf}
          message={move.m}
        >
          <Field name="date" form={move} label="Ngày họp" type="date" required />
          <Field name="startTime" form={move} label="Giờ bắt đầu" type="time" />
          <Field name="place" form={move} label="Địa điểm" maxLength={300} />
          <Field
            name="reason"
            form={move}
            id="f-move-reason"
            label="Lý do"
            hint={`Bắt buộc khi dời sang tháng khác ${formatMonth(r.view.month)}.`}
            maxLength={1000}
          />
          <button type="submit">Dời lịch</button>
          {/* After the form's own button: Enter in a field never confirms a day off. */}
          <DayOffConfirm state={props.state} form="move" what="họp" />
        </ToolForm>
      )}
      {status !== "cancelled" && props.tools.topics.length > 0 && (
        <ToolForm
          title="Đổi chuyên đề"
          open={props.state?.form === "topic"}
          action={`${PATHS.meeting(id)}/chuyen-de`}
          csrf={props.csrf}
          message={topic.m}
        >
          <Field
            name="topicId"
            form={topic}
            label="Chuyên đề"
            type="select"
            options={props.tools.topics.map((t) => ({ value: t.id, label: t.title }))}
          />
          <button type="submit">Đổi chuyên đề</button>
        </ToolForm>
      )}
      {status === "planned" && (
        <ToolForm
          title="Hủy buổi sinh hoạt"
          open={props.state?.form === "cancel"}
          action={`${PATHS.meeting(id)}/huy`}
          csrf={props.csrf}
          message={cancel.m}
        >
          <Field
            name="reason"
            form={cancel}
            id="f-cancel-reason"
            label="Lý do hủy"
            required
            maxLength={1000}
          />
          <button type="submit" class="secondary">
            Hủy buổi sinh hoạt
          </button>
        </ToolForm>
      )}
      {status === "cancelled" && !props.d.replacedBy && (
        <form method="post" action={`${PATHS.meeting(id)}/khoi-phuc`} class="card">
          <CsrfField token={props.csrf} />
          <p>Buổi sinh hoạt lại diễn ra như dự kiến? Khôi phục để mọi người nhận lại lịch.</p>
          <button type="submit">Khôi phục buổi sinh hoạt</button>
        </form>
      )}
      {props.tools.canMakeUp && (
        <ToolForm
          title="Thêm buổi họp bù"
          open={props.state?.form === "makeup" || status === "cancelled"}
          action={`${PATHS.meeting(id)}/hop-bu`}
          csrf={props.csrf}
          message={makeup.m}
        >
          <Field name="date" form={makeup} id="f-makeup-date" label="Ngày họp bù" type="date" required />
          <Field name="startTime" form={makeup} id="f-makeup-startTime" label="Giờ bắt đầu" type="time" />
          <Field name="place" form={makeup} id="f-makeup-place" label="Địa điểm" maxLength={300} />
          <Field
            name="reason"
            form={makeup}
            id="f-makeup-reason"
            label="Lý do"
            hint={`Bắt buộc khi họp bù ngoài ${formatMonth(r.view.month)}.`}
            maxLength={1000}
          />
          <button type="submit">Thêm buổi họp bù</button>
          <DayOffConfirm state={props.state} form="makeup" what="họp bù" />
        </ToolForm>
      )}
    </>
  );
}
