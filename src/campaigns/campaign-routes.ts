import { Type } from "typebox";
import { requireUser } from "../auth/principal.ts";
import { IdParams, Problem, problems, Uuid } from "../http/schemas.ts";
import type { App } from "../http/types.ts";
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
} from "./campaign-schemas.ts";
import {
  addDeadline,
  addEvent,
  addPeak,
  addTopic,
  copyCampaign,
  createCampaign,
  deleteDeadline,
  deleteEvent,
  deletePeak,
  getCampaign,
  getSchedule,
  listCampaigns,
  reorderTopics,
  setSchedule,
  updateCampaign,
  updateDeadline,
  updateEvent,
  updatePeak,
  updateTopic,
} from "./campaign-service.ts";

const TopicParams = Type.Object({ id: Uuid, topicId: Uuid });
const PeakParams = Type.Object({ id: Uuid, peakId: Uuid });
const DeadlineParams = Type.Object({ id: Uuid, deadlineId: Uuid });
const EventParams = Type.Object({ id: Uuid, eventId: Uuid });
const withConflict = { ...problems, 409: Problem };

export async function campaignRoutes(app: App) {
  const { db } = app.deps.database;
  const now = () => app.deps.clock.now();
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
    async (request) => listCampaigns(db, requireUser(request)),
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
      const out = await createCampaign(db, requireUser(request), request.body, now());
      reply.code(201);
      return out;
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
    async (request) => getCampaign(db, requireUser(request), request.params.id),
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
    async (request) => updateCampaign(db, requireUser(request), request.params.id, request.body, now()),
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
      const out = await copyCampaign(db, requireUser(request), request.params.id, request.body, now());
      reply.code(201);
      return out;
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
      const out = await addTopic(db, requireUser(request), request.params.id, request.body, now());
      reply.code(201);
      return out;
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
    async (request) => reorderTopics(db, requireUser(request), request.params.id, request.body.codes, now()),
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
      updateTopic(db, requireUser(request), request.params.id, request.params.topicId, request.body, now()),
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
      const out = await addPeak(db, requireUser(request), request.params.id, request.body, now());
      reply.code(201);
      return out;
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
      updatePeak(db, requireUser(request), request.params.id, request.params.peakId, request.body, now()),
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
      await deletePeak(db, requireUser(request), request.params.id, request.params.peakId, now());
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
      const out = await addDeadline(db, requireUser(request), request.params.id, request.body, now());
      reply.code(201);
      return out;
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
      updateDeadline(
        db,
        requireUser(request),
        request.params.id,
        request.params.deadlineId,
        request.body,
        now(),
      ),
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
      await deleteDeadline(db, requireUser(request), request.params.id, request.params.deadlineId, now());
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
      const out = await addEvent(db, requireUser(request), request.params.id, request.body, now());
      reply.code(201);
      return out;
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
      updateEvent(db, requireUser(request), request.params.id, request.params.eventId, request.body, now()),
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
      await deleteEvent(db, requireUser(request), request.params.id, request.params.eventId, now());
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
    async (request) => getSchedule(db, requireUser(request), request.params.id),
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
    async (request) => setSchedule(db, requireUser(request), request.params.id, request.body.months, now()),
  );
}
