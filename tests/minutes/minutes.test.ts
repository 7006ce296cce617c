import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { meetings } from "../../src/db/schema.ts";
import { buildTestApp } from "../helpers/app.ts";
import { fixtures } from "./fixtures.ts";

const t = await buildTestApp({ now: "2026-06-20T03:00:00Z" });
const { app, admin, clock, database } = t;
const f = fixtures(t);

type Headers = { authorization: string };
const get = (url: string, headers: Headers = admin) => app.inject({ method: "GET", url, headers });
const put = (url: string, payload: unknown, headers: Headers = admin) =>
  app.inject({ method: "PUT", url, payload: payload as object, headers });
const post = (url: string, headers: Headers = admin, payload?: unknown) =>
  app.inject({ method: "POST", url, headers, ...(payload ? { payload: payload as object } : {}) });

let ward: string;
let branch: string;
let other: string;
let campaign: { id: string; topicIds: string[] };
const m: Record<string, string> = {};
let secretary: Headers;
let otherSecretary: Headers;
let memberLogin: Headers;
let officer: Headers;

beforeAll(async () => {
  const city = await f.committee("Thành ủy Hà Giang");
  ward = await f.committee("Đảng ủy phường Nguyễn Trãi", city);
  branch = await f.branch(ward, "Chi bộ Tổ dân phố 5");
  other = await f.branch(ward, "Chi bộ Tổ dân phố 6");
  campaign = await f.campaign(city);
  // Nine members on the roll on 05/5/2026, plus people who must not be on that meeting's list.
  const names = ["Nguyễn Văn An", "Trần Thị Bình", "Lê Văn Cường", "Phạm Thị Dung", "Hoàng Văn Em"];
  for (const n of names) m[n] = await f.member(branch, n);
  m["Vũ Thị Giang"] = await f.member(branch, "Vũ Thị Giang", { joinedOn: "2026-05-05" });
  m["Đỗ Văn Hải"] = await f.member(branch, "Đỗ Văn Hải", { leftOn: "2026-05-05" });
  m["Bùi Thị Hoa"] = await f.member(branch, "Bùi Thị Hoa");
  m["Ngô Văn Khoa"] = await f.member(branch, "Ngô Văn Khoa", { joinedOn: "2024-03-01" });
  m["Đinh Thị Lan"] = await f.member(branch, "Đinh Thị Lan", { joinedOn: "2026-05-06" }); // joined after
  m["Mai Văn Long"] = await f.member(branch, "Mai Văn Long", { leftOn: "2026-05-04" }); // left before
  m["Cán bộ Quyết"] = await f.member(branch, "Cán bộ Quyết", { role: "guest" }); // invited non-member
  for (const n of ["Trương Văn Sơn"]) m[n] = await f.member(other, n);
  secretary = await f.user("secretary", "bithu5@test.vn", { branchId: branch });
  otherSecretary = await f.user("secretary", "bithu6@test.vn", { branchId: other });
  memberLogin = await f.user("member", "an@test.vn", { memberId: m["Nguyễn Văn An"]! });
  officer = await f.user("officer", "tuyengiao@test.vn", { committeeId: ward });
});

/** The branch's meeting on that date, made by an earlier test. */
async function meetingOn(date: string): Promise<string> {
  const [row] = await database.db
    .select({ id: meetings.id })
    .from(meetings)
    .where(and(eq(meetings.branchId, branch), eq(meetings.date, date)));
  return row!.id;
}

const ROLL = [
  "Nguyễn Văn An",
  "Trần Thị Bình",
  "Lê Văn Cường",
  "Phạm Thị Dung",
  "Hoàng Văn Em",
  "Vũ Thị Giang",
  "Đỗ Văn Hải",
  "Bùi Thị Hoa",
  "Ngô Văn Khoa",
];

/** The roll on a date: Giang joined and Hải left on 05/5/2026, Long left on 04/5, Lan joined on 06/5. */
const rollOn = (date: string) =>
  [...ROLL, "Mai Văn Long", "Đinh Thị Lan"].filter(
    (n) =>
      !(n === "Vũ Thị Giang" && date < "2026-05-05") &&
      !(n === "Đỗ Văn Hải" && date > "2026-05-05") &&
      !(n === "Mai Văn Long" && date > "2026-05-04") &&
      !(n === "Đinh Thị Lan" && date < "2026-05-06"),
  );

function sheet(
  date: string,
  present: number,
  overrides: Record<string, { status: string; reason?: string }> = {},
) {
  return {
    members: rollOn(date).map((n, i) => ({
      memberId: m[n]!,
      ...(overrides[n] ??
        (i < present ? { status: "present" } : { status: "absent_excused", reason: "Đi công tác" })),
    })),
    guests: ["Ông Nguyễn Quốc Tuấn, Bí thư Đảng ủy phường"],
  };
}

