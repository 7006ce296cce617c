/**
 * What the feeds read: the subscription tokens, the one-round-trip state and version of a token's feed,
 * and the rows a feed's bytes are rendered from. No caller, no rules.
 */
import { and, eq, inArray, isNull, sql } from "drizzle-orm";
import { DateTime } from "luxon";
import type pg from "pg";
import { tokenHash } from "../auth/secrets.ts";
import type { DbOrTx } from "../db/client.ts";
import {
  branches,
  campaignEvents,
  campaigns,
  committees,
  deadlines,
  feedTokens,
  members,
} from "../db/schema.ts";
import { civilToday, HOME_ZONE, hasLeft } from "../domain/civil-date.ts";

export type FeedKind = "branch" | "member" | "committee";

/** Feeds reach back this many months; ahead they hold everything planned. Older meetings drop out so
 * that a feed stays small after years of use, while last year's meetings remain for reference. */
export const FEED_MONTHS_BACK = 12;

// ------------------------------------------------------------------------------------------ tokens

export interface FeedSubscription {
  id: string;
  kind: FeedKind;
  branchId: string | null;
  memberId: string | null;
  committeeId: string | null;
  withDeadlines: boolean;
  createdAt: string;
  /** The link's version (its token is derived from id and version); 0 for a link that cannot be shown again. */
  version: number;
}

const subscriptionColumns = {
  id: feedTokens.id,
  kind: feedTokens.kind,
  branchId: feedTokens.branchId,
  memberId: feedTokens.memberId,
  committeeId: feedTokens.committeeId,
  withDeadlines: feedTokens.withDeadlines,
  createdAt: feedTokens.createdAt,
  version: feedTokens.version,
};

function toSubscription(r: Omit<FeedSubscription, "createdAt"> & { createdAt: Date }): FeedSubscription {
  return { ...r, createdAt: r.createdAt.toISOString() };
}

export interface FeedTokenValues {
  kind: FeedKind;
  /** The region of the branch, member or committee the feed shows. */
  regionId: string;
  userId: string;
  branchId: string | null;
  memberId: string | null;
  committeeId: string | null;
  withDeadlines: boolean;
}

/** Stores a new subscription (its id and link version chosen by the caller) under the hash of `token`. */
export async function insertFeedToken(
  db: DbOrTx,
  values: FeedTokenValues & { id: string; version: number },
  token: string,
  now: Date,
): Promise<FeedSubscription> {
  const [row] = await db
    .insert(feedTokens)
    .values({ ...values, tokenHash: tokenHash(token), createdAt: now })
    .returning(subscriptionColumns);
  return toSubscription(row!);
}

/** The user's subscriptions still in use, oldest first. */
export async function feedTokensOfUser(db: DbOrTx, userId: string): Promise<FeedSubscription[]> {
  const rows = await db
    .select(subscriptionColumns)
    .from(feedTokens)
    .where(and(eq(feedTokens.userId, userId), isNull(feedTokens.revokedAt)))
    .orderBy(feedTokens.createdAt, feedTokens.id);
  return rows.map(toSubscription);
}

const usersLiveToken = (id: string, userId: string) =>
  and(eq(feedTokens.id, id), eq(feedTokens.userId, userId), isNull(feedTokens.revokedAt));

/** The version of the user's live subscription, locked until the transaction ends; null when there is none. */
export async function lockFeedVersion(tx: DbOrTx, id: string, userId: string): Promise<number | null> {
  const [row] = await tx
    .select({ version: feedTokens.version })
    .from(feedTokens)
    .where(usersLiveToken(id, userId))
    .for("update");
  return row ? row.version : null;
}

/** Gives the user's live subscription the secret of link `version`; null when there is none. */
export async function rotateFeedToken(
  db: DbOrTx,
  id: string,
  userId: string,
  link: { token: string; version: number },
  now: Date,
): Promise<FeedSubscription | null> {
  const [row] = await db
    .update(feedTokens)
    .set({ tokenHash: tokenHash(link.token), version: link.version, createdAt: now })
    .where(usersLiveToken(id, userId))
    .returning(subscriptionColumns);
  return row ? toSubscription(row) : null;
}

