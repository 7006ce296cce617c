import { Readable } from "node:stream";
import multipart from "@fastify/multipart";
import type { FastifyRequest } from "fastify";
import { Type } from "typebox";
import { requireUser } from "../auth/principal.ts";
import { ABSENCE_FLAG_THRESHOLD } from "../domain/minutes-rules.ts";
import { AppError } from "../http/errors.ts";
import { IdParams, Problem, problems, Uuid } from "../http/schemas.ts";
import type { App } from "../http/types.ts";
import { getAttendance, listFlags, putAttendance } from "./attendance-service.ts";
import { contentDisposition, MAX_FILE_BYTES } from "./file-check.ts";
import { getFile, type IncomingFile, listFiles, removeFileOfMinutes, storeFiles } from "./files-service.ts";
import {
  AttendanceInputSchema,
  AttendanceView,
  FileInfo,
  FlaggedMember,
  MinutesInputSchema,
  MinutesView,
  Revision,
  RosterView,
} from "./minutes-schemas.ts";
import { getMinutes, listRevisions, saveMinutes, submitMinutes } from "./minutes-service.ts";
import { getMeetingRoster } from "./roster-service.ts";

const MAX_FILES_PER_REQUEST = 10;
const fileProblems = { ...problems, 409: Problem, 413: Problem, 415: Problem, 503: Problem };

/** Multipart failures as the person uploading should read them; the parser's own words are English. */
function multipartProblem(err: unknown): AppError {
  if (err instanceof AppError) return err;
  const code = (err as { code?: string }).code;
  switch (code) {
    case "FST_REQ_FILE_TOO_LARGE":
      return new AppError(
        413,
        "file_too_large",
        "Tệp vượt quá dung lượng cho phép (20 MB mỗi tệp); chưa lưu tệp nào",
        [{ field: "body.file", reason: "lớn hơn 20 MB" }],
      );
    case "FST_FILES_LIMIT":
    case "FST_PARTS_LIMIT":
    case "FST_FIELDS_LIMIT":
      return new AppError(
        413,
        "too_many_parts",
        `Mỗi lần chỉ gửi tối đa ${MAX_FILES_PER_REQUEST} tệp; chưa lưu tệp nào`,
      );
    case "FST_INVALID_MULTIPART_CONTENT_TYPE":
      return new AppError(415, "unsupported_media_type", "Gửi tệp dưới dạng multipart/form-data");
    default:
      return new AppError(
        400,
        "broken_multipart",
        "Dữ liệu tải lên bị hỏng hoặc không trọn vẹn (multipart/form-data); chưa lưu tệp nào",
      );
  }
}

/** The bytes of one part, with the parser's failures (too large, cut off) in the uploader's words. */
async function* partContent(stream: AsyncIterable<Buffer>): AsyncGenerator<Buffer> {
  try {
    for await (const piece of stream) yield piece;
  } catch (err) {
    throw multipartProblem(err);
  }
}

/** The uploaded files of a multipart request, one at a time as they arrive; nothing is held whole. */
async function* receiveFiles(request: FastifyRequest): AsyncGenerator<IncomingFile> {
  try {
    for await (const part of request.parts()) {
      if (part.type === "file") yield { fileName: part.filename, content: partContent(part.file) };
    }
  } catch (err) {
    throw multipartProblem(err);
  }
}

/** The upload's multipart body as OpenAPI shows it: one or more parts named `file`, each a binary file. */
const UploadBody = Type.Object(
  {
    file: Type.Array(
      Type.String({ format: "binary", description: "Tệp PDF, DOCX, ODT, JPEG hoặc PNG, tối đa 20 MB" }),
      { description: "Một hoặc nhiều tệp (chọn nhiều tệp cùng lúc)" },
    ),
  },
  { required: ["file"], nullable: true, description: "multipart/form-data: các tệp trong trường file" },
);