describe("attendance after a meeting", () => {
  it("lists the members on the roll at the meeting's date, with invited guests apart", async () => {
    const meeting = await f.meeting(branch, "2026-05-05", {
      campaignId: campaign.id,
      topicId: campaign.topicIds[0],
    });
    const res = await get(`/api/meetings/${meeting}/attendance`, secretary);
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.recorded).toBe(false);
    expect(body.members.map((x: { fullName: string }) => x.fullName).sort()).toEqual([...ROLL].sort());
    expect(body.invited.map((x: { fullName: string }) => x.fullName)).toEqual(["Cán bộ Quyết"]);
    expect(body.counts.expected).toBe(9);
    expect(body.quorum.minimumPresent).toBe(6);
  });

  it("refuses a list that misses a member, names someone off the roll, or repeats one", async () => {
    const meeting = await f.meeting(branch, "2026-04-07", { campaignId: campaign.id });
    const missing = sheet("2026-04-07", 9);
    missing.members.pop();
    let res = await put(`/api/meetings/${meeting}/attendance`, missing, secretary);
    expect(res.statusCode).toBe(400);
    expect(res.headers["content-type"]).toContain("application/problem+json");
    expect(res.json().errors[0].reason).toContain("Mai Văn Long");

    const outsider = sheet("2026-04-07", 9);
    outsider.members.push({ memberId: m["Đinh Thị Lan"]!, status: "present" });
    res = await put(`/api/meetings/${meeting}/attendance`, outsider, secretary);
    expect(res.statusCode).toBe(400);
    expect(res.json().errors[0].field).toBe("body.members.9.memberId");

    const twice = sheet("2026-04-07", 9);
    twice.members.push({ ...twice.members[0]! });
    res = await put(`/api/meetings/${meeting}/attendance`, twice, secretary);
    expect(res.statusCode).toBe(400);

    const noReason = sheet("2026-04-07", 9, { "Trần Thị Bình": { status: "absent_excused" } });
    res = await put(`/api/meetings/${meeting}/attendance`, noReason, secretary);
    expect(res.statusCode).toBe(400);
    expect(res.json().errors[0].field).toBe("body.members.1.reason");

    // Nothing was recorded and the meeting is still planned.
    const after = await get(`/api/meetings/${meeting}/attendance`, secretary);
    expect(after.json().recorded).toBe(false);
    const [row] = await database.db.select().from(meetings).where(eq(meetings.id, meeting));
    expect(row!.status).toBe("planned");
  });

  it("computes the rate and the two-thirds quorum, and marks the meeting held without a new calendar revision", async () => {
    const meeting = await meetingOn("2026-05-05");
    const [before] = await database.db.select().from(meetings).where(eq(meetings.id, meeting));
    let res = await put(`/api/meetings/${meeting}/attendance`, sheet("2026-05-05", 5), secretary);
    expect(res.statusCode).toBe(200);
    expect(res.json().rate).toBeCloseTo(5 / 9, 3);
    expect(res.json().quorum.reached).toBe(false);
    res = await put(`/api/meetings/${meeting}/attendance`, sheet("2026-05-05", 6), secretary);
    expect(res.json()).toMatchObject({ recorded: true, meetingStatus: "held" });
    expect(res.json().counts).toEqual({ expected: 9, present: 6, absentExcused: 3, absentUnexcused: 0 });
    expect(res.json().quorum.reached).toBe(true);
    expect(res.json().guests).toEqual(["Ông Nguyễn Quốc Tuấn, Bí thư Đảng ủy phường"]);
    const [after] = await database.db.select().from(meetings).where(eq(meetings.id, meeting));
    expect(after!.status).toBe("held");
    expect(after!.revision).toBe(before!.revision);
  });

  it("uses the campaign's own quorum", async () => {
    const strict = await f.campaign(ward, { quorum: "0.800" });
    const meeting = await f.meeting(branch, "2026-02-05", { campaignId: strict.id });
    const res = await put(`/api/meetings/${meeting}/attendance`, sheet("2026-02-05", 6), secretary);
    expect(res.statusCode).toBe(200);
    expect(res.json().counts.expected).toBe(9);
    expect(res.json().quorum).toEqual({ share: 0.8, minimumPresent: 8, reached: false });
  });

  it("flags a member absent without reason three times in a calendar year", async () => {
    const absent = { "Lê Văn Cường": { status: "absent_unexcused" } };
    const dec = await f.meeting(branch, "2025-12-05");
    await put(`/api/meetings/${dec}/attendance`, sheet("2025-12-05", 9, absent), secretary);
    const jan = await f.meeting(branch, "2026-01-06");
    await put(`/api/meetings/${jan}/attendance`, sheet("2026-01-06", 9, absent), secretary);
    const jun = await f.meeting(branch, "2026-06-05");
    let res = await put(`/api/meetings/${jun}/attendance`, sheet("2026-06-05", 9, absent), secretary);
    // December 2025 does not count towards 2026: two so far.
    expect(res.json().flagged).toEqual([]);
    let flags = await get(`/api/branches/${branch}/flags?year=2026`, secretary);
    expect(flags.json()).toEqual([]);

    res = await put(
      `/api/meetings/${await meetingOn("2026-04-07")}/attendance`,
      sheet("2026-04-07", 9, absent),
      secretary,
    );
    expect(res.statusCode).toBe(200);
    const cuong = res.json().members.find((x: { fullName: string }) => x.fullName === "Lê Văn Cường");
    expect(cuong.flagged).toBe(true);
    expect(res.json().flagged).toEqual([
      expect.objectContaining({ fullName: "Lê Văn Cường", unexcusedAbsences: 3, year: 2026 }),
    ]);
    flags = await get(`/api/branches/${branch}/flags?year=2026`, officer);
    expect(flags.json().map((x: { fullName: string }) => x.fullName)).toEqual(["Lê Văn Cường"]);
    expect(flags.json()[0].meetingDates).toEqual(["2026-01-06", "2026-04-07", "2026-06-05"]);
    flags = await get(`/api/branches/${branch}/flags?year=2025`, secretary);
    expect(flags.json()).toEqual([]);
  });

  it("refuses attendance for a cancelled or future meeting", async () => {
    const cancelled = await f.meeting(branch, "2025-11-05", { status: "cancelled" });
    expect(
      (await put(`/api/meetings/${cancelled}/attendance`, sheet("2025-11-05", 9), secretary)).statusCode,
    ).toBe(409);
    const future = await f.meeting(branch, "2026-07-06");
    expect(
      (await put(`/api/meetings/${future}/attendance`, sheet("2026-07-06", 9), secretary)).statusCode,
    ).toBe(409);
  });
});

