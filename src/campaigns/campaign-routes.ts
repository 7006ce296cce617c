import { Type } from "typebox";
import { requireUser } from "../auth/principal.ts";
import { IdParams, Problem, problems, Uuid } from "../http/schemas.ts";
import type { App } from "../http/types.ts";
import { planExplanation } from "../plan/plan-schemas.ts";
import {
  Campaign,
  CampaignDetail,
  CampaignEvent,
  CampaignInput,
  CampaignPatch,
  CopyInput,
  Deadline,
  DeadlineInput,
  DeadlinePatch,
  EventInput,
  EventPatch,
  Peak,
  PeakInput,
  PeakPatch,
  Schedule,
  ScheduleInput,
  Topic,
  TopicInput,
  TopicOrder,
  TopicPatch,
  TopicRemoval,
} from "./campaign-schemas.ts";
import {
  copyCampaign,
  createCampaign,
  getCampaign,
  listCampaigns,
  updateCampaign,
} from "./campaign-service.ts";
import {
  addDeadline,
  addEvent,
  addPeak,
  addTopic,
  deleteDeadline,
  deleteEvent,
  deletePeak,
  reorderTopics,
  updateDeadline,
  updateEvent,
  updatePeak,
  updateTopic,
} from "./catalogue-service.ts";
import { getSchedule, setSchedule } from "./schedule-service.ts";
import { removeTopic } from "./topic-removal-service.ts";

const TopicParams = Type.Object({ id: Uuid, topicId: Uuid });
const PeakParams = Type.Object({ id: Uuid, peakId: Uuid });
const DeadlineParams = Type.Object({ id: Uuid, deadlineId: Uuid });
const EventParams = Type.Object({ id: Uuid, eventId: Uuid });
const withConflict = { ...problems, 409: Problem };

