/**
 * Messages people can trust (issue 19): calendar answers reach the branch's secretary, and nothing false is
 * sent. A branch meets on 15/5/2026 at 14:00; its members get invites over real SMTP, read here with
 * mailparser and two calendar parsers (ical.js and node-ical), and subscribe to their feeds.
 */
import { and, eq } from "drizzle-orm";
import ICAL from "ical.js";
import type { ParsedMail } from "mailparser";
import nodeIcal from "node-ical";
import { beforeAll, describe, expect, it } from "vitest";
import { campaigns, peakDates, reminders } from "../../src/db/schema.ts";
import { meetingUid } from "../../src/plan/meeting-view.ts";
import { parseMailbox } from "../../src/reminders/reminder-compose.ts";
import { seed } from "./fixtures.ts";
import { mailTestApp, seededAccounts } from "./mail-app.ts";

const PASSWORD = "mat-khau-dai-du-10";
const { t, app, clock, db, config, sink, tick, sendAll, to } = await mailTestApp("2026-05-06T00:00:00Z");
const s = await seed(db, { tag: "tr" });
await seededAccounts(db, s, PASSWORD);
const secretary = () => t.login(s.secretary.email, PASSWORD);
const member = () => t.login(s.member.email, PASSWORD);
const service = parseMailbox(config.mailFrom).email;

function calendarText(m: ParsedMail): string {
  const att = m.attachments.find((a) => a.contentType === "text/calendar");
  if (!att) throw new Error("no text/calendar part");
  return att.content.toString("utf8");
}
function vevent(ics: string): ICAL.Component {
  return new ICAL.Component(ICAL.parse(ics)).getFirstSubcomponent("vevent")!;
}
/** The same calendar read by a second, independent parser. */
function nodeEvents(ics: string): nodeIcal.VEvent[] {
  return Object.values(nodeIcal.sync.parseICS(ics)).filter(
    (c): c is nodeIcal.VEvent => c !== undefined && c.type === "VEVENT",
  );
}
async function meetingRevision(): Promise<number> {
  const res = await app.inject({ url: `/api/meetings/${s.meetingId}`, headers: await secretary() });
  expect(res.statusCode).toBe(200);
  return (res.json() as { revision: number }).revision;
}
async function subscribe(kind: "branch" | "member"): Promise<string> {
  const payload = kind === "branch" ? { kind, branchId: s.branchId } : { kind };
  const res = await app.inject({ method: "POST", url: "/api/feeds", headers: await member(), payload });
  expect(res.statusCode).toBe(201);
  return new URL((res.json() as { httpsUrl: string }).httpsUrl).pathname;
}

let branchFeed: string;
let memberFeed: string;
beforeAll(async () => {
  branchFeed = await subscribe("branch");
  memberFeed = await subscribe("member");
});

describe("calendar answers reach the secretary", () => {
  it("the invite's ORGANIZER is the secretary, SENT-BY the service, stamped when the message is made", async () => {
    await tick();
    clock.set("2026-05-12T00:00:00Z");
    await tick();
    await sendAll();
    const got = to(s.member.email).filter((r) => r.parsed?.subject?.startsWith("[Nhắc lịch]"));
    expect(got).toHaveLength(1);
    const mail = got[0]!.parsed!;
    expect(mail.replyTo?.value[0]?.address).toBe(s.secretary.email);
    const ics = calendarText(mail);

    const ev = vevent(ics);
    const org = ev.getFirstProperty("organizer")!;
    expect(String(org.getFirstValue()).toLowerCase()).toBe(`mailto:${s.secretary.email}`);
    expect(org.getParameter("cn")).toBe("Nguyễn Thị Hằng");
    expect(String(org.getParameter("sent-by")).toLowerCase()).toBe(`mailto:${service}`);
    expect(ev.getFirstProperty("attendee")!.getParameter("rsvp")).toBe("TRUE");
    // RFC 5546: DTSTAMP is when the message was made; the meeting's last edit is LAST-MODIFIED.
    const dtstamp = (ev.getFirstPropertyValue("dtstamp") as ICAL.Time).toJSDate().toISOString();
    expect(dtstamp).toBe("2026-05-12T00:00:00.000Z");
    // One meeting, one alarm: the feed carries it, the invite does not.
    expect(ev.getAllSubcomponents("valarm")).toHaveLength(0);

    const [n] = nodeEvents(ics);
    expect(n!.uid).toBe(meetingUid(s.meetingId));
    const organizer = n!.organizer as unknown as { val: string; params: Record<string, string> };
    expect(organizer.val.toLowerCase()).toBe(`mailto:${s.secretary.email}`);
    expect(organizer.params["SENT-BY"]?.toLowerCase()).toBe(`mailto:${service}`);
    expect(new Date(n!.dtstamp as unknown as Date).toISOString()).toBe("2026-05-12T00:00:00.000Z");

    // The mail says what really happens to an answer.
    expect(mail.text).toContain(
      "câu trả lời \u201cChấp nhận\u201d hoặc \u201cTừ chối\u201d được gửi tới đồng chí bí thư chi bộ Nguyễn Thị Hằng",
    );
  });

  it("a member who has the feed and the invite gets one alarm; the branch and member feeds are told apart", async () => {
    const mine = await app.inject({ url: memberFeed });
    const branch = await app.inject({ url: branchFeed });
    expect(mine.statusCode).toBe(200);
    expect(branch.statusCode).toBe(200);
    const nameOf = (ics: string) =>
      String(new ICAL.Component(ICAL.parse(ics)).getFirstPropertyValue("x-wr-calname"));
    expect(nameOf(mine.body)).not.toBe(nameOf(branch.body));
    expect(nameOf(mine.body)).toMatch(/của tôi/);
    const inFeed = new ICAL.Component(ICAL.parse(mine.body))
      .getAllSubcomponents("vevent")
      .find((e) => e.getFirstPropertyValue("uid") === meetingUid(s.meetingId))!;
    expect(inFeed.getAllSubcomponents("valarm")).toHaveLength(1);
    // The feeds read the same in a second parser.
    expect(nodeEvents(mine.body).map((e) => e.uid)).toContain(meetingUid(s.meetingId));
  });
});

