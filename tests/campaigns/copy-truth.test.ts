/**
 * A copied campaign publishes no old words (issue 19): the seed campaign (2023–2025) copied to 12/2026–
 * 11/2027 carries no event outside its months, and no event whose text names another year or anniversary
 * than its date's reaches a feed before an officer confirms it. Feeds read with ical.js and node-ical.
 */
import ICAL from "ical.js";
import nodeIcal from "node-ical";
import { describe, expect, it } from "vitest";
import { loadSeedCampaign } from "../../src/campaigns/seed-loader.ts";
import { meetings } from "../../src/db/schema.ts";
import { buildTestApp } from "../helpers/app.ts";
import { regionOfBranch } from "../helpers/region.ts";

const t = await buildTestApp({ now: "2026-11-20T00:00:00Z" });
const { app, admin, database } = t;
const { campaignId: templateId } = await loadSeedCampaign(database.db, t.clock.now());

// biome-ignore lint/suspicious/noExplicitAny: JSON answers are read loosely in tests
async function ok<T = any>(method: "GET" | "POST" | "PATCH", url: string, payload?: object): Promise<T> {
  const res = await app.inject({ method, url, headers: admin, ...(payload ? { payload } : {}) });
  if (res.statusCode >= 300) throw new Error(`${method} ${url}: ${res.statusCode} ${res.body}`);
  return res.json();
}

interface FeedEvent {
  uid: string;
  date: string;
  text: string;
}
function campaignEvents(ics: string): FeedEvent[] {
  const out = new ICAL.Component(ICAL.parse(ics))
    .getAllSubcomponents("vevent")
    .filter((e) => String(e.getFirstPropertyValue("uid")).startsWith("event-"))
    .map((e) => ({
      uid: String(e.getFirstPropertyValue("uid")),
      date: (e.getFirstPropertyValue("dtstart") as ICAL.Time).toString(),
      text: `${e.getFirstPropertyValue("summary")}\n${e.getFirstPropertyValue("description")}`,
    }));
  // The second parser sees the same events.
  const other = Object.values(nodeIcal.sync.parseICS(ics))
    .filter((c): c is nodeIcal.VEvent => c?.type === "VEVENT" && String(c.uid).startsWith("event-"))
    .map((c) => c.uid)
    .sort();
  expect(other).toEqual(out.map((e) => e.uid).sort());
  return out;
}
/** The years a text names, leaving out the base year of an anniversary "(19/5/1890 - 19/5/2026)". */
function yearsNamed(text: string): number[] {
  const rest = text.replace(/\(\d{1,2}\/\d{1,2}\/\d{4}\s*-\s*\d{1,2}\/\d{1,2}\/(\d{4})\)/g, "$1");
  return [...rest.matchAll(/(?<!\d)(?:19|20)\d{2}(?!\d)/g)].map((m) => Number(m[0]));
}

describe("copying the seed campaign to 12/2026–11/2027", () => {
  it("publishes no event outside its months and no words of another year; the officer confirms the rest", async () => {
    const committee = await ok("POST", "/api/committees", { name: "Đảng ủy xã Phương Thiện" });
    const branch = await ok("POST", `/api/committees/${committee.id}/branches`, {
      name: "Chi bộ thôn Hạ Thành",
    });
    const copy = await ok("POST", `/api/campaigns/${templateId}/copy`, {
      committeeId: committee.id,
      firstMonth: "2026-12",
      lastMonth: "2027-11",
    });
    const detail = await ok("GET", `/api/campaigns/${copy.id}`);
    const events = detail.events as { id: string; date: string; title: string; confirmed: boolean }[];
    for (const e of events) {
      expect(e.date >= "2026-12-01" && e.date <= "2027-11-30").toBe(true);
    }
    expect(events.some((e) => e.title.includes("2023 - 2025"))).toBe(false);
    const waiting = events.filter((e) => !e.confirmed);
    expect(waiting.length).toBeGreaterThan(0);

    // A meeting of the copy puts its events into the branch's feed.
    await database.db.insert(meetings).values({
      branchId: branch.id,
      regionId: regionOfBranch(branch.id),
      campaignId: copy.id,
      month: "2027-01-01",
      date: "2027-01-15",
      startAt: new Date("2027-01-15T07:00:00Z"),
      endAt: new Date("2027-01-15T09:00:00Z"),
    });
    const sub = await ok("POST", "/api/feeds", { kind: "branch", branchId: branch.id });
    const path = new URL(sub.httpsUrl).pathname;
    const feed = campaignEvents((await app.inject({ url: path })).body);
    for (const e of feed) {
      expect(e.date >= "2026-12-01" && e.date <= "2027-11-30").toBe(true);
      for (const y of yearsNamed(e.text)) expect(y).toBe(Number(e.date.slice(0, 4)));
    }
    for (const w of waiting) expect(feed.map((e) => e.uid)).not.toContain(`event-${w.id}@chibo`);

    // The officer corrects and confirms one: it reaches the feed.
    const first = waiting[0]!;
    await ok("PATCH", `/api/campaigns/${copy.id}/events/${first.id}`, {
      description: "Hội nghị cấp xã.",
      confirmed: true,
    });
    const after = campaignEvents((await app.inject({ url: path })).body);
    expect(after.map((e) => e.uid)).toContain(`event-${first.id}@chibo`);
  });
});
