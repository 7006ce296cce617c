import { beforeAll, describe, expect, it } from "vitest";
import { buildTestApp } from "../helpers/app.ts";
import { buildOrg, meetingIn, type Org, planCampaign, sessionCookie } from "../helpers/fixtures.ts";

const t = await buildTestApp({ now: "2026-04-01T00:00:00Z" });
let org: Org;
let meetingId: string;

beforeAll(async () => {
  org = await buildOrg(t);
  await planCampaign(t, org, "2026-05", "2026-05");
  meetingId = (await meetingIn(t, org.branchA, "2026-05")).id;
});

const cookieOf = (email: string) => sessionCookie(t, email);

describe("the meeting page that calendars and emails link to", () => {
  it("keeps the old address working: /meetings/:id moves permanently to /cuoc-hop/:id", async () => {
    const res = await t.app.inject({ url: `/meetings/${meetingId}` });
    expect(res.statusCode).toBe(301);
    expect(res.headers.location).toBe(`/cuoc-hop/${meetingId}`);
  });

  it("asks a visitor to log in and come back, without showing the meeting", async () => {
    const res = await t.app.inject({ url: `/cuoc-hop/${meetingId}` });
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe(`/?next=${encodeURIComponent(`/cuoc-hop/${meetingId}`)}`);
    expect(res.body).not.toContain("Chi bộ Tổ 1");
  });

  it("shows a member of the branch the meeting in Vietnamese, with the peak it marks once", async () => {
    const res = await t.app.inject({
      url: `/cuoc-hop/${meetingId}`,
      headers: { cookie: await cookieOf("hoa@to1.vn") },
    });
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain("Sinh hoạt chi bộ tháng 5/2026");
    const peak = "Kỷ niệm 136 năm Ngày sinh Chủ tịch Hồ Chí Minh (19/05/1890 - 19/05/2026)";
    expect(res.body.split(peak)).toHaveLength(2);
    expect(res.body).toContain("Nhà văn hóa tổ 1");
    // The topic title keeps its Vietnamese quotation marks.
    expect(res.body).toContain("“Không có vùng cấm”");
    // A member gets no secretary's form.
    expect(res.body).not.toContain("/doi-lich");
    expect(res.body).not.toContain("Hủy buổi sinh hoạt");
  });

  it("is not found for someone of another branch", async () => {
    const res = await t.app.inject({
      url: `/cuoc-hop/${meetingId}`,
      headers: { cookie: await cookieOf("bt.to2@to2.vn") },
    });
    expect(res.statusCode).toBe(404);
    expect(res.body).not.toContain("Sinh hoạt chi bộ tháng 5/2026");
  });
});

/** A form post as the browser sends it: url-encoded, with the session cookie and the app's own Origin. */
const postForm = async (url: string, cookie: string, fields: Record<string, string>) =>
  t.app.inject({
    method: "POST",
    url,
    headers: { cookie, origin: "https://chibo.test", "content-type": "application/x-www-form-urlencoded" },
    payload: new URLSearchParams(fields).toString(),
  });

