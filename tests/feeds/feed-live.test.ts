/**
 * Feeds answered from memory, kept true across instances by LISTEN/NOTIFY: two app instances on one
 * database; what one changes, the other answers at once (within the notification's delivery, polled in
 * 5 ms steps for at most 2 s); an unchanged feed costs no query; a dropped listening connection means
 * answers from the database until it is back.
 */
import { sql } from "drizzle-orm";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { meetings } from "../../src/db/schema.ts";
import type { App } from "../../src/http/types.ts";
import { buildTestApp } from "../helpers/app.ts";
import { seedFeeds } from "./fixtures.ts";

const a = await buildTestApp({ now: "2026-05-01T00:00:00Z" });
const b = await buildTestApp({ now: "2026-05-01T00:00:00Z", database: a.database });
const { database } = a;
const f = await seedFeeds(database.db, "live");

type Headers = { authorization: string };
let sec: Headers;
let mem: Headers;
let mem2: Headers;
let officer: Headers;

beforeAll(async () => {
  sec = await a.login(f.users.secretary.email, f.users.secretary.password);
  mem = await a.login(f.users.member.email, f.users.member.password);
  mem2 = await a.login(f.users.member2.email, f.users.member2.password);
  officer = await a.login(f.users.officer.email, f.users.officer.password);
});

afterEach(() => vi.restoreAllMocks());

async function subscribe(headers: Headers, body: Record<string, string>) {
  const res = await a.app.inject({ method: "POST", url: "/api/feeds", headers, payload: body });
  expect(res.statusCode).toBe(201);
  const json = res.json() as { id: string; httpsUrl: string };
  return { id: json.id, path: new URL(json.httpsUrl).pathname };
}

function get(app: App, url: string, headers: Record<string, string> = {}, method: "GET" | "HEAD" = "GET") {
  return app.inject({ method, url, headers });
}

