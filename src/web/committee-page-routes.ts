/**
 * The committee's pages: `/cap-uy/:id` (the grid of branches by month), `/cap-uy/:id/dot-hoc-tap` (the
 * campaigns, their schedule and peaks, planning), `/cap-uy/:id/ngay-nghi` (holidays) and
 * `/cap-uy/:id/ban-tin/:month` (the printable topic sheet). Each handler is one service call and one
 * render; the services decide reach as for the API (another committee, or a branch's people: not found).
 * Forms are plain HTML posts: done → 303 back to the page; refused → the page again, 4xx, with what was
 * typed and the reason next to the field.
 */
import { DateTime } from "luxon";
import { type TSchema, Type } from "typebox";
import { Value } from "typebox/value";
import type { Principal } from "../auth/principal.ts";
import { DeadlineInput, EventInput, PeakInput } from "../campaigns/campaign-schemas.ts";
import {
  addDeadline,
  addEvent,
  addPeak,
  deleteDeadline,
  deleteEvent,
  deletePeak,
  updateDeadline,
  updateEvent,
  updatePeak,
} from "../campaigns/catalogue-service.ts";
import { setSchedule } from "../campaigns/schedule-service.ts";
import { HOME_ZONE } from "../domain/civil-date.ts";
import { deleteHolidayOverride, putHolidayOverride } from "../holidays/holiday-service.ts";
import type { AppError } from "../http/errors.ts";
import type { App, AppDeps } from "../http/types.ts";
import { type AjvError, validationProblems } from "../http/validation-messages.ts";
import { committeeGrid } from "../plan/grid-service.ts";
import { planCampaign } from "../plan/plan-service.ts";
import {
  campaignsPage,
  type FormState,
  gridPage,
  holidaysPage,
  refusedPage,
  topicSheetPage,
} from "./committee-pages.tsx";
import { campaignOfCommittee, campaignsView, holidaysView, topicSheet } from "./committee-service.ts";
import { PATHS } from "./layout.tsx";
import { csrfOf, fieldErrorsOf, html, orRefused, refusalOf, signedIn } from "./page-kit.ts";

const Uuid = Type.String({ format: "uuid" });
const Id = Type.Object({ id: Uuid });
const CampaignParams = Type.Object({ id: Uuid, campaignId: Uuid });
const PeakParams = Type.Object({ id: Uuid, campaignId: Uuid, peakId: Uuid });
const Text = (max = 300) => Type.Optional(Type.String({ maxLength: max }));

/** A form's number: digits only, else NaN (which the API's schema refuses). */
function num(s: string | undefined): number {
  return s && /^-?\d+$/.test(s.trim()) ? Number(s) : Number.NaN;
}

/** Why a field of a form fails the API's schema, in the page's words. */
const SCHEMA_REASONS: Record<string, string> = {
  day: "ngày phải là số từ 1 đến 31",
  month: "tháng phải là số từ 1 đến 12",
  baseYear: "năm phải là số từ 1000 đến 9999",
  year: "năm phải là số từ 1900 đến 9999, hoặc để trống",
  date: "hãy chọn một ngày",
  audience: "hãy chọn ai báo cáo",
};

