/**
 * "Báo vắng" (issue 19): a member says before the meeting that they will be absent, and why — from the
 * meeting page, or with no password from the link in their reminder (signed for that member and meeting,
 * expiring at its start). The secretary sees who sent word on the meeting page and in the "prepare" mail,
 * and the attendance form starts from it. Word can be taken back until the meeting starts, not after.
 * The branch meets on 15/05/2026 at 14:00 (Asia/Ho_Chi_Minh); mails go over real SMTP, read by mailparser.
 */
import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { absenceNotices, auditLog } from "../../src/db/schema.ts";
import { absenceKey, absenceToken, verifyAbsenceToken } from "../../src/minutes/absence-link.ts";
import { seed } from "../reminders/fixtures.ts";
import { mailTestApp, seededAccounts } from "../reminders/mail-app.ts";
import type { Received } from "../reminders/smtp-sink.ts";

const PASSWORD = "mat-khau-dai-du-10";
const { t, app, clock, db, config, tick, sendAll, to } = await mailTestApp("2026-05-06T00:00:00Z");
const s = await seed(db, { tag: "bv", extraMembers: 1 });
const other = s.extra[0]!;
await seededAccounts(db, s, PASSWORD);
const page = `/cuoc-hop/${s.meetingId}`;

function mailsTo(addr: string, subject: string): Received[] {
  return to(addr).filter((r) => r.parsed?.subject?.startsWith(subject));
}
const as = async (email: string) => t.login(email, PASSWORD);
const get = async (url: string, email?: string) => app.inject({ url, headers: email ? await as(email) : {} });
const post = async (url: string, body: Record<string, string>, email?: string) =>
  app.inject({
    method: "POST",
    url,
    headers: { "content-type": "application/x-www-form-urlencoded", ...(email ? await as(email) : {}) },
    payload: new URLSearchParams(body).toString(),
  });
const noticesNow = () =>
  db
    .select({ memberId: absenceNotices.memberId, reason: absenceNotices.reason })
    .from(absenceNotices)
    .where(eq(absenceNotices.meetingId, s.meetingId));
/** The page's text without tags, white space made one, for reading like a person. */
const textOf = (html: string) =>
  html
    .replace(/<[^>]+>/g, " ")
    .replace(/&#x27;|&#39;/g, "'")
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, "&")
    .replace(/\s+/g, " ");
const linkPath = (url: string) => new URL(url).pathname;

let link = "";
let otherLink = "";

describe("a member sends word on the meeting page", () => {
  it("sends it with a reason (an empty one is refused next to the field) and the secretary sees it", async () => {
    const before = await get(page, s.member.email);
    expect(before.statusCode).toBe(200);
    expect(textOf(before.body)).toContain("Nếu không dự được, đồng chí báo trước cho bí thư chi bộ");
    expect(before.body).toContain(`action="${page}/bao-vang"`);

    const empty = await post(`${page}/bao-vang`, { reason: "   " }, s.member.email);
    expect(empty.statusCode).toBe(400);
    expect(textOf(empty.body)).toContain("Hãy ghi lý do vắng.");
    expect(await noticesNow()).toEqual([]);

    const sent = await post(`${page}/bao-vang`, { reason: "Đi khám bệnh  ở Hà Nội" }, s.member.email);
    expect(sent.statusCode).toBe(303);
    expect(sent.headers.location).toBe(`${page}?xong=absence#bao-vang`);
    const after = textOf((await get(`${page}?xong=absence`, s.member.email)).body);
    expect(after).toContain("Đã gửi báo vắng tới bí thư chi bộ.");
    expect(after).toContain("Đồng chí đã báo vắng (lúc 07h00 ngày 06/05/2026), lý do: Đi khám bệnh ở Hà Nội");
    expect(after).toContain("Rút lại báo vắng");

    const sec = textOf((await get(page, s.secretary.email)).body);
    expect(sec).toContain("Đảng viên đã báo vắng (1)");
    expect(sec).toContain("Trần Văn Đức : Đi khám bệnh ở Hà Nội");

    const audit = await db
      .select({ action: auditLog.action, after: auditLog.after, actor: auditLog.actorUserId })
      .from(auditLog)
      .where(and(eq(auditLog.entityId, s.meetingId), eq(auditLog.action, "absence_notice")));
    expect(audit).toHaveLength(1);
    expect(audit[0]!.after).toEqual({ memberId: s.member.id, reason: "Đi khám bệnh ở Hà Nội", via: "page" });
    expect(audit[0]!.actor).not.toBeNull();
  });

  it("lists it in the secretary's prepare mail, seven days before", async () => {
    clock.set("2026-05-08T01:00:00Z");
    await tick();
    await sendAll();
    const [prep] = mailsTo(s.secretary.email, "[Chuẩn bị sinh hoạt]");
    expect(prep).toBeDefined();
    expect(prep!.parsed!.text).toContain(
      "Đã báo vắng (1 đồng chí):\n1. Trần Văn Đức – lý do: Đi khám bệnh ở Hà Nội",
    );
    expect(textOf(String(prep!.parsed!.html))).toContain("1. Trần Văn Đức – lý do: Đi khám bệnh ở Hà Nội");
  });

  it("takes it back; the secretary's list is empty again", async () => {
    const back = await post(`${page}/rut-bao-vang`, {}, s.member.email);
    expect(back.statusCode).toBe(303);
    expect(await noticesNow()).toEqual([]);
    expect(textOf((await get(page, s.member.email)).body)).toContain("Lý do vắng");
    expect(textOf((await get(page, s.secretary.email)).body)).toContain("Chưa có đồng chí nào báo vắng.");
  });
});

