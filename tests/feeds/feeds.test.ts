import { Writable } from "node:stream";
import { gunzipSync } from "node:zlib";
import { eq, sql } from "drizzle-orm";
import ICAL from "ical.js";
import { beforeAll, describe, expect, it } from "vitest";
import { tokenHash } from "../../src/auth/secrets.ts";
import { committees, feedTokens, meetings, members } from "../../src/db/schema.ts";
import { buildTestApp } from "../helpers/app.ts";
import { seedFeeds } from "./fixtures.ts";

const t = await buildTestApp({ now: "2026-05-01T00:00:00Z" });
const { app, database, clock } = t;
const db = database.db;
const f = await seedFeeds(db, "a");

type Headers = { authorization: string };
let sec: Headers;
let mem: Headers;
let mem2: Headers;
let officer: Headers;
let otherOfficer: Headers;

beforeAll(async () => {
  sec = await t.login(f.users.secretary.email, f.users.secretary.password);
  mem = await t.login(f.users.member.email, f.users.member.password);
  mem2 = await t.login(f.users.member2.email, f.users.member2.password);
  officer = await t.login(f.users.officer.email, f.users.officer.password);
  otherOfficer = await t.login(f.users.otherOfficer.email, f.users.otherOfficer.password);
});

async function subscribe(headers: Headers, body: Record<string, string>) {
  return app.inject({ method: "POST", url: "/api/feeds", headers, payload: body });
}

/** The path of a feed link, for app.inject. */
function pathOf(httpsUrl: string): string {
  return new URL(httpsUrl).pathname;
}

async function feedOf(headers: Headers, body: Record<string, string>) {
  const res = await subscribe(headers, body);
  expect(res.statusCode).toBe(201);
  return res.json() as { id: string; httpsUrl: string; webcalUrl: string; withDeadlines: boolean };
}

function parse(text: string) {
  const cal = new ICAL.Component(ICAL.parse(text));
  const events = cal.getAllSubcomponents("vevent");
  const byUid = new Map(events.map((e) => [String(e.getFirstPropertyValue("uid")), e]));
  return { cal, events, byUid };
}

function unfold(text: string): string {
  return text.replace(/\r\n[ \t]/g, "");
}

function str(e: ICAL.Component, prop: string): string {
  return String(e.getFirstPropertyValue(prop) ?? "");
}

function instant(e: ICAL.Component, prop: string): string {
  return (e.getFirstPropertyValue(prop) as ICAL.Time).toJSDate().toISOString();
}

async function meetingOf(branchId: string, month: string) {
  const [m] = await db
    .select()
    .from(meetings)
    .where(sql`${meetings.branchId} = ${branchId} and ${meetings.month} = ${`${month}-01`}`);
  return m!;
}

function expectCommonFeedRules(body: string, emailsNotAllowed: string[]) {
  for (const line of body.split("\r\n")) expect(Buffer.byteLength(line, "utf8")).toBeLessThanOrEqual(75);
  for (const email of emailsNotAllowed) expect(unfold(body).toLowerCase()).not.toContain(email.toLowerCase());
  expect(body).not.toMatch(/ATTENDEE|ORGANIZER/);
}