/** Revokes the user's live subscription; false when there is none. */
export async function revokeFeedToken(db: DbOrTx, id: string, userId: string, now: Date): Promise<boolean> {
  const rows = await db
    .update(feedTokens)
    .set({ revokedAt: now })
    .where(usersLiveToken(id, userId))
    .returning({ id: feedTokens.id });
  return rows.length > 0;
}

/** The day a member left their branch (null while they belong to it); undefined when there is no such member. */
export async function memberLeftOn(db: DbOrTx, memberId: string): Promise<string | null | undefined> {
  const [m] = await db.select({ leftOn: members.leftOn }).from(members).where(eq(members.id, memberId));
  return m?.leftOn;
}

// ------------------------------------------------------------------------------------------ state

/** What one feed request is about, and the version of everything its bytes are made of. */
export interface FeedState {
  kind: FeedKind;
  withDeadlines: boolean;
  /** The branch (branch and member feeds) or the committee (committee feeds). */
  scopeId: string;
  /** The region of the feed's rows (src/db/distribution.ts); null for a committee above the provinces. */
  regionId: string | null;
  /** First day of meetings shown: the window start, or a member's joining date when later. */
  from: string;
  /** Cache key of the rendered bytes: equal scope and version mean equal bytes. */
  scope: string;
  version: string;
  lastModified: Date;
}

export interface FeedWindow {
  /** yyyy-MM-dd, today (UTC) minus FEED_MONTHS_BACK months. */
  start: string;
  /** yyyy-MM-dd, today (UTC). */
  today: string;
  now: Date;
}

let lastWindow: { today: string; start: string } | null = null;

/** Called on every feed request: the date arithmetic runs once a day. */
export function feedWindow(now: Date): FeedWindow {
  const today = now.toISOString().slice(0, 10);
  if (lastWindow?.today !== today) {
    const start = DateTime.fromISO(today, { zone: "UTC" }).minus({ months: FEED_MONTHS_BACK }).toISODate()!;
    lastWindow = { today, start };
  }
  return { start: lastWindow.start, today, now };
}

/**
 * One round trip: the token (revoked or not: a revoked link is remembered as such) and the aggregates of
 * the feed's content, with the ids a change notification names (migrations/0006_feed_notify.sql). A meeting that drops out of the window changes the bytes too; that moment (its date
 * plus the window and a day) counts as a change, so that Last-Modified never moves backwards.
 */