describe("the link in each reminder", () => {
  it("is in the text and the HTML part of the member's reminder, their own", async () => {
    clock.set("2026-05-12T00:00:00Z");
    await tick();
    await sendAll();
    const [mine] = mailsTo(s.member.email, "[Nhắc lịch]");
    const [theirs] = mailsTo(other.email, "[Nhắc lịch]");
    const url = /Báo vắng: (\S+)/.exec(mine!.parsed!.text ?? "")?.[1];
    expect(url).toMatch(new RegExp(`^${config.publicUrl}/bao-vang/[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+$`));
    expect(String(mine!.parsed!.html)).toContain(`href="${url}"`);
    expect(mine!.parsed!.text).toContain("không cần mật khẩu");
    link = linkPath(url!);
    otherLink = linkPath(/Báo vắng: (\S+)/.exec(theirs!.parsed!.text ?? "")![1]!);
    expect(otherLink).not.toBe(link);
    // Signed for this member and this meeting, expiring at its start.
    const claim = verifyAbsenceToken(await absenceKey(db), link.split("/").pop()!);
    expect(claim).toEqual({
      meetingId: s.meetingId,
      memberId: s.member.id,
      expiresAt: new Date("2026-05-15T07:00:00Z"),
    });
  });

  it("opens without a session; its GET changes nothing, its POST sends the word (post/redirect/get)", async () => {
    const open = await get(link);
    expect(open.statusCode).toBe(200);
    const text = textOf(open.body);
    expect(text).toContain("Trần Văn Đức");
    expect(text).toContain("14h00–16h00");
    expect(open.body).toContain(`action="${link}"`);
    expect(await noticesNow()).toEqual([]);

    const sent = await post(link, { reason: "Đi công tác tại Hà Giang" });
    expect(sent.statusCode).toBe(303);
    expect(sent.headers.location).toBe(`${link}?xong=sent`);
    const again = textOf((await get(`${link}?xong=sent`)).body);
    expect(again).toContain("Đã gửi báo vắng tới bí thư chi bộ.");
    expect(again).toContain("lý do: Đi công tác tại Hà Giang");
    expect(await noticesNow()).toEqual([{ memberId: s.member.id, reason: "Đi công tác tại Hà Giang" }]);
    expect(textOf((await get(page, s.secretary.email)).body)).toContain(
      "Trần Văn Đức : Đi công tác tại Hà Giang",
    );
    const [audit] = await db
      .select({ actor: auditLog.actorUserId, after: auditLog.after })
      .from(auditLog)
      .where(and(eq(auditLog.entityId, s.meetingId), eq(auditLog.action, "absence_notice")))
      .orderBy(auditLog.id)
      .limit(1)
      .offset(1);
    expect(audit).toEqual({
      actor: null,
      after: { memberId: s.member.id, reason: "Đi công tác tại Hà Giang", via: "link" },
    });
  });

  it("refuses a tampered link and another member's signature", async () => {
    const token = link.split("/").pop()!;
    const [payload, sig] = token.split(".") as [string, string];
    const flipped = `${payload}.${sig.slice(0, -1)}${sig.endsWith("A") ? "B" : "A"}`;
    const theirs = otherLink.split("/").pop()!.split(".") as [string, string];
    // Their payload (their member id) with this member's signature, and the other way round.
    for (const bad of [flipped, `${theirs[0]}.${sig}`, `${payload}.${theirs[1]}`, "abc"]) {
      const open = await get(`/bao-vang/${bad}`);
      expect(open.statusCode, bad).toBe(404);
      expect(textOf(open.body)).toContain("Đường dẫn báo vắng không đúng");
      expect((await post(`/bao-vang/${bad}`, { reason: "giả mạo" })).statusCode).toBe(404);
      expect((await post(`/bao-vang/${bad}/rut-lai`, {})).statusCode).toBe(404);
    }
    expect(await noticesNow()).toEqual([{ memberId: s.member.id, reason: "Đi công tác tại Hà Giang" }]);
  });

  it("refuses an expired link with a page that says so", async () => {
    const key = await absenceKey(db);
    const expired = absenceToken(key, {
      meetingId: s.meetingId,
      memberId: other.id,
      expiresAt: new Date(clock.now().getTime() - 1000),
    });
    const open = await get(`/bao-vang/${expired}`);
    expect(open.statusCode).toBe(200);
    expect(textOf(open.body)).toContain("Đường dẫn báo vắng này đã hết hạn.");
    expect(open.body).not.toContain('name="reason"');
    const sent = await post(`/bao-vang/${expired}`, { reason: "Bận việc gia đình" });
    expect(sent.statusCode).toBe(409);
    expect(textOf(sent.body)).toContain("Đường dẫn báo vắng này đã hết hạn.");
    expect((await noticesNow()).map((n) => n.memberId)).toEqual([s.member.id]);
  });

  it("takes the word back, and sends it again", async () => {
    const back = await post(`${link}/rut-lai`, {});
    expect(back.statusCode).toBe(303);
    expect(back.headers.location).toBe(`${link}?xong=withdrawn`);
    expect(textOf((await get(`${link}?xong=withdrawn`)).body)).toContain("Đã rút lại báo vắng.");
    expect(await noticesNow()).toEqual([]);
    const withdrawn = await db
      .select({ before: auditLog.before })
      .from(auditLog)
      .where(and(eq(auditLog.entityId, s.meetingId), eq(auditLog.action, "absence_withdrawn")));
    expect(withdrawn.map((w) => w.before)).toContainEqual({
      memberId: s.member.id,
      reason: "Đi công tác tại Hà Giang",
    });
    expect((await post(link, { reason: "Đi công tác tại Hà Giang" })).statusCode).toBe(303);
  });
});

