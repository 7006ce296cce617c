/**
 * Reading a page's form, and showing a refused one again.
 *
 * `readForm(schema, input)` is the one way a page checks what a form sent: the route's TypeBox schema (the
 * API's own input schema, so a page never writes a second rule) run on the form's values, answered as the
 * typed value or the first reason of each field, in Vietnamese (src/http/validation-messages.ts, the API's
 * words), keyed by the form's field name ("day", not "body.day"). A page may word a field its own way
 * (`reasons`, e.g. "ngày phải là số từ 1 đến 31") or reword every reason (`reword`, e.g. with a capital).
 *
 *   const read = readForm(PeakInput, { day: num(b.day), name: b.name ?? "" });
 *   if (!read.ok) return page again with { form, values: typed, errors: read.errors, message: REFUSED };
 *   await addPeak(deps, p, { campaignId, fields: read.value });
 *
 * A refused form goes back to its page as a `FormState`: the values typed and the reasons by field.
 */
import type { Static, TSchema } from "typebox";
import { Value } from "typebox/value";
import { type AjvError, validationProblems } from "../http/validation-messages.ts";
import type { FormShown } from "./layout.tsx";

export type FieldErrors = Record<string, string>;

export type FormRead<T> = { ok: true; value: T } | { ok: false; errors: FieldErrors };

export function readForm<S extends TSchema>(
  schema: S,
  input: unknown,
  o: { reasons?: Record<string, string>; reword?: (reason: string) => string } = {},
): FormRead<Static<S>> {
  if (Value.Check(schema, input)) return { ok: true, value: input as Static<S> };
  const errors: FieldErrors = {};
  for (const raw of [...Value.Errors(schema, input)].flatMap(asAjv)) {
    const problem = validationProblems("body", [raw])[0];
    const field = problem?.field.split(".")[1] ?? "";
    if (!problem || !field) continue;
    // A length limit is told as the API tells it ("không được dài quá 5000 ký tự"), whatever the page's words.
    const own = raw.keyword === "maxLength" ? undefined : o.reasons?.[field];
    errors[field] ??= own ?? (o.reword ? o.reword(problem.reason) : problem.reason);
  }
  return { ok: false, errors };
}

/** A form read by hand (checks a schema cannot say, or several schemas): its value when no field has a reason. */
export function formRead<T>(errors: Partial<FieldErrors>, value: T): FormRead<T> {
  return Object.keys(errors).length ? { ok: false, errors: errors as FieldErrors } : { ok: true, value };
}

/** TypeBox names every missing property in one `required` error; Ajv (and its messages) one each. */
function asAjv(e: AjvError): AjvError[] {
  const missing = e.params?.requiredProperties;
  if (e.keyword !== "required" || !Array.isArray(missing)) return [e];
  return missing.map((m) => ({ ...e, params: { missingProperty: m } }));
}

/** What a refused form sent back: the typed values and the reason per field. */
export interface FormState {
  form: string;
  values: Record<string, string>;
  errors: Record<string, string>;
  message?: string;
}

/** The form as `Field` shows it: what was typed and the reasons when `state` is this form's (a box left
 * unticked is not sent, so it shows unticked), else `defaults`. */
export function shownForm(
  state: FormState | undefined,
  form: string,
  defaults: Record<string, string>,
): FormShown {
  return state?.form === form ? { v: state.values, e: state.errors } : { v: defaults };
}

/** What the form typed, when `state` is this form's, else `fallback`. */
export function typedOr(state: FormState | undefined, form: string, name: string, fallback: string): string {
  return state?.form === form ? (state.values[name] ?? "") : fallback;
}
/** The reason next to a field, when `state` is this form's. */
export function errorOf(state: FormState | undefined, form: string, name: string): string | undefined {
  return state?.form === form ? state.errors[name] : undefined;
}
