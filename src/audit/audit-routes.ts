/** The audit trail over HTTP: a schema and one call (reach and reads in audit-service.ts). */
import { Type } from "typebox";
import { requireUser } from "../auth/principal.ts";
import { Cursor, problems, Uuid } from "../http/schemas.ts";
import type { App } from "../http/types.ts";
import { auditTrail } from "./audit-service.ts";

const Entity = Type.Union(
  ["meeting", "attendance", "minutes", "member", "branch", "campaign", "topic", "topic_schedule"].map((e) =>
    Type.Literal(e),
  ),
);

const Entry = Type.Object({
  id: Type.Integer(),
  at: Type.String(),
  actorUserId: Type.Union([Uuid, Type.Null()]),
  actor: Type.Union([Type.String(), Type.Null()]),
  entity: Type.String(),
  entityId: Uuid,
  branchId: Type.Union([Uuid, Type.Null()]),
  branchName: Type.Union([Type.String(), Type.Null()]),
  action: Type.String(),
  before: Type.Unknown(),
  after: Type.Unknown(),
});

export async function auditRoutes(app: App) {
  app.get(
    "/audit",
    {
      schema: {
        tags: ["audit"],
        summary: "Nhật ký thay đổi (ai sửa buổi sinh hoạt, điểm danh, biên bản, khi nào, từ gì thành gì)",
        description: "Mới nhất trước. Dùng `before` (id) để xem trang tiếp theo.",
        querystring: Type.Object(
          {
            branchId: Type.Optional(Uuid),
            entity: Type.Optional(Entity),
            entityId: Type.Optional(Uuid),
            before: Type.Optional(Cursor),
            limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 100 })),
          },
          { additionalProperties: false },
        ),
        response: { 200: Type.Array(Entry), ...problems },
      },
    },
    async (request) => auditTrail(app.deps, requireUser(request), request.query),
  );
}
