import { Type } from "typebox";
import { requireMember } from "../auth/policy.ts";
import { requireUser } from "../auth/principal.ts";
import { AppError, forbidden } from "../http/errors.ts";
import { IdParams, IsoDate, problems, Uuid } from "../http/schemas.ts";
import type { App } from "../http/types.ts";
import {
  Branch,
  Committee,
  MeetingRuleSchema,
  Member,
  MemberInput,
  MemberRoleSchema,
  MemberStatusSchema,
  Timezone,
} from "./organisation-schemas.ts";
import {
  addMember,
  createBranch,
  createCommittee,
  getBranch,
  getMember,
  importMembers,
  listBranches,
  listCommittees,
  listMembers,
  markLeft,
  renameCommittee,
  updateBranch,
  updateMember,
} from "./organisation-service.ts";

const Name = Type.String({ minLength: 1, maxLength: 200 });
const Url = Type.String({ format: "uri", pattern: "^https?://", maxLength: 500 });
const MAX_CSV_BYTES = 1024 * 1024;

export async function organisationRoutes(app: App) {
  const { db } = app.deps.database;
  const tags = ["organisation"];

  // A CSV saved by Excel arrives as the raw request body.
  for (const type of ["text/csv", "application/vnd.ms-excel", "application/octet-stream"]) {
    app.addContentTypeParser(type, { parseAs: "buffer", bodyLimit: MAX_CSV_BYTES }, (_req, body, done) =>
      done(null, body),
    );
  }

  app.get(
    "/committees",
    {
      schema: {
        tags,
        summary: "Các cấp ủy trong phạm vi của người dùng",
        response: { 200: Type.Array(Committee), ...problems },
      },
    },
    async (request) => listCommittees(db, requireUser(request)),
  );

  app.post(
    "/committees",
    {
      schema: {
        tags,
        summary: "Tạo cấp ủy (quản trị: cấp cao nhất; cán bộ cấp ủy: cấp dưới trong phạm vi)",
        body: Type.Object(
          { name: Name, parentId: Type.Optional(Type.Union([Uuid, Type.Null()])) },
          { additionalProperties: false },
        ),
        response: { 201: Committee, ...problems },
      },
    },
    async (request, reply) => {
      reply.code(201);
      return createCommittee(db, requireUser(request), request.body);
    },
  );

  app.patch(
    "/committees/:id",
    {
      schema: {
        tags,
        summary: "Đổi tên cấp ủy",
        params: IdParams,
        body: Type.Object({ name: Name }, { additionalProperties: false }),
        response: { 200: Committee, ...problems },
      },
    },
    async (request) => renameCommittee(db, requireUser(request), request.params.id, request.body.name),
  );

  app.get(
    "/committees/:id/branches",
    {
      schema: {
        tags,
        summary: "Các chi bộ thuộc cấp ủy (mọi cấp dưới)",
        params: IdParams,
        response: { 200: Type.Array(Branch), ...problems },
      },
    },
    async (request) => listBranches(db, requireUser(request), request.params.id),
  );

  app.post(
    "/committees/:id/branches",
    {
      schema: {
        tags,
        summary: "Tạo chi bộ thuộc cấp ủy",
        params: IdParams,
        body: Type.Object(
          {
            name: Name,
            timezone: Type.Optional(Timezone),
            meetingRule: Type.Optional(MeetingRuleSchema),
            place: Type.Optional(Type.Union([Type.String({ maxLength: 300 }), Type.Null()])),
            onlineUrl: Type.Optional(Type.Union([Url, Type.Null()])),
          },
          { additionalProperties: false },
        ),
        response: { 201: Branch, ...problems },
      },
    },
    async (request, reply) => {
      reply.code(201);
      return createBranch(db, requireUser(request), request.params.id, request.body);
    },
  );

  app.get(
    "/branches",
    {
      schema: {
        tags,
        summary: "Các chi bộ trong phạm vi",
        response: { 200: Type.Array(Branch), ...problems },
      },
    },
    async (request) => listBranches(db, requireUser(request)),
  );

  app.get(
    "/branches/:id",
    {
      schema: { tags, summary: "Thông tin chi bộ", params: IdParams, response: { 200: Branch, ...problems } },
    },
    async (request) => getBranch(db, requireUser(request), request.params.id),
  );

  app.patch(
    "/branches/:id",
    {
      schema: {
        tags,
        summary: "Sửa chi bộ (bí thư: quy tắc họp, địa điểm, đường dẫn trực tuyến)",
        params: IdParams,
        body: Type.Object(
          {
            name: Type.Optional(Name),
            timezone: Type.Optional(Timezone),
            meetingRule: Type.Optional(MeetingRuleSchema),
            place: Type.Optional(Type.Union([Type.String({ maxLength: 300 }), Type.Null()])),
            onlineUrl: Type.Optional(Type.Union([Url, Type.Null()])),
            committeeId: Type.Optional(Uuid),
          },
          { additionalProperties: false, minProperties: 1 },
        ),
        response: { 200: Branch, ...problems },
      },
    },
    async (request) => updateBranch(db, requireUser(request), request.params.id, request.body),
  );

  app.get(
    "/branches/:id/members",
    {
      schema: {
        tags,
        summary: "Danh sách đảng viên của chi bộ",
        params: IdParams,
        querystring: Type.Object({ includeLeft: Type.Optional(Type.Boolean({ default: false })) }),
        response: { 200: Type.Array(Member), ...problems },
      },
    },
    async (request) =>
      listMembers(db, requireUser(request), request.params.id, request.query.includeLeft ?? false),
  );

  app.post(
    "/branches/:id/members",
    {
      schema: {
        tags,
        summary: "Thêm đảng viên (hoặc khách mời) vào chi bộ",
        params: IdParams,
        body: MemberInput,
        response: { 201: Member, ...problems, 409: problems[400] },
      },
    },
    async (request, reply) => {
      reply.code(201);
      return addMember(db, requireUser(request), request.params.id, request.body);
    },
  );

  app.post(
    "/branches/:id/members/import",
    {
      schema: {
        tags,
        summary:
          "Nhập danh sách đảng viên từ tệp CSV (Excel, UTF-8, dấu phẩy hoặc chấm phẩy); lỗi ở bất kỳ dòng nào thì không nhập gì",
        description: "Gửi nội dung tệp làm thân yêu cầu với Content-Type: text/csv.",
        params: IdParams,
        consumes: ["text/csv"],
        response: {
          201: Type.Object({ imported: Type.Integer(), members: Type.Array(Member) }),
          ...problems,
        },
      },
    },
    async (request, reply) => {
      const body = request.body;
      if (!Buffer.isBuffer(body)) {
        throw new AppError(415, "unsupported_media_type", "Gửi nội dung tệp CSV với Content-Type: text/csv");
      }
      const inserted = await importMembers(db, requireUser(request), request.params.id, body);
      reply.code(201);
      return { imported: inserted.length, members: inserted };
    },
  );

  app.get(
    "/members/:id",
    {
      schema: {
        tags,
        summary: "Thông tin một đảng viên",
        params: IdParams,
        response: { 200: Member, ...problems },
      },
    },
    async (request) => {
      await requireMember(db, requireUser(request), request.params.id, "read");
      return getMember(db, request.params.id);
    },
  );

  app.patch(
    "/members/:id",
    {
      schema: {
        tags,
        summary: "Sửa thông tin đảng viên",
        params: IdParams,
        body: Type.Partial(
          Type.Object({
            fullName: Name,
            email: Type.Union([Type.String({ format: "email", maxLength: 254 }), Type.Null()]),
            phone: Type.Union([Type.String({ pattern: "^\\+?[0-9 .]{8,20}$" }), Type.Null()]),
            role: MemberRoleSchema,
            status: MemberStatusSchema,
            joinedOn: Type.Union([IsoDate, Type.Null()]),
          }),
          { additionalProperties: false, minProperties: 1 },
        ),
        response: { 200: Member, ...problems, 409: problems[400] },
      },
    },
    async (request) => {
      await requireMember(db, requireUser(request), request.params.id, "write");
      return updateMember(db, request.params.id, request.body);
    },
  );

  app.post(
    "/members/:id/leave",
    {
      schema: {
        tags,
        summary: "Ghi nhận đảng viên chuyển đi (không xóa)",
        params: IdParams,
        body: Type.Object({ leftOn: IsoDate }, { additionalProperties: false }),
        response: { 200: Member, ...problems, 409: problems[400] },
      },
    },
    async (request) => {
      const m = await requireMember(db, requireUser(request), request.params.id, "write");
      if (m.level === "self") throw forbidden();
      return markLeft(db, request.params.id, request.body.leftOn);
    },
  );
}
