/**
 * A kept page (src/web/page-cache.ts) is only as true as the notifications that drop it: every table a kept
 * page reads must tell the instances, at commit, when a row is added, changed or removed
 * (migrations/0006_feed_notify.sql, 0023_page-notify.sql). The pages are rendered here as each kind of
 * reader sees them (member, secretary; a meeting before and after it is held), the tables their
 * statements read are collected, and PostgreSQL's catalogue is asked for the triggers on each. A new read
 * of a table without one fails here, not as a stale page in production.
 */
import { sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { buildTestApp } from "../helpers/app.ts";
import { allPresent, plannedOrg, sessionCookie } from "../helpers/fixtures.ts";
import { countQueries } from "../helpers/query-counter.ts";

const t = await buildTestApp({ now: "2026-05-25T03:00:00Z" });
const { org, meetingId } = await plannedOrg(t, "2026-05", "2026-12", "2026-05");

/** Changes that need no notification, and why. */
const EXEMPT: Record<string, { events: string[]; why: string }> = {
  sessions: {
    events: ["INSERT", "UPDATE", "DELETE", "TRUNCATE"],
    why: "the caller's session is read on every request",
  },
  users: { events: ["INSERT"], why: "a new user is on no page until rows name them" },
  mail_keys: { events: ["INSERT"], why: "a key is made once, before any link is signed with it" },
  campaigns: { events: ["INSERT"], why: "a new campaign is on no page until meetings refer to it" },
  committees: { events: ["INSERT"], why: "a new committee is above no branch until one is added to it" },
};

const read = new Set<string>();

async function render(url: string, cookie: string) {
  t.app.pageCache.flush();
  const texts: string[] = [];
  const counter = countQueries((q) => texts.push(String((q as { text?: string })?.text ?? q)));
  try {
    const res = await t.app.inject({ url, headers: { cookie } });
    expect(res.statusCode, url).toBe(200);
  } finally {
    counter.restore();
  }
  for (const s of texts) for (const m of s.matchAll(/\b(?:from|join)\s+"?([a-z_]+)"?/gi)) read.add(m[1]!);
  // Rendered now, the page was kept: it is one of the pages this test is about.
  expect(t.app.pageCache.size.entries, url).toBe(1);
}

beforeAll(async () => {
  const member = await sessionCookie(t, "hoa@to1.vn");
  const secretary = await sessionCookie(t, "binh@to1.vn");
  const meeting = `/cuoc-hop/${meetingId}`;
  for (const cookie of [member, secretary]) {
    await render("/", cookie);
    await render(meeting, cookie);
  }
  // Held (attendance recorded): the sheet, the roster, the rating's criteria.
  await allPresent(t, meetingId, org.secretaryA);
  await render(meeting, secretary);
  await render(meeting, member);
});

describe("kept pages and the notifications that drop them", () => {
  it("reads only tables that notify every change (or a change that needs none, with its reason)", async () => {
    const tables = (
      await t.database.db.execute<{ relname: string }>(
        sql`select relname from pg_class where relkind in ('r', 'p') and relnamespace = 'public'::regnamespace`,
      )
    ).rows.map((r) => r.relname);
    const pageTables = [...read].filter((x) => tables.includes(x)).sort();
    // The pages read at least these (a sanity check of the collection itself).
    expect(pageTables).toEqual(expect.arrayContaining(["meetings", "members", "attendance", "minutes"]));
    const triggers = (
      await t.database.db.execute<{ relname: string; tgtype: number }>(
        sql`select c.relname, t.tgtype from pg_trigger t join pg_class c on c.oid = t.tgrelid
             where not t.tgisinternal and (t.tgname like 'chibo_feeds_%' or t.tgname like 'chibo_pages_%')`,
      )
    ).rows;
    const EVENTS = { INSERT: 4, DELETE: 8, UPDATE: 16, TRUNCATE: 32 } as const;
    const missing: string[] = [];
    for (const table of pageTables) {
      for (const [event, bit] of Object.entries(EVENTS)) {
        const covered = triggers.some((x) => x.relname === table && (x.tgtype & bit) !== 0);
        if (!covered && !EXEMPT[table]?.events.includes(event)) missing.push(`${table} ${event}`);
      }
    }
    console.log(`tables read by kept pages: ${pageTables.join(", ")}`);
    expect(missing).toEqual([]);
  });
});