describe("subscription links", () => {
  it("hands out https and webcal links with a 256-bit token stored only as its hash", async () => {
    const res = await subscribe(sec, { kind: "branch", branchId: f.branchA.id });
    expect(res.statusCode).toBe(201);
    const body = res.json();
    expect(body).toMatchObject({ kind: "branch", branchId: f.branchA.id, withDeadlines: true });
    const m = /^https:\/\/chibo\.test\/feeds\/([A-Za-z0-9_-]{43})\.ics$/.exec(body.httpsUrl);
    expect(m).not.toBeNull();
    expect(body.webcalUrl).toBe(`webcal://chibo.test/feeds/${m![1]}.ics`);
    const [row] = await db.select().from(feedTokens).where(eq(feedTokens.id, body.id));
    expect(row!.tokenHash).toBe(tokenHash(m![1]!));
    expect(JSON.stringify(row)).not.toContain(m![1]);

    const list = await app.inject({ url: "/api/feeds", headers: sec });
    expect(list.statusCode).toBe(200);
    expect(list.json().map((s: { id: string }) => s.id)).toContain(body.id);
    expect(list.body).not.toContain(m![1]);
    expect(list.json()[0].httpsUrl).toBeUndefined();
  });

  it("keeps each caller within their reach", async () => {
    // A member: their own member feed and their branch's feed, nothing else.
    expect((await subscribe(mem, { kind: "branch", branchId: f.branchB.id })).statusCode).toBe(404);
    expect((await subscribe(mem, { kind: "member", memberId: f.memberA2.id })).statusCode).toBe(404);
    expect((await subscribe(mem, { kind: "committee", committeeId: f.ward.id })).statusCode).toBe(404);
    const own = await subscribe(mem, { kind: "branch", branchId: f.branchA.id });
    expect(own.statusCode).toBe(201);
    expect(own.json().withDeadlines).toBe(false);
    // A secretary: not the committee, not another branch.
    expect((await subscribe(sec, { kind: "committee", committeeId: f.ward.id })).statusCode).toBe(404);
    expect((await subscribe(sec, { kind: "branch", branchId: f.branchX.id })).statusCode).toBe(404);
    // Officers: within their committee only.
    expect((await subscribe(officer, { kind: "committee", committeeId: f.ward.id })).statusCode).toBe(201);
    expect((await subscribe(officer, { kind: "branch", branchId: f.branchB.id })).statusCode).toBe(201);
    expect((await subscribe(officer, { kind: "committee", committeeId: f.city.id })).statusCode).toBe(404);
    expect((await subscribe(otherOfficer, { kind: "branch", branchId: f.branchA.id })).statusCode).toBe(404);
    // Someone else's subscription cannot be rotated or revoked.
    const foreign = own.json().id;
    expect(
      (await app.inject({ method: "POST", url: `/api/feeds/${foreign}/rotate`, headers: mem2 })).statusCode,
    ).toBe(404);
    expect(
      (await app.inject({ method: "DELETE", url: `/api/feeds/${foreign}`, headers: mem2 })).statusCode,
    ).toBe(404);
    // Without a login there is no API.
    expect(
      (await app.inject({ method: "POST", url: "/api/feeds", payload: { kind: "branch" } })).statusCode,
    ).toBe(401);
  });

  it("rotation stops the old link at once and revocation stops the new one", async () => {
    const sub = await feedOf(mem, { kind: "member", memberId: f.memberA.id });
    expect((await app.inject({ url: pathOf(sub.httpsUrl) })).statusCode).toBe(200);
    const rotated = await app.inject({ method: "POST", url: `/api/feeds/${sub.id}/rotate`, headers: mem });
    expect(rotated.statusCode).toBe(200);
    expect(rotated.json().id).toBe(sub.id);
    expect(rotated.json().httpsUrl).not.toBe(sub.httpsUrl);
    const old = await app.inject({ url: pathOf(sub.httpsUrl) });
    expect(old.statusCode).toBe(404);
    expect(old.headers["content-type"]).toContain("application/problem+json");
    expect((await app.inject({ url: pathOf(rotated.json().httpsUrl) })).statusCode).toBe(200);
    const del = await app.inject({ method: "DELETE", url: `/api/feeds/${sub.id}`, headers: mem });
    expect(del.statusCode).toBe(204);
    expect((await app.inject({ url: pathOf(rotated.json().httpsUrl) })).statusCode).toBe(404);
    const list = await app.inject({ url: "/api/feeds", headers: mem });
    expect(list.json().map((s: { id: string }) => s.id)).not.toContain(sub.id);
  });

  it("answers unknown and malformed tokens with 404 problem+json that does not echo the token", async () => {
    const fake = "A".repeat(43);
    const res = await app.inject({ url: `/feeds/${fake}.ics` });
    expect(res.statusCode).toBe(404);
    expect(res.headers["content-type"]).toContain("application/problem+json");
    expect(res.body).not.toContain(fake);
    expect((await app.inject({ url: "/feeds/x.ics" })).statusCode).toBe(404);
  });
});

