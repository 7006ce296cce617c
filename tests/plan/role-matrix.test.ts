/**
 * Who may do what on the routes added after the organisation (campaigns, holidays, plan, feeds, minutes,
 * reports, audit, reminders and the meeting page), as a table: each role against each route family, with
 * the exact answer. Out of reach → 404 that reads like the 404 of an id that does not exist, in sight but
 * short of rights → 403, anonymous → 401; every refusal of the API is `application/problem+json`.
 *
 * The organisation (tests/helpers/fixtures.ts buildOrg), with campaign X of the ward planned over
 * 03–08/2026 and the clock on 20/5/2026:
 *   Tỉnh ủy
 *   ├── Đảng ủy phường Minh Khai   ← officerP (the parent committee of A and B); runs campaign X
 *   │   ├── Chi bộ Tổ 1 (A)        ← secA; memA (Lê Thị Hoa); left (a member who left on 10/5/2026)
 *   │   └── Chi bộ Tổ 2 (B)        ← secB
 *   └── Đảng ủy xã Phương Độ       ← officerS (a sibling committee: sees nothing of the ward)
 *       └── Chi bộ thôn Nậm Thanh
 */
import { randomUUID } from "node:crypto";
import { and, eq, gte, lt } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { meetings } from "../../src/db/schema.ts";
import { buildTestApp } from "../helpers/app.ts";
import { buildOrg, insertCampaign, type Org } from "../helpers/fixtures.ts";
import { regionOfBranch } from "../helpers/region.ts";
import { ACTORS, type Actor, type Headers, type Request, type Row, row } from "../helpers/role-matrix.ts";

const t = await buildTestApp({ now: "2026-05-20T03:00:00Z" });
const { app, admin, database } = t;
const db = database.db;

const as = {} as Record<Actor, Headers>;

let org: Org;
let campaign: { id: string; topics: { id: string; code: string }[] };
/** Meetings of branch A planned from campaign X: April is held and filed, June to August lie ahead. */
const m = {} as Record<"april" | "june" | "august", string>;
let leftId: string;
let peakId: string;
let deadlineId: string;
let eventId: string;
let fileId: string;
let secAFeed: string;
let seq = 0;
let meetingSeq = 0;

async function api(method: string, url: string, payload?: unknown, headers: Headers = admin) {
  return app.inject({ method: method as "GET", url, payload: payload as object, headers });
}
async function ok(method: string, url: string, payload?: unknown, headers: Headers = admin) {
  const res = await api(method, url, payload, headers);
  if (res.statusCode >= 300) throw new Error(`${method} ${url}: ${res.statusCode} ${res.body}`);
  return res.json();
}

const MINUTES = {
  chair: "Trần Văn Bình",
  recorder: "Lê Thị Hoa",
  startTime: "14:00",
  endTime: "16:00",
  introducedBy: "Trần Văn Bình",
  discussion: [{ by: "Lê Thị Hoa", opinion: "Cần nêu gương, “không có vùng cấm”." }],
  conclusions: "Chi bộ thống nhất đưa chuyên đề vào kế hoạch rèn luyện của từng đảng viên.",
  tasks: [{ content: "Viết bài thu hoạch" }],
};

// A tiny but real PNG, sent as multipart/form-data.
const PNG = Buffer.from(
  "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==",
  "base64",
);
const BOUNDARY = "----chibo-matrix-boundary";
let uploads = 0;
/** The PNG with a byte of its own after its end: a second upload of the same bytes is refused (409). */
const upload = () =>
  Buffer.concat([
    Buffer.from(
      `--${BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="Ảnh buổi họp.png"\r\n` +
        "Content-Type: image/png\r\n\r\n",
    ),
    PNG,
    Buffer.from(String(uploads++)),
    Buffer.from(`\r\n--${BOUNDARY}--\r\n`),
  ]);

