import { Type } from "typebox";
import { IsoDate, IsoMonth, Uuid } from "../http/schemas.ts";
import { PlanResultSchema } from "../plan/plan-schemas.ts";

const Str = (max: number, min = 1) => Type.String({ minLength: min, maxLength: max });
const Day = Type.Integer({ minimum: 1, maximum: 31 });
const MonthNo = Type.Integer({ minimum: 1, maximum: 12 });
const Page = Type.Integer({ minimum: 1, maximum: 100_000 });
const Url = Type.String({ format: "uri", pattern: "^https?://", maxLength: 1000 });
const TopicCode = Type.String({
  minLength: 1,
  maxLength: 32,
  pattern: "^[A-Za-z0-9][A-Za-z0-9._-]*$",
  description: "Mã chủ đề, ví dụ P1.2",
});

export const ReminderOffset = Type.Object(
  {
    days: Type.Integer({ minimum: 0, maximum: 60 }),
    at: Type.String({ pattern: "^([01]\\d|2[0-3]):[0-5]\\d$", description: "HH:mm" }),
  },
  { additionalProperties: false },
);

const campaignFields = {
  title: Str(500),
  bookTitle: Str(500),
  bookAuthor: Type.Optional(Str(200, 0)),
  description: Type.Optional(Str(5000, 0)),
  firstMonth: IsoMonth,
  lastMonth: IsoMonth,
  quorum: Type.Optional(
    Type.Number({ exclusiveMinimum: 0, maximum: 1, description: "Tỷ lệ dự họp tối thiểu" }),
  ),
  minutesDueDays: Type.Optional(Type.Integer({ minimum: 0, maximum: 90 })),
  reminderOffsets: Type.Optional(Type.Array(ReminderOffset, { maxItems: 10 })),
};

export const CampaignInput = Type.Object(
  { committeeId: Uuid, ...campaignFields },
  { additionalProperties: false },
);

export const CampaignPatch = Type.Partial(Type.Object(campaignFields), {
  additionalProperties: false,
  minProperties: 1,
});

export const CopyInput = Type.Object(
  { committeeId: Uuid, firstMonth: IsoMonth, lastMonth: IsoMonth, title: Type.Optional(Str(500)) },
  { additionalProperties: false },
);

export const Campaign = Type.Object({
  id: Uuid,
  committeeId: Type.Union([Uuid, Type.Null()]),
  template: Type.Boolean({ description: "Đợt sinh hoạt mẫu đi kèm dịch vụ (chưa thuộc cấp ủy nào)" }),
  canEdit: Type.Boolean(),
  title: Type.String(),
  bookTitle: Type.String(),
  bookAuthor: Type.String(),
  description: Type.String(),
  firstMonth: Type.String({ description: "yyyy-MM" }),
  lastMonth: Type.String({ description: "yyyy-MM" }),
  quorum: Type.Number(),
  minutesDueDays: Type.Integer(),
  reminderOffsets: Type.Array(ReminderOffset),
  seedKey: Type.Union([Type.String(), Type.Null()]),
});

const Link = Type.Object({ title: Str(300), url: Url }, { additionalProperties: false });

const topicFields = {
  code: TopicCode,
  part: Type.Integer({ minimum: 0, maximum: 20, description: "0 = giá trị của tác phẩm" }),
  partTitle: Type.Optional(Str(500, 0)),
  title: Str(500),
  pageStart: Type.Optional(Type.Union([Page, Type.Null()])),
  pageEnd: Type.Optional(Type.Union([Page, Type.Null()])),
  pagesEstimated: Type.Optional(
    Type.Boolean({ description: "Số trang chỉ là ước tính (ghi “khoảng trang …”)" }),
  ),
  summary: Type.Optional(Str(10_000, 0)),
  prompts: Type.Optional(Type.Array(Str(2000), { maxItems: 30 })),
  links: Type.Optional(Type.Array(Link, { maxItems: 30 })),
};

export const TopicInput = Type.Object(topicFields, { additionalProperties: false });
export const TopicPatch = Type.Partial(Type.Object(topicFields), {
  additionalProperties: false,
  minProperties: 1,
});
export const TopicOrder = Type.Object(
  { codes: Type.Array(TopicCode, { minItems: 1, maxItems: 500 }) },
  { additionalProperties: false },
);

export const Topic = Type.Object({
  id: Uuid,
  position: Type.Integer(),
  code: Type.String(),
  part: Type.Integer(),
  partTitle: Type.String(),
  title: Type.String(),
  pageStart: Type.Union([Type.Integer(), Type.Null()]),
  pageEnd: Type.Union([Type.Integer(), Type.Null()]),
  pagesEstimated: Type.Boolean(),
  summary: Type.String(),
  prompts: Type.Array(Type.String()),
  links: Type.Array(Type.Object({ title: Type.String(), url: Type.String() })),
});

