/**
 * The pages a reminder's "báo vắng" link opens, with no password: `/bao-vang/:token` shows the meeting and
 * the form (a GET changes nothing, so a mail scanner that follows the link sends no word); the form posts
 * to the same address, `/rut-lai` takes the word back; success redirects (303) to the page again. The signed
 * link is the authority: one member, one meeting, until the meeting starts.
 */
import type { FastifyReply } from "fastify";
import { Type } from "typebox";
import type { App } from "../http/types.ts";
import { absenceByLink, absenceLinkPage } from "../minutes/absence-service.ts";
import { absenceLinkFormPage, absenceLinkInvalidPage } from "./absence-pages.tsx";
import type { FormState } from "./meeting-form-kit.tsx";
import { html, refusalOf } from "./page-kit.ts";

const Params = Type.Object({ token: Type.String({ maxLength: 120 }) });
const Body = Type.Object({ reason: Type.Optional(Type.String({ maxLength: 5000 })) });

export async function absenceLinkPages(app: App) {
  const { deps } = app;
  const tags = ["web"];
  const invalid = absenceLinkInvalidPage();
  const action = (token: string) => `/bao-vang/${encodeURIComponent(token)}`;

  async function show(reply: FastifyReply, token: string, status: number, done?: string, state?: FormState) {
    const d = await absenceLinkPage(deps, { token });
    if (!d) return html(reply, 404).send(invalid);
    return html(reply, status).send(absenceLinkFormPage({ d, action: action(token), done, state }));
  }

  app.get(
    "/bao-vang/:token",
    {
      config: { reach: "public" },
      schema: {
        tags,
        summary: "Trang báo vắng từ đường dẫn trong thư nhắc (không cần mật khẩu)",
        security: [],
        params: Params,
        querystring: Type.Object({ xong: Type.Optional(Type.String({ maxLength: 20 })) }),
      },
    },
    async (request, reply) => show(reply, request.params.token, 200, request.query.xong),
  );

  /** Sends (reason) or takes back (null) the word; a refusal shows the page again with its reason. */
  async function post(reply: FastifyReply, token: string, reason: string | null, done: string) {
    try {
      if (!(await absenceByLink(deps, { token, reason }))) return html(reply, 404).send(invalid);
      return reply.redirect(`${action(token)}?xong=${done}`, 303);
    } catch (err) {
      const refusal = refusalOf(err);
      const errors: Record<string, string> = refusal.status === 400 ? { reason: refusal.message } : {};
      const state = { form: "absence", values: { reason: reason ?? "" }, errors, message: refusal.message };
      return show(reply, token, refusal.status, undefined, state);
    }
  }

  app.post(
    "/bao-vang/:token",
    {
      config: { reach: "public" },
      schema: { tags, summary: "Gửi báo vắng và lý do (HTML)", security: [], params: Params, body: Body },
    },
    async (request, reply) => post(reply, request.params.token, request.body.reason ?? "", "sent"),
  );

  app.post(
    "/bao-vang/:token/rut-lai",
    {
      config: { reach: "public" },
      schema: { tags, summary: "Rút lại báo vắng (HTML)", security: [], params: Params },
    },
    async (request, reply) => post(reply, request.params.token, null, "withdrawn"),
  );
}
