/**
 * Secretary reminders over a real SMTP conversation, with the clock walked day by day (06:59, 07:00 and
 * 19:00 Hồ Chí Minh time, the scheduler ticked and the sender run twice at each step): the week-before
 * "prepare" mail, the minutes reminders the day after and 3 days later (stopped by submitted minutes), and
 * report-deadline notices 14 and 3 days before, to the branches' secretaries or the committee's officers.
 */

import { and, eq } from "drizzle-orm";
import { DateTime } from "luxon";
import { afterAll, describe, expect, it } from "vitest";
import { createUser } from "../../src/auth/users-service.ts";
import { branches, deadlines, members, reminders } from "../../src/db/schema.ts";
import { smtpTransport } from "../../src/reminders/mail-transport.ts";
import { sendDue } from "../../src/reminders/reminder-outbox.ts";
import { scheduleReminders } from "../../src/reminders/reminder-schedule.ts";
import { buildTestApp } from "../helpers/app.ts";
import { regionOfBranch, regionOfCommittee } from "../helpers/region.ts";
import { seed, TOPIC_TITLE } from "./fixtures.ts";
import { startSink } from "./smtp-sink.ts";

const ZONE = "Asia/Ho_Chi_Minh";
const PASSWORD = "mat-khau-dai-du-10";

/** A message as it reached the sink, with the (manual) time of the step that sent it, in local time. */
interface Arrival {
  at: string;
  kind: string;
  to: string;
  subject: string;
  text: string;
  html: string;
  messageId: string;
  calendars: number;
}

const localTime = (d: Date) => DateTime.fromJSDate(d, { zone: ZONE }).toFormat("dd/MM/yyyy HH:mm");

async function harness(now: string) {
  const t = await buildTestApp({ now });
  const db = t.database.db;
  const config = t.app.deps.config;
  const sink = await startSink();
  const transport = smtpTransport(sink.url);
  afterAll(async () => {
    transport.close();
    await sink.close();
  });
  const arrivals: Arrival[] = [];
  const thematic: Arrival[] = [];
  let seen = 0;
  const tick = () => scheduleReminders(db, t.clock.now(), { mailFrom: config.mailFrom });
  const sendAll = async () => {
    for (;;) {
      const r = await sendDue(db, transport, t.clock.now(), 50, { config });
      if (r.claimed === 0) return;
    }
  };
  /** Everything a running service would do at `instant`, twice over. */
  async function step(instant: Date) {
    t.clock.set(instant);
    await tick();
    await tick();
    await sendAll();
    await tick();
    await sendAll();
    for (; seen < sink.received.length; seen++) {
      const r = sink.received[seen]!;
      const m = r.parsed!;
      // The quarter's thematic-meeting reminder (tests/reminders/thematic.test.ts) goes to the same
      // secretaries in a quarter's last month; kept apart so that these walks count what they are about.
      (m.headers.get("x-chibo-kind") === "secretary_thematic" ? thematic : arrivals).push({
        at: localTime(instant),
        kind: String(m.headers.get("x-chibo-kind")),
        to: r.rcpt.join(","),
        subject: m.subject ?? "",
        text: m.text ?? "",
        html: String(m.html),
        messageId: r.messageId,
        calendars: m.attachments.filter((a) => a.contentType === "text/calendar").length,
      });
    }
  }
  /** Each local day from `from` to `to` inclusive, at 06:59, 07:00 and 19:00 Hồ Chí Minh time. */
  async function walk(from: string, to: string) {
    for (let d = DateTime.fromISO(from, { zone: ZONE }); d.toISODate()! <= to; d = d.plus({ days: 1 })) {
      for (const [hour, minute] of [
        [6, 59],
        [7, 0],
        [19, 0],
      ] as const) {
        await step(d.set({ hour, minute }).toJSDate());
      }
    }
  }
  return { t, db, sink, arrivals, thematic, walk };
}

