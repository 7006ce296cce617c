import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { recordAudit } from "../../src/audit/audit.ts";
import { buildTestApp } from "../helpers/app.ts";
import { buildOrg, type Org } from "../helpers/fixtures.ts";

const t = await buildTestApp({ now: "2026-06-20T03:00:00Z" });
let org: Org;
const ids = { a: randomUUID(), other: randomUUID(), wide: randomUUID() };

beforeAll(async () => {
  org = await buildOrg(t);
  const entry = (entityId: string, branchId: string | null) => ({
    at: new Date("2026-06-20T03:00:00Z"),
    actorUserId: null,
    entity: "campaign" as const,
    entityId,
    branchId,
    action: "update",
  });
  await recordAudit(t.database.db, [
    entry(ids.a, org.branchA),
    entry(ids.other, org.branchOther),
    entry(ids.wide, null),
  ]);
});

async function trail(headers: { authorization: string }, query = "") {
  const res = await t.app.inject({ method: "GET", url: `/api/audit?entity=campaign${query}`, headers });
  expect(res.statusCode).toBe(200);
  return (res.json() as { entityId: string; branchId: string | null }[]).map((e) => e.entityId).sort();
}

describe("the audit trail without a branch", () => {
  it("gives an admin every entry, committee-wide ones included", async () => {
    expect(await trail(t.admin)).toEqual([ids.a, ids.other, ids.wide].sort());
  });

  it("gives an officer the entries of the branches below their committee only", async () => {
    expect(await trail(org.officerWard)).toEqual([ids.a]);
    expect(await trail(org.officerOther)).toEqual([ids.other]);
  });

  it("narrows to one branch when asked", async () => {
    expect(await trail(t.admin, `&branchId=${org.branchOther}`)).toEqual([ids.other]);
  });

  it("refuses secretaries and members", async () => {
    for (const headers of [org.secretaryA, org.memberALogin]) {
      const res = await t.app.inject({ method: "GET", url: "/api/audit", headers });
      expect(res.statusCode).toBe(403);
    }
  });
});
