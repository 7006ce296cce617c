/**
 * What no schema says but every route needs, checked once for all routes after validation and before
 * any handler (so before any write):
 * - no NUL byte in any text or key: PostgreSQL refuses 0x00 in `text` and `jsonb`, which was a 500;
 * - no infinite number: ajv coerces the query-string "1e309" (or "Infinity") to Infinity for an
 *   `integer`/`number` field, because its coercion test `s == +s && !(s % 1)` holds for Infinity
 *   (`Infinity % 1` is NaN) and it does not re-check the coerced value; and `minimum`/`maximum` are then
 *   skipped, since ajv (strictNumbers) only compares finite numbers. JSON's own 1e309 is refused by the
 *   type check; a coerced one reaches the handler unless stopped here.
 * The walk is iterative: a deeply nested body cannot overflow the stack.
 */
import type { FastifyInstance, FastifyRequest } from "fastify";
import { invalid } from "./errors.ts";

const NUL = "\u0000";

/** The first problem in a parsed input, as a field path in the validation errors' style. */
export function inputProblem(root: unknown, context: string): { field: string; reason: string } | null {
  const stack: [unknown, string][] = [[root, context]];
  while (stack.length) {
    const [value, path] = stack.pop()!;
    if (typeof value === "string") {
      if (value.includes(NUL)) return { field: path, reason: "không được chứa ký tự NUL (\\u0000)" };
    } else if (typeof value === "number") {
      if (!Number.isFinite(value)) return { field: path, reason: "số quá lớn hoặc không hợp lệ" };
    } else if (Array.isArray(value)) {
      for (let i = value.length - 1; i >= 0; i--) stack.push([value[i], `${path}.${i}`]);
    } else if (value && typeof value === "object") {
      for (const [key, item] of Object.entries(value)) {
        if (key.includes(NUL)) {
          return { field: `${path}.${key.replaceAll(NUL, "\\u0000")}`, reason: "tên trường không hợp lệ" };
        }
        stack.push([item, `${path}.${key}`]);
      }
    }
  }
  return null;
}

export function guardInput(app: FastifyInstance): void {
  app.addHook("preHandler", async (request: FastifyRequest) => {
    // The same context names as Fastify's validation errors (`querystring.limit`, `body.name`).
    for (const [value, context] of [
      [request.params, "params"],
      [request.query, "querystring"],
      [request.body, "body"],
    ] as const) {
      const problem = inputProblem(value, context);
      if (problem) throw invalid(problem.field, problem.reason);
    }
  });
}
