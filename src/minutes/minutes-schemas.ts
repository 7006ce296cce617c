import { type TSchema, Type } from "typebox";
import { ABSENCE_FLAG_THRESHOLD } from "../domain/minutes-rules.ts";
import { IsoDate, Uuid } from "../http/schemas.ts";

const Nullable = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()]);
const Time = Type.String({ pattern: "^([01]\\d|2[0-3]):[0-5]\\d$", description: "HH:mm, giờ địa phương" });
/** Minutes are Vietnamese prose of any reasonable length. */
const Prose = (max: number) => Type.String({ maxLength: max });
const Person = Type.String({ minLength: 1, maxLength: 200 });

export const AttendanceStatusSchema = Type.Union(
  [Type.Literal("present"), Type.Literal("absent_excused"), Type.Literal("absent_unexcused")],
  { description: "có mặt / vắng có lý do / vắng không lý do" },
);

export const FlaggedMember = Type.Object({
  memberId: Uuid,
  fullName: Type.String(),
  year: Type.Integer(),
  unexcusedAbsences: Type.Integer(),
  meetingDates: Type.Array(Type.String()),
});

export const AttendanceInputSchema = Type.Object(
  {
    members: Type.Array(
      Type.Object(
        {
          memberId: Uuid,
          status: AttendanceStatusSchema,
          reason: Type.Optional(Nullable(Type.String({ maxLength: 500 }))),
        },
        { additionalProperties: false },
      ),
      { maxItems: 2000 },
    ),
    guests: Type.Optional(
      Type.Array(
        Type.Union([
          Type.String({ minLength: 1, maxLength: 200 }),
          Type.Object(
            { name: Type.String({ minLength: 1, maxLength: 200 }), present: Type.Boolean() },
            { additionalProperties: false },
          ),
        ]),
        {
          maxItems: 500,
          description:
            "Khách mời không có trong danh sách, ghi theo tên; { name, present } để đánh dấu khách có mặt",
        },
      ),
    ),
  },
  { additionalProperties: false },
);

export const AttendanceView = Type.Object({
  meetingId: Uuid,
  date: Type.String(),
  meetingStatus: Type.String(),
  recorded: Type.Boolean(),
  recordedAt: Nullable(Type.String()),
  members: Type.Array(
    Type.Object({
      memberId: Uuid,
      fullName: Type.String(),
      expected: Type.Boolean(),
      status: Nullable(AttendanceStatusSchema),
      reason: Nullable(Type.String()),
      flagged: Type.Boolean({
        description: `Vắng không lý do từ ${ABSENCE_FLAG_THRESHOLD} lần trở lên trong năm`,
      }),
    }),
  ),
  invited: Type.Array(
    Type.Object({ memberId: Uuid, fullName: Type.String(), status: Nullable(AttendanceStatusSchema) }),
  ),
  guests: Type.Array(Type.String()),
  guestList: Type.Array(Type.Object({ name: Type.String(), present: Type.Boolean() }), {
    description: "Khách mời ghi theo tên, có mặt hay không",
  }),
  guestsPresent: Type.Integer({ description: "Khách mời có mặt (không tính vào tỉ lệ)" }),
  counts: Type.Object({
    expected: Type.Integer(),
    present: Type.Integer(),
    absentExcused: Type.Integer(),
    absentUnexcused: Type.Integer(),
  }),
  rate: Nullable(Type.Number({ description: "Tỉ lệ có mặt, 0…1" })),
  quorum: Type.Object({ share: Type.Number(), minimumPresent: Type.Integer(), reached: Type.Boolean() }),
  flagged: Type.Array(FlaggedMember),
});

const Task = Type.Object(
  {
    content: Type.String({ minLength: 1, maxLength: 5000 }),
    assignee: Type.Optional(Type.String({ maxLength: 200 })),
    due: Type.Optional(IsoDate),
  },
  { additionalProperties: false },
);
const Opinion = Type.Object(
  { by: Person, opinion: Type.String({ minLength: 1, maxLength: 100_000 }) },
  { additionalProperties: false },
);

const Count = Type.Integer({ minimum: 0, maximum: 100_000 });
/** The resolution and its vote: the three counts together cannot exceed the members present. */
export const ResolutionSchema = Type.Object(
  {
    text: Type.String({ minLength: 1, maxLength: 100_000, description: "Nghị quyết (nội dung)" }),
    agree: Count,
    disagree: Count,
    other: Count,
  },
  {
    additionalProperties: false,
    description: "Nghị quyết và biểu quyết: nhất trí / không nhất trí / ý kiến khác",
  },
);

