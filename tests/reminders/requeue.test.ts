/**
 * Who was not reached, and sending again: a member's address refused by the relay shows on the meeting's
 * messages (API and the secretary's page) with the reason; the branch's secretary or an officer above it
 * re-queues the failed messages (audited), which then arrive once. Nobody else reaches the re-queue.
 */
import { and, eq } from "drizzle-orm";
import { afterAll, describe, expect, it } from "vitest";
import { createUser } from "../../src/auth/users-service.ts";
import { auditLog, reminders } from "../../src/db/schema.ts";
import { smtpTransport } from "../../src/reminders/mail-transport.ts";
import { sendDue } from "../../src/reminders/reminder-outbox.ts";
import { scheduleReminders } from "../../src/reminders/reminder-schedule.ts";
import { buildTestApp } from "../helpers/app.ts";
import { seed } from "./fixtures.ts";
import { startSink } from "./smtp-sink.ts";

const DUE = "2026-05-12T00:00:00Z";
const PASSWORD = "mat-khau-dai-du-10";

describe("failed messages: shown to the secretary, re-queued by the secretary or an officer", () => {
  it("lists who was not reached with the reason, refuses others the re-queue, and re-sends once", async () => {
    const t = await buildTestApp({ now: DUE });
    const db = t.database.db;
    const config = t.app.deps.config;
    const s = await seed(db, { tag: "rq" });
    const other = await seed(db, { tag: "rq-khac" });
    const user = (email: string, extra: Record<string, unknown>) =>
      createUser(db, { email, password: PASSWORD, displayName: email, ...extra } as Parameters<
        typeof createUser
      >[1]);
    await user(s.secretary.email, { role: "secretary", branchId: s.branchId, memberId: s.secretary.id });
    await user(s.member.email, { role: "member", memberId: s.member.id });
    await user("canbo.rq@example.vn", { role: "officer", committeeId: s.committeeId });
    await user("bithu.khac@example.vn", { role: "secretary", branchId: other.branchId });
    await user("canbo.khac@example.vn", { role: "officer", committeeId: other.committeeId });
    const as = {
      secretary: await t.login(s.secretary.email, PASSWORD),
      member: await t.login(s.member.email, PASSWORD),
      officer: await t.login("canbo.rq@example.vn", PASSWORD),
      otherSecretary: await t.login("bithu.khac@example.vn", PASSWORD),
      otherOfficer: await t.login("canbo.khac@example.vn", PASSWORD),
    };

    const mailbox = { broken: true };
    const sink = await startSink({
      parse: false,
      rcptAnswer: (a) =>
        a === s.guest.email && mailbox.broken ? [550, "5.1.1 Hộp thư không tồn tại"] : null,
    });
    const transport = smtpTransport(sink.url);
    afterAll(async () => {
      transport.close();
      await sink.close();
    });
    await scheduleReminders(db, t.clock.now(), { mailFrom: config.mailFrom });
    await sendDue(db, transport, t.clock.now(), 100, { config });
    const guestRows = () =>
      db
        .select()
        .from(reminders)
        .where(and(eq(reminders.meetingId, s.meetingId), eq(reminders.memberId, s.guest.id)));
    const failed = (await guestRows()).filter((r) => r.state === "failed");
    expect(failed.length).toBe(1);

    // The API: per message, and per member who was not reached.
    const url = `/api/meetings/${s.meetingId}/messages`;
    const list = (await t.app.inject({ url, headers: as.secretary })).json();
    expect(list.find((m: { state: string }) => m.state === "failed")).toMatchObject({
      memberId: s.guest.id,
      failureReason: "Máy chủ thư từ chối địa chỉ email này",
      lastResponse: expect.stringContaining("5.1.1"),
    });
    const unreached = await t.app.inject({ url: `${url}/unreached`, headers: as.secretary });
    expect(unreached.statusCode).toBe(200);
    expect(unreached.json()).toEqual([
      {
        memberId: s.guest.id,
        userId: null,
        recipientName: "Lê Thu Hà",
        toEmail: s.guest.email,
        messages: 1,
        reason: "Máy chủ thư từ chối địa chỉ email này",
        lastResponse: expect.stringContaining("550 5.1.1"),
      },
    ]);

    // The secretary's page shows it, with the button; a member's page does not.
    const cookieOf = async (email: string) => {
      const res = await t.app.inject({
        method: "POST",
        url: "/api/auth/login",
        payload: { email, password: PASSWORD },
      });
      const c = res.cookies.find((x) => x.name === "chibo_session")!;
      return `${c.name}=${c.value}`;
    };
    const secPage = await t.app.inject({
      url: `/cuoc-hop/${s.meetingId}`,
      headers: { cookie: await cookieOf(s.secretary.email) },
    });
    expect(secPage.statusCode).toBe(200);
    expect(secPage.body).toContain("Chưa gửi được tới:");
    expect(secPage.body).toContain("Lê Thu Hà");
    expect(secPage.body).toContain("Máy chủ thư từ chối địa chỉ email này");
    expect(secPage.body).toContain(">Gửi lại</button>");
    expect(secPage.body).toContain(`/api/meetings/${s.meetingId}/messages/requeue`);
    const memberPage = await t.app.inject({
      url: `/cuoc-hop/${s.meetingId}`,
      headers: { cookie: await cookieOf(s.member.email) },
    });
    expect(memberPage.statusCode).toBe(200);
    expect(memberPage.body).not.toContain("Chưa gửi được tới");
    expect(memberPage.body).not.toContain("Gửi lại");

    // Reach: a member of the branch is refused, other branches and committees do not see the meeting.
    const requeue = (headers?: Record<string, string>, id = s.meetingId) =>
      t.app.inject({ method: "POST", url: `/api/meetings/${id}/messages/requeue`, headers, payload: {} });
    expect((await requeue(as.member)).statusCode).toBe(403);
    expect((await requeue(as.otherSecretary)).statusCode).toBe(404);
    expect((await requeue(as.otherOfficer)).statusCode).toBe(404);
    expect((await requeue(undefined)).statusCode).toBe(401);
    expect((await t.app.inject({ url: `${url}/unreached`, headers: as.member })).statusCode).toBe(403);
    expect((await t.app.inject({ url: `${url}/unreached`, headers: as.otherOfficer })).statusCode).toBe(404);
    expect((await guestRows()).filter((r) => r.state === "failed").length).toBe(1);

    // The address is repaired; the officer above re-queues, and the message arrives once.
    mailbox.broken = false;
    const res = await requeue(as.officer);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ requeued: 1 });
    const audit = await db.select().from(auditLog).where(eq(auditLog.entityId, s.meetingId));
    expect(audit.find((a) => a.action === "messages_requeue")).toMatchObject({
      entity: "meeting",
      branchId: s.branchId,
      after: { requeued: 1, ids: [failed[0]!.id] },
    });
    await sendDue(db, transport, t.clock.now(), 100, { config });
    await sendDue(db, transport, t.clock.now(), 100, { config });
    const row = (await guestRows()).find((r) => r.id === failed[0]!.id)!;
    expect(row.state).toBe("sent");
    expect(sink.received.filter((r) => r.messageId === failed[0]!.messageId).length).toBe(1);
    expect(sink.duplicates()).toEqual([]);
    // Nothing left to re-queue; the secretary's list is empty again.
    expect((await requeue(as.secretary)).json()).toEqual({ requeued: 0 });
    expect((await t.app.inject({ url: `${url}/unreached`, headers: as.secretary })).json()).toEqual([]);
  });
});