describe("secretary: prepare and minutes reminders", async () => {
  const h = await harness("2026-05-28T00:00:00Z");
  const { t, db, arrivals, thematic, walk, sink } = h;
  // Two branches meet on Thursday 11/6/2026 at 19:30; only branch B files its minutes.
  const a = await seed(db, { tag: "a", date: "2026-06-11", start: "19:30" });
  const b = await seed(db, { tag: "b", date: "2026-06-11", start: "19:30" });
  // Each secretary also logs in, with the same address: still one mail per reminder.
  for (const s of [a, b]) {
    await createUser(db, {
      email: s.secretary.email,
      password: PASSWORD,
      displayName: "Nguyễn Thị Hằng",
      role: "secretary",
      branchId: s.branchId,
      memberId: s.secretary.id,
    } as Parameters<typeof createUser>[1]);
  }
  const adminH = () => t.login("admin@test.vn", "mat-khau-quan-tri");
  const messages = async (meetingId: string) =>
    (await t.app.inject({ url: `/api/meetings/${meetingId}/messages`, headers: await adminH() })).json() as {
      kind: string;
      state: string;
      memberId: string | null;
      dueAt: string;
      slot: string;
      lastResponse: string | null;
    }[];
  const secretaryMail = (kind: string, to?: string) =>
    arrivals.filter((m) => m.kind === kind && (to === undefined || m.to === to));

  it("a week before, at 07:00 Hồ Chí Minh time, each secretary is asked once to prepare: date, topic, material, attendance list", async () => {
    await walk("2026-05-28", "2026-06-10");
    const prep = secretaryMail("secretary_prepare");
    expect(prep.map((m) => [m.to, m.at]).sort()).toEqual(
      [
        [a.secretary.email, "04/06/2026 07:00"],
        [b.secretary.email, "04/06/2026 07:00"],
      ].sort(),
    );
    const m = prep.find((x) => x.to === a.secretary.email)!;
    expect(m.subject).toBe(`[Chuẩn bị sinh hoạt] Sinh hoạt chi bộ 19h30 Thứ Năm, 11/06/2026: ${TOPIC_TITLE}`);
    expect(m.text).toContain("Kính gửi đồng chí Nguyễn Thị Hằng,");
    expect(m.text).toContain("Còn một tuần đến buổi sinh hoạt chi bộ.");
    expect(m.text).toContain("Thời gian: 19h30–21h30, Thứ Năm, 11/06/2026");
    expect(m.text).toContain(TOPIC_TITLE);
    expect(m.text).toContain("trang 115–140");
    expect(m.text).toContain("https://tulieu.example.vn/bai-3?a=1&b=2");
    expect(m.text).toContain(
      [
        // The roll's order: by given name (Đức, Hà, Hằng, Mười), Đ after D.
        "Danh sách điểm danh (4 đồng chí):",
        "1. Trần Văn Đức",
        "2. Lê Thu Hà (khách mời)",
        "3. Nguyễn Thị Hằng",
        "4. Hoàng Văn Mười",
      ].join("\n"),
    );
    expect(m.text).not.toContain("Phạm Văn Đi");
    expect(m.html).toContain("Xây dựng &amp; chỉnh đốn Đảng &lt;trong sạch>");
    // A note to the secretary, not an invitation.
    expect(m.calendars).toBe(0);
    const rows = (await messages(a.meetingId)).filter((r) => r.kind === "secretary_prepare");
    expect(rows.map((r) => [r.memberId, r.dueAt, r.state])).toEqual([
      [a.secretary.id, "2026-06-04T00:00:00.000Z", "sent"],
    ]);
    // Nothing about minutes before the meeting has been held.
    expect(secretaryMail("secretary_minutes")).toEqual([]);
  });

  it("the morning after the meeting, at 07:00, each secretary is reminded once to file the minutes", async () => {
    await walk("2026-06-11", "2026-06-12");
    const minutes = secretaryMail("secretary_minutes");
    expect(minutes.map((m) => [m.to, m.at]).sort()).toEqual(
      [
        [a.secretary.email, "12/06/2026 07:00"],
        [b.secretary.email, "12/06/2026 07:00"],
      ].sort(),
    );
    const m = minutes.find((x) => x.to === a.secretary.email)!;
    expect(m.subject).toBe(`[Nhắc: nộp biên bản] Sinh hoạt chi bộ ngày 11/06/2026: ${TOPIC_TITLE}`);
    expect(m.text).toContain("Kính gửi đồng chí Nguyễn Thị Hằng,");
    expect(m.text).toContain(
      "Buổi sinh hoạt chi bộ ngày 11/06/2026 chưa có biên bản được nộp. Đề nghị đồng chí hoàn thiện và nộp biên bản trước ngày 18/06/2026.",
    );
    expect(m.text).not.toContain("lần nhắc thứ hai");
    expect(m.text).toContain(`https://chibo.test/cuoc-hop/${a.meetingId}`);
    expect(m.html).toContain("Xây dựng &amp; chỉnh đốn Đảng &lt;trong sạch>");
  });

  it("branch B files and submits its minutes: no second reminder; branch A gets it 3 days later, once, and no more", async () => {
    const secB = async () => t.login(b.secretary.email, PASSWORD);
    // 20:00 on 12/6: a draft is saved.
    t.clock.set("2026-06-12T13:00:00Z");
    const put = await t.app.inject({
      method: "PUT",
      url: `/api/meetings/${b.meetingId}/minutes`,
      headers: await secB(),
      payload: {
        chair: "Nguyễn Thị Hằng",
        recorder: "Trần Văn Đức",
        startTime: "19:30",
        endTime: "21:15",
        introducedBy: "Nguyễn Thị Hằng",
        discussion: [{ by: "Trần Văn Đức", opinion: "Chi bộ cần giữ nền nếp tự phê bình hằng tháng." }],
        conclusions: "Chi bộ thống nhất duy trì sinh hoạt tự phê bình định kỳ.",
        tasks: [],
      },
    });
    expect(put.statusCode, put.body).toBe(200);
    await walk("2026-06-13", "2026-06-13");
    // 20:00 on 13/6: submitted.
    t.clock.set("2026-06-13T13:00:00Z");
    const submit = await t.app.inject({
      method: "POST",
      url: `/api/meetings/${b.meetingId}/minutes/submit`,
      headers: await secB(),
    });
    expect(submit.statusCode, submit.body).toBe(200);
    expect(submit.json()).toMatchObject({ submitted: true, late: false });
    await walk("2026-06-14", "2026-06-22");

    const toA = secretaryMail("secretary_minutes", a.secretary.email);
    expect(toA.map((m) => m.at)).toEqual(["12/06/2026 07:00", "15/06/2026 07:00"]);
    const again = toA[1]!;
    expect(again.subject).toBe(`[Nhắc lần 2: nộp biên bản] Sinh hoạt chi bộ ngày 11/06/2026: ${TOPIC_TITLE}`);
    expect(again.text).toContain(
      "Buổi sinh hoạt chi bộ ngày 11/06/2026 chưa có biên bản được nộp. Đây là lần nhắc thứ hai. Đề nghị đồng chí hoàn thiện và nộp biên bản trước ngày 18/06/2026.",
    );
    expect(secretaryMail("secretary_minutes", b.secretary.email).map((m) => m.at)).toEqual([
      "12/06/2026 07:00",
    ]);

    const rowsA = (await messages(a.meetingId)).filter((r) => r.kind === "secretary_minutes");
    expect(rowsA.map((r) => [r.slot, r.dueAt, r.state]).sort()).toEqual([
      ["-1d@07:00", "2026-06-12T00:00:00.000Z", "sent"],
      ["-4d@07:00", "2026-06-15T00:00:00.000Z", "sent"],
    ]);
    const rowsB = (await messages(b.meetingId)).filter((r) => r.kind === "secretary_minutes");
    expect(rowsB.map((r) => [r.slot, r.state, r.lastResponse]).sort()).toEqual([
      ["-1d@07:00", "sent", expect.stringMatching(/^250/)],
      ["-4d@07:00", "withdrawn", "Biên bản đã nộp"],
    ]);
  });

  it("over the whole walk each secretary got exactly one prepare and the minutes reminders, each once", () => {
    const perSecretary = (email: string) =>
      arrivals
        .filter((m) => m.to === email && m.kind.startsWith("secretary_"))
        .map((m) => `${m.kind} ${m.at}`);
    expect(perSecretary(a.secretary.email)).toEqual([
      "secretary_prepare 04/06/2026 07:00",
      "secretary_minutes 12/06/2026 07:00",
      "secretary_minutes 15/06/2026 07:00",
    ]);
    expect(perSecretary(b.secretary.email)).toEqual([
      "secretary_prepare 04/06/2026 07:00",
      "secretary_minutes 12/06/2026 07:00",
    ]);
    // Secretary mail goes to secretaries only; nothing was delivered twice.
    expect(
      arrivals
        .filter((m) => m.kind.startsWith("secretary_"))
        .every((m) => m.to === a.secretary.email || m.to === b.secretary.email),
    ).toBe(true);
    expect(sink.duplicates()).toEqual([]);
    expect(new Set(arrivals.map((m) => m.messageId)).size).toBe(arrivals.length);
    // June ends the second quarter and neither branch has a thematic meeting in it: each secretary is told
    // once, when the month begins.
    for (const email of [a.secretary.email, b.secretary.email])
      expect(thematic.filter((m) => m.to === email).map((m) => m.at)).toEqual(["01/06/2026 06:59"]);
  });
});

