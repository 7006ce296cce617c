/**
 * What a page costs the database: the meeting page decides reach once and reads everything on one
 * transaction (src/minutes/meeting-page-service.ts), so a secretary's page after the meeting is a fixed,
 * small number of statements. Counted at the driver (every statement pg sends, BEGIN/COMMIT included).
 */
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildTestApp } from "../helpers/app.ts";
import { buildOrg, meetingIn, type Org, planCampaign, sessionCookie } from "../helpers/fixtures.ts";

const t = await buildTestApp({ now: "2026-05-25T03:00:00Z" });
let org: Org;
let meetingId: string;

let statements = 0;
const query = pg.Client.prototype.query;
beforeAll(async () => {
  org = await buildOrg(t);
  await planCampaign(t, org, "2026-05", "2026-05");
  meetingId = (await meetingIn(t, org.branchA, "2026-05")).id;
  pg.Client.prototype.query = function (this: pg.Client, ...args: unknown[]) {
    statements++;
    return (query as (...a: unknown[]) => unknown).apply(this, args);
  } as typeof query;
});
afterAll(() => {
  pg.Client.prototype.query = query;
});

const cookieOf = (email: string) => sessionCookie(t, email);

async function statementsOf(url: string, cookie: string) {
  await t.app.inject({ url, headers: { cookie } }); // warm: prepared plans, caches
  statements = 0;
  const res = await t.app.inject({ url, headers: { cookie } });
  expect(res.statusCode).toBe(200);
  return statements;
}

describe("statements per page", () => {
  // Session, begin, the meeting with its reach and rules, its records (with peaks and make-ups), the member's
  // mark, the members' absence notices, the branch's rule, the minutes' state, the attendance sheet, roster
  // and flags, files, topics, mails not delivered, commit (15); since issues 20 and 21 also the roster's
  // exemptions and temporary members, the committee's rating settings, the rating, the meeting's record for
  // the criteria, and which channel reached each member (22). Folding these into fewer is issue 17's next step.
  it("reads the secretary's meeting page, after the meeting, in at most 22 statements", async () => {
    const n = await statementsOf(`/cuoc-hop/${meetingId}`, await cookieOf("binh@to1.vn"));
    console.log(`meeting page (secretary): ${n} statements`);
    expect(n).toBeLessThanOrEqual(22);
  });

  // The session (prepared), the member's record with their branch's zone, the year's meetings with their
  // peaks (one statement).
  it("reads a member's home in at most 3 statements", async () => {
    const n = await statementsOf("/", await cookieOf("hoa@to1.vn"));
    console.log(`home (member): ${n} statements`);
    expect(n).toBeLessThanOrEqual(3);
  });
});
