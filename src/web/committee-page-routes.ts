import { Type } from "typebox";
import { requireUser } from "../auth/principal.ts";
import type { App } from "../http/types.ts";
import { topicSheet } from "../plan/committee-pages-service.ts";
import { committeeGrid } from "../plan/grid-service.ts";
import { campaignCatalogueRoutes } from "./campaign-catalogue-routes.ts";
import { campaignItemRoutes } from "./campaign-item-routes.ts";
import { campaignPageRoutes } from "./campaign-page-routes.ts";
import { gridPage } from "./committee-grid-page.tsx";
import { committeePageKit, Id, intOf, Text, Uuid } from "./committee-page-kit.ts";
import { holidayPageRoutes } from "./holiday-page-routes.ts";
import { topicSheetPage } from "./topic-sheet-page.tsx";

export async function committeePages(app: App) {
  const { deps } = app;
  const tags = ["web"];
  const { page } = committeePageKit(deps);
  campaignPageRoutes(app);
  campaignItemRoutes(app);
  campaignCatalogueRoutes(app);
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
      const p = requireUser(request);
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
      const p = requireUser(request);
      return page(reply, p, async (csrf) =>
        topicSheetPage(
          p,
          csrf,
          await topicSheet(deps, p, { committeeId: request.params.id, month: request.params.month }),
        ),
      );
    },
  );
}