const content = {
  chair: "Nguyễn Văn An",
  recorder: "Trần Thị Bình",
  startTime: "14:00",
  endTime: "16:15",
  introducedBy: "Nguyễn Văn An",
  discussion: [
    { by: "Lê Văn Cường", opinion: "Cần tự soi, tự sửa thường xuyên; “không có vùng cấm”." },
    { by: "Phạm Thị Dung", opinion: "Đề nghị chi bộ giám sát việc kê khai tài sản." },
  ],
  conclusions: "Chi bộ thống nhất đưa nội dung chuyên đề vào kế hoạch rèn luyện của từng đảng viên.",
  tasks: [{ content: "Mỗi đảng viên viết bài thu hoạch", assignee: "Toàn chi bộ", due: "2026-05-30" }],
};

describe("minutes", () => {
  let meeting: string;
  beforeAll(async () => {
    meeting = await meetingOn("2026-05-05");
    await database.db.update(meetings).set({ topicId: campaign.topicIds[1] }).where(eq(meetings.id, meeting));
  });

  it("keeps every save as a revision, with the planned topic by default", async () => {
    clock.set("2026-05-06T10:00:00Z");
    let res = await put(`/api/meetings/${meeting}/minutes`, content, secretary);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ revision: 1, submitted: false, dueDate: "2026-05-12", late: false });
    expect(res.json().content.topicId).toBe(campaign.topicIds[1]);
    expect(res.json().content.topicTitle).toContain("Chuyên đề 2");
    res = await put(
      `/api/meetings/${meeting}/minutes`,
      { ...content, topicId: campaign.topicIds[2], conclusions: "Kết luận đã sửa", baseRevision: 1 },
      secretary,
    );
    expect(res.json().revision).toBe(2);
    expect(res.json().content.topicId).toBe(campaign.topicIds[2]);
    // A save from a stale copy is refused rather than silently overwriting.
    res = await put(`/api/meetings/${meeting}/minutes`, { ...content, baseRevision: 1 }, secretary);
    expect(res.statusCode).toBe(409);
    const revs = await get(`/api/meetings/${meeting}/minutes/revisions`, secretary);
    expect(revs.json().map((r: { revision: number }) => r.revision)).toEqual([1, 2]);
    expect(revs.json()[0].content.conclusions).toBe(content.conclusions);
    expect(revs.json()[0].content.discussion[0].opinion).toContain("“không có vùng cấm”");
    expect(revs.json()[1].content.conclusions).toBe("Kết luận đã sửa");
  });

  it("refuses a topic of another campaign", async () => {
    const other = await f.campaign(ward);
    const res = await put(
      `/api/meetings/${meeting}/minutes`,
      { ...content, topicId: other.topicIds[0] },
      secretary,
    );
    expect(res.statusCode).toBe(400);
    expect(res.json().errors[0].field).toBe("body.topicId");
  });

  it("is hidden from members until submitted, then readable; later changes need a reason and reach members once submitted", async () => {
    expect((await get(`/api/meetings/${meeting}/minutes`, memberLogin)).statusCode).toBe(404);
    expect((await put(`/api/meetings/${meeting}/minutes`, content, memberLogin)).statusCode).toBe(403);
    clock.set("2026-05-11T10:00:00Z");
    let res = await post(`/api/meetings/${meeting}/minutes/submit`, secretary);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ submitted: true, submittedRevision: 2, late: false });
    expect((await post(`/api/meetings/${meeting}/minutes/submit`, secretary)).statusCode).toBe(409);
    res = await get(`/api/meetings/${meeting}/minutes`, memberLogin);
    expect(res.statusCode).toBe(200);
    expect(res.json().content.conclusions).toBe("Kết luận đã sửa");

    res = await put(`/api/meetings/${meeting}/minutes`, { ...content, conclusions: "Sửa lén" }, secretary);
    expect(res.statusCode).toBe(400);
    expect(res.json().errors[0].field).toBe("body.reason");
    res = await put(
      `/api/meetings/${meeting}/minutes`,
      { ...content, reason: "Bổ sung ý kiến của đồng chí Dung theo đề nghị" },
      secretary,
    );
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ revision: 3, submitted: true, submittedRevision: 2 });
    expect(res.json().amendments).toEqual([
      expect.objectContaining({ revision: 3, reason: "Bổ sung ý kiến của đồng chí Dung theo đề nghị" }),
    ]);
    // The member sees the submitted text, and the change once submitted too, not the drafts before.
    expect((await get(`/api/meetings/${meeting}/minutes/revisions`, memberLogin)).json()).toHaveLength(1);
    res = await post(`/api/meetings/${meeting}/minutes/submit`, secretary);
    expect(res.json()).toMatchObject({ submitted: true, submittedRevision: 3 });
    const revs = await get(`/api/meetings/${meeting}/minutes/revisions`, memberLogin);
    expect(
      revs.json().map((r: { revision: number; afterSubmission: boolean }) => [r.revision, r.afterSubmission]),
    ).toEqual([
      [2, false],
      [3, true],
    ]);
  });

  it("marks minutes late when submitted after the due date or still missing past it", async () => {
    const late = await meetingOn("2026-01-06");
    clock.set("2026-01-10T10:00:00Z");
    let res = await put(`/api/meetings/${late}/minutes`, content, secretary);
    expect(res.json()).toMatchObject({ dueDate: "2026-01-13", late: false });
    // 13/01 at 23:30 in Hà Nội is still on time, although it is already the 13th… and 14th in UTC is not.
    clock.set("2026-01-13T16:59:00Z");
    expect((await get(`/api/meetings/${late}/minutes`, secretary)).json().late).toBe(false);
    clock.set("2026-01-13T17:01:00Z");
    expect((await get(`/api/meetings/${late}/minutes`, secretary)).json().late).toBe(true);
    clock.set("2026-01-15T02:00:00Z");
    res = await post(`/api/meetings/${late}/minutes/submit`, secretary);
    expect(res.json()).toMatchObject({ submitted: true, late: true });
    clock.set("2026-06-20T03:00:00Z");
  });

  it("is out of reach for another branch's secretary and for an officer of another committee", async () => {
    for (const url of [
      `/api/meetings/${meeting}/minutes`,
      `/api/meetings/${meeting}/minutes/revisions`,
      `/api/meetings/${meeting}/attendance`,
      `/api/meetings/${meeting}/files`,
      `/api/branches/${branch}/flags?year=2026`,
    ]) {
      const res = await get(url, otherSecretary);
      expect(res.statusCode, url).toBe(404);
    }
    expect(
      (await put(`/api/meetings/${meeting}/attendance`, sheet("2026-05-05", 9), otherSecretary)).statusCode,
    ).toBe(404);
    expect((await put(`/api/meetings/${meeting}/minutes`, content, otherSecretary)).statusCode).toBe(404);
    const elsewhere = await f.committee("Đảng ủy xã Chế Là");
    const stranger = await f.user("officer", "chela@test.vn", { committeeId: elsewhere });
    expect((await get(`/api/meetings/${meeting}/minutes`, stranger)).statusCode).toBe(404);
    // The ward's officer reaches the branch and may write.
    expect((await get(`/api/meetings/${meeting}/minutes`, officer)).statusCode).toBe(200);
  });
});

