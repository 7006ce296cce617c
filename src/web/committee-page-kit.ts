/**
 * What the committee's page routes share: params, reading a form's numbers and checking it by the API's
 * schema, a refused form's state, and answering a page (a 403/404 from the services becomes the refused page).
 */
import { DateTime } from "luxon";
import { type TSchema, Type } from "typebox";
import { Value } from "typebox/value";
import type { Principal } from "../auth/principal.ts";
import { HOME_ZONE } from "../domain/civil-date.ts";
import type { AppError } from "../http/errors.ts";
import type { AppDeps } from "../http/types.ts";
import { type AjvError, validationProblems } from "../http/validation-messages.ts";
import { refusedPage } from "./committee-nav.tsx";
import type { FormState } from "./forms.ts";
import { PATHS } from "./layout.tsx";
import { csrfOf, fieldErrorsOf, html, orRefused } from "./page-kit.ts";

export const Uuid = Type.String({ format: "uuid" });
export const Id = Type.Object({ id: Uuid });
export const CampaignParams = Type.Object({ id: Uuid, campaignId: Uuid });
export const PeakParams = Type.Object({ id: Uuid, campaignId: Uuid, peakId: Uuid });
export const Text = (max = 300) => Type.Optional(Type.String({ maxLength: max }));

/** A form's number: digits only, else NaN (which the API's schema refuses). */
export function num(s: string | undefined): number {
  return s && /^-?\d+$/.test(s.trim()) ? Number(s) : Number.NaN;
}

/** Why a field of a form fails the API's schema, in the page's words. */
export const SCHEMA_REASONS: Record<string, string> = {
  day: "ngày phải là số từ 1 đến 31",
  month: "tháng phải là số từ 1 đến 12",
  baseYear: "năm phải là số từ 1000 đến 9999",
  year: "năm phải là số từ 1900 đến 9999, hoặc để trống",
  date: "hãy chọn một ngày",
  audience: "hãy chọn ai báo cáo",
};

/** The API's input schema run on what the form sent: field → reason. */
export function schemaErrors(schema: TSchema, input: unknown): Record<string, string> {
  const errors: Record<string, string> = {};
  for (const e of Value.Errors(schema, input)) {
    const field = e.instancePath.replace(/^\//, "").split("/")[0] || "title";
    // A length is told as the API tells it ("không được dài quá 5000 ký tự"); other rules in the page's words.
    const told =
      e.keyword === "maxLength" ? validationProblems("body", [e as AjvError])[0]?.reason : undefined;
    errors[field] ??= told ?? SCHEMA_REASONS[field] ?? "không hợp lệ";
  }
  return errors;
}

/** On top of a refused form whose reasons are next to its fields. */
export const REFUSED = "Chưa lưu được: xem lý do bên cạnh ô nhập.";

/** "2026" → 2026; anything else → undefined (the page's default). */
export function intOf(s: string | undefined): number | undefined {
  return s && /^\d{1,5}$/.test(s) ? Number(s) : undefined;
}

export function thisMonth(now: Date): string {
  return DateTime.fromJSDate(now, { zone: HOME_ZONE }).toFormat("yyyy-MM");
}

/** What the form sent, absent fields as empty. */
export function typed(values: Record<string, string | undefined>): Record<string, string> {
  return Object.fromEntries(Object.entries(values).map(([k, v]) => [k, v ?? ""]));
}

/** A refusal of no form's field (out of reach, not allowed, already gone): its message on top. */
export const messageOnly = (message: string): FormState => ({ form: "", values: {}, errors: {}, message });

/** A refused form's state; a refusal that names no field of the form is shown as a message on top. */
export function formState(
  form: string,
  values: Record<string, string | undefined>,
  err: AppError,
  rename?: (field: string) => string,
): FormState {
  const errors = fieldErrorsOf(err, { field: rename });
  const clean = typed(values);
  const named = Object.keys(errors).some((k) => k in clean);
  return { form, values: clean, errors, message: named ? REFUSED : err.message };
}

/** Back to the campaign after a change. */
export const backTo = (committeeId: string, campaignId: string, extra: string, anchor: string) =>
  `${PATHS.campaigns(committeeId)}?dot=${campaignId}&${extra}#${anchor}`;

/** The committee pages' answer helpers, over the app's dependencies. */
export function committeePageKit(deps: AppDeps) {
  /** Runs a page read, answered with `status`; a 403/404 from the services becomes the refused page. */
  async function page(
    reply: Parameters<typeof html>[0],
    p: Principal,
    build: (csrf: string) => Promise<string>,
    status = 200,
  ) {
    const csrf = await csrfOf(deps, p);
    return orRefused(
      async () => {
        const body = await build(csrf);
        return html(reply, status).send(body);
      },
      (err) => html(reply, err.status).send(refusedPage(p, csrf, err.status, err.message)),
    );
  }

  /** A page of forms, read by `view` and drawn by `draw`, answered through `page`: with a refused form's
   * state and its status (4xx), or after a change with the notice `done`. */
  function formsPage<I, V>(
    view: (deps: AppDeps, p: Principal, input: I) => Promise<V>,
    draw: (
      p: Principal,
      csrf: string,
      v: V,
      o: { month: string; done?: string; state?: FormState },
    ) => string,
  ) {
    return (
      reply: Parameters<typeof html>[0],
      p: Principal,
      input: I,
      o: { status?: number; done?: string; state?: FormState },
    ) =>
      page(
        reply,
        p,
        async (csrf) =>
          draw(p, csrf, await view(deps, p, input), {
            month: thisMonth(deps.clock.now()),
            done: o.done,
            state: o.state,
          }),
        o.status,
      );
  }
  return { page, formsPage };
}