describe("nothing false is sent", () => {
  it("choosing the meeting's current topic again changes nothing: no revision, no mail, same SEQUENCE and ETag", async () => {
    const before = await meetingRevision();
    const feed = await app.inject({ url: memberFeed });
    const etag = String(feed.headers.etag);
    const sent = sink.received.length;
    const current = await app.inject({ url: `/api/meetings/${s.meetingId}`, headers: await secretary() });
    const topicId = (current.json() as { topic: { id: string } }).topic.id;
    const res = await app.inject({
      method: "PUT",
      url: `/api/meetings/${s.meetingId}/topic`,
      headers: await secretary(),
      payload: { topicId },
    });
    expect(res.statusCode).toBe(200);
    expect(await meetingRevision()).toBe(before);
    clock.set("2026-05-12T01:00:00Z");
    await tick();
    await sendAll();
    expect(sink.received.slice(sent).map((r) => r.parsed?.subject)).toEqual([]);
    const again = await app.inject({ url: memberFeed, headers: { "if-none-match": etag } });
    expect(again.statusCode).toBe(304);
    const updates = await db
      .select()
      .from(reminders)
      .where(and(eq(reminders.meetingId, s.meetingId), eq(reminders.kind, "meeting_update")));
    expect(updates).toEqual([]);
  });

  it("a cancelled meeting put back on says it is back on, not that it was adjusted", async () => {
    const h = await secretary();
    const cancel = await app.inject({
      method: "POST",
      url: `/api/meetings/${s.meetingId}/cancel`,
      headers: h,
      payload: { reason: "Mưa bão" },
    });
    expect(cancel.statusCode).toBe(200);
    clock.set("2026-05-12T02:00:00Z");
    await tick();
    await sendAll();
    expect(to(s.member.email).at(-1)!.parsed!.subject).toMatch(/^\[Hủy lịch\]/);
    const back = await app.inject({
      method: "POST",
      url: `/api/meetings/${s.meetingId}/uncancel`,
      headers: h,
    });
    expect(back.statusCode).toBe(200);
    clock.set("2026-05-12T03:00:00Z");
    await tick();
    await sendAll();
    const mail = to(s.member.email).at(-1)!.parsed!;
    expect(mail.subject).toMatch(/^\[Họp trở lại\]/);
    expect(mail.text).toContain("HỌP TRỞ LẠI: Buổi sinh hoạt chi bộ đã báo hủy nay vẫn diễn ra");
    expect(mail.text).not.toContain("đã được điều chỉnh");
    const ev = vevent(calendarText(mail));
    expect(ev.getFirstPropertyValue("status")).toBe("CONFIRMED");
  });
});

