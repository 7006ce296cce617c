/**
 * The committee's pages: `/cap-uy/:id` (the grid of branches by month), `/cap-uy/:id/dot-hoc-tap` (the
 * campaigns, their schedule and peaks, planning), `/cap-uy/:id/ngay-nghi` (holidays) and
 * `/cap-uy/:id/ban-tin/:month` (the printable topic sheet). Each handler is one service call and one
 * render; the services decide reach as for the API (another committee, or a branch's people: not found).
 * Forms are plain HTML posts: done → 303 back to the page; refused → the page again, 4xx, with what was
 * typed and the reason next to the field.
 */
import { DateTime } from "luxon";
import { Type } from "typebox";
import { HOME_ZONE } from "../domain/civil-date.ts";
import type { App } from "../http/types.ts";
import { committeeGrid } from "../plan/grid-service.ts";
import { campaignItemRoutes } from "./campaign-item-routes.ts";
import { campaignPageRoutes } from "./campaign-page-routes.ts";
import { gridPage } from "./committee-grid-page.tsx";
import { topicSheet } from "./committee-page-data.ts";
import { committeePageKit, Id, intOf, Text, thisMonth, Uuid } from "./committee-page-kit.ts";
import { holidayPageRoutes } from "./holiday-page-routes.ts";
import { signedIn } from "./page-kit.ts";
import { topicSheetPage } from "./topic-sheet-page.tsx";

export async function committeePages(app: App) {
  const { deps } = app;
  const tags = ["web"];
  const { page } = committeePageKit(deps);
  campaignPageRoutes(app);
  campaignItemRoutes(app);
  holidayPageRoutes(app);

  // ------------------------------------------------------------------------------------------ the grid

  app.get(
    "/cap-uy/:id",
    {
      schema: {
        tags,
        summary: "Lưới tình trạng sinh hoạt các chi bộ theo tháng (HTML)",
        params: Id,
        querystring: Type.Object({ dot: Text(40), nam: Text(5), trang: Text(6) }),
      },
    },
    async (request, reply) => {
      const p = signedIn(request, reply);
      if (!p) return reply;
      const q = request.query;
      return page(reply, p, async (csrf) =>
        gridPage(
          p,
          csrf,
          await committeeGrid(deps, p, {
            committeeId: request.params.id,
            campaignId: q.dot || undefined,
            year: intOf(q.nam),
            page: intOf(q.trang),
          }),
          thisMonth(deps.clock.now()),
        ),
      );
    },
  );

  // -------------------------------------------------------------------------------------- topic sheet

  app.get(
    "/cap-uy/:id/ban-tin/:month",
    {
      schema: {
        tags,
        summary: "Bản tin sinh hoạt chi bộ của tháng, khổ A4 để in (HTML)",
        params: Type.Object({ id: Uuid, month: Type.String({ pattern: "^\\d{4}-(0[1-9]|1[0-2])$" }) }),
      },
    },
    async (request, reply) => {
      const p = signedIn(request, reply);
      if (!p) return reply;
      const today = DateTime.fromJSDate(deps.clock.now(), { zone: HOME_ZONE }).toISODate()!;
      return page(reply, p, async (csrf) =>
        topicSheetPage(
          p,
          csrf,
          await topicSheet(deps, p, { committeeId: request.params.id, month: request.params.month }),
          today,
        ),
      );
    },
  );
}
