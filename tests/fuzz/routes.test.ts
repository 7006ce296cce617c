/**
 * Bad input for every route of the OpenAPI document, generated with fast-check from the route's own
 * schemas and then broken: wrong types, huge and infinite numbers, NUL bytes, very long and odd unicode
 * strings, extra and missing fields, junk path parameters. Sent with an administrator's token (the
 * deepest reach) and without one. Never a 5xx; every 4xx is problem+json.
 *
 * Seeded: FUZZ_SEED=<n> reproduces a run, FUZZ_RUNS=<n> sets the runs per route (default 25).
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { buildTestApp } from "../helpers/app.ts";
import { buildOrg, insertCampaign } from "../helpers/fixtures.ts";

const SEED = Number(process.env.FUZZ_SEED ?? 20261129);
const RUNS = Number(process.env.FUZZ_RUNS ?? 25);

type Schema = Record<string, unknown> & {
  type?: string | string[];
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema;
  anyOf?: Schema[];
  oneOf?: Schema[];
  enum?: unknown[];
};
interface Parameter {
  in: "path" | "query" | "header" | "cookie";
  name: string;
  required?: boolean;
  schema: Schema;
}
interface Operation {
  parameters?: Parameter[];
  requestBody?: { content: Record<string, { schema: Schema }> };
}

const t = await buildTestApp();
const org = await buildOrg(t);
const campaign = await insertCampaign(t.database.db, org.wardId, {
  firstMonth: "2026-05",
  lastMonth: "2026-12",
  topicCount: 4,
});
await t.app.inject({ method: "POST", url: `/api/campaigns/${campaign.id}/plan`, headers: t.admin });

// Real ids, so that generated requests also reach past the "not found" of a random uuid.
const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g;
const ids = new Set<string>([org.branchA, org.memberA, org.wardId, campaign.id]);
for (const url of [
  "/api/campaigns",
  `/api/campaigns/${campaign.id}`,
  `/api/branches/${org.branchA}/plan?from=2026-05-01&to=2026-12-31`,
  `/api/branches/${org.branchA}/members`,
]) {
  const res = await t.app.inject({ url, headers: t.admin });
  for (const id of res.body.match(UUID) ?? []) ids.add(id);
}
const realIds = [...ids];

// ---- values: well-formed from the schema, or broken on purpose -------------------------------------
const junk: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(
    null,
    true,
    0,
    -1,
    -0,
    1.5,
    Number.MAX_SAFE_INTEGER + 2,
    -Number.MAX_SAFE_INTEGER - 2,
    1e308,
    "1e309",
    "-1e309",
    "Infinity",
    "NaN",
    "99999999999999999999",
    "",
    " ",
    "\u0000",
    "a\u0000b",
    "\u202Eexe.jpg",
    "=1+1",
    "2026-02-30",
    "0000-00-00",
    "9999-12-31",
    "25:99",
    "00000000-0000-0000-0000-000000000000",
    "../../etc/passwd",
    "' or 1=1 --",
    "%00",
    "\ud800",
    "𝔘𝔫𝔦𝔠𝔬𝔡𝔢 🇻🇳 Tiếng Việt",
    [],
    {},
    [null],
    { __proto__: { x: 1 } },
  ),
  fc.string({ unit: "grapheme", maxLength: 40 }),
  fc.string({ unit: "binary", maxLength: 40 }),
  fc.nat(20).map((n) => "ắ".repeat(2_000 + n * 500)),
  fc.double(),
  fc.integer(),
  fc.bigInt({ min: -(2n ** 70n), max: 2n ** 70n }).map((n) => Number(n)),
  fc.array(fc.string({ maxLength: 5 }), { maxLength: 4 }),
  fc.dictionary(fc.string({ maxLength: 8 }), fc.string({ maxLength: 8 }), { maxKeys: 3 }),
);

function types(schema: Schema): string[] {
  if (Array.isArray(schema.type)) return schema.type;
  return schema.type ? [schema.type] : [];
}

function wellFormed(schema: Schema, depth = 0): fc.Arbitrary<unknown> {
  const alts = schema.anyOf ?? schema.oneOf;
  if (alts?.length) return fc.oneof(...alts.map((s) => value(s, depth + 1)));
  if (schema.enum?.length) return fc.constantFrom(...schema.enum);
  if (schema.const !== undefined) return fc.constant(schema.const);
  const type = types(schema).find((x) => x !== "null") ?? "object";
  const nullable = schema.nullable === true || types(schema).includes("null");
  const base = ((): fc.Arbitrary<unknown> => {
    switch (type) {
      case "string": {
        const min = Number(schema.minLength ?? 0);
        const max = Math.min(Number(schema.maxLength ?? 60), 60);
        if (schema.format === "uuid") return fc.oneof(fc.constantFrom(...realIds), fc.uuid());
        if (schema.format === "date")
          return fc
            .date({ min: new Date("1990-01-01"), max: new Date("2110-12-31"), noInvalidDate: true })
            .map((d) => d.toISOString().slice(0, 10));
        if (schema.format === "email") return fc.emailAddress();
        if (schema.format === "uri") return fc.webUrl();
        if (typeof schema.pattern === "string") {
          try {
            return fc.stringMatching(new RegExp(schema.pattern)).filter((s) => s.length <= 200);
          } catch {
            // A pattern fast-check cannot read: plain strings then.
          }
        }
        return fc.string({ unit: "grapheme", minLength: min, maxLength: Math.max(min, max) });
      }
      case "integer":
        return fc.integer({
          min: Math.max(Number(schema.minimum ?? -1e6), -1e9),
          max: Math.min(Number(schema.maximum ?? 1e6), 1e9),
        });
      case "number":
        return fc.double({
          min: Number(schema.minimum ?? schema.exclusiveMinimum ?? -1e6),
          max: Number(schema.maximum ?? 1e6),
          noNaN: true,
        });
      case "boolean":
        return fc.boolean();
      case "array":
        return depth > 4
          ? fc.constant([])
          : fc.array(value(schema.items ?? {}, depth + 1), {
              maxLength: Number(schema.maxItems ?? 3) > 3 ? 3 : 4,
            });
      default:
        return depth > 4 ? fc.constant({}) : object(schema, depth + 1);
    }
  })();
  return nullable ? fc.option(base, { nil: null, freq: 5 }) : base;
}

/** An object from its properties: each present or not, each well-formed or broken, plus extra keys. */
function object(schema: Schema, depth: number): fc.Arbitrary<unknown> {
  const props = Object.entries(schema.properties ?? {});
  const required = new Set(schema.required ?? []);
  const fields = props.map(([key, s]) =>
    fc
      .record({ present: fc.nat(9).map((n) => (required.has(key) ? n > 0 : n > 4)), v: value(s, depth) })
      .map(({ present, v }) => (present ? [[key, v] as const] : [])),
  );
  const extra = fc.array(fc.tuple(fc.oneof(fc.string({ maxLength: 10 }), fc.constant("a\u0000b")), junk), {
    maxLength: 2,
  });
  return fc
    .tuple(
      fc.tuple(...fields),
      fc.oneof({ weight: 4, arbitrary: fc.constant([]) }, { weight: 1, arbitrary: extra }),
    )
    .map(([present, more]) => Object.fromEntries([...present.flat(), ...more]));
}