export const STATE_SQL = `
with t as (
  select ft.id, ft.user_id, ft.member_id, ft.revoked_at is not null as revoked,
         ft.kind::text as kind, ft.created_at, ft.with_deadlines, ft.committee_id,
         -- The feed's one region; none for a committee above the provinces (its branches span them).
         case when ft.kind <> 'committee'
                or (select cardinality(c.ancestor_ids) from committees c where c.id = ft.committee_id) >= 2
              then ft.region_id end as region_id,
         case when ft.kind = 'member' then m.branch_id else ft.branch_id end as branch_id,
         case when ft.kind = 'member' then m.joined_on end as joined_on,
         m.left_on, coalesce(u.disabled, false) as disabled
  from feed_tokens ft
  left join members m on m.id = ft.member_id and m.region_id = ft.region_id
  left join users u on u.id = ft.user_id
  where ft.token_hash = $1
),
sb as (
  select b.id, b.updated_at from t join branches b on b.id = t.branch_id and b.region_id = t.region_id
  where t.kind <> 'committee'
  union all
  select b.id, b.updated_at from t
    join committees c on c.ancestor_ids @> array[t.committee_id]
    join branches b on b.committee_id = c.id and b.region_id = c.region_id
  where t.kind = 'committee'
),
e as (select greatest($2::date, (select joined_on from t)) as start),
-- An array, not a join: the planner then reads meetings by the (branch_id, month) index.
sm as (select m.date, m.updated_at, m.revision, m.campaign_id from meetings m
       where m.branch_id = any(array(select id from sb))
         and (m.region_id = (select region_id from t) or (select region_id from t) is null)),
mw as (
  -- Every change of a meeting bumps its revision: two changes within one instant still change the sum.
  select count(*) as n, max(sm.updated_at) as u, sum(sm.revision) as r,
         coalesce(array_agg(distinct sm.campaign_id) filter (where sm.campaign_id is not null), '{}') as camps
  from sm, e where sm.date >= e.start
),
gone as (select max(sm.date) as d from sm where sm.date < $2::date),
cp as (select count(*) as n, max(x.updated_at) as u from campaigns x, mw where x.id = any(mw.camps)),
pk as (select count(*) as n, max(x.updated_at) as u from peak_dates x, mw where x.campaign_id = any(mw.camps)),
dl as (select count(*) as n, max(x.updated_at) as u from deadlines x, mw where x.campaign_id = any(mw.camps)),
-- Confirmed events only reach the feed: a confirmation changes the version even within one instant.
ev as (select count(*) filter (where x.confirmed) as n, max(x.updated_at) as u
       from campaign_events x, mw where x.campaign_id = any(mw.camps)),
tp as (select count(*) as n, max(x.updated_at) as u from topics x, mw where x.campaign_id = any(mw.camps)),
bs as (select count(*) as n, max(updated_at) as u from sb),
cm as (select max(c.updated_at) as u from committees c, t where c.id = t.committee_id)
select t.id, t.user_id, t.member_id, t.revoked, mw.camps,
       t.kind, t.with_deadlines, coalesce(t.branch_id, t.committee_id) as scope_id, t.region_id,
       t.left_on, t.disabled,
       (select b.timezone from branches b where b.id = t.branch_id) as timezone,
       to_char(e.start, 'YYYY-MM-DD') as start,
       concat_ws('|', mw.n, mw.r, extract(epoch from mw.u), gone.d, cp.n, extract(epoch from cp.u), pk.n,
                 extract(epoch from pk.u), dl.n, extract(epoch from dl.u), tp.n, extract(epoch from tp.u),
                 bs.n, extract(epoch from bs.u), extract(epoch from cm.u), ev.n, extract(epoch from ev.u)) as version,
       floor(extract(epoch from greatest(mw.u, cp.u, pk.u, dl.u, ev.u, tp.u, bs.u, cm.u, t.created_at,
         least((gone.d + interval '${FEED_MONTHS_BACK} months' + interval '1 day')::timestamp at time zone 'UTC',
               $3::timestamptz))))::bigint as last_modified
from t, e, mw, gone, cp, pk, dl, ev, tp, bs, cm`;

interface StateRow {
  id: string;
  user_id: string | null;
  member_id: string | null;
  revoked: boolean;
  camps: string[];
  kind: FeedKind;
  with_deadlines: boolean;
  scope_id: string | null;
  region_id: string | null;
  left_on: string | null;
  disabled: boolean;
  /** The zone of the feed's branch (null for a committee feed): where a departure day starts. */
  timezone: string | null;
  start: string;
  version: string;
  last_modified: string;
}

/** What a token resolves to, and the tags of the changes that end it (see `TokenTags`). */
export interface TokenState {
  /** null: the link does not (or no longer) work. */
  state: FeedState | null;
  tags: string[];
}

/**
 * Tags name what a cached answer depends on, as the change notifications name it: `t:` the token,
 * `u:` its user, `m:` its member, `b:` the branch of a branch or member feed, `c:` the committee of a
 * committee feed, `k:` each campaign the feed shows.
 */
function tagsOf(r: StateRow): string[] {
  const tags = [`t:${r.id}`];
  if (r.user_id) tags.push(`u:${r.user_id}`);
  if (r.member_id) tags.push(`m:${r.member_id}`);
  if (r.scope_id) tags.push(`${r.kind === "committee" ? "c" : "b"}:${r.scope_id}`);
  for (const k of r.camps ?? []) tags.push(`k:${k}`);
  return tags;
}

