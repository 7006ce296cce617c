/**
 * Domain errors carry a code, a status and a Vietnamese message; one handler turns them (and Fastify's
 * validation errors) into RFC 9457 `application/problem+json`. A 5xx never leaks its internals.
 */
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { isConnectionFailure } from "../db/client.ts";
import { endSentence } from "../domain/vi-format.ts";
import { codeForStatus, ERROR_CODES, type ErrorCode, type StatusOf } from "./error-codes.ts";
import type { ProblemExtras } from "./schemas.ts";
import { type AjvError, validationProblems } from "./validation-messages.ts";

export interface FieldProblem {
  field: string;
  reason: string;
  /** For validation errors: the rule that failed (Ajv's keyword) and the allowed values, if listed. */
  rule?: string;
  allowed?: unknown[];
}

/**
 * A domain error. Its code comes from the catalogue (`error-codes.ts`) and its status must be the one the
 * catalogue gives that code. `extra` holds the problem's declared extension members (`ProblemExtras`).
 */
export class AppError<C extends ErrorCode = ErrorCode> extends Error {
  constructor(
    readonly status: StatusOf<C>,
    readonly code: C,
    message: string,
    readonly errors: FieldProblem[] = [],
    readonly extra: ProblemExtras = {},
    /** The API's `detail` when it differs from what a person reads (it names the field: "body.date: …"). */
    detail?: string,
  ) {
    super(message);
    this.name = "AppError";
    this.detail = detail ?? message;
  }
  readonly detail: string;
}

/** An error by its code alone: the status comes from the catalogue. */
export function appError<C extends ErrorCode>(
  code: C,
  message: string,
  errors: FieldProblem[] = [],
  extra: ProblemExtras = {},
): AppError<C> {
  return new AppError(ERROR_CODES[code].status as StatusOf<C>, code, message, errors, extra);
}

export const notFound = (what = "Không tìm thấy") => appError("not_found", what);
export const unauthorized = () => appError("unauthorized", "Cần đăng nhập");
export const forbidden = (msg = "Không có quyền thực hiện thao tác này") => appError("forbidden", msg);
export const conflict = (msg: string, errors: FieldProblem[] = []) => appError("conflict", msg, errors);
/**
 * One field refused. Its message is the sentence a person reads on a page ("Ngày họp bù phải …."); the
 * API's detail keeps the field's name ("body.date: ngày họp bù phải …"), as do its `errors`.
 */
export const invalid = (field: string, reason: string) =>
  new AppError(400, "invalid_input", asSentence(reason), [{ field, reason }], {}, `${field}: ${reason}`);

/** "ngày … trở đi" → "Ngày … trở đi." (a reason that already ends a sentence keeps its stop). */
export function asSentence(reason: string): string {
  const r = endSentence(reason);
  return `${r.charAt(0).toUpperCase()}${r.slice(1)}`;
}
export const invalidMany = (message: string, errors: FieldProblem[], extra: ProblemExtras = {}) =>
  appError("invalid_input", message, errors, extra);

/** The problem document for a code, for answers sent outside the error handler. */
export function problemBody(code: ErrorCode, detail: string, instance?: string) {
  const { status, title } = ERROR_CODES[code];
  return { type: "about:blank", title, status, code, detail, ...(instance ? { instance } : {}) };
}

/** Seconds a client is asked to wait while the database cannot be reached. */
export const DATABASE_RETRY_AFTER = 5;

/**
 * The errors Fastify's router answers before any route or error handler runs (a path parameter longer
 * than `maxParamLength`, a malformed URL): problem documents too, and without echoing the path, which
 * may hold a feed token.
 */
export function frameworkErrors(error: FastifyError, _request: FastifyRequest, reply: FastifyReply): void {
  const tooLong = error.code === "FST_ERR_MAX_PARAM_LENGTH";
  const status = tooLong ? 414 : error.statusCode && error.statusCode < 500 ? error.statusCode : 400;
  const code = codeForStatus(status);
  const detail = tooLong ? "Tham số trong đường dẫn quá dài" : "Đường dẫn không hợp lệ";
  reply
    .code(status)
    .type("application/problem+json; charset=utf-8")
    .send({ ...problemBody(code, detail), status });
}

