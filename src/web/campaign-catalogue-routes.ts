/**
 * The campaigns page's forms that make a campaign (what only POST /api/campaigns, …/copy, …/topics and
 * …/topics/order did): create one, copy one for a new period, add, edit and reorder its topics. Each form is
 * read by the API's own TypeBox schema (`readForm`), runs the same service (the same reach and audit) and
 * answers with a redirect; a refusal shows the page again with the reasons next to the fields.
 */
import { type Static, type TSchema, Type } from "typebox";
import { type Principal, requireUser } from "../auth/principal.ts";
import { CampaignInput, CampaignPatch, CopyInput, TopicInput } from "../campaigns/campaign-schemas.ts";
import { copyCampaign, createCampaign, editCampaign } from "../campaigns/campaign-service.ts";
import { addTopic, moveTopic, updateTopic } from "../campaigns/catalogue-service.ts";
import { removeTopic } from "../campaigns/topic-removal-service.ts";
import type { App } from "../http/types.ts";
import type { PlanResult } from "../plan/plan-service.ts";
import { EDIT_FORM } from "./campaign-edit-form.tsx";
import { campaignFormKit } from "./campaign-form-kit.ts";
import { backTo, CampaignParams, Id, num, Text, Uuid } from "./committee-page-kit.ts";
import { readForm } from "./forms.ts";

type Body = Record<string, string | undefined>;

/** The page's words for a field the API's schema refuses. */
const REASONS: Record<string, string> = {
  firstMonth: "hãy chọn tháng, ví dụ 12/2026",
  lastMonth: "hãy chọn tháng, ví dụ 11/2027",
  sourceId: "hãy chọn đợt để sao chép",
  code: "mã gồm chữ không dấu, chữ số, dấu chấm hoặc gạch, ví dụ P1.2",
  part: "phần phải là số từ 0 đến 20",
  pageStart: "trang phải là số từ 1",
  pageEnd: "trang phải là số từ 1",
  quorum: "tỷ lệ phải lớn hơn 0 và không quá 100 (%), ví dụ 66,7",
  minutesDueDays: "số ngày phải từ 0 đến 90",
};

/** A percentage typed "66,7" or "66.7" → the API's share 0.667; anything else → NaN (the schema refuses). */
function shareOf(s: string | undefined): number {
  const v = (s ?? "").trim().replace(",", ".");
  return /^\d+(\.\d+)?$/.test(v) ? Math.round(Number(v) * 10) / 1000 : Number.NaN;
}

/** A re-planning's figures for the campaigns page's notice (`kh`). */
const planParam = (r: PlanResult | null) =>
  r ? `&kh=${[r.branches, r.months, r.created, r.updated, r.untouched].join("-")}` : "";

/** "12/2026" (typed where the browser has no month picker) or "2026-12" → "2026-12"; else as typed. */
function monthOf(s: string | undefined): string {
  const v = (s ?? "").trim();
  const m = /^(\d{1,2})\/(\d{4})$/.exec(v);
  return m ? `${m[2]}-${m[1]!.padStart(2, "0")}` : v;
}

/** An optional number field: empty → null. */
const optionalNum = (s: string | undefined) => (s?.trim() ? num(s) : null);

const CampaignForm = Type.Object({
  title: Text(500),
  bookTitle: Text(500),
  bookAuthor: Text(200),
  description: Text(5000),
  firstMonth: Text(20),
  lastMonth: Text(20),
  _csrf: Text(200),
});
const EditForm = Type.Object({ ...CampaignForm.properties, quorum: Text(20), minutesDueDays: Text(6) });
const CopyForm = Type.Object({
  sourceId: Text(40),
  firstMonth: Text(20),
  lastMonth: Text(20),
  title: Text(500),
  _csrf: Text(200),
});
const TopicForm = Type.Object({
  code: Text(40),
  part: Text(6),
  partTitle: Text(500),
  title: Text(500),
  pageStart: Text(8),
  pageEnd: Text(8),
  pagesEstimated: Text(2),
  // Checked against the API's limits by its schema, so that a longer text comes back next to its field.
  summary: Text(100_000),
  prompts: Text(100_000),
  _csrf: Text(200),
});
/** The API's copy input with the campaign copied (a path parameter of the API, a field of the form). */
const CopyRead = Type.Object({ ...CopyInput.properties, sourceId: Uuid }, { additionalProperties: false });
const TopicParams = Type.Object({ id: Uuid, campaignId: Uuid, topicId: Uuid });

