/**
 * What planning reads and writes: the campaign's months and committee, the branches below it, the
 * set-based upsert of planned meetings, and the count of meetings re-planning never changes.
 */
import { and, eq, sql } from "drizzle-orm";
import type { DbOrTx } from "../db/client.ts";
import { branches, campaigns, committees, meetings } from "../db/schema.ts";
import type { PlannedMeeting } from "../domain/plan.ts";

/** Serialises planning of one campaign until the end of the transaction. */
export async function lockCampaignPlan(tx: DbOrTx, campaignId: string): Promise<void> {
  await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`plan:${campaignId}`}))`);
}

export async function campaignToPlan(tx: DbOrTx, campaignId: string) {
  const [campaign] = await tx
    .select({
      committeeId: campaigns.committeeId,
      firstMonth: campaigns.firstMonth,
      lastMonth: campaigns.lastMonth,
    })
    .from(campaigns)
    .where(eq(campaigns.id, campaignId));
  return campaign ?? null;
}

/** Every branch under a committee (at any depth), with what planning needs of it. */
export function branchesToPlan(tx: DbOrTx, committeeId: string) {
  return tx
    .select({
      id: branches.id,
      regionId: branches.regionId,
      rule: branches.meetingRule,
      timezone: branches.timezone,
      place: branches.place,
      onlineUrl: branches.onlineUrl,
    })
    .from(branches)
    .innerJoin(committees, eq(committees.id, branches.committeeId))
    .where(sql`${committeeId}::uuid = any(${committees.ancestorIds})`);
}

/** One statement per chunk: insert new meetings; update those still untouched, in the future, of this
 * campaign, and actually different (so that re-planning the same thing changes no revision). */
export async function upsertPlanned(
  tx: DbOrTx,
  campaignId: string,
  rows: (PlannedMeeting & { regionId: string })[],
  now: Date,
) {
  // Each column travels as one array parameter: one bind per column, whatever the number of rows.
  const col = <T>(f: (r: PlannedMeeting & { regionId: string }) => T) => sql.param(rows.map(f));
  const nowIso = now.toISOString();
  const result = await tx.execute<{ inserted: boolean }>(sql`
    insert into meetings (region_id, branch_id, campaign_id, month, date, start_at, end_at, place, online_url, topic_id, created_at, updated_at)
    select x.region_id, x.branch_id, ${campaignId}::uuid, x.month, x.date, x.start_at, x.end_at, x.place, x.online_url, x.topic_id,
           ${nowIso}::timestamptz, ${nowIso}::timestamptz
    from unnest(
      ${col((r) => r.regionId)}::uuid[], ${col((r) => r.branchId)}::uuid[], ${col((r) => r.month)}::date[], ${col((r) => r.date)}::date[],
      ${col((r) => r.startAt.toISOString())}::timestamptz[], ${col((r) => r.endAt.toISOString())}::timestamptz[],
      ${col((r) => r.place)}::text[], ${col((r) => r.onlineUrl)}::text[], ${col((r) => r.topicId)}::uuid[]
    ) as x(region_id, branch_id, month, date, start_at, end_at, place, online_url, topic_id)
    on conflict (branch_id, month, region_id) where makeup_of is null do update set
      campaign_id = excluded.campaign_id,
      date = excluded.date, start_at = excluded.start_at, end_at = excluded.end_at,
      place = excluded.place, online_url = excluded.online_url, topic_id = excluded.topic_id,
      revision = meetings.revision + 1, updated_at = excluded.updated_at
    where (meetings.campaign_id = excluded.campaign_id or meetings.campaign_id is null)
      and not meetings.edited and meetings.status = 'planned' and meetings.start_at > ${nowIso}::timestamptz
      and (meetings.campaign_id, meetings.date, meetings.start_at, meetings.end_at, meetings.place, meetings.online_url, meetings.topic_id)
          is distinct from
          (excluded.campaign_id, excluded.date, excluded.start_at, excluded.end_at, excluded.place, excluded.online_url, excluded.topic_id)
    returning (xmax = 0) as inserted`);
  const created = result.rows.filter((r) => r.inserted).length;
  return { created, updated: result.rows.length - created };
}

/** Meetings of the campaign that re-planning never changes: edited, held, cancelled or past. */
export async function protectedMeetingCount(tx: DbOrTx, campaignId: string, now: Date): Promise<number> {
  const [kept] = await tx
    .select({ n: sql<number>`count(*)::int` })
    .from(meetings)
    .where(
      and(
        eq(meetings.campaignId, campaignId),
        sql`(${meetings.edited} or ${meetings.status} <> 'planned' or ${meetings.startAt} <= ${now.toISOString()}::timestamptz)`,
      ),
    );
  return kept?.n ?? 0;
}
