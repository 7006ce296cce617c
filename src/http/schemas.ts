/** Shared TypeBox schemas. */
import { type Static, Type } from "typebox";
import { ERROR_CODE_LIST, type ErrorCode } from "./error-codes.ts";

export const Uuid = Type.String({ format: "uuid", description: "UUID" });
export const IdParams = Type.Object({ id: Uuid });
export const IsoDate = Type.String({ format: "date", description: "yyyy-MM-dd", examples: ["2026-05-19"] });
export const IsoMonth = Type.String({
  pattern: "^\\d{4}-(0[1-9]|1[0-2])$",
  description: "yyyy-MM",
  examples: ["2026-05"],
});
export const Email = Type.String({ format: "email", maxLength: 254 });
/**
 * A row id used as a page cursor (`bigserial`): bounded, so that a huge number is a 400, not an
 * out-of-range error from PostgreSQL.
 */
export const Cursor = Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER });
export const Text = (max = 500) => Type.String({ minLength: 1, maxLength: max });

/** The extension members a problem may carry besides `errors`; an `AppError`'s `extra` is typed by this. */
export const ProblemExtras = Type.Object({
  retryAfter: Type.Optional(
    Type.Integer({ minimum: 1, description: "Giây phải chờ trước khi thử lại (như tiêu đề Retry-After)" }),
  ),
  problems: Type.Optional(
    Type.Array(
      Type.Object({
        line: Type.Integer({ description: "Dòng của tệp (dòng tiêu đề là 1)" }),
        field: Type.Union([Type.String(), Type.Null()]),
        reason: Type.String(),
      }),
      { description: "Các lỗi của tệp nhập, theo dòng" },
    ),
  ),
  dayOff: Type.Optional(
    Type.Object(
      {
        date: Type.String({ description: "yyyy-MM-dd" }),
        kind: Type.Union([Type.Literal("holiday"), Type.Literal("weekend")]),
        name: Type.String({
          description: "Tên ngày lễ (vd. Tết Nguyên đán (mùng 3 Tết)) hoặc thứ trong tuần",
        }),
      },
      { description: "Ngày nghỉ mà buổi họp rơi vào: gửi lại với confirmDayOff: true nếu chi bộ vẫn họp" },
    ),
  ),
});
export type ProblemExtras = Static<typeof ProblemExtras>;

export const Problem = Type.Object(
  {
    type: Type.String(),
    title: Type.String(),
    status: Type.Integer(),
    code: Type.Unsafe<ErrorCode>({ type: "string", enum: ERROR_CODE_LIST }),
    detail: Type.String(),
    instance: Type.Optional(Type.String()),
    errors: Type.Optional(
      Type.Array(
        Type.Object({
          field: Type.String({ description: "Trường có lỗi, vd. body.kind" }),
          reason: Type.String({ description: "Lý do, bằng tiếng Việt" }),
          rule: Type.Optional(
            Type.String({
              description: "Quy tắc không đạt (từ khóa JSON Schema: required, enum, maxLength…)",
            }),
          ),
          allowed: Type.Optional(
            Type.Array(Type.Unknown(), { description: "Các giá trị được phép, nếu có danh sách" }),
          ),
        }),
      ),
    ),
    ...ProblemExtras.properties,
  },
  { description: "RFC 9457 problem details" },
);

/** Standard error answers for a route's response schema. */
export const problems = {
  400: Problem,
  401: Problem,
  403: Problem,
  404: Problem,
} as const;
