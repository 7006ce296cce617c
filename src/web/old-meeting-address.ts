/**
 * The old address of a meeting page, `/meetings/:id`, which calendars and mails already sent link to:
 * a permanent redirect to the meeting page, `/cuoc-hop/:id` (meeting-page-routes.ts).
 */
import { Type } from "typebox";
import type { App } from "../http/types.ts";
import { PATHS } from "./layout.tsx";

export async function oldMeetingAddress(app: App) {
  app.get(
    "/meetings/:id",
    {
      // Only a redirect: the page it leads to decides who sees what.
      config: { reach: "public" },
      schema: {
        tags: ["web"],
        summary: "Địa chỉ cũ của trang buổi sinh hoạt: chuyển hẳn (301) sang /cuoc-hop/:id",
        params: Type.Object({ id: Type.String({ maxLength: 64 }) }),
      },
    },
    async (request, reply) => reply.redirect(PATHS.meeting(encodeURIComponent(request.params.id)), 301),
  );
}
