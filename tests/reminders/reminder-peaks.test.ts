/**
 * Which anniversary a reminder stresses comes from the one peak rule the feeds and pages use: 19/5 is
 * stressed by the branch's LAST meeting within its 30-day window. Two meetings of a branch within the
 * window (20/4 and 15/5/2026): only the 15/5 reminder speaks of the anniversary. When the later one is
 * cancelled, the earlier one takes the peak over. Mails go over real SMTP and are read with mailparser.
 */
import { eq } from "drizzle-orm";
import { DateTime } from "luxon";
import { describe, expect, it } from "vitest";
import { meetings } from "../../src/db/schema.ts";
import { cancelMeeting, seed } from "./fixtures.ts";
import { mailTestApp } from "./mail-app.ts";
import type { Received } from "./smtp-sink.ts";

const { clock, db, sink, tick, sendAll } = await mailTestApp("2026-04-01T00:00:00Z");

async function sendNow(at: string) {
  clock.set(at);
  await tick();
  await sendAll();
}

/** A second meeting of the seeded branch, the same campaign and topic, on `date` at 14:00. */
async function secondMeeting(firstId: string, date: string) {
  const [first] = await db.select().from(meetings).where(eq(meetings.id, firstId));
  const start = DateTime.fromISO(`${date}T14:00`, { zone: "Asia/Ho_Chi_Minh" });
  const { id: _id, ...rest } = first!;
  const [m] = await db
    .insert(meetings)
    .values({
      ...rest,
      month: `${date.slice(0, 7)}-01`,
      date,
      startAt: start.toJSDate(),
      endAt: start.plus({ hours: 2 }).toJSDate(),
    })
    .returning();
  return m!;
}

function reminders(email: string, date: string): Received[] {
  return sink.received.filter(
    (r) =>
      r.rcpt.includes(email) &&
      r.parsed!.subject!.startsWith("[Nhắc lịch]") &&
      r.parsed!.subject!.includes(date),
  );
}

const ANNIVERSARY = "136 năm Ngày sinh Chủ tịch Hồ Chí Minh";

describe("the peak a reminder stresses", () => {
  it("of two meetings within 19/5's window, only the later one's reminder speaks of the anniversary", async () => {
    const s = await seed(db, { tag: "two", date: "2026-04-20" });
    await secondMeeting(s.meetingId, "2026-05-15");
    await sendNow("2026-04-18T00:00:00Z");
    const early = reminders(s.member.email, "20/04/2026");
    expect(early.length).toBeGreaterThan(0);
    for (const r of early) {
      expect(r.parsed!.subject).not.toContain("★");
      expect(r.parsed!.text).not.toContain(ANNIVERSARY);
    }
    await sendNow("2026-05-13T00:00:00Z");
    const late = reminders(s.member.email, "15/05/2026");
    expect(late.length).toBeGreaterThan(0);
    for (const r of late) expect(r.parsed!.text).toContain(ANNIVERSARY);
  });

  it("when the later meeting is cancelled, the earlier one stresses the day", async () => {
    const s = await seed(db, { tag: "cancel", date: "2026-04-25" });
    const later = await secondMeeting(s.meetingId, "2026-05-15");
    await cancelMeeting(db, later.id, "Trùng lịch bầu cử", new Date("2026-04-25T00:00:00Z"));
    await sendNow("2026-04-23T00:00:00Z");
    const early = reminders(s.member.email, "25/04/2026");
    expect(early.length).toBeGreaterThan(0);
    for (const r of early) expect(r.parsed!.text).toContain(ANNIVERSARY);
  });
});
