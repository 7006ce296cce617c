import { Type } from "typebox";
import { requireUser } from "../auth/principal.ts";
import { MAX_YEAR, MIN_YEAR } from "../domain/holiday-rules.ts";
import { IsoDate, problems } from "../http/schemas.ts";
import type { App } from "../http/types.ts";
import { deleteHolidayOverride, getHolidayYear, putHolidayOverride } from "./holiday-service.ts";

const Kind = Type.Union([
  Type.Literal("fixed"),
  Type.Literal("lunar"),
  Type.Literal("adjacent"),
  Type.Literal("compensatory"),
  Type.Literal("custom"),
]);
const Action = Type.Union([Type.Literal("add"), Type.Literal("remove")]);
const Override = Type.Object({
  date: Type.String(),
  action: Action,
  name: Type.Union([Type.String(), Type.Null()]),
});

const HolidayYear = Type.Object({
  year: Type.Integer(),
  holidays: Type.Array(
    Type.Object({
      date: Type.String({ description: "yyyy-MM-dd" }),
      name: Type.String(),
      kind: Kind,
      source: Type.Union([Type.Literal("computed"), Type.Literal("edited")], {
        description: "computed: tính theo luật; edited: do quản trị viên sửa",
      }),
    }),
  ),
  removed: Type.Array(Type.Object({ date: Type.String(), name: Type.String(), kind: Kind }), {
    description: "Ngày nghỉ mặc định đã được quản trị viên bỏ",
  }),
  overrides: Type.Array(Override),
});

export async function holidayRoutes(app: App) {
  const { deps } = app;
  const tags = ["holidays"];

  app.get(
    "/holidays",
    {
      schema: {
        tags,
        summary: "Ngày nghỉ lễ, Tết trong năm (tính theo luật và âm lịch Việt Nam, cùng các điều chỉnh)",
        querystring: Type.Object(
          { year: Type.Optional(Type.Integer({ minimum: MIN_YEAR, maximum: MAX_YEAR })) },
          { additionalProperties: false },
        ),
        response: { 200: HolidayYear, ...problems },
      },
    },
    async (request) => getHolidayYear(deps, requireUser(request), { year: request.query.year }),
  );

  app.put(
    "/holidays/overrides/:date",
    {
      schema: {
        tags,
        summary: "Quản trị viên thêm ngày nghỉ (nghỉ bù, hoán đổi) hoặc bỏ một ngày nghỉ mặc định",
        params: Type.Object({ date: IsoDate }),
        body: Type.Object(
          { action: Action, name: Type.Optional(Type.String({ maxLength: 300 })) },
          { additionalProperties: false },
        ),
        response: { 200: Override, ...problems },
      },
    },
    async (request) =>
      putHolidayOverride(deps, requireUser(request), { ...request.body, date: request.params.date }),
  );

  app.delete(
    "/holidays/overrides/:date",
    {
      schema: {
        tags,
        summary: "Bỏ điều chỉnh của một ngày (trở về lịch nghỉ mặc định)",
        params: Type.Object({ date: IsoDate }),
        response: { 204: Type.Null(), ...problems },
      },
    },
    async (request, reply) => {
      await deleteHolidayOverride(deps, requireUser(request), { date: request.params.date });
      reply.code(204).send(null);
    },
  );
}
