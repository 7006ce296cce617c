/**
 * A branch meets on Friday 15/5/2026 at 14:00 (Hồ Chí Minh time), four days before 19/5: its members get
 * Vietnamese reminders with an invite over a real SMTP conversation; the meeting moves, then is cancelled.
 */

import { eq } from "drizzle-orm";
import ICAL from "ical.js";
import type { ParsedMail } from "mailparser";
import { describe, expect, it } from "vitest";
import { createUser } from "../../src/auth/users-service.ts";
import { members, reminders } from "../../src/db/schema.ts";
import { meetingUid } from "../../src/plan/meeting-view.ts";
import { cancelMeeting, moveMeeting, seed, TOPIC_TITLE } from "./fixtures.ts";
import { mailTestApp } from "./mail-app.ts";

const { t, app, clock, db, sink, tick, sendAll, to } = await mailTestApp("2026-05-01T00:00:00Z");
/** The clock runs past a session's lifetime: log in afresh. */
const adminH = () => t.login("admin@test.vn", "mat-khau-quan-tri");
const s = await seed(db, { tag: "a" });

function calendarOf(m: ParsedMail): { ics: string } {
  const att = m.attachments.find((a) => a.contentType === "text/calendar");
  if (!att) throw new Error(`no text/calendar part: ${m.attachments.map((a) => a.contentType).join(", ")}`);
  return { ics: att.content.toString("utf8") };
}
function rawCalendarType(raw: string): string[] {
  return [...raw.matchAll(/^Content-Type:\s*text\/calendar[^\r\n]*/gim)].map((m) => m[0]);
}
function parseInvite(ics: string) {
  const comp = new ICAL.Component(ICAL.parse(ics));
  const events = comp.getAllSubcomponents("vevent");
  const ev = events[0]!;
  return {
    method: comp.getFirstPropertyValue("method"),
    events: events.length,
    uid: ev.getFirstPropertyValue("uid"),
    sequence: ev.getFirstPropertyValue("sequence"),
    status: ev.getFirstPropertyValue("status"),
    attendees: ev
      .getAllProperties("attendee")
      .map((p) => String(p.getFirstValue()).replace(/^mailto:/i, "mailto:")),
    organizer: String(ev.getFirstPropertyValue("organizer")).replace(/^mailto:/i, "mailto:"),
    start: (ev.getFirstPropertyValue("dtstart") as ICAL.Time).toJSDate().toISOString(),
  };
}
const messages = async (meetingId: string) =>
  (await app.inject({ url: `/api/meetings/${meetingId}/messages`, headers: await adminH() })).json() as {
    kind: string;
    state: string;
    memberId: string | null;
    dueAt: string;
    slot: string;
    lastResponse: string | null;
  }[];

