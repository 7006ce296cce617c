/**
 * The reports pages: `/cap-uy/:id/bao-cao` (a committee, for its officers) and `/chi-bo/:id/bao-cao` (a
 * branch, for its secretary and the committees above), each with `/tai-ve?format=xlsx|csv` (the files)
 * and `/ban-in` (the printable A4 report). Every handler is one reports-service call: the same reach as
 * `/api/reports/…` (out of reach or missing reads as not found). `POST /cap-uy/:id/bao-cao/the-thuc` sets how
 * the committee's printed report is headed and signed, through `updateCommittee` (PATCH /api/committees/:id):
 * refused → the page again, 400, the reason next to the field; done → 303 back to the page.
 */
import type { FastifyReply, FastifyRequest } from "fastify";
import { Type } from "typebox";
import { Value } from "typebox/value";
import type { Principal } from "../auth/principal.ts";
import type { AppError } from "../http/errors.ts";
import type { App } from "../http/types.ts";
import { reasonOf } from "../http/validation-messages.ts";
import {
  committeeHeadingSettings,
  HEADING_FIELDS,
  type HeadingField,
  updateCommittee,
} from "../organisation/committee-service.ts";
import { CommitteeHeadingInput } from "../organisation/organisation-schemas.ts";
import { reportHtml } from "../reports/report-format.ts";
import { sendReport } from "../reports/reports-routes.ts";
import { branchReport, committeeReport, type Report, reportChoices } from "../reports/reports-service.ts";
import type { FormState } from "./forms.ts";
import { PATHS } from "./layout.tsx";
import { csrfOf, doneKey, fieldErrorsOf, html, orRefused, refusalOf, signedIn, UUID_RE } from "./page-kit.ts";
import { filterQuery, REPORT_NOTICES, reportNotFoundPage, reportsPage } from "./reports-pages.tsx";

const Params = Type.Object({ id: Type.String({ maxLength: 60 }) });
const Filter = {
  campaignId: Type.Optional(Type.String({ maxLength: 60, description: "Đợt sinh hoạt (rỗng: theo năm)" })),
  year: Type.Optional(Type.String({ maxLength: 8, description: "Năm (rỗng: cả đợt)" })),
};
const PageQuery = Type.Object({ ...Filter, xong: Type.Optional(Type.String({ maxLength: 20 })) });
/** The heading form: the four fields, a "back to the default" box per field, and the report's filter. */
const HeadingForm = Type.Object({
  ...Filter,
  ...Object.fromEntries(
    HEADING_FIELDS.flatMap((f) => [
      [f, Type.Optional(Type.String({ maxLength: 400 }))],
      [`default_${f}`, Type.Optional(Type.String({ maxLength: 4 }))],
    ]),
  ),
  _csrf: Type.Optional(Type.String({ maxLength: 200 })),
});
const HeadingSchema = Type.Object(CommitteeHeadingInput);

/** Why a heading field was refused, in the page's words: an empty one can go back to the default instead. */
function headingReason(reason: string): string {
  return /trống/.test(reason)
    ? "Không được để trống; muốn theo tên cấp ủy, hãy chọn “Dùng lại mặc định”."
    : reason.charAt(0).toLocaleUpperCase("vi-VN") + reason.slice(1);
}

/** The heading form's change: a ticked "default" box sends null, an unchanged value nothing, else the text. */
function headingInput(
  body: Record<string, string | undefined>,
  inForce: Record<HeadingField, string>,
): { [K in HeadingField]?: string | null } {
  const input: { [K in HeadingField]?: string | null } = {};
  for (const f of HEADING_FIELDS) {
    if (body[`default_${f}`] === "1") input[f] = null;
    else {
      const v = (body[f] ?? "").trim();
      if (v !== inForce[f]) input[f] = v;
    }
  }
  return input;
}
const FileQuery = Type.Object({
  ...Filter,
  format: Type.Union([Type.Literal("xlsx"), Type.Literal("csv")], { description: "xlsx hoặc csv" }),
});

/** The filter a form sent: a campaign id and a year when they are well formed; anything else is "not chosen". */
function filterOf(q: { campaignId?: string; year?: string }) {
  const year = q.year && /^\d{4}$/.test(q.year) ? Number(q.year) : undefined;
  return {
    ...(q.campaignId && UUID_RE.test(q.campaignId) ? { campaignId: q.campaignId } : {}),
    ...(year && year >= 2000 && year <= 2100 ? { year } : {}),
  };
}

type Kind = "committee" | "branch";

