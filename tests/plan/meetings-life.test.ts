/**
 * Meetings that life brings (issue 11): a cancelled meeting put back on, a make-up meeting (họp bù) for a
 * cancelled or missed one, a move out of the month with a reason, the warning a branch that keeps its day
 * gets on a holiday or a weekend, and guests marked present on the attendance sheet.
 */
import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { auditLog, meetings, reminders } from "../../src/db/schema.ts";
import { scheduleReminders } from "../../src/reminders/reminder-schedule.ts";
import { buildTestApp } from "../helpers/app.ts";
import { buildOrg, insertCampaign, type Org } from "../helpers/fixtures.ts";

const t = await buildTestApp({ now: "2026-04-01T00:00:00Z" });
const { app, admin, database } = t;
const db = database.db;
let org: Org;
let campaignId: string;

type Meeting = {
  id: string;
  month: string;
  date: string;
  start: string;
  status: string;
  revision: number;
  cancelReason: string | null;
  makeupOf: string | null;
  offMonthReason: string | null;
  warnings?: string[];
  topic: { code: string } | null;
};

const planOf = async (branchId: string): Promise<Meeting[]> => {
  const res = await app.inject({
    url: `/api/branches/${branchId}/plan?from=2026-04-01&to=2026-12-31`,
    headers: admin,
  });
  expect(res.statusCode).toBe(200);
  return res.json();
};
const inMonth = async (branchId: string, month: string) =>
  (await planOf(branchId)).filter((m) => m.month === month);
/** Sessions expire: after moving the clock far, people log in again. */
const fresh = async () => ({
  secretaryA: await t.login("binh@to1.vn", "mat-khau-dai-du"),
  secretaryB: await t.login("bt.to2@to2.vn", "mat-khau-dai-du"),
  memberA: await t.login("hoa@to1.vn", "mat-khau-dai-du"),
});
const post = (url: string, headers: Record<string, string>, payload?: object) =>
  app.inject({ method: "POST", url, headers, ...(payload ? { payload } : {}) });

beforeAll(async () => {
  org = await buildOrg(t);
  const c = await insertCampaign(db, org.wardId, { firstMonth: "2026-04", lastMonth: "2026-12" });
  campaignId = c.id;
  expect((await post(`/api/campaigns/${c.id}/plan`, admin)).statusCode).toBe(200);
});

describe("un-cancelling a meeting", () => {
  it("puts it back on as a new revision, audited, with its reminders queued again", async () => {
    const [may] = await inMonth(org.branchA, "2026-05");
    // A week before, the reminders are in the outbox.
    t.clock.set(new Date("2026-04-28T00:00:00Z"));
    const who = await fresh();
    try {
      await scheduleReminders(db, t.clock.now(), { mailFrom: "chibo@chibo.test" });
      const queued = () =>
        db
          .select({ id: reminders.id })
          .from(reminders)
          .where(and(eq(reminders.meetingId, may!.id), eq(reminders.state, "queued")));
      expect((await queued()).length).toBeGreaterThan(0);

      const cancelled = await post(`/api/meetings/${may!.id}/cancel`, who.secretaryA, { reason: "Mưa lũ" });
      expect(cancelled.json()).toMatchObject({ status: "cancelled", revision: may!.revision + 1 });
      await scheduleReminders(db, t.clock.now(), { mailFrom: "chibo@chibo.test" });
      expect(await queued()).toHaveLength(0);

      // A member may not; another branch's secretary does not even see it.
      expect((await post(`/api/meetings/${may!.id}/uncancel`, who.memberA)).statusCode).toBe(403);
      expect((await post(`/api/meetings/${may!.id}/uncancel`, who.secretaryB)).statusCode).toBe(404);

      const back = await post(`/api/meetings/${may!.id}/uncancel`, who.secretaryA);
      expect(back.statusCode).toBe(200);
      expect(back.json()).toMatchObject({
        status: "planned",
        cancelReason: null,
        revision: may!.revision + 2,
        warnings: [],
      });
      expect((await queued()).length).toBeGreaterThan(0);
      const audit = await db
        .select({ action: auditLog.action, before: auditLog.before, after: auditLog.after })
        .from(auditLog)
        .where(and(eq(auditLog.entityId, may!.id), eq(auditLog.action, "uncancel")));
      expect(audit).toHaveLength(1);
      expect(audit[0]!.before).toMatchObject({ status: "cancelled", cancelReason: "Mưa lũ" });
      expect(audit[0]!.after).toMatchObject({ status: "planned", cancelReason: null });

      const again = await post(`/api/meetings/${may!.id}/uncancel`, who.secretaryA);
      expect(again.statusCode).toBe(409);
    } finally {
      t.clock.set(new Date("2026-04-01T00:00:00Z"));
    }
  });
});

