/**
 * The account page's channel forms: the channels chosen, a device subscribing to push (sent by
 * assets/app.js from PushSubscription.toJSON()), a device removed. Each calls the channel service.
 */
import { Type } from "typebox";
import { requireUser } from "../auth/principal.ts";
import { HOME_ZONE } from "../domain/civil-date.ts";
import type { App } from "../http/types.ts";
import { addDevice, channelsOf, removeDevice, setChannels } from "../reminders/channel-service.ts";
import { reminderMailOf } from "../reminders/mail-preferences-service.ts";
import { accountPage } from "./account-pages.tsx";
import { channelPaths } from "./channel-forms.tsx";
import { PATHS } from "./layout.tsx";
import { csrfOf, html, refusalOf } from "./page-kit.ts";

const On = Type.Optional(Type.Literal("1"));
const ChoiceForm = Type.Object({ email: On, push: On, zalo: On });
const DeviceForm = Type.Object({
  endpoint: Type.String({ minLength: 1, maxLength: 2000 }),
  p256dh: Type.String({ minLength: 1, maxLength: 200 }),
  auth: Type.String({ minLength: 1, maxLength: 100 }),
  label: Type.Optional(Type.String({ maxLength: 200 })),
});
const DeviceParams = Type.Object({ id: Type.String({ format: "uuid" }) });

export async function channelPages(app: App) {
  const { deps } = app;
  const tags = ["web"];

  app.post(
    channelPaths.choose,
    { schema: { tags, summary: "Chọn cách nhận nhắc lịch (HTML)", body: ChoiceForm } },
    async (request, reply) => {
      const p = requireUser(request);
      const b = request.body;
      const channels = (["email", "push", "zalo"] as const).filter((c) => b[c] === "1");
      try {
        await setChannels(deps, p, { channels });
        return reply.redirect(`${PATHS.account}?xong=kenh`, 303);
      } catch (e) {
        const err = refusalOf(e);
        const mail = await reminderMailOf(deps, p);
        const view = await channelsOf(deps, p);
        return html(reply, err.status).send(
          accountPage(p, await csrfOf(deps, p), {
            mail,
            zone: HOME_ZONE,
            // What was ticked stays ticked; a reason that belongs to one channel shows next to it.
            channels: view && { ...view, chosen: channels },
            channelError: err.message,
            channelErrorField: err.errors[0]?.field,
          }),
        );
      }
    },
  );

  app.post(
    channelPaths.devices,
    { schema: { tags, summary: "Máy này nhận thông báo nhắc lịch (Web Push)", body: DeviceForm } },
    async (request, reply) => {
      const p = requireUser(request);
      const b = request.body;
      await addDevice(deps, p, { ...b, label: b.label ?? "" });
      return reply.redirect(`${PATHS.account}?xong=thiet-bi`, 303);
    },
  );

  app.post(
    "/tai-khoan/thiet-bi/:id/xoa",
    { schema: { tags, summary: "Bỏ một máy nhận thông báo (HTML)", params: DeviceParams } },
    async (request, reply) => {
      const p = requireUser(request);
      await removeDevice(deps, p, request.params.id);
      return reply.redirect(`${PATHS.account}?xong=xoa-thiet-bi`, 303);
    },
  );
}
