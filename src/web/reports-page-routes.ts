/**
 * The reports pages: `/cap-uy/:id/bao-cao` (a committee, for its officers) and `/chi-bo/:id/bao-cao` (a
 * branch, for its secretary and the committees above), each with `/tai-ve?format=xlsx|csv` (the files)
 * and `/ban-in` (the printable A4 report). Every handler is one reports-service call: the same reach as
 * `/api/reports/…` (out of reach or missing reads as not found).
 */
import type { FastifyReply, FastifyRequest } from "fastify";
import { Type } from "typebox";
import type { Principal } from "../auth/principal.ts";
import type { App } from "../http/types.ts";
import { reportHtml } from "../reports/report-format.ts";
import { sendReport } from "../reports/reports-routes.ts";
import { branchReport, committeeReport, type Report, reportChoices } from "../reports/reports-service.ts";
import { PATHS } from "./layout.tsx";
import { csrfOf, html, orRefused, signedIn, UUID_RE } from "./page-kit.ts";
import { filterQuery, reportNotFoundPage, reportsPage } from "./reports-pages.tsx";

const Params = Type.Object({ id: Type.String({ maxLength: 60 }) });
const Filter = {
  campaignId: Type.Optional(Type.String({ maxLength: 60, description: "Đợt sinh hoạt (rỗng: theo năm)" })),
  year: Type.Optional(Type.String({ maxLength: 8, description: "Năm (rỗng: cả đợt)" })),
};
const PageQuery = Type.Object(Filter);
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
          const { campaigns } = await reportChoices(deps, p, { kind, id });
          const csrf = await csrfOf(deps, p);
          return html(reply).send(reportsPage(p, { report, campaigns, kind, id, csrf }));
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
}