export async function minutesRoutes(app: App) {
  const { deps } = app;
  const tags = ["minutes"];
  const MeetingParams = IdParams;

  // Only this plugin accepts multipart; each file is streamed to the database as it arrives (files-service).
  await app.register(multipart, {
    throwFileSizeLimit: true,
    limits: {
      fileSize: MAX_FILE_BYTES,
      files: MAX_FILES_PER_REQUEST,
      fields: 10,
      parts: MAX_FILES_PER_REQUEST + 10,
    },
  });

  app.get(
    "/meetings/:id/attendance",
    {
      schema: {
        tags,
        summary: "Điểm danh buổi sinh hoạt: danh sách đảng viên tại ngày họp, tỉ lệ, số đủ để họp",
        params: MeetingParams,
        response: { 200: AttendanceView, ...problems },
      },
    },
    async (request) => getAttendance(deps, requireUser(request), { meetingId: request.params.id }),
  );

  app.get(
    "/meetings/:id/roster",
    {
      schema: {
        tags,
        summary:
          "Danh sách đảng viên của buổi sinh hoạt theo loại (chính thức, dự bị, tạm thời, miễn sinh hoạt) và các số đếm như mẫu biên bản",
        params: MeetingParams,
        response: { 200: RosterView, ...problems },
      },
    },
    async (request) => getMeetingRoster(deps, requireUser(request), { meetingId: request.params.id }),
  );

  app.put(
    "/meetings/:id/attendance",
    {
      schema: {
        tags,
        summary: "Ghi điểm danh (thay cả danh sách): mỗi đảng viên đúng một lần",
        params: MeetingParams,
        body: AttendanceInputSchema,
        response: { 200: AttendanceView, ...problems, 409: Problem },
      },
    },
    async (request) =>
      putAttendance(deps, requireUser(request), { meetingId: request.params.id, ...request.body }),
  );

  app.get(
    "/branches/:id/flags",
    {
      schema: {
        tags,
        summary: `Đảng viên vắng không lý do từ ${ABSENCE_FLAG_THRESHOLD} lần trở lên trong năm`,
        params: IdParams,
        querystring: Type.Object({ year: Type.Integer({ minimum: 2000, maximum: 2100 }) }),
        response: { 200: Type.Array(FlaggedMember), ...problems },
      },
    },
    async (request) =>
      listFlags(deps, requireUser(request), { branchId: request.params.id, year: request.query.year }),
  );

  app.get(
    "/meetings/:id/minutes",
    {
      schema: {
        tags,
        summary: "Biên bản buổi sinh hoạt (bản hiện tại; đảng viên chỉ xem được khi đã nộp)",
        params: MeetingParams,
        response: { 200: MinutesView, ...problems },
      },
    },
    async (request) => getMinutes(deps, requireUser(request), { meetingId: request.params.id }),
  );

  app.put(
    "/meetings/:id/minutes",
    {
      bodyLimit: 8 * 1024 * 1024,
      schema: {
        tags,
        summary: "Lưu biên bản (mỗi lần lưu là một phiên bản mới; sau khi nộp phải ghi lý do)",
        params: MeetingParams,
        body: MinutesInputSchema,
        response: { 200: MinutesView, ...problems, 409: Problem },
      },
    },
    async (request) =>
      saveMinutes(deps, requireUser(request), { meetingId: request.params.id, ...request.body }),
  );

  app.get(
    "/meetings/:id/minutes/revisions",
    {
      schema: {
        tags,
        summary: "Lịch sử các phiên bản biên bản",
        params: MeetingParams,
        response: { 200: Type.Array(Revision), ...problems },
      },
    },
    async (request) => listRevisions(deps, requireUser(request), { meetingId: request.params.id }),
  );

  app.post(
    "/meetings/:id/minutes/submit",
    {
      schema: {
        tags,
        summary: "Nộp biên bản (bản cuối)",
        params: MeetingParams,
        response: { 200: MinutesView, ...problems, 409: Problem },
      },
    },
    async (request) => submitMinutes(deps, requireUser(request), { meetingId: request.params.id }),
  );

  app.post(
    "/meetings/:id/files",
    {
      schema: {
        tags,
        summary: "Tải lên biên bản ký, bản quét, tài liệu (PDF, DOCX, ODT, JPEG, PNG; tối đa 20 MB mỗi tệp)",
        description:
          "multipart/form-data, một hoặc nhiều tệp. Kiểu tệp được xác định theo nội dung. Một tệp không hợp lệ thì không lưu tệp nào.",
        consumes: ["multipart/form-data"],
        params: MeetingParams,
        // For /docs (a file picker): the parts are read and checked by the handler as they stream in, so
        // the body is never held whole; the validator only sees null (nullable) for multipart requests.
        body: { content: { "multipart/form-data": { schema: UploadBody } } },
        response: { 201: Type.Array(FileInfo), ...fileProblems },
      },
    },
    async (request, reply) => {
      const stored = await storeFiles(deps, requireUser(request), {
        meetingId: request.params.id,
        receive: () => receiveFiles(request),
      });
      reply.code(201);
      return stored;
    },
  );

  app.get(
    "/meetings/:id/files",
    {
      schema: {
        tags,
        summary: "Các tệp đính kèm biên bản",
        params: MeetingParams,
        response: { 200: Type.Array(FileInfo), ...problems },
      },
    },
    async (request) => listFiles(deps, requireUser(request), { meetingId: request.params.id }),
  );

  app.get(
    "/meetings/:id/files/:fileId",
    {
      schema: {
        tags,
        summary: "Tải về một tệp, với tên gốc tiếng Việt",
        params: Type.Object({ id: Uuid, fileId: Uuid }),
        produces: ["application/pdf", "image/jpeg", "image/png", "application/octet-stream"],
        response: { 200: Type.Unsafe<Readable>({ type: "string", format: "binary" }), ...problems },
      },
    },
    async (request, reply) => {
      const f = await getFile(deps, requireUser(request), {
        meetingId: request.params.id,
        fileId: request.params.fileId,
      });
      return reply
        .header("content-type", f.mime)
        .header("content-disposition", contentDisposition(f.fileName))
        .header("etag", `"${f.sha256}"`)
        .header("cache-control", "private, no-store")
        .header("content-length", String(f.size))
        .send(Readable.from(f.content));
    },
  );

  app.delete(
    "/meetings/:id/files/:fileId",
    {
      schema: {
        tags,
        summary: "Xóa một tệp tải lên nhầm (chỉ khi biên bản chưa nộp; nhật ký giữ tên, cỡ và SHA-256)",
        params: Type.Object({ id: Uuid, fileId: Uuid }),
        response: { 204: Type.Null(), ...problems, 409: Problem },
      },
    },
    async (request, reply) => {
      await removeFileOfMinutes(deps, requireUser(request), {
        meetingId: request.params.id,
        fileId: request.params.fileId,
      });
      return reply.code(204).send(null);
    },
  );
}
