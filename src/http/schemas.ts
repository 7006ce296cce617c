/** Shared TypeBox schemas. */
import { Type } from "typebox";

export const Uuid = Type.String({ format: "uuid", description: "UUID" });
export const IdParams = Type.Object({ id: Uuid });
export const IsoDate = Type.String({ format: "date", description: "yyyy-MM-dd", examples: ["2026-05-19"] });
export const IsoMonth = Type.String({
  pattern: "^\\d{4}-(0[1-9]|1[0-2])$",
  description: "yyyy-MM",
  examples: ["2026-05"],
});
export const Email = Type.String({ format: "email", maxLength: 254 });
export const Text = (max = 500) => Type.String({ minLength: 1, maxLength: max });

export const Problem = Type.Object(
  {
    type: Type.String(),
    title: Type.String(),
    status: Type.Integer(),
    code: Type.String(),
    detail: Type.String(),
    instance: Type.Optional(Type.String()),
    errors: Type.Optional(Type.Array(Type.Object({ field: Type.String(), reason: Type.String() }))),
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
