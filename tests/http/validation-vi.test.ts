/**
 * Validation errors a person can act on: Vietnamese, one per field, naming the field and the allowed
 * values, with the failed rule and the allowed values for programs. Several routes, several rules.
 */
import { describe, expect, it } from "vitest";
import { validationProblems } from "../../src/http/validation-messages.ts";
import { buildTestApp } from "../helpers/app.ts";
import { buildOrg, insertCampaign } from "../helpers/fixtures.ts";

const t = await buildTestApp({ now: "2026-01-01T00:00:00Z" });
const org = await buildOrg(t);
const campaign = await insertCampaign(t.database.db, org.wardId, {
  firstMonth: "2026-01",
  lastMonth: "2026-12",
});
const { app, admin } = t;
await app.inject({ method: "POST", url: `/api/campaigns/${campaign.id}/plan`, headers: admin });
const meetings = (
  await app.inject({ url: `/api/branches/${org.branchA}/plan?from=2026-01-01&to=2026-12-31`, headers: admin })
).json() as { id: string }[];

interface Answer {
  code: string;
  detail: string;
  errors: { field: string; reason: string; rule: string; allowed?: unknown[] }[];
}

async function refused(method: "GET" | "POST" | "PATCH", url: string, payload?: object, headers = admin) {
  const res = await app.inject({ method, url, payload, headers });
  expect(res.statusCode, res.body).toBe(400);
  const body = res.json() as Answer;
  expect(body.code).toBe("invalid_input");
  // No English left from the validator.
  expect(body.detail).not.toMatch(/\bmust\b|\bshould\b|constant/);
  for (const e of body.errors) expect(e.reason).not.toMatch(/\bmust\b|\bshould\b/);
  return body;
}

describe("validation errors in Vietnamese", () => {
  it("a union of literals: one problem naming every allowed value (POST /api/feeds)", async () => {
    const body = await refused("POST", "/api/feeds", { kind: "chi-bo" }, org.memberALogin);
    expect(body.errors).toEqual([
      {
        field: "body.kind",
        reason: 'phải là một trong: "branch", "member", "committee"',
        rule: "enum",
        allowed: ["branch", "member", "committee"],
      },
    ]);
    expect(body.detail).toBe('body.kind: phải là một trong: "branch", "member", "committee"');
  });

  it("a missing field and an unknown one (POST /api/committees)", async () => {
    const body = await refused("POST", "/api/committees", { ten: "Đảng ủy" });
    expect(body.errors).toContainEqual({
      field: "body.name",
      reason: "bắt buộc nhưng chưa có",
      rule: "required",
    });
    expect(body.errors).toContainEqual(
      expect.objectContaining({
        field: "body.ten",
        rule: "additionalProperties",
        reason: expect.stringContaining("không được phép"),
      }),
    );
  });

  it("length, pattern, bounds (a secretary's changes to a meeting)", async () => {
    const id = meetings[5]!.id;
    const short = await refused("POST", `/api/meetings/${id}/cancel`, { reason: "ab" }, org.secretaryA);
    expect(short.errors).toEqual([
      { field: "body.reason", reason: "phải có ít nhất 3 ký tự", rule: "minLength" },
    ]);
    const bad = await refused(
      "PATCH",
      `/api/meetings/${id}`,
      { startTime: "25:00", durationMinutes: 5 },
      org.secretaryA,
    );
    expect(bad.errors).toContainEqual(
      expect.objectContaining({
        field: "body.startTime",
        rule: "pattern",
        reason: expect.stringMatching(/^không đúng định dạng/),
      }),
    );
    expect(bad.errors).toContainEqual({
      field: "body.durationMinutes",
      reason: "phải lớn hơn hoặc bằng 15",
      rule: "minimum",
    });
  });

  it("formats and types (query strings and params)", async () => {
    const date = await refused("GET", `/api/branches/${org.branchA}/plan?from=15/05/2026`);
    expect(date.errors).toEqual([
      { field: "querystring.from", reason: "phải là ngày dạng yyyy-MM-dd (vd. 2026-05-15)", rule: "format" },
    ]);
    const id = await refused("GET", "/api/meetings/khong-phai-uuid");
    expect(id.errors[0]).toMatchObject({
      field: "params.id",
      rule: "format",
      reason: "phải là mã định danh UUID",
    });
    const type = await refused("POST", "/api/committees", { name: { vi: "Đảng ủy" } });
    expect(type.errors).toContainEqual({ field: "body.name", reason: "phải là chuỗi ký tự", rule: "type" });
  });

  it("a nullable field: both choices named in one problem", () => {
    const problems = validationProblems("body", [
      {
        keyword: "format",
        instancePath: "/onlineUrl",
        schemaPath: "#/properties/onlineUrl/anyOf/0/format",
        params: { format: "uri" },
      },
      {
        keyword: "type",
        instancePath: "/onlineUrl",
        schemaPath: "#/properties/onlineUrl/anyOf/1/type",
        params: { type: "null" },
      },
      {
        keyword: "anyOf",
        instancePath: "/onlineUrl",
        schemaPath: "#/properties/onlineUrl/anyOf",
        params: {},
      },
    ]);
    expect(problems).toEqual([
      {
        field: "body.onlineUrl",
        reason: "phải là đường dẫn URL đầy đủ (vd. https://…), hoặc phải là null",
        rule: "anyOf",
      },
    ]);
  });

  it("a union of objects: the problems of the branch the value was meant for", () => {
    const problems = validationProblems("body", [
      {
        keyword: "required",
        instancePath: "/day",
        schemaPath: "#/properties/day/anyOf/0/required",
        params: { missingProperty: "day" },
      },
      {
        keyword: "const",
        instancePath: "/day/kind",
        schemaPath: "#/properties/day/anyOf/1/properties/kind/const",
        params: { allowedValue: "weekday" },
      },
      { keyword: "anyOf", instancePath: "/day", schemaPath: "#/properties/day/anyOf", params: {} },
    ]);
    expect(problems).toEqual([{ field: "body.day.day", reason: "bắt buộc nhưng chưa có", rule: "required" }]);
  });
});
