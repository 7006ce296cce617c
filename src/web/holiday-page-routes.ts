import { Type } from "typebox";
import { deleteHolidayOverride, putHolidayOverride } from "../holidays/holiday-service.ts";
import type { App } from "../http/types.ts";
import { holidaysView } from "./committee-page-data.ts";
import {
  committeePageKit,
  formState,
  Id,
  intOf,
  messageOnly,
  REFUSED,
  Text,
  Uuid,
} from "./committee-page-kit.ts";
import { holidaysPage } from "./holidays-page.tsx";
import { PATHS } from "./layout.tsx";
import { refusalOf, signedIn } from "./page-kit.ts";

export function holidayPageRoutes(app: App) {
  const { deps } = app;
  const tags = ["web"];
  const { formsPage } = committeePageKit(deps);

  /** The holidays page again, for a refused form (status 4xx) or after a change (done). */
  const holidaysAgain = formsPage(holidaysView, holidaysPage);

  app.get(
    "/cap-uy/:id/ngay-nghi",
    {
      schema: {
        tags,
        summary: "Ngày nghỉ lễ, Tết trong năm và các điều chỉnh (HTML)",
        params: Id,
        querystring: Type.Object({ nam: Text(5), xong: Text(10) }),
      },
    },
    async (request, reply) => {
      const p = signedIn(request, reply);
      if (!p) return reply;
      const { nam, xong } = request.query;
      const done = xong === "luu" ? "Đã lưu điều chỉnh." : xong === "bo" ? "Đã bỏ điều chỉnh." : undefined;
      return holidaysAgain(reply, p, { committeeId: request.params.id, year: intOf(nam) }, { done });
    },
  );

  app.post(
    "/cap-uy/:id/ngay-nghi",
    {
      schema: {
        tags,
        summary: "Thêm ngày nghỉ hoặc bỏ một ngày nghỉ mặc định (HTML, quản trị viên)",
        params: Id,
        body: Type.Object({ date: Text(10), action: Text(10), name: Text(300), _csrf: Text(200) }),
      },
    },
    async (request, reply) => {
      const p = signedIn(request, reply);
      if (!p) return reply;
      const { id } = request.params;
      const { date = "", action = "add", name = "" } = request.body;
      const values = { date, action, name };
      const year = intOf(date.slice(0, 4));
      try {
        await holidaysView(deps, p, { committeeId: id });
        if (!/^\d{4}-\d{2}-\d{2}$/.test(date) || Number.isNaN(Date.parse(date))) {
          const state = { form: "override", values, errors: { date: "hãy chọn một ngày" }, message: REFUSED };
          return holidaysAgain(reply, p, { committeeId: id }, { status: 400, state });
        }
        await putHolidayOverride(deps, p, { date, action: action === "remove" ? "remove" : "add", name });
      } catch (e) {
        const err = refusalOf(e);
        const state = formState("override", values, err);
        return holidaysAgain(reply, p, { committeeId: id, year }, { status: err.status, state });
      }
      return reply.redirect(`${PATHS.holidays(id)}?nam=${year}&xong=luu`, 303);
    },
  );

  app.post(
    "/cap-uy/:id/ngay-nghi/:date/xoa",
    {
      schema: {
        tags,
        summary: "Bỏ điều chỉnh của một ngày (HTML, quản trị viên)",
        params: Type.Object({ id: Uuid, date: Type.String({ pattern: "^\\d{4}-\\d{2}-\\d{2}$" }) }),
        body: Type.Optional(Type.Object({ _csrf: Text(200) })),
      },
    },
    async (request, reply) => {
      const p = signedIn(request, reply);
      if (!p) return reply;
      const { id, date } = request.params;
      const year = intOf(date.slice(0, 4));
      try {
        await holidaysView(deps, p, { committeeId: id });
        await deleteHolidayOverride(deps, p, { date });
      } catch (e) {
        const err = refusalOf(e);
        const state = messageOnly(err.message);
        return holidaysAgain(reply, p, { committeeId: id, year }, { status: err.status, state });
      }
      return reply.redirect(`${PATHS.holidays(id)}?nam=${year}&xong=bo`, 303);
    },
  );
}