describe("a secretary's branch feed", () => {
  let body: string;
  let path: string;
  beforeAll(async () => {
    path = pathOf((await feedOf(sec, { kind: "branch", branchId: f.branchA.id })).httpsUrl);
    const res = await app.inject({ url: path });
    expect(res.statusCode).toBe(200);
    body = res.body;
  });

  it("is a valid calendar with a Vietnamese name, refresh hints and the branch's zone", () => {
    const { cal } = parse(body);
    expect(str(cal, "x-wr-calname")).toBe("Lịch sinh hoạt – Chi bộ Tổ dân phố 5");
    expect(body).toContain("REFRESH-INTERVAL;VALUE=DURATION:PT6H");
    expect(body).toContain("X-PUBLISHED-TTL:PT6H");
    expect(cal.getFirstSubcomponent("vtimezone")?.getFirstPropertyValue("tzid")).toBe("Asia/Ho_Chi_Minh");
    expectCommonFeedRules(body, f.emails);
  });

  it("describes each meeting with stable UID, SEQUENCE, DTSTAMP from the last change, text and alarm", async () => {
    const m = await meetingOf(f.branchA.id, "2026-06");
    const { byUid } = parse(body);
    const e = byUid.get(`meeting-${m.id}@chibo`)!;
    expect(e).toBeDefined();
    expect(Number(e.getFirstPropertyValue("sequence"))).toBe(m.revision);
    expect(instant(e, "dtstamp")).toBe(m.updatedAt.toISOString());
    expect(instant(e, "last-modified")).toBe(m.updatedAt.toISOString());
    const topic = f.topics.find((x) => x.id === m.topicId)!;
    // Short enough for a phone's calendar list: what, the month, the title (whole, or cut at a word).
    const summary = str(e, "summary");
    expect([...summary].length).toBeLessThanOrEqual(80);
    expect(summary.startsWith("Sinh hoạt chi bộ tháng 6/2026: ")).toBe(true);
    const shown = summary.slice("Sinh hoạt chi bộ tháng 6/2026: ".length);
    expect(shown === topic.title || (shown.endsWith("…") && topic.title.startsWith(shown.slice(0, -1)))).toBe(
      true,
    );
    const description = str(e, "description");
    expect(description).toContain(`Chủ đề: ${topic.title}`);
    // The fixture's part titles are "Phần 1" …: named once, not "Phần thứ nhất: Phần 1".
    expect(description).toMatch(/^Phần [123]$/m);
    expect(description).not.toMatch(/Phần thứ \S+: Phần/);
    expect(description).toContain(`Tài liệu: trang ${topic.pageStart}–${topic.pageEnd}`);
    expect(description).toContain("1. Liên hệ bản thân: điều gì cần sửa ngay?");
    expect(description).toContain(`https://chibo.test/cuoc-hop/${m.id}`);
    expect(str(e, "url")).toBe(`https://chibo.test/cuoc-hop/${m.id}`);
    expect(str(e, "location")).toBe("Nhà văn hóa tổ 5, số 12 ngõ Hòa Bình");
    const start = e.getFirstPropertyValue("dtstart") as ICAL.Time;
    expect(start.toJSDate().toISOString()).toBe("2026-06-05T07:00:00.000Z");
    expect(e.getFirstProperty("dtstart")!.getParameter("tzid")).toBe("Asia/Ho_Chi_Minh");
    const alarm = e.getFirstSubcomponent("valarm")!;
    expect(alarm).not.toBeNull();
    expect(String(alarm.getFirstPropertyValue("trigger"))).toBe("-PT1H");
  });

  it("marks the peak meeting with the anniversary and keeps the cancelled one as CANCELLED", async () => {
    const { byUid } = parse(body);
    const peak = byUid.get(`meeting-${(await meetingOf(f.branchA.id, "2026-05")).id}@chibo`)!;
    expect(str(peak, "summary")).toMatch(/^★ Sinh hoạt chi bộ tháng 5\/2026: /);
    expect(str(peak, "summary")).not.toContain("kỷ niệm");
    // The anniversary opens the description instead.
    expect(str(peak, "description").split("\n")[0]).toBe(
      "★ Sinh hoạt cao điểm: kỷ niệm 136 năm Ngày sinh Chủ tịch Hồ Chí Minh (19/05/1890 - 19/05/2026)",
    );
    const cancelledMeeting = await meetingOf(f.branchA.id, "2026-07");
    const cancelled = byUid.get(`meeting-${cancelledMeeting.id}@chibo`)!;
    expect(str(cancelled, "status")).toBe("CANCELLED");
    expect(Number(cancelled.getFirstPropertyValue("sequence"))).toBe(2);
    expect(str(cancelled, "description")).toContain("Lý do hủy: Trùng lịch bầu cử tổ dân phố");
  });

  it("holds meetings from 12 months back to everything planned ahead", async () => {
    const { events } = parse(body);
    const meetingDates = events
      .filter((e) => str(e, "uid").startsWith("meeting-"))
      .map((e) => (e.getFirstPropertyValue("dtstart") as ICAL.Time).toJSDate().toISOString().slice(0, 10));
    expect(meetingDates[0]).toBe("2025-05-05");
    expect(meetingDates.at(-1)).toBe("2027-04-05");
    expect(meetingDates).toHaveLength(24);
  });

  it("lists peak days (national and the ward's own) and the branch report deadlines as all-day events", () => {
    const { events } = parse(body);
    const allDay = events.filter((e) => (e.getFirstPropertyValue("dtstart") as ICAL.Time).isDate);
    const summaries = allDay.map(
      (e) => `${(e.getFirstPropertyValue("dtstart") as ICAL.Time).toString()} ${str(e, "summary")}`,
    );
    expect(summaries).toContain("2026-05-19 ★ Kỷ niệm 136 năm Ngày sinh Chủ tịch Hồ Chí Minh");
    expect(summaries).toContain("2025-12-25 ★★ Kỷ niệm 80 năm Ngày thành lập Đảng bộ phường");
    const may = allDay.find(
      (e) => str(e, "uid").startsWith("peak-") && str(e, "summary").includes("136 năm"),
    )!;
    // The rule as the code applies it (30 days up to and including the day), and the branch's meeting.
    expect(str(may, "description")).toContain(
      "Buổi sinh hoạt chi bộ cuối cùng trong 30 ngày tính đến hết ngày này (từ 20/04/2026 đến 19/05/2026)",
    );
    expect(str(may, "description")).toContain("Buổi sinh hoạt cao điểm của chi bộ: Thứ Sáu, 15/05/2026.");
    expect(unfold(body)).not.toContain("30 ngày trước và đúng ngày này");
    expect(summaries.join("\n")).not.toContain("Chế Là");
    expect(summaries).toContain("2026-06-15 Hạn báo cáo: Báo cáo sơ kết 6 tháng");
    expect(summaries.join("\n")).not.toContain("Báo cáo tổng hợp của cấp ủy");
  });

  it("serves calendar bytes with a strong ETag, Last-Modified, 304s, HEAD and gzip", async () => {
    const res = await app.inject({ url: path });
    expect(res.headers["content-type"]).toBe("text/calendar; charset=utf-8");
    expect(res.headers["content-disposition"]).toBeUndefined();
    expect(res.headers["cache-control"]).toBe("private, max-age=300");
    expect(String(res.headers.vary)).toMatch(/accept-encoding/i);
    const etag = String(res.headers.etag);
    expect(etag).toMatch(/^"[A-Za-z0-9_-]+"$/);
    // Same bytes, same DTSTAMPs, on every request.
    expect(res.body).toBe(body);
    const lastModified = String(res.headers["last-modified"]);
    // The newest change: the subscription itself (2026-05-01), after the last meeting change (2026-04-20).
    expect(new Date(lastModified).toISOString()).toBe("2026-05-01T00:00:00.000Z");

    const notModified = await app.inject({ url: path, headers: { "if-none-match": etag } });
    expect(notModified.statusCode).toBe(304);
    expect(notModified.body).toBe("");
    expect(notModified.headers.etag).toBe(etag);
    const since = await app.inject({ url: path, headers: { "if-modified-since": lastModified } });
    expect(since.statusCode).toBe(304);
    const other = await app.inject({ url: path, headers: { "if-none-match": '"something-else"' } });
    expect(other.statusCode).toBe(200);

    const head = await app.inject({ method: "HEAD", url: path });
    expect(head.statusCode).toBe(200);
    expect(head.body).toBe("");
    expect(head.headers.etag).toBe(etag);
    expect(head.headers["content-type"]).toBe("text/calendar; charset=utf-8");

    // One Vary header, naming Accept-Encoding once.
    expect(res.raw.res.getHeader("vary")).toBe("Accept-Encoding");
    expect(Number(head.headers["content-length"])).toBe(Buffer.byteLength(body, "utf8"));

    const gz = await app.inject({ url: path, headers: { "accept-encoding": "gzip, deflate, br" } });
    expect(gz.statusCode).toBe(200);
    expect(gz.headers["content-encoding"]).toBe("gzip");
    expect(gz.headers.vary).toBe("Accept-Encoding");
    // The gzip coding is another representation: another strong ETag (RFC 9110 §8.8.3).
    const gzEtag = String(gz.headers.etag);
    expect(gzEtag).toMatch(/^"[A-Za-z0-9_-]+"$/);
    expect(gzEtag).not.toBe(etag);
    expect(gunzipSync(gz.rawPayload).toString("utf8")).toBe(body);
    const gzHead = await app.inject({ method: "HEAD", url: path, headers: { "accept-encoding": "gzip" } });
    expect(gzHead.headers["content-encoding"]).toBe("gzip");
    expect(gzHead.headers.etag).toBe(gzEtag);
    expect(Number(gzHead.headers["content-length"])).toBe(gz.rawPayload.length);
    const gz304 = await app.inject({
      url: path,
      headers: { "accept-encoding": "gzip", "if-none-match": gzEtag },
    });
    expect(gz304.statusCode).toBe(304);
    expect(gz304.headers.etag).toBe(gzEtag);
    // A plain request is not answered 304 for the gzip bytes' tag.
    const plainForGz = await app.inject({ url: path, headers: { "if-none-match": gzEtag } });
    expect(plainForGz.statusCode).toBe(200);
  });
});

