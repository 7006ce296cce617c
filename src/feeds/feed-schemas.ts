/** TypeBox schemas of the calendar feed subscriptions. */
import { Type } from "typebox";
import { Uuid } from "../http/schemas.ts";

export const FeedKindSchema = Type.Union(
  [Type.Literal("branch"), Type.Literal("member"), Type.Literal("committee")],
  {
    description:
      "branch: lịch của chi bộ; member: lịch của đảng viên; committee: lịch của mọi chi bộ thuộc cấp ủy",
  },
);

export const NewFeedBody = Type.Object(
  {
    kind: FeedKindSchema,
    branchId: Type.Optional(Uuid),
    memberId: Type.Optional({
      ...Uuid,
      description: "Đảng viên (kind member); bỏ trống: chính người đang đăng nhập",
    }),
    committeeId: Type.Optional(Uuid),
  },
  { additionalProperties: false },
);

export const FeedSubscriptionSchema = Type.Object({
  id: Uuid,
  kind: FeedKindSchema,
  branchId: Type.Union([Uuid, Type.Null()]),
  memberId: Type.Union([Uuid, Type.Null()]),
  committeeId: Type.Union([Uuid, Type.Null()]),
  withDeadlines: Type.Boolean({ description: "Lịch có kèm các hạn báo cáo (lịch của bí thư)" }),
  createdAt: Type.String({ format: "date-time" }),
});

export const FeedLinkSchema = Type.Object({
  ...FeedSubscriptionSchema.properties,
  httpsUrl: Type.String({ description: "Đường dẫn https://…/feeds/<mã>.ics; chỉ hiện khi tạo hoặc đổi mã" }),
  webcalUrl: Type.String({ description: "Đường dẫn webcal:// để đăng ký trong ứng dụng lịch" }),
});

export const FeedParams = Type.Object({ token: Type.String({ maxLength: 200 }) });