describe("once the meeting has started", () => {
  it("refuses sending or taking back, by the link and on the page, with a clear Vietnamese page", async () => {
    clock.set("2026-05-15T07:30:00Z");
    const started = "Buổi sinh hoạt đã bắt đầu lúc 14h00 ngày 15/05/2026";
    const back = await post(`${link}/rut-lai`, {});
    expect(back.statusCode).toBe(409);
    expect(textOf(back.body)).toContain(started);
    const sent = await post(otherLink, { reason: "Muộn" });
    expect(sent.statusCode).toBe(409);
    expect(textOf(sent.body)).toContain(started);
    const onPage = await post(`${page}/rut-bao-vang`, {}, s.member.email);
    expect(onPage.statusCode).toBe(409);
    expect(textOf(onPage.body)).toContain(started);
    expect(await noticesNow()).toEqual([{ memberId: s.member.id, reason: "Đi công tác tại Hà Giang" }]);
    // The link's page shows the word and why it can no longer change, without a form.
    const open = await get(link);
    expect(textOf(open.body)).toContain(started);
    expect(open.body).not.toContain("Rút lại báo vắng</button>");
  });

  it("starts the secretary's attendance form from the word sent: absent with the reason given", async () => {
    const res = await get(page, s.secretary.email);
    expect(res.statusCode).toBe(200);
    const fieldset = (id: string) => {
      const at = res.body.indexOf(`name="s_${id}"`);
      expect(at, id).toBeGreaterThan(0);
      return res.body.slice(res.body.lastIndexOf("<fieldset", at), res.body.indexOf("</fieldset>", at));
    };
    const duc = fieldset(s.member.id);
    expect(duc).toMatch(/value="absent_excused" checked/);
    expect(duc).not.toMatch(/value="present" checked/);
    expect(duc).toContain('value="Đi công tác tại Hà Giang"');
    expect(textOf(duc)).toContain("đã báo vắng trước");
    expect(fieldset(other.id)).toMatch(/value="present" checked/);
  });
});
