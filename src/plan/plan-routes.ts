import { and, eq, gte, lt, sql } from "drizzle-orm";
import { DateTime } from "luxon";
import { Type } from "typebox";
import {
  branchLevel,
  requireBranch,
  requireCampaign,
  requireCommittee,
  requireMember,
} from "../auth/policy.ts";
import { requireUser } from "../auth/principal.ts";
import { meetings } from "../db/schema.ts";
import { HOME_ZONE } from "../domain/civil-date.ts";
import { meetingSummary } from "../domain/meeting-text.ts";
import { weekdayName } from "../domain/vi-format.ts";
import { forbidden, invalid, notFound } from "../http/errors.ts";
import { IdParams, IsoDate, problems, Uuid } from "../http/schemas.ts";
import type { App } from "../http/types.ts";
import { getMember } from "../organisation/organisation-service.ts";
import { loadMeetings, type MeetingRecord } from "./meeting-view.ts";
import { cancelMeeting, changeTopic, moveMeeting, planCampaign } from "./plan-service.ts";

const Nullable = <T extends ReturnType<typeof Type.String>>(t: T) => Type.Union([t, Type.Null()]);

const PlannedMeetingSchema = Type.Object({
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
  peak: Type.Union([
    Type.Object({ text: Type.String(), anniversary: Type.Integer(), round: Type.Boolean() }),
    Type.Null(),
  ]),
  summary: Type.String(),
  pageUrl: Type.String(),
});

const RangeQuery = Type.Object(
  {
    from: Type.Optional(IsoDate),
    to: Type.Optional(IsoDate),
  },
  { additionalProperties: false },
);

function toJson(r: MeetingRecord) {
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
    peak: r.peak ? { text: r.peak.text, anniversary: r.peak.anniversary, round: r.peak.round } : null,
    summary: meetingSummary(v),
    pageUrl: v.pageUrl ?? "",
  };
}

/** A date range, by default the current month and the eleven after it; at most five years. */
function range(q: { from?: string; to?: string }, now: Date) {
  const today = DateTime.fromJSDate(now, { zone: HOME_ZONE });
  const from = q.from ?? today.startOf("month").toISODate()!;
  const to = q.to ?? DateTime.fromISO(from).plus({ months: 12 }).minus({ days: 1 }).toISODate()!;
  if (to < from) throw invalid("querystring.to", "phải sau hoặc bằng from");
  if (DateTime.fromISO(to).diff(DateTime.fromISO(from), "years").years > 5) {
    throw invalid("querystring.to", "khoảng thời gian tối đa 5 năm");
  }
  const toExclusive = DateTime.fromISO(to).plus({ days: 1 }).toISODate()!;
  return and(gte(meetings.date, from), lt(meetings.date, toExclusive));
}