export const TopicRemoval = Type.Object({
  topicId: Uuid,
  title: Type.String(),
  studied: Type.Integer({ description: "Buổi đã học chủ đề: biên bản và lịch sử vẫn ghi chủ đề này" }),
  freedMonths: Type.Array(Type.String({ description: "yyyy-MM" }), {
    description: "Các tháng đã ấn định chủ đề này, nay trả về luân phiên",
  }),
  plan: Type.Union([PlanResultSchema, Type.Null()], {
    description: "Kế hoạch được lập lại (null khi đợt chưa lập kế hoạch)",
  }),
  cleared: Type.Integer({
    description: "Buổi sắp tới do bí thư sửa vẫn mang chủ đề này, nay chưa có chủ đề để bí thư chọn lại",
  }),
});

const peakFields = {
  day: Day,
  month: MonthNo,
  baseYear: Type.Integer({ minimum: 1000, maximum: 9999, description: "Năm tính kỷ niệm" }),
  name: Str(500),
  committeeId: Type.Optional(
    Type.Union([Uuid, Type.Null()], {
      description: "null = toàn quốc; một cấp ủy = ngày kỷ niệm của địa phương",
    }),
  ),
};
export const PeakInput = Type.Object(peakFields, { additionalProperties: false });
export const PeakPatch = Type.Partial(Type.Object(peakFields), {
  additionalProperties: false,
  minProperties: 1,
});
export const Peak = Type.Object({
  id: Uuid,
  day: Type.Integer(),
  month: Type.Integer(),
  baseYear: Type.Integer(),
  name: Type.String(),
  committeeId: Type.Union([Uuid, Type.Null()]),
});

const Audience = Type.Union([Type.Literal("branch"), Type.Literal("committee")]);
const deadlineFields = {
  day: Day,
  month: MonthNo,
  year: Type.Optional(
    Type.Union([Type.Integer({ minimum: 1900, maximum: 9999 }), Type.Null()], {
      description: "null = hằng năm",
    }),
  ),
  audience: Audience,
  title: Str(1000),
};
export const DeadlineInput = Type.Object(deadlineFields, { additionalProperties: false });
export const DeadlinePatch = Type.Partial(Type.Object(deadlineFields), {
  additionalProperties: false,
  minProperties: 1,
});
export const Deadline = Type.Object({
  id: Uuid,
  day: Type.Integer(),
  month: Type.Integer(),
  year: Type.Union([Type.Integer(), Type.Null()]),
  audience: Audience,
  title: Type.String(),
});

const eventFields = {
  date: IsoDate,
  title: Str(500),
  description: Type.Optional(Str(5000, 0)),
  committeeId: Type.Optional(
    Type.Union([Uuid, Type.Null()], {
      description: "null = mọi chi bộ theo đợt sinh hoạt; một cấp ủy = chỉ các chi bộ thuộc cấp ủy đó",
    }),
  ),
};
export const EventInput = Type.Object(eventFields, { additionalProperties: false });
export const EventPatch = Type.Partial(
  Type.Object({
    ...eventFields,
    confirmed: Type.Boolean({
      description: "Cán bộ xác nhận sự kiện sao chép chưa thể đổi ngày, năm cho đúng (true: đưa lên lịch)",
    }),
  }),
  { additionalProperties: false, minProperties: 1 },
);
export const CampaignEvent = Type.Object({
  id: Uuid,
  date: Type.String(),
  title: Type.String(),
  description: Type.String(),
  committeeId: Type.Union([Uuid, Type.Null()]),
  confirmed: Type.Boolean({
    description: "false: sự kiện sao chép chờ cán bộ xác nhận, chưa lên lịch của ai",
  }),
});

export const ScheduleMonth = Type.Object({
  month: Type.String({ description: "yyyy-MM" }),
  topicId: Type.Union([Uuid, Type.Null()]),
  code: Type.Union([Type.String(), Type.Null()]),
  title: Type.Union([Type.String(), Type.Null()]),
  fixed: Type.Boolean({ description: "Cấp ủy đã ấn định chủ đề cho tháng này" }),
});
export const Schedule = Type.Object({
  campaignId: Uuid,
  months: Type.Array(ScheduleMonth),
  scheduleProblems: Type.Array(Type.Object({ month: Type.String(), reason: Type.String() })),
});
export const ScheduleInput = Type.Object(
  {
    months: Type.Record(Type.String(), Type.Union([TopicCode, Type.Null()]), {
      description: 'Tháng → mã chủ đề, ví dụ {"2026-05": "P1.2"}; null bỏ ấn định tháng đó',
    }),
  },
  { additionalProperties: false },
);

export const CampaignDetail = Type.Object({
  ...Campaign.properties,
  topics: Type.Array(Topic),
  peakDates: Type.Array(Peak),
  deadlines: Type.Array(Deadline),
  events: Type.Array(CampaignEvent),
  schedule: Type.Array(ScheduleMonth),
  scheduleProblems: Type.Array(Type.Object({ month: Type.String(), reason: Type.String() })),
});
