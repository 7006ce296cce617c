/**
 * The API explains itself: the caller's own feed and next meeting without looking up their member id,
 * a re-planning answer that says what its counts mean, the 5-year limit of plan ranges and the upload's
 * multipart body in the OpenAPI document that /docs shows.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { buildTestApp } from "../helpers/app.ts";
import { buildOrg, insertCampaign, type Org } from "../helpers/fixtures.ts";

const t = await buildTestApp({ now: "2026-01-01T00:00:00Z" });
const { app, admin, clock } = t;
let org: Org;
let campaignId: string;

beforeAll(async () => {
  org = await buildOrg(t);
  campaignId = (
    await insertCampaign(t.database.db, org.wardId, { firstMonth: "2026-01", lastMonth: "2026-12" })
  ).id;
});

describe("re-planning says what its counts mean", () => {
  it("answers with the counts and their meaning in words", async () => {
    const first = await app.inject({
      method: "POST",
      url: `/api/campaigns/${campaignId}/plan`,
      headers: admin,
    });
    expect(first.json()).toMatchObject({ branches: 2, months: 12, created: 24, updated: 0, untouched: 0 });
    expect(first.json().explanation).toContain("tạo mới 24 buổi");
    const again = await app.inject({
      method: "POST",
      url: `/api/campaigns/${campaignId}/plan`,
      headers: admin,
    });
    expect(again.json()).toMatchObject({ created: 0, updated: 0, untouched: 24 });
    expect(again.json().explanation).toContain("giữ nguyên 24 buổi (đã đúng kế hoạch hoặc được bảo vệ)");
    expect(again.json().explanation).toMatch(/buổi được bảo vệ: bí thư đã sửa, đã họp, đã hủy hoặc đã qua/);
  });
});

describe("the caller's own", () => {
  it("POST /api/feeds {kind: member} without memberId is the caller's own member feed", async () => {
    const res = await app.inject({
      method: "POST",
      url: "/api/feeds",
      headers: org.memberALogin,
      payload: { kind: "member" },
    });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({ kind: "member", memberId: org.memberA2 });
    const ics = await app.inject({ url: new URL(res.json().httpsUrl).pathname });
    expect(ics.statusCode).toBe(200);
    expect(ics.body).toContain("BEGIN:VCALENDAR");
    // An account with no member record must say which member.
    const none = await app.inject({
      method: "POST",
      url: "/api/feeds",
      headers: admin,
      payload: { kind: "member" },
    });
    expect(none.statusCode).toBe(400);
    expect(none.json().errors[0]).toMatchObject({ field: "body.memberId" });
  });

  it("GET /api/me/next-meeting: the first meeting not over yet, in the branch's zone; 204 when none", async () => {
    const next = async (headers = org.memberALogin) => app.inject({ url: "/api/me/next-meeting", headers });
    // 01:00 on 2/1 in Viet Nam (still 1/1 in UTC): today's 14:00 meeting.
    clock.set("2026-01-01T18:00:00Z");
    let res = await next();
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({
      date: "2026-01-02",
      start: "2026-01-02T14:00:00.000+07:00",
      status: "planned",
    });
    // During the meeting it is still the next one; once over, February's.
    clock.set("2026-01-02T08:00:00Z");
    expect((await next()).json().date).toBe("2026-01-02");
    clock.set("2026-01-02T09:30:00Z");
    res = await next();
    expect(res.json().date).toBe("2026-02-02");
    // A cancelled meeting is not the next one.
    const cancel = await app.inject({
      method: "POST",
      url: `/api/meetings/${res.json().id}/cancel`,
      headers: org.secretaryA,
      payload: { reason: "Trùng lịch họp của phường" },
    });
    expect(cancel.statusCode).toBe(200);
    expect((await next()).json().month).toBe("2026-03");
    // The secretary has a member record too; an administrator has none.
    expect((await next(org.secretaryA)).json().month).toBe("2026-03");
    const admin404 = await next(admin);
    expect(admin404.statusCode).toBe(404);
    expect(admin404.json().detail).toContain("không gắn với đảng viên");
    // After the campaign: nothing planned.
    clock.set("2027-03-01T00:00:00Z");
    const empty = await next(await t.login("hoa@to1.vn", "mat-khau-dai-du"));
    expect(empty.statusCode).toBe(204);
    expect(empty.body).toBe("");
  });
});

describe("the OpenAPI document", () => {
  const docs = async () => (await app.inject({ url: "/docs/json" })).json();

  it("shows the upload's multipart body with a binary file field (a file picker)", async () => {
    const op = (await docs()).paths["/api/meetings/{id}/files"].post;
    const media = op.requestBody.content["multipart/form-data"];
    expect(media).toBeDefined();
    const file = media.schema.properties.file;
    expect(file.type).toBe("array");
    expect(file.items).toMatchObject({ type: "string", format: "binary" });
    expect(media.schema.required).toEqual(["file"]);
  });

  it("states the 5-year limit of plan ranges, and the meaning of the re-planning counts", async () => {
    const d = await docs();
    for (const path of ["/api/branches/{id}/plan", "/api/members/{id}/plan", "/api/committees/{id}/plan"]) {
      const to = d.paths[path].get.parameters.find((p: { name: string; in: string }) => p.name === "to");
      expect(to.description ?? to.schema.description).toMatch(/không quá 5 năm sau from/);
    }
    const result =
      d.paths["/api/campaigns/{id}/plan"].post.responses["200"].content["application/json"].schema;
    for (const k of ["created", "updated", "untouched", "protected", "explanation"])
      expect(result.properties[k].description, k).toMatch(/\p{L}{3}/u);
    expect(d.paths["/api/me/next-meeting"].get.responses).toHaveProperty("204");
  });

  it("refuses a range over 5 years, naming querystring.to", async () => {
    // The clock ran past the session's lifetime: log in afresh.
    const admin = await t.login("admin@test.vn", "mat-khau-quan-tri");
    const res = await app.inject({
      url: `/api/branches/${org.branchA}/plan?from=2026-01-01&to=2031-01-02`,
      headers: admin,
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().errors[0]).toMatchObject({
      field: "querystring.to",
      reason: expect.stringContaining("5 năm"),
    });
    const ok = await app.inject({
      url: `/api/branches/${org.branchA}/plan?from=2026-01-01&to=2031-01-01`,
      headers: admin,
    });
    expect(ok.statusCode).toBe(200);
  });
});
