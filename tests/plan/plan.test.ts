import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { auditLog, holidayOverrides, meetings } from "../../src/db/schema.ts";
import { ADMIN, buildTestApp } from "../helpers/app.ts";
import { buildOrg, insertCampaign, type Org } from "../helpers/fixtures.ts";
import { regionOfBranch } from "../helpers/region.ts";

const t = await buildTestApp({ now: "2026-01-01T00:00:00Z" });
const { app, admin, database } = t;
let org: Org;
let campaign: Awaited<ReturnType<typeof insertCampaign>>;

type Meeting = {
  id: string;
  branchId: string;
  month: string;
  date: string;
  start: string;
  weekday: string;
  revision: number;
  status: string;
  edited: boolean;
  topic: { code: string; source: string } | null;
  peak: { text: string; anniversary: number; round: boolean } | null;
  peaks: { date: string; text: string; anniversary: number; round: boolean }[];
  summary: string;
};

const plan = (headers = admin) =>
  app.inject({ method: "POST", url: `/api/campaigns/${campaign.id}/plan`, headers });
const branchPlan = async (branchId: string, headers = admin): Promise<Meeting[]> => {
  const res = await app.inject({
    url: `/api/branches/${branchId}/plan?from=2026-01-01&to=2026-12-31`,
    headers,
  });
  expect(res.statusCode).toBe(200);
  return res.json();
};

beforeAll(async () => {
  org = await buildOrg(t);
  campaign = await insertCampaign(database.db, org.wardId, { firstMonth: "2026-01", lastMonth: "2026-12" });
});

