/**
 * A small organisation built through the API the way people would, plus a campaign catalogue inserted
 * as fixture data. Every test file gets its own database, so names can repeat between files.
 */
import { and, eq, isNull } from "drizzle-orm";
import type { Db } from "../../src/db/client.ts";
import { campaigns, meetings, peakDates, topics } from "../../src/db/schema.ts";
import type { TestApp } from "./app.ts";

export interface Org {
  provinceId: string;
  wardId: string;
  otherWardId: string;
  branchA: string;
  branchB: string;
  branchOther: string;
  memberA: string;
  memberA2: string;
  memberB: string;
  secretaryA: { authorization: string };
  secretaryB: { authorization: string };
  memberALogin: { authorization: string };
  officerWard: { authorization: string };
  officerOther: { authorization: string };
}

export async function buildOrg(t: TestApp): Promise<Org> {
  const { app, admin } = t;
  const post = async (url: string, payload: object, headers = admin) => {
    const res = await app.inject({ method: "POST", url, payload, headers });
    if (res.statusCode >= 300) throw new Error(`${url}: ${res.statusCode} ${res.body}`);
    return res.json();
  };
  const province = await post("/api/committees", { name: "Tỉnh ủy Hà Giang" });
  const ward = await post("/api/committees", { name: "Đảng ủy phường Minh Khai", parentId: province.id });
  const otherWard = await post("/api/committees", { name: "Đảng ủy xã Phương Độ", parentId: province.id });
  const rule = (day: number) => ({
    day: { kind: "day_of_month", day },
    startTime: "14:00",
    durationMinutes: 120,
    shift: "next",
  });
  const branchA = await post(`/api/committees/${ward.id}/branches`, {
    name: "Chi bộ Tổ 1",
    meetingRule: rule(2),
    place: "Nhà văn hóa tổ 1",
  });
  const branchB = await post(`/api/committees/${ward.id}/branches`, {
    name: "Chi bộ Tổ 2",
    meetingRule: {
      day: { kind: "weekday", weekday: 5, nth: -1 },
      startTime: "19:30",
      durationMinutes: 90,
      shift: "previous",
    },
  });
  const branchOther = await post(`/api/committees/${otherWard.id}/branches`, {
    name: "Chi bộ thôn Nậm Thanh",
    meetingRule: rule(10),
  });
  const secA = await post(`/api/branches/${branchA.id}/members`, {
    fullName: "Trần Văn Bình",
    email: "binh@to1.vn",
    role: "secretary",
  });
  const memberA = await post(`/api/branches/${branchA.id}/members`, {
    fullName: "Lê Thị Hoa",
    email: "hoa@to1.vn",
  });
  const memberB = await post(`/api/branches/${branchB.id}/members`, {
    fullName: "Phạm Văn Đức",
    email: "duc@to2.vn",
  });
  const pw = "mat-khau-dai-du";
  await post("/api/users", {
    email: "binh@to1.vn",
    displayName: "Trần Văn Bình",
    password: pw,
    role: "secretary",
    branchId: branchA.id,
    memberId: secA.id,
  });
  await post("/api/users", {
    email: "bt.to2@to2.vn",
    displayName: "Bí thư Tổ 2",
    password: pw,
    role: "secretary",
    branchId: branchB.id,
  });
  await post("/api/users", {
    email: "hoa@to1.vn",
    displayName: "Lê Thị Hoa",
    password: pw,
    role: "member",
    memberId: memberA.id,
  });
  await post("/api/users", {
    email: "cb@minhkhai.vn",
    displayName: "Cán bộ phường",
    password: pw,
    role: "officer",
    committeeId: ward.id,
  });
  await post("/api/users", {
    email: "cb@phuongdo.vn",
    displayName: "Cán bộ xã",
    password: pw,
    role: "officer",
    committeeId: otherWard.id,
  });
  return {
    provinceId: province.id,
    wardId: ward.id,
    otherWardId: otherWard.id,
    branchA: branchA.id,
    branchB: branchB.id,
    branchOther: branchOther.id,
    memberA: secA.id,
    memberA2: memberA.id,
    memberB: memberB.id,
    secretaryA: await t.login("binh@to1.vn", pw),
    secretaryB: await t.login("bt.to2@to2.vn", pw),
    memberALogin: await t.login("hoa@to1.vn", pw),
    officerWard: await t.login("cb@minhkhai.vn", pw),
    officerOther: await t.login("cb@phuongdo.vn", pw),
  };
}

