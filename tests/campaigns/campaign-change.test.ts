/**
 * A committee changes a campaign that has been planned (issue 18). On 20/05/2026 the ward's campaign of
 * 03–08/2026 is planned for its two branches, and Tổ 1 has held its April meeting. Moving the months: a
 * month already met under the campaign cannot be left out (problem+json naming the field, nothing
 * written); months still to come leave the campaign (their meetings stay the branch's, without the
 * campaign's topic) and months added are planned. Taking a topic out of the catalogue: the held meeting
 * still names it, the schedule and the coming meetings no longer do, a month fixed to it returns to the
 * rotation, a secretary's choice of it is cleared, its code is free again; audited. Only the campaign's
 * committee officers (and admins) do either.
 */
import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { auditLog, meetings } from "../../src/db/schema.ts";
import { buildTestApp } from "../helpers/app.ts";
import { buildOrg, insertCampaign, type Org } from "../helpers/fixtures.ts";

const t = await buildTestApp({ now: "2026-05-20T03:00:00Z" });
const { app, database } = t;
type H = { authorization: string };
let org: Org;
let campaignId: string;
let topicIds: string[];

const call = (
  method: "GET" | "PATCH" | "DELETE" | "PUT" | "POST",
  url: string,
  headers: H,
  payload?: object,
) => app.inject({ method, url, headers, ...(payload ? { payload } : {}) });

async function monthMeeting(branchId: string, month: string) {
  const [m] = await database.db
    .select()
    .from(meetings)
    .where(and(eq(meetings.branchId, branchId), eq(meetings.month, `${month}-01`)));
  return m!;
}

async function audits(entity: string, entityId: string) {
  const rows = await database.db
    .select()
    .from(auditLog)
    .where(and(eq(auditLog.entity, entity), eq(auditLog.entityId, entityId)));
  return rows.map((r) => r.action);
}

beforeAll(async () => {
  org = await buildOrg(t);
  const c = await insertCampaign(database.db, org.wardId, {
    firstMonth: "2026-03",
    lastMonth: "2026-08",
    topicCount: 6,
  });
  campaignId = c.id;
  topicIds = c.topics.map((x) => x.id);
  const plan = await call("POST", `/api/campaigns/${campaignId}/plan`, org.officerWard);
  expect(plan.statusCode, plan.body).toBe(200);
  const april = await monthMeeting(org.branchA, "2026-04");
  const att = await call("PUT", `/api/meetings/${april.id}/attendance`, org.secretaryA, {
    members: [
      { memberId: org.memberA, status: "present" },
      { memberId: org.memberA2, status: "present" },
    ],
  });
  expect(att.statusCode, att.body).toBe(200);
});

