/**
 * Bad input never answers 500 and never writes half: a NUL byte in any text (PostgreSQL refuses 0x00)
 * and huge or infinite numbers in query strings are refused with 400 naming the field, in one shared
 * place; every numeric input of the API declares its bounds.
 */
import { describe, expect, it } from "vitest";
import { inputProblem } from "../../src/http/input-guard.ts";
import { buildTestApp } from "../helpers/app.ts";
import { buildOrg } from "../helpers/fixtures.ts";

const t = await buildTestApp();
const org = await buildOrg(t);
const { app, admin } = t;

function expectField(
  res: {
    statusCode: number;
    headers: Record<string, unknown>;
    json(): { code: string; errors: { field: string; reason: string }[] };
  },
  field: string,
) {
  expect(res.statusCode).toBe(400);
  expect(String(res.headers["content-type"])).toMatch(/^application\/problem\+json/);
  const body = res.json();
  expect(body.code).toBe("invalid_input");
  expect(body.errors.map((e) => e.field)).toContain(field);
}

describe("a NUL byte in a text field", () => {
  it("is refused with the field named, and nothing is written", async () => {
    const res = await app.inject({
      method: "POST",
      url: "/api/committees",
      headers: admin,
      payload: { name: "Đảng ủy\u0000phường" },
    });
    expectField(res, "body.name");
    expect(res.json().errors[0].reason).toMatch(/NUL/);
    const list = await app.inject({ url: "/api/committees", headers: admin });
    expect(list.json().some((c: { name: string }) => c.name.startsWith("Đảng ủy\u0000"))).toBe(false);
  });

  it("is refused deep in a body, in a key and in the query string", async () => {
    const rule = {
      day: { kind: "day_of_month", day: 3 },
      startTime: "14:00",
      durationMinutes: 120,
      shift: "next",
    };
    const branch = await app.inject({
      method: "PATCH",
      url: `/api/branches/${org.branchA}`,
      headers: admin,
      payload: { place: "Nhà\u0000văn hóa", meetingRule: rule },
    });
    expectField(branch, "body.place");
    const member = await app.inject({
      method: "POST",
      url: `/api/branches/${org.branchA}/members`,
      headers: admin,
      payload: { fullName: "Nguyễn Văn A", email: "a@x.vn", "bad\u0000key": 1 },
    });
    expect(member.statusCode).toBe(400);
    const query = await app.inject({ url: "/api/audit?entity=meeting%00", headers: admin });
    expect(query.statusCode).toBe(400);
  });
});

describe("huge or infinite numbers in a query string", () => {
  const cases = [
    ["/api/audit?limit=1e309", "querystring.limit"],
    ["/api/audit?limit=Infinity", "querystring.limit"],
    ["/api/audit?limit=-1e309", "querystring.limit"],
    ["/api/audit?before=1e309", "querystring.before"],
    ["/api/audit?before=99999999999999999999", "querystring.before"],
    ["/api/outbox?limit=1e309", "querystring.limit"],
    [`/api/reports/branches/${org.branchA}?year=1e309`, "querystring.year"],
    [`/api/reports/branches/${org.branchA}?year=Infinity`, "querystring.year"],
    [`/api/branches/${org.branchA}/flags?year=1e309`, "querystring.year"],
    ["/api/holidays?year=-Infinity", "querystring.year"],
  ] as const;
  it.each(cases)("%s → 400 naming %s", async (url, field) => {
    expectField(await app.inject({ url, headers: admin }), field);
  });

  it("a string that is a huge number is refused in a JSON body too", async () => {
    const res = await app.inject({
      method: "PATCH",
      url: `/api/branches/${org.branchA}`,
      headers: admin,
      payload: {
        meetingRule: { day: { kind: "day_of_month", day: "1e309" }, startTime: "14:00", durationMinutes: 90 },
      },
    });
    expect(res.statusCode).toBe(400);
  });
});

describe("found by the fuzzing", () => {
  it("a path parameter longer than the router allows is a problem document, not echoed", async () => {
    const res = await app.inject({
      url: `/api/meetings/${org.branchA}/files/${"x".repeat(500)}`,
      headers: admin,
    });
    expect(res.statusCode).toBe(414);
    expect(res.headers["content-type"]).toMatch(/^application\/problem\+json/);
    expect(res.json().code).toBe("uri_too_long");
    expect(res.body).not.toContain("xxxxxxxx");
  });

  it("the health check answers a signed-in caller too", async () => {
    const res = await app.inject({ url: "/healthz", headers: admin });
    expect(res.statusCode).toBe(200);
  });
});

describe("every numeric input declares its bounds", () => {
  type S = Record<string, unknown>;
  function unbounded(schema: unknown, path: string, out: string[]) {
    if (!schema || typeof schema !== "object") return;
    const s = schema as S;
    if ((s.type === "integer" || s.type === "number") && s.const === undefined && s.enum === undefined) {
      const hasMin = s.minimum !== undefined || s.exclusiveMinimum !== undefined;
      const hasMax = s.maximum !== undefined || s.exclusiveMaximum !== undefined;
      if (!hasMin || !hasMax) out.push(path);
    }
    for (const [k, v] of Object.entries(s)) {
      if (Array.isArray(v)) {
        for (const [i, x] of v.entries()) unbounded(x, `${path}.${k}[${i}]`, out);
      } else if (v && typeof v === "object") unbounded(v, `${path}.${k}`, out);
    }
  }

  it("in the OpenAPI document: parameters and request bodies", () => {
    const doc = app.swagger() as unknown as { paths: Record<string, Record<string, S>> };
    const out: string[] = [];
    for (const [path, ops] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(ops)) {
        unbounded(op.parameters, `${method.toUpperCase()} ${path} parameters`, out);
        unbounded(op.requestBody, `${method.toUpperCase()} ${path} body`, out);
      }
    }
    expect(out).toEqual([]);
  });
});

describe("the input walk", () => {
  it("names the first bad field and survives deep nesting", () => {
    expect(inputProblem({ a: [{ b: "x\u0000" }] }, "body")?.field).toBe("body.a.0.b");
    expect(inputProblem({ n: Number.POSITIVE_INFINITY }, "querystring")?.field).toBe("querystring.n");
    let deep: unknown = "ok";
    for (let i = 0; i < 200_000; i++) deep = [deep];
    expect(inputProblem(deep, "body")).toBeNull();
  });
});