describe("planning a campaign: one topic for each branch meeting, around the holidays", () => {
  it("plans one meeting a month for every branch below the committee, and none elsewhere", async () => {
    const res = await plan(org.officerWard);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ branches: 2, months: 12, created: 24, updated: 0 });
    const a = await branchPlan(org.branchA);
    expect(a).toHaveLength(12);
    expect(new Set(a.map((m) => m.month)).size).toBe(12);
    // The catalogue in order, one topic a month.
    expect(a.map((m) => m.topic?.code)).toEqual(
      Array.from({ length: 12 }, (_, i) => `CD${String(i + 1).padStart(2, "0")}`),
    );
    const other = await app.inject({
      url: `/api/branches/${org.branchOther}/plan?from=2026-01-01&to=2026-12-31`,
      headers: admin,
    });
    expect(other.json()).toHaveLength(0);
  });

  it("dates meetings by each branch's rule, off weekends, Tết and Quốc khánh", async () => {
    const a = Object.fromEntries((await branchPlan(org.branchA)).map((m) => [m.month, m]));
    expect(a["2026-09"]!.date).toBe("2026-09-03"); // 1–2/9 are off
    expect(a["2026-09"]!.weekday).toBe("Thứ Năm");
    expect(a["2026-05"]!.date).toBe("2026-05-04"); // 2/5 is a Saturday
    expect(a["2026-01"]!.start).toBe("2026-01-02T14:00:00.000+07:00");
    const b = Object.fromEntries((await branchPlan(org.branchB)).map((m) => [m.month, m]));
    expect(b["2026-01"]!.date).toBe("2026-01-30"); // last Friday
    expect(b["2026-01"]!.start).toBe("2026-01-30T19:30:00.000+07:00");
  });

  it("marks peak meetings with the anniversary as the plans write it", async () => {
    const a = Object.fromEntries((await branchPlan(org.branchA)).map((m) => [m.month, m]));
    expect(a["2026-05"]!.peak).toEqual({
      text: "kỷ niệm 136 năm Ngày sinh Chủ tịch Hồ Chí Minh (19/05/1890 - 19/05/2026)",
      anniversary: 136,
      round: false,
    });
    expect(a["2026-09"]!.peak).toBeNull(); // 3/9 is after Quốc khánh
    const b = Object.fromEntries((await branchPlan(org.branchB)).map((m) => [m.month, m]));
    expect(b["2026-08"]!.peak?.text).toBe("kỷ niệm 81 năm Quốc khánh (02/09/1945 - 02/09/2026)");
    // The calendar line only marks it; the anniversary itself is in `peak` and `peaks`.
    expect(a["2026-05"]!.summary).toMatch(/^★ Sinh hoạt chi bộ tháng 5\/2026: /);
    expect(a["2026-05"]!.peaks).toEqual([
      {
        date: "2026-05-19",
        text: "kỷ niệm 136 năm Ngày sinh Chủ tịch Hồ Chí Minh (19/05/1890 - 19/05/2026)",
        anniversary: 136,
        round: false,
      },
    ]);
    // Branch B meets on the last Friday: 28/8 is its last meeting before 2/9; 31/7 stresses nothing.
    expect(b["2026-07"]!.peaks).toEqual([]);
    expect(b["2026-08"]!.peaks.map((p) => p.date)).toEqual(["2026-09-02"]);
  });

  it("planning again changes nothing when nothing changed", async () => {
    const before = await branchPlan(org.branchA);
    const res = await plan();
    expect(res.json()).toMatchObject({ created: 0, updated: 0, untouched: 24 });
    const after = await branchPlan(org.branchA);
    expect(after.map((m) => [m.id, m.revision])).toEqual(before.map((m) => [m.id, m.revision]));
  });

  it("a secretary moves, cancels and re-topics their meetings; each change bumps the revision and is audited", async () => {
    const a = Object.fromEntries((await branchPlan(org.branchA)).map((m) => [m.month, m]));
    const moved = await app.inject({
      method: "PATCH",
      url: `/api/meetings/${a["2026-03"]!.id}`,
      headers: org.secretaryA,
      payload: { date: "2026-03-06", startTime: "08:00", place: "Hội trường phường" },
    });
    expect(moved.statusCode).toBe(200);
    expect(moved.json()).toMatchObject({
      date: "2026-03-06",
      start: "2026-03-06T08:00:00.000+07:00",
      revision: 1,
      edited: true,
      place: "Hội trường phường",
    });
    // The answer is the meeting as it now reads, peak and topic included.
    const reread = await app.inject({ url: `/api/meetings/${a["2026-03"]!.id}`, headers: org.secretaryA });
    const { warnings, ...asRead } = moved.json();
    expect(warnings).toEqual([]);
    expect(asRead).toEqual(reread.json());

    const outOfMonth = await app.inject({
      method: "PATCH",
      url: `/api/meetings/${a["2026-03"]!.id}`,
      headers: org.secretaryA,
      payload: { date: "2026-04-01" },
    });
    // Out of its month only with a reason (tests/plan/meetings-life.test.ts).
    expect(outOfMonth.statusCode).toBe(400);
    expect(outOfMonth.json().errors[0]).toMatchObject({ field: "body.reason" });

    const cancelled = await app.inject({
      method: "POST",
      url: `/api/meetings/${a["2026-04"]!.id}/cancel`,
      headers: org.secretaryA,
      payload: { reason: "Trùng lịch bầu cử đại biểu Quốc hội" },
    });
    expect(cancelled.json()).toMatchObject({ status: "cancelled", revision: 1 });

    const cd07 = campaign.topics.find((x) => x.code === "CD07")!;
    const retopic = await app.inject({
      method: "PUT",
      url: `/api/meetings/${a["2026-06"]!.id}/topic`,
      headers: org.secretaryA,
      payload: { topicId: cd07.id },
    });
    expect(retopic.json()).toMatchObject({ topic: { code: "CD07", source: "secretary" }, revision: 1 });
    const [row] = await database.db.select().from(meetings).where(eq(meetings.id, a["2026-06"]!.id));
    expect(row!.topicChosenBy).not.toBeNull();

    const audit = await database.db.select().from(auditLog).where(eq(auditLog.entityId, a["2026-03"]!.id));
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({
      action: "move",
      before: expect.objectContaining({ date: "2026-03-02" }),
      after: {
        date: "2026-03-06",
        startAt: "2026-03-06T01:00:00.000Z",
        endAt: expect.stringMatching(/^2026-03-06T/),
        place: "Hội trường phường",
        onlineUrl: null,
        topicId: a["2026-03"]!.topic ? expect.any(String) : null,
        status: "planned",
        cancelReason: null,
      },
    });
  });

  it("re-planning after the rule and the holidays change updates untouched meetings only, and loses none", async () => {
    // The government bridges 3/9/2026; the branch now meets on the 3rd.
    await database.db
      .insert(holidayOverrides)
      .values({ date: "2026-09-03", action: "add", name: "Nghỉ bù Quốc khánh" });
    await app.inject({
      method: "PATCH",
      url: `/api/branches/${org.branchA}`,
      headers: org.secretaryA,
      payload: {
        meetingRule: {
          day: { kind: "day_of_month", day: 3 },
          startTime: "14:00",
          durationMinutes: 120,
          shift: "next",
        },
      },
    });
    const res = await plan();
    expect(res.statusCode).toBe(200);
    expect(res.json().created).toBe(0);
    const a = Object.fromEntries((await branchPlan(org.branchA)).map((m) => [m.month, m]));
    expect(Object.keys(a)).toHaveLength(12);
    expect(a["2026-09"]!.date).toBe("2026-09-04"); // 3/9 bridged → Friday 4/9
    expect(a["2026-09"]!.revision).toBe(1);
    expect(a["2026-03"]).toMatchObject({ date: "2026-03-06", revision: 1 }); // the secretary's move stands
    expect(a["2026-04"]).toMatchObject({ status: "cancelled", revision: 1 });
    expect(a["2026-06"]!.topic?.code).toBe("CD07");
    // Branch B's rule did not change: its meetings keep revision 0.
    expect((await branchPlan(org.branchB)).every((m) => m.revision === 0)).toBe(true);
  });

  it("two planning requests at once leave the same result as one", async () => {
    const c2 = await insertCampaign(database.db, org.otherWardId, {
      firstMonth: "2026-01",
      lastMonth: "2026-06",
    });
    const results = await Promise.all(
      [1, 2, 3].map(() =>
        app.inject({ method: "POST", url: `/api/campaigns/${c2.id}/plan`, headers: admin }),
      ),
    );
    expect(results.map((r) => r.statusCode)).toEqual([200, 200, 200]);
    expect(results.map((r) => r.json().created).sort()).toEqual([0, 0, 6]);
    const rows = await database.db.select().from(meetings).where(eq(meetings.campaignId, c2.id));
    expect(rows).toHaveLength(6);
    expect(rows.every((r) => r.revision === 0)).toBe(true);
  });
});

