/** The reports' small reads: a committee's heading and zone, the campaigns a report may be filtered by. */
import { eq, sql } from "drizzle-orm";
import type { DbOrTx } from "../db/client.ts";
import { branches, committees } from "../db/schema.ts";

/** A committee's name, ancestry and stored document heading (null fields: derived from the name). */
export async function committeeHeadingRow(db: DbOrTx, committeeId: string) {
  const [c] = await db
    .select({
      name: committees.name,
      ancestorIds: committees.ancestorIds,
      reportCode: committees.reportCode,
      signedFor: committees.signedFor,
      signerTitle: committees.signerTitle,
      place: committees.place,
    })
    .from(committees)
    .where(eq(committees.id, committeeId));
  return c ?? null;
}

/** The time zone most of a committee's own branches use, or null when it has none. */
export async function mostUsedZoneOfCommittee(db: DbOrTx, committeeId: string): Promise<string | null> {
  const [z] = await db
    .select({ tz: branches.timezone })
    .from(branches)
    .where(eq(branches.committeeId, committeeId))
    .groupBy(branches.timezone)
    .orderBy(sql`count(*) desc`)
    .limit(1);
  return z?.tz ?? null;
}

/** A campaign as the reports name it: its title and months. */
export interface CampaignChoice {
  id: string;
  title: string;
  committeeName: string;
  firstMonth: string;
  lastMonth: string;
}

const choiceColumns = sql`c.id, c.title, k.name as "committeeName", to_char(c.first_month, 'YYYY-MM') as "firstMonth",
  to_char(c.last_month, 'YYYY-MM') as "lastMonth"`;

/**
 * The campaign running in `month` (YYYY-MM-01) among those of the given committees (a scope's committee and
 * the committees above it): the nearest committee's first, then the one started last. Null when none runs.
 */
export async function runningCampaign(
  db: DbOrTx,
  committeeIds: string[],
  month: string,
): Promise<CampaignChoice | null> {
  if (committeeIds.length === 0) return null;
  const r = await db.execute<CampaignChoice & Record<string, unknown>>(sql`
    select ${choiceColumns}
      from campaigns c join committees k on k.id = c.committee_id
     where c.committee_id = any(${`{${committeeIds.join(",")}}`}::uuid[])
       and c.first_month <= ${month}::date and c.last_month >= ${month}::date
     order by array_length(k.ancestor_ids, 1) desc, c.first_month desc, c.id
     limit 1`);
  return (r.rows[0] as CampaignChoice | undefined) ?? null;
}

/** The campaigns a scope's report may be filtered by: those of its committee, the committees above and
 * (for a committee) below it, latest first. */
export async function campaignChoices(
  db: DbOrTx,
  q: { ancestorIds: string[]; committeeId: string | null },
): Promise<CampaignChoice[]> {
  const r = await db.execute<CampaignChoice & Record<string, unknown>>(sql`
    select ${choiceColumns}
      from campaigns c join committees k on k.id = c.committee_id
     where k.id = any(${`{${q.ancestorIds.join(",")}}`}::uuid[])
        or (${q.committeeId}::uuid is not null and ${q.committeeId}::uuid = any(k.ancestor_ids))
     order by c.first_month desc, c.title, c.id`);
  return r.rows as unknown as CampaignChoice[];
}

/** A campaign's title and months, for the report's heading and file names. */
export async function campaignOfFilter(db: DbOrTx, campaignId: string): Promise<CampaignChoice | null> {
  const r = await db.execute<CampaignChoice & Record<string, unknown>>(sql`
    select ${choiceColumns} from campaigns c left join committees k on k.id = c.committee_id where c.id = ${campaignId}::uuid`);
  return (r.rows[0] as CampaignChoice | undefined) ?? null;
}
