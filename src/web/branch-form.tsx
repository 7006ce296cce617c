/**
 * The branch form (create on the organisation page, edit on the branch's settings page): its fields, and
 * the typed form read into the API's branch body, checked against the API's own schema
 * (`BranchCreateInput` / `BranchUpdateInput`), with Vietnamese reasons next to the fields.
 */
import type { TSchema } from "typebox";
import { Type } from "typebox";
import { Value } from "typebox/value";
import type { MeetingRule } from "../domain/meeting-rule.ts";
import type { AppError } from "../http/errors.ts";
import { Field } from "./layout.tsx";
import { fieldErrorsOf } from "./page-kit.ts";

export type FieldErrors = Partial<Record<string, string>>;
export type BranchFormValues = Partial<Record<(typeof BRANCH_FIELDS)[number], string>>;

const BRANCH_FIELDS = [
  "name",
  "committeeId",
  "dayKind",
  "day",
  "weekday",
  "nth",
  "startTime",
  "durationMinutes",
  "shift",
  "timezone",
  "place",
  "onlineUrl",
] as const;

const FormText = Type.Optional(Type.String({ maxLength: 600 }));
/** The page route's body: every field a string of bounded length; the API's schema decides the rest. */
export const BranchForm = Type.Object(Object.fromEntries(BRANCH_FIELDS.map((f) => [f, FormText])));

const REASONS: Record<string, string> = {
  name: "Hãy nhập tên chi bộ (tối đa 200 ký tự).",
  day: "Ngày trong tháng từ 1 đến 31.",
  weekday: "Hãy chọn thứ trong tuần.",
  nth: "Hãy chọn tuần trong tháng.",
  startTime: "Giờ bắt đầu dạng giờ:phút, ví dụ 14:00.",
  durationMinutes: "Thời lượng từ 15 đến 720 phút.",
  shift: "Hãy chọn cách dời khi trùng ngày nghỉ.",
  timezone: "Múi giờ dạng IANA, ví dụ Asia/Ho_Chi_Minh.",
  place: "Địa điểm tối đa 300 ký tự.",
  onlineUrl: "Đường dẫn phải là địa chỉ web đầy đủ, bắt đầu bằng https://",
  committeeId: "Hãy chọn cấp ủy.",
};

