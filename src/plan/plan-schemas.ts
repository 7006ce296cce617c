/** TypeBox schemas of the plan and its meetings, and the JSON of a meeting record. */
import { Type } from "typebox";
import { meetingSummary } from "../domain/meeting-text.ts";
import { weekdayName } from "../domain/vi-format.ts";
import { IsoDate, Uuid } from "../http/schemas.ts";
import type { MeetingRecord } from "./meeting-view.ts";

const Nullable = <T extends ReturnType<typeof Type.String>>(t: T) => Type.Union([t, Type.Null()]);

export const PlanResultSchema = Type.Object({
  branches: Type.Integer(),
  months: Type.Integer(),
  created: Type.Integer(),
  updated: Type.Integer(),
  untouched: Type.Integer(),
  protected: Type.Integer(),
});

export const PlannedMeetingSchema = Type.Object({
  id: Uuid,
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
});

export const RangeQuery = Type.Object(
  {
    from: Type.Optional(IsoDate),
    to: Type.Optional(IsoDate),
  },
  { additionalProperties: false },
);

export const MoveBody = Type.Object(
  {
    date: Type.Optional(IsoDate),
    startTime: Type.Optional(Type.String({ pattern: "^([01]\\d|2[0-3]):[0-5]\\d$" })),
    durationMinutes: Type.Optional(Type.Integer({ minimum: 15, maximum: 720 })),
    place: Type.Optional(Type.Union([Type.String({ maxLength: 300 }), Type.Null()])),
    onlineUrl: Type.Optional(
      Type.Union([Type.String({ format: "uri", pattern: "^https?://" }), Type.Null()]),
    ),
  },
  { additionalProperties: false, minProperties: 1 },
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
  };
}