describe("who sees and changes the plan", () => {
  it("a member reads their branch's plan but not another branch's, and cannot change a meeting", async () => {
    expect(
      (await app.inject({ url: `/api/branches/${org.branchA}/plan`, headers: org.memberALogin })).statusCode,
    ).toBe(200);
    expect(
      (await app.inject({ url: `/api/branches/${org.branchB}/plan`, headers: org.memberALogin })).statusCode,
    ).toBe(404);
    const [m] = await branchPlan(org.branchA);
    const move = await app.inject({
      method: "PATCH",
      url: `/api/meetings/${m!.id}`,
      headers: org.memberALogin,
      payload: { startTime: "09:00" },
    });
    expect(move.statusCode).toBe(403);
    const mine = await app.inject({
      url: `/api/members/${org.memberA2}/plan?from=2026-01-01&to=2026-12-31`,
      headers: org.memberALogin,
    });
    expect(mine.statusCode).toBe(200);
    expect(mine.json()).toHaveLength(12);
  });

  it("another branch's secretary and another committee's officer get 404", async () => {
    const [m] = await branchPlan(org.branchA);
    const bySecB = await app.inject({
      method: "POST",
      url: `/api/meetings/${m!.id}/cancel`,
      headers: org.secretaryB,
      payload: { reason: "không được" },
    });
    expect(bySecB.statusCode).toBe(404);
    expect((await app.inject({ url: `/api/meetings/${m!.id}`, headers: org.officerOther })).statusCode).toBe(
      404,
    );
    expect((await plan(org.officerOther)).statusCode).toBe(404);
    // The secretary sees the campaign (their committee runs it) but may not plan it.
    expect((await plan(org.secretaryA)).statusCode).toBe(403);
    const committeePlan = await app.inject({
      url: `/api/committees/${org.wardId}/plan?from=2026-01-01&to=2026-12-31`,
      headers: org.officerWard,
    });
    expect(committeePlan.json()).toHaveLength(24);
  });
});

describe("the default range starts on the reader's own date", () => {
  it("takes 'this month' in the branch's zone, not in UTC nor in Hà Nội's", async () => {
    const res = await app.inject({
      method: "POST",
      url: `/api/committees/${org.wardId}/branches`,
      headers: admin,
      payload: { name: "Chi bộ Việt kiều New York", timezone: "America/New_York" },
    });
    expect(res.statusCode).toBe(201);
    const branchId: string = res.json().id;
    await database.db.insert(meetings).values(
      ["2026-03-20", "2026-04-20"].map((date) => ({
        branchId,
        regionId: regionOfBranch(branchId),
        month: `${date.slice(0, 7)}-01`,
        date,
        startAt: new Date(`${date}T23:00:00Z`),
        endAt: new Date(`${date}T23:30:00Z`),
      })),
    );
    const before = t.clock.now();
    // 1 May 02:00 UTC: still 30 April in New York (9:00 on 1 May in Hà Nội).
    t.clock.set("2026-05-01T02:00:00Z");
    try {
      // Four months on, the morning's session is a new one.
      const headers = await t.login(ADMIN.email, ADMIN.password);
      const plan = await app.inject({ url: `/api/branches/${branchId}/plan`, headers });
      expect(plan.statusCode).toBe(200);
      expect(plan.json().map((m: Meeting) => m.date)).toEqual(["2026-04-20"]);
    } finally {
      t.clock.set(before);
    }
  });
});
