/**
 * Feed fixtures inserted directly with drizzle: a city committee with a ward below it (and an unrelated
 * committee), two branches under the ward, members with emails, a campaign with topics, national and
 * local peak days, report deadlines, and monthly meetings of branch A from 2025-03 to 2027-04.
 */
import { eq } from "drizzle-orm";
import { createUser } from "../../src/auth/users-service.ts";
import type { Db } from "../../src/db/client.ts";
import {
  branches,
  campaigns,
  committees,
  deadlines,
  meetings,
  members,
  peakDates,
  topics,
} from "../../src/db/schema.ts";
import { regionOfBranch, regionOfCommittee } from "../helpers/region.ts";

/** Organisation rows get a fixed change time, so that Last-Modified is known. */
const FIXED = new Date("2025-01-01T00:00:00Z");

export const PASSWORD = "mat-khau-dai-du-10";

function monthsBetween(first: string, last: string): string[] {
  const out: string[] = [];
  let [y, m] = first.split("-").map(Number) as [number, number];
  const [ly, lm] = last.split("-").map(Number) as [number, number];
  while (y < ly || (y === ly && m <= lm)) {
    out.push(`${y}-${String(m).padStart(2, "0")}`);
    m++;
    if (m > 12) {
      m = 1;
      y++;
    }
  }
  return out;
}