describe("report deadlines: 14 and 3 days before, to the branches' secretaries or the committee's officers", async () => {
  const h = await harness("2026-06-10T00:00:00Z");
  const { db, arrivals, walk, sink } = h;
  const HALF = "Báo cáo sơ kết 6 tháng học tập & làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh";
  const ANNUAL = "Báo cáo tổng kết năm 2026 việc học tập chuyên đề";
  // The campaign runs through 2026 and 2027; its only meeting lies long before the walk.
  const d = await seed(db, {
    tag: "dl",
    date: "2026-01-15",
    firstMonth: "2026-01-01",
    lastMonth: "2027-12-01",
  });
  const [b2] = await db
    .insert(branches)
    .values({
      committeeId: d.committeeId,
      regionId: regionOfCommittee(d.committeeId),
      name: "Chi bộ Tổ dân phố 7",
    })
    .returning();
  const [lan] = await db
    .insert(members)
    .values({
      branchId: b2!.id,
      regionId: regionOfBranch(b2!.id),
      fullName: "Đỗ Thị Lan",
      email: "lan.dl@example.vn",
      role: "secretary",
    })
    .returning();
  await db
    .insert(members)
    .values({
      branchId: b2!.id,
      regionId: regionOfBranch(b2!.id),
      fullName: "Vũ Văn Nam",
      email: "nam.dl@example.vn",
    })
    .returning();
  await createUser(db, {
    email: "toan.canbo@example.vn",
    password: PASSWORD,
    displayName: "Phan Văn Toàn",
    role: "officer",
    committeeId: d.committeeId,
  } as Parameters<typeof createUser>[1]);
  // Another committee's campaign, officer and secretary: none of these deadlines is theirs.
  const other = await seed(db, { tag: "khac", date: "2026-01-20" });
  await createUser(db, {
    email: "canbo.khac@example.vn",
    password: PASSWORD,
    displayName: "Cán bộ khác",
    role: "officer",
    committeeId: other.committeeId,
  } as Parameters<typeof createUser>[1]);
  const [half] = await db
    .insert(deadlines)
    .values({ campaignId: d.campaignId, day: 30, month: 6, year: null, audience: "branch", title: HALF })
    .returning();
  const [annual] = await db
    .insert(deadlines)
    .values({ campaignId: d.campaignId, day: 15, month: 7, year: 2026, audience: "committee", title: ANNUAL })
    .returning();
  const deadlineRows = async (refId: string) =>
    (
      await db
        .select()
        .from(reminders)
        .where(and(eq(reminders.kind, "deadline_notice"), eq(reminders.refId, refId)))
    )
      .map((r) => [r.toEmail, r.refDate, r.slot, r.dueAt.toISOString(), r.state])
      .sort();

  it("in 2026: secretaries of both branches on 16/6 and 27/6, the officer on 1/7 and 12/7, at 07:00, each once", async () => {
    await walk("2026-06-10", "2026-07-16");
    expect(arrivals.map((m) => [m.at, m.to, m.kind, m.subject]).sort()).toEqual(
      [
        [
          "16/06/2026 07:00",
          d.secretary.email,
          "deadline_notice",
          `[Hạn báo cáo] ${HALF} – hạn 30/06/2026 (còn 14 ngày)`,
        ],
        [
          "16/06/2026 07:00",
          lan!.email,
          "deadline_notice",
          `[Hạn báo cáo] ${HALF} – hạn 30/06/2026 (còn 14 ngày)`,
        ],
        [
          "27/06/2026 07:00",
          d.secretary.email,
          "deadline_notice",
          `[Hạn báo cáo] ${HALF} – hạn 30/06/2026 (còn 3 ngày)`,
        ],
        [
          "27/06/2026 07:00",
          lan!.email,
          "deadline_notice",
          `[Hạn báo cáo] ${HALF} – hạn 30/06/2026 (còn 3 ngày)`,
        ],
        [
          "01/07/2026 07:00",
          "toan.canbo@example.vn",
          "deadline_notice",
          `[Hạn báo cáo] ${ANNUAL} – hạn 15/07/2026 (còn 14 ngày)`,
        ],
        [
          "12/07/2026 07:00",
          "toan.canbo@example.vn",
          "deadline_notice",
          `[Hạn báo cáo] ${ANNUAL} – hạn 15/07/2026 (còn 3 ngày)`,
        ],
      ].sort(),
    );
    const toLan = arrivals.find((m) => m.to === lan!.email)!;
    expect(toLan.text).toContain("Kính gửi đồng chí Đỗ Thị Lan,");
    expect(toLan.text).toContain(
      `Hạn báo cáo \u201c${HALF}\u201d là ngày Thứ Ba, 30/06/2026, còn 14 ngày. Đề nghị đồng chí chuẩn bị và gửi báo cáo đúng hạn.`,
    );
    expect(toLan.html).toContain("học tập &amp; làm theo");
    const toOfficer = arrivals.filter((m) => m.to === "toan.canbo@example.vn");
    expect(toOfficer[0]!.text).toContain("Kính gửi đồng chí Phan Văn Toàn,");
    expect(toOfficer[1]!.text).toContain(
      `Hạn báo cáo \u201c${ANNUAL}\u201d là ngày Thứ Tư, 15/07/2026, còn 3 ngày.`,
    );
    expect(await deadlineRows(half!.id)).toEqual(
      [
        [d.secretary.email, "2026-06-30", "14d@07:00", "2026-06-16T00:00:00.000Z", "sent"],
        [d.secretary.email, "2026-06-30", "3d@07:00", "2026-06-27T00:00:00.000Z", "sent"],
        [lan!.email, "2026-06-30", "14d@07:00", "2026-06-16T00:00:00.000Z", "sent"],
        [lan!.email, "2026-06-30", "3d@07:00", "2026-06-27T00:00:00.000Z", "sent"],
      ].sort(),
    );
    expect(await deadlineRows(annual!.id)).toEqual(
      [
        ["toan.canbo@example.vn", "2026-07-15", "14d@07:00", "2026-07-01T00:00:00.000Z", "sent"],
        ["toan.canbo@example.vn", "2026-07-15", "3d@07:00", "2026-07-12T00:00:00.000Z", "sent"],
      ].sort(),
    );
  });

  it("a deadline without a year comes again in 2027, the campaign's second year; a dated one does not; none after the campaign", async () => {
    const before = arrivals.length;
    await walk("2027-06-10", "2027-07-16");
    const y2027 = arrivals.slice(before);
    expect(y2027.map((m) => [m.at, m.to, m.subject]).sort()).toEqual(
      [
        ["16/06/2027 07:00", d.secretary.email, `[Hạn báo cáo] ${HALF} – hạn 30/06/2027 (còn 14 ngày)`],
        ["16/06/2027 07:00", lan!.email, `[Hạn báo cáo] ${HALF} – hạn 30/06/2027 (còn 14 ngày)`],
        ["27/06/2027 07:00", d.secretary.email, `[Hạn báo cáo] ${HALF} – hạn 30/06/2027 (còn 3 ngày)`],
        ["27/06/2027 07:00", lan!.email, `[Hạn báo cáo] ${HALF} – hạn 30/06/2027 (còn 3 ngày)`],
      ].sort(),
    );
    expect(y2027[0]!.text).toContain(`là ngày Thứ Tư, 30/06/2027, còn 14 ngày.`);
    // The campaign ended with 2027.
    const n = arrivals.length;
    await walk("2028-06-15", "2028-06-28");
    expect(arrivals.length).toBe(n);
    expect(sink.duplicates()).toEqual([]);
    const recipients = new Set(arrivals.map((m) => m.to));
    expect([...recipients].sort()).toEqual([d.secretary.email, lan!.email, "toan.canbo@example.vn"].sort());
  });
});

