/**
 * Pages answered again from an instance's memory (src/web/page-cache.ts): two app instances on one
 * database, as in production. A repeat view costs the session's read alone; what one instance (or any
 * writer) commits reaches the other's kept pages within the notification's delivery (polled in 5 ms steps
 * for at most 2 s); what an instance writes itself it reads back at once; time alone (a meeting starting,
 * the branch's midnight) changes a kept page without any write.
 */
import { gunzipSync } from "node:zlib";
import { and, eq, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { meetings } from "../../src/db/schema.ts";
import { buildTestApp, type TestApp } from "../helpers/app.ts";
import { buildOrg, type Org, planCampaign, sessionCookie } from "../helpers/fixtures.ts";
import { countQueries } from "../helpers/query-counter.ts";

const NOW = "2026-05-10T03:00:00Z";
const a = await buildTestApp({ now: NOW });
const b = await buildTestApp({ now: NOW, database: a.database });
const { db } = a.database;
let org: Org;
let meeting: { id: string; startAt: Date; endAt: Date };
let member: string;
let secretary: string;

beforeAll(async () => {
  org = await buildOrg(a);
  await planCampaign(a, org, "2026-05", "2026-12");
  const [m] = await db
    .select({ id: meetings.id, startAt: meetings.startAt, endAt: meetings.endAt })
    .from(meetings)
    .where(and(eq(meetings.branchId, org.branchA), eq(meetings.month, "2026-06-01")));
  meeting = m!;
  member = await sessionCookie(b, "hoa@to1.vn");
  secretary = await sessionCookie(b, "binh@to1.vn");
});

const setClocks = (at: Date | string) => {
  a.clock.set(at);
  b.clock.set(at);
};

/** A page as a browser asks for it (gzip), decoded, with the statements it cost. */
async function view(t: TestApp, url: string, cookie: string) {
  const counter = countQueries();
  try {
    const res = await t.app.inject({ url, headers: { cookie, "accept-encoding": "gzip" } });
    expect(res.statusCode).toBe(200);
    const body =
      res.headers["content-encoding"] === "gzip" ? gunzipSync(res.rawPayload).toString() : res.body;
    return { body, statements: counter.statements, headers: res.headers };
  } finally {
    counter.restore();
  }
}

/** Polls `check` every 5 ms until it holds; fails after 2 s. */
async function until(check: () => Promise<boolean>, what: string): Promise<void> {
  const deadline = Date.now() + 2000;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`not within 2 s: ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

const meetingUrl = () => `/cuoc-hop/${meeting.id}`;

describe("kept pages", () => {
  it("answers a repeat view of a home or a meeting page with the session's read alone, the same bytes", async () => {
    for (const [url, cookie] of [
      ["/", member],
      ["/", secretary],
      [meetingUrl(), member],
      [meetingUrl(), secretary],
    ] as const) {
      const first = await view(b, url, cookie);
      const again = await view(b, url, cookie);
      expect(first.statements, url).toBeGreaterThan(1);
      expect(again.statements, url).toBe(1);
      expect(again.body).toBe(first.body);
      expect(again.headers["cache-control"]).toBe("private, no-store");
      expect(again.headers.vary).toMatch(/accept-encoding/i);
      // Without gzip: the same page, uncompressed.
      const plain = await b.app.inject({ url, headers: { cookie } });
      expect(plain.headers["content-encoding"]).toBeUndefined();
      expect(plain.body).toBe(first.body);
    }
  });

  it("keeps each person's page apart: another member's home is not served from the first's", async () => {
    const mine = await view(b, "/", member);
    const theirs = await view(b, "/", secretary);
    expect(mine.body).toContain("Chào đồng chí");
    expect(theirs.body).not.toBe(mine.body);
    // Each page carries its own session's form token.
    const token = (html: string) => /name="_csrf" value="([^"]+)"/.exec(html)?.[1];
    expect(token(mine.body)).toBeTruthy();
    expect(token(theirs.body)).not.toBe(token(mine.body));
  });

  it("shows on the other instance what was committed elsewhere: a meeting's place, a member's name", async () => {
    await view(b, "/", member);
    await view(b, meetingUrl(), secretary);
    // Written straight to the database, as another instance or a worker would.
    await db.update(meetings).set({ place: "Hội trường Tổ dân phố số 7" }).where(eq(meetings.id, meeting.id));
    await until(
      async () => (await view(b, "/", member)).body.includes("Hội trường Tổ dân phố số 7"),
      "the home shows the new place",
    );
    await until(
      async () => (await view(b, meetingUrl(), secretary)).body.includes("Hội trường Tổ dân phố số 7"),
      "the meeting page shows the new place",
    );
    // Written by instance a's own route: b hears of it too.
    const res = await a.app.inject({
      method: "PATCH",
      url: `/api/meetings/${meeting.id}`,
      headers: org.secretaryA,
      payload: { place: "Nhà văn hóa khu phố" },
    });
    expect(res.statusCode).toBe(200);
    await until(
      async () => (await view(b, "/", member)).body.includes("Nhà văn hóa khu phố"),
      "the home shows the place set on the other instance",
    );
  });

  it("reads back at once what this instance just wrote (no wait for the notification)", async () => {
    // The secretary's page kept on the other instance, before the member's word of absence.
    const secretaryOnA = await sessionCookie(a, "binh@to1.vn");
    expect((await view(a, meetingUrl(), secretaryOnA)).body).not.toContain("Đi công tác Lào Cai");
    expect((await view(a, meetingUrl(), secretaryOnA)).statements).toBe(1);
    const before = await view(b, meetingUrl(), member);
    expect(before.body).toContain("Báo vắng</button>");
    const res = await b.app.inject({
      method: "POST",
      url: `/cuoc-hop/${meeting.id}/bao-vang`,
      headers: {
        cookie: member,
        origin: "https://chibo.test",
        "content-type": "application/x-www-form-urlencoded",
      },
      payload: `_csrf=${encodeURIComponent(/name="_csrf" value="([^"]+)"/.exec(before.body)![1]!)}&reason=${encodeURIComponent("Đi công tác Lào Cai")}`,
    });
    expect(res.statusCode).toBe(303);
    const after = await view(b, meetingUrl(), member);
    expect(after.body).toContain("Đi công tác Lào Cai");
    expect(after.body).toContain("Rút lại báo vắng");
    // The secretary's page on the other instance lists the word of absence once the notification is heard.
    await until(
      async () => (await view(a, meetingUrl(), secretaryOnA)).body.includes("Đi công tác Lào Cai"),
      "the secretary's page lists the absence",
    );
  });

  it("drops every kept page when the days off change, and member pages when a member's name changes", async () => {
    await view(b, "/", member);
    await view(b, meetingUrl(), secretary);
    expect(b.app.pageCache.size.entries).toBeGreaterThan(0);
    await db.execute(
      sql`insert into holiday_overrides (date, action, name) values ('2026-06-20', 'add', 'Nghỉ bù thử')`,
    );
    await until(async () => b.app.pageCache.size.entries === 0, "pages forgotten after a day off is added");
    await db.execute(sql`delete from holiday_overrides where date = '2026-06-20'`);
    await b.app.feedLive.settle();

    await view(b, meetingUrl(), secretary);
    expect((await view(b, meetingUrl(), secretary)).statements).toBe(1);
    await db.execute(sql`update members set phone = '0912345678' where id = ${org.memberA2}`);
    await until(
      async () => (await view(b, meetingUrl(), secretary)).statements > 1,
      "the meeting page rendered again after a member of its branch changed",
    );
    // An exemption from meetings (a row naming the member): the member's branch's pages.
    expect((await view(b, meetingUrl(), secretary)).statements).toBe(1);
    await db.execute(
      sql`insert into member_exemptions (region_id, member_id, reason, from_date, decision_ref, created_at, updated_at)
          select region_id, id, 'Tuổi cao, sức yếu', '2026-05-01', 'Quyết định số 12-QĐ/ĐU', now(), now()
            from members where id = ${org.memberA2}`,
    );
    await until(
      async () => (await view(b, meetingUrl(), secretary)).statements > 1,
      "the meeting page rendered again after a member of its branch was exempted",
    );
  });

  it("changes with time alone: word of absence closes when the meeting starts", async () => {
    setClocks(new Date(meeting.startAt.getTime() - 60_000));
    // Signed in again: a session of a month ago has ended.
    member = await sessionCookie(b, "hoa@to1.vn");
    const before = await view(b, meetingUrl(), member);
    expect(before.body).toContain("Rút lại báo vắng");
    expect((await view(b, meetingUrl(), member)).statements).toBe(1);
    setClocks(new Date(meeting.startAt.getTime() + 60_000));
    const after = await view(b, meetingUrl(), member);
    expect(after.statements).toBeGreaterThan(1);
    expect(after.body).not.toContain("Rút lại báo vắng");
    setClocks(NOW);
  });

  it("changes with time alone: the home's countdown at the branch's midnight (Asia/Ho_Chi_Minh)", async () => {
    // 16:59:59 UTC is 23:59:59 in Hà Nội; a second later it is the next day there.
    setClocks("2026-05-20T16:59:59Z");
    const late = await view(b, "/", member);
    expect((await view(b, "/", member)).statements).toBe(1);
    setClocks("2026-05-20T17:00:00Z");
    const next = await view(b, "/", member);
    expect(next.statements).toBeGreaterThan(1);
    const countdown = (html: string) => /class="countdown">([^<]+)</.exec(html)?.[1];
    expect(countdown(next.body)).toBeTruthy();
    expect(countdown(next.body)).not.toBe(countdown(late.body));
    setClocks(NOW);
  });
});
