/**
 * Errors reach the client whole: every code comes from one catalogue (status, Vietnamese title), the
 * problem's extension members (`retryAfter`, `problems`) survive the response schema, and a 429 carries
 * Retry-After. A bare Fastify app with the real error handler and the shared `Problem` schema.
 */
import Fastify from "fastify";
import { describe, expect, it } from "vitest";
import { codeForStatus, ERROR_CODE_LIST, ERROR_CODES } from "../../src/http/error-codes.ts";
import {
  type AppError,
  appError,
  conflict,
  forbidden,
  invalid,
  notFound,
  registerErrorHandler,
  unauthorized,
} from "../../src/http/errors.ts";
import { Problem, problems } from "../../src/http/schemas.ts";

async function bare() {
  const app = Fastify();
  registerErrorHandler(app);
  const response = { ...problems, 409: Problem, 415: Problem, 429: Problem };
  app.get("/too-many", { schema: { response } }, async () => {
    throw appError("too_many_attempts", "Chờ đã", [], { retryAfter: 42 });
  });
  app.get("/rows", { schema: { response } }, async () => {
    throw appError("invalid_input", "Tệp có 1 lỗi", [{ field: "line 3.email", reason: "sai" }], {
      problems: [{ line: 3, field: "email", reason: "sai" }],
    });
  });
  app.get("/boom", { schema: { response: { ...response, 500: Problem } } }, async () => {
    throw new Error("secret internals");
  });
  app.post("/json", { schema: { response } }, async () => ({}));
  await app.ready();
  return app;
}

describe("the error catalogue", () => {
  it("gives each helper its code, the catalogue's status and a Vietnamese title", () => {
    const cases: [AppError, string][] = [
      [notFound(), "not_found"],
      [unauthorized(), "unauthorized"],
      [forbidden(), "forbidden"],
      [conflict("x"), "conflict"],
      [invalid("body.x", "sai"), "invalid_input"],
    ];
    for (const [err, code] of cases) {
      expect(err.code).toBe(code);
      expect(err.status).toBe(ERROR_CODES[err.code].status);
    }
    for (const code of ERROR_CODE_LIST) {
      expect(appError(code, "x").status).toBe(ERROR_CODES[code].status);
      expect(ERROR_CODES[code].title).toMatch(/\p{L}/u);
    }
  });

  it("maps the framework's own errors onto catalogue codes", () => {
    for (const status of [400, 401, 403, 404, 405, 409, 413, 415, 429, 500]) {
      expect(ERROR_CODE_LIST).toContain(codeForStatus(status));
    }
    expect(codeForStatus(413)).toBe("payload_too_large");
  });

  it("types `code` in OpenAPI as the enum of the catalogue", () => {
    expect((Problem.properties.code as unknown as { enum: string[] }).enum).toEqual(ERROR_CODE_LIST);
  });
});

describe("problem documents", () => {
  it("a 429 carries retryAfter in the body and as Retry-After", async () => {
    const res = await (await bare()).inject({ url: "/too-many" });
    expect(res.statusCode).toBe(429);
    expect(res.headers["retry-after"]).toBe("42");
    expect(res.json()).toMatchObject({
      status: 429,
      code: "too_many_attempts",
      title: ERROR_CODES.too_many_attempts.title,
      retryAfter: 42,
    });
  });

  it("row problems survive the response schema", async () => {
    const res = await (await bare()).inject({ url: "/rows" });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({
      code: "invalid_input",
      errors: [{ field: "line 3.email", reason: "sai" }],
      problems: [{ line: 3, field: "email", reason: "sai" }],
    });
  });

  it("a 5xx leaks nothing, and a framework 4xx answers with a catalogue code", async () => {
    const app = await bare();
    const boom = await app.inject({ url: "/boom" });
    expect(boom.statusCode).toBe(500);
    expect(boom.json()).toMatchObject({ code: "internal", title: ERROR_CODES.internal.title });
    expect(boom.body).not.toContain("secret internals");
    const media = await app.inject({
      method: "POST",
      url: "/json",
      headers: { "content-type": "application/x-unknown" },
      payload: "x",
    });
    expect(media.statusCode).toBe(415);
    expect(media.json().code).toBe("unsupported_media_type");
    expect(media.headers["retry-after"]).toBeUndefined();
  });
});
