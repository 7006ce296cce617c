/**
 * Loads the shipped campaign (SEED_CAMPAIGN) into the database as a template (committee_id null), once.
 * Several instances may start together: the campaign row is inserted with ON CONFLICT DO NOTHING on its
 * unique seed_key inside the same transaction as its catalogue, so a second starter waits for the first to
 * commit and then finds the key taken, and a starter that fails leaves nothing behind.
 */
import type { Db } from "../db/client.ts";
import { campaignEvents, campaigns, deadlines, peakDates, topics } from "../db/schema.ts";
import { SEED_CAMPAIGN, type SeedCampaign } from "./seed-campaign.ts";

export const SEED_KEY = "kien-quyet-kien-tri-2023";

const nfc = (s: string) => s.normalize("NFC");

/** Inserts the seed campaign unless a campaign with its seed_key exists. Returns the new id, or null. */
export async function loadSeedCampaign(
  db: Db,
  now: Date,
  seed: SeedCampaign = SEED_CAMPAIGN,
  seedKey: string = SEED_KEY,
): Promise<{ loaded: boolean; campaignId: string | null }> {
  return db.transaction(async (tx) => {
    const stamps = { createdAt: now, updatedAt: now };
    const [row] = await tx
      .insert(campaigns)
      .values({
        committeeId: null,
        title: nfc(seed.title),
        bookTitle: nfc(seed.bookTitle),
        bookAuthor: nfc(seed.bookAuthor),
        description: nfc(seed.description),
        firstMonth: `${seed.firstMonth}-01`,
        lastMonth: `${seed.lastMonth}-01`,
        seedKey,
        ...stamps,
      })
      .onConflictDoNothing({ target: campaigns.seedKey })
      .returning({ id: campaigns.id });
    if (!row) return { loaded: false, campaignId: null };
    const campaignId = row.id;
    if (seed.topics.length) {
      await tx.insert(topics).values(
        seed.topics.map((t, i) => ({
          campaignId,
          position: i + 1,
          code: t.code,
          part: t.part,
          partTitle: nfc(t.partTitle),
          title: nfc(t.title),
          pageStart: t.pageStart,
          pageEnd: t.pageEnd,
          pagesEstimated: t.pagesEstimated ?? false,
          summary: nfc(t.summary),
          prompts: t.prompts.map(nfc),
          links: t.links.map((l) => ({ title: nfc(l.title), url: l.url })),
          ...stamps,
        })),
      );
    }
    if (seed.peakDates.length) {
      await tx.insert(peakDates).values(
        seed.peakDates.map((p) => ({
          campaignId,
          day: p.day,
          month: p.month,
          baseYear: p.baseYear,
          name: nfc(p.name),
          committeeId: null,
          ...stamps,
        })),
      );
    }
    if (seed.deadlines.length) {
      await tx.insert(deadlines).values(
        seed.deadlines.map((d) => ({
          campaignId,
          day: d.day,
          month: d.month,
          year: d.year,
          audience: d.audience,
          title: nfc(d.title),
          ...stamps,
        })),
      );
    }
    if (seed.events.length) {
      await tx.insert(campaignEvents).values(
        seed.events.map((e) => ({
          campaignId,
          date: e.date,
          title: nfc(e.title),
          description: nfc(e.description),
          ...stamps,
        })),
      );
    }
    return { loaded: true, campaignId };
  });
}
