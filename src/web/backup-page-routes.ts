/** `/quan-tri/sao-luu`: the backups page, for admins (others: 403 page). One backup-service call. */

import { requireUser } from "../auth/principal.ts";
import { backupStatus } from "../backup/backup-service.ts";
import type { App } from "../http/types.ts";
import { BACKUP_PATH, backupPage } from "./backup-pages.tsx";
import { refusedPage } from "./committee-nav.tsx";
import { csrfOf, html, orRefused } from "./page-kit.ts";

export async function backupPages(app: App) {
  const { deps } = app;
  app.get(
    BACKUP_PATH,
    {
      schema: {
        tags: ["web"],
        summary: "Sao lưu dữ liệu: lần gần nhất, dung lượng, kết quả (HTML, quản trị)",
      },
    },
    async (request, reply) => {
      const p = requireUser(request);
      const csrf = await csrfOf(deps, p);
      return orRefused(
        async () => html(reply).send(backupPage(p, csrf, await backupStatus(deps, p))),
        (err) => html(reply, err.status).send(refusedPage(p, csrf, err.status, err.message)),
      );
    },
  );
}