/** A meeting of branch A of its own month (one meeting a month), outside campaign X's months. */
async function freshMeeting(when: "past" | "future", withDraftMinutes = false): Promise<string> {
  const n = ++meetingSeq;
  const year = when === "past" ? 2020 + Math.floor(n / 12) : 2030 + Math.floor(n / 12);
  const month = `${year}-${String((n % 12) + 1).padStart(2, "0")}`;
  const date = `${month}-10`;
  const [row] = await db
    .insert(meetings)
    .values({
      branchId: org.branchA,
      regionId: regionOfBranch(org.branchA),
      campaignId: campaign.id,
      month: `${month}-01`,
      date,
      startAt: new Date(`${date}T07:00:00Z`),
      endAt: new Date(`${date}T09:00:00Z`),
      topicId: campaign.topics[0]!.id,
    })
    .returning({ id: meetings.id });
  if (withDraftMinutes) await ok("PUT", `/api/meetings/${row!.id}/minutes`, MINUTES);
  return row!.id;
}

async function meetingOf(month: string): Promise<string> {
  const [row] = await db
    .select({ id: meetings.id })
    .from(meetings)
    .where(
      and(
        eq(meetings.branchId, org.branchA),
        gte(meetings.date, `${month}-01`),
        lt(meetings.date, `${month}-28`),
      ),
    );
  return row!.id;
}

beforeAll(async () => {
  org = await buildOrg(t);
  campaign = await insertCampaign(db, org.wardId, {
    firstMonth: "2026-03",
    lastMonth: "2026-08",
    topicCount: 6,
  });
  await ok("POST", `/api/campaigns/${campaign.id}/plan`);
  m.april = await meetingOf("2026-04");
  m.june = await meetingOf("2026-06");
  m.august = await meetingOf("2026-08");

  // The member who has left: logged in while still in branch A, then marked as left.
  const left = await ok("POST", `/api/branches/${org.branchA}/members`, {
    fullName: "Đỗ Văn Lưu",
    email: "luu@to1.vn",
  });
  leftId = left.id;
  await ok("POST", "/api/users", {
    email: "luu@to1.vn",
    displayName: "Đỗ Văn Lưu",
    password: "mat-khau-dai-du",
    role: "member",
    memberId: leftId,
  });
  as.left = await t.login("luu@to1.vn", "mat-khau-dai-du");
  await ok("POST", `/api/members/${leftId}/leave`, { leftOn: "2026-05-10" });

  as.admin = admin;
  as.officerP = org.officerWard;
  as.officerS = org.officerOther;
  as.secA = org.secretaryA;
  as.secB = org.secretaryB;
  as.memA = org.memberALogin;
  as.anon = {};

  const base = `/api/campaigns/${campaign.id}`;
  peakId = (
    await ok("POST", `${base}/peak-dates`, { day: 3, month: 2, baseYear: 1930, name: "Thành lập Đảng" })
  ).id;
  deadlineId = (
    await ok("POST", `${base}/deadlines`, { day: 30, month: 10, audience: "branch", title: "Báo cáo sơ kết" })
  ).id;
  eventId = (
    await ok("POST", `${base}/events`, { date: "2026-06-15", title: "Hội nghị giới thiệu tác phẩm" })
  ).id;

  // April's meeting was held: attendance, minutes submitted, one file.
  const sheet = await ok("GET", `/api/meetings/${m.april}/attendance`);
  await ok("PUT", `/api/meetings/${m.april}/attendance`, {
    members: sheet.members.map((x: { memberId: string }) => ({ memberId: x.memberId, status: "present" })),
  });
  await ok("PUT", `/api/meetings/${m.april}/minutes`, MINUTES);
  await ok("POST", `/api/meetings/${m.april}/minutes/submit`);
  const files = await app.inject({
    method: "POST",
    url: `/api/meetings/${m.april}/files`,
    headers: { ...admin, "content-type": `multipart/form-data; boundary=${BOUNDARY}` },
    payload: upload(),
  });
  expect(files.statusCode).toBe(201);
  fileId = files.json()[0].id;

  secAFeed = (await ok("POST", "/api/feeds", { kind: "branch", branchId: org.branchA }, as.secA)).id;
});

