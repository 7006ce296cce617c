import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { ensureSeedData } from "../../src/bootstrap.ts";
import { loadSeedCampaign, SEED_KEY } from "../../src/campaigns/seed-loader.ts";
import { ManualClock } from "../../src/clock.ts";
import { campaigns, deadlines, peakDates, topics } from "../../src/db/schema.ts";
import { useTestDatabase } from "../helpers/db.ts";

const database = await useTestDatabase();
const { db } = database;
const now = new Date("2026-05-01T00:00:00Z");

describe("the seed campaign is loaded on first start", () => {
  it("is inserted once even when two instances start at the same moment", async () => {
    const results = await Promise.all([loadSeedCampaign(db, now), loadSeedCampaign(db, now)]);
    expect(results.filter((r) => r.loaded)).toHaveLength(1);
    // A later start (through the bootstrap step the server calls) loads nothing again.
    expect(await ensureSeedData(db, new ManualClock(now))).toEqual({ seedCampaignLoaded: false });
    const rows = await db.select().from(campaigns).where(eq(campaigns.seedKey, SEED_KEY));
    expect(rows).toHaveLength(1);
    expect(rows[0]!.committeeId).toBeNull();
    expect(rows[0]!.id).toBe(results.find((r) => r.loaded)!.campaignId);
    // No duplicated children from the losing starter.
    const ts = await db.select().from(topics).where(eq(topics.campaignId, rows[0]!.id));
    expect(new Set(ts.map((t) => t.code)).size).toBe(ts.length);
  });

  it("carries at least 12 topics, in order, with page ranges over the book's three parts", async () => {
    const [c] = await db.select().from(campaigns).where(eq(campaigns.seedKey, SEED_KEY));
    const ts = await db.select().from(topics).where(eq(topics.campaignId, c!.id)).orderBy(topics.position);
    expect(ts.length).toBeGreaterThanOrEqual(12);
    expect(ts.map((t) => t.position)).toEqual(ts.map((_, i) => i + 1));
    expect(ts[0]!.code).toBe("GT");
    for (const part of [1, 2, 3]) {
      const inPart = ts.filter((t) => t.part === part);
      expect(inPart.length).toBeGreaterThanOrEqual(2);
      for (const t of inPart) {
        expect(t.pageStart).toBeGreaterThan(0);
        expect(t.pageEnd).toBeGreaterThanOrEqual(t.pageStart!);
      }
    }
    expect(Math.min(...ts.filter((t) => t.part === 1).map((t) => t.pageStart!))).toBe(11);
    expect(Math.max(...ts.filter((t) => t.part === 3).map((t) => t.pageEnd!))).toBe(619);
    expect(c!.bookTitle).toContain("Kiên quyết, kiên trì đấu tranh phòng, chống tham nhũng, tiêu cực");
    expect(c!.bookTitle).toBe(c!.bookTitle.normalize("NFC"));
    expect(ts.every((t) => t.prompts.length > 0 && t.summary.length > 0)).toBe(true);
    expect(c!.firstMonth).toBe("2023-06-01");
    expect(c!.lastMonth).toBe("2025-11-01");
  });

  it("has the five national peak dates and the yearly report deadlines of seed 001", async () => {
    const [c] = await db.select().from(campaigns).where(eq(campaigns.seedKey, SEED_KEY));
    const peaks = await db.select().from(peakDates).where(eq(peakDates.campaignId, c!.id));
    expect(peaks).toHaveLength(5);
    expect(peaks.every((p) => p.committeeId === null)).toBe(true);
    expect(peaks.map((p) => `${p.day}/${p.month}/${p.baseYear}`).sort()).toEqual(
      ["19/5/1890", "19/8/1945", "2/9/1945", "3/2/1930", "30/4/1975"].sort(),
    );
    expect(peaks.find((p) => p.month === 5)!.name).toBe("Ngày sinh Chủ tịch Hồ Chí Minh");
    const ds = await db.select().from(deadlines).where(eq(deadlines.campaignId, c!.id));
    expect(ds.map((d) => `${d.day}/${d.month} ${d.audience} ${d.year}`).sort()).toEqual([
      "15/11 committee null",
      "30/10 branch null",
    ]);
  });
});