describe("the audit trail", () => {
  it("records who changed attendance and minutes, when, from what to what; committee officers read it", async () => {
    const meeting = await meetingOn("2026-05-05");
    const res = await get(`/api/audit?branchId=${branch}&entity=attendance&entityId=${meeting}`, officer);
    expect(res.statusCode).toBe(200);
    const entries = res.json();
    expect(entries.map((e: { action: string }) => e.action)).toEqual(["update", "create"]);
    const [update, create] = entries;
    expect(create.before).toBeNull();
    expect(update.actor).toBe("bithu5");
    const status = (entry: { members: { memberId: string; status: string }[] }, name: string) =>
      entry.members.find((x) => x.memberId === m[name])!.status;
    expect(status(update.before, "Hoàng Văn Em")).toBe("present");
    expect(status(update.before, "Vũ Thị Giang")).toBe("absent_excused");
    expect(status(update.after, "Vũ Thị Giang")).toBe("present");

    const held = await get(`/api/audit?branchId=${branch}&entity=meeting&entityId=${meeting}`, officer);
    expect(held.json()).toEqual([
      expect.objectContaining({ action: "held", before: { status: "planned" }, after: { status: "held" } }),
    ]);

    const minutesTrail = await get(`/api/audit?branchId=${branch}&entity=minutes`, admin);
    const actions = minutesTrail.json().map((e: { action: string }) => e.action);
    expect(actions).toContain("amend");
    expect(actions).toContain("submit");
    const amend = minutesTrail.json().find((e: { action: string }) => e.action === "amend");
    expect(amend.after.reason).toBe("Bổ sung ý kiến của đồng chí Dung theo đề nghị");
    expect(amend.before.content.conclusions).toBe("Kết luận đã sửa");

    expect((await get(`/api/audit?branchId=${branch}`, secretary)).statusCode).toBe(403);
    expect((await get(`/api/audit?branchId=${branch}`, otherSecretary)).statusCode).toBe(404);
    expect((await get(`/api/audit?branchId=${branch}`, memberLogin)).statusCode).toBe(403);
  });
});