describe("meeting reminders", () => {
  it("plans reminders 3 days before and on the morning at 07:00 Hồ Chí Minh time, for members and guests with email", async () => {
    // 14 days ahead: beyond the 10-day horizon, nothing is planned yet.
    await tick();
    expect(await messages(s.meetingId)).toEqual([]);
    clock.set("2026-05-06T00:00:00Z");
    await tick();
    await tick(); // idempotent
    const rows = await messages(s.meetingId);
    const reminderRows = rows.filter((r) => r.kind === "meeting_reminder");
    const byMember = new Map<string, string[]>();
    for (const r of reminderRows) byMember.set(r.memberId!, [...(byMember.get(r.memberId!) ?? []), r.dueAt]);
    // 07:00 +07:00 on 12/5 and 15/5.
    const due = ["2026-05-12T00:00:00.000Z", "2026-05-15T00:00:00.000Z"];
    expect(byMember.get(s.member.id)?.sort()).toEqual(due);
    expect(byMember.get(s.guest.id)?.sort()).toEqual(due);
    expect(byMember.get(s.secretary.id)?.sort()).toEqual(due);
    expect(byMember.has(s.noEmail.id)).toBe(false);
    expect(byMember.has(s.left.id)).toBe(false);
    expect(reminderRows.length).toBe(6);
    const prep = rows.filter((r) => r.kind === "secretary_prepare");
    expect(prep.map((r) => [r.memberId, r.dueAt])).toEqual([[s.secretary.id, "2026-05-08T00:00:00.000Z"]]);
    const minutesRows = rows
      .filter((r) => r.kind === "secretary_minutes")
      .map((r) => r.dueAt)
      .sort();
    expect(minutesRows).toEqual(["2026-05-16T00:00:00.000Z", "2026-05-19T00:00:00.000Z"]);
  });

  it("lists the members email cannot reach for the secretary", async () => {
    const res = await app.inject({
      url: `/api/branches/${s.branchId}/unreachable-members`,
      headers: await adminH(),
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual([
      {
        id: s.noEmail.id,
        fullName: "Hoàng Văn Mười",
        role: "member",
        phone: "0912345678",
        reason: "no_email",
      },
    ]);
  });

  it("sends nothing before it is due; on 8/5 the secretary is asked to prepare, with the attendance list", async () => {
    expect((await sendAll()).sent).toBe(0);
    clock.set("2026-05-08T00:00:00Z");
    await tick();
    await sendAll();
    const mails = to(s.secretary.email);
    expect(mails.length).toBe(1);
    const m = mails[0]!.parsed!;
    expect(m.subject).toContain("[Chuẩn bị sinh hoạt]");
    expect(m.text).toContain("danh sách điểm danh");
    expect(m.text).toContain("Lê Thu Hà (khách mời)");
    expect(m.text).toContain("Hoàng Văn Mười");
    expect(m.text).not.toContain("Phạm Văn Đi");
  });

  it("on 12/5 at 07:00 each member gets a Vietnamese reminder stressing the 136th anniversary, with an invite", async () => {
    clock.set("2026-05-12T00:00:00Z");
    await tick();
    await sendAll();
    const mails = to(s.member.email).filter((r) => r.parsed!.subject!.startsWith("[Nhắc lịch]"));
    expect(mails.length).toBe(1);
    const { parsed, raw } = mails[0]!;
    const m = parsed!;
    expect(m.subject).toBe(
      `[Nhắc lịch] ★ Cao điểm – Sinh hoạt chi bộ 14h00 Thứ Sáu, 15/05/2026: ${TOPIC_TITLE}`,
    );
    const text = m.text!;
    // Time and place open the mail; the anniversary follows, stressed once.
    expect(text.split("\n").slice(0, 2)).toEqual([
      "Thời gian: 14h00–16h00, Thứ Sáu, 15/05/2026 (còn 3 ngày)",
      "Địa điểm: Nhà văn hóa tổ 5, số 12 ngõ Hòa Bình",
    ]);
    expect(text).toContain("★ Kỷ niệm 136 năm Ngày sinh Chủ tịch Hồ Chí Minh (19/05/1890 - 19/05/2026)");
    expect(text.split("Ngày sinh Chủ tịch Hồ Chí Minh").length).toBe(2);
    expect(text).toContain("Còn 3 ngày đến buổi sinh hoạt chi bộ.");
    expect(text).toContain("Kính gửi đồng chí Trần Văn Đức");
    expect(text).toContain("Thời gian: 14h00–16h00, Thứ Sáu, 15/05/2026");
    expect(text).toContain("Địa điểm: Nhà văn hóa tổ 5, số 12 ngõ Hòa Bình");
    expect(text).toContain("Phần thứ nhất: Xây dựng Đảng");
    expect(text).toContain("trang 115–140");
    expect(text).toContain("Tự phê bình và phê bình");
    expect(text).toContain("1. Chi bộ đã làm gì để giữ kỷ luật?");
    expect(text).toContain("https://tulieu.example.vn/bai-3?a=1&b=2");
    expect(text).toContain("https://chibo.test/lich-cua-toi");
    expect(text).toContain("https://chibo.test/tai-khoan");
    expect(text).toContain(`https://chibo.test/cuoc-hop/${s.meetingId}`);
    // HTML: the same words, escaped.
    const html = String(m.html);
    expect(html).toContain("Xây dựng &amp; chỉnh đốn Đảng &lt;trong sạch>");
    expect(html).not.toContain("<trong sạch>");
    expect(html).toContain('href="https://tulieu.example.vn/bai-3?a=1&amp;b=2"');
    expect(html).toContain("Kỷ niệm 136 năm Ngày sinh Chủ tịch Hồ Chí Minh");
    // The invite: MIME method equals METHOD, one VEVENT, the feed's UID, the recipient as the only attendee.
    expect(rawCalendarType(raw).some((h) => /method=REQUEST/i.test(h))).toBe(true);
    const inv = parseInvite(calendarOf(m).ics);
    expect(inv).toMatchObject({ method: "REQUEST", events: 1, uid: meetingUid(s.meetingId), sequence: 0 });
    expect(inv.attendees).toEqual([`mailto:${s.member.email}`]);
    // Calendar answers reach the secretary (the service sends as SENT-BY).
    expect(inv.organizer).toBe(`mailto:${s.secretary.email}`);
    expect(inv.start).toBe("2026-05-15T07:00:00.000Z");
    // Deterministic Message-ID, one-click opt-out headers.
    expect(mails[0]!.messageId).toBe(
      `<meeting_reminder.${s.meetingId}.m-${s.member.id}.3d.07.00@chibo.local>`,
    );
    expect(raw).toMatch(/^List-Unsubscribe-Post: List-Unsubscribe=One-Click\r?$/m);
    expect(raw.replace(/\r?\n[ \t]+/g, " ")).toMatch(
      /List-Unsubscribe: <https:\/\/chibo\.test\/unsubscribe\/[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+>\r?$/m,
    );
    expect(raw).not.toMatch(/mailto:[^\r\n]*unsubscribe/i);
    // Replies reach the branch secretary.
    expect(m.replyTo?.value).toEqual([{ name: "Nguyễn Thị Hằng", address: s.secretary.email }]);
    // The week-before notice of 19/5 went out the same morning, separately.
    const peak = to(s.member.email).filter((r) => !r.parsed!.subject!.startsWith("[Nhắc lịch]"));
    expect(peak.map((r) => r.parsed!.subject)).toEqual([
      "★ Kỷ niệm 136 năm Ngày sinh Chủ tịch Hồ Chí Minh (19/05/1890 - 19/05/2026)",
    ]);
    expect(to(s.guest.email).length).toBe(2);
    expect(to(s.secretary.email).length).toBe(3);
    const rows = await messages(s.meetingId);
    const sent = rows.find(
      (r) => r.kind === "meeting_reminder" && r.memberId === s.member.id && r.state === "sent",
    );
    expect(sent?.lastResponse).toMatch(/^250/);
  });

  it("a one-click POST opts the guest out of reminders; the page asks first; a forged token is refused", async () => {
    const raw = to(s.guest.email).find((r) => r.parsed!.subject!.startsWith("[Nhắc lịch]"))!.raw;
    const url = /List-Unsubscribe: <([^>]+)>/.exec(raw.replace(/\r?\n[ \t]+/g, " "))![1]!;
    const path = new URL(url).pathname;
    const page = await app.inject({ url: path });
    expect(page.statusCode).toBe(200);
    expect(page.headers["content-type"]).toContain("text/html");
    expect(page.body).toContain('<form method="post"');
    expect(page.body).toContain("Hủy nhận thư nhắc lịch");
    const [before] = await db.select().from(members).where(eq(members.id, s.guest.id));
    expect(before!.remindersOptedOutAt).toBeNull();
    const res = await app.inject({
      method: "POST",
      url: path,
      headers: { "content-type": "application/x-www-form-urlencoded" },
      payload: "List-Unsubscribe=One-Click",
    });
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain("Lê Thu Hà");
    const [after] = await db.select().from(members).where(eq(members.id, s.guest.id));
    expect(after!.remindersOptedOutAt).not.toBeNull();
    const forged = await app.inject({ method: "POST", url: `${path.slice(0, -3)}abc`, payload: "" });
    expect(forged.statusCode).toBe(404);
    const unreachable = await app.inject({
      url: `/api/branches/${s.branchId}/unreachable-members`,
      headers: await adminH(),
    });
    expect(
      unreachable
        .json()
        .map((u: { reason: string }) => u.reason)
        .sort(),
    ).toEqual(["no_email", "opted_out"]);
  });

  it("the meeting moves to 16/5: an updated invite with a higher SEQUENCE says what changed, old → new", async () => {
    clock.set("2026-05-13T03:00:00Z");
    await moveMeeting(db, s.meetingId, "2026-05-16", "08:00", clock.now());
    await tick();
    await sendAll();
    const upd = to(s.member.email).filter((r) => r.parsed!.subject!.startsWith("[Thay đổi lịch]"));
    expect(upd.length).toBe(1);
    const m = upd[0]!.parsed!;
    expect(m.subject).toContain("08h00 Thứ Bảy, 16/05/2026");
    expect(m.text!.split("\n")[0]).toBe(
      "Thời gian: 14h00–16h00, Thứ Sáu, 15/05/2026 → 08h00–10h00, Thứ Bảy, 16/05/2026",
    );
    expect(m.text).toContain("THAY ĐỔI: Buổi sinh hoạt chi bộ đã thay đổi thời gian");
    expect(String(m.html)).toMatch(/<s[^>]*>14h00–16h00, Thứ Sáu, 15\/05\/2026<\/s> → <strong>08h00/);
    // The subject and the invite carry only the new time.
    expect(m.subject).not.toContain("15/05/2026");
    const ics = calendarOf(m).ics;
    expect(ics).not.toContain("20260515");
    const inv = parseInvite(ics);
    expect(inv).toMatchObject({
      method: "REQUEST",
      uid: meetingUid(s.meetingId),
      sequence: 1,
      start: "2026-05-16T01:00:00.000Z",
    });
    expect(inv.attendees).toEqual([`mailto:${s.member.email}`]);
    // The opted-out guest still hears about the change.
    expect(to(s.guest.email).filter((r) => r.parsed!.subject!.startsWith("[Thay đổi lịch]")).length).toBe(1);
    // The morning reminder follows the meeting: 07:00 on 16/5; the guest's is withdrawn.
    const rows = await messages(s.meetingId);
    const morning = rows.filter((r) => r.kind === "meeting_reminder" && r.slot === "0d@07:00");
    expect(morning.find((r) => r.memberId === s.member.id)).toMatchObject({
      state: "queued",
      dueAt: "2026-05-16T00:00:00.000Z",
    });
    expect(morning.find((r) => r.memberId === s.guest.id)?.state).toBe("withdrawn");
    // Ticking again sends nothing more.
    const n = sink.received.length;
    await tick();
    await sendAll();
    expect(sink.received.length).toBe(n);
  });

  it("the meeting is cancelled: METHOD:CANCEL to everyone who had an invite, and no morning reminder", async () => {
    clock.set("2026-05-14T03:00:00Z");
    await cancelMeeting(db, s.meetingId, "Trùng lịch họp của phường", clock.now());
    await tick();
    await sendAll();
    const cancels = sink.received.filter((r) => r.parsed!.subject!.startsWith("[Hủy lịch]"));
    expect(cancels.map((c) => c.rcpt[0]).sort()).toEqual(
      [s.guest.email, s.member.email, s.secretary.email].sort(),
    );
    const m = cancels.find((c) => c.rcpt.includes(s.member.email))!;
    expect(rawCalendarType(m.raw).some((h) => /method=CANCEL/i.test(h))).toBe(true);
    const inv = parseInvite(calendarOf(m.parsed!).ics);
    expect(inv).toMatchObject({
      method: "CANCEL",
      uid: meetingUid(s.meetingId),
      sequence: 2,
      status: "CANCELLED",
    });
    expect(m.parsed!.text).toContain("Trùng lịch họp của phường");
    clock.set("2026-05-16T00:00:00Z");
    const n = sink.received.length;
    await tick();
    await sendAll();
    expect(sink.received.length).toBe(n);
    const rows = await messages(s.meetingId);
    expect(rows.filter((r) => r.state === "queued")).toEqual([]);
    expect(rows.find((r) => r.memberId === s.member.id && r.slot === "0d@07:00")?.state).toBe("withdrawn");
  });

  it("shows a member's messages to secretaries and above and to the member themselves, a meeting's only to the former", async () => {
    const res = await app.inject({ url: `/api/members/${s.member.id}/messages`, headers: await adminH() });
    expect(res.statusCode).toBe(200);
    const kinds = res.json().map((r: { kind: string; state: string }) => `${r.kind}:${r.state}`);
    expect(kinds).toEqual(
      expect.arrayContaining([
        "meeting_reminder:sent",
        "meeting_update:sent",
        "meeting_cancel:sent",
        "meeting_reminder:withdrawn",
      ]),
    );
    await createUser(db, {
      email: "duc.user@example.vn",
      password: "mat-khau-dai-du-10",
      displayName: "Trần Văn Đức",
      role: "member",
      branchId: s.branchId,
      memberId: s.member.id,
    } as Parameters<typeof createUser>[1]);
    const h = await t.login("duc.user@example.vn", "mat-khau-dai-du-10");
    const own = await app.inject({ url: `/api/members/${s.member.id}/messages`, headers: h });
    expect(own.statusCode).toBe(200);
    expect(own.json()).toHaveLength(res.json().length);
    expect((await app.inject({ url: `/api/meetings/${s.meetingId}/messages`, headers: h })).statusCode).toBe(
      403,
    );
    expect((await app.inject({ url: "/api/outbox", headers: h })).statusCode).toBe(403);
  });
});

describe("late planning and peaks", () => {
  it("a meeting planned the day before gets one reminder at once, none after it started", async () => {
    const late = await seed(db, { tag: "late", date: "2026-05-20", start: "19:30" });
    clock.set("2026-05-19T10:00:00Z"); // 17:00 on 19/5 local: the 3-day reminder is overdue
    await tick();
    await sendAll();
    expect(to(late.member.email).length).toBe(1);
    expect(to(late.member.email)[0]!.parsed!.subject).toContain("20/05/2026");
    clock.set("2026-05-20T13:00:00Z"); // 20:00 local: the meeting has started
    await tick();
    await sendAll();
    expect(to(late.member.email).length).toBe(1);
    const rows = (await messages(late.meetingId)).filter((r) => r.memberId === late.member.id);
    expect(rows.map((r) => r.state).sort()).toEqual(["sent", "withdrawn"]);
  });

  it("a peak date gets its own notice a week before; a round anniversary is stressed (135 năm, năm chẵn)", async () => {
    const t2 = await seed(db, {
      tag: "peak",
      date: "2025-06-10",
      firstMonth: "2025-01-01",
      lastMonth: "2025-12-01",
    });
    clock.set("2025-05-12T00:00:00Z"); // 07:00 on 12/5/2025: a week before 19/5
    await tick();
    await tick();
    await sendAll();
    const notices = to(t2.member.email);
    expect(notices.length).toBe(1);
    const m = notices[0]!.parsed!;
    expect(m.subject).toBe(
      "★★ Năm chẵn – Kỷ niệm 135 năm Ngày sinh Chủ tịch Hồ Chí Minh (19/05/1890 - 19/05/2025)",
    );
    expect(m.text!.split("\n").slice(0, 3)).toEqual([
      "Ngày kỷ niệm: Thứ Hai, 19/05/2025 (còn 7 ngày)",
      "",
      "★★ Kỷ niệm 135 năm Ngày sinh Chủ tịch Hồ Chí Minh (19/05/1890 - 19/05/2025) – NĂM CHẴN",
    ]);
    expect(m.text).toContain("Còn một tuần đến ngày Thứ Hai, 19/05/2025.");
    expect(m.text!.split("Ngày sinh Chủ tịch").length).toBe(2);
    const rows = await db.select().from(reminders).where(eq(reminders.memberId, t2.member.id));
    expect(rows.map((r) => r.kind)).toEqual(["peak_notice"]);
  });
});
