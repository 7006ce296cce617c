/**
 * What a member and a secretary read, as mailparser reads it over a real SMTP conversation. A branch meets
 * on Friday 15/5/2026 at 14:00 (Hồ Chí Minh time); the meeting is planned late, at 03:06 on Wednesday 13/5:
 * nothing goes out in the night, the mails leave at 06:00 and say "2 days". Then the meeting moves to
 * another day and place (old → new) and is finally cancelled (the reason first).
 */
import { eq } from "drizzle-orm";
import type { ParsedMail } from "mailparser";
import { afterAll, describe, expect, it } from "vitest";
import { meetings, reminders } from "../../src/db/schema.ts";
import { smtpTransport } from "../../src/reminders/mail-transport.ts";
import { sendDue } from "../../src/reminders/reminder-outbox.ts";
import { scheduleReminders } from "../../src/reminders/reminder-schedule.ts";
import { buildTestApp } from "../helpers/app.ts";
import { cancelMeeting, seed } from "./fixtures.ts";
import { type Received, startSink } from "./smtp-sink.ts";

const t = await buildTestApp({ now: "2026-05-12T20:06:00Z" }); // 03:06 on 13/5 in Viet Nam
const db = t.database.db;
const config = t.app.deps.config;
const sink = await startSink();
const transport = smtpTransport(sink.url);
afterAll(async () => {
  transport.close();
  await sink.close();
});
const s = await seed(db, { tag: "snap" });

const tick = () => scheduleReminders(db, t.clock.now(), { mailFrom: config.mailFrom });
const send = () => sendDue(db, transport, t.clock.now(), 100, { config });
const mailsTo = (addr: string, prefix: string): Received[] =>
  sink.received.filter((r) => r.rcpt.includes(addr) && r.parsed!.subject!.startsWith(prefix));
const lines = (m: ParsedMail, n: number) => m.text!.split("\n").slice(0, n);
const count = (hay: string, needle: string) => hay.split(needle).length - 1;

const PEAK = "Kỷ niệm 136 năm Ngày sinh Chủ tịch Hồ Chí Minh (19/05/1890 - 19/05/2026)";