describe("a report deadline moved after its first notice", async () => {
  const h = await harness("2026-09-10T00:00:00Z");
  const { t, db, arrivals, walk, sink } = h;
  const QUARTER = "Báo cáo kết quả học tập chuyên đề quý III";
  const d = await seed(db, { tag: "mv", date: "2026-02-12" });
  const [q] = await db
    .insert(deadlines)
    .values({ campaignId: d.campaignId, day: 30, month: 9, year: 2026, audience: "branch", title: QUARTER })
    .returning();

  it("the notice of the old date is withdrawn, never sent; the new date gets its own 14- and 3-day notices", async () => {
    await walk("2026-09-10", "2026-09-19");
    expect(arrivals.map((m) => [m.at, m.to, m.subject])).toEqual([
      ["16/09/2026 07:00", d.secretary.email, `[Hạn báo cáo] ${QUARTER} – hạn 30/09/2026 (còn 14 ngày)`],
    ]);
    // 20/9: the committee moves the deadline to 15/10.
    t.clock.set("2026-09-20T03:00:00Z");
    const res = await t.app.inject({
      method: "PATCH",
      url: `/api/campaigns/${d.campaignId}/deadlines/${q!.id}`,
      headers: await t.login("admin@test.vn", "mat-khau-quan-tri"),
      payload: { day: 15, month: 10 },
    });
    expect(res.statusCode, res.body).toBe(200);
    await walk("2026-09-20", "2026-10-16");
    const later = arrivals.slice(1);
    expect(later.map((m) => [m.at, m.to, m.subject])).toEqual([
      ["01/10/2026 07:00", d.secretary.email, `[Hạn báo cáo] ${QUARTER} – hạn 15/10/2026 (còn 14 ngày)`],
      ["12/10/2026 07:00", d.secretary.email, `[Hạn báo cáo] ${QUARTER} – hạn 15/10/2026 (còn 3 ngày)`],
    ]);
    for (const m of later) expect(m.text).not.toContain("30/09/2026");
    const rows = await db
      .select()
      .from(reminders)
      .where(and(eq(reminders.kind, "deadline_notice"), eq(reminders.refId, q!.id)));
    expect(rows.map((r) => [r.refDate, r.slot, r.state]).sort()).toEqual([
      ["2026-09-30", "14d@07:00", "sent"],
      ["2026-09-30", "3d@07:00", "withdrawn"],
      ["2026-10-15", "14d@07:00", "sent"],
      ["2026-10-15", "3d@07:00", "sent"],
    ]);
    expect(sink.duplicates()).toEqual([]);
  });
});