export async function reportsPages(app: App) {
  const { deps } = app;
  const tags = ["web"];
  const build = (kind: Kind, p: Parameters<typeof branchReport>[1], id: string, q: object) =>
    (kind === "branch" ? branchReport : committeeReport)(deps, p, { id, ...filterOf(q) });

  /** Runs `answer`, or answers the not-found page when the report is missing or out of reach. */
  async function orNotFound(
    reply: FastifyReply,
    p: Parameters<typeof reportNotFoundPage>[0],
    id: string,
    answer: () => Promise<unknown>,
  ) {
    const notFound = async () => html(reply, 404).send(reportNotFoundPage(p, await csrfOf(deps, p)));
    if (!UUID_RE.test(id)) return notFound();
    return orRefused(answer, notFound, [403, 404]);
  }

  /** A report's handler: the signed-in person, the report the query asks for, then `answer` (or not found). */
  async function withReport(
    request: FastifyRequest & { params: { id: string }; query: { campaignId?: string; year?: string } },
    reply: FastifyReply,
    kind: Kind,
    answer: (p: Principal, id: string, report: Report) => Promise<unknown>,
  ) {
    const p = signedIn(request, reply);
    if (!p) return reply;
    const { id } = request.params;
    return orNotFound(reply, p, id, async () => answer(p, id, await build(kind, p, id, request.query)));
  }

  /** The committee's document heading when the caller may change it; null when they may only read. */
  const headingOf = (p: Principal, id: string) =>
    orRefused(
      () => committeeHeadingSettings(deps, p, { id }),
      () => null,
      [403],
    );

  /** The reports page: with the heading form for a committee, a refused form's state, a done notice. */
  async function reportsAnswer(
    reply: FastifyReply,
    p: Principal,
    o: { kind: Kind; id: string; report: Report; status?: number; state?: FormState; done?: string },
  ) {
    const { kind, id, report } = o;
    const { campaigns } = await reportChoices(deps, p, { kind, id });
    const heading = kind === "committee" ? await headingOf(p, id) : null;
    const csrf = await csrfOf(deps, p);
    return html(reply, o.status).send(
      reportsPage(p, { report, campaigns, kind, id, csrf, heading, state: o.state, done: o.done }),
    );
  }

  const scopes: { kind: Kind; base: (id: string) => string; name: string }[] = [
    { kind: "committee", base: PATHS.reports, name: "cấp ủy" },
    { kind: "branch", base: PATHS.branchReports, name: "chi bộ" },
  ];
  for (const { kind, base, name } of scopes) {
    const url = base(":id");
    app.get(
      url,
      {
        schema: {
          tags,
          summary: `Trang báo cáo của ${name}: chọn đợt, năm; số liệu tổng hợp; tải Excel, CSV; bản in (HTML)`,
          params: Params,
          querystring: PageQuery,
        },
      },
      async (request, reply) =>
        withReport(request, reply, kind, async (p, id, report) => {
          const done = doneKey(REPORT_NOTICES, request.query.xong);
          return reportsAnswer(reply, p, { kind, id, report, done: done && REPORT_NOTICES[done] });
        }),
    );

    app.get(
      `${url}/tai-ve`,
      {
        schema: {
          tags,
          summary: `Tải báo cáo của ${name} (Excel .xlsx hoặc CSV), tên tệp theo đơn vị và kỳ báo cáo`,
          params: Params,
          querystring: FileQuery,
        },
      },
      async (request, reply) =>
        withReport(request, reply, kind, async (_p, _id, report) => {
          reply.header("cache-control", "private, no-store");
          return sendReport(reply, report, request.query.format);
        }),
    );

    app.get(
      `${url}/ban-in`,
      {
        schema: {
          tags,
          summary: `Bản in báo cáo của ${name} (HTML, khổ A4), theo thể thức văn bản của Đảng`,
          params: Params,
          querystring: PageQuery,
        },
      },
      async (request, reply) =>
        withReport(request, reply, kind, async (_p, id, report) => {
          const back = `${base(id)}${filterQuery(report)}`;
          return html(reply).send(reportHtml(report, { back: { href: back, label: "Trang báo cáo" } }));
        }),
    );
  }

  app.post(
    `${PATHS.reports(":id")}/the-thuc`,
    {
      schema: {
        tags,
        summary:
          "Đặt ký hiệu, dòng thẩm quyền ký, chức vụ người ký và địa danh của bản in báo cáo cấp ủy (HTML)",
        params: Params,
        body: HeadingForm,
      },
    },
    async (request, reply) => {
      const p = signedIn(request, reply);
      if (!p) return reply;
      const { id } = request.params;
      const body = request.body as Record<string, string | undefined>;
      return orNotFound(reply, p, id, async () => {
        const settings = await committeeHeadingSettings(deps, p, { id });
        const input = headingInput(body, settings.heading);
        const values = Object.fromEntries(
          HEADING_FIELDS.flatMap((f) => [
            [f, body[f] ?? ""],
            [`default_${f}`, body[`default_${f}`] ?? ""],
          ]),
        );
        const refused = async (errors: Record<string, string>, err?: AppError) => {
          const named = Object.keys(errors).length > 0;
          const state: FormState = {
            form: "the-thuc",
            values,
            errors,
            message: named ? "Chưa lưu được: xem lý do bên cạnh ô nhập." : err?.message,
          };
          const report = await build("committee", p, id, body);
          return reportsAnswer(reply, p, {
            kind: "committee",
            id,
            report,
            status: err?.status ?? 400,
            state,
          });
        };
        const errors: Record<string, string> = {};
        for (const e of Value.Errors(HeadingSchema, input)) {
          const field = e.instancePath.split("/")[1] ?? "";
          errors[field] ??= headingReason(reasonOf(e));
        }
        if (Object.keys(errors).length) return refused(errors);
        try {
          await updateCommittee(deps, p, { id, ...input });
        } catch (e) {
          const err = refusalOf(e);
          if (err.status !== 400) throw err;
          return refused(fieldErrorsOf(err, { reason: headingReason }), err);
        }
        const f = filterOf(body);
        const q = new URLSearchParams({
          ...(f.campaignId ? { campaignId: f.campaignId } : {}),
          ...(f.year ? { year: String(f.year) } : {}),
          xong: "the-thuc",
        });
        return reply.redirect(`${PATHS.reports(id)}?${q}#the-thuc`, 303);
      });
    },
  );
}