/** A campaign of `topicCount` topics (codes CD01…) with the 19/5 and 2/9 peaks. */
export async function insertCampaign(
  db: Db,
  committeeId: string,
  opts: { firstMonth: string; lastMonth: string; topicCount?: number; title?: string },
) {
  const [c] = await db
    .insert(campaigns)
    .values({
      committeeId,
      title: opts.title ?? "Học tập tác phẩm về phòng, chống tham nhũng",
      bookTitle: "Kiên quyết, kiên trì đấu tranh phòng, chống tham nhũng, tiêu cực",
      firstMonth: `${opts.firstMonth}-01`,
      lastMonth: `${opts.lastMonth}-01`,
    })
    .returning({ id: campaigns.id });
  const n = opts.topicCount ?? 12;
  const rows = await db
    .insert(topics)
    .values(
      Array.from({ length: n }, (_, i) => ({
        campaignId: c!.id,
        position: i + 1,
        code: `CD${String(i + 1).padStart(2, "0")}`,
        part: (i % 3) + 1,
        partTitle: "Phần",
        title: `Chuyên đề ${i + 1}: “Không có vùng cấm”, trị bệnh cứu người`,
        pageStart: 11 + i * 40,
        pageEnd: 50 + i * 40,
        summary: "Tóm tắt nội dung chuyên đề.",
        prompts: ["Liên hệ thực tiễn ở chi bộ?", "Trách nhiệm nêu gương của đảng viên?"],
      })),
    )
    .returning({ id: topics.id, code: topics.code });
  await db.insert(peakDates).values([
    { campaignId: c!.id, day: 19, month: 5, baseYear: 1890, name: "Ngày sinh Chủ tịch Hồ Chí Minh" },
    { campaignId: c!.id, day: 2, month: 9, baseYear: 1945, name: "Quốc khánh" },
  ]);
  return { id: c!.id, topics: rows };
}

/** The ward's campaign over these months ("2026-04"), planned: every branch of the ward has its meetings. */
export async function planCampaign(t: TestApp, org: Org, firstMonth: string, lastMonth: string) {
  const c = await insertCampaign(t.database.db, org.wardId, { firstMonth, lastMonth });
  const res = await t.app.inject({ method: "POST", url: `/api/campaigns/${c.id}/plan`, headers: t.admin });
  if (res.statusCode !== 200) throw new Error(`plan: ${res.statusCode} ${res.body}`);
  return c;
}

/** A branch's regular meeting of a month ("2026-05"), as planned. */
export async function meetingIn(t: TestApp, branchId: string, month: string) {
  const [m] = await t.database.db
    .select({ id: meetings.id, date: meetings.date })
    .from(meetings)
    .where(
      and(eq(meetings.branchId, branchId), eq(meetings.month, `${month}-01`), isNull(meetings.makeupOf)),
    );
  if (!m) throw new Error(`no meeting of ${branchId} in ${month}`);
  return m;
}

/** The organisation with the ward's campaign planned from `firstMonth` to `lastMonth`, and branch A's meeting
 * of `month` (its id): the set-up of the meeting pages' tests. */
export async function plannedOrg(t: TestApp, firstMonth: string, lastMonth: string, month: string) {
  const org = await buildOrg(t);
  await planCampaign(t, org, firstMonth, lastMonth);
  return { org, meetingId: (await meetingIn(t, org.branchA, month)).id };
}

/** A session's cookie, for pages asked with `inject` (the pages read the cookie, not a bearer). */
export async function sessionCookie(t: TestApp, email: string, password = "mat-khau-dai-du") {
  const res = await t.app.inject({ method: "POST", url: "/api/auth/login", payload: { email, password } });
  const c = res.cookies.find((x) => x.name === "chibo_session")!;
  return `${c.name}=${c.value}`;
}

/** The meeting held with every member of its roster present (by its secretary, through the API). */
export async function allPresent(t: TestApp, meetingId: string, headers: { authorization: string }) {
  const sheet = await t.app.inject({ url: `/api/meetings/${meetingId}/attendance`, headers });
  const members = sheet
    .json()
    .members.map((m: { memberId: string }) => ({ memberId: m.memberId, status: "present" }));
  const put = await t.app.inject({
    method: "PUT",
    url: `/api/meetings/${meetingId}/attendance`,
    headers,
    payload: { members, guests: [] },
  });
  if (put.statusCode !== 200) throw new Error(`attendance: ${put.statusCode} ${put.body}`);
}