/** Polls `check` every 5 ms until it holds; fails after 2 s. */
async function until(check: () => Promise<boolean> | boolean, what: string): Promise<void> {
  const deadline = Date.now() + 2000;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`not within 2 s: ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

async function meetingOf(branchId: string, month: string) {
  const [m] = await database.db
    .select()
    .from(meetings)
    .where(sql`${meetings.branchId} = ${branchId} and ${meetings.month} = ${`${month}-01`}`);
  return m!;
}

/** Counts the queries sent through the shared pool (both instances use it; the listeners do not). */
function countQueries() {
  return vi.spyOn(database.pool, "query");
}

describe("two instances on one database", () => {
  it("a revoked link answers 404 on the other instance at once", async () => {
    const sub = await subscribe(mem, { kind: "member", memberId: f.memberA.id });
    expect((await get(b.app, sub.path)).statusCode).toBe(200);
    expect((await get(b.app, sub.path)).statusCode).toBe(200);
    const del = await a.app.inject({ method: "DELETE", url: `/api/feeds/${sub.id}`, headers: mem });
    expect(del.statusCode).toBe(204);
    await until(async () => (await get(b.app, sub.path)).statusCode === 404, "revoked link 404 on B");
  });

  it("a rotated link: the old one answers 404 on the other instance, the new one works", async () => {
    const sub = await subscribe(mem, { kind: "branch", branchId: f.branchA.id });
    expect((await get(b.app, sub.path)).statusCode).toBe(200);
    const rotated = await a.app.inject({ method: "POST", url: `/api/feeds/${sub.id}/rotate`, headers: mem });
    expect(rotated.statusCode).toBe(200);
    await until(async () => (await get(b.app, sub.path)).statusCode === 404, "old link 404 on B");
    expect((await get(b.app, new URL(rotated.json().httpsUrl).pathname)).statusCode).toBe(200);
  });

  it("a moved meeting reaches the branch and committee feeds on the other instance", async () => {
    const branch = await subscribe(sec, { kind: "branch", branchId: f.branchA.id });
    const committee = await subscribe(officer, { kind: "committee", committeeId: f.ward.id });
    const before = { branch: await get(b.app, branch.path), committee: await get(b.app, committee.path) };
    const m = await meetingOf(f.branchA.id, "2026-10");
    const moved = await a.app.inject({
      method: "PATCH",
      url: `/api/meetings/${m.id}`,
      headers: sec,
      payload: { place: "Hội trường Khu phố Sông Lô" },
    });
    expect(moved.statusCode).toBe(200);
    for (const [name, path] of [
      ["branch", branch.path],
      ["committee", committee.path],
    ] as const) {
      const etag = String(before[name].headers.etag);
      await until(async () => {
        const res = await get(b.app, path, { "if-none-match": etag });
        return res.statusCode === 200 && res.body.includes("Hội trường Khu phố Sông Lô");
      }, `${name} feed on B shows the new place`);
    }
  });

  it("a removed peak date leaves the feed on the other instance", async () => {
    const sub = await subscribe(mem, { kind: "branch", branchId: f.branchA.id });
    const before = await get(b.app, sub.path);
    expect(before.body).toContain("Ngày thành lập Đảng bộ phường");
    const del = await a.app.inject({
      method: "DELETE",
      url: `/api/campaigns/${f.campaign.id}/peak-dates/${f.peaks.ward.id}`,
      headers: a.admin,
    });
    expect(del.statusCode).toBe(204);
    await until(
      async () => !(await get(b.app, sub.path)).body.includes("Ngày thành lập Đảng bộ phường"),
      "peak date gone on B",
    );
  });

  it("a member who leaves loses their feeds on the other instance at once", async () => {
    const memberFeed = await subscribe(mem2, { kind: "member", memberId: f.memberA2.id });
    const branchFeed = await subscribe(mem2, { kind: "branch", branchId: f.branchA.id });
    expect((await get(b.app, memberFeed.path)).statusCode).toBe(200);
    expect((await get(b.app, branchFeed.path)).statusCode).toBe(200);
    const left = await a.app.inject({
      method: "POST",
      url: `/api/members/${f.memberA2.id}/leave`,
      headers: sec,
      payload: { leftOn: "2026-05-01" },
    });
    expect(left.statusCode).toBe(200);
    await until(async () => (await get(b.app, memberFeed.path)).statusCode === 404, "member feed 404 on B");
    expect((await get(b.app, branchFeed.path)).statusCode).toBe(404);
  });

  it("the instance that took a write answers from it on the very next request", async () => {
    const sub = await subscribe(sec, { kind: "branch", branchId: f.branchA.id });
    const before = await get(a.app, sub.path);
    const m = await meetingOf(f.branchA.id, "2026-11");
    const moved = await a.app.inject({
      method: "PATCH",
      url: `/api/meetings/${m.id}`,
      headers: sec,
      payload: { place: "Nhà văn hóa Tổ 6" },
    });
    expect(moved.statusCode).toBe(200);
    const after = await get(a.app, sub.path, { "if-none-match": String(before.headers.etag) });
    expect(after.statusCode).toBe(200);
    expect(after.body).toContain("Nhà văn hóa Tổ 6");
  });
});

describe("an unchanged feed", () => {
  it("is answered (200, 304, HEAD, If-Modified-Since, a revoked link) without any query", async () => {
    const sub = await subscribe(sec, { kind: "branch", branchId: f.branchA.id });
    const committee = await subscribe(officer, { kind: "committee", committeeId: f.ward.id });
    const revoked = await subscribe(mem, { kind: "member", memberId: f.memberA.id });
    await a.app.inject({ method: "DELETE", url: `/api/feeds/${revoked.id}`, headers: mem });
    await b.app.feedLive.settle();
    const first = await get(b.app, sub.path);
    await get(b.app, committee.path);
    expect((await get(b.app, revoked.path)).statusCode).toBe(404);

    const queries = countQueries();
    const full = await get(b.app, sub.path);
    expect(full.statusCode).toBe(200);
    expect(full.body).toBe(first.body);
    const etag = String(first.headers.etag);
    const notModified = await get(b.app, sub.path, { "if-none-match": etag });
    expect(notModified.statusCode).toBe(304);
    expect(notModified.headers.etag).toBe(etag);
    const since = await get(b.app, sub.path, { "if-modified-since": String(first.headers["last-modified"]) });
    expect(since.statusCode).toBe(304);
    const head = await get(b.app, sub.path, {}, "HEAD");
    expect(head.statusCode).toBe(200);
    expect(head.headers.etag).toBe(etag);
    expect((await get(b.app, committee.path)).statusCode).toBe(200);
    expect((await get(b.app, revoked.path)).statusCode).toBe(404);
    expect(queries).not.toHaveBeenCalled();
  });
});

describe("a dropped listening connection", () => {
  it("serves from the database while it is down, then resumes the cache after reconnecting", async () => {
    const sub = await subscribe(sec, { kind: "branch", branchId: f.branchA.id });
    const live = b.app.feedLive;
    await live.settle();
    await get(b.app, sub.path);
    expect(live.tokens.size.entries).toBeGreaterThan(0);
    const pid = live.listener.pid!;
    expect(pid).toBeGreaterThan(0);
    const drops = live.listener.drops;

    await database.pool.query("select pg_terminate_backend($1)", [pid]);
    await until(() => live.listener.pid !== pid, "B notices the dropped connection");
    expect(live.listener.drops).toBe(drops + 1);
    // Down (the first reconnect waits 100 ms, so this holds unless the machine stalled the test that
    // long): nothing is read from memory, every answer asks the database.
    if (live.listener.pid === null) {
      expect(live.trusted).toBe(false);
      expect(live.tokens.size.entries).toBe(0);
      const queries = countQueries();
      expect((await get(b.app, sub.path)).statusCode).toBe(200);
      expect(queries).toHaveBeenCalled();
      queries.mockRestore();
    }
    // A change made while B may not be listening is still seen by B.
    const m = await meetingOf(f.branchA.id, "2026-12");
    const moved = await a.app.inject({
      method: "PATCH",
      url: `/api/meetings/${m.id}`,
      headers: sec,
      payload: { place: "Trụ sở Tổ dân phố 5 mới" },
    });
    expect(moved.statusCode).toBe(200);
    await until(
      async () => (await get(b.app, sub.path)).body.includes("Trụ sở Tổ dân phố 5 mới"),
      "B shows the change",
    );

    await until(() => live.listener.pid !== null && live.trusted, "B listens again");
    expect(live.listener.pid).not.toBe(pid);
    await get(b.app, sub.path);
    const queries = countQueries();
    expect((await get(b.app, sub.path)).statusCode).toBe(200);
    expect(queries).not.toHaveBeenCalled();
    queries.mockRestore();

    // And it hears changes again.
    const revoked = await a.app.inject({ method: "DELETE", url: `/api/feeds/${sub.id}`, headers: sec });
    expect(revoked.statusCode).toBe(204);
    await until(async () => (await get(b.app, sub.path)).statusCode === 404, "revoked link 404 on B");
  });
});

describe("the notifying triggers", () => {
  it("cover every table a feed's version is made of, truncation included", async () => {
    const { rows } = await database.pool.query<{ table: string; truncate: boolean }>(
      `select c.relname as table, bool_or(t.tgname like '%\\_truncate') as truncate
       from pg_trigger t join pg_class c on c.oid = t.tgrelid
       where t.tgname like 'chibo\\_feeds\\_%' group by c.relname order by c.relname`,
    );
    expect(rows).toEqual(
      [
        "branches",
        "campaign_events",
        "campaigns",
        "committees",
        "deadlines",
        "feed_tokens",
        "meetings",
        "members",
        "peak_dates",
        "topics",
        "users",
      ].map((table) => ({ table, truncate: true })),
    );
  });
});