export async function seedFeeds(db: Db, tag: string) {
  const [city] = await db
    .insert(committees)
    .values({ name: `Thành ủy Hà Giang ${tag}`, ancestorIds: [], updatedAt: FIXED })
    .returning();
  await db
    .update(committees)
    .set({ updatedAt: FIXED, ancestorIds: [city!.id] })
    .where(eq(committees.id, city!.id));
  const [ward] = await db
    .insert(committees)
    .values({
      name: `Đảng ủy phường Nguyễn Trãi ${tag}`,
      parentId: city!.id,
      ancestorIds: [],
      updatedAt: FIXED,
    })
    .returning();
  await db
    .update(committees)
    .set({ updatedAt: FIXED, ancestorIds: [city!.id, ward!.id] })
    .where(eq(committees.id, ward!.id));
  const [other] = await db
    .insert(committees)
    .values({ name: `Đảng ủy xã Chế Là ${tag}`, ancestorIds: [], updatedAt: FIXED })
    .returning();
  await db
    .update(committees)
    .set({ updatedAt: FIXED, ancestorIds: [other!.id] })
    .where(eq(committees.id, other!.id));

  const [branchA] = await db
    .insert(branches)
    .values({
      committeeId: ward!.id,
      regionId: regionOfCommittee(ward!.id),
      name: "Chi bộ Tổ dân phố 5",
      updatedAt: FIXED,
      place: "Nhà văn hóa tổ 5, số 12 ngõ Hòa Bình",
    })
    .returning();
  const [branchB] = await db
    .insert(branches)
    .values({
      committeeId: ward!.id,
      regionId: regionOfCommittee(ward!.id),
      name: "Chi bộ Tổ dân phố 7",
      updatedAt: FIXED,
      place: "Hội trường phường",
    })
    .returning();
  const [branchX] = await db
    .insert(branches)
    .values({
      committeeId: other!.id,
      regionId: regionOfCommittee(other!.id),
      name: "Chi bộ thôn Bản Lầng",
      updatedAt: FIXED,
    })
    .returning();

  const [secretary] = await db
    .insert(members)
    .values({
      branchId: branchA!.id,
      regionId: regionOfBranch(branchA!.id),
      fullName: "Nguyễn Thị Hằng",
      email: `hang.${tag}@example.vn`,
      role: "secretary",
    })
    .returning();
  const [memberA] = await db
    .insert(members)
    .values({
      branchId: branchA!.id,
      regionId: regionOfBranch(branchA!.id),
      fullName: "Trần Văn Đức",
      email: `duc.${tag}@example.vn`,
      joinedOn: "2025-09-10",
    })
    .returning();
  const [memberA2] = await db
    .insert(members)
    .values({
      branchId: branchA!.id,
      regionId: regionOfBranch(branchA!.id),
      fullName: "Lê Thị Ánh",
      email: `anh.${tag}@example.vn`,
    })
    .returning();
  await db.insert(members).values({
    branchId: branchB!.id,
    regionId: regionOfBranch(branchB!.id),
    fullName: "Phạm Quốc Việt",
    email: `viet.${tag}@example.vn`,
  });

  const users = {
    secretary: { email: `bt.${tag}@test.vn`, password: PASSWORD },
    member: { email: `dv.${tag}@test.vn`, password: PASSWORD },
    member2: { email: `dv2.${tag}@test.vn`, password: PASSWORD },
    officer: { email: `cb.${tag}@test.vn`, password: PASSWORD },
    otherOfficer: { email: `cbx.${tag}@test.vn`, password: PASSWORD },
  };
  await createUser(db, {
    ...users.secretary,
    displayName: "Nguyễn Thị Hằng",
    role: "secretary",
    branchId: branchA!.id,
    memberId: secretary!.id,
  });
  await createUser(db, {
    ...users.member,
    displayName: "Trần Văn Đức",
    role: "member",
    memberId: memberA!.id,
  });
  await createUser(db, {
    ...users.member2,
    displayName: "Lê Thị Ánh",
    role: "member",
    memberId: memberA2!.id,
  });
  await createUser(db, {
    ...users.officer,
    displayName: "Cán bộ phường",
    role: "officer",
    committeeId: ward!.id,
  });
  await createUser(db, {
    ...users.otherOfficer,
    displayName: "Cán bộ xã",
    role: "officer",
    committeeId: other!.id,
  });

  const [campaign] = await db
    .insert(campaigns)
    .values({
      committeeId: city!.id,
      title: "Học tập chuyên đề phòng, chống tham nhũng, tiêu cực",
      bookTitle: "Kiên quyết, kiên trì đấu tranh phòng, chống tham nhũng, tiêu cực",
      firstMonth: "2025-03-01",
      lastMonth: "2027-04-01",
      updatedAt: new Date("2025-01-05T02:00:00Z"),
    })
    .returning();
  const topicRows = await db
    .insert(topics)
    .values(
      [1, 2, 3].map((part, i) => ({
        campaignId: campaign!.id,
        position: i + 1,
        code: `P${part}`,
        part,
        partTitle: `Phần ${part}`,
        title: ["Nhận thức về tham nhũng, tiêu cực", "Xây dựng Đảng về đạo đức", "Kiểm soát quyền lực"][i]!,
        pageStart: 10 + i * 100,
        pageEnd: 20 + i * 100,
        summary: "Nội dung chính: tự soi, tự sửa; nêu gương người đứng đầu.",
        prompts: ["Liên hệ bản thân: điều gì cần sửa ngay?", "Chi bộ đã làm gì để phòng ngừa?"],
        updatedAt: new Date("2025-01-05T02:00:00Z"),
      })),
    )
    .returning();

  const [hcm] = await db
    .insert(peakDates)
    .values([
      {
        campaignId: campaign!.id,
        day: 19,
        month: 5,
        baseYear: 1890,
        name: "Ngày sinh Chủ tịch Hồ Chí Minh",
        updatedAt: new Date("2025-01-05T02:00:00Z"),
      },
    ])
    .returning();
  const [wardPeak] = await db
    .insert(peakDates)
    .values({
      campaignId: campaign!.id,
      day: 25,
      month: 12,
      baseYear: 1945,
      name: "Ngày thành lập Đảng bộ phường",
      committeeId: ward!.id,
      updatedAt: new Date("2025-01-05T02:00:00Z"),
    })
    .returning();
  await db.insert(peakDates).values({
    campaignId: campaign!.id,
    day: 7,
    month: 11,
    baseYear: 1950,
    name: "Ngày truyền thống xã Chế Là",
    committeeId: other!.id,
    updatedAt: new Date("2025-01-05T02:00:00Z"),
  });
  await db.insert(deadlines).values([
    {
      campaignId: campaign!.id,
      day: 15,
      month: 6,
      audience: "branch",
      title: "Báo cáo sơ kết 6 tháng",
      updatedAt: new Date("2025-01-05T02:00:00Z"),
    },
    {
      campaignId: campaign!.id,
      day: 20,
      month: 11,
      audience: "committee",
      title: "Báo cáo tổng hợp của cấp ủy",
      updatedAt: new Date("2025-01-05T02:00:00Z"),
    },
  ]);

  const meetingRows: (typeof meetings.$inferInsert)[] = [];
  const months = monthsBetween("2025-03", "2027-04");
  months.forEach((month, i) => {
    // The May 2026 meeting falls within 30 days before 19/5: a peak meeting.
    const day = month === "2026-05" ? "15" : "05";
    const date = `${month}-${day}`;
    for (const branch of [branchA!, branchB!]) {
      meetingRows.push({
        branchId: branch.id,
        regionId: branch.regionId,
        campaignId: campaign!.id,
        month: `${month}-01`,
        date,
        startAt: new Date(`${date}T07:00:00Z`),
        endAt: new Date(`${date}T09:00:00Z`),
        place: branch.place,
        onlineUrl: "https://meet.example.vn/chi-bo",
        topicId: topicRows[i % 3]!.id,
        status: month === "2026-07" ? "cancelled" : "planned",
        cancelReason: month === "2026-07" ? "Trùng lịch bầu cử tổ dân phố" : null,
        revision: month === "2026-07" ? 2 : 0,
        updatedAt: new Date(month === "2026-07" ? "2026-04-20T08:30:00Z" : "2026-04-10T03:00:00Z"),
      });
    }
  });
  await db.insert(meetings).values(meetingRows);
  await db.insert(meetings).values({
    branchId: branchX!.id,
    regionId: regionOfBranch(branchX!.id),
    campaignId: campaign!.id,
    month: "2026-06-01",
    date: "2026-06-05",
    startAt: new Date("2026-06-05T07:00:00Z"),
    endAt: new Date("2026-06-05T09:00:00Z"),
    place: "Nhà văn hóa thôn",
    updatedAt: new Date("2026-04-10T03:00:00Z"),
  });

  return {
    city: city!,
    ward: ward!,
    other: other!,
    branchA: branchA!,
    branchB: branchB!,
    branchX: branchX!,
    secretary: secretary!,
    memberA: memberA!,
    memberA2: memberA2!,
    campaign: campaign!,
    topics: topicRows,
    peaks: { hcm: hcm!, ward: wardPeak! },
    users,
    emails: [secretary!.email!, memberA!.email!, memberA2!.email!, `viet.${tag}@example.vn`],
  };
}
