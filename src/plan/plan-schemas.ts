/** TypeBox schemas of the plan and its meetings, and the JSON of a meeting record. */
import { Type } from "typebox";
import { meetingSummary } from "../domain/meeting-text.ts";
import { weekdayName } from "../domain/vi-format.ts";
import { IsoDate, Uuid } from "../http/schemas.ts";
import type { MeetingRecord } from "./meeting-view.ts";
import type { PlanResult } from "./plan-service.ts";

const Nullable = <T extends ReturnType<typeof Type.String>>(t: T) => Type.Union([t, Type.Null()]);

export const PlanResultSchema = Type.Object(
  {
    branches: Type.Integer({ description: "Số chi bộ thuộc cấp ủy được lập kế hoạch" }),
    months: Type.Integer({ description: "Số tháng của đợt sinh hoạt" }),
    created: Type.Integer({
      description: "Buổi sinh hoạt mới được tạo (chi bộ chưa có buổi nào trong tháng đó)",
    }),
    updated: Type.Integer({
      description:
        "Buổi đã có được đổi theo kế hoạch mới (ngày, giờ, địa điểm hoặc chuyên đề): chỉ những buổi chưa ai sửa, chưa họp, chưa hủy và chưa diễn ra; mỗi buổi tăng số phiên bản và đảng viên được báo thay đổi",
    }),
    untouched: Type.Integer({
      description:
        "Buổi của kế hoạch không bị ghi: đã đúng như kế hoạch mới, hoặc được bảo vệ (xem protected); = branches × months − created − updated",
    }),
    protected: Type.Integer({
      description:
        "Buổi của đợt mà việc lập lại không bao giờ thay đổi: bí thư đã sửa, đã họp, đã hủy hoặc đã qua",
    }),
    explanation: Type.String({ description: "Kết quả bằng lời, tiếng Việt" }),
  },
  {
    description:
      "Kết quả lập (lại) kế hoạch: mỗi chi bộ một buổi mỗi tháng; branches × months = created + updated + untouched",
  },
);

/** The plan result in words, for people reading the answer. */
export function planExplanation(r: PlanResult): string {
  return (
    `${r.branches} chi bộ × ${r.months} tháng: tạo mới ${r.created} buổi; ` +
    `cập nhật ${r.updated} buổi theo kế hoạch mới (buổi chưa ai sửa và chưa diễn ra); ` +
    `giữ nguyên ${r.untouched} buổi (đã đúng kế hoạch hoặc được bảo vệ). ` +
    `${r.protected} buổi được bảo vệ: bí thư đã sửa, đã họp, đã hủy hoặc đã qua, nên không bao giờ bị lập lại ghi đè.`
  );
}

export const MeetingKindSchema = Type.Union(
  [Type.Literal("regular"), Type.Literal("thematic"), Type.Literal("combined")],
  { description: "regular: thường kỳ; thematic: chuyên đề; combined: thường kỳ kết hợp chuyên đề" },
);

export const KindBody = Type.Object({ kind: MeetingKindSchema }, { additionalProperties: false });

export const PlannedMeetingSchema = Type.Object({
  id: Uuid,
  kind: MeetingKindSchema,
  branchId: Uuid,
  branchName: Type.String(),
  campaignId: Type.Union([Uuid, Type.Null()]),
  month: Type.String({ description: "yyyy-MM" }),
  date: Type.String({ format: "date" }),
  weekday: Type.String({ description: "Thứ Hai … Chủ nhật" }),
  start: Type.String({ description: "ISO 8601 with the branch's offset" }),
  end: Type.String(),
  timezone: Type.String(),
  place: Nullable(Type.String()),
  onlineUrl: Nullable(Type.String()),
  status: Type.Union([Type.Literal("planned"), Type.Literal("cancelled"), Type.Literal("held")]),
  cancelReason: Nullable(Type.String()),
  revision: Type.Integer(),
  updatedAt: Type.String({ format: "date-time" }),
  edited: Type.Boolean(),
  topic: Type.Union([
    Type.Object({
      id: Uuid,
      code: Type.String(),
      title: Type.String(),
      part: Type.Integer(),
      pageStart: Type.Union([Type.Integer(), Type.Null()]),
      pageEnd: Type.Union([Type.Integer(), Type.Null()]),
      source: Type.Union([Type.Literal("schedule"), Type.Literal("secretary")]),
    }),
    Type.Null(),
  ]),
  /** Every anniversary the meeting stresses, in one phrase ("kỷ niệm 80 năm … và Quốc khánh …"). */
  peak: Type.Union([
    Type.Object({ text: Type.String(), anniversary: Type.Integer(), round: Type.Boolean() }),
    Type.Null(),
  ]),
  peaks: Type.Array(
    Type.Object({
      date: Type.String({
        format: "date",
        description: "Ngày kỷ niệm mà buổi sinh hoạt này là buổi cao điểm",
      }),
      text: Type.String(),
      anniversary: Type.Integer(),
      round: Type.Boolean(),
    }),
  ),
  summary: Type.String(),
  pageUrl: Type.String(),
  makeupOf: Type.Union([Uuid, Type.Null()], { description: "Buổi sinh hoạt mà buổi họp bù này thay thế" }),
  offMonthReason: Type.Union([Type.String(), Type.Null()], {
    description: "Lý do họp ngoài tháng của buổi sinh hoạt (dời sang tháng khác, hoặc họp bù)",
  }),
});