function value(schema: Schema, depth = 0): fc.Arbitrary<unknown> {
  return fc.oneof({ weight: 4, arbitrary: wellFormed(schema, depth) }, { weight: 1, arbitrary: junk });
}

function asQueryValue(v: unknown): string[] {
  if (v === undefined) return [];
  if (Array.isArray(v)) return v.flatMap(asQueryValue);
  if (v && typeof v === "object") return [JSON.stringify(v)];
  return [String(v)];
}

const pathValue = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...realIds) },
  { weight: 2, arbitrary: fc.uuid() },
  { weight: 2, arbitrary: junk.map((v) => (typeof v === "string" ? v : (JSON.stringify(v) ?? "x"))) },
);

// ---- the operations --------------------------------------------------------------------------------
const doc = t.app.swagger() as unknown as { paths: Record<string, Record<string, Operation>> };
const operations = Object.entries(doc.paths).flatMap(([path, ops]) =>
  Object.entries(ops).map(([method, op]) => ({ method: method.toUpperCase(), path, op })),
);

function request(op: Operation) {
  const params = op.parameters ?? [];
  const pathParams = params.filter((p) => p.in === "path");
  const queryParams = params.filter((p) => p.in === "query");
  const body = op.requestBody?.content["application/json"]?.schema;
  return fc.record({
    path: fc.tuple(...pathParams.map(() => pathValue)),
    query: fc.tuple(...queryParams.map((p) => fc.option(value(p.schema), { nil: undefined, freq: 3 }))),
    extraQuery: fc.option(fc.tuple(fc.string({ maxLength: 8 }), fc.string({ maxLength: 8 })), { freq: 4 }),
    body: body ? value(body) : fc.option(junk, { freq: 3 }),
    asAdmin: fc.nat(4).map((n) => n > 0),
  });
}

describe("fuzzing every route from its OpenAPI schemas", () => {
  it("covers the whole API", () => {
    expect(operations.length).toBeGreaterThan(70);
  });

  it.each(operations)("$method $path never answers 5xx", async ({ method, path, op }) => {
    const pathParams = (op.parameters ?? []).filter((p) => p.in === "path");
    const queryParams = (op.parameters ?? []).filter((p) => p.in === "query");
    // Logging out or changing the password would end the administrator's session for the other runs.
    const ownSession = /\/auth\/(logout|password)$/.test(path);
    await fc.assert(
      fc.asyncProperty(request(op), async (r) => {
        let url = path;
        pathParams.forEach((p, i) => {
          url = url.replace(`{${p.name}}`, encodeURIComponent(r.path[i]!));
        });
        const search = new URLSearchParams();
        queryParams.forEach((p, i) => {
          for (const v of asQueryValue(r.query[i])) search.append(p.name, v);
        });
        if (r.extraQuery) search.append(...r.extraQuery);
        const qs = search.toString();
        const headers: Record<string, string> = {};
        if (r.asAdmin)
          Object.assign(headers, ownSession ? await t.login("admin@test.vn", "mat-khau-quan-tri") : t.admin);
        const withBody = method !== "GET" && method !== "DELETE" && r.body !== undefined;
        const res = await t.app.inject({
          method: method as "GET",
          url: qs ? `${url}?${qs}` : url,
          headers: withBody ? { ...headers, "content-type": "application/json" } : headers,
          ...(withBody ? { payload: JSON.stringify(r.body) } : {}),
        });
        const what = `${method} ${`${url}${qs ? `?${qs}` : ""}`.slice(0, 300)} → ${res.statusCode} ${res.body.slice(0, 300)}`;
        expect(res.statusCode, what).toBeLessThan(500);
        // The API answers problem+json; a web page (meeting page, unsubscribe) may answer its own HTML page.
        const page = !/^\/(api|feeds)\//.test(path);
        const problem = page ? /^(application\/problem\+json|text\/html)/ : /^application\/problem\+json/;
        if (res.statusCode >= 400) expect(res.headers["content-type"], what).toMatch(problem);
      }),
      { seed: SEED, numRuns: RUNS, endOnFailure: true },
    );
  });
});
