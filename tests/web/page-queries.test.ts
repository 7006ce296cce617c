/**
 * What a page costs the database: the meeting page decides reach once and sends its independent reads
 * together (src/minutes/meeting-page-service.ts, src/db/read-batch.ts), so a page is a fixed, small number
 * of round trips whatever the number of sections. Counted at the driver: a round trip is what pg writes
 * before the event loop turns (BEGIN/COMMIT included), and its statements are counted too, as are those
 * sent as named (prepared) statements: PostgreSQL parses and plans those once per connection.
 */
import { appendFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildTestApp } from "../helpers/app.ts";
import {
  allPresent,
  buildOrg,
  meetingIn,
  type Org,
  planCampaign,
  sessionCookie,
} from "../helpers/fixtures.ts";
import { countQueries, type QueryCounter } from "../helpers/query-counter.ts";

const t = await buildTestApp({ now: "2026-05-25T03:00:00Z" });
let org: Org;
let meetingId: string;

const sqlText = (q: unknown) =>
  String((q as { text?: string })?.text ?? q)
    .replace(/\s+/g, " ")
    .slice(0, 90);
let counter: QueryCounter;
beforeAll(async () => {
  org = await buildOrg(t);
  await planCampaign(t, org, "2026-05", "2026-05");
  meetingId = (await meetingIn(t, org.branchA, "2026-05")).id;
  counter = countQueries((q, roundTrip) => {
    if (process.env.LOG_SQL) appendFileSync(process.env.LOG_SQL, `${roundTrip} ${sqlText(q)}\n`);
  });
});
afterAll(() => {
  counter.restore();
});

const cookieOf = (email: string) => sessionCookie(t, email);

async function costOf(url: string, cookie: string) {
  await t.app.inject({ url, headers: { cookie } }); // warm: prepared plans, caches
  // What rendering the page costs: a page kept from the warm-up would cost the session's read alone
  // (tests/web/page-cache.test.ts).
  t.app.pageCache.flush();
  counter.reset();
  const res = await t.app.inject({ url, headers: { cookie } });
  expect(res.statusCode).toBe(200);
  const { roundTrips, statements, prepared } = counter;
  return { roundTrips, statements, prepared, html: res.body };
}

describe("database round trips per page", () => {
  // Session; the meeting with its reach and rules; then side by side the make-ups, the member's mark, the
  // absence notices and the minutes' state; then the secretary's sections (sheet, roster, flags, standings,
  // minutes, revisions, files, topics, mails not delivered, channel reach, rating settings and rating, the
  // branch's rule and holidays); then what those sections read after their first read (5). Was 22 round
  // trips, one per statement, on a transaction (issue 17). The statements themselves are bounded too.
  it("reads the secretary's meeting page, after the meeting, in at most 5 round trips", async () => {
    const cost = await costOf(`/cuoc-hop/${meetingId}`, await cookieOf("binh@to1.vn"));
    console.log(`meeting page (secretary): ${cost.roundTrips} round trips, ${cost.statements} statements`);
    expect(cost.roundTrips).toBeLessThanOrEqual(5);
    expect(cost.statements).toBeLessThanOrEqual(22);
    expect(cost.prepared).toBe(cost.statements);
  });

  // Once attendance is recorded the meeting is held: its rating's criteria read the roster and the record.
  it("reads a held meeting's page, with its rating's criteria, in at most 5 round trips", async () => {
    const secretary = await cookieOf("binh@to1.vn");
    await allPresent(t, meetingId, org.secretaryA);
    const cost = await costOf(`/cuoc-hop/${meetingId}`, secretary);
    console.log(
      `held meeting page (secretary): ${cost.roundTrips} round trips, ${cost.statements} statements`,
    );
    expect(cost.html).toContain("Điểm danh");
    expect(cost.roundTrips).toBeLessThanOrEqual(5);
    // 26 before the roster, its exemptions and temporary members were read once for the sheet and the
    // rating's criteria (read-batch.ts sends a read repeated in a page once).
    expect(cost.statements).toBeLessThanOrEqual(23);
    expect(cost.prepared).toBe(cost.statements);
  });

  it("reads a member's meeting page in at most 3 round trips", async () => {
    const cost = await costOf(`/cuoc-hop/${meetingId}`, await cookieOf("hoa@to1.vn"));
    console.log(`meeting page (member): ${cost.roundTrips} round trips, ${cost.statements} statements`);
    expect(cost.roundTrips).toBeLessThanOrEqual(3);
    expect(cost.prepared).toBe(cost.statements);
  });

  // The session, the member's record with their branch's zone, the year's meetings with their peaks (one
  // statement); each a named statement that PostgreSQL parses and plans once per connection
  // (src/db/prepared.ts): re-planning the meetings' read cost PostgreSQL more than running it.
  it("reads a member's home in at most 3 round trips, all of them prepared statements", async () => {
    const cost = await costOf("/", await cookieOf("hoa@to1.vn"));
    console.log(`home (member): ${cost.roundTrips} round trips, ${cost.statements} statements`);
    expect(cost.html).toContain("Đưa lịch sinh hoạt vào điện thoại");
    expect(cost.roundTrips).toBeLessThanOrEqual(3);
    expect(cost.prepared).toBe(cost.statements);
  });

  // The secretary's home reads its branch's plan twice (the next months, this year's quarters): prepared too.
  it("reads a secretary's home with prepared statements only", async () => {
    const cost = await costOf("/", await cookieOf("binh@to1.vn"));
    console.log(`home (secretary): ${cost.roundTrips} round trips, ${cost.statements} statements`);
    expect(cost.prepared).toBe(cost.statements);
  });
});
