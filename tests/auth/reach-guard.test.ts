/**
 * The policy module is the only place that decides reach, and a route that forgets to ask it cannot leak:
 * a signed-in caller's successful answer that took no reach decision is replaced by a 500.
 */
import type { FastifyInstance } from "fastify";
import { afterAll, describe, expect, it } from "vitest";
import { buildApp } from "../../src/app.ts";
import { requireBranch, requireSelf } from "../../src/auth/policy.ts";
import { requireUser } from "../../src/auth/principal.ts";
import { createUser } from "../../src/auth/users-service.ts";
import { ManualClock } from "../../src/clock.ts";
import { loadConfig } from "../../src/config.ts";
import { useTestDatabase } from "../helpers/db.ts";

const database = await useTestDatabase();
const config = loadConfig({
  PUBLIC_URL: "https://chibo.test",
  DATABASE_URL: database.url,
  LOGIN_RATE_LIMIT: "1000",
});
// Three routes of the kind a careless change could add to the API: one that forgets, one that asks, one
// about oneself; they are registered in the API's context, with its hooks, as the app's own routes are.
const probes = async (api: FastifyInstance) => {
  api.get("/api/probe/forgot", async (request) => {
    requireUser(request);
    return { secret: "dữ liệu của chi bộ khác" };
  });
  api.get("/api/probe/asked/:id", async (request) => {
    const p = requireUser(request);
    const b = await requireBranch(database.db, p, (request.params as { id: string }).id, "member");
    return { name: b.name };
  });
  api.get("/api/probe/self", { config: { reach: "self" } }, async (request) => ({
    email: requireSelf(requireUser(request)).email,
  }));
  api.get("/api/probe/public", async () => ({ ok: true }));
};
const app = await buildApp(
  { database, config, clock: new ManualClock(new Date("2026-05-01T00:00:00Z")) },
  { apiPlugins: [probes] },
);
// A route added outside the app's contexts runs none of their hooks: nobody is signed in there.
app.get("/outside/probe", async (request) => ({ email: requireUser(request).email }));
await app.ready();
afterAll(() => app.close());

await createUser(database.db, {
  email: "qt@test.vn",
  password: "mat-khau-quan-tri",
  displayName: "QT",
  role: "admin",
});
const login = await app.inject({
  method: "POST",
  url: "/api/auth/login",
  payload: { email: "qt@test.vn", password: "mat-khau-quan-tri" },
});
const headers = { authorization: `Bearer ${login.json().token}` };

describe("the reach guard", () => {
  it("refuses a signed-in success that took no reach decision, without sending its body", async () => {
    const res = await app.inject({ url: "/api/probe/forgot", headers });
    expect(res.statusCode).toBe(500);
    expect(res.headers["content-type"]).toContain("application/problem+json");
    expect(res.json().code).toBe("reach_unchecked");
    expect(res.body).not.toContain("chi bộ khác");
  });

  it("lets through an answer whose service asked the policy, and the policy's own 404", async () => {
    const res = await app.inject({ url: `/api/probe/asked/${crypto.randomUUID()}`, headers });
    expect(res.statusCode).toBe(404);
    expect(res.json().code).toBe("not_found");
  });

  it("lets through routes about the caller's own account, and anonymous routes", async () => {
    const self = await app.inject({ url: "/api/probe/self", headers });
    expect(self.statusCode).toBe(200);
    expect(self.json().email).toBe("qt@test.vn");
    const anon = await app.inject({ url: "/api/probe/public" });
    expect(anon.statusCode).toBe(200);
  });

  it("gives a route outside the app's contexts nobody signed in: a bearer token gets 401, never data", async () => {
    const res = await app.inject({ url: "/outside/probe", headers });
    expect(res.statusCode).toBe(401);
    expect(res.body).not.toContain("qt@test.vn");
  });
});
