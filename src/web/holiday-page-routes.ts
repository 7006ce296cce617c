import { Type } from "typebox";
import { requireUser } from "../auth/principal.ts";
import { deleteHolidayOverride, putHolidayOverride } from "../holidays/holiday-service.ts";
import type { App } from "../http/types.ts";
import { holidaysView } from "../plan/committee-pages-service.ts";
import { answerForm, committeePageKit, Id, intOf, Text, Uuid } from "./committee-page-kit.ts";
import { formRead } from "./forms.ts";
import { holidaysPage } from "./holidays-page.tsx";
import { PATHS } from "./layout.tsx";

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
      const p = requireUser(request);
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
      const p = requireUser(request);
      const { id } = request.params;
      const { date = "", action = "add", name = "" } = request.body;
      const values = { date, action, name };
      const year = intOf(date.slice(0, 4));
      const dated = /^\d{4}-\d{2}-\d{2}$/.test(date) && !Number.isNaN(Date.parse(date));
      return answerForm(
        reply,
        // A date that is none: the page of this year.
        (status, state) =>
          holidaysAgain(reply, p, { committeeId: id, year: dated ? year : undefined }, { status, state }),
        {
          reach: () => holidaysView(deps, p, { committeeId: id }),
          form: "override",
          values,
          read: formRead(dated ? {} : { date: "hãy chọn một ngày" }, { date, action, name }),
          write: async (v) => {
            await putHolidayOverride(deps, p, { ...v, action: v.action === "remove" ? "remove" : "add" });
            return `${PATHS.holidays(id)}?nam=${year}&xong=luu`;
          },
        },
      );
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
      const p = requireUser(request);
      const { id, date } = request.params;
      const year = intOf(date.slice(0, 4));
      return answerForm(
        reply,
        (status, state) => holidaysAgain(reply, p, { committeeId: id, year }, { status, state }),
        {
          reach: () => holidaysView(deps, p, { committeeId: id }),
          form: "",
          values: {},
          read: { ok: true, value: undefined },
          write: async () => {
            await deleteHolidayOverride(deps, p, { date });
            return `${PATHS.holidays(id)}?nam=${year}&xong=bo`;
          },
          onTop: () => true,
        },
      );
    },
  );
}
