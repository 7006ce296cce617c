import type { IncomingMessage } from "node:http";
import type { FastifyRequest } from "fastify";
import { Type } from "typebox";
import { requireUser } from "../auth/principal.ts";
import { appError } from "../http/errors.ts";
import { IdParams, IsoDate, Problem, problems, Uuid } from "../http/schemas.ts";
import type { App } from "../http/types.ts";
import { createBranch, getBranch, listBranches, updateBranch } from "./branch-service.ts";
import { createCommittee, listCommittees, updateCommittee } from "./committee-service.ts";
import { importMembers } from "./member-import-service.ts";
import { addMember, listMembers, markLeft, readMember, updateMember } from "./member-service.ts";
import {
  Branch,
  BranchCreateInput,
  BranchUpdateInput,
  Committee,
  CommitteeHeadingInput,
  Member,
  MemberInput,
  MemberRoleSchema,
  MemberStatusSchema,
  PhoneInput,
} from "./organisation-schemas.ts";

const Name = Type.String({ minLength: 1, maxLength: 200 });
/** A member list of 37,000 rows with every column is about 3.7 MB; 8 MB leaves room for longer rows. */
const MAX_CSV_MB = 8;
const MAX_CSV_BYTES = MAX_CSV_MB * 1024 * 1024;

const csvTooLarge = () =>
  appError(
    "payload_too_large",
    `Tệp CSV lớn hơn ${MAX_CSV_MB} MB; chưa nhập người nào. Hãy chia danh sách thành nhiều tệp.`,
    [{ field: "body", reason: `lớn hơn ${MAX_CSV_MB} MB` }],
  );

/** The body's bytes up to the limit; over it, 413 in Vietnamese naming the limit. */
async function readCsvBody(request: FastifyRequest, payload: AsyncIterable<Buffer>): Promise<Buffer> {
  if (Number(request.headers["content-length"] ?? 0) > MAX_CSV_BYTES) throw csvTooLarge();
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of payload) {
    size += chunk.length;
    if (size > MAX_CSV_BYTES) throw csvTooLarge();
    chunks.push(chunk);
  }
  return Buffer.concat(chunks, size);
}

export async function organisationRoutes(app: App) {
  const { deps } = app;
  const tags = ["organisation"];

  // A CSV saved by Excel arrives as the raw request body.
  for (const type of ["text/csv", "application/vnd.ms-excel", "application/octet-stream"]) {
    app.addContentTypeParser(type, (request: FastifyRequest, payload: IncomingMessage) =>
      readCsvBody(request, payload),
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
    async (request) => listCommittees(deps, requireUser(request)),
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
      return createCommittee(deps, requireUser(request), request.body);
    },
  );

  app.patch(
    "/committees/:id",
    {
      schema: {
        tags,
        summary: "Đổi tên cấp ủy, đặt ký hiệu văn bản, dòng ký và địa danh (null: theo tên cấp ủy)",
        params: IdParams,
        body: Type.Object(
          { name: Type.Optional(Name), ...CommitteeHeadingInput },
          { additionalProperties: false },
        ),
        response: { 200: Committee, ...problems },
      },
    },
    async (request) => updateCommittee(deps, requireUser(request), { ...request.params, ...request.body }),
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
    async (request) => listBranches(deps, requireUser(request), { committeeId: request.params.id }),
  );

  app.post(
    "/committees/:id/branches",
    {
      schema: {
        tags,
        summary: "Tạo chi bộ thuộc cấp ủy",
        params: IdParams,
        body: BranchCreateInput,
        response: { 201: Branch, ...problems },
      },
    },
    async (request, reply) => {
      reply.code(201);
      return createBranch(deps, requireUser(request), { ...request.body, committeeId: request.params.id });
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
    async (request) => listBranches(deps, requireUser(request)),
  );

  app.get(
    "/branches/:id",
    {
      schema: { tags, summary: "Thông tin chi bộ", params: IdParams, response: { 200: Branch, ...problems } },
    },
    async (request) => getBranch(deps, requireUser(request), request.params),
  );

  app.patch(
    "/branches/:id",
    {
      schema: {
        tags,
        summary: "Sửa chi bộ (bí thư: quy tắc họp, địa điểm, đường dẫn trực tuyến)",
        params: IdParams,
        body: BranchUpdateInput,
        response: { 200: Branch, ...problems },
      },
    },
    async (request) => updateBranch(deps, requireUser(request), { ...request.body, ...request.params }),
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
      listMembers(deps, requireUser(request), {
        branchId: request.params.id,
        includeLeft: request.query.includeLeft ?? false,
      }),
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
      return addMember(deps, requireUser(request), { ...request.body, branchId: request.params.id });
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
          413: Problem,
          415: Problem,
        },
      },
    },
    async (request, reply) => {
      const result = await importMembers(deps, requireUser(request), {
        branchId: request.params.id,
        data: request.body,
      });
      reply.code(201);
      return result;
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
    async (request) => readMember(deps, requireUser(request), request.params),
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
            phone: Type.Union([PhoneInput, Type.Null()]),
            role: MemberRoleSchema,
            status: MemberStatusSchema,
            joinedOn: Type.Union([IsoDate, Type.Null()]),
          }),
          { additionalProperties: false, minProperties: 1 },
        ),
        response: { 200: Member, ...problems, 409: problems[400] },
      },
    },
    async (request) => updateMember(deps, requireUser(request), { ...request.body, ...request.params }),
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
    async (request) => markLeft(deps, requireUser(request), { ...request.params, ...request.body }),
  );
}
