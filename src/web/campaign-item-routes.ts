import { type TSchema, Type } from "typebox";
import { type Principal, requireUser } from "../auth/principal.ts";
import { DeadlineInput, EventInput } from "../campaigns/campaign-schemas.ts";
import {
  addDeadline,
  addEvent,
  deleteDeadline,
  deleteEvent,
  updateDeadline,
  updateEvent,
} from "../campaigns/catalogue-service.ts";
import type { App } from "../http/types.ts";
import { campaignFormKit } from "./campaign-form-kit.ts";
import { backTo, CampaignParams, num, readPageForm, Text, Uuid } from "./committee-page-kit.ts";
import type { FormRead } from "./forms.ts";

export function campaignItemRoutes(app: App) {
  const { deps } = app;
  const tags = ["web"];
  const { campaignForm, campaignAction } = campaignFormKit(deps);

  const DeadlineForm = Type.Object({
    day: Text(4),
    month: Text(4),
    year: Text(6),
    audience: Text(20),
    title: Text(1000),
    _csrf: Text(200),
  });
  const EventForm = Type.Object({
    date: Text(10),
    title: Text(500),
    // Checked against the API's 5000 by `eventOf`, so that a longer note comes back next to its field, kept.
    description: Text(500_000),
    _csrf: Text(200),
  });

  type DeadlineBody = { day?: string; month?: string; year?: string; audience?: string; title?: string };
  /** A deadline form's strings as the API's deadline fields (checked by its schema), and what was typed. */
  function deadlineOf(b: DeadlineBody) {
    const fields = {
      day: num(b.day),
      month: num(b.month),
      year: b.year?.trim() ? num(b.year) : null,
      audience: (b.audience === "committee" ? "committee" : "branch") as "branch" | "committee",
      title: b.title ?? "",
    };
    const values = { day: b.day, month: b.month, year: b.year, audience: b.audience, title: b.title };
    return { values, read: readPageForm(DeadlineInput, fields) };
  }

  type EventBody = { date?: string; title?: string; description?: string };
  /** An event form's strings as the API's event fields (checked by its schema), and what was typed. */
  function eventOf(b: EventBody) {
    const fields = { date: b.date ?? "", title: b.title ?? "", description: b.description ?? "" };
    return { values: { ...fields }, read: readPageForm(EventInput, fields) };
  }

  const ItemParams = Type.Object({ id: Uuid, campaignId: Uuid, itemId: Uuid });

  /**
   * A catalogue item's two forms: "Thêm" (added under the campaign) and "Sửa" (one per item, folded in its
   * row). Both read the form through `read` (the API's schema), run the service and come back to the item.
   */
  function itemForms<B, F>(kind: {
    path: string;
    noun: string;
    form: string;
    anchor: string;
    body: TSchema;
    read: (b: B) => { values: Record<string, string | undefined>; read: FormRead<F> };
    add: (p: Principal, campaignId: string, fields: F) => Promise<unknown>;
    update: (p: Principal, campaignId: string, itemId: string, fields: F) => Promise<unknown>;
    added: string;
    updated: string;
  }) {
    for (const editing of [false, true]) {
      app.post(
        `/cap-uy/:id/dot-hoc-tap/:campaignId/${kind.path}${editing ? "/:itemId" : ""}`,
        {
          schema: {
            tags,
            summary: `${editing ? "Sửa" : "Thêm"} ${kind.noun} (HTML)`,
            params: editing ? ItemParams : CampaignParams,
            body: kind.body,
          },
        },
        async (request, reply) => {
          const p = requireUser(request);
          const { id, campaignId, itemId } = request.params as {
            id: string;
            campaignId: string;
            itemId?: string;
          };
          const { values, read } = kind.read(request.body as B);
          return campaignForm(
            reply,
            p,
            { committeeId: id, campaignId },
            {
              form: `${kind.form}-${itemId ?? "new"}`,
              values,
              read,
              write: async (fields) => {
                if (itemId) await kind.update(p, campaignId, itemId, fields);
                else await kind.add(p, campaignId, fields);
                const anchor = itemId ? `${kind.anchor}-${itemId}` : kind.anchor;
                return backTo(id, campaignId, `xong=${itemId ? kind.updated : kind.added}`, anchor);
              },
            },
          );
        },
      );
    }
  }

  itemForms({
    path: "han-bao-cao",
    noun: "hạn báo cáo",
    form: "deadline",
    anchor: "han",
    body: DeadlineForm,
    read: deadlineOf,
    add: (p, campaignId, fields) => addDeadline(deps, p, { campaignId, fields }),
    update: (p, campaignId, deadlineId, fields) =>
      updateDeadline(deps, p, { campaignId, deadlineId, fields }),
    added: "them-han",
    updated: "sua-han",
  });

  itemForms({
    path: "su-kien",
    noun: "sự kiện của đợt",
    form: "event",
    anchor: "su-kien",
    body: EventForm,
    read: eventOf,
    add: (p, campaignId, fields) => addEvent(deps, p, { campaignId, fields }),
    // Saved from the page, where the officer read it: a copied event waiting for confirmation is confirmed.
    update: (p, campaignId, eventId, fields) =>
      updateEvent(deps, p, { campaignId, eventId, fields: { ...fields, confirmed: true } }),
    added: "them-su-kien",
    updated: "sua-su-kien",
  });

  const RemovalBody = Type.Optional(Type.Object({ _csrf: Text(200) }));
  /** The catalogue's removal buttons: the path's word, the service call, the notice and the anchor after. */
  type Removal = {
    path: string;
    summary: string;
    remove: (p: Principal, campaignId: string, itemId: string) => Promise<unknown>;
    done: string;
    anchor: string;
  };
  const removals: Removal[] = [
    {
      path: "han-bao-cao",
      summary: "Xóa hạn báo cáo (HTML)",
      remove: (p, campaignId, deadlineId) => deleteDeadline(deps, p, { campaignId, deadlineId }),
      done: "xoa-han",
      anchor: "han",
    },
    {
      path: "su-kien",
      summary: "Xóa sự kiện của đợt (HTML)",
      remove: (p, campaignId, eventId) => deleteEvent(deps, p, { campaignId, eventId }),
      done: "xoa-su-kien",
      anchor: "su-kien",
    },
  ];
  for (const { path, summary, remove, done, anchor } of removals) {
    app.post(
      `/cap-uy/:id/dot-hoc-tap/:campaignId/${path}/:itemId/xoa`,
      {
        schema: {
          tags,
          summary,
          params: ItemParams,
          body: RemovalBody,
        },
      },
      async (request, reply) => {
        const p = requireUser(request);
        const { id, campaignId, itemId } = request.params;
        return campaignAction(reply, p, { committeeId: id, campaignId }, async () => {
          await remove(p, campaignId, itemId);
          return backTo(id, campaignId, `xong=${done}`, anchor);
        });
      },
    );
  }
}