/** A changed meeting, with warnings about its date (a branch that keeps its day, on a holiday or weekend). */
export const ChangedMeetingSchema = Type.Object({
  ...PlannedMeetingSchema.properties,
  warnings: Type.Array(Type.String(), { description: "Cảnh báo về ngày họp (ngày nghỉ lễ, cuối tuần)" }),
});

/** The longest range a plan read answers (checked by the service: JSON Schema cannot compare two dates). */
export const MAX_RANGE_YEARS = 5;

export const RangeQuery = Type.Object(
  {
    from: Type.Optional({
      ...IsoDate,
      description:
        "Ngày đầu (yyyy-MM-dd), tính cả ngày này; mặc định: ngày 1 của tháng hiện tại theo múi giờ của chi bộ",
    }),
    to: Type.Optional({
      ...IsoDate,
      description: `Ngày cuối (yyyy-MM-dd), tính cả ngày này; không trước from và không quá ${MAX_RANGE_YEARS} năm sau from; mặc định: 12 tháng kể từ from`,
    }),
  },
  {
    additionalProperties: false,
    description: `Khoảng thời gian: tối đa ${MAX_RANGE_YEARS} năm (to − from ≤ ${MAX_RANGE_YEARS} năm); dài hơn bị từ chối với lỗi 400 ở trường querystring.to`,
  },
);

/** What a moved or made-up meeting may change besides its date; a `reason` is needed when the meeting leaves its
 * month (`leaving`: "dời", "họp bù"). */
const meetingChange = (leaving: string) => ({
  startTime: Type.Optional(Type.String({ pattern: "^([01]\\d|2[0-3]):[0-5]\\d$" })),
  durationMinutes: Type.Optional(Type.Integer({ minimum: 15, maximum: 720 })),
  place: Type.Optional(Type.Union([Type.String({ maxLength: 300 }), Type.Null()])),
  onlineUrl: Type.Optional(Type.Union([Type.String({ format: "uri", pattern: "^https?://" }), Type.Null()])),
  reason: Type.Optional(
    Type.Union([Type.String({ maxLength: 1000 }), Type.Null()], {
      description: `Lý do, bắt buộc khi ${leaving} sang tháng khác`,
    }),
  ),
  confirmDayOff: Type.Optional(
    Type.Boolean({
      description:
        "true: chi bộ vẫn họp dù ngày mới là ngày nghỉ lễ hoặc cuối tuần (không có: trả lời 409 day_off_unconfirmed nêu tên ngày nghỉ)",
    }),
  ),
});

export const MoveBody = Type.Object(
  { date: Type.Optional(IsoDate), ...meetingChange("dời") },
  { additionalProperties: false, minProperties: 1 },
);

export const MakeupBody = Type.Object(
  { date: IsoDate, ...meetingChange("họp bù") },
  { additionalProperties: false },
);

export const CancelBody = Type.Object(
  { reason: Type.String({ minLength: 3, maxLength: 1000 }) },
  { additionalProperties: false },
);

export const TopicBody = Type.Object({ topicId: Uuid }, { additionalProperties: false });

export function plannedMeetingJson(r: MeetingRecord) {
  const v = r.view;
  return {
    id: v.id,
    kind: r.kind,
    branchId: r.branchId,
    branchName: v.branchName,
    campaignId: r.campaignId,
    month: v.month,
    date: r.date,
    weekday: weekdayName(v.start.weekday),
    start: v.start.toISO()!,
    end: v.end.toISO()!,
    timezone: v.timezone,
    place: v.place,
    onlineUrl: v.onlineUrl,
    status: v.status,
    cancelReason: v.cancelReason,
    revision: r.revision,
    updatedAt: r.updatedAt.toISOString(),
    edited: r.edited,
    topic:
      v.topic && r.topicId
        ? {
            id: r.topicId,
            code: v.topic.code,
            title: v.topic.title,
            part: v.topic.part,
            pageStart: v.topic.pageStart,
            pageEnd: v.topic.pageEnd,
            source: r.topicSource,
          }
        : null,
    peak: v.peak ? { text: v.peak.text, anniversary: r.peaks[0]!.anniversary, round: v.peak.round } : null,
    peaks: r.peaks.map((p) => ({ date: p.date, text: p.text, anniversary: p.anniversary, round: p.round })),
    summary: meetingSummary(v),
    pageUrl: v.pageUrl ?? "",
    makeupOf: r.makeupOf,
    offMonthReason: r.offMonthReason,
  };
}

export function changedMeetingJson(r: MeetingRecord & { warnings?: string[] }) {
  return { ...plannedMeetingJson(r), warnings: r.warnings ?? [] };
}