describe("the secretary's forms on the meeting page", () => {
  it("cancels, adds a make-up meeting, and says why a put-back is refused, next to the form", async () => {
    const cookie = await cookieOf("binh@to1.vn");
    const page = await t.app.inject({ url: `/cuoc-hop/${meetingId}`, headers: { cookie } });
    expect(page.body).toContain(`action="/cuoc-hop/${meetingId}/doi-lich"`);
    expect(page.body).toContain("Điểm danh, biên bản và tệp đính kèm mở từ ngày họp.");

    const short = await postForm(`/cuoc-hop/${meetingId}/huy`, cookie, { reason: "" });
    expect(short.statusCode).toBe(400);
    expect(short.body).toContain('id="f-cancel-reason-error"');

    const cancelled = await postForm(`/cuoc-hop/${meetingId}/huy`, cookie, {
      reason: "Mưa lũ, đường vào thôn bị sạt.",
    });
    expect(cancelled.statusCode).toBe(303);
    expect(cancelled.headers.location).toBe(`/cuoc-hop/${meetingId}?xong=cancel`);
    const after = await t.app.inject({ url: `/cuoc-hop/${meetingId}?xong=cancel`, headers: { cookie } });
    expect(after.body).toContain("Đã hủy buổi sinh hoạt.");
    // A reason that ends its sentence is not given a second full stop.
    expect(after.body).toContain("Buổi sinh hoạt đã bị hủy: Mưa lũ, đường vào thôn bị sạt.");
    expect(after.body).not.toContain("sạt..");
    expect(after.body).toContain("Khôi phục buổi sinh hoạt");
    expect(after.body).toContain("Thêm buổi họp bù");

    // A make-up in June needs a reason; the refusal keeps the date typed.
    const bare = await postForm(`/cuoc-hop/${meetingId}/hop-bu`, cookie, {
      date: "2026-06-03",
      startTime: "08:00",
    });
    expect(bare.statusCode).toBe(400);
    expect(bare.body).toContain('id="f-makeup-reason-error"');
    expect(bare.body).toContain('value="2026-06-03"');
    // The box above the form says it in words, without the API's field name ("body.reason:").
    expect(bare.body).not.toMatch(/body\.\w+:/);
    expect(bare.body).toContain(
      "Ngày họp bù không thuộc tháng 5/2026: cần ghi lý do họp bù sang tháng khác.",
    );
    const made = await postForm(`/cuoc-hop/${meetingId}/hop-bu`, cookie, {
      date: "2026-05-20",
      startTime: "08:00",
      place: "",
      reason: "",
    });
    expect(made.statusCode).toBe(303);
    const makeupPath = made.headers.location!.split("?")[0]!;
    expect(makeupPath).toMatch(/^\/cuoc-hop\/[0-9a-f-]{36}$/);
    const makeup = await t.app.inject({ url: makeupPath, headers: { cookie: await cookieOf("hoa@to1.vn") } });
    expect(makeup.statusCode).toBe(200);
    expect(makeup.body).toContain("Họp bù: sinh hoạt chi bộ tháng 5/2026");
    expect(makeup.body).toContain("Thứ Tư, 20/05/2026, 08h00");

    const back = await postForm(`/cuoc-hop/${meetingId}/khoi-phuc`, cookie, {});
    expect(back.statusCode).toBe(409);
    expect(back.body).toContain("đã có buổi họp bù");
  });

  it("warns a branch that keeps its day when its meeting lands on a weekend", async () => {
    const admin = t.admin;
    await t.app.inject({
      method: "PATCH",
      url: `/api/branches/${org.branchB}`,
      headers: admin,
      payload: {
        meetingRule: {
          day: { kind: "day_of_month", day: 9 },
          startTime: "19:30",
          durationMinutes: 90,
          shift: "keep",
        },
      },
    });
    const plan = await t.app.inject({
      url: `/api/branches/${org.branchB}/plan?from=2026-05-01&to=2026-05-31`,
      headers: admin,
    });
    const id = plan.json()[0].id;
    const cookie = await cookieOf("bt.to2@to2.vn");
    // A Sunday is asked about first (409, the form again); the confirm button sends the date back.
    const asked = await postForm(`/cuoc-hop/${id}/doi-lich`, cookie, {
      date: "2026-05-10",
      startTime: "19:30",
    });
    expect(asked.statusCode).toBe(409);
    expect(asked.body).toContain("Chủ nhật, 10/05/2026 là ngày nghỉ cuối tuần");
    const moved = await postForm(`/cuoc-hop/${id}/doi-lich`, cookie, {
      date: "2026-05-10",
      startTime: "19:30",
      confirmDayOff: "2026-05-10",
    });
    expect(moved.statusCode).toBe(303);
    const page = await t.app.inject({ url: `/cuoc-hop/${id}`, headers: { cookie } });
    expect(page.body).toContain("Chủ nhật, 10/05/2026 là ngày nghỉ cuối tuần");
  });

  it("refuses the forms to a member, and answers not found for another branch's secretary", async () => {
    const member = await postForm(`/cuoc-hop/${meetingId}/hop-bu`, await cookieOf("hoa@to1.vn"), {
      date: "2026-05-21",
    });
    expect(member.statusCode).toBe(403);
    const other = await postForm(`/cuoc-hop/${meetingId}/huy`, await cookieOf("bt.to2@to2.vn"), {
      reason: "Thử hủy hộ",
    });
    expect(other.statusCode).toBe(404);
  });
});