describe("member and committee feeds", () => {
  it("a member's feed starts at their joining date, has alarms, no deadlines, no other emails", async () => {
    const sub = await feedOf(mem, { kind: "member", memberId: f.memberA.id });
    const res = await app.inject({ url: pathOf(sub.httpsUrl) });
    expect(res.statusCode).toBe(200);
    const { cal, events } = parse(res.body);
    expect(str(cal, "x-wr-calname")).toBe("Lịch sinh hoạt của tôi – Chi bộ Tổ dân phố 5");
    const timed = events.filter((e) => str(e, "uid").startsWith("meeting-"));
    const first = (timed[0]!.getFirstPropertyValue("dtstart") as ICAL.Time).toJSDate().toISOString();
    expect(first.slice(0, 10)).toBe("2025-10-05"); // joined 2025-09-10
    expect(
      timed.every((e) => e.getFirstSubcomponent("valarm") !== null || str(e, "status") === "CANCELLED"),
    ).toBe(true);
    expect(unfold(res.body)).not.toContain("Hạn báo cáo");
    expect(unfold(res.body)).toContain("kỷ niệm 136 năm Ngày sinh Chủ tịch Hồ Chí Minh");
    expectCommonFeedRules(res.body, f.emails);
  });

  it("a committee feed holds every branch below it, named, with peak days and no deadlines", async () => {
    const sub = await feedOf(officer, { kind: "committee", committeeId: f.ward.id });
    const res = await app.inject({ url: pathOf(sub.httpsUrl) });
    expect(res.statusCode).toBe(200);
    const { cal, events } = parse(res.body);
    expect(str(cal, "x-wr-calname")).toBe(`Lịch sinh hoạt – Các chi bộ thuộc ${f.ward.name}`);
    const summaries = events.map((e) => str(e, "summary"));
    expect(summaries.filter((s) => s.startsWith("Chi bộ Tổ dân phố 5 – "))).toHaveLength(24);
    expect(summaries.filter((s) => s.startsWith("Chi bộ Tổ dân phố 7 – "))).toHaveLength(24);
    expect(summaries.join("\n")).not.toContain("Bản Lầng");
    expect(summaries).toContain("★ Kỷ niệm 136 năm Ngày sinh Chủ tịch Hồ Chí Minh");
    for (const s of summaries) expect([...s].length, s).toBeLessThanOrEqual(80);
    expect(unfold(res.body)).not.toContain("Hạn báo cáo");
    expectCommonFeedRules(res.body, f.emails);
  });
});