/** What every mail carries: footer links to the pages (not the API), short link texts that wrap. */
function expectFooter(m: ParsedMail) {
  const text = m.text!;
  const html = String(m.html);
  expect(text).toContain("Lịch sinh hoạt của tôi: https://chibo.test/lich-cua-toi");
  expect(text).toContain("Chọn thư muốn nhận: https://chibo.test/tai-khoan");
  expect(html).toMatch(/<a href="https:\/\/chibo\.test\/lich-cua-toi"[^>]*>Lịch sinh hoạt của tôi<\/a>/);
  expect(html).toMatch(/<a href="https:\/\/chibo\.test\/tai-khoan"[^>]*>Chọn thư muốn nhận<\/a>/);
  expect(text + html).not.toContain("/api/");
  // Every link may break anywhere (a 360 px screen), and shows a short text, never a long address.
  for (const a of html.matchAll(/<a href="([^"]+)" style="([^"]*)">([^<]*)<\/a>/g)) {
    expect(a[2]).toContain("overflow-wrap:anywhere");
    expect(a[3]!.replace(/&[#a-z0-9]+;/g, "x").length).toBeLessThanOrEqual(32);
  }
  expect(html).toContain('<meta name="viewport"');
}

describe("a meeting planned late, at night", () => {
  it("sends nothing at 03:06 Viet Nam time: every due mail waits until 06:00 there", async () => {
    await tick();
    const r = await send();
    expect(r.sent).toBe(0);
    expect(r.rescheduled).toBeGreaterThan(0);
    const rows = await db.select().from(reminders).where(eq(reminders.meetingId, s.meetingId));
    const waiting = rows.filter((x) => x.state === "queued" && x.dueAt <= new Date("2026-05-13T00:00:00Z"));
    expect(waiting.length).toBeGreaterThan(0);
    for (const w of waiting) expect(w.dueAt.toISOString()).toBe("2026-05-12T23:00:00.000Z");
    expect(sink.received.length).toBe(0);
  });

  it("at 06:00 the member's reminder opens with time and place, stresses the peak once, replies go to the secretary", async () => {
    t.clock.set("2026-05-12T23:00:00Z");
    await tick();
    await send();
    const [got] = mailsTo(s.member.email, "[Nhắc lịch]");
    const m = got!.parsed!;
    expect(lines(m, 3)).toEqual([
      "Thời gian: 14h00–16h00, Thứ Sáu, 15/05/2026 (còn 2 ngày)",
      "Địa điểm: Nhà văn hóa tổ 5, số 12 ngõ Hòa Bình",
      `Chi bộ: Chi bộ Tổ dân phố 5 snap`,
    ]);
    expect(count(m.text!, PEAK)).toBe(1);
    expect(count(String(m.html), "Ngày sinh Chủ tịch Hồ Chí Minh")).toBe(1);
    expect(m.text).toContain("Còn 2 ngày đến buổi sinh hoạt chi bộ.");
    expect(m.text).not.toContain("một tuần");
    // The HTML opens with the same lines, in a box, before the peak.
    const html = String(m.html);
    expect(html.indexOf("15/05/2026")).toBeLessThan(html.indexOf("Ngày sinh Chủ tịch"));
    expect(m.replyTo?.value).toEqual([{ name: "Nguyễn Thị Hằng", address: s.secretary.email }]);
    expect(m.text).toContain("Trả lời thư này để liên hệ đồng chí bí thư chi bộ Nguyễn Thị Hằng.");
    expect(got!.raw.replace(/\r?\n[ \t]+/g, " ")).toMatch(
      /^List-Unsubscribe: <https:\/\/chibo\.test\/unsubscribe\/[^>]+>\r?$/m,
    );
    expect(got!.raw).not.toMatch(/^List-Unsubscribe:.*mailto:/im);
    expect(got!.raw).toMatch(/^List-Unsubscribe-Post: List-Unsubscribe=One-Click\r?$/m);
    // The material link: the full address in href, a short text shown.
    expect(html).toContain('href="https://tulieu.example.vn/bai-3?a=1&amp;b=2"');
    expectFooter(m);
  });

  it("the secretary's prepare mail, late, says two days, not a week", async () => {
    const [got] = mailsTo(s.secretary.email, "[Chuẩn bị sinh hoạt]");
    const m = got!.parsed!;
    expect(lines(m, 2)).toEqual([
      "Thời gian: 14h00–16h00, Thứ Sáu, 15/05/2026 (còn 2 ngày)",
      "Địa điểm: Nhà văn hóa tổ 5, số 12 ngõ Hòa Bình",
    ]);
    expect(m.text).toContain("Còn 2 ngày đến buổi sinh hoạt chi bộ.");
    expect(m.text).not.toContain("Còn một tuần");
    expect(count(m.text!, PEAK)).toBe(1);
    // Her own mail names nobody else to answer.
    expect(m.replyTo).toBeUndefined();
    expectFooter(m);
  });
});

describe("a change and a cancellation", () => {
  it("a change notice shows each changed value old → new, time and place first", async () => {
    t.clock.set("2026-05-13T03:00:00Z");
    const [before] = await db.select().from(meetings).where(eq(meetings.id, s.meetingId));
    await db
      .update(meetings)
      .set({
        date: "2026-05-16",
        startAt: new Date("2026-05-16T01:00:00Z"),
        endAt: new Date("2026-05-16T03:00:00Z"),
        place: "Hội trường UBND phường",
        revision: before!.revision + 1,
        updatedAt: t.clock.now(),
        edited: true,
      })
      .where(eq(meetings.id, s.meetingId));
    await tick();
    await send();
    const [got] = mailsTo(s.member.email, "[Thay đổi lịch]");
    const m = got!.parsed!;
    expect(lines(m, 2)).toEqual([
      "Thời gian: 14h00–16h00, Thứ Sáu, 15/05/2026 → 08h00–10h00, Thứ Bảy, 16/05/2026",
      "Địa điểm: Nhà văn hóa tổ 5, số 12 ngõ Hòa Bình → Hội trường UBND phường",
    ]);
    expect(m.text).toContain("đã thay đổi thời gian, địa điểm (cũ → mới");
    expect(String(m.html)).toMatch(/<s[^>]*>Nhà văn hóa tổ 5, số 12 ngõ Hòa Bình<\/s> → <strong>Hội trường/);
    expect(count(m.text!, PEAK)).toBe(1);
    expect(m.replyTo?.value[0]?.address).toBe(s.secretary.email);
    expectFooter(m);
  });

  it("a cancellation opens with its reason", async () => {
    t.clock.set("2026-05-14T02:00:00Z");
    await cancelMeeting(db, s.meetingId, "Trùng lịch họp của phường", t.clock.now());
    await tick();
    await send();
    const [got] = mailsTo(s.member.email, "[Hủy lịch]");
    const m = got!.parsed!;
    expect(lines(m, 3)).toEqual([
      "ĐÃ HỦY – Lý do: Trùng lịch họp của phường",
      "Thời gian: 08h00–10h00, Thứ Bảy, 16/05/2026",
      "Địa điểm: Hội trường UBND phường",
    ]);
    expect(String(m.html)).toMatch(/<div[^>]*><strong>ĐÃ HỦY – Lý do: Trùng lịch họp của phường<\/strong>/);
    expect(m.replyTo?.value[0]?.address).toBe(s.secretary.email);
    expectFooter(m);
  });
});
