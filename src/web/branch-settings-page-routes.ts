/**
 * The branch's settings page `/chi-bo/:id/cai-dat` (issue 18): read by `branchSettings`, saved by
 * `updateBranch`, the services of PATCH /api/branches/:id, which decide reach (a member: 403, another
 * branch: 404) and what a secretary may change.
 */
import type { FastifyReply } from "fastify";
import { Type } from "typebox";
import { type Principal, requireUser } from "../auth/principal.ts";
import type { App } from "../http/types.ts";
import { branchSettings, updateBranch } from "../organisation/branch-service.ts";
import { BranchUpdateInput } from "../organisation/organisation-schemas.ts";
import {
  BranchForm,
  type BranchFormValues,
  branchInputOf,
  branchRefusalErrors,
  branchShapeErrors,
  branchValuesOf,
} from "./branch-form.tsx";
import { branchSettingsPage } from "./branch-settings-pages.tsx";
import { formRead } from "./forms.ts";
import { PATHS } from "./layout.tsx";
import { problemPage } from "./members-pages.tsx";
import { csrfOf, html, orRefused, UUID_RE, writeForm } from "./page-kit.ts";

const Params = Type.Object({ branchId: Type.String({ maxLength: 64 }) });
const Done = Type.Object({ xong: Type.Optional(Type.String({ maxLength: 20 })) });

export async function branchSettingsPages(app: App) {
  const { deps } = app;
  const tags = ["web"];

  async function refused(reply: FastifyReply, p: Principal, status: number) {
    const message =
      status === 404 ? "Không tìm thấy chi bộ này." : "Trang này dành cho bí thư chi bộ và cấp ủy cấp trên.";
    return html(reply, status).send(problemPage(p, await csrfOf(deps, p), status, message));
  }

  async function guarded(reply: FastifyReply, p: Principal, id: string, run: () => Promise<unknown>) {
    if (!UUID_RE.test(id)) return refused(reply, p, 404);
    return orRefused(run, (err) => refused(reply, p, err.status === 403 ? 403 : 404), [403, 404]);
  }

  app.get(
    "/chi-bo/:branchId/cai-dat",
    {
      schema: {
        tags,
        summary: "Cài đặt chi bộ: quy tắc họp, địa điểm, đường dẫn (HTML)",
        params: Params,
        querystring: Done,
      },
    },
    async (request, reply) => {
      const p = requireUser(request);
      const id = request.params.branchId;
      return guarded(reply, p, id, async () => {
        const { branch, full } = await branchSettings(deps, p, { id });
        return html(reply).send(
          branchSettingsPage(p, await csrfOf(deps, p), {
            branch,
            full,
            values: branchValuesOf(branch),
            done: request.query.xong === "luu",
          }),
        );
      });
    },
  );

  app.post(
    "/chi-bo/:branchId/cai-dat",
    { schema: { tags, summary: "Lưu cài đặt chi bộ (HTML)", params: Params, body: BranchForm } },
    async (request, reply) => {
      const p = requireUser(request);
      const id = request.params.branchId;
      return guarded(reply, p, id, async () => {
        const { branch, full } = await branchSettings(deps, p, { id });
        const values = request.body as BranchFormValues;
        const all = branchInputOf(values, { withName: full });
        // A secretary's form has no name or zone: the service would refuse them.
        const { timezone, ...rest } = all;
        const input = full ? all : rest;
        const answer = await writeForm(
          formRead(branchShapeErrors(BranchUpdateInput, input, values.dayKind), input),
          async (fields) => {
            await updateBranch(deps, p, { ...fields, id });
            return `${PATHS.branchSettings(id)}?xong=luu`;
          },
          { orOn: "place", reasons: (err) => branchRefusalErrors(err, values.dayKind), throwOn: [403, 404] },
        );
        if ("to" in answer) return reply.redirect(answer.to, 303);
        return html(reply, 400).send(
          branchSettingsPage(p, await csrfOf(deps, p), { branch, full, values, errors: answer.errors }),
        );
      });
    },
  );
}