describe("answers to a change", () => {
  it("are what a read gives right after: attendance, saved and submitted minutes", async () => {
    clock.set("2025-09-10T03:00:00Z");
    const meeting = await f.meeting(branch, "2025-09-05", { campaignId: campaign.id });
    const url = `/api/meetings/${meeting}/attendance`;
    // First without the invited member, then with him marked present.
    let saved = await put(url, sheet("2025-09-05", 99), secretary);
    expect(saved.statusCode, saved.body).toBe(200);
    expect(saved.json().invited.map((x: { status: string | null }) => x.status)).toEqual([null]);
    expect(saved.json()).toEqual((await get(url, secretary)).json());
    const withGuest = sheet("2025-09-05", 99);
    withGuest.members.push({ memberId: m["Cán bộ Quyết"]!, status: "present" });
    saved = await put(url, withGuest, secretary);
    expect(saved.json().invited.map((x: { status: string | null }) => x.status)).toEqual(["present"]);
    expect(saved.json()).toEqual((await get(url, secretary)).json());

    const minutesUrl = `/api/meetings/${meeting}/minutes`;
    const read = async () => (await get(minutesUrl, secretary)).json();
    saved = await put(minutesUrl, { ...content, topicId: campaign.topicIds[3] }, secretary);
    expect(saved.json().content.topicTitle).toContain("Chuyên đề 4");
    expect(saved.json()).toEqual(await read());
    saved = await put(minutesUrl, { ...content, topicId: null }, secretary);
    expect(saved.json().content.topicTitle).toBeNull();
    expect(saved.json()).toEqual(await read());
    clock.set("2025-09-20T03:00:00Z");
    saved = await post(`${minutesUrl}/submit`, secretary);
    expect(saved.json()).toMatchObject({ submitted: true, late: true, amendments: [] });
    expect(saved.json()).toEqual(await read());
    saved = await put(minutesUrl, { ...content, reason: "Ghi thêm chuyên đề đã học" }, secretary);
    expect(saved.json().amendments).toHaveLength(1);
    expect(saved.json()).toEqual(await read());
    clock.set("2026-06-20T03:00:00Z");
  });
});
