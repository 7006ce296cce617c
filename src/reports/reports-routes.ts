import type { FastifyReply } from "fastify";
import { type TSchema, Type } from "typebox";
import { requireUser } from "../auth/principal.ts";
import { IdParams, problems, Uuid } from "../http/schemas.ts";
import type { App } from "../http/types.ts";
import { contentDisposition, reportCsv, reportFileName, reportXlsx } from "./report-format.ts";
import { reportHtml } from "./report-print.tsx";
import { branchReport, campaignReport, committeeReport, type Report } from "./reports-service.ts";

const Nullable = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()]);
const Format = Type.Union(
  [Type.Literal("json"), Type.Literal("csv"), Type.Literal("xlsx"), Type.Literal("html")],
  {
    default: "json",
    description:
      'json; xlsx (Excel); csv (UTF-8 có BOM, phân cách ";", số thập phân dấu phẩy: Excel tiếng Việt mở thành cột); html (bản in A4)',
  },
);
export type ReportFormat = "json" | "csv" | "xlsx" | "html";
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
  monthsDue: Type.Integer({ description: "Số tháng phải sinh hoạt trong kỳ" }),
  ratedTot: Type.Integer({ description: "Số tháng có buổi sinh hoạt xếp loại Tốt" }),
  ratedKha: Type.Integer(),
  ratedTrungBinh: Type.Integer(),
  ratedKem: Type.Integer(),
  quartersWithoutThematic: Type.Integer(),
  catTotal: Type.Integer(),
  catFull: Type.Integer(),
  catProbationary: Type.Integer(),
  catExempted: Type.Integer(),
  catTemporary: Type.Integer(),
  catRequired: Type.Integer(),
  catPresent: Type.Integer(),
  catAbsentExcused: Type.Integer(),
  catAbsentUnexcused: Type.Integer(),
};
const BandSchema = Type.Union([
  Type.Literal("tot"),
  Type.Literal("kha"),
  Type.Literal("trung_binh"),
  Type.Literal("kem"),
]);
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
    heading: Type.Object({
      reportCode: Type.String({ description: 'Ký hiệu sau số: "Số: …-BC/HU"' }),
      signedFor: Type.String({ description: '"T/M BAN THƯỜNG VỤ", "T/M ĐẢNG ỦY", "T/M CHI BỘ"' }),
      signerTitle: Type.String(),
      place: Type.String(),
      organisation: Nullable(Type.String({ description: "Đảng bộ cấp trên, ghi trên tên cơ quan ban hành" })),
    }),
  }),
  filter: Type.Object({
    year: Nullable(Type.Integer()),
    campaignId: Nullable(Type.String()),
    campaignTitle: Nullable(Type.String()),
    campaignFirstMonth: Nullable(Type.String()),
    campaignLastMonth: Nullable(Type.String()),
    defaulted: Type.Boolean({
      description: "Không chọn năm hay đợt: báo cáo lấy đợt đang diễn ra (hoặc năm nay nếu không có đợt nào)",
    }),
  }),
  generatedAt: Type.String(),
  today: Type.String(),
  totals: Type.Object({
    ...Figures,
    branches: Type.Integer(),
    flaggedMembers: Type.Integer(),
    yearBands: Type.Object(
      { tot: Type.Integer(), kha: Type.Integer(), trung_binh: Type.Integer(), kem: Type.Integer() },
      { description: "Số chi bộ theo xếp loại của kỳ" },
    ),
  }),
  branches: Type.Array(
    Type.Object({
      branchId: Uuid,
      branchName: Type.String(),
      committeeName: Type.String(),
      ...Figures,
      flaggedMembers: Type.Array(Flagged),
      yearBand: Nullable(BandSchema),
      yearReasons: Type.Array(Type.String(), { description: "Điều làm hạ xếp loại của kỳ" }),
    }),
  ),
  detail: Nullable(
    Type.Object({
      studiedTopics: Type.Array(TopicRef),
      notStudiedTopics: Type.Array(TopicRef),
      peakMeetings: Type.Array(Type.Object({ date: Type.String(), text: Type.String() })),
      movedMeetings: Type.Array(
        Type.Object({ date: Type.String(), month: Type.String(), reason: Type.String() }),
        { description: "Buổi sinh hoạt bí thư dời ra ngoài tháng kế hoạch, kèm lý do." },
      ),
      ratedMeetings: Type.Array(
        Type.Object({ date: Type.String(), total: Type.Integer(), band: BandSchema }),
      ),
    }),
  ),
});

const response = {
  200: Type.Union([ReportSchema, Type.String({ description: "CSV, XLSX hoặc HTML" })]),
  ...problems,
};

export const XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

/** A report in the asked format: the files as attachments named after the committee and period. */
export async function sendReport(reply: FastifyReply, report: Report, format: ReportFormat | undefined) {
  if (format === "csv") {
    return reply
      .header("content-type", "text/csv; charset=utf-8")
      .header("content-disposition", contentDisposition(reportFileName(report, "csv")))
      .send(reportCsv(report));
  }
  if (format === "xlsx") {
    return reply
      .header("content-type", XLSX_TYPE)
      .header("content-disposition", contentDisposition(reportFileName(report, "xlsx")))
      .send(await reportXlsx(report));
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
        return sendReport(reply, report, format);
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
      return sendReport(reply, report, format);
    },
  );
}