describe("feeds and mails agree on the campaign's days", () => {
  const admin = () => t.login("admin@test.vn", "mat-khau-quan-tri");
  const secretaryFeed = async () => {
    const res = await app.inject({
      method: "POST",
      url: "/api/feeds",
      headers: await secretary(),
      payload: { kind: "branch", branchId: s.branchId },
    });
    expect(res.statusCode).toBe(201);
    return new URL((res.json() as { httpsUrl: string }).httpsUrl).pathname;
  };
  const allDay = async (path: string, uidPrefix: string) => {
    const body = (await app.inject({ url: path })).body;
    const ev = new ICAL.Component(ICAL.parse(body))
      .getAllSubcomponents("vevent")
      .find((e) => String(e.getFirstPropertyValue("uid")).startsWith(uidPrefix));
    if (!ev) return null;
    const n = nodeEvents(body).find((e) => e.uid === ev.getFirstPropertyValue("uid"))!;
    return {
      date: (ev.getFirstPropertyValue("dtstart") as ICAL.Time).toString(),
      sequence: Number(ev.getFirstPropertyValue("sequence")),
      nodeSequence: Number(n.sequence),
    };
  };

  it("a moved campaign event, peak day or deadline raises its SEQUENCE", async () => {
    // The fixture's rows carry the machine's time; the test's clock is earlier.
    await db.update(campaigns).set({ updatedAt: clock.now() }).where(eq(campaigns.id, s.campaignId));
    await db.update(peakDates).set({ updatedAt: clock.now() }).where(eq(peakDates.campaignId, s.campaignId));
    const h = await admin();
    const feed = await secretaryFeed();
    const ev = await app.inject({
      method: "POST",
      url: `/api/campaigns/${s.campaignId}/events`,
      headers: h,
      payload: { date: "2026-06-10", title: "Hội nghị báo cáo viên" },
    });
    expect(ev.statusCode).toBe(201);
    const eventId = (ev.json() as { id: string }).id;
    const dl = await app.inject({
      method: "POST",
      url: `/api/campaigns/${s.campaignId}/deadlines`,
      headers: h,
      payload: { day: 30, month: 10, audience: "branch", title: "Báo cáo kết quả học tập" },
    });
    expect(dl.statusCode).toBe(201);
    const deadlineId = (dl.json() as { id: string }).id;
    const peaks = (
      (await app.inject({ url: `/api/campaigns/${s.campaignId}`, headers: h })).json() as {
        peakDates: { id: string }[];
      }
    ).peakDates;
    const before = {
      event: (await allDay(feed, `event-${eventId}`))!,
      deadline: (await allDay(feed, `deadline-${deadlineId}-2026`))!,
      peak: (await allDay(feed, `peak-${peaks[0]!.id}-2026`))!,
    };
    clock.set("2026-05-12T05:00:00Z");
    const patch = async (url: string, payload: object) => {
      const res = await app.inject({ method: "PATCH", url, headers: h, payload });
      expect(res.statusCode).toBe(200);
    };
    await patch(`/api/campaigns/${s.campaignId}/events/${eventId}`, { date: "2026-06-12" });
    await patch(`/api/campaigns/${s.campaignId}/deadlines/${deadlineId}`, { day: 31 });
    await patch(`/api/campaigns/${s.campaignId}/peak-dates/${peaks[0]!.id}`, { day: 20 });
    const after = {
      event: (await allDay(feed, `event-${eventId}`))!,
      deadline: (await allDay(feed, `deadline-${deadlineId}-2026`))!,
      peak: (await allDay(feed, `peak-${peaks[0]!.id}-2026`))!,
    };
    expect([after.event.date, after.deadline.date, after.peak.date]).toEqual([
      "2026-06-12",
      "2026-10-31",
      "2026-05-20",
    ]);
    for (const k of ["event", "deadline", "peak"] as const) {
      expect(after[k].sequence).toBeGreaterThan(before[k].sequence);
      expect(after[k].nodeSequence).toBe(after[k].sequence);
    }
  });

  it("a one-off deadline after the campaign's last month is in the feed and is mailed", async () => {
    const res = await app.inject({
      method: "POST",
      url: `/api/campaigns/${s.campaignId}/deadlines`,
      headers: await admin(),
      payload: { day: 15, month: 1, year: 2027, audience: "branch", title: "Báo cáo tổng kết đợt sinh hoạt" },
    });
    expect(res.statusCode).toBe(201);
    const id = (res.json() as { id: string }).id;
    const feed = await secretaryFeed();
    expect((await allDay(feed, `deadline-${id}-2027`))?.date).toBe("2027-01-15");
    clock.set("2027-01-01T00:00:00Z");
    await tick();
    const rows = await db
      .select({ refDate: reminders.refDate, memberId: reminders.memberId })
      .from(reminders)
      .where(and(eq(reminders.kind, "deadline_notice"), eq(reminders.refId, id)));
    expect(rows.length).toBeGreaterThan(0);
    expect(new Set(rows.map((r) => r.refDate))).toEqual(new Set(["2027-01-15"]));
    await sendAll();
    expect(
      to(s.secretary.email).some((r) => r.parsed?.subject?.startsWith("[Hạn báo cáo] Báo cáo tổng kết")),
    ).toBe(true);
  });
});