const X = () => `/api/campaigns/${campaign.id}`;
const cx = () => [campaign.id];
const code = () => `M${++seq}`;

// biome-ignore format: the table reads best as a table
const MATRIX: Row[] = [
  //                                              adm  offP offS secA secB memA left anon
  // Campaigns (of the ward): officers above manage, the branches below read, everyone else does not see it.
  ["campaigns: list",                         row(200, 200, 200, 200, 200, 200, 200, 401), () => ({ method: "GET", url: "/api/campaigns" })],
  ["campaigns: create for the ward",          row(201, 201, 404, 404, 404, 404, 404, 401), () => ({ method: "POST", url: "/api/campaigns", payload: { committeeId: org.wardId, title: "Đợt mới", bookTitle: "Sách", firstMonth: "2027-01", lastMonth: "2027-06" }, subjects: [org.wardId] })],
  ["campaigns: get X",                        row(200, 200, 404, 200, 200, 200, 404, 401), () => ({ method: "GET", url: X(), subjects: cx() })],
  ["campaigns: patch X",                      row(200, 200, 404, 403, 403, 403, 404, 401), () => ({ method: "PATCH", url: X(), payload: { description: "Học tập và làm theo" }, subjects: cx() })],
  ["campaigns: copy X to the ward",           row(201, 201, 404, 404, 404, 404, 404, 401), () => ({ method: "POST", url: `${X()}/copy`, payload: { committeeId: org.wardId, firstMonth: "2027-01", lastMonth: "2027-03" }, subjects: [campaign.id, org.wardId] })],
  ["campaigns: add a topic",                  row(201, 201, 404, 403, 403, 403, 404, 401), () => ({ method: "POST", url: `${X()}/topics`, payload: { code: code(), part: 1, title: "Chuyên đề bổ sung" }, subjects: cx() })],
  ["campaigns: reorder the topics",           row(200, 200, 404, 403, 403, 403, 404, 401), async () => ({ method: "PUT", url: `${X()}/topics/order`, payload: { codes: (await ok("GET", X())).topics.map((x: { code: string }) => x.code) }, subjects: cx() })],
  ["campaigns: patch a topic",                row(200, 200, 404, 403, 403, 403, 404, 401), () => ({ method: "PATCH", url: `${X()}/topics/${campaign.topics[1]!.id}`, payload: { summary: "Tóm tắt mới" }, subjects: cx() })],
  ["campaigns: remove a topic",               row(200, 200, 404, 403, 403, 403, 404, 401), async () => ({ method: "DELETE", url: `${X()}/topics/${(await ok("POST", `${X()}/topics`, { code: code(), part: 1, title: "Tạm" })).id}`, subjects: cx() })],
  ["campaigns: add a peak date",              row(201, 201, 404, 403, 403, 403, 404, 401), () => ({ method: "POST", url: `${X()}/peak-dates`, payload: { day: 25, month: 12, baseYear: 1945, name: "Ngày truyền thống" }, subjects: cx() })],
  ["campaigns: patch a peak date",            row(200, 200, 404, 403, 403, 403, 404, 401), () => ({ method: "PATCH", url: `${X()}/peak-dates/${peakId}`, payload: { name: "Ngày thành lập Đảng Cộng sản Việt Nam" }, subjects: cx() })],
  ["campaigns: delete a peak date",           row(204, 204, 404, 403, 403, 403, 404, 401), async () => ({ method: "DELETE", url: `${X()}/peak-dates/${(await ok("POST", `${X()}/peak-dates`, { day: 1, month: 6, baseYear: 1950, name: "Tạm" })).id}`, subjects: cx() })],
  ["campaigns: add a deadline",               row(201, 201, 404, 403, 403, 403, 404, 401), () => ({ method: "POST", url: `${X()}/deadlines`, payload: { day: 10, month: 11, audience: "committee", title: "Báo cáo tổng kết" }, subjects: cx() })],
  ["campaigns: patch a deadline",             row(200, 200, 404, 403, 403, 403, 404, 401), () => ({ method: "PATCH", url: `${X()}/deadlines/${deadlineId}`, payload: { title: "Báo cáo sơ kết năm" }, subjects: cx() })],
  ["campaigns: delete a deadline",            row(204, 204, 404, 403, 403, 403, 404, 401), async () => ({ method: "DELETE", url: `${X()}/deadlines/${(await ok("POST", `${X()}/deadlines`, { day: 1, month: 12, audience: "branch", title: "Tạm" })).id}`, subjects: cx() })],
  ["campaigns: add an event",                 row(201, 201, 404, 403, 403, 403, 404, 401), () => ({ method: "POST", url: `${X()}/events`, payload: { date: "2026-07-01", title: "Tọa đàm" }, subjects: cx() })],
  ["campaigns: patch an event",               row(200, 200, 404, 403, 403, 403, 404, 401), () => ({ method: "PATCH", url: `${X()}/events/${eventId}`, payload: { title: "Hội nghị quán triệt" }, subjects: cx() })],
  ["campaigns: delete an event",              row(204, 204, 404, 403, 403, 403, 404, 401), async () => ({ method: "DELETE", url: `${X()}/events/${(await ok("POST", `${X()}/events`, { date: "2026-07-02", title: "Tạm" })).id}`, subjects: cx() })],
  ["campaigns: read the schedule",            row(200, 200, 404, 200, 200, 200, 404, 401), () => ({ method: "GET", url: `${X()}/schedule`, subjects: cx() })],
  ["campaigns: set the schedule",             row(200, 200, 404, 403, 403, 403, 404, 401), () => ({ method: "PUT", url: `${X()}/schedule`, payload: { months: { "2026-08": null } }, subjects: cx() })],
  // Holidays: everyone signed in reads them; only admins edit them.
  ["holidays: read a year",                   row(200, 200, 200, 200, 200, 200, 200, 401), () => ({ method: "GET", url: "/api/holidays?year=2026" })],
  ["holidays: add an override",               row(200, 403, 403, 403, 403, 403, 403, 401), () => ({ method: "PUT", url: `/api/holidays/overrides/2031-0${(++seq % 9) + 1}-1${seq % 10}`, payload: { action: "add", name: "Nghỉ bù" } })],
  ["holidays: remove an override",            row(204, 403, 403, 403, 403, 403, 403, 401), async () => { const d = `2032-0${(++seq % 9) + 1}-1${seq % 10}`; await ok("PUT", `/api/holidays/overrides/${d}`, { action: "add", name: "Nghỉ bù" }); return { method: "DELETE", url: `/api/holidays/overrides/${d}` }; }],
  // Plan.
  ["plan: plan campaign X",                   row(200, 200, 404, 403, 403, 403, 404, 401), () => ({ method: "POST", url: `${X()}/plan`, subjects: cx() })],
  ["plan: branch A's plan",                   row(200, 200, 404, 200, 404, 200, 404, 401), () => ({ method: "GET", url: `/api/branches/${org.branchA}/plan?from=2026-03-01&to=2026-08-31`, subjects: [org.branchA] })],
  ["plan: memA's plan",                       row(200, 200, 404, 200, 404, 200, 404, 401), () => ({ method: "GET", url: `/api/members/${org.memberA2}/plan?from=2026-03-01&to=2026-08-31`, subjects: [org.memberA2] })],
  ["plan: the left member's plan",            row(200, 200, 404, 200, 404, 404, 403, 401), () => ({ method: "GET", url: `/api/members/${leftId}/plan?from=2026-03-01&to=2026-08-31`, subjects: [leftId] })],
  ["plan: the ward's plan",                   row(200, 200, 404, 404, 404, 404, 404, 401), () => ({ method: "GET", url: `/api/committees/${org.wardId}/plan?from=2026-03-01&to=2026-08-31`, subjects: [org.wardId] })],
  ["plan: get a meeting of A",                row(200, 200, 404, 200, 404, 200, 404, 401), () => ({ method: "GET", url: `/api/meetings/${m.june}`, subjects: [m.june] })],
  ["plan: move a meeting of A",               row(200, 200, 404, 200, 404, 403, 404, 401), () => ({ method: "PATCH", url: `/api/meetings/${m.june}`, payload: { place: "Hội trường khu phố" }, subjects: [m.june] })],
  ["plan: cancel a meeting of A",             row(200, 200, 404, 200, 404, 403, 404, 401), async () => { const id = await freshMeeting("future"); return { method: "POST", url: `/api/meetings/${id}/cancel`, payload: { reason: "Trùng lịch họp tổ dân phố" }, subjects: [id] }; }],
  ["plan: change a meeting's topic",          row(200, 200, 404, 200, 404, 403, 404, 401), () => ({ method: "PUT", url: `/api/meetings/${m.august}/topic`, payload: { topicId: campaign.topics[2]!.id }, subjects: [m.august] })],
  // Feeds: one's own subscriptions to what one reaches.
  ["feeds: subscribe to branch A",            row(201, 201, 404, 201, 404, 201, 404, 401), () => ({ method: "POST", url: "/api/feeds", payload: { kind: "branch", branchId: org.branchA }, subjects: [org.branchA] })],
  ["feeds: subscribe to memA's member feed",  row(403, 403, 404, 403, 404, 201, 404, 401), () => ({ method: "POST", url: "/api/feeds", payload: { kind: "member", memberId: org.memberA2 }, subjects: [org.memberA2] })],
  ["feeds: subscribe to the left member's",   row(403, 403, 404, 403, 404, 404, 403, 401), () => ({ method: "POST", url: "/api/feeds", payload: { kind: "member", memberId: leftId }, subjects: [leftId] })],
  ["feeds: subscribe to the ward",            row(201, 201, 404, 404, 404, 404, 404, 401), () => ({ method: "POST", url: "/api/feeds", payload: { kind: "committee", committeeId: org.wardId }, subjects: [org.wardId] })],
  ["feeds: list one's own",                   row(200, 200, 200, 200, 200, 200, 200, 401), () => ({ method: "GET", url: "/api/feeds" })],
  ["feeds: rotate secA's feed",               row(404, 404, 404, 200, 404, 404, 404, 401), () => ({ method: "POST", url: `/api/feeds/${secAFeed}/rotate`, subjects: [secAFeed] })],
  ["feeds: revoke secA's feed",               row(404, 404, 404, 204, 404, 404, 404, 401), async () => { const id = (await ok("POST", "/api/feeds", { kind: "branch", branchId: org.branchA }, as.secA)).id; return { method: "DELETE", url: `/api/feeds/${id}`, subjects: [id] }; }],
  // Minutes: the secretary and those above write; members read the submitted minutes; nobody else sees them.
  ["minutes: read attendance",                row(200, 200, 404, 200, 404, 403, 404, 401), () => ({ method: "GET", url: `/api/meetings/${m.april}/attendance`, subjects: [m.april] })],
  ["minutes: record attendance",              row(200, 200, 404, 200, 404, 403, 404, 401), async () => ({ method: "PUT", url: `/api/meetings/${m.april}/attendance`, payload: { members: (await ok("GET", `/api/meetings/${m.april}/attendance`)).members.map((x: { memberId: string }) => ({ memberId: x.memberId, status: "present" })) }, subjects: [m.april] })],
  ["minutes: read the submitted minutes",     row(200, 200, 404, 200, 404, 200, 404, 401), () => ({ method: "GET", url: `/api/meetings/${m.april}/minutes`, subjects: [m.april] })],
  ["minutes: amend the submitted minutes",    row(200, 200, 404, 200, 404, 403, 404, 401), () => ({ method: "PUT", url: `/api/meetings/${m.april}/minutes`, payload: { ...MINUTES, reason: "Bổ sung ý kiến" }, subjects: [m.april] })],
  ["minutes: read the revisions",             row(200, 200, 404, 200, 404, 200, 404, 401), () => ({ method: "GET", url: `/api/meetings/${m.april}/minutes/revisions`, subjects: [m.april] })],
  ["minutes: submit",                         row(200, 200, 404, 200, 404, 403, 404, 401), async () => { const id = await freshMeeting("past", true); return { method: "POST", url: `/api/meetings/${id}/minutes/submit`, subjects: [id] }; }],
  ["minutes: upload a file",                  row(201, 201, 404, 201, 404, 403, 404, 401), () => ({ method: "POST", url: `/api/meetings/${m.april}/files`, payload: upload(), headers: { "content-type": `multipart/form-data; boundary=${BOUNDARY}` }, subjects: [m.april] })],
  ["minutes: list the files",                 row(200, 200, 404, 200, 404, 200, 404, 401), () => ({ method: "GET", url: `/api/meetings/${m.april}/files`, subjects: [m.april] })],
  ["minutes: download a file",                row(200, 200, 404, 200, 404, 200, 404, 401), () => ({ method: "GET", url: `/api/meetings/${m.april}/files/${fileId}`, subjects: [m.april] })],
  ["minutes: branch A's flagged members",     row(200, 200, 404, 200, 404, 403, 404, 401), () => ({ method: "GET", url: `/api/branches/${org.branchA}/flags?year=2026`, subjects: [org.branchA] })],
  // Reports.
  ["reports: branch A",                       row(200, 200, 404, 200, 404, 403, 404, 401), () => ({ method: "GET", url: `/api/reports/branches/${org.branchA}?year=2026`, subjects: [org.branchA] })],
  ["reports: the ward",                       row(200, 200, 404, 404, 404, 404, 404, 401), () => ({ method: "GET", url: `/api/reports/committees/${org.wardId}?year=2026`, subjects: [org.wardId] })],
  ["reports: campaign X",                     row(200, 200, 404, 403, 403, 403, 404, 401), () => ({ method: "GET", url: `/api/reports/campaigns/${campaign.id}`, subjects: cx() })],
  // Audit: committee officers (and admins), within their reach.
  ["audit: everything in reach",              row(200, 200, 200, 403, 403, 403, 403, 401), () => ({ method: "GET", url: "/api/audit" })],
  ["audit: branch A",                         row(200, 200, 404, 403, 404, 403, 404, 401), () => ({ method: "GET", url: `/api/audit?branchId=${org.branchA}`, subjects: [org.branchA] })],
  // Reminders.
  ["reminders: a meeting's messages",         row(200, 200, 404, 200, 404, 403, 404, 401), () => ({ method: "GET", url: `/api/meetings/${m.june}/messages`, subjects: [m.june] })],
  ["reminders: memA's messages (memA: their own)", row(200, 200, 404, 200, 404, 200, 404, 401), () => ({ method: "GET", url: `/api/members/${org.memberA2}/messages`, subjects: [org.memberA2] })],
  ["reminders: A's unreachable members",      row(200, 200, 404, 200, 404, 403, 404, 401), () => ({ method: "GET", url: `/api/branches/${org.branchA}/unreachable-members`, subjects: [org.branchA] })],
  ["reminders: the .eml outbox",              row(200, 403, 403, 403, 403, 403, 403, 401), () => ({ method: "GET", url: "/api/outbox?limit=1" })],
  // The HTML page calendars and emails link to: a visitor is sent to log in (303), not refused.
  ["page: a meeting of A",                    row(200, 200, 404, 200, 404, 200, 404, 303), () => ({ method: "GET", url: `/cuoc-hop/${m.june}`, subjects: [m.june] })],
  ["page: the old address of a meeting",      row(301, 301, 301, 301, 301, 301, 301, 301), () => ({ method: "GET", url: `/meetings/${m.june}` })],
];

