/** The plan and its meetings under /api: a schema and one service call per route. */
import { Type } from "typebox";
import { requireUser } from "../auth/principal.ts";
import { IdParams, problems } from "../http/schemas.ts";
import type { App } from "../http/types.ts";
import {
  addMakeupMeeting,
  branchPlan,
  cancelMeeting,
  changeTopic,
  committeePlan,
  getMeeting,
  memberPlan,
  moveMeeting,
  nextMeeting,
  uncancelMeeting,
} from "./meeting-service.ts";
import {
  CancelBody,
  ChangedMeetingSchema,
  changedMeetingJson,
  MakeupBody,
  MoveBody,
  PlannedMeetingSchema,
  PlanResultSchema,
  planExplanation,
  plannedMeetingJson,
  RangeQuery,
  TopicBody,
} from "./plan-schemas.ts";
import { planCampaign } from "./plan-service.ts";

export async function planRoutes(app: App) {
  const { deps } = app;
  const tags = ["plan"];
  const plan = { 200: Type.Array(PlannedMeetingSchema), ...problems };
  const changed = { 200: PlannedMeetingSchema, ...problems, 409: problems[400] };
  const changedWarned = { 200: ChangedMeetingSchema, ...problems, 409: problems[400] };

  app.post(
    "/campaigns/:id/plan",
    {
      schema: {
        tags,
        summary: "Lập (hoặc lập lại) kế hoạch: mỗi chi bộ một buổi mỗi tháng, mỗi buổi một chuyên đề",
        description:
          "Lập lại chỉ cập nhật các buổi chưa ai sửa, chưa diễn ra; không bao giờ ghi đè buổi bí thư đã sửa hay đã họp. " +
          "Câu trả lời đếm: created (buổi mới), updated (buổi đổi theo kế hoạch mới), untouched (không ghi: đã đúng hoặc được bảo vệ), " +
          "protected (buổi bí thư đã sửa, đã họp, đã hủy hoặc đã qua), và explanation (bằng lời).",
        params: IdParams,
        response: { 200: PlanResultSchema, ...problems, 409: problems[400] },
      },
    },
    async (request) => {
      const r = await planCampaign(deps, requireUser(request), { campaignId: request.params.id });
      return { ...r, explanation: planExplanation(r) };
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
        response: plan,
      },
    },
    async (request) =>
      (await branchPlan(deps, requireUser(request), { ...request.query, branchId: request.params.id })).map(
        plannedMeetingJson,
      ),
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
        response: plan,
      },
    },
    async (request) =>
      (await memberPlan(deps, requireUser(request), { ...request.query, memberId: request.params.id })).map(
        plannedMeetingJson,
      ),
  );

  app.get(
    "/committees/:id/plan",
    {
      schema: {
        tags,
        summary: "Kế hoạch sinh hoạt của mọi chi bộ thuộc cấp ủy",
        params: IdParams,
        querystring: RangeQuery,
        response: plan,
      },
    },
    async (request) =>
      (
        await committeePlan(deps, requireUser(request), { ...request.query, committeeId: request.params.id })
      ).map(plannedMeetingJson),
  );

  app.get(
    "/me/next-meeting",
    {
      schema: {
        tags,
        summary: "Buổi sinh hoạt sắp tới của tôi",
        description:
          "Buổi đầu tiên của chi bộ người đang đăng nhập còn theo kế hoạch (chưa hủy) và chưa kết thúc, tính từ hôm nay theo múi giờ của chi bộ. " +
          "204 (không có nội dung) khi chưa có buổi nào trong hai năm tới; 404 khi tài khoản không gắn với đảng viên nào.",
        response: {
          200: PlannedMeetingSchema,
          204: Type.Null({ description: "Chưa có buổi sinh hoạt nào sắp tới" }),
          ...problems,
        },
      },
    },
    async (request, reply) => {
      const next = await nextMeeting(deps, requireUser(request));
      if (!next) return reply.code(204).send(null);
      return plannedMeetingJson(next);
    },
  );

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
    async (request) =>
      plannedMeetingJson(await getMeeting(deps, requireUser(request), { id: request.params.id })),
  );

  app.patch(
    "/meetings/:id",
    {
      schema: {
        tags,
        summary: "Bí thư dời buổi sinh hoạt (ngày, giờ, địa điểm); sang tháng khác thì phải ghi lý do",
        description:
          "Lập kế hoạch tự động không bao giờ đưa buổi họp ra khỏi tháng; bí thư có thể, kèm lý do (báo cáo của chi bộ hiển thị lý do). Ngày mới là ngày nghỉ lễ hoặc cuối tuần: trả lời 409 day_off_unconfirmed nêu tên ngày nghỉ (dayOff), trừ khi gửi confirmDayOff: true; câu trả lời kèm cảnh báo khi buổi họp nằm vào ngày nghỉ.",
        params: IdParams,
        body: MoveBody,
        response: changedWarned,
      },
    },
    async (request) =>
      changedMeetingJson(
        await moveMeeting(deps, requireUser(request), { ...request.body, id: request.params.id }),
      ),
  );

  app.post(
    "/meetings/:id/cancel",
    {
      schema: {
        tags,
        summary: "Bí thư hủy buổi sinh hoạt, nêu lý do",
        params: IdParams,
        body: CancelBody,
        response: changed,
      },
    },
    async (request) =>
      plannedMeetingJson(
        await cancelMeeting(deps, requireUser(request), {
          id: request.params.id,
          reason: request.body.reason,
        }),
      ),
  );

  app.put(
    "/meetings/:id/topic",
    {
      schema: {
        tags,
        summary: "Bí thư chọn chuyên đề khác của đợt cho buổi sinh hoạt của chi bộ mình",
        params: IdParams,
        body: TopicBody,
        response: changed,
      },
    },
    async (request) =>
      plannedMeetingJson(
        await changeTopic(deps, requireUser(request), {
          id: request.params.id,
          topicId: request.body.topicId,
        }),
      ),
  );

  app.post(
    "/meetings/:id/uncancel",
    {
      schema: {
        tags,
        summary: "Bí thư khôi phục buổi sinh hoạt đã hủy",
        params: IdParams,
        response: changedWarned,
      },
    },
    async (request) =>
      changedMeetingJson(await uncancelMeeting(deps, requireUser(request), { id: request.params.id })),
  );

  app.post(
    "/meetings/:id/makeup",
    {
      schema: {
        tags,
        summary: "Bí thư thêm buổi họp bù cho buổi sinh hoạt đã hủy hoặc đã qua mà chưa họp",
        description:
          "Buổi họp bù là một buổi sinh hoạt của chi bộ như mọi buổi khác (lịch, nhắc lịch, điểm danh, biên bản), gắn với buổi nó thay thế; mỗi buổi chỉ một buổi họp bù. Ngày họp bù là ngày nghỉ lễ hoặc cuối tuần: trả lời 409 day_off_unconfirmed nêu tên ngày nghỉ, trừ khi gửi confirmDayOff: true.",
        params: IdParams,
        body: MakeupBody,
        response: { 201: ChangedMeetingSchema, ...problems, 409: problems[400] },
      },
    },
    async (request, reply) => {
      const r = await addMakeupMeeting(deps, requireUser(request), {
        ...request.body,
        id: request.params.id,
      });
      reply.code(201);
      return changedMeetingJson(r);
    },
  );
}
