/** Reminder fixtures inserted directly with drizzle: a committee, a branch, a campaign with a topic and
 * the 19/5 peak, members (secretary, member, guest, one without email, one who left) and one meeting. */
import { eq } from "drizzle-orm";
import { DateTime } from "luxon";
import type { Db } from "../../src/db/client.ts";
import {
  branches,
  campaigns,
  channelChoices,
  committees,
  meetings,
  members,
  peakDates,
  topics,
  users,
} from "../../src/db/schema.ts";
import { regionOfBranch, regionOfCommittee } from "../helpers/region.ts";

export interface Seeded {
  committeeId: string;
  branchId: string;
  campaignId: string;
  meetingId: string;
  secretary: { id: string; email: string };
  member: { id: string; email: string };
  guest: { id: string; email: string };
  noEmail: { id: string };
  left: { id: string; email: string };
  extra: { id: string; email: string }[];
}

export const TOPIC_TITLE = "Xây dựng & chỉnh đốn Đảng <trong sạch>";

export async function seed(
  db: Db,
  opts: {
    tag: string;
    date?: string;
    start?: string;
    extraMembers?: number;
    firstMonth?: string;
    lastMonth?: string;
  },
): Promise<Seeded> {
  const { tag } = opts;
  const date = opts.date ?? "2026-05-15";
  const start = DateTime.fromISO(`${date}T${opts.start ?? "14:00"}`, { zone: "Asia/Ho_Chi_Minh" });
  const [c] = await db
    .insert(committees)
    .values({ name: `Đảng ủy phường Nguyễn Trãi ${tag}`, ancestorIds: [] })
    .returning();
  await db
    .update(committees)
    .set({ ancestorIds: [c!.id] })
    .where(eq(committees.id, c!.id));
  const [b] = await db
    .insert(branches)
    .values({
      committeeId: c!.id,
      regionId: regionOfCommittee(c!.id),
      name: `Chi bộ Tổ dân phố 5 ${tag}`,
      place: "Nhà văn hóa tổ 5, số 12 ngõ Hòa Bình",
    })
    .returning();
  const [camp] = await db
    .insert(campaigns)
    .values({
      committeeId: c!.id,
      title: "Học tập tác phẩm",
      bookTitle: "Một số vấn đề lý luận và thực tiễn",
      firstMonth: opts.firstMonth ?? `${date.slice(0, 4)}-01-01`,
      lastMonth: opts.lastMonth ?? `${date.slice(0, 4)}-12-01`,
    })
    .returning();
  const [topic] = await db
    .insert(topics)
    .values({
      campaignId: camp!.id,
      position: 1,
      code: "1.3",
      part: 1,
      partTitle: "Xây dựng Đảng",
      title: TOPIC_TITLE,
      pageStart: 115,
      pageEnd: 140,
      summary: "Tự phê bình và phê bình là quy luật phát triển của Đảng.",
      prompts: ["Chi bộ đã làm gì để giữ kỷ luật?", "Liên hệ bản thân."],
      links: [{ title: "Bài viết gốc", url: "https://tulieu.example.vn/bai-3?a=1&b=2" }],
    })
    .returning();
  await db.insert(peakDates).values({
    campaignId: camp!.id,
    day: 19,
    month: 5,
    baseYear: 1890,
    name: "Ngày sinh Chủ tịch Hồ Chí Minh",
  });
  const add = async (
    fullName: string,
    email: string | null,
    extra: Partial<typeof members.$inferInsert> = {},
  ) => {
    const [m] = await db
      .insert(members)
      .values({ branchId: b!.id, regionId: regionOfBranch(b!.id), fullName, email, ...extra })
      .returning();
    return m!;
  };
  const secretary = await add("Nguyễn Thị Hằng", `hang.${tag}@example.vn`, { role: "secretary" });
  const member = await add("Trần Văn Đức", `duc.${tag}@example.vn`);
  const guest = await add("Lê Thu Hà", `ha.${tag}@example.vn`, { role: "guest" });
  const noEmail = await add("Hoàng Văn Mười", null, { phone: "0912345678" });
  const left = await add("Phạm Văn Đi", `di.${tag}@example.vn`, { leftOn: "2026-03-01" });
  const extra = [];
  for (let i = 0; i < (opts.extraMembers ?? 0); i++) {
    extra.push(await add(`Đảng viên số ${i + 1}`, `dv${i + 1}.${tag}@example.vn`));
  }
  const [m] = await db
    .insert(meetings)
    .values({
      branchId: b!.id,
      regionId: regionOfBranch(b!.id),
      campaignId: camp!.id,
      month: `${date.slice(0, 7)}-01`,
      date,
      startAt: start.toJSDate(),
      endAt: start.plus({ hours: 2 }).toJSDate(),
      place: "Nhà văn hóa tổ 5, số 12 ngõ Hòa Bình",
      topicId: topic!.id,
      updatedAt: new Date("2026-04-01T00:00:00Z"),
    })
    .returning();
  const e = (x: { id: string; email: string | null }) => ({ id: x.id, email: x.email! });
  return {
    committeeId: c!.id,
    branchId: b!.id,
    campaignId: camp!.id,
    meetingId: m!.id,
    secretary: e(secretary),
    member: e(member),
    guest: e(guest),
    noEmail: { id: noEmail.id },
    left: e(left),
    extra: extra.map(e),
  };
}

/** What the planner does when a meeting moves: new times, revision + 1, updated_at now. */
export async function moveMeeting(db: Db, meetingId: string, date: string, startLocal: string, now: Date) {
  const [m] = await db.select().from(meetings).where(eq(meetings.id, meetingId));
  const start = DateTime.fromISO(`${date}T${startLocal}`, { zone: "Asia/Ho_Chi_Minh" });
  await db
    .update(meetings)
    .set({
      date,
      startAt: start.toJSDate(),
      endAt: start.plus({ hours: 2 }).toJSDate(),
      revision: m!.revision + 1,
      updatedAt: now,
      edited: true,
    })
    .where(eq(meetings.id, meetingId));
}

export async function cancelMeeting(db: Db, meetingId: string, reason: string, now: Date) {
  const [m] = await db.select().from(meetings).where(eq(meetings.id, meetingId));
  await db
    .update(meetings)
    .set({ status: "cancelled", cancelReason: reason, revision: m!.revision + 1, updatedAt: now })
    .where(eq(meetings.id, meetingId));
}

/** Accounts (that cannot log in) for the seeded `extra` members, each choosing `channel` for reminders. */
export async function membersChoosing(db: Db, extra: Seeded["extra"], channel: string) {
  const us = await db
    .insert(users)
    .values(
      extra.map((m) => ({
        email: m.email,
        displayName: m.email,
        passwordHash: "x",
        role: "member" as const,
        memberId: m.id,
      })),
    )
    .returning({ id: users.id, email: users.email });
  await db.insert(channelChoices).values(us.map((u) => ({ userId: u.id, channels: [channel] })));
  return us;
}
