import { beforeAll, describe, expect, it } from "vitest";
import { buildTestApp } from "../helpers/app.ts";
import { buildOrg, insertCampaign, type Org } from "../helpers/fixtures.ts";

const t = await buildTestApp({ now: "2026-04-01T00:00:00Z" });
let org: Org;
let meetingId: string;

beforeAll(async () => {
  org = await buildOrg(t);
  const c = await insertCampaign(t.database.db, org.wardId, { firstMonth: "2026-05", lastMonth: "2026-05" });
  await t.app.inject({ method: "POST", url: `/api/campaigns/${c.id}/plan`, headers: t.admin });
  const plan = await t.app.inject({
    url: `/api/branches/${org.branchA}/plan?from=2026-05-01&to=2026-05-31`,
    headers: t.admin,
  });
  meetingId = plan.json()[0].id;
});

const cookieOf = async (email: string) => {
  const res = await t.app.inject({
    method: "POST",
    url: "/api/auth/login",
    payload: { email, password: "mat-khau-dai-du" },
  });
  const c = res.cookies.find((x) => x.name === "chibo_session")!;
  return `${c.name}=${c.value}`;
};

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
    const peak = "Kỷ niệm 136 năm Ngày sinh Chủ tịch Hồ Chí Minh (19/5/1890 - 19/5/2026)";
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