/** The same request with `id` replaced by an id that exists nowhere. */
function swapped(r: Request, id: string): Request {
  const other = randomUUID();
  const payload =
    r.payload === undefined || Buffer.isBuffer(r.payload)
      ? r.payload
      : JSON.parse(JSON.stringify(r.payload).replaceAll(id, other));
  return { ...r, url: r.url.replaceAll(id, other), payload };
}

const strip = (res: { headers: Record<string, unknown>; body: string }) =>
  String(res.headers["content-type"]).includes("json")
    ? { ...JSON.parse(res.body), instance: undefined }
    : res.body;

describe("the role matrix of campaigns, holidays, plan, feeds, minutes, reports, audit and reminders", () => {
  it.each(MATRIX)("%s", async (_family, expected, build) => {
    const actual = {} as Record<Actor, number>;
    for (const actor of ACTORS) {
      const r = await build();
      const headers = { ...as[actor], ...r.headers };
      const res = await api(r.method, r.url, r.payload, headers);
      actual[actor] = res.statusCode;
      if (res.statusCode < 400) continue;
      if (r.url.startsWith("/api/")) {
        // Every refusal of the API is a problem document, whatever the reason.
        expect(res.headers["content-type"], `${actor}: ${res.body}`).toContain("application/problem+json");
        expect(res.json().status).toBe(res.statusCode);
      }
      if (res.statusCode === 404) {
        // Out of reach reads exactly like an id that does not exist.
        const missing = [];
        for (const id of r.subjects ?? []) {
          const s = swapped(r, id);
          const other = await api(s.method, s.url, s.payload, headers);
          missing.push({ status: other.statusCode, body: strip(other) });
        }
        expect(missing, `${actor}: ${res.body}`).toContainEqual({ status: 404, body: strip(res) });
      }
    }
    expect(actual).toEqual(expected);
  });
});