describe("changes and departures", () => {
  it("a changed meeting changes the ETag, its SEQUENCE and DTSTAMP, never its UID; Last-Modified moves forward", async () => {
    const path = pathOf((await feedOf(sec, { kind: "branch", branchId: f.branchA.id })).httpsUrl);
    const before = await app.inject({ url: path });
    const m = await meetingOf(f.branchA.id, "2026-09");
    const changedAt = new Date("2026-04-30T10:00:00Z");
    await db
      .update(meetings)
      .set({ place: "Hội trường UBND phường", revision: m.revision + 1, updatedAt: changedAt })
      .where(eq(meetings.id, m.id));
    // Written behind the app's back: wait for its change notification to reach the feed cache.
    await app.feedLive.settle();
    const after = await app.inject({ url: path, headers: { "if-none-match": String(before.headers.etag) } });
    expect(after.statusCode).toBe(200);
    expect(after.headers.etag).not.toBe(before.headers.etag);
    expect(Date.parse(String(after.headers["last-modified"]))).toBeGreaterThanOrEqual(
      Date.parse(String(before.headers["last-modified"])),
    );
    const e = parse(after.body).byUid.get(`meeting-${m.id}@chibo`)!;
    expect(Number(e.getFirstPropertyValue("sequence"))).toBe(m.revision + 1);
    expect(instant(e, "dtstamp")).toBe(changedAt.toISOString());
    expect(str(e, "location")).toBe("Hội trường UBND phường");

    // Time passes: the oldest meeting leaves the window; the bytes change, Last-Modified does not go back.
    const lm1 = Date.parse(String(after.headers["last-modified"]));
    clock.set("2026-06-10T00:00:00Z");
    try {
      const later = await app.inject({ url: path });
      expect(later.headers.etag).not.toBe(after.headers.etag);
      expect(Date.parse(String(later.headers["last-modified"]))).toBeGreaterThanOrEqual(lm1);
      expect(parse(later.body).events.filter((x) => str(x, "uid").startsWith("meeting-"))).toHaveLength(22);
    } finally {
      clock.set("2026-05-01T00:00:00Z");
    }
  });

  it("a removed peak date leaves the feed, and Last-Modified still moves forward", async () => {
    const path = pathOf((await feedOf(sec, { kind: "branch", branchId: f.branchA.id })).httpsUrl);
    const before = await app.inject({ url: path });
    expect(before.body).toContain("Ngày thành lập Đảng bộ phường");
    clock.set("2026-05-02T00:00:00Z");
    try {
      const del = await app.inject({
        method: "DELETE",
        url: `/api/campaigns/${f.campaign.id}/peak-dates/${f.peaks.ward.id}`,
        headers: t.admin,
      });
      expect(del.statusCode).toBe(204);
      const after = await app.inject({
        url: path,
        headers: { "if-none-match": String(before.headers.etag) },
      });
      expect(after.statusCode).toBe(200);
      expect(after.body).not.toContain("Ngày thành lập Đảng bộ phường");
      expect(Date.parse(String(after.headers["last-modified"]))).toBeGreaterThan(
        Date.parse(String(before.headers["last-modified"])),
      );
    } finally {
      clock.set("2026-05-01T00:00:00Z");
    }
  });

  it("a member who has left loses their feeds from that day", async () => {
    const memberFeed = pathOf((await feedOf(mem2, { kind: "member", memberId: f.memberA2.id })).httpsUrl);
    const branchFeed = pathOf((await feedOf(mem2, { kind: "branch", branchId: f.branchA.id })).httpsUrl);
    expect((await app.inject({ url: memberFeed })).statusCode).toBe(200);
    expect((await app.inject({ url: branchFeed })).statusCode).toBe(200);
    await db.update(members).set({ leftOn: "2026-05-01" }).where(eq(members.id, f.memberA2.id));
    await app.feedLive.settle();
    expect((await app.inject({ url: memberFeed })).statusCode).toBe(404);
    expect((await app.inject({ url: branchFeed })).statusCode).toBe(404);
  });

  it("a member who left today leaves at midnight in the branch's zone, not UTC's", async () => {
    const memberFeed = pathOf((await feedOf(mem, { kind: "member", memberId: f.memberA.id })).httpsUrl);
    await db.update(members).set({ leftOn: "2026-05-10" }).where(eq(members.id, f.memberA.id));
    await app.feedLive.settle();
    try {
      clock.set("2026-05-09T16:30:00Z"); // 23:30 on 09/05 in Viet Nam: still a member
      expect((await app.inject({ url: memberFeed })).statusCode).toBe(200);
      clock.set("2026-05-09T18:00:00Z"); // 01:00 on 10/05 in Viet Nam, still 09/05 in UTC
      expect((await app.inject({ url: memberFeed })).statusCode).toBe(404);
    } finally {
      clock.set("2026-05-01T00:00:00Z");
      await db.update(members).set({ leftOn: null }).where(eq(members.id, f.memberA.id));
      await app.feedLive.settle();
    }
  });
});