describe("a make-up meeting (họp bù)", () => {
  it("is a second meeting of the month, linked to the cancelled one, which re-planning leaves alone", async () => {
    const [april] = await inMonth(org.branchA, "2026-04");
    // Not for a meeting still ahead and on.
    const early = await post(`/api/meetings/${april!.id}/makeup`, org.secretaryA, { date: "2026-04-20" });
    expect(early.statusCode).toBe(409);

    await post(`/api/meetings/${april!.id}/cancel`, org.secretaryA, { reason: "Trùng lịch họp của phường" });
    expect(
      (await post(`/api/meetings/${april!.id}/makeup`, org.memberALogin, { date: "2026-04-20" })).statusCode,
    ).toBe(403);
    const res = await post(`/api/meetings/${april!.id}/makeup`, org.secretaryA, {
      date: "2026-04-20",
      startTime: "08:00",
      place: "Hội trường phường",
    });
    expect(res.statusCode).toBe(201);
    const makeup: Meeting = res.json();
    expect(makeup).toMatchObject({
      month: "2026-04",
      date: "2026-04-20",
      status: "planned",
      makeupOf: april!.id,
      topic: { code: april!.topic!.code },
    });
    expect(makeup.start).toBe("2026-04-20T08:00:00.000+07:00");
    const months = await inMonth(org.branchA, "2026-04");
    expect(months.map((m) => m.status).sort()).toEqual(["cancelled", "planned"]);

    // One make-up per meeting; the cancelled one cannot come back while its make-up stands.
    expect(
      (await post(`/api/meetings/${april!.id}/makeup`, org.secretaryA, { date: "2026-04-22" })).statusCode,
    ).toBe(409);
    expect((await post(`/api/meetings/${april!.id}/uncancel`, org.secretaryA)).statusCode).toBe(409);

    // Re-planning the campaign writes nothing over it and creates no third meeting.
    const replan = await post(`/api/campaigns/${campaignId}/plan`, admin);
    expect(replan.json()).toMatchObject({ created: 0 });
    expect(await inMonth(org.branchA, "2026-04")).toHaveLength(2);

    // Once held, its attendance is recorded like any meeting's.
    t.clock.set(new Date("2026-04-20T06:00:00Z"));
    const who = await fresh();
    try {
      const att = await app.inject({
        method: "PUT",
        url: `/api/meetings/${makeup.id}/attendance`,
        headers: who.secretaryA,
        payload: {
          members: [
            { memberId: org.memberA, status: "present" },
            { memberId: org.memberA2, status: "present" },
          ],
        },
      });
      expect(att.statusCode).toBe(200);
      expect(att.json().counts).toMatchObject({ expected: 2, present: 2 });
    } finally {
      t.clock.set(new Date("2026-04-01T00:00:00Z"));
    }
  });

  it("for a meeting whose day passed unheld; in another month only with a reason", async () => {
    const [july] = await inMonth(org.branchA, "2026-07");
    t.clock.set(new Date(Date.parse(`${july!.date}T00:00:00Z`) + 3 * 86_400_000));
    const who = await fresh();
    try {
      const bare = await post(`/api/meetings/${july!.id}/makeup`, who.secretaryA, { date: "2026-08-20" });
      expect(bare.statusCode).toBe(400);
      expect(bare.json().errors[0].field).toBe("body.reason");
      const res = await post(`/api/meetings/${july!.id}/makeup`, who.secretaryA, {
        date: "2026-08-20",
        reason: "Tháng 7 chi bộ đi làm thủy lợi cả tháng",
      });
      expect(res.statusCode).toBe(201);
      expect(res.json()).toMatchObject({
        month: "2026-07",
        makeupOf: july!.id,
        offMonthReason: "Tháng 7 chi bộ đi làm thủy lợi cả tháng",
      });
    } finally {
      t.clock.set(new Date("2026-04-01T00:00:00Z"));
    }
  });
});

