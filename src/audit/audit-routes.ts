/** Reading the audit trail: committee officers (and admins), within their reach. */
import { and, desc, eq, lt, type SQL, sql } from "drizzle-orm";
import { Type } from "typebox";
import { committeeReachSql, requireBranch, requireCommitteeRole } from "../auth/policy.ts";
import { requireUser } from "../auth/principal.ts";
import { auditLog, branches, committees, users } from "../db/schema.ts";
import { problems, Uuid } from "../http/schemas.ts";
import type { App } from "../http/types.ts";

const Entity = Type.Union(
  ["meeting", "attendance", "minutes", "member", "branch", "campaign", "topic_schedule"].map((e) =>
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
  const { db } = app.deps.database;

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
            before: Type.Optional(Type.Integer({ minimum: 1 })),
            limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 100 })),
          },
          { additionalProperties: false },
        ),
        response: { 200: Type.Array(Entry), ...problems },
      },
    },
    async (request) => {
      const p = requireUser(request);
      const q = request.query;
      const where: SQL[] = [];
      if (q.branchId) {
        await requireBranch(db, p, q.branchId, "committee");
        where.push(eq(auditLog.branchId, q.branchId));
      } else {
        requireCommitteeRole(p);
        // Entries without a branch (committee-wide changes) are for admins only.
        if (p.role !== "admin")
          where.push(
            sql`${auditLog.branchId} in (select ${branches.id} from ${branches} join ${committees} on ${committees.id} = ${branches.committeeId} where ${committeeReachSql(p)})`,
          );
      }
      if (q.entity) where.push(eq(auditLog.entity, q.entity));
      if (q.entityId) where.push(eq(auditLog.entityId, q.entityId));
      if (q.before) where.push(lt(auditLog.id, q.before));
      const rows = await db
        .select({
          id: auditLog.id,
          at: auditLog.at,
          actorUserId: auditLog.actorUserId,
          actor: users.displayName,
          entity: auditLog.entity,
          entityId: auditLog.entityId,
          branchId: auditLog.branchId,
          branchName: branches.name,
          action: auditLog.action,
          before: auditLog.before,
          after: auditLog.after,
        })
        .from(auditLog)
        .leftJoin(users, eq(users.id, auditLog.actorUserId))
        .leftJoin(branches, eq(branches.id, auditLog.branchId))
        .where(and(...where))
        .orderBy(desc(auditLog.id))
        .limit(q.limit ?? 100);
      return rows.map((r) => ({ ...r, at: r.at.toISOString() }));
    },
  );
}