/** The template's place, guests and agenda (issue 20): also read from the page's form (readForm). */
export const OfficialPartsSchema = Type.Object(
  {
    // The official template's parts (issue 20): optional, so that a draft saves without them; what is
    // missing is named in the answer (`missingParts`).
    place: Type.Optional(Type.String({ maxLength: 300, description: "Địa điểm" })),
    guests: Type.Optional(
      Type.Array(Type.String({ minLength: 1, maxLength: 300 }), {
        maxItems: 100,
        description: "Khách mời dự (họ tên, chức vụ)",
      }),
    ),
    agenda: Type.Optional(
      Type.Array(Type.String({ minLength: 1, maxLength: 2000 }), {
        maxItems: 50,
        description: "Nội dung sinh hoạt",
      }),
    ),
  },
  { additionalProperties: false },
);

const contentFields = {
  chair: Person,
  recorder: Person,
  startTime: Time,
  endTime: Time,
  introducedBy: Person,
  discussion: Type.Array(Opinion, { maxItems: 500 }),
  conclusions: Prose(200_000),
  tasks: Type.Array(Task, { maxItems: 500 }),
  ...OfficialPartsSchema.properties,
  resolution: Type.Optional(Nullable(ResolutionSchema)),
  readBack: Type.Optional(
    Type.Boolean({ description: "Biên bản đã được đọc lại và thông qua trước khi bế mạc" }),
  ),
};

export const MinutesInputSchema = Type.Object(
  {
    ...contentFields,
    topicId: Type.Optional(
      Nullable(
        Type.String({ format: "uuid", description: "Chuyên đề đã học; mặc định là chuyên đề theo kế hoạch" }),
      ),
    ),
    reason: Type.Optional(Type.String({ maxLength: 2000, description: "Bắt buộc khi sửa biên bản đã nộp" })),
    baseRevision: Type.Optional(
      Type.Integer({
        minimum: 0,
        maximum: 2_147_483_647,
        description: "Phiên bản đang sửa; lệch với bản hiện tại thì bị từ chối (409)",
      }),
    ),
  },
  { additionalProperties: false },
);

const Content = Type.Object({
  chair: Type.String(),
  recorder: Type.String(),
  startTime: Type.String(),
  endTime: Type.String(),
  topicId: Nullable(Type.String()),
  introducedBy: Type.String(),
  discussion: Type.Array(Type.Object({ by: Type.String(), opinion: Type.String() })),
  conclusions: Type.String(),
  tasks: Type.Array(
    Type.Object({
      content: Type.String(),
      assignee: Type.Optional(Type.String()),
      due: Type.Optional(Type.String()),
    }),
  ),
  place: Type.String(),
  guests: Type.Array(Type.String()),
  agenda: Type.Array(Type.String()),
  resolution: Nullable(
    Type.Object({
      text: Type.String(),
      agree: Type.Integer(),
      disagree: Type.Integer(),
      other: Type.Integer(),
    }),
  ),
  readBack: Type.Boolean(),
});

export const MinutesView = Type.Object({
  meetingId: Uuid,
  revision: Type.Integer(),
  content: Type.Object({ ...Content.properties, topicTitle: Nullable(Type.String()) }),
  missingParts: Type.Array(Type.String(), {
    description: "Các phần của mẫu biên bản còn thiếu (rỗng: đủ); không chặn việc lưu",
  }),
  readBack: Type.Boolean({ description: "Biên bản đã được thông qua trước khi bế mạc" }),
  submitted: Type.Boolean(),
  submittedAt: Nullable(Type.String()),
  submittedRevision: Nullable(Type.Integer()),
  dueDate: Type.String(),
  late: Type.Boolean({ description: "Nộp sau hạn, hoặc quá hạn mà chưa nộp" }),
  amendments: Type.Array(
    Type.Object({
      revision: Type.Integer(),
      reason: Type.String(),
      at: Type.String(),
      by: Nullable(Type.String()),
    }),
  ),
  updatedAt: Type.String(),
});

export const Revision = Type.Object({
  revision: Type.Integer(),
  content: Content,
  reason: Nullable(Type.String()),
  afterSubmission: Type.Boolean(),
  createdAt: Type.String(),
  createdBy: Nullable(Type.String()),
});

export const FileInfo = Type.Object({
  id: Uuid,
  fileName: Type.String(),
  mime: Type.String(),
  size: Type.Integer(),
  sha256: Type.String(),
  uploadedAt: Type.String(),
  uploadedBy: Nullable(Type.String()),
});