describe("changing a planned campaign's months", () => {
  it("refuses to leave out a month already met, naming the field, and writes nothing", async () => {
    const res = await call("PATCH", `/api/campaigns/${campaignId}`, org.officerWard, {
      firstMonth: "2026-05",
      title: "Tên mới không được lưu",
    });
    expect(res.statusCode).toBe(400);
    expect(res.headers["content-type"]).toMatch(/application\/problem\+json/);
    const err = res.json().errors[0];
    expect(err.field).toBe("body.firstMonth");
    // March is the first month met (Tổ 2's meeting of March has passed; Tổ 1 held April's).
    expect(err.reason).toMatch(
      /^Chi bộ Tổ \d đã có buổi sinh hoạt tháng 3\/2026 theo đợt này \(cùng \d+ buổi khác\)/,
    );
    const c = (await call("GET", `/api/campaigns/${campaignId}`, org.officerWard)).json();
    expect(c).toMatchObject({ firstMonth: "2026-03", title: "Học tập tác phẩm về phòng, chống tham nhũng" });
    expect(await audits("campaign", campaignId)).toEqual([]);
  });

  it("lets months to come leave the campaign, then plans the months added", async () => {
    const july = await monthMeeting(org.branchA, "2026-07");
    const shorter = await call("PATCH", `/api/campaigns/${campaignId}`, org.officerWard, {
      lastMonth: "2026-06",
    });
    expect(shorter.statusCode, shorter.body).toBe(200);
    const left = await monthMeeting(org.branchA, "2026-07");
    // Still the branch's July meeting (same day), no longer the campaign's, its revision moved for calendars.
    expect(left).toMatchObject({
      id: july.id,
      date: july.date,
      campaignId: null,
      topicId: null,
      status: "planned",
    });
    expect(left.revision).toBe(july.revision + 1);
    expect((await monthMeeting(org.branchB, "2026-08")).campaignId).toBeNull();
    const schedule = (await call("GET", `/api/campaigns/${campaignId}`, org.officerWard)).json().schedule;
    expect(schedule.map((m: { month: string }) => m.month).at(-1)).toBe("2026-06");

    const longer = await call("PATCH", `/api/campaigns/${campaignId}`, org.officerWard, {
      lastMonth: "2026-09",
      quorum: 0.75,
      minutesDueDays: 10,
    });
    expect(longer.statusCode, longer.body).toBe(200);
    expect(longer.json()).toMatchObject({ lastMonth: "2026-09", quorum: 0.75, minutesDueDays: 10 });
    for (const branchId of [org.branchA, org.branchB]) {
      const sept = await monthMeeting(branchId, "2026-09");
      expect(sept.campaignId).toBe(campaignId);
      expect(sept.topicId).not.toBeNull();
    }
    // July's meeting is the campaign's again, with July's topic.
    expect(await monthMeeting(org.branchA, "2026-07")).toMatchObject({ id: july.id, campaignId });
    expect((await monthMeeting(org.branchA, "2026-07")).topicId).not.toBeNull();
    expect(await audits("campaign", campaignId)).toEqual(["update", "update"]);
  });

  it("plans and edits at the same time without a deadlock", async () => {
    for (const last of ["2026-08", "2026-09", "2026-08", "2026-09"]) {
      const [plan, edit] = await Promise.all([
        call("POST", `/api/campaigns/${campaignId}/plan`, org.officerWard),
        call("PATCH", `/api/campaigns/${campaignId}`, org.officerWard, { lastMonth: last }),
      ]);
      expect([plan.statusCode, edit.statusCode], `${plan.body} ${edit.body}`).toEqual([200, 200]);
    }
    expect((await monthMeeting(org.branchA, "2026-09")).campaignId).toBe(campaignId);
  });

  it("answers problem+json for bad input and keeps other committees and secretaries out", async () => {
    const bad = await call("PATCH", `/api/campaigns/${campaignId}`, org.officerWard, {
      lastMonth: "2026-13",
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.headers["content-type"]).toMatch(/application\/problem\+json/);
    expect(bad.json().errors[0].field).toBe("body.lastMonth");
    const backwards = await call("PATCH", `/api/campaigns/${campaignId}`, org.officerWard, {
      lastMonth: "2026-01",
    });
    expect(backwards.statusCode).toBe(400);
    expect(backwards.json().errors[0].field).toBe("body.lastMonth");
    expect(
      (await call("PATCH", `/api/campaigns/${campaignId}`, org.secretaryA, { title: "X" })).statusCode,
    ).toBe(403);
    expect(
      (await call("PATCH", `/api/campaigns/${campaignId}`, org.officerOther, { title: "X" })).statusCode,
    ).toBe(404);
  });
});

describe("taking a topic out of the catalogue", () => {
  it("keeps it on the meeting that studied it and takes it out of the schedule and the coming meetings", async () => {
    const april = await monthMeeting(org.branchA, "2026-04");
    const studied = april.topicId!;
    const res = await call("DELETE", `/api/campaigns/${campaignId}/topics/${studied}`, org.officerWard);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ topicId: studied, studied: 2, freedMonths: [], cleared: 0 });
    expect(res.json().plan.explanation).toMatch(/chi bộ/);

    const c = (await call("GET", `/api/campaigns/${campaignId}`, org.officerWard)).json();
    expect(c.topics.map((x: { id: string }) => x.id)).not.toContain(studied);
    expect(c.schedule.map((m: { topicId: string | null }) => m.topicId)).not.toContain(studied);
    const held = (await call("GET", `/api/meetings/${april.id}`, org.secretaryA)).json();
    expect(held.topic?.id).toBe(studied);
    // April's two meetings (Tổ 1's held, Tổ 2's day passed) keep it; no meeting to come has it.
    const carrying = await database.db.select().from(meetings).where(eq(meetings.topicId, studied));
    expect(carrying.map((m) => m.month)).toEqual(["2026-04-01", "2026-04-01"]);
    expect(await audits("topic", studied)).toEqual(["remove"]);

    // Its code is free for a new topic; removing it again finds nothing.
    const again = await call("DELETE", `/api/campaigns/${campaignId}/topics/${studied}`, org.officerWard);
    expect(again.statusCode).toBe(404);
    expect(again.headers["content-type"]).toMatch(/application\/problem\+json/);
  });

  it("frees a month fixed to it and clears a secretary's choice of it", async () => {
    const fixedTopic = topicIds[5]!;
    const code = "CD06";
    const fix = await call("PUT", `/api/campaigns/${campaignId}/schedule`, org.officerWard, {
      months: { "2026-08": code },
    });
    expect(fix.statusCode, fix.body).toBe(200);
    const chosen = topicIds[4]!;
    const june = await monthMeeting(org.branchA, "2026-06");
    const pick = await call("PUT", `/api/meetings/${june.id}/topic`, org.secretaryA, { topicId: chosen });
    expect(pick.statusCode, pick.body).toBe(200);

    const one = await call("DELETE", `/api/campaigns/${campaignId}/topics/${fixedTopic}`, org.officerWard);
    expect(one.json()).toMatchObject({ studied: 0, freedMonths: ["2026-08"] });
    const sched = (await call("GET", `/api/campaigns/${campaignId}`, org.officerWard)).json().schedule;
    expect(sched.find((m: { month: string }) => m.month === "2026-08")).toMatchObject({ fixed: false });

    const two = await call("DELETE", `/api/campaigns/${campaignId}/topics/${chosen}`, org.officerWard);
    expect(two.json()).toMatchObject({ studied: 0, cleared: 1 });
    expect(await monthMeeting(org.branchA, "2026-06")).toMatchObject({ topicId: null });
    // The secretary can no longer choose it.
    const stale = await call("PUT", `/api/meetings/${june.id}/topic`, org.secretaryA, { topicId: chosen });
    expect(stale.statusCode).toBeGreaterThanOrEqual(400);
    expect(stale.statusCode).toBeLessThan(500);

    const readd = await call("POST", `/api/campaigns/${campaignId}/topics`, org.officerWard, {
      code,
      part: 1,
      title: "Chủ đề thay thế",
    });
    expect(readd.statusCode, readd.body).toBe(201);
  });

  it("is for the campaign's committee only; a bad id is a problem naming it", async () => {
    const topic = topicIds[0]!;
    const url = `/api/campaigns/${campaignId}/topics/${topic}`;
    expect((await call("DELETE", url, org.secretaryA)).statusCode).toBe(403);
    expect((await call("DELETE", url, org.officerOther)).statusCode).toBe(404);
    const bad = await call("DELETE", `/api/campaigns/${campaignId}/topics/abc`, org.officerWard);
    expect(bad.statusCode).toBe(400);
    expect(bad.headers["content-type"]).toMatch(/application\/problem\+json/);
    expect(bad.json().errors[0].field).toMatch(/topicId/);
    const c = (await call("GET", `/api/campaigns/${campaignId}`, org.officerWard)).json();
    expect(c.topics.map((x: { id: string }) => x.id)).toContain(topic);
  });

  it("plans and takes a topic out at the same time without a deadlock", async () => {
    const topic = topicIds[2]!;
    const [plan, removal] = await Promise.all([
      call("POST", `/api/campaigns/${campaignId}/plan`, org.officerWard),
      call("DELETE", `/api/campaigns/${campaignId}/topics/${topic}`, org.officerWard),
    ]);
    expect([plan.statusCode, removal.statusCode], `${plan.body} ${removal.body}`).toEqual([200, 200]);
    const coming = await database.db.select().from(meetings).where(eq(meetings.topicId, topic));
    expect(coming.every((m) => m.status !== "planned" || m.startAt <= t.clock.now())).toBe(true);
  });
});
