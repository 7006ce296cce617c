/**
 * The committee's rating settings page (`/cap-uy/:id/xep-loai`): GET shows the settings in force, POST sets
 * the committee's own through `updateRatingSettings` (PUT /api/committees/:id/rating-settings), each part read
 * with the API's TypeBox schema (`readForm`); refused → the page again, 400, the reason next to the field;
 * done → 303 back to the page.
 */
import type { FastifyReply } from "fastify";
import { Type } from "typebox";
import { type Principal, requireUser } from "../auth/principal.ts";
import { civilThisMonth } from "../domain/civil-date.ts";
import { slug } from "../domain/document-heading.ts";
import type { App } from "../http/types.ts";
import { QualitySchema, SchemeSchema, YearRuleSchema } from "../ratings/ratings-routes.ts";
import {
  type CommitteeRatingSettings,
  committeeRatingSettings,
  type RatingSettingsInput,
  updateRatingSettings,
} from "../ratings/ratings-service.ts";
import { refusedPage } from "./committee-nav.tsx";
import { type FieldErrors, type FormState, readForm } from "./forms.ts";
import { PATHS } from "./layout.tsx";
import { csrfOf, fieldErrorsOf, html, orRefused, refusalOf, UUID_RE } from "./page-kit.ts";
import { ratingSettingsPage } from "./rating-settings-page.tsx";

const Params = Type.Object({ id: Type.String({ maxLength: 60 }) });
const FIELDS = [
  "attendanceShare",
  "attendanceStrict",
  "minMinutes",
  "combinedMinMinutes",
  "thematicPerQuarter",
  "criteria",
  "tot",
  "kha",
  "trung_binh",
  "topShare",
  "goodShare",
  "passShare",
  "capOnWeak",
  "capOnMissingThematic",
  "inherit_quality",
  "inherit_scheme",
  "inherit_yearRule",
];
const Body = Type.Object({
  ...Object.fromEntries(FIELDS.map((f) => [f, Type.Optional(Type.String({ maxLength: 4000 }))])),
  _csrf: Type.Optional(Type.String({ maxLength: 200 })),
});
type Form = Record<string, string | undefined>;

/** "85" or "85,5" (per cent) → 0.85; anything else stays text for the schema to name. */
const share = (v = "") => (/^\d+([.,]\d+)?$/.test(v.trim()) ? Number(v.trim().replace(",", ".")) / 100 : v);
const int = (v = "") => (/^\d+$/.test(v.trim()) ? Number(v.trim()) : v);

/** The scheme's lines "tên | điểm"; a criterion keeps its key when its name is unchanged. */
function schemeOf(b: Form, was: CommitteeRatingSettings["scheme"], errors: FieldErrors) {
  // Lines, or ";" between criteria (the page renders them on one line: see settingsValues).
  const lines = (b.criteria ?? "").split(/\r?\n|;/).filter((l) => l.trim());
  const criteria = lines.map((line, i) => {
    const [label = "", points = ""] = line.split("|").map((x) => x.trim());
    const key =
      was.criteria.find((c) => c.label === label)?.key ??
      (slug(label).replace(/-/g, "_") || `tieu_chi_${i + 1}`);
    return { key, label, maxPoints: int(points) };
  });
  if (lines.some((l) => !/^[^|]+\|\s*\d+\s*$/.test(l.trim())))
    errors.criteria = "Mỗi tiêu chí ghi: tên | điểm tối đa (số nguyên), cách nhau bởi dấu chấm phẩy.";
  const scheme = {
    criteria,
    minTotal: { tot: int(b.tot), kha: int(b.kha), trung_binh: int(b.trung_binh) },
    fullForTop: was.fullForTop.filter((k) => criteria.some((c) => c.key === k)),
  };
  const read = readForm(SchemeSchema, scheme);
  if (!read.ok)
    for (const [k, r] of Object.entries(read.errors)) errors[k === "minTotal" ? "tot" : "criteria"] ??= r;
  return read.ok ? read.value : null;
}

