/**
 * Domain errors carry a code, a status and a Vietnamese message; one handler turns them (and Fastify's
 * validation errors) into RFC 9457 `application/problem+json`. A 5xx never leaks its internals.
 */
import type { FastifyError, FastifyInstance } from "fastify";

export interface FieldProblem {
  field: string;
  reason: string;
}

export class AppError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly errors: FieldProblem[] = [],
    readonly extra: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = "AppError";
  }
}

export const notFound = (what = "Không tìm thấy") => new AppError(404, "not_found", what);
export const unauthorized = () => new AppError(401, "unauthorized", "Cần đăng nhập");
export const forbidden = (msg = "Không có quyền thực hiện thao tác này") =>
  new AppError(403, "forbidden", msg);
export const conflict = (msg: string, errors: FieldProblem[] = []) =>
  new AppError(409, "conflict", msg, errors);
export const invalid = (field: string, reason: string) =>
  new AppError(400, "invalid_input", `${field}: ${reason}`, [{ field, reason }]);
export const invalidMany = (message: string, errors: FieldProblem[], extra: Record<string, unknown> = {}) =>
  new AppError(400, "invalid_input", message, errors, extra);

const TITLES: Record<number, string> = {
  400: "Dữ liệu không hợp lệ",
  401: "Chưa đăng nhập",
  403: "Không được phép",
  404: "Không tìm thấy",
  409: "Xung đột dữ liệu",
  413: "Dữ liệu quá lớn",
  415: "Kiểu dữ liệu không được hỗ trợ",
  429: "Quá nhiều yêu cầu",
  500: "Lỗi hệ thống",
};

/** "/body/email" from ajv, plus the missing property for `required`, as "body.email". */
function fieldOf(
  context: string | undefined,
  err: { instancePath?: string; params?: Record<string, unknown> },
) {
  const parts = [context ?? "request", ...(err.instancePath ?? "").split("/").filter(Boolean)];
  const missing = err.params?.missingProperty ?? err.params?.additionalProperty;
  if (typeof missing === "string") parts.push(missing);
  return parts.join(".");
}

export function registerErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError | AppError, request, reply) => {
    let status: number;
    let code: string;
    let detail: string;
    let errors: FieldProblem[] = [];
    let extra: Record<string, unknown> = {};
    if (error instanceof AppError) {
      ({ status, code, errors, extra } = error);
      detail = error.message;
    } else if ((error as FastifyError).validation) {
      const fe = error as FastifyError;
      status = 400;
      code = "invalid_input";
      errors = (fe.validation ?? []).map((v) => ({
        field: fieldOf(
          fe.validationContext,
          v as { instancePath?: string; params?: Record<string, unknown> },
        ),
        reason: v.message ?? "không hợp lệ",
      }));
      detail = errors.map((e) => `${e.field}: ${e.reason}`).join("; ");
    } else if (
      typeof (error as FastifyError).statusCode === "number" &&
      (error as FastifyError).statusCode! < 500
    ) {
      const fe = error as FastifyError;
      status = fe.statusCode!;
      code = (fe.code ?? "bad_request").toLowerCase();
      detail = fe.message;
    } else {
      status = 500;
      code = "internal";
      detail = "Đã có lỗi hệ thống; vui lòng thử lại sau.";
      request.log.error({ err: error }, "unhandled error");
    }
    if (status >= 500 && error instanceof AppError) request.log.error({ err: error }, "server error");
    reply
      .code(status)
      .type("application/problem+json; charset=utf-8")
      .send({
        type: `about:blank`,
        title: TITLES[status] ?? "Lỗi",
        status,
        code,
        detail,
        instance: request.url.split("?")[0],
        ...(errors.length ? { errors } : {}),
        ...extra,
      });
  });
  app.setNotFoundHandler((request, reply) => {
    reply
      .code(404)
      .type("application/problem+json; charset=utf-8")
      .send({
        type: "about:blank",
        title: TITLES[404],
        status: 404,
        code: "not_found",
        detail: "Không tìm thấy",
        instance: request.url.split("?")[0],
      });
  });
}