/** The API's input schema run on what the form sent: field → reason. */
function schemaErrors(schema: TSchema, input: unknown): Record<string, string> {
  const errors: Record<string, string> = {};
  for (const e of Value.Errors(schema, input)) {
    const field = e.instancePath.replace(/^\//, "").split("/")[0] || "title";
    // A length is told as the API tells it ("không được dài quá 5000 ký tự"); other rules in the page's words.
    const told =
      e.keyword === "maxLength" ? validationProblems("body", [e as AjvError])[0]?.reason : undefined;
    errors[field] ??= told ?? SCHEMA_REASONS[field] ?? "không hợp lệ";
  }
  return errors;
}

/** On top of a refused form whose reasons are next to its fields. */
const REFUSED = "Chưa lưu được: xem lý do bên cạnh ô nhập.";

/** "2026" → 2026; anything else → undefined (the page's default). */
function intOf(s: string | undefined): number | undefined {
  return s && /^\d{1,5}$/.test(s) ? Number(s) : undefined;
}

function thisMonth(now: Date): string {
  return DateTime.fromJSDate(now, { zone: HOME_ZONE }).toFormat("yyyy-MM");
}

/** What the form sent, absent fields as empty. */
function typed(values: Record<string, string | undefined>): Record<string, string> {
  return Object.fromEntries(Object.entries(values).map(([k, v]) => [k, v ?? ""]));
}

/** A refusal of no form's field (out of reach, not allowed, already gone): its message on top. */
const messageOnly = (message: string): FormState => ({ form: "", values: {}, errors: {}, message });

/** A refused form's state; a refusal that names no field of the form is shown as a message on top. */
function formState(
  form: string,
  values: Record<string, string | undefined>,
  err: AppError,
  rename?: (field: string) => string,
): FormState {
  const errors = fieldErrorsOf(err, { field: rename });
  const clean = typed(values);
  const named = Object.keys(errors).some((k) => k in clean);
  return { form, values: clean, errors, message: named ? REFUSED : err.message };
}

export async function committeePages(app: App) {
  const { deps } = app;
  const tags = ["web"];

  /** Runs a page read, answered with `status`; a 403/404 from the services becomes the refused page. */
  async function page(
    reply: Parameters<typeof html>[0],
    p: Principal,
    build: (csrf: string) => Promise<string>,
    status = 200,
  ) {
    const csrf = await csrfOf(deps, p);
    return orRefused(
      async () => {
        const body = await build(csrf);
        return html(reply, status).send(body);
      },
      (err) => html(reply, err.status).send(refusedPage(p, csrf, err.status, err.message)),
    );
  }

  /** A page of forms, read by `view` and drawn by `draw`, answered through `page`: with a refused form's
   * state and its status (4xx), or after a change with the notice `done`. */
  function formsPage<I, V>(
    view: (deps: AppDeps, p: Principal, input: I) => Promise<V>,
    draw: (
      p: Principal,
      csrf: string,
      v: V,
      o: { month: string; done?: string; state?: FormState },
    ) => string,
  ) {
    return (
      reply: Parameters<typeof html>[0],
      p: Principal,
      input: I,
      o: { status?: number; done?: string; state?: FormState },
    ) =>
      page(
        reply,
        p,
        async (csrf) =>
          draw(p, csrf, await view(deps, p, input), {
            month: thisMonth(deps.clock.now()),
            done: o.done,
            state: o.state,
          }),
        o.status,
      );
  }

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

  // ------------------------------------------------------------------------------------- campaigns

  const DONE: Record<string, string> = {
    "chu-de": "Đã lưu chủ đề của tháng.",
    "them-ngay": "Đã thêm ngày kỷ niệm.",
    "sua-ngay": "Đã lưu ngày kỷ niệm.",
    "xoa-ngay": "Đã xóa ngày kỷ niệm.",
    "them-han": "Đã thêm hạn báo cáo.",
    "sua-han": "Đã lưu hạn báo cáo.",
    "xoa-han": "Đã xóa hạn báo cáo.",
    "them-su-kien": "Đã thêm sự kiện.",
    "sua-su-kien": "Đã lưu sự kiện.",
    "xoa-su-kien": "Đã xóa sự kiện.",
  };

  /** The campaigns page again, for a refused form (status 4xx) or after a change (done). */
  const campaignsAgain = formsPage(campaignsView, campaignsPage);

  app.get(
    "/cap-uy/:id/dot-hoc-tap",
    {
      schema: {
        tags,
        summary: "Các đợt học tập của cấp ủy: chủ đề từng tháng, ngày kỷ niệm, hạn báo cáo (HTML)",
        params: Id,
        querystring: Type.Object({ dot: Text(40), xong: Text(40), kh: Text(60) }),
      },
    },
    async (request, reply) => {
      const p = signedIn(request, reply);
      if (!p) return reply;
      const q = request.query;
      let done = q.xong ? DONE[q.xong] : undefined;
      const plan = q.kh?.match(/^(\d+)-(\d+)-(\d+)-(\d+)-(\d+)$/);
      if (plan) {
        const [, branches, months, created, updated, kept] = plan;
        done = `Đã lập kế hoạch cho ${branches} chi bộ × ${months} tháng: ${created} buổi mới, ${updated} buổi cập nhật, ${kept} buổi giữ nguyên.`;
      }
      return campaignsAgain(
        reply,
        p,
        { committeeId: request.params.id, campaignId: q.dot || undefined },
        { done },
      );
    },
  );

  /** Back to the campaign after a change. */
  const backTo = (committeeId: string, campaignId: string, extra: string, anchor: string) =>
    `${PATHS.campaigns(committeeId)}?dot=${campaignId}&${extra}#${anchor}`;

  app.post(
    "/cap-uy/:id/dot-hoc-tap/:campaignId/chu-de",
    {
      schema: {
        tags,
        summary: "Ấn định (hoặc bỏ ấn định) chủ đề của một tháng (HTML)",
        params: CampaignParams,
        body: Type.Object({ month: Text(7), code: Text(40), _csrf: Text(200) }),
      },
    },
    async (request, reply) => {
      const p = signedIn(request, reply);
      if (!p) return reply;
      const { id, campaignId } = request.params;
      const { month = "", code = "" } = request.body;
      try {
        await campaignOfCommittee(deps, p, { committeeId: id, campaignId });
        await setSchedule(deps, p, { campaignId, months: { [month]: code || null } });
      } catch (e) {
        const err = refusalOf(e);
        if (err.status !== 400)
          return campaignsAgain(
            reply,
            p,
            { committeeId: id, campaignId },
            { status: err.status, state: messageOnly(err.message) },
          );
        const state = formState("schedule", { month, code }, err, (f) =>
          f.startsWith("months.") || f === "months"
            ? /chủ đề/.test(err.errors[0]?.reason ?? "")
              ? "code"
              : "month"
            : f,
        );
        return campaignsAgain(reply, p, { committeeId: id, campaignId }, { status: 400, state });
      }
      return reply.redirect(backTo(id, campaignId, "xong=chu-de", "lich"), 303);
    },
  );

  const PeakForm = Type.Object({
    day: Text(4),
    month: Text(4),
    baseYear: Text(6),
    name: Text(300),
    _csrf: Text(200),
  });
  type PeakFormBody = { day?: string; month?: string; baseYear?: string; name?: string };

  /** The form's strings as the API's peak input, checked by the API's own schema. */
  function peakInput(b: PeakFormBody, committeeId: string) {
    const input = {
      day: num(b.day),
      month: num(b.month),
      baseYear: num(b.baseYear),
      name: b.name ?? "",
      committeeId,
    };
    return { input, errors: schemaErrors(PeakInput, input) };
  }

  async function peakChange(
    request: { params: { id: string; campaignId: string; peakId?: string }; body: PeakFormBody },
    reply: Parameters<typeof html>[0],
    p: Principal,
  ) {
    const { id, campaignId, peakId } = request.params;
    const form = peakId ? `peak-${peakId}` : "peak-new";
    const values = {
      day: request.body.day,
      month: request.body.month,
      baseYear: request.body.baseYear,
      name: request.body.name,
    };
    try {
      await campaignOfCommittee(deps, p, { committeeId: id, campaignId });
      const { input, errors } = peakInput(request.body, id);
      if (Object.keys(errors).length) {
        const state = { form, values: typed(values), errors, message: REFUSED };
        return campaignsAgain(reply, p, { committeeId: id, campaignId }, { status: 400, state });
      }
      if (peakId) await updatePeak(deps, p, { campaignId, peakId, fields: input });
      else await addPeak(deps, p, { campaignId, fields: input });
    } catch (e) {
      const err = refusalOf(e);
      const state = formState(form, values, err);
      return campaignsAgain(reply, p, { committeeId: id, campaignId }, { status: err.status, state });
    }
    return reply.redirect(
      backTo(id, campaignId, peakId ? "xong=sua-ngay" : "xong=them-ngay", "cao-diem"),
      303,
    );
  }

  app.post(
    "/cap-uy/:id/dot-hoc-tap/:campaignId/ngay-ky-niem",
    {
      schema: {
        tags,
        summary: "Thêm ngày kỷ niệm của địa phương (HTML)",
        params: CampaignParams,
        body: PeakForm,
      },
    },
    async (request, reply) => {
      const p = signedIn(request, reply);
      if (!p) return reply;
      return peakChange(request, reply, p);
    },
  );

  app.post(
    "/cap-uy/:id/dot-hoc-tap/:campaignId/ngay-ky-niem/:peakId",
    {
      schema: { tags, summary: "Sửa ngày kỷ niệm của địa phương (HTML)", params: PeakParams, body: PeakForm },
    },
    async (request, reply) => {
      const p = signedIn(request, reply);
      if (!p) return reply;
      return peakChange(request, reply, p);
    },
  );

  app.post(
    "/cap-uy/:id/dot-hoc-tap/:campaignId/ngay-ky-niem/:peakId/xoa",
    {
      schema: {
        tags,
        summary: "Xóa ngày kỷ niệm của địa phương (HTML)",
        params: PeakParams,
        body: Type.Optional(Type.Object({ _csrf: Text(200) })),
      },
    },
    async (request, reply) => {
      const p = signedIn(request, reply);
      if (!p) return reply;
      const { id, campaignId, peakId } = request.params;
      try {
        await campaignOfCommittee(deps, p, { committeeId: id, campaignId });
        await deletePeak(deps, p, { campaignId, peakId });
      } catch (e) {
        const err = refusalOf(e);
        return campaignsAgain(
          reply,
          p,
          { committeeId: id, campaignId },
          { status: err.status, state: messageOnly(err.message) },
        );
      }
      return reply.redirect(backTo(id, campaignId, "xong=xoa-ngay", "cao-diem"), 303);
    },
  );

  // Deadlines and events: added by a form, edited in place by a form per row, removed by a button (the
  // API's services and schemas).

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

  /** Runs a change of the campaign's catalogue from a form: values checked by the API's schema, then the
   * service; refused → the page again with the reasons next to the fields. */
  async function catalogueChange(
    reply: Parameters<typeof html>[0],
    p: Principal,
    o: {
      committeeId: string;
      campaignId: string;
      form: string;
      values: Record<string, string | undefined>;
      errors?: Record<string, string>;
      run: () => Promise<unknown>;
      done: string;
      anchor: string;
    },
  ) {
    const { committeeId, campaignId, form } = o;
    try {
      await campaignOfCommittee(deps, p, { committeeId, campaignId });
      if (o.errors && Object.keys(o.errors).length) {
        const state = { form, values: typed(o.values), errors: o.errors, message: REFUSED };
        return campaignsAgain(reply, p, { committeeId, campaignId }, { status: 400, state });
      }
      await o.run();
    } catch (e) {
      const err = refusalOf(e);
      const state = formState(form, o.values, err);
      return campaignsAgain(reply, p, { committeeId, campaignId }, { status: err.status, state });
    }
    return reply.redirect(backTo(committeeId, campaignId, `xong=${o.done}`, o.anchor), 303);
  }

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
    return { fields, values, errors: schemaErrors(DeadlineInput, fields) };
  }

  type EventBody = { date?: string; title?: string; description?: string };
  /** An event form's strings as the API's event fields (checked by its schema), and what was typed. */
  function eventOf(b: EventBody) {
    const fields = { date: b.date ?? "", title: b.title ?? "", description: b.description ?? "" };
    return { fields, values: { ...fields }, errors: schemaErrors(EventInput, fields) };
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
    read: (b: B) => { fields: F; values: Record<string, string | undefined>; errors: Record<string, string> };
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
          const p = signedIn(request, reply);
          if (!p) return reply;
          const { id, campaignId, itemId } = request.params as {
            id: string;
            campaignId: string;
            itemId?: string;
          };
          const { fields, values, errors } = kind.read(request.body as B);
          return catalogueChange(reply, p, {
            committeeId: id,
            campaignId,
            form: `${kind.form}-${itemId ?? "new"}`,
            values,
            errors,
            run: () =>
              itemId ? kind.update(p, campaignId, itemId, fields) : kind.add(p, campaignId, fields),
            done: itemId ? kind.updated : kind.added,
            anchor: itemId ? `${kind.anchor}-${itemId}` : kind.anchor,
          });
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
    update: (p, campaignId, eventId, fields) => updateEvent(deps, p, { campaignId, eventId, fields }),
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
        const p = signedIn(request, reply);
        if (!p) return reply;
        const { id, campaignId, itemId } = request.params;
        return catalogueChange(reply, p, {
          committeeId: id,
          campaignId,
          form: "",
          values: {},
          run: () => remove(p, campaignId, itemId),
          done,
          anchor,
        });
      },
    );
  }

  app.post(
    "/cap-uy/:id/dot-hoc-tap/:campaignId/lap-ke-hoach",
    {
      schema: {
        tags,
        summary: "Lập kế hoạch sinh hoạt cho mọi chi bộ trực thuộc (HTML)",
        params: CampaignParams,
        body: Type.Optional(Type.Object({ _csrf: Text(200) })),
      },
    },
    async (request, reply) => {
      const p = signedIn(request, reply);
      if (!p) return reply;
      const { id, campaignId } = request.params;
      try {
        await campaignOfCommittee(deps, p, { committeeId: id, campaignId });
        const r = await planCampaign(deps, p, { campaignId });
        const kh = [r.branches, r.months, r.created, r.updated, r.untouched].join("-");
        return reply.redirect(backTo(id, campaignId, `kh=${kh}`, "camp-title"), 303);
      } catch (e) {
        const err = refusalOf(e);
        return campaignsAgain(
          reply,
          p,
          { committeeId: id, campaignId },
          { status: err.status, state: messageOnly(err.message) },
        );
      }
    },
  );

  // ---------------------------------------------------------------------------------------- holidays

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