export async function campaignRoutes(app: App) {
  const { deps } = app;
  const tags = ["campaigns"];

  app.get(
    "/campaigns",
    {
      schema: {
        tags,
        summary: "Các đợt sinh hoạt: đợt mẫu và các đợt của cấp ủy trong phạm vi (và cấp trên của mình)",
        response: { 200: Type.Array(Campaign), ...problems },
      },
    },
    async (request) => listCampaigns(deps, requireUser(request)),
  );

  app.post(
    "/campaigns",
    {
      schema: {
        tags,
        summary: "Tạo đợt sinh hoạt cho một cấp ủy",
        body: CampaignInput,
        response: { 201: Campaign, ...problems },
      },
    },
    async (request, reply) => {
      reply.code(201);
      return createCampaign(deps, requireUser(request), request.body);
    },
  );

  app.get(
    "/campaigns/:id",
    {
      schema: {
        tags,
        summary: "Đợt sinh hoạt với danh mục chủ đề, ngày kỷ niệm, hạn báo cáo, sự kiện và lịch chủ đề",
        params: IdParams,
        response: { 200: CampaignDetail, ...problems },
      },
    },
    async (request) => getCampaign(deps, requireUser(request), { campaignId: request.params.id }),
  );

  app.patch(
    "/campaigns/:id",
    {
      schema: {
        tags,
        summary: "Sửa đợt sinh hoạt",
        params: IdParams,
        body: CampaignPatch,
        response: { 200: Campaign, ...problems },
      },
    },
    async (request) =>
      updateCampaign(deps, requireUser(request), { campaignId: request.params.id, fields: request.body }),
  );

  app.post(
    "/campaigns/:id/copy",
    {
      schema: {
        tags,
        summary: "Sao chép đợt sinh hoạt (thường là đợt mẫu) thành đợt của một cấp ủy",
        params: IdParams,
        body: CopyInput,
        response: { 201: Campaign, ...problems },
      },
    },
    async (request, reply) => {
      reply.code(201);
      return copyCampaign(deps, requireUser(request), { ...request.body, sourceId: request.params.id });
    },
  );

  // Topics
  app.post(
    "/campaigns/:id/topics",
    {
      schema: {
        tags,
        summary: "Thêm chủ đề vào cuối danh mục",
        params: IdParams,
        body: TopicInput,
        response: { 201: Topic, ...withConflict },
      },
    },
    async (request, reply) => {
      reply.code(201);
      return addTopic(deps, requireUser(request), { campaignId: request.params.id, fields: request.body });
    },
  );

  app.put(
    "/campaigns/:id/topics/order",
    {
      schema: {
        tags,
        summary: "Sắp xếp lại danh mục chủ đề (liệt kê đủ mọi mã theo thứ tự mới)",
        params: IdParams,
        body: TopicOrder,
        response: { 200: Type.Array(Topic), ...problems },
      },
    },
    async (request) =>
      reorderTopics(deps, requireUser(request), { campaignId: request.params.id, codes: request.body.codes }),
  );

  app.patch(
    "/campaigns/:id/topics/:topicId",
    {
      schema: {
        tags,
        summary: "Sửa chủ đề",
        params: TopicParams,
        body: TopicPatch,
        response: { 200: Topic, ...withConflict },
      },
    },
    async (request) =>
      updateTopic(deps, requireUser(request), {
        campaignId: request.params.id,
        topicId: request.params.topicId,
        fields: request.body,
      }),
  );

  app.delete(
    "/campaigns/:id/topics/:topicId",
    {
      schema: {
        tags,
        summary:
          "Bỏ chủ đề khỏi danh mục: buổi đã học và biên bản vẫn ghi chủ đề; tháng ấn định trả về luân phiên, kế hoạch được lập lại",
        params: TopicParams,
        response: { 200: TopicRemoval, ...problems },
      },
    },
    async (request) => {
      const r = await removeTopic(deps, requireUser(request), {
        campaignId: request.params.id,
        topicId: request.params.topicId,
      });
      return { ...r, plan: r.plan && { ...r.plan, explanation: planExplanation(r.plan) } };
    },
  );

  // Peak dates
  app.post(
    "/campaigns/:id/peak-dates",
    {
      schema: {
        tags,
        summary: "Thêm ngày kỷ niệm (toàn quốc hoặc của một cấp ủy)",
        params: IdParams,
        body: PeakInput,
        response: { 201: Peak, ...problems },
      },
    },
    async (request, reply) => {
      reply.code(201);
      return addPeak(deps, requireUser(request), { campaignId: request.params.id, fields: request.body });
    },
  );
  app.patch(
    "/campaigns/:id/peak-dates/:peakId",
    {
      schema: {
        tags,
        summary: "Sửa ngày kỷ niệm",
        params: PeakParams,
        body: PeakPatch,
        response: { 200: Peak, ...problems },
      },
    },
    async (request) =>
      updatePeak(deps, requireUser(request), {
        campaignId: request.params.id,
        peakId: request.params.peakId,
        fields: request.body,
      }),
  );
  app.delete(
    "/campaigns/:id/peak-dates/:peakId",
    {
      schema: {
        tags,
        summary: "Xóa ngày kỷ niệm",
        params: PeakParams,
        response: { 204: Type.Null(), ...problems },
      },
    },
    async (request, reply) => {
      await deletePeak(deps, requireUser(request), {
        campaignId: request.params.id,
        peakId: request.params.peakId,
      });
      reply.code(204).send(null);
    },
  );

  // Deadlines
  app.post(
    "/campaigns/:id/deadlines",
    {
      schema: {
        tags,
        summary: "Thêm hạn báo cáo (hằng năm hoặc một lần)",
        params: IdParams,
        body: DeadlineInput,
        response: { 201: Deadline, ...problems },
      },
    },
    async (request, reply) => {
      reply.code(201);
      return addDeadline(deps, requireUser(request), { campaignId: request.params.id, fields: request.body });
    },
  );
  app.patch(
    "/campaigns/:id/deadlines/:deadlineId",
    {
      schema: {
        tags,
        summary: "Sửa hạn báo cáo",
        params: DeadlineParams,
        body: DeadlinePatch,
        response: { 200: Deadline, ...problems },
      },
    },
    async (request) =>
      updateDeadline(deps, requireUser(request), {
        campaignId: request.params.id,
        deadlineId: request.params.deadlineId,
        fields: request.body,
      }),
  );
  app.delete(
    "/campaigns/:id/deadlines/:deadlineId",
    {
      schema: {
        tags,
        summary: "Xóa hạn báo cáo",
        params: DeadlineParams,
        response: { 204: Type.Null(), ...problems },
      },
    },
    async (request, reply) => {
      await deleteDeadline(deps, requireUser(request), {
        campaignId: request.params.id,
        deadlineId: request.params.deadlineId,
      });
      reply.code(204).send(null);
    },
  );

  // Events
  app.post(
    "/campaigns/:id/events",
    {
      schema: {
        tags,
        summary: "Thêm sự kiện của đợt (hội nghị, cuộc thi, tọa đàm…)",
        params: IdParams,
        body: EventInput,
        response: { 201: CampaignEvent, ...problems },
      },
    },
    async (request, reply) => {
      reply.code(201);
      return addEvent(deps, requireUser(request), { campaignId: request.params.id, fields: request.body });
    },
  );
  app.patch(
    "/campaigns/:id/events/:eventId",
    {
      schema: {
        tags,
        summary: "Sửa sự kiện",
        params: EventParams,
        body: EventPatch,
        response: { 200: CampaignEvent, ...problems },
      },
    },
    async (request) =>
      updateEvent(deps, requireUser(request), {
        campaignId: request.params.id,
        eventId: request.params.eventId,
        fields: request.body,
      }),
  );
  app.delete(
    "/campaigns/:id/events/:eventId",
    {
      schema: {
        tags,
        summary: "Xóa sự kiện",
        params: EventParams,
        response: { 204: Type.Null(), ...problems },
      },
    },
    async (request, reply) => {
      await deleteEvent(deps, requireUser(request), {
        campaignId: request.params.id,
        eventId: request.params.eventId,
      });
      reply.code(204).send(null);
    },
  );

  // Schedule
  app.get(
    "/campaigns/:id/schedule",
    {
      schema: {
        tags,
        summary: "Lịch chủ đề theo tháng (tháng ấn định và luân phiên mặc định) và các vấn đề của lịch",
        params: IdParams,
        response: { 200: Schedule, ...problems },
      },
    },
    async (request) => getSchedule(deps, requireUser(request), { campaignId: request.params.id }),
  );
  app.put(
    "/campaigns/:id/schedule",
    {
      schema: {
        tags,
        summary: "Cấp ủy ấn định chủ đề cho các tháng (null: trả tháng về luân phiên mặc định)",
        params: IdParams,
        body: ScheduleInput,
        response: { 200: Schedule, ...problems },
      },
    },
    async (request) =>
      setSchedule(deps, requireUser(request), { campaignId: request.params.id, months: request.body.months }),
  );
}
