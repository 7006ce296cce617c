/**
 * Reading the meeting page's plain forms: each field checked with the reason a person reads next to it
 * (`FormProblem`), and the minutes form turned into the minutes service's input (the template's parts
 * checked by the API's own TypeBox schemas through `readForm`).
 */
import { parseTypedDate } from "../domain/civil-date.ts";
import { OfficialPartsSchema, ResolutionSchema } from "../minutes/minutes-schemas.ts";
import type { SaveMinutesInput } from "../minutes/minutes-service.ts";
import { readForm } from "./forms.ts";

const TIME_RE = /^([01]\d|2[0-3]):[0-5]\d$/;

export type Body = Record<string, string>;
/** A form's own check before the service: a field and its reason. */
export class FormProblem extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
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
/** A date typed or picked: "yyyy-MM-dd" or "dd/mm/yyyy"; a day not on the calendar is named as such. */
export function dateField(b: Body, k: string, required: boolean): string | undefined {
  const v = text(b, k);
  if (!v) {
    if (required) throw new FormProblem(k, "Hãy chọn ngày.");
    return undefined;
  }
  const r = parseTypedDate(v);
  if ("date" in r) return r.date;
  throw new FormProblem(
    k,
    r.error === "missing"
      ? `Ngày ${v} không có trên lịch.`
      : "Hãy ghi ngày theo dạng ngày/tháng/năm, ví dụ 08/02/2027.",
  );
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
