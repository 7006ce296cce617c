/**
 * The secretary's thematic-meeting reminder over a real SMTP conversation: when a quarter's last month
 * begins with no thematic meeting held or planned, the branch's secretary is told once (two instances
 * ticking and sending side by side), a branch with a planned thematic meeting is not, and a reminder whose
 * branch plans one before it goes is withdrawn.
 */
import { and, eq } from "drizzle-orm";
import { DateTime } from "luxon";
import { afterAll, describe, expect, it } from "vitest";
import { meetings, reminders } from "../../src/db/schema.ts";
import { smtpTransport } from "../../src/reminders/mail-transport.ts";
import { sendDue } from "../../src/reminders/reminder-outbox.ts";
import { scheduleReminders } from "../../src/reminders/reminder-schedule.ts";
import { buildTestApp } from "../helpers/app.ts";
import { seed } from "./fixtures.ts";
import { startSink } from "./smtp-sink.ts";

const ZONE = "Asia/Ho_Chi_Minh";
const at = (local: string) => DateTime.fromISO(local, { zone: ZONE }).toJSDate();

describe("secretary: a quarter's last month begins without a thematic meeting", async () => {
  const t = await buildTestApp({ now: "2026-05-30T00:00:00Z" });
  const db = t.database.db;
  const config = t.app.deps.config;
  const sink = await startSink();
  const transports = [smtpTransport(sink.url), smtpTransport(sink.url)];
  afterAll(async () => {
    for (const x of transports) x.close();
    await sink.close();
  });
  // Two instances at once: both tick, both send.
  const step = async (instant: Date) => {
    t.clock.set(instant);
    await Promise.all([0, 1].map(() => scheduleReminders(db, instant, { mailFrom: config.mailFrom })));
    await Promise.all(transports.map((tr) => sendDue(db, tr, instant, 50, { config })));
    await Promise.all(transports.map((tr) => sendDue(db, tr, instant, 50, { config })));
  };
  const thematicMails = () =>
    sink.received.filter((r) => String(r.parsed?.headers.get("x-chibo-kind")) === "secretary_thematic");

  // A meets on 11/6 as a regular meeting; B has planned its June meeting as the quarter's thematic one.
  const a = await seed(db, { tag: "a", date: "2026-06-11", start: "19:30" });
  const b = await seed(db, { tag: "b", date: "2026-06-11", start: "19:30" });
  await db.update(meetings).set({ kind: "thematic" }).where(eq(meetings.id, b.meetingId));

  it("sends nothing in May, then tells A's secretary once on 1 June, and B's not at all", async () => {
    await step(at("2026-05-31T19:00"));
    expect(thematicMails()).toHaveLength(0);
    for (const local of ["2026-06-01T00:05", "2026-06-01T06:59", "2026-06-01T07:00", "2026-06-02T07:00"])
      await step(at(local));
    const mails = thematicMails();
    expect(mails).toHaveLength(1);
    expect(mails[0]!.rcpt).toEqual([a.secretary.email]);
    expect(mails[0]!.parsed!.subject).toBe(
      "[Sinh hoạt chuyên đề] Chi bộ Tổ dân phố 5 a chưa có buổi chuyên đề quý 2/2026",
    );
    expect(mails[0]!.parsed!.text).toContain("Hướng dẫn 12-HD/BTCTW");
    expect(sink.duplicates()).toEqual([]);
    // Nothing at night: the first send waits for the morning in the branch's zone.
    const sentAt = (
      await db
        .select({ sentAt: reminders.sentAt })
        .from(reminders)
        .where(eq(reminders.kind, "secretary_thematic"))
    ).map((r) => DateTime.fromJSDate(r.sentAt!, { zone: ZONE }).toFormat("dd/MM HH:mm"));
    expect(sentAt).toEqual(["01/06 06:59"]);
  });

  it("withdraws a queued reminder when the branch plans its thematic meeting before it goes", async () => {
    const c = await seed(db, { tag: "c", date: "2026-06-20", start: "19:30" });
    // Scheduled at 00:10 (the night: it waits for 06:00), then the secretary sets the June meeting's kind.
    t.clock.set(at("2026-06-03T00:10"));
    await scheduleReminders(db, t.clock.now(), { mailFrom: config.mailFrom });
    const queued = await db
      .select({ state: reminders.state })
      .from(reminders)
      .where(and(eq(reminders.kind, "secretary_thematic"), eq(reminders.branchId, c.branchId)));
    expect(queued).toEqual([{ state: "queued" }]);
    await db.update(meetings).set({ kind: "combined" }).where(eq(meetings.id, c.meetingId));
    await step(at("2026-06-03T07:00"));
    const [row] = await db
      .select({ state: reminders.state, lastResponse: reminders.lastResponse })
      .from(reminders)
      .where(and(eq(reminders.kind, "secretary_thematic"), eq(reminders.branchId, c.branchId)));
    expect(row).toEqual({
      state: "withdrawn",
      lastResponse: "Chi bộ đã có buổi sinh hoạt chuyên đề trong quý (đã họp hoặc đã lên kế hoạch)",
    });
    expect(thematicMails().map((m) => m.rcpt[0])).toEqual([a.secretary.email]);
  });
});