describe("logs", () => {
  it("never contain the feed token", async () => {
    const lines: string[] = [];
    const stream = new Writable({
      write(chunk, _enc, done) {
        lines.push(String(chunk));
        done();
      },
    });
    const logged = await buildTestApp({ database, logger: { level: "trace", stream } });
    const sub = await feedOf(sec, { kind: "branch", branchId: f.branchA.id });
    const token = /feeds\/([^.]+)\.ics/.exec(sub.httpsUrl)![1]!;
    const ok = await logged.app.inject({ url: pathOf(sub.httpsUrl) });
    expect(ok.statusCode).toBe(200);
    await logged.app.inject({
      url: pathOf(sub.httpsUrl),
      headers: { "if-none-match": String(ok.headers.etag) },
    });
    await logged.app.inject({ method: "HEAD", url: pathOf(sub.httpsUrl) });
    await logged.app.inject({ url: `/feeds/${"B".repeat(43)}.ics` });
    const all = lines.join("");
    expect(all).toContain("/feeds/:token.ics");
    expect(all).not.toContain(token);
    expect(all).not.toContain("B".repeat(43));
  });
});

describe("campaign events and deadlines in the feeds", () => {
  it("the campaign's events reach the committee feed and the feeds of the branches they concern, with stable UIDs", async () => {
    // A second ward under the city: an event meant for it concerns neither branch of the first ward.
    const [ward2] = await db
      .insert(committees)
      .values({ name: "Đảng ủy phường Minh Khai a", parentId: f.city.id, ancestorIds: [] })
      .returning();
    await db
      .update(committees)
      .set({ ancestorIds: [f.city.id, ward2!.id] })
      .where(eq(committees.id, ward2!.id));
    const add = async (body: Record<string, unknown>) => {
      const res = await app.inject({
        method: "POST",
        url: `/api/campaigns/${f.campaign.id}/events`,
        headers: t.admin,
        payload: body,
      });
      expect(res.statusCode).toBe(201);
      return res.json() as { id: string };
    };
    const branchPath = pathOf((await feedOf(sec, { kind: "branch", branchId: f.branchA.id })).httpsUrl);
    const committeePath = pathOf(
      (await feedOf(officer, { kind: "committee", committeeId: f.ward.id })).httpsUrl,
    );
    const before = await app.inject({ url: branchPath });
    const contest = await add({
      date: "2026-08-14",
      title: "Cuộc thi tìm hiểu về chủ đề và nội dung tác phẩm",
      description: "Dành cho toàn thể cán bộ, đảng viên.",
    });
    const seminar = await add({ date: "2026-06-20", title: "Tọa đàm của phường", committeeId: f.ward.id });
    const elsewhere = await add({
      date: "2026-06-21",
      title: "Tọa đàm phường Minh Khai",
      committeeId: ward2!.id,
    });

    const branch = await app.inject({ url: branchPath });
    expect(branch.headers.etag).not.toBe(before.headers.etag);
    const { byUid } = parse(branch.body);
    const e = byUid.get(`event-${contest.id}@chibo`)!;
    expect(e).toBeDefined();
    expect(str(e, "summary")).toBe("Cuộc thi tìm hiểu về chủ đề và nội dung tác phẩm");
    expect((e.getFirstPropertyValue("dtstart") as ICAL.Time).toString()).toBe("2026-08-14");
    expect(str(e, "description")).toContain("Dành cho toàn thể cán bộ, đảng viên.");
    expect(str(e, "description")).toContain(`do Ban Thường vụ ${f.city.name} tổ chức`);
    expect(byUid.has(`event-${seminar.id}@chibo`)).toBe(true);
    expect(byUid.has(`event-${elsewhere.id}@chibo`)).toBe(false);

    const committee = parse((await app.inject({ url: committeePath })).body).byUid;
    expect(committee.has(`event-${contest.id}@chibo`)).toBe(true);
    expect(committee.has(`event-${seminar.id}@chibo`)).toBe(true);
    expect(committee.has(`event-${elsewhere.id}@chibo`)).toBe(false);

    // A change straight in the table (no campaign touched): the feed's ETag moves, the UID stays.
    await db.execute(sql`update campaign_events set title = 'Cuộc thi trực tuyến tìm hiểu tác phẩm',
      updated_at = '2026-05-02T00:00:00Z' where id = ${contest.id}::uuid`);
    // A write by another process reaches this instance's cache by NOTIFY, asynchronously: within moments.
    let after = await app.inject({ url: branchPath });
    await expect
      .poll(async () => {
        after = await app.inject({ url: branchPath });
        return after.headers.etag;
      })
      .not.toBe(branch.headers.etag);
    expect(str(parse(after.body).byUid.get(`event-${contest.id}@chibo`)!, "summary")).toBe(
      "Cuộc thi trực tuyến tìm hiểu tác phẩm",
    );
  });

  it("a deadline names the committee that set it, never a fixed “Thị ủy”", async () => {
    const res = await app.inject({
      url: pathOf((await feedOf(sec, { kind: "branch", branchId: f.branchA.id })).httpsUrl),
    });
    const deadline = parse(res.body).events.find((e) => str(e, "uid").startsWith("deadline-"))!;
    expect(str(deadline, "description")).toContain(`Ban Thường vụ ${f.city.name}`);
    expect(unfold(res.body)).not.toContain("Thị ủy");
  });
});