/** An API field ("meetingRule.day.weekday", "body.timezone") as the form's field. */
function formField(apiField: string, dayKind: string): string {
  const f = apiField
    .replace(/^body\./, "")
    .replace(/\//g, ".")
    .replace(/^\./, "");
  if (f.startsWith("meetingRule.day")) {
    const leaf = f.split(".")[2];
    if (leaf === "weekday" || leaf === "nth" || leaf === "day") return leaf;
    return dayKind === "weekday" ? "weekday" : "day";
  }
  if (f.startsWith("meetingRule.")) return f.split(".")[1]!;
  return f.split(".")[0]!;
}

const int = (s: string | undefined) =>
  s?.trim() && /^-?\d+$/.test(s.trim()) ? Number(s.trim()) : Number.NaN;

/** The form as the API's body: empty place and link are null; the rule as the chosen kind of day. */
export function branchInputOf(v: BranchFormValues, o: { withName: boolean }) {
  const dayKind = v.dayKind === "weekday" ? "weekday" : "day_of_month";
  const day =
    dayKind === "weekday"
      ? { kind: "weekday", weekday: int(v.weekday), nth: int(v.nth) }
      : { kind: "day_of_month", day: int(v.day) };
  const meetingRule = {
    day,
    startTime: (v.startTime ?? "").trim(),
    durationMinutes: int(v.durationMinutes),
    shift: (v.shift ?? "next") as MeetingRule["shift"],
  } as unknown as MeetingRule;
  const opt = (s: string | undefined) => (s?.trim() ? s.trim() : null);
  return {
    ...(o.withName ? { name: (v.name ?? "").trim() } : {}),
    timezone: (v.timezone ?? "").trim() || "Asia/Ho_Chi_Minh",
    meetingRule,
    place: opt(v.place),
    onlineUrl: opt(v.onlineUrl),
  };
}

/** The fields that break the API's schema, with their reasons (the same schema, not a second rule). */
export function branchShapeErrors(schema: TSchema, input: object, dayKind: string | undefined): FieldErrors {
  const errors: FieldErrors = {};
  for (const e of Value.Errors(schema, input)) {
    const field = formField(e.instancePath, dayKind ?? "");
    if (field && !errors[field]) errors[field] = REASONS[field] ?? "Giá trị không hợp lệ.";
  }
  return errors;
}

/** A service's refusal by form field (the rule's problems, a zone it does not know). */
export function branchRefusalErrors(err: AppError, dayKind: string | undefined): FieldErrors {
  return fieldErrorsOf(err, {
    field: (name) => formField(name, dayKind ?? ""),
    reason: (r) => `${r.charAt(0).toUpperCase()}${r.slice(1)}${/[.!?]$/.test(r) ? "" : "."}`,
  });
}

/** A stored branch as the form's values. */
export function branchValuesOf(b: {
  name: string;
  timezone: string;
  meetingRule: MeetingRule;
  place: string | null;
  onlineUrl: string | null;
}): BranchFormValues {
  const d = b.meetingRule.day;
  return {
    name: b.name,
    dayKind: d.kind,
    day: d.kind === "day_of_month" ? String(d.day) : "5",
    weekday: d.kind === "weekday" ? String(d.weekday) : "5",
    nth: d.kind === "weekday" ? String(d.nth) : "-1",
    startTime: b.meetingRule.startTime,
    durationMinutes: String(b.meetingRule.durationMinutes),
    shift: b.meetingRule.shift,
    timezone: b.timezone,
    place: b.place ?? "",
    onlineUrl: b.onlineUrl ?? "",
  };
}

export const NEW_BRANCH_VALUES: BranchFormValues = {
  dayKind: "day_of_month",
  day: "5",
  weekday: "5",
  nth: "-1",
  startTime: "14:00",
  durationMinutes: "120",
  shift: "next",
  timezone: "Asia/Ho_Chi_Minh",
};

const WEEKDAYS = ["Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy", "Chủ nhật"];
const NTHS: [string, string][] = [
  ["1", "thứ nhất"],
  ["2", "thứ hai"],
  ["3", "thứ ba"],
  ["4", "thứ tư"],
  ["5", "thứ năm"],
  ["-1", "cuối cùng"],
];

/** The meeting rule, zone, place and link fields; `name` only where the caller may rename. */
export function BranchFields(props: {
  values: BranchFormValues;
  errors: FieldErrors;
  name: boolean;
  zone: boolean;
}) {
  const form = { v: props.values, e: props.errors };
  return (
    <>
      {props.name && <Field name="name" form={form} label="Tên chi bộ" required maxLength={200} />}
      <fieldset class="rule">
        <legend>Ngày họp hằng tháng</legend>
        <Field
          name="dayKind"
          label="Tính ngày họp theo"
          type="select"
          form={form}
          options={[
            { value: "day_of_month", label: "Một ngày cố định trong tháng" },
            { value: "weekday", label: "Một thứ trong tuần (ví dụ Thứ Sáu cuối tháng)" },
          ]}
        />
        <Field
          name="day"
          form={form}
          label="Ngày trong tháng (khi họp ngày cố định)"
          type="number"
          hint="Tháng không có ngày này thì họp ngày cuối tháng."
        />
        <Field
          name="weekday"
          form={form}
          label="Thứ (khi họp theo thứ)"
          type="select"
          options={WEEKDAYS.map((w, i) => ({ value: String(i + 1), label: w }))}
        />
        <Field
          name="nth"
          form={form}
          label="Tuần trong tháng (khi họp theo thứ)"
          type="select"
          options={NTHS.map(([value, label]) => ({ value, label: `Tuần ${label}` }))}
        />
        <Field name="startTime" form={form} label="Giờ bắt đầu" type="time" required />
        <Field
          name="durationMinutes"
          form={form}
          label="Thời lượng (phút)"
          type="number"
          hint="Buổi sinh hoạt định kỳ ít nhất 90 phút."
        />
        <Field
          name="shift"
          form={form}
          label="Khi ngày họp trùng ngày nghỉ"
          type="select"
          options={[
            { value: "next", label: "Dời sang ngày làm việc kế tiếp" },
            { value: "previous", label: "Họp sớm vào ngày làm việc trước đó" },
            { value: "keep", label: "Vẫn họp đúng ngày" },
          ]}
        />
      </fieldset>
      {props.zone && (
        <Field
          name="timezone"
          form={form}
          label="Múi giờ"
          hint="Trong nước: Asia/Ho_Chi_Minh. Chi bộ ở nước ngoài: múi giờ nơi đó, ví dụ Europe/Paris."
          maxLength={64}
        />
      )}
      <Field name="place" form={form} label="Địa điểm họp thường lệ" maxLength={300} />
      <Field
        name="onlineUrl"
        form={form}
        label="Đường dẫn họp trực tuyến (nếu có)"
        type="url"
        hint="Ví dụ https://meet.example.vn/chi-bo-to-1"
        maxLength={500}
      />
    </>
  );
}
