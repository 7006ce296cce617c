/** Exemptions from meetings (miễn sinh hoạt) and temporary attendance (sinh hoạt tạm thời): the API. */
import { type TSchema, Type } from "typebox";
import { requireUser } from "../auth/principal.ts";
import { IdParams, IsoDate, Problem, problems, Text, Uuid } from "../http/schemas.ts";
import type { App } from "../http/types.ts";
import {
  endExemption,
  endTemporary,
  recordExemption,
  recordTemporary,
  standingsOfBranch,
} from "./standing-service.ts";

const Nullable = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()]);

const Exemption = Type.Object({
  id: Uuid,
  memberId: Uuid,
  reason: Type.String(),
  from: IsoDate,
  to: Nullable(IsoDate),
  decisionRef: Type.String({ description: "Quyết định của cấp ủy (số, ngày)" }),
});
const Temporary = Type.Object({
  id: Uuid,
  memberId: Uuid,
  homeOrganisation: Type.String({ description: "Chi bộ, đảng bộ nơi sinh hoạt chính thức" }),
  from: IsoDate,
  to: Nullable(IsoDate),
});
const EndBody = Type.Object(
  { to: IsoDate },
  { additionalProperties: false, description: "Ngày cuối cùng (tính cả ngày ấy)" },
);
const changed = { ...problems, 409: Problem };

export async function standingRoutes(app: App) {
  const { deps } = app;
  const tags = ["organisation"];

  app.get(
    "/branches/:id/standings",
    {
      schema: {
        tags,
        summary: "Đảng viên được miễn sinh hoạt và sinh hoạt tạm thời của chi bộ",
        params: IdParams,
        response: {
          200: Type.Object({
            exemptions: Type.Array(Exemption),
            temporaries: Type.Array(Temporary),
            today: IsoDate,
            exemptToday: Type.Array(Uuid),
            temporaryToday: Type.Array(Uuid),
          }),
          ...problems,
        },
      },
    },
    async (request) => standingsOfBranch(deps, requireUser(request), request.params.id),
  );

  app.post(
    "/members/:id/exemptions",
    {
      schema: {
        tags,
        summary: "Ghi quyết định miễn công tác và sinh hoạt đảng của cấp ủy (bí thư hoặc cấp ủy cấp trên)",
        params: IdParams,
        body: Type.Object(
          { reason: Text(500), from: IsoDate, to: Type.Optional(Nullable(IsoDate)), decisionRef: Text(300) },
          { additionalProperties: false },
        ),
        response: { 201: Exemption, ...changed },
      },
    },
    async (request, reply) => {
      reply.code(201);
      return recordExemption(deps, requireUser(request), { ...request.body, memberId: request.params.id });
    },
  );

  app.post(
    "/exemptions/:id/end",
    {
      schema: {
        tags,
        summary: "Kết thúc miễn sinh hoạt (ngày cuối cùng được miễn)",
        params: IdParams,
        body: EndBody,
        response: { 200: Exemption, ...changed },
      },
    },
    async (request) =>
      endExemption(deps, requireUser(request), { id: request.params.id, to: request.body.to }),
  );

  app.post(
    "/members/:id/temporary",
    {
      schema: {
        tags,
        summary: "Ghi đảng viên sinh hoạt tạm thời tại chi bộ (nơi sinh hoạt chính thức, thời gian)",
        params: IdParams,
        body: Type.Object(
          { homeOrganisation: Text(300), from: IsoDate, to: Type.Optional(Nullable(IsoDate)) },
          { additionalProperties: false },
        ),
        response: { 201: Temporary, ...changed },
      },
    },
    async (request, reply) => {
      reply.code(201);
      return recordTemporary(deps, requireUser(request), { ...request.body, memberId: request.params.id });
    },
  );

  app.post(
    "/temporary/:id/end",
    {
      schema: {
        tags,
        summary: "Kết thúc sinh hoạt tạm thời (ngày cuối cùng)",
        params: IdParams,
        body: EndBody,
        response: { 200: Temporary, ...changed },
      },
    },
    async (request) =>
      endTemporary(deps, requireUser(request), { id: request.params.id, to: request.body.to }),
  );
}
