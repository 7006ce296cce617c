/**
 * The member page's forms for exemptions (miễn sinh hoạt) and temporary attendance (sinh hoạt tạm thời):
 * plain POSTs that call organisation/standing-service.ts, as the API does (same reach: the branch's secretary
 * or a committee above; another branch reads as not found). A refusal shows the member page again with the
 * reason next to the field.
 */
import type { FastifyReply } from "fastify";
import { Type } from "typebox";
import { type Principal, requireUser } from "../auth/principal.ts";
import { isCivilDate } from "../domain/civil-date.ts";
import type { AppError } from "../http/errors.ts";
import type { App } from "../http/types.ts";
import { memberOfBranch } from "../organisation/members-page-service.ts";
import {
  endExemption,
  endTemporary,
  recordExemption,
  recordTemporary,
} from "../organisation/standing-service.ts";
import { FormProblem } from "./meeting-form-fields.ts";
import { STANDING_KINDS, type StandingState } from "./member-standing.tsx";
import { memberPage, membersPaths, problemPage } from "./members-pages.tsx";
import { csrfOf, fieldErrorsOf, html, isRefusal, UUID_RE } from "./page-kit.ts";

const Params = Type.Object({
  branchId: Type.String({ maxLength: 64 }),
  memberId: Type.String({ maxLength: 64 }),
});
const EndParams = Type.Object({
  branchId: Type.String({ maxLength: 64 }),
  memberId: Type.String({ maxLength: 64 }),
  id: Type.String({ maxLength: 64 }),
});
const T = Type.Optional(Type.String({ maxLength: 500 }));
const ExemptForm = Type.Object({ reason: T, decisionRef: T, from: T, to: T });
const TemporaryForm = Type.Object({ homeOrganisation: T, from: T, to: T });
const EndForm = Type.Object({ to: T });

/** The form's dates: `from` required, `to` optional; both as the calendar has them. */
function dates(v: { from?: string; to?: string }, fromRequired: boolean) {
  const from = (v.from ?? "").trim();
  const to = (v.to ?? "").trim();
  const errors: Record<string, string> = {};
  if (fromRequired && !isCivilDate(from)) errors.from = "Hãy chọn ngày bắt đầu.";
  if (to && !isCivilDate(to)) errors.to = "Ngày không hợp lệ.";
  if (Object.keys(errors).length) throw new FormProblem(errors);
  return { from, to: to || null };
}

function required(v: Record<string, string | undefined>, names: string[]) {
  const errors: Record<string, string> = {};
  for (const n of names) if (!(v[n] ?? "").trim()) errors[n] = "Không được để trống.";
  if (Object.keys(errors).length) throw new FormProblem(errors);
}

export async function memberStandingPages(app: App) {
  const { deps } = app;
  const tags = ["web"];

  /** Runs the change; a refusal naming fields shows the page again, out of reach is the layout's 404/403. */
  async function handle(
    reply: FastifyReply,
    p: Principal,
    ids: { branchId: string; memberId: string; id?: string },
    form: StandingState["form"],
    values: Record<string, string | undefined>,
    run: () => Promise<unknown>,
    done: string,
  ) {
    const csrf = await csrfOf(deps, p);
    const notFound = () =>
      html(reply, 404).send(problemPage(p, csrf, 404, "Không tìm thấy chi bộ hay đảng viên này."));
    if (![ids.branchId, ids.memberId, ids.id ?? ids.memberId].every((x) => UUID_RE.test(x)))
      return notFound();
    let errors: Record<string, string>;
    try {
      // The member must be on this branch's roll (the page's own address), then the service decides reach.
      await memberOfBranch(deps, p, ids);
      await run();
      return reply.redirect(`${membersPaths.member(ids.branchId, ids.memberId)}?xong=${done}`, 303);
    } catch (err) {
      if (err instanceof FormProblem) errors = err.errors;
      else if (!isRefusal(err)) throw err;
      else if (err.status === 404) return notFound();
      else if (err.status === 403)
        return html(reply, 403).send(
          problemPage(p, csrf, 403, "Trang này dành cho bí thư chi bộ và cấp ủy cấp trên."),
        );
      else {
        const e = err as AppError;
        errors = fieldErrorsOf(e);
        if (Object.keys(errors).length === 0) errors = { [STANDING_KINDS[form].fields[0]!.name]: e.message };
      }
    }
    const { view, member } = await memberOfBranch(deps, p, ids);
    const shown = Object.fromEntries(Object.entries(values).map(([k, v]) => [k, v ?? ""]));
    return html(reply, 400).send(
      memberPage(p, csrf, view, member, { standing: { form, values: shown, errors } }),
    );
  }

  /** A new exemption or temporary attendance: the kind's text fields filled, a start date, then `record`. */
  function recordNew(
    reply: FastifyReply,
    p: Principal,
    ids: { branchId: string; memberId: string },
    form: StandingState["form"],
    b: Record<string, string | undefined>,
    record: (dates: { from: string; to: string | null }) => Promise<unknown>,
  ) {
    const kind = STANDING_KINDS[form];
    const run = async () => {
      const names = kind.fields.map((f) => f.name);
      required(b, names);
      await record(dates(b, true));
    };
    return handle(reply, p, ids, form, b, run, kind.segment);
  }

  app.post(
    "/chi-bo/:branchId/dang-vien/:memberId/mien-sinh-hoat",
    { schema: { tags, summary: "Ghi quyết định miễn sinh hoạt (HTML)", params: Params, body: ExemptForm } },
    async (request, reply) => {
      const p = requireUser(request);
      const { params, body: b } = request;
      return recordNew(reply, p, params, "exemption", b, (d) =>
        recordExemption(deps, p, {
          memberId: params.memberId,
          reason: b.reason!,
          decisionRef: b.decisionRef!,
          ...d,
        }),
      );
    },
  );

  app.post(
    "/chi-bo/:branchId/dang-vien/:memberId/tam-thoi",
    { schema: { tags, summary: "Ghi sinh hoạt tạm thời (HTML)", params: Params, body: TemporaryForm } },
    async (request, reply) => {
      const p = requireUser(request);
      const { params, body: b } = request;
      return recordNew(reply, p, params, "temporary", b, (d) =>
        recordTemporary(deps, p, { memberId: params.memberId, homeOrganisation: b.homeOrganisation!, ...d }),
      );
    },
  );

  for (const [form, end] of [
    ["exemption", endExemption],
    ["temporary", endTemporary],
  ] as const) {
    app.post(
      `/chi-bo/:branchId/dang-vien/:memberId/${STANDING_KINDS[form].segment}/:id/ket-thuc`,
      { schema: { tags, summary: "Ghi ngày kết thúc (HTML)", params: EndParams, body: EndForm } },
      async (request, reply) => {
        const p = requireUser(request);
        const to = (request.body.to ?? "").trim();
        return handle(
          reply,
          p,
          request.params,
          form,
          { to },
          async () => {
            if (!isCivilDate(to)) throw new FormProblem({ to: "Hãy chọn ngày kết thúc." });
            await end(deps, p, { id: request.params.id, to });
          },
          "ket-thuc",
        );
      },
    );
  }
}