/** An error as the person or program reads it: status, code, detail, field problems and extensions. */
export interface Problem {
  status: number;
  code: ErrorCode;
  detail: string;
  errors: FieldProblem[];
  extra: ProblemExtras;
}

/**
 * What any error means for the answer, the same for the API and the pages (which render it as a page):
 * a domain error as declared, a validation error in Vietnamese by field, the framework's own 4xx, the
 * database out of reach (503), anything else a 500 whose internals are logged, never answered.
 */
export function problemOf(error: FastifyError | AppError, request: FastifyRequest): Problem {
  if (error instanceof AppError) {
    if (error.status >= 500) request.log.error({ err: error }, "server error");
    const { status, code, errors, extra } = error;
    return { status, code, detail: error.detail, errors, extra };
  }
  if ((error as FastifyError).validation) {
    const fe = error as FastifyError;
    // Vietnamese, one problem per field, naming the allowed values (validation-messages.ts).
    const errors = validationProblems(fe.validationContext, (fe.validation ?? []) as AjvError[]);
    const detail = errors.map((e) => `${e.field}: ${e.reason}`).join("; ");
    return { status: 400, code: "invalid_input", detail, errors, extra: {} };
  }
  const fe = error as FastifyError;
  if (typeof fe.statusCode === "number" && fe.statusCode < 500) {
    // The framework's own 4xx (bad JSON, body too large, unknown content type): its status, our code.
    return {
      status: fe.statusCode,
      code: codeForStatus(fe.statusCode),
      detail: fe.message,
      errors: [],
      extra: {},
    };
  }
  if (isConnectionFailure(error)) {
    // PostgreSQL is down or restarting: the pool reconnects by itself, the client should retry.
    request.log.warn({ err: error }, "database unavailable");
    return {
      status: 503,
      code: "database_unavailable",
      detail: "Tạm thời không kết nối được cơ sở dữ liệu; vui lòng thử lại sau ít giây.",
      errors: [],
      extra: { retryAfter: DATABASE_RETRY_AFTER },
    };
  }
  request.log.error({ err: error }, "unhandled error");
  return {
    status: 500,
    code: "internal",
    detail: "Đã có lỗi hệ thống; vui lòng thử lại sau.",
    errors: [],
    extra: {},
  };
}

/**
 * The API's answers to errors: problem documents. (The pages set their own handler: web/page-errors.ts.)
 * `notFoundHeaders`: what an unmatched URL's answer carries (no context's hook runs for it); `notFound`:
 * answers an unmatched URL itself when it returns true (the pages take the addresses a person opens).
 */
export function registerErrorHandler(
  app: FastifyInstance,
  opts: {
    notFoundHeaders?: readonly (readonly [string, string])[];
    notFound?: (request: FastifyRequest, reply: FastifyReply) => boolean | Promise<boolean>;
  } = {},
): void {
  app.setErrorHandler((error: FastifyError | AppError, request, reply) => {
    const { status, code, detail, errors, extra } = problemOf(error, request);
    if (extra.retryAfter !== undefined) reply.header("retry-after", String(extra.retryAfter));
    reply
      .code(status)
      .type("application/problem+json; charset=utf-8")
      .send({
        ...problemBody(code, detail, request.url.split("?")[0]),
        status,
        ...(errors.length ? { errors } : {}),
        ...extra,
      });
  });
  app.setNotFoundHandler(async (request, reply) => {
    for (const [name, value] of opts.notFoundHeaders ?? []) reply.header(name, value);
    // An address a person opened in a browser is answered by a page, if the pages take it (opts.notFound).
    if (opts.notFound && (await opts.notFound(request, reply))) return reply;
    return reply
      .code(404)
      .type("application/problem+json; charset=utf-8")
      .send(problemBody("not_found", "Không tìm thấy", request.url.split("?")[0]));
  });
}
