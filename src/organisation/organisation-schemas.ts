import { Type } from "typebox";
import { Email, IsoDate, Uuid } from "../http/schemas.ts";

export const Timezone = Type.String({
  minLength: 1,
  maxLength: 64,
  description: "IANA zone, e.g. Asia/Ho_Chi_Minh",
});

export const DayRuleSchema = Type.Union([
  Type.Object(
    { kind: Type.Literal("day_of_month"), day: Type.Integer({ minimum: 1, maximum: 31 }) },
    { additionalProperties: false },
  ),
  Type.Object(
    {
      kind: Type.Literal("weekday"),
      weekday: Type.Integer({ minimum: 1, maximum: 7, description: "1 = Thứ Hai … 7 = Chủ nhật" }),
      nth: Type.Union(
        [
          Type.Literal(1),
          Type.Literal(2),
          Type.Literal(3),
          Type.Literal(4),
          Type.Literal(5),
          Type.Literal(-1),
        ],
        { description: "-1 = cuối cùng" },
      ),
    },
    { additionalProperties: false },
  ),
]);

export const MeetingRuleSchema = Type.Object(
  {
    day: DayRuleSchema,
    startTime: Type.String({ pattern: "^([01]\\d|2[0-3]):[0-5]\\d$", description: "HH:mm, giờ địa phương" }),
    durationMinutes: Type.Integer({ minimum: 15, maximum: 720 }),
    shift: Type.Union([Type.Literal("next"), Type.Literal("previous"), Type.Literal("keep")]),
  },
  { additionalProperties: false },
);

const BranchName = Type.String({ minLength: 1, maxLength: 200 });
const OnlineUrl = Type.String({ format: "uri", pattern: "^https?://", maxLength: 500 });
const BranchFields = {
  timezone: Type.Optional(Timezone),
  meetingRule: Type.Optional(MeetingRuleSchema),
  place: Type.Optional(Type.Union([Type.String({ maxLength: 300 }), Type.Null()])),
  onlineUrl: Type.Optional(Type.Union([OnlineUrl, Type.Null()])),
};

/** POST /committees/:id/branches (and the page that creates a branch). */
export const BranchCreateInput = Type.Object(
  { name: BranchName, ...BranchFields },
  { additionalProperties: false },
);

/** PATCH /branches/:id (and the branch's settings page). */
export const BranchUpdateInput = Type.Object(
  { name: Type.Optional(BranchName), ...BranchFields, committeeId: Type.Optional(Uuid) },
  { additionalProperties: false, minProperties: 1 },
);

export const Committee = Type.Object({
  id: Uuid,
  parentId: Type.Union([Uuid, Type.Null()]),
  name: Type.String(),
  reportCode: Type.String({ description: 'Ký hiệu sau số văn bản: "HU" cho "Số: …-BC/HU"' }),
  signedFor: Type.String({ description: 'Dòng thẩm quyền ký: "T/M BAN THƯỜNG VỤ", "T/M ĐẢNG ỦY"' }),
  signerTitle: Type.String({ description: 'Chức vụ người ký: "BÍ THƯ", "PHÓ BÍ THƯ"' }),
  place: Type.String({ description: 'Địa danh ở dòng ngày tháng ("Xín Mần, ngày …"); rỗng: để trống' }),
  derived: Type.Array(Type.String(), { description: "Các trường lấy theo tên cấp ủy (chưa đặt riêng)" }),
});

/** How a committee's documents are headed: each field optional; null goes back to what the name says. */
export const CommitteeHeadingInput = {
  reportCode: Type.Optional(
    Type.Union([
      Type.String({ minLength: 1, maxLength: 20, description: "Ký hiệu, ví dụ HU, ĐU, TU" }),
      Type.Null(),
    ]),
  ),
  signedFor: Type.Optional(Type.Union([Type.String({ minLength: 1, maxLength: 120 }), Type.Null()])),
  signerTitle: Type.Optional(Type.Union([Type.String({ minLength: 1, maxLength: 80 }), Type.Null()])),
  place: Type.Optional(Type.Union([Type.String({ maxLength: 120 }), Type.Null()])),
};

export const Branch = Type.Object({
  id: Uuid,
  committeeId: Uuid,
  name: Type.String(),
  timezone: Type.String(),
  meetingRule: MeetingRuleSchema,
  ruleText: Type.String(),
  place: Type.Union([Type.String(), Type.Null()]),
  onlineUrl: Type.Union([Type.String(), Type.Null()]),
});

export const MemberRoleSchema = Type.Union([
  Type.Literal("secretary"),
  Type.Literal("deputy_secretary"),
  Type.Literal("committee_member"),
  Type.Literal("member"),
  Type.Literal("guest"),
]);
export const MemberStatusSchema = Type.Union([Type.Literal("full"), Type.Literal("probationary")]);

/** A phone number as people type it; the service checks it is a Vietnamese mobile (src/domain/vn-phone.ts). */
export const PhoneInput = Type.String({ pattern: "^\\+?[0-9 .()\\-]{8,25}$", maxLength: 25 });

export const Member = Type.Object({
  id: Uuid,
  branchId: Uuid,
  fullName: Type.String(),
  email: Type.Union([Type.String(), Type.Null()]),
  phone: Type.Union([Type.String(), Type.Null()]),
  role: MemberRoleSchema,
  status: MemberStatusSchema,
  joinedOn: Type.Union([Type.String(), Type.Null()]),
  leftOn: Type.Union([Type.String(), Type.Null()]),
});

export const MemberInput = Type.Object(
  {
    fullName: Type.String({ minLength: 1, maxLength: 200 }),
    email: Type.Optional(Type.Union([Email, Type.Null()])),
    phone: Type.Optional(Type.Union([PhoneInput, Type.Null()])),
    role: Type.Optional(MemberRoleSchema),
    status: Type.Optional(MemberStatusSchema),
    joinedOn: Type.Optional(Type.Union([IsoDate, Type.Null()])),
  },
  { additionalProperties: false },
);
