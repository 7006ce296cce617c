import type { FastifyReply } from "fastify";
import { type TSchema, Type } from "typebox";
import { requireUser } from "../auth/principal.ts";
import { IdParams, problems, Uuid } from "../http/schemas.ts";
import type { App } from "../http/types.ts";
import { reportCsv, reportHtml } from "./report-format.ts";
import { branchReport, campaignReport, committeeReport, type Report } from "./reports-service.ts";

const Nullable = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()]);
const Format = Type.Union([Type.Literal("json"), Type.Literal("csv"), Type.Literal("html")], {
  default: "json",
  description: "json, csv (Excel, UTF-8 có BOM) hoặc html (bản in)",
});
const Year = Type.Integer({ minimum: 2000, maximum: 2100 });

const Figures = {
  planned: Type.Integer({ description: "Số buổi theo kế hoạch" }),
  held: Type.Integer(),
  cancelled: Type.Integer(),
  notRecorded: Type.Integer({ description: "Đã qua mà chưa ghi nhận (chưa họp, chưa hủy)" }),
  upcoming: Type.Integer(),
  topicsStudied: Type.Integer(),
  topicsNotStudied: Type.Integer(),
  peakMeetingsHeld: Type.Integer(),
  expected: Type.Integer({ description: "Lượt đảng viên phải dự" }),
  present: Type.Integer(),
  attendanceRate: Nullable(Type.Number()),
  minutesOnTime: Type.Integer(),
  minutesLate: Type.Integer(),
  minutesPending: Type.Integer(),
};
const Flagged = Type.Object({
  memberId: Uuid,
  fullName: Type.String(),
  year: Type.Integer(),
  unexcusedAbsences: Type.Integer(),
});
const TopicRef = Type.Object({ code: Type.String(), title: Type.String() });
const ReportSchema = Type.Object({
  scope: Type.Object({
    kind: Type.String(),
    id: Uuid,
    name: Type.String(),
    parentName: Nullable(Type.String()),
    timezone: Type.String(),
  }),
  filter: Type.Object({
    year: Nullable(Type.Integer()),
    campaignId: Nullable(Type.String()),
    campaignTitle: Nullable(Type.String()),
  }),
  generatedAt: Type.String(),
  today: Type.String(),
  totals: Type.Object({ ...Figures, branches: Type.Integer(), flaggedMembers: Type.Integer() }),
  branches: Type.Array(
    Type.Object({
      branchId: Uuid,
      branchName: Type.String(),
      committeeName: Type.String(),
      ...Figures,
      flaggedMembers: Type.Array(Flagged),
    }),
  ),
  detail: Nullable(
    Type.Object({
      studiedTopics: Type.Array(TopicRef),
      notStudiedTopics: Type.Array(TopicRef),
      peakMeetings: Type.Array(Type.Object({ date: Type.String(), text: Type.String() })),
    }),
  ),
});

const response = {
  200: Type.Union([ReportSchema, Type.String({ description: "CSV hoặc HTML" })]),
  ...problems,
};

function fileStem(report: Report): string {
  const year = report.filter.year ? `-${report.filter.year}` : "";
  return `bao-cao-sinh-hoat${year}`;
}

function send(reply: FastifyReply, report: Report, format: "json" | "csv" | "html" | undefined) {
  if (format === "csv") {
    return reply
      .header("content-type", "text/csv; charset=utf-8")
      .header("content-disposition", `attachment; filename="${fileStem(report)}.csv"`)
      .send(reportCsv(report));
  }
  if (format === "html")
    return reply.header("content-type", "text/html; charset=utf-8").send(reportHtml(report));
  return reply.send(report);
}

export async function reportsRoutes(app: App) {
  const tags = ["reports"];

  // A branch's report and a committee's (everything below it) take the same filters and formats.
  const scoped = [
    {
      url: "/reports/branches/:id",
      summary: "Báo cáo kết quả sinh hoạt của một chi bộ (theo năm và/hoặc đợt sinh hoạt)",
      build: branchReport,
    },
    {
      url: "/reports/committees/:id",
      summary: "Báo cáo kết quả sinh hoạt của các chi bộ thuộc cấp ủy (mọi cấp dưới)",
      build: committeeReport,
    },
  ];
  for (const { url, summary, build } of scoped) {
    app.get(
      url,
      {
        schema: {
          tags,
          summary,
          params: IdParams,
          querystring: Type.Object(
            { year: Type.Optional(Year), campaignId: Type.Optional(Uuid), format: Type.Optional(Format) },
            { additionalProperties: false },
          ),
          response,
        },
      },
      async (request, reply) => {
        const { format, ...filter } = request.query;
        const report = await build(app.deps, requireUser(request), { id: request.params.id, ...filter });
        return send(reply, report, format);
      },
    );
  }

  app.get(
    "/reports/campaigns/:id",
    {
      schema: {
        tags,
        summary: "Báo cáo kết quả một đợt sinh hoạt ở các chi bộ thuộc cấp ủy chủ trì",
        params: IdParams,
        querystring: Type.Object(
          { year: Type.Optional(Year), format: Type.Optional(Format) },
          { additionalProperties: false },
        ),
        response,
      },
    },
    async (request, reply) => {
      const { format, year } = request.query;
      const report = await campaignReport(app.deps, requireUser(request), { id: request.params.id, year });
      return send(reply, report, format);
    },
  );
}