describe("what a refused caller leaves behind", () => {
  it("a member cannot move, cancel or retopic their meeting, and it stays as it was", async () => {
    const before = await ok("GET", `/api/meetings/${m.june}`);
    await api("PATCH", `/api/meetings/${m.june}`, { place: "Nhà riêng" }, as.memA);
    await api("POST", `/api/meetings/${m.june}/cancel`, { reason: "Không muốn họp" }, as.memA);
    await api("PUT", `/api/meetings/${m.june}/topic`, { topicId: campaign.topics[3]!.id }, as.secB);
    const after = await ok("GET", `/api/meetings/${m.june}`);
    expect(after).toEqual(before);
  });

  it("a member does not see draft minutes: they read as not yet written", async () => {
    const draft = await freshMeeting("past", true);
    const res = await api("GET", `/api/meetings/${draft}/minutes`, undefined, as.memA);
    expect(res.statusCode).toBe(404);
    const none = await api("GET", `/api/meetings/${await freshMeeting("past")}/minutes`, undefined, as.memA);
    expect(strip(res)).toEqual(strip(none));
    expect((await api("GET", `/api/meetings/${draft}/minutes`, undefined, as.secA)).statusCode).toBe(200);
  });

  it("the plan lists show exactly the branches in reach", async () => {
    const branchesOf = async (url: string, who: Headers) =>
      new Set((await ok("GET", url, undefined, who)).map((x: { branchName: string }) => x.branchName));
    const range = "from=2026-03-01&to=2026-08-31";
    expect(await branchesOf(`/api/committees/${org.wardId}/plan?${range}`, as.officerP)).toEqual(
      new Set(["Chi bộ Tổ 1", "Chi bộ Tổ 2"]),
    );
    expect(await branchesOf(`/api/members/${org.memberA2}/plan?${range}`, as.memA)).toEqual(
      new Set(["Chi bộ Tổ 1"]),
    );
  });
});
