/**
 * Reminder routes: message status per meeting and per member, the `.eml` outbox (admins), members that
 * email cannot reach, and the public one-click opt-out (RFC 8058) at /unsubscribe/:token.
 * Registered without a prefix: the API paths carry /api themselves, the opt-out link does not.
 */
import { Type } from "typebox";
import { requireUser } from "../auth/principal.ts";
import { IdParams, problems } from "../http/schemas.ts";
import type { App } from "../http/types.ts";
import { unsubscribedPage, unsubscribeFormPage, unsubscribeInvalidPage } from "../web/unsubscribe-pages.tsx";
import {
  listOutbox,
  meetingMessages,
  memberMessages,
  requeueFailed,
  unreachableMembers,
  unreachedOfMeeting,
  unsubscribe,
  unsubscribeForm,
} from "./reminder-service.ts";

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);

const Message = Type.Object({
  id: Type.String(),
  kind: Type.String({
    description:
      "meeting_reminder | meeting_update | meeting_cancel | peak_notice | secretary_prepare | secretary_minutes | deadline_notice",
  }),
  state: Type.String({ description: "queued | sending | sent | failed | withdrawn" }),
  slot: Type.String(),
  meetingId: Nullable(Type.String()),
  memberId: Nullable(Type.String()),
  userId: Nullable(Type.String()),
  recipientName: Nullable(Type.String()),
  toEmail: Nullable(Type.String()),
  subject: Nullable(Type.String()),
  dueAt: Type.String({ format: "date-time" }),
  nextAttemptAt: Nullable(Type.String({ format: "date-time" })),
  sentAt: Nullable(Type.String({ format: "date-time" })),
  attempts: Type.Integer(),
  lastResponse: Nullable(Type.String({ description: "Câu trả lời của máy chủ thư, hoặc lý do rút lại" })),
  failureReason: Nullable(Type.String({ description: "Lý do không gửi được (khi state = failed)" })),
  messageId: Type.String(),
  revision: Nullable(Type.Integer()),
});

const Unreached = Type.Object({
  memberId: Nullable(Type.String()),
  userId: Nullable(Type.String()),
  recipientName: Nullable(Type.String()),
  toEmail: Nullable(Type.String()),
  messages: Type.Integer({ description: "Số thư không gửi được về buổi sinh hoạt này" }),
  reason: Type.String({ description: "Lý do không gửi được" }),
  lastResponse: Nullable(Type.String({ description: "Câu trả lời của máy chủ thư" })),
});

const OutboxFile = Type.Object({
  file: Type.String(),
  bytes: Type.Integer(),
  writtenAt: Type.String({ format: "date-time" }),
  messageId: Nullable(Type.String()),
  kind: Nullable(Type.String()),
  state: Nullable(Type.String()),
  toEmail: Nullable(Type.String()),
  subject: Nullable(Type.String()),
});

const Unreachable = Type.Object({
  id: Type.String(),
  fullName: Type.String(),
  role: Type.String(),
  phone: Nullable(Type.String()),
  reason: Type.Union([Type.Literal("no_email"), Type.Literal("opted_out")]),
});

const TokenParams = Type.Object({ token: Type.String({ minLength: 1, maxLength: 200 }) });

export async function reminderRoutes(app: App) {
  const { deps } = app;
  const tags = ["reminders"];

  // RFC 8058 one-click POSTs arrive form-encoded (or multipart); only the path matters.
  for (const type of ["application/x-www-form-urlencoded", "multipart/form-data"]) {
    if (!app.hasContentTypeParser(type)) {
      app.addContentTypeParser(type, { parseAs: "string", bodyLimit: 4096 }, (_req, body, done) =>
        done(null, body),
      );
    }
  }

  app.get(
    "/api/meetings/:id/messages",
    {
      schema: {
        tags,
        summary:
          "Thư nhắc lịch và lời mời của một buổi sinh hoạt: trạng thái, thời điểm, câu trả lời của máy chủ",
        params: IdParams,
        response: { 200: Type.Array(Message), ...problems },
      },
    },
    async (request) => meetingMessages(deps, requireUser(request), { meetingId: request.params.id }),
  );

  app.get(
    "/api/meetings/:id/messages/unreached",
    {
      schema: {
        tags,
        summary: "Những người chưa nhận được thư về buổi sinh hoạt (thư bị từ chối), kèm lý do",
        params: IdParams,
        response: { 200: Type.Array(Unreached), ...problems },
      },
    },
    async (request) => unreachedOfMeeting(deps, requireUser(request), { meetingId: request.params.id }),
  );

  app.post(
    "/api/meetings/:id/messages/requeue",
    {
      schema: {
        tags,
        summary: "Gửi lại các thư không gửi được của một buổi sinh hoạt (bí thư chi bộ, cán bộ cấp ủy)",
        params: IdParams,
        response: { 200: Type.Object({ requeued: Type.Integer() }), ...problems },
      },
    },
    async (request) => requeueFailed(deps, requireUser(request), { meetingId: request.params.id }),
  );

  app.get(
    "/api/members/:id/messages",
    {
      schema: {
        tags,
        summary: "Thư đã và sẽ gửi cho một đảng viên",
        params: IdParams,
        response: { 200: Type.Array(Message), ...problems },
      },
    },
    async (request) => memberMessages(deps, requireUser(request), { memberId: request.params.id }),
  );

  app.get(
    "/api/branches/:id/unreachable-members",
    {
      schema: {
        tags,
        summary: "Đảng viên không nhận được thư nhắc (không có email hoặc đã hủy đăng ký)",
        params: IdParams,
        response: { 200: Type.Array(Unreachable), ...problems },
      },
    },
    async (request) => unreachableMembers(deps, requireUser(request), { branchId: request.params.id }),
  );

  app.get(
    "/api/outbox",
    {
      schema: {
        tags,
        summary: "Thư đã ghi thành tệp .eml khi chưa cấu hình máy chủ SMTP (chỉ quản trị)",
        querystring: Type.Object(
          { limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, default: 100 })) },
          { additionalProperties: false },
        ),
        response: { 200: Type.Array(OutboxFile), ...problems },
      },
    },
    async (request) => listOutbox(deps, requireUser(request), { limit: request.query.limit ?? 100 }),
  );

  const invalidLink = unsubscribeInvalidPage();

  app.get(
    "/unsubscribe/:token",
    {
      config: { reach: "public" },
      schema: {
        tags,
        summary: "Trang xác nhận hủy nhận thư nhắc lịch",
        security: [],
        params: TokenParams,
        response: { 200: Type.String(), 404: Type.String() },
      },
    },
    async (request, reply) => {
      reply.type("text/html; charset=utf-8");
      const form = await unsubscribeForm(deps, { token: request.params.token });
      if (!form) return reply.code(404).send(invalidLink);
      return unsubscribeFormPage(form.action);
    },
  );

  app.post(
    "/unsubscribe/:token",
    {
      config: { reach: "public" },
      schema: {
        tags,
        summary: "Hủy nhận thư nhắc lịch bằng một lần bấm (RFC 8058)",
        security: [],
        params: TokenParams,
        response: { 200: Type.String(), 404: Type.String() },
      },
    },
    async (request, reply) => {
      reply.type("text/html; charset=utf-8");
      const member = await unsubscribe(deps, { token: request.params.token });
      if (!member) return reply.code(404).send(invalidLink);
      request.log.info({ memberId: member.memberId }, "reminders opted out");
      return unsubscribedPage(member.fullName);
    },
  );
}