describe("moving a meeting out of its month", () => {
  it("is refused without a reason, and kept with its reason, which the meeting shows", async () => {
    const [june] = await inMonth(org.branchA, "2026-06");
    const bare = await app.inject({
      method: "PATCH",
      url: `/api/meetings/${june!.id}`,
      headers: org.secretaryA,
      payload: { date: "2026-07-01" },
    });
    expect(bare.statusCode).toBe(400);
    expect(bare.json().errors).toEqual([expect.objectContaining({ field: "body.reason" })]);
    expect(bare.json().errors[0].reason).toContain("tháng 6/2026");

    const moved = await app.inject({
      method: "PATCH",
      url: `/api/meetings/${june!.id}`,
      headers: org.secretaryA,
      payload: { date: "2026-07-01", reason: "Bí thư đi tập huấn cả tháng 6" },
    });
    expect(moved.statusCode).toBe(200);
    expect(moved.json()).toMatchObject({
      month: "2026-06",
      date: "2026-07-01",
      offMonthReason: "Bí thư đi tập huấn cả tháng 6",
    });
    const read = await app.inject({ url: `/api/meetings/${june!.id}`, headers: org.memberALogin });
    expect(read.json().offMonthReason).toBe("Bí thư đi tập huấn cả tháng 6");
    const [row] = await db.select().from(meetings).where(eq(meetings.id, june!.id));
    expect(row!.offMonthReason).toBe("Bí thư đi tập huấn cả tháng 6");
    const audit = await db
      .select({ after: auditLog.after })
      .from(auditLog)
      .where(and(eq(auditLog.entityId, june!.id), eq(auditLog.action, "move")));
    expect(audit.at(-1)!.after).toMatchObject({ offMonthReason: "Bí thư đi tập huấn cả tháng 6" });

    // Planning again never takes it back (nor out of the month on its own).
    await post(`/api/campaigns/${campaignId}/plan`, admin);
    const after = await inMonth(org.branchA, "2026-06");
    expect(after.map((m) => m.date)).toEqual(["2026-07-01"]);
    // The branch's report shows the meeting held outside its month, with the reason.
    const report = await app.inject({
      url: `/api/reports/branches/${org.branchA}?year=2026`,
      headers: org.secretaryA,
    });
    expect(report.statusCode).toBe(200);
    expect(report.json().detail.movedMeetings).toEqual([
      { date: "2026-07-01", month: "2026-06-01", reason: "Bí thư đi tập huấn cả tháng 6" },
      // The make-up meeting above, held in August for July.
      { date: "2026-08-20", month: "2026-07-01", reason: "Tháng 7 chi bộ đi làm thủy lợi cả tháng" },
    ]);
    const printable = await app.inject({
      url: `/api/reports/branches/${org.branchA}?year=2026&format=html`,
      headers: org.secretaryA,
    });
    expect(printable.body).toContain(
      "Sinh hoạt ngoài tháng kế hoạch:</b> 01/07/2026 (buổi tháng 6/2026: Bí thư đi tập huấn cả tháng 6)",
    );
    // Back in its month, the reason goes.
    const back = await app.inject({
      method: "PATCH",
      url: `/api/meetings/${june!.id}`,
      headers: org.secretaryA,
      payload: { date: "2026-06-05" },
    });
    expect(back.json()).toMatchObject({ date: "2026-06-05", offMonthReason: null });
  });
});

