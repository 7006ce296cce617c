/**
 * Reading the meeting page's plain forms: each field checked with the reason a person reads next to it
 * (`FormProblem`), and the minutes form turned into the minutes service's input (the template's parts
 * checked by the API's own TypeBox schemas through `readForm`).
 */
import { type Static, Type } from "typebox";
import { parseTypedDate } from "../domain/civil-date.ts";
import { IsoDate } from "../http/schemas.ts";
import { OfficialPartsSchema, ResolutionSchema } from "../minutes/minutes-schemas.ts";
import type { SaveMinutesInput } from "../minutes/minutes-service.ts";
import { type MakeupBody, MoveBody } from "../plan/plan-schemas.ts";
import { type FieldErrors, readForm } from "./forms.ts";

const TIME_RE = /^([01]\d|2[0-3]):[0-5]\d$/;

export type Body = Record<string, string>;
/** A form's own check before the service: the reason by field (one field, or `readForm`'s errors). */
export class FormProblem extends Error {
  readonly errors: FieldErrors;
  constructor(field: string | FieldErrors, message = "") {
    super(message);
    this.errors = typeof field === "string" ? { [field]: message } : field;
  }
}

export const text = (b: Body, k: string) => (b[k] ?? "").trim();
/** A field of a given form (`re`): empty → undefined, or `missing` when required; another form → `bad`. */
function shapedField(re: RegExp, missing: string, bad: string) {
  return (b: Body, k: string, required: boolean): string | undefined => {
    const v = text(b, k);
    if (!v) {
      if (required) throw new FormProblem(k, missing);
      return undefined;
    }
    if (!re.test(v)) throw new FormProblem(k, bad);
    return v;
  };
}
/** The move form: the API's body, with the date the form always asks for. */
export const MoveForm = Type.Object(
  { ...MoveBody.properties, date: IsoDate },
  { additionalProperties: false },
);

/**
 * The move and make-up forms read by the API's schema (`readForm`): a date typed "dd/mm/yyyy" is turned into
 * the API's "yyyy-MM-dd" first (`parseTypedDate`); the reasons of a date and a time are told in the form's
 * words (a day not on the calendar named as such), the others in the API's (validation-messages).
 */
export function readMeetingForm<S extends typeof MoveForm | typeof MakeupBody>(
  schema: S,
  b: Body,
): Static<S> {
  const typed = text(b, "date");
  const parsed = typed ? parseTypedDate(typed) : null;
  const startTime = text(b, "startTime");
  const dateReason = !typed
    ? "Hãy chọn ngày."
    : parsed && "error" in parsed && parsed.error === "missing"
      ? `Ngày ${typed} không có trên lịch.`
      : "Hãy ghi ngày theo dạng ngày/tháng/năm, ví dụ 08/02/2027.";
  const read = readForm(
    schema,
    {
      ...(parsed && "date" in parsed ? { date: parsed.date } : {}),
      ...(startTime ? { startTime } : {}),
      place: text(b, "place") || null,
      reason: text(b, "reason") || null,
    },
    { reasons: { date: dateReason, startTime: "Giờ không hợp lệ (HH:mm)." } },
  );
  // A date typed but not read (not on the calendar, or in no known form) is left out: the schema, which
  // asks for one, refuses it with `dateReason`.
  if (!read.ok) throw new FormProblem(read.errors);
  return read.value;
}

export const timeField = shapedField(TIME_RE, "Hãy nhập giờ.", "Giờ không hợp lệ (HH:mm).");
export function textField(b: Body, k: string, max: number, required = false): string {
  const v = text(b, k);
  if (required && !v) throw new FormProblem(k, "Không được để trống.");
  if (v.length > max) throw new FormProblem(k, `Tối đa ${max} ký tự.`);
  return v;
}

const lines = (b: Body, k: string) =>
  text(b, k)
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter(Boolean);

/** The form's names of the resolution's parts. */
export const VOTE_FIELDS: Record<string, string> = {
  text: "resolution",
  agree: "voteAgree",
  disagree: "voteDisagree",
  other: "voteOther",
};

/** Place, guests and agenda, checked by the API's schema. */
function officialPartsOf(b: Body) {
  const read = readForm(OfficialPartsSchema, {
    place: text(b, "place"),
    guests: lines(b, "guests"),
    agenda: lines(b, "agenda"),
  });
  if (!read.ok) {
    const [field, reason] = Object.entries(read.errors)[0] ?? ["place", "Không hợp lệ."];
    throw new FormProblem(field, reason);
  }
  return read.value;
}

/** The resolution and its vote, or null when neither is typed; checked by the API's schema. */
function resolutionOf(b: Body) {
  const typed = ["resolution", "voteAgree", "voteDisagree", "voteOther"].some((k) => text(b, k));
  if (!typed) return null;
  const count = (k: string) => (text(b, k) === "" ? undefined : Number(text(b, k)));
  const read = readForm(
    ResolutionSchema,
    {
      text: text(b, "resolution"),
      agree: count("voteAgree"),
      disagree: count("voteDisagree"),
      other: count("voteOther"),
    },
    {
      reasons: {
        text: "Hãy ghi nội dung nghị quyết được biểu quyết.",
        agree: "Hãy ghi số đồng chí nhất trí (số nguyên, từ 0).",
        disagree: "Hãy ghi số đồng chí không nhất trí (số nguyên, từ 0).",
        other: "Hãy ghi số ý kiến khác (số nguyên, từ 0).",
      },
    },
  );
  if (!read.ok) {
    const [field, reason] = Object.entries(read.errors)[0]!;
    throw new FormProblem(VOTE_FIELDS[field] ?? "resolution", reason);
  }
  return read.value;
}

/** The minutes form as the minutes service takes it: opinions "Họ tên: ý kiến" and tasks one a line. */
export function minutesFormInput(b: Body): Omit<SaveMinutesInput, "meetingId"> {
  const discussion = text(b, "discussion")
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter(Boolean)
    .map((line) => {
      const at = line.indexOf(":");
      const by = at > 0 ? line.slice(0, at).trim() : "";
      const opinion = at > 0 ? line.slice(at + 1).trim() : "";
      if (!by || !opinion || by.length > 200)
        throw new FormProblem(
          "discussion",
          `Mỗi dòng ghi “Họ tên: ý kiến”; dòng này chưa đúng: “${line.slice(0, 60)}”`,
        );
      return { by, opinion };
    });
  const tasks = text(b, "tasks")
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter(Boolean)
    .map((content) => ({ content }));
  const base = Number(text(b, "baseRevision"));
  return {
    chair: textField(b, "chair", 200, true),
    recorder: textField(b, "recorder", 200, true),
    startTime: timeField(b, "startTime", true)!,
    endTime: timeField(b, "endTime", true)!,
    introducedBy: textField(b, "introducedBy", 200, true),
    discussion,
    conclusions: textField(b, "conclusions", 200_000),
    tasks,
    ...officialPartsOf(b),
    resolution: resolutionOf(b),
    readBack: b.readBack === "1",
    reason: textField(b, "reason", 2000) || undefined,
    baseRevision: Number.isInteger(base) && base >= 0 ? base : undefined,
  };
}
