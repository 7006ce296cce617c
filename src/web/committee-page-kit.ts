import { type TSchema, Type } from "typebox";
import type { Principal } from "../auth/principal.ts";
import type { AppError } from "../http/errors.ts";
import type { AppDeps } from "../http/types.ts";
import { refusedPage } from "./committee-nav.tsx";
import { type FormRead, type FormState, readForm } from "./forms.ts";
import { PATHS } from "./layout.tsx";
import { csrfOf, fieldErrorsOf, html, orRefused, refusalOf } from "./page-kit.ts";

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

/** The API's input schema run on what the form sent (`readForm`), the reasons in the page's words. */
export function readPageForm<S extends TSchema>(schema: S, input: unknown) {
  return readForm(schema, input, { reasons: SCHEMA_REASONS });
}

/** On top of a refused form whose reasons are next to its fields. */
export const REFUSED = "Chưa lưu được: xem lý do bên cạnh ô nhập.";

/** "2026" → 2026; anything else → undefined (the page's default). */
export function intOf(s: string | undefined): number | undefined {
  return s && /^\d{1,5}$/.test(s) ? Number(s) : undefined;
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

/** What a committee page's form does, from reach to answer (`answerForm`). */
export interface FormWrite<T> {
  /** That the page's committee (or campaign) is the person's, before anything else. */
  reach?: () => Promise<unknown>;
  form: string;
  /** What the form sent, shown again when it is refused. */
  values: Record<string, string | undefined>;
  read: FormRead<T>;
  /** The service call; answers the address to go to. */
  write: (value: T) => Promise<string>;
  /** The form's name for an API field of the refusal. */
  rename?: (field: string, err: AppError) => string;
  /** The refusals told on top of the page, not next to the form's fields (out of reach, not allowed). */
  onTop?: (status: number) => boolean;
}

/**
 * A committee page's form: reach, then the form as read (refused → the page `again`, 400, with the reasons next
 * to the fields), then the service, then a redirect (303). A service's refusal shows the page again with its
 * status: its reasons next to the form's fields, or its message on top when it names none of them.
 */
export async function answerForm<T>(
  reply: Parameters<typeof html>[0],
  again: (status: number, state: FormState) => Promise<unknown>,
  o: FormWrite<T>,
): Promise<unknown> {
  let to: string;
  try {
    await o.reach?.();
    if (!o.read.ok) {
      return again(400, { form: o.form, values: typed(o.values), errors: o.read.errors, message: REFUSED });
    }
    to = await o.write(o.read.value);
  } catch (e) {
    const err = refusalOf(e);
    if (o.onTop?.(err.status)) return again(err.status, messageOnly(err.message));
    const rename = o.rename;
    return again(err.status, formState(o.form, o.values, err, rename && ((f) => rename(f, err))));
  }
  return reply.redirect(to, 303);
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
  function formsPage<I, V extends { month: string }>(
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
        async (csrf) => {
          const v = await view(deps, p, input);
          return draw(p, csrf, v, { month: v.month, done: o.done, state: o.state });
        },
        o.status,
      );
  }
  return { page, formsPage };
}
