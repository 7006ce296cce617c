/** The meeting-quality API: a committee's rating settings, a meeting's quality and its points. */
import { type TSchema, Type } from "typebox";
import { requireUser } from "../auth/principal.ts";
import { IdParams, problems } from "../http/schemas.ts";
import type { App } from "../http/types.ts";
import {
  committeeRatingSettings,
  meetingQuality,
  rateHeldMeeting,
  updateRatingSettings,
} from "./ratings-service.ts";

const Nullable = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()]);
const Share = Type.Number({ exclusiveMinimum: 0, maximum: 1, description: "Tỷ lệ, 0–1" });
const Band = Type.Union([
  Type.Literal("tot"),
  Type.Literal("kha"),
  Type.Literal("trung_binh"),
  Type.Literal("kem"),
]);

export const QualitySchema = Type.Object(
  {
    attendanceShare: Type.Number({
      exclusiveMinimum: 0,
      maximum: 1,
      description: "Tỷ lệ đảng viên dự (HD 12: 0,85)",
    }),
    attendanceStrict: Type.Boolean({ description: 'true: "trên" tỷ lệ; false: "từ … trở lên"' }),
    minMinutes: Type.Integer({ minimum: 1, maximum: 600 }),
    combinedMinMinutes: Type.Integer({ minimum: 1, maximum: 600 }),
    thematicPerQuarter: Type.Integer({ minimum: 0, maximum: 3 }),
  },
  { additionalProperties: false },
);
export const SchemeSchema = Type.Object(
  {
    criteria: Type.Array(
      Type.Object(
        {
          key: Type.String({ minLength: 1, maxLength: 60, pattern: "^[a-z0-9_]+$" }),
          label: Type.String({ minLength: 1, maxLength: 200 }),
          maxPoints: Type.Integer({ minimum: 1, maximum: 1000 }),
        },
        { additionalProperties: false },
      ),
      { minItems: 1, maxItems: 20 },
    ),
    minTotal: Type.Object(
      // A band's least total: within what a scheme can sum (20 criteria of at most 1,000 points).
      {
        tot: Type.Integer({ minimum: 0, maximum: 20_000 }),
        kha: Type.Integer({ minimum: 0, maximum: 20_000 }),
        trung_binh: Type.Integer({ minimum: 0, maximum: 20_000 }),
      },
      { additionalProperties: false },
    ),
    fullForTop: Type.Array(Type.String({ maxLength: 60 }), { maxItems: 20 }),
  },
  { additionalProperties: false },
);
export const YearRuleSchema = Type.Object(
  {
    topShare: Share,
    goodShare: Share,
    passShare: Share,
    capOnWeak: Type.Boolean(),
    capOnMissingThematic: Type.Boolean(),
  },
  { additionalProperties: false },
);
const Source = Type.Object({ kind: Type.String(), committeeId: Type.Optional(Type.String()) });
const SettingsSchema = Type.Object({
  committee: Type.Object({ id: Type.String(), name: Type.String() }),
  quality: QualitySchema,
  scheme: SchemeSchema,
  yearRule: YearRuleSchema,
  from: Type.Object({ quality: Source, scheme: Source, yearRule: Source }),
});
const QualityAnswer = Type.Object({
  held: Type.Boolean(),
  criteria: Type.Array(Type.Object({ key: Type.String(), met: Type.Boolean(), detail: Type.String() })),
  scheme: SchemeSchema,
  rating: Nullable(
    Type.Object({
      points: Type.Record(Type.String(), Type.Integer()),
      total: Type.Integer(),
      band: Band,
      ratedBy: Nullable(Type.String()),
      ratedAt: Type.Unsafe<Date>({ type: "string", format: "date-time" }),
    }),
  ),
});

export async function ratingsRoutes(app: App) {
  const { deps } = app;
  const tags = ["ratings"];
  app.get(
    "/committees/:id/rating-settings",
    {
      schema: {
        tags,
        summary:
          "Cài đặt xếp loại chất lượng sinh hoạt chi bộ đang áp dụng cho cấp ủy (và nguồn của từng phần)",
        params: IdParams,
        response: { 200: SettingsSchema, ...problems },
      },
    },
    async (request) =>
      committeeRatingSettings(deps, requireUser(request), { committeeId: request.params.id }),
  );
  app.put(
    "/committees/:id/rating-settings",
    {
      schema: {
        tags,
        summary:
          "Đặt tiêu chí khung, thang điểm và cách xếp loại năm của cấp ủy (null: theo cấp trên hoặc mặc định)",
        params: IdParams,
        body: Type.Object(
          {
            quality: Type.Optional(Nullable(QualitySchema)),
            scheme: Type.Optional(Nullable(SchemeSchema)),
            yearRule: Type.Optional(Nullable(YearRuleSchema)),
          },
          { additionalProperties: false },
        ),
        response: { 200: SettingsSchema, ...problems },
      },
    },
    async (request) =>
      updateRatingSettings(deps, requireUser(request), { committeeId: request.params.id, ...request.body }),
  );
  app.get(
    "/meetings/:id/quality",
    {
      schema: {
        tags,
        summary: "Chất lượng buổi sinh hoạt: tiêu chí khung tính từ hồ sơ, thang điểm và điểm đã chấm",
        params: IdParams,
        response: { 200: QualityAnswer, ...problems },
      },
    },
    async (request) => meetingQuality(deps, requireUser(request), { meetingId: request.params.id }),
  );
  app.put(
    "/meetings/:id/rating",
    {
      schema: {
        tags,
        summary:
          "Chấm điểm buổi sinh hoạt đã diễn ra theo thang điểm của cấp ủy (bí thư hoặc cấp ủy cấp trên)",
        params: IdParams,
        body: Type.Object(
          {
            points: Type.Record(Type.String({ maxLength: 60 }), Type.Integer({ minimum: 0, maximum: 1000 })),
          },
          { additionalProperties: false },
        ),
        response: { 200: QualityAnswer, ...problems },
      },
    },
    async (request) =>
      rateHeldMeeting(deps, requireUser(request), {
        meetingId: request.params.id,
        points: request.body.points,
      }),
  );
}