/** The strings of a campaign's form (new or edited) as the API's campaign fields. */
function campaignFields(b: Body) {
  return {
    title: b.title ?? "",
    bookTitle: b.bookTitle ?? "",
    bookAuthor: b.bookAuthor ?? "",
    description: b.description ?? "",
    firstMonth: monthOf(b.firstMonth),
    lastMonth: monthOf(b.lastMonth),
  };
}

/** A topic form's strings as the API's topic fields. */
function topicInput(b: Body) {
  return {
    code: (b.code ?? "").trim(),
    part: num(b.part),
    partTitle: b.partTitle ?? "",
    title: b.title ?? "",
    pageStart: optionalNum(b.pageStart),
    pageEnd: optionalNum(b.pageEnd),
    pagesEstimated: b.pagesEstimated === "1",
    summary: b.summary ?? "",
    prompts: (b.prompts ?? "")
      .split(/\r?\n/)
      .map((l) => l.trim())
      .filter(Boolean),
  };
}

export function campaignCatalogueRoutes(app: App) {
  const { deps } = app;
  const tags = ["web"];
  const { campaignForm, campaignAction } = campaignFormKit(deps);

  /** One of these forms: what it sent (`b`) read by the API's `schema` in the page's words, then `write`; out of
   * reach or not allowed is told on top of the page, the form closed. */
  function change<S extends TSchema>(
    reply: Parameters<typeof campaignForm>[0],
    p: Principal,
    at: { committeeId: string; campaignId?: string },
    form: { name: string; b: Body; schema: S; input: unknown },
    write: (value: Static<S>) => Promise<string>,
  ) {
    return campaignForm(reply, p, at, {
      form: form.name,
      values: { ...form.b, _csrf: undefined },
      read: readForm(form.schema, form.input, { reasons: REASONS }),
      onTop: (status) => status === 404 || status === 403,
      write,
    });
  }

  app.post(
    "/cap-uy/:id/dot-hoc-tap/moi",
    { schema: { tags, summary: "Tạo đợt học tập của cấp ủy (HTML)", params: Id, body: CampaignForm } },
    async (request, reply) => {
      const p = requireUser(request);
      const committeeId = request.params.id;
      const b = request.body as Body;
      const input = { committeeId, ...campaignFields(b) };
      return change(
        reply,
        p,
        { committeeId },
        { name: "campaign-new", b, schema: CampaignInput, input },
        async (v) => {
          const c = await createCampaign(deps, p, v);
          return backTo(committeeId, c.id, "xong=tao-dot", "danh-muc");
        },
      );
    },
  );

  app.post(
    "/cap-uy/:id/dot-hoc-tap/sao-chep",
    {
      schema: {
        tags,
        summary: "Sao chép một đợt học tập (đợt mẫu hoặc đợt trước) cho thời gian mới (HTML)",
        params: Id,
        body: CopyForm,
      },
    },
    async (request, reply) => {
      const p = requireUser(request);
      const committeeId = request.params.id;
      const b = request.body as Body;
      const input = {
        committeeId,
        firstMonth: monthOf(b.firstMonth),
        lastMonth: monthOf(b.lastMonth),
        ...(b.title?.trim() ? { title: b.title } : {}),
        sourceId: (b.sourceId ?? "").trim(),
      };
      return change(
        reply,
        p,
        { committeeId },
        { name: "campaign-copy", b, schema: CopyRead, input },
        async (v) => {
          const c = await copyCampaign(deps, p, v);
          return backTo(committeeId, c.id, "xong=sao-chep", "camp-title");
        },
      );
    },
  );

  for (const editing of [false, true]) {
    app.post(
      `/cap-uy/:id/dot-hoc-tap/:campaignId/danh-muc${editing ? "/:topicId" : ""}`,
      {
        schema: {
          tags,
          summary: editing ? "Sửa chủ đề (HTML)" : "Thêm chủ đề vào danh mục (HTML)",
          params: editing ? TopicParams : CampaignParams,
          body: TopicForm,
        },
      },
      async (request, reply) => {
        const p = requireUser(request);
        const { id, campaignId, topicId } = request.params as {
          id: string;
          campaignId: string;
          topicId?: string;
        };
        const b = request.body as Body;
        return change(
          reply,
          p,
          { committeeId: id, campaignId },
          { name: `topic-${topicId ?? "new"}`, b, schema: TopicInput, input: topicInput(b) },
          async (fields) => {
            if (topicId) {
              await updateTopic(deps, p, { campaignId, topicId, fields });
              return backTo(id, campaignId, "xong=sua-chu-de", `chu-de-${topicId}`);
            }
            const t = await addTopic(deps, p, { campaignId, fields });
            return backTo(id, campaignId, "xong=them-chu-de", `chu-de-${t?.id ?? ""}`);
          },
        );
      },
    );
  }

  app.post(
    "/cap-uy/:id/dot-hoc-tap/:campaignId/danh-muc/:topicId/thu-tu",
    {
      schema: {
        tags,
        summary: "Đưa chủ đề lên hoặc xuống một bậc trong danh mục (HTML)",
        params: TopicParams,
        body: Type.Object({ huong: Text(10), _csrf: Text(200) }),
      },
    },
    async (request, reply) => {
      const p = requireUser(request);
      const { id, campaignId, topicId } = request.params;
      const step = request.body.huong === "len" ? -1 : 1;
      return campaignAction(reply, p, { committeeId: id, campaignId }, async () => {
        await moveTopic(deps, p, { campaignId, topicId, step });
        return backTo(id, campaignId, "xong=thu-tu", `chu-de-${topicId}`);
      });
    },
  );

  app.post(
    "/cap-uy/:id/dot-hoc-tap/:campaignId/sua",
    { schema: { tags, summary: "Sửa đợt học tập (HTML)", params: CampaignParams, body: EditForm } },
    async (request, reply) => {
      const p = requireUser(request);
      const { id, campaignId } = request.params;
      const b = request.body as Body;
      const input = {
        ...campaignFields(b),
        quorum: shareOf(b.quorum),
        minutesDueDays: num(b.minutesDueDays),
      };
      return change(
        reply,
        p,
        { committeeId: id, campaignId },
        { name: EDIT_FORM, b, schema: CampaignPatch, input },
        async (fields) => {
          const r = await editCampaign(deps, p, { campaignId, fields });
          const tach = r.detached ? `&tach=${r.detached}` : "";
          return backTo(id, campaignId, `xong=sua-dot${planParam(r.plan)}${tach}`, "camp-title");
        },
      );
    },
  );

  app.post(
    "/cap-uy/:id/dot-hoc-tap/:campaignId/danh-muc/:topicId/bo",
    {
      schema: {
        tags,
        summary: "Bỏ chủ đề khỏi danh mục (HTML)",
        params: TopicParams,
        body: Type.Optional(Type.Object({ _csrf: Text(200) })),
      },
    },
    async (request, reply) => {
      const p = requireUser(request);
      const { id, campaignId, topicId } = request.params;
      return campaignAction(reply, p, { committeeId: id, campaignId }, async () => {
        const r = await removeTopic(deps, p, { campaignId, topicId });
        const extra = `${planParam(r.plan)}&hoc=${r.studied}&bo=${r.cleared}`;
        return backTo(id, campaignId, `xong=bo-chu-de${extra}`, "danh-muc");
      });
    },
  );
}