describe("a meeting put on a holiday or a weekend", () => {
  it("is refused naming the day off until the secretary confirms it, then carries the warning", async () => {
    const rule = {
      day: { kind: "weekday", weekday: 5, nth: -1 },
      startTime: "19:30",
      durationMinutes: 90,
      shift: "keep",
    };
    const patched = await app.inject({
      method: "PATCH",
      url: `/api/branches/${org.branchB}`,
      headers: admin,
      payload: { meetingRule: rule },
    });
    expect(patched.statusCode).toBe(200);
    const [sept] = await inMonth(org.branchB, "2026-09");
    const move = (payload: object, id = sept!.id, headers = org.secretaryB) =>
      app.inject({ method: "PATCH", url: `/api/meetings/${id}`, headers, payload });
    // Quốc khánh: a 409 problem that names the holiday; the meeting stays where it was.
    const asked = await move({ date: "2026-09-02" });
    expect(asked.statusCode).toBe(409);
    expect(asked.headers["content-type"]).toContain("application/problem+json");
    expect(asked.json()).toMatchObject({
      code: "day_off_unconfirmed",
      dayOff: { date: "2026-09-02", kind: "holiday", name: "Quốc khánh" },
      errors: [{ field: "body.date", reason: "Thứ Tư, 02/09/2026 là ngày nghỉ lễ: Quốc khánh." }],
    });
    expect(asked.json().detail).toContain("confirmDayOff");
    const unchanged = await app.inject({ url: `/api/meetings/${sept!.id}`, headers: org.secretaryB });
    expect(unchanged.json().date).toBe(sept!.date);

    const holiday = await move({ date: "2026-09-02", confirmDayOff: true });
    expect(holiday.statusCode).toBe(200);
    expect(holiday.json().date).toBe("2026-09-02");
    expect(holiday.json().warnings).toEqual([expect.stringContaining("Thứ Tư, 02/09/2026 là ngày nghỉ lễ")]);
    // Only the time changes: the day was confirmed already, nothing is asked again.
    const later = await move({ startTime: "20:00" });
    expect(later.statusCode).toBe(200);
    const sunday = await move({ date: "2026-09-27" });
    expect(sunday.statusCode).toBe(409);
    expect(sunday.json().dayOff).toEqual({ date: "2026-09-27", kind: "weekend", name: "Chủ nhật" });
    const sundayOk = await move({ date: "2026-09-27", confirmDayOff: true });
    expect(sundayOk.json().warnings).toEqual([
      expect.stringContaining("Chủ nhật, 27/09/2026 là ngày nghỉ cuối tuần. Chi bộ giữ nguyên ngày họp"),
    ]);
    const weekday = await move({ date: "2026-09-24" });
    expect(weekday.statusCode).toBe(200);
    expect(weekday.json().warnings).toEqual([]);

    // A branch whose rule moves its meetings is asked the same, and its warning says no more than the day.
    const [septA] = await inMonth(org.branchA, "2026-09");
    const a = await move({ date: "2026-09-27" }, septA!.id, org.secretaryA);
    expect(a.statusCode).toBe(409);
    const aOk = await move({ date: "2026-09-27", confirmDayOff: true }, septA!.id, org.secretaryA);
    expect(aOk.statusCode).toBe(200);
    expect(aOk.json().warnings).toEqual(["Chủ nhật, 27/09/2026 là ngày nghỉ cuối tuần."]);
  });

  it("a make-up on mùng 3 Tết is refused naming it until confirmed", async () => {
    const [feb] = await inMonth(org.branchA, "2026-11");
    const cancel = await app.inject({
      method: "POST",
      url: `/api/meetings/${feb!.id}/cancel`,
      headers: org.secretaryA,
      payload: { reason: "Đảng viên đi làm xa, chi bộ họp bù khi mọi người về quê ăn Tết" },
    });
    expect(cancel.statusCode).toBe(200);
    const reason = "Họp bù dịp Tết, khi đảng viên đi làm xa đã về";
    const makeup = (payload: object) =>
      app.inject({
        method: "POST",
        url: `/api/meetings/${feb!.id}/makeup`,
        headers: org.secretaryA,
        payload: { reason, ...payload },
      });
    const asked = await makeup({ date: "2027-02-08" });
    expect(asked.statusCode).toBe(409);
    expect(asked.json().dayOff).toEqual({
      date: "2027-02-08",
      kind: "holiday",
      name: "Tết Nguyên đán (mùng 3 Tết)",
    });
    expect(asked.json().errors[0].reason).toBe(
      "Thứ Hai, 08/02/2027 là ngày nghỉ lễ: Tết Nguyên đán (mùng 3 Tết).",
    );
    const made = await makeup({ date: "2027-02-08", confirmDayOff: true });
    expect(made.statusCode, made.body).toBe(201);
    expect(made.json().warnings).toEqual([
      "Thứ Hai, 08/02/2027 là ngày nghỉ lễ: Tết Nguyên đán (mùng 3 Tết).",
    ]);
  });
});

describe("guests on the attendance sheet", () => {
  it("can be marked present, and are read back so", async () => {
    const [may] = await inMonth(org.branchA, "2026-05");
    t.clock.set(new Date(Date.parse(`${may!.date}T00:00:00Z`) + 86_400_000));
    const who = await fresh();
    try {
      const res = await app.inject({
        method: "PUT",
        url: `/api/meetings/${may!.id}/attendance`,
        headers: who.secretaryA,
        payload: {
          members: [
            { memberId: org.memberA, status: "present" },
            { memberId: org.memberA2, status: "absent_excused", reason: "Ốm" },
          ],
          guests: [
            { name: "Ông Sùng Văn Chứ", present: true },
            "Bà Lò Thị Mai",
            { name: "Anh Vàng A Páo", present: false },
          ],
        },
      });
      expect(res.statusCode).toBe(200);
      const expected = [
        { name: "Ông Sùng Văn Chứ", present: true },
        { name: "Bà Lò Thị Mai", present: false },
        { name: "Anh Vàng A Páo", present: false },
      ];
      expect(res.json().guestList).toEqual(expected);
      expect(res.json().counts).toMatchObject({ expected: 2, present: 1 });
      expect(res.json().guestsPresent).toBe(1);
      const read = await app.inject({ url: `/api/meetings/${may!.id}/attendance`, headers: who.secretaryA });
      expect(read.json().guestList).toEqual(expected);
      expect(read.json().guests).toEqual(["Ông Sùng Văn Chứ", "Bà Lò Thị Mai", "Anh Vàng A Páo"]);
    } finally {
      t.clock.set(new Date("2026-04-01T00:00:00Z"));
    }
  });
});