export async function planRoutes(app: App) {
  const { db } = app.deps.database;
  const { publicUrl } = app.deps.config;
  const tags = ["plan"];
  const now = () => app.deps.clock.now();

  app.post(
    "/campaigns/:id/plan",
    {
      schema: {
        tags,
        summary: "Lập (hoặc lập lại) kế hoạch: mỗi chi bộ một buổi mỗi tháng, mỗi buổi một chuyên đề",
        description:
          "Lập lại chỉ cập nhật các buổi chưa ai sửa, chưa diễn ra; không bao giờ ghi đè buổi bí thư đã sửa hay đã họp.",
        params: IdParams,
        response: {
          200: Type.Object({
            branches: Type.Integer(),
            months: Type.Integer(),
            created: Type.Integer(),
            updated: Type.Integer(),
            untouched: Type.Integer(),
            protected: Type.Integer(),
          }),
          ...problems,
          409: problems[400],
        },
      },
    },
    async (request) => {
      await requireCampaign(db, requireUser(request), request.params.id, "manage");
      return planCampaign(db, request.params.id, now());
    },
  );

  app.get(
    "/branches/:id/plan",
    {
      schema: {
        tags,
        summary: "Kế hoạch sinh hoạt của chi bộ trong một khoảng thời gian",
        params: IdParams,
        querystring: RangeQuery,
        response: { 200: Type.Array(PlannedMeetingSchema), ...problems },
      },
    },
    async (request) => {
      const p = requireUser(request);
      await requireBranch(db, p, request.params.id, "member");
      const rows = await loadMeetings(
        db,
        and(eq(meetings.branchId, request.params.id), range(request.query, now())),
        publicUrl,
      );
      return rows.map(toJson);
    },
  );

  app.get(
    "/members/:id/plan",
    {
      schema: {
        tags,
        summary:
          "Lịch sinh hoạt của một đảng viên (các buổi của chi bộ trong thời gian sinh hoạt tại chi bộ)",
        params: IdParams,
        querystring: RangeQuery,
        response: { 200: Type.Array(PlannedMeetingSchema), ...problems },
      },
    },
    async (request) => {
      const p = requireUser(request);
      const reach = await requireMember(db, p, request.params.id, "read");
      const m = await getMember(db, request.params.id);
      // Like their member feed, a member's plan stops when they leave the branch (their record stays theirs).
      if (reach.level === "self" && p.branchId !== m.branchId) throw forbidden();
      const rows = await loadMeetings(
        db,
        and(
          eq(meetings.branchId, m.branchId),
          range(request.query, now()),
          m.joinedOn ? gte(meetings.date, m.joinedOn) : undefined,
          m.leftOn ? lt(meetings.date, m.leftOn) : undefined,
        ),
        publicUrl,
      );
      return rows.map(toJson);
    },
  );

  app.get(
    "/committees/:id/plan",
    {
      schema: {
        tags,
        summary: "Kế hoạch sinh hoạt của mọi chi bộ thuộc cấp ủy",
        params: IdParams,
        querystring: RangeQuery,
        response: { 200: Type.Array(PlannedMeetingSchema), ...problems },
      },
    },
    async (request) => {
      const p = requireUser(request);
      await requireCommittee(db, p, request.params.id, "read");
      const rows = await loadMeetings(
        db,
        and(sql`${request.params.id}::uuid = any(committees.ancestor_ids)`, range(request.query, now())),
        publicUrl,
      );
      return rows.map(toJson);
    },
  );

  const oneMeeting = async (id: string) => {
    const [r] = await loadMeetings(db, eq(meetings.id, id), publicUrl);
    if (!r) throw notFound("Không tìm thấy buổi sinh hoạt");
    return r;
  };

  app.get(
    "/meetings/:id",
    {
      schema: {
        tags,
        summary: "Một buổi sinh hoạt",
        params: IdParams,
        response: { 200: PlannedMeetingSchema, ...problems },
      },
    },
    async (request) => {
      const p = requireUser(request);
      const r = await oneMeeting(request.params.id);
      // Out of reach reads like a meeting that does not exist (not like a missing branch).
      if (!(await branchLevel(db, p, r.branchId))) throw notFound("Không tìm thấy buổi sinh hoạt");
      return toJson(r);
    },
  );

  app.patch(
    "/meetings/:id",
    {
      schema: {
        tags,
        summary: "Bí thư dời buổi sinh hoạt (ngày, giờ, địa điểm) trong tháng",
        params: IdParams,
        body: Type.Object(
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
        ),
        response: { 200: PlannedMeetingSchema, ...problems, 409: problems[400] },
      },
    },
    async (request) => {
      await moveMeeting(db, requireUser(request), request.params.id, request.body, now());
      return toJson(await oneMeeting(request.params.id));
    },
  );

  app.post(
    "/meetings/:id/cancel",
    {
      schema: {
        tags,
        summary: "Bí thư hủy buổi sinh hoạt, nêu lý do",
        params: IdParams,
        body: Type.Object(
          { reason: Type.String({ minLength: 3, maxLength: 1000 }) },
          { additionalProperties: false },
        ),
        response: { 200: PlannedMeetingSchema, ...problems, 409: problems[400] },
      },
    },
    async (request) => {
      await cancelMeeting(db, requireUser(request), request.params.id, request.body.reason, now());
      return toJson(await oneMeeting(request.params.id));
    },
  );

  app.put(
    "/meetings/:id/topic",
    {
      schema: {
        tags,
        summary: "Bí thư chọn chuyên đề khác của đợt cho buổi sinh hoạt của chi bộ mình",
        params: IdParams,
        body: Type.Object({ topicId: Uuid }, { additionalProperties: false }),
        response: { 200: PlannedMeetingSchema, ...problems, 409: problems[400] },
      },
    },
    async (request) => {
      await changeTopic(db, requireUser(request), request.params.id, request.body.topicId, now());
      return toJson(await oneMeeting(request.params.id));
    },
  );
}