/** The API's field ("quality.minMinutes", "scheme") as the form's. */
const formField = (f: string) => (f === "scheme" ? "criteria" : f.replace(/^(quality|yearRule)\./, ""));

export async function ratingSettingsPages(app: App) {
  const { deps } = app;
  const url = `${PATHS.committee(":id")}/xep-loai`;

  async function answer(
    reply: FastifyReply,
    p: Principal,
    id: string,
    o: { status?: number; state?: FormState; done?: boolean } = {},
  ) {
    const csrf = await csrfOf(deps, p);
    const refused = async (status: number, message: string) =>
      html(reply, status).send(refusedPage(p, csrf, status, message));
    if (!UUID_RE.test(id)) return refused(404, "Không tìm thấy cấp ủy");
    return orRefused(
      async () => {
        const s = await committeeRatingSettings(deps, p, { committeeId: id });
        const month = civilThisMonth(deps.clock.now());
        return html(reply, o.status ?? 200).send(ratingSettingsPage({ p, csrf, s, month, ...o }));
      },
      (err) => refused(err.status, err.message),
      [403, 404],
    );
  }

  app.get(
    url,
    {
      schema: {
        tags: ["web"],
        summary: "Cài đặt xếp loại chất lượng sinh hoạt chi bộ của cấp ủy (HTML)",
        params: Params,
        querystring: Type.Object({ xong: Type.Optional(Type.String({ maxLength: 20 })) }),
      },
    },
    async (request, reply) =>
      answer(reply, requireUser(request), request.params.id, { done: request.query.xong === "1" }),
  );

  app.post(
    url,
    {
      schema: {
        tags: ["web"],
        summary: "Lưu tiêu chí khung, thang điểm và cách xếp loại năm của cấp ủy (HTML)",
        params: Params,
        body: Body,
      },
    },
    async (request, reply) => {
      const p = requireUser(request);
      const { id } = request.params;
      const b = request.body as Form;
      const values = Object.fromEntries(FIELDS.map((f) => [f, b[f] ?? ""]));
      const again = (errors: FieldErrors, message = "Chưa lưu được: xem lý do bên cạnh ô nhập.") =>
        answer(reply, p, id, { status: 400, state: { form: "xep-loai", values, errors, message } });
      if (!UUID_RE.test(id)) return answer(reply, p, id);
      const current = await orRefused(
        () => committeeRatingSettings(deps, p, { committeeId: id }),
        () => null,
        [403, 404],
      );
      if (!current) return answer(reply, p, id);
      const errors: FieldErrors = {};
      const input: RatingSettingsInput = { committeeId: id };
      if (b.inherit_quality === "1") input.quality = null;
      else {
        const read = readForm(QualitySchema, {
          attendanceShare: share(b.attendanceShare),
          attendanceStrict: b.attendanceStrict === "1",
          minMinutes: int(b.minMinutes),
          combinedMinMinutes: int(b.combinedMinMinutes),
          thematicPerQuarter: int(b.thematicPerQuarter),
        });
        if (read.ok) input.quality = read.value;
        else Object.assign(errors, read.errors);
      }
      if (b.inherit_scheme === "1") input.scheme = null;
      else {
        const scheme = schemeOf(b, current.scheme, errors);
        if (scheme) input.scheme = scheme;
      }
      if (b.inherit_yearRule === "1") input.yearRule = null;
      else {
        const read = readForm(YearRuleSchema, {
          topShare: share(b.topShare),
          goodShare: share(b.goodShare),
          passShare: share(b.passShare),
          capOnWeak: b.capOnWeak === "1",
          capOnMissingThematic: b.capOnMissingThematic === "1",
        });
        if (read.ok) input.yearRule = read.value;
        else Object.assign(errors, read.errors);
      }
      if (Object.keys(errors).length > 0) return again(errors);
      try {
        await updateRatingSettings(deps, p, input);
      } catch (e) {
        const err = refusalOf(e);
        if (err.status !== 400) return answer(reply, p, id);
        return again(fieldErrorsOf(err, { field: formField }));
      }
      return reply.redirect(`${PATHS.committee(id)}/xep-loai?xong=1`, 303);
    },
  );
}