/** The feed behind the token of hash `hash` and its version; null when no token has that hash. */
export async function feedTokenState(
  pool: pg.Pool,
  hash: string,
  win: FeedWindow,
): Promise<TokenState | null> {
  const { rows } = await pool.query<StateRow>({
    name: "chibo-feed-state",
    text: STATE_SQL,
    values: [hash, win.start, win.now.toISOString()],
  });
  const r = rows[0];
  if (!r) return null;
  const tags = tagsOf(r);
  if (r.revoked || !r.scope_id || r.disabled) return { state: null, tags };
  // A member who has left: their feeds stop from the day they left, that day counted in the branch's zone.
  if (hasLeft(r.left_on, civilToday(win.now, r.timezone ?? HOME_ZONE))) return { state: null, tags };
  const scope = `${r.kind}:${r.scope_id}:${r.with_deadlines ? "d" : "-"}:${r.start}`;
  return {
    tags,
    state: {
      kind: r.kind,
      withDeadlines: r.with_deadlines,
      scopeId: r.scope_id,
      regionId: r.region_id,
      from: r.start,
      scope,
      version: `${win.start}|${r.version}`,
      lastModified: new Date(Number(r.last_modified) * 1000),
    },
  };
}

// ------------------------------------------------------------------------------------------ render rows

export async function committeeForFeed(db: DbOrTx, committeeId: string) {
  const [c] = await db
    .select({ name: committees.name, ancestors: committees.ancestorIds })
    .from(committees)
    .where(eq(committees.id, committeeId));
  return c ?? null;
}

/** The ids of the committees under `committeeId` (itself included). */
export async function committeesUnder(db: DbOrTx, committeeId: string): Promise<string[]> {
  const rows = await db
    .select({ id: committees.id })
    .from(committees)
    .where(sql`${committeeId}::uuid = any(${committees.ancestorIds})`);
  return rows.map((r) => r.id);
}

export async function branchForFeed(db: DbOrTx, branchId: string) {
  const [b] = await db
    .select({ name: branches.name, timezone: branches.timezone, ancestors: committees.ancestorIds })
    .from(branches)
    .innerJoin(committees, eq(committees.id, branches.committeeId))
    .where(eq(branches.id, branchId));
  return b ?? null;
}

export interface FeedCampaign {
  id: string;
  title: string;
  firstMonth: string;
  lastMonth: string;
  updatedAt: Date;
  /** The committee that runs the campaign (and sets its deadlines); null for a template. */
  committeeName: string | null;
}

export async function feedCampaigns(db: DbOrTx, ids: string[]): Promise<FeedCampaign[]> {
  if (ids.length === 0) return [];
  return db
    .select({
      id: campaigns.id,
      title: campaigns.title,
      firstMonth: campaigns.firstMonth,
      lastMonth: campaigns.lastMonth,
      updatedAt: campaigns.updatedAt,
      committeeName: committees.name,
    })
    .from(campaigns)
    .leftJoin(committees, eq(committees.id, campaigns.committeeId))
    .where(inArray(campaigns.id, ids))
    .orderBy(campaigns.firstMonth, campaigns.id);
}

/** The campaigns' report deadlines for branches, by id. */
export async function branchDeadlines(db: DbOrTx, campaignIds: string[]) {
  if (campaignIds.length === 0) return [];
  return db
    .select({
      id: deadlines.id,
      campaignId: deadlines.campaignId,
      title: deadlines.title,
      day: deadlines.day,
      month: deadlines.month,
      year: deadlines.year,
      updatedAt: deadlines.updatedAt,
    })
    .from(deadlines)
    .where(and(inArray(deadlines.campaignId, campaignIds), eq(deadlines.audience, "branch")))
    .orderBy(deadlines.id);
}

/** The campaigns' other events (conferences, the contest, seminars), by date and id. */
export async function feedEvents(db: DbOrTx, campaignIds: string[]) {
  if (campaignIds.length === 0) return [];
  return (
    db
      .select({
        id: campaignEvents.id,
        campaignId: campaignEvents.campaignId,
        date: campaignEvents.date,
        title: campaignEvents.title,
        description: campaignEvents.description,
        committeeId: campaignEvents.committeeId,
        updatedAt: campaignEvents.updatedAt,
      })
      .from(campaignEvents)
      // A copied event waiting for an officer's confirmation reaches no feed.
      .where(and(inArray(campaignEvents.campaignId, campaignIds), eq(campaignEvents.confirmed, true)))
      .orderBy(campaignEvents.date, campaignEvents.id)
  );
}
