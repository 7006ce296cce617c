/**
 * Calendar feeds: the subscription tokens (created, listed, rotated, revoked by their owner) and the
 * iCal bytes of a branch, member or committee feed.
 *
 * Serving is built around a version key: one small SQL query resolves the token and aggregates
 * everything the feed's bytes depend on (counts and newest changes of its meetings, campaigns, peaks,
 * deadlines, topics, branch and committee names, and the window). Equal keys mean equal bytes, so a
 * conditional request is answered without rendering and a rendered feed can be cached in-process.
 */
import { and, eq, gte, inArray, isNull, sql } from "drizzle-orm";
import { DateTime } from "luxon";
import type pg from "pg";
import { requireBranch, requireCommittee, requireMember, requireSelf } from "../auth/policy.ts";
import type { Principal } from "../auth/principal.ts";
import { newToken, tokenHash } from "../auth/secrets.ts";
import type { DbOrTx } from "../db/client.ts";
import { branches, campaigns, committees, deadlines, feedTokens, meetings, members } from "../db/schema.ts";
import { HOME_ZONE } from "../domain/civil-date.ts";
import { type AllDayEvent, buildFeed, type TimedEvent } from "../domain/ical.ts";
import { peakOccurrences } from "../domain/peaks.ts";
import { forbidden, notFound } from "../http/errors.ts";
import { campaignPeaks, loadMeetings, meetingEvent } from "../plan/meeting-view.ts";

export type FeedKind = "branch" | "member" | "committee";

/** Feeds reach back this many months; ahead they hold everything planned. Older meetings drop out so
 * that a feed stays small after years of use, while last year's meetings remain for reference. */
export const FEED_MONTHS_BACK = 12;
/** Calendar apps are asked to refresh every 6 hours (REFRESH-INTERVAL and X-PUBLISHED-TTL). */
export const FEED_REFRESH_MINUTES = 6 * 60;
/** Branch and member feeds remind one hour before a meeting; a committee feed (hundreds of branches)
 * carries no alarms, or an officer's phone would ring for every branch. */
export const FEED_ALARM_MINUTES = 60;

// ------------------------------------------------------------------------------------------ tokens

export interface FeedSubscription {
  id: string;
  kind: FeedKind;
  branchId: string | null;
  memberId: string | null;
  committeeId: string | null;
  withDeadlines: boolean;
  createdAt: string;
}

export interface FeedLinks {
  httpsUrl: string;
  webcalUrl: string;
}

export function feedLinks(publicUrl: string, token: string): FeedLinks {
  const httpsUrl = `${publicUrl}/feeds/${token}.ics`;
  return { httpsUrl, webcalUrl: httpsUrl.replace(/^https?:\/\//, "webcal://") };
}

const subscriptionColumns = {
  id: feedTokens.id,
  kind: feedTokens.kind,
  branchId: feedTokens.branchId,
  memberId: feedTokens.memberId,
  committeeId: feedTokens.committeeId,
  withDeadlines: feedTokens.withDeadlines,
  createdAt: feedTokens.createdAt,
};

function toSubscription(r: {
  id: string;
  kind: FeedKind;
  branchId: string | null;
  memberId: string | null;
  committeeId: string | null;
  withDeadlines: boolean;
  createdAt: Date;
}): FeedSubscription {
  return { ...r, createdAt: r.createdAt.toISOString() };
}

export interface NewFeed {
  kind: FeedKind;
  branchId?: string;
  memberId?: string;
  committeeId?: string;
}

/**
 * The caller's own subscription to something in their reach: a member subscribes to their own member
 * feed or their branch's feed; a secretary to their branch's feed, which then carries the report
 * deadlines; officers (and admins) to committees and branches below them. Anything else is not found.
 */
export async function createFeed(
  db: DbOrTx,
  p: Principal,
  input: NewFeed,
  now: Date,
): Promise<FeedSubscription & { token: string }> {
  let values: {
    branchId: string | null;
    memberId: string | null;
    committeeId: string | null;
    withDeadlines: boolean;
  };
  if (input.kind === "branch") {
    if (!input.branchId) throw notFound("Không tìm thấy chi bộ");
    const b = await requireBranch(db, p, input.branchId, "member");
    values = {
      branchId: b.id,
      // A member's or secretary's subscription follows their member record: it stops when they leave.
      memberId: b.level !== "committee" ? p.memberId : null,
      committeeId: null,
      withDeadlines: b.level !== "member",
    };
  } else if (input.kind === "member") {
    if (!input.memberId) throw notFound("Không tìm thấy đảng viên");
    // Out of reach: not found. In sight: a member feed is its member's own, while they are in the branch.
    await requireMember(db, p, input.memberId, "read");
    const [m] = await db
      .select({ id: members.id, leftOn: members.leftOn })
      .from(members)
      .where(eq(members.id, input.memberId));
    if (!m || input.memberId !== p.memberId || m.leftOn !== null)
      throw forbidden("Chỉ đăng ký được lịch của chính mình khi đang sinh hoạt tại chi bộ");
    values = { branchId: null, memberId: m.id, committeeId: null, withDeadlines: false };
  } else {
    if (!input.committeeId) throw notFound("Không tìm thấy cấp ủy");
    const c = await requireCommittee(db, p, input.committeeId, "read");
    values = { branchId: null, memberId: null, committeeId: c.id, withDeadlines: false };
  }
  const token = newToken();
  const [row] = await db
    .insert(feedTokens)
    .values({ kind: input.kind, tokenHash: tokenHash(token), userId: p.userId, createdAt: now, ...values })
    .returning(subscriptionColumns);
  return { ...toSubscription(row!), token };
}

export async function listFeeds(db: DbOrTx, p: Principal): Promise<FeedSubscription[]> {
  requireSelf(p);
  const rows = await db
    .select(subscriptionColumns)
    .from(feedTokens)
    .where(and(eq(feedTokens.userId, p.userId), isNull(feedTokens.revokedAt)))
    .orderBy(feedTokens.createdAt, feedTokens.id);
  return rows.map(toSubscription);
}

/** A new secret for the same subscription; the old link stops with this statement. */
export async function rotateFeed(
  db: DbOrTx,
  p: Principal,
  id: string,
  now: Date,
): Promise<FeedSubscription & { token: string }> {
  requireSelf(p);
  const token = newToken();
  const [row] = await db
    .update(feedTokens)
    .set({ tokenHash: tokenHash(token), createdAt: now })
    .where(and(eq(feedTokens.id, id), eq(feedTokens.userId, p.userId), isNull(feedTokens.revokedAt)))
    .returning(subscriptionColumns);
  if (!row) throw notFound("Không tìm thấy đường dẫn lịch");
  return { ...toSubscription(row), token };
}

export async function revokeFeed(db: DbOrTx, p: Principal, id: string, now: Date): Promise<void> {
  requireSelf(p);
  const rows = await db
    .update(feedTokens)
    .set({ revokedAt: now })
    .where(and(eq(feedTokens.id, id), eq(feedTokens.userId, p.userId), isNull(feedTokens.revokedAt)))
    .returning({ id: feedTokens.id });
  if (rows.length === 0) throw notFound("Không tìm thấy đường dẫn lịch");
}

// ------------------------------------------------------------------------------------------ state

/** What one feed request is about, and the version of everything its bytes are made of. */
export interface FeedState {
  kind: FeedKind;
  withDeadlines: boolean;
  /** The branch (branch and member feeds) or the committee (committee feeds). */
  scopeId: string;
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
 * One round trip: the token (not revoked; its member, if any, not gone) and the aggregates of the
 * feed's content. A meeting that drops out of the window changes the bytes too; that moment (its date
 * plus the window and a day) counts as a change, so that Last-Modified never moves backwards.
 */
export const STATE_SQL = `
with t as (
  select ft.kind::text as kind, ft.created_at, ft.with_deadlines, ft.committee_id,
         case when ft.kind = 'member' then m.branch_id else ft.branch_id end as branch_id,
         case when ft.kind = 'member' then m.joined_on end as joined_on,
         m.left_on, coalesce(u.disabled, false) as disabled
  from feed_tokens ft
  left join members m on m.id = ft.member_id
  left join users u on u.id = ft.user_id
  where ft.token_hash = $1 and ft.revoked_at is null
),
sb as (
  select b.id, b.updated_at from t join branches b on b.id = t.branch_id where t.kind <> 'committee'
  union all
  select b.id, b.updated_at from t
    join committees c on c.ancestor_ids @> array[t.committee_id]
    join branches b on b.committee_id = c.id
  where t.kind = 'committee'
),
e as (select greatest($2::date, (select joined_on from t)) as start),
-- An array, not a join: the planner then reads meetings by the (branch_id, month) index.
sm as (select m.date, m.updated_at, m.campaign_id from meetings m where m.branch_id = any(array(select id from sb))),
mw as (
  select count(*) as n, max(sm.updated_at) as u,
         coalesce(array_agg(distinct sm.campaign_id) filter (where sm.campaign_id is not null), '{}') as camps
  from sm, e where sm.date >= e.start
),
gone as (select max(sm.date) as d from sm where sm.date < $2::date),
cp as (select count(*) as n, max(x.updated_at) as u from campaigns x, mw where x.id = any(mw.camps)),
pk as (select count(*) as n, max(x.updated_at) as u from peak_dates x, mw where x.campaign_id = any(mw.camps)),
dl as (select count(*) as n, max(x.updated_at) as u from deadlines x, mw where x.campaign_id = any(mw.camps)),
tp as (select count(*) as n, max(x.updated_at) as u from topics x, mw where x.campaign_id = any(mw.camps)),
bs as (select count(*) as n, max(updated_at) as u from sb),
cm as (select max(c.updated_at) as u from committees c, t where c.id = t.committee_id)
select t.kind, t.with_deadlines, coalesce(t.branch_id, t.committee_id) as scope_id, t.left_on, t.disabled,
       to_char(e.start, 'YYYY-MM-DD') as start,
       concat_ws('|', mw.n, extract(epoch from mw.u), gone.d, cp.n, extract(epoch from cp.u), pk.n,
                 extract(epoch from pk.u), dl.n, extract(epoch from dl.u), tp.n, extract(epoch from tp.u),
                 bs.n, extract(epoch from bs.u), extract(epoch from cm.u)) as version,
       floor(extract(epoch from greatest(mw.u, cp.u, pk.u, dl.u, tp.u, bs.u, cm.u, t.created_at,
         least((gone.d + interval '${FEED_MONTHS_BACK} months' + interval '1 day')::timestamp at time zone 'UTC',
               $3::timestamptz))))::bigint as last_modified
from t, e, mw, gone, cp, pk, dl, tp, bs, cm`;

interface StateRow {
  kind: FeedKind;
  with_deadlines: boolean;
  scope_id: string | null;
  left_on: string | null;
  disabled: boolean;
  start: string;
  version: string;
  last_modified: string;
}

/** The feed behind `token` and its version, or null when the link does not (or no longer) work. */
export async function feedState(pool: pg.Pool, token: string, win: FeedWindow): Promise<FeedState | null> {
  const { rows } = await pool.query<StateRow>({
    name: "chibo-feed-state",
    text: STATE_SQL,
    values: [tokenHash(token), win.start, win.now.toISOString()],
  });
  const r = rows[0];
  if (!r?.scope_id || r.disabled) return null;
  // A member who has left: their feeds stop from the day they left.
  if (r.left_on !== null && r.left_on <= win.today) return null;
  const scope = `${r.kind}:${r.scope_id}:${r.with_deadlines ? "d" : "-"}:${r.start}`;
  return {
    kind: r.kind,
    withDeadlines: r.with_deadlines,
    scopeId: r.scope_id,
    from: r.start,
    scope,
    version: `${win.start}|${r.version}`,
    lastModified: new Date(Number(r.last_modified) * 1000),
  };
}

// ------------------------------------------------------------------------------------------ render

function calendarName(branchName: string): string {
  const name = branchName.trim();
  return `Lịch sinh hoạt – ${/^chi bộ/i.test(name) ? name : `Chi bộ ${name}`}`;
}

function monthEnd(firstOfMonth: string): string {
  return DateTime.fromISO(firstOfMonth, { zone: "UTC" }).endOf("month").toISODate()!;
}

function later(a: Date, b: Date): Date {
  return a.getTime() >= b.getTime() ? a : b;
}

function utc(d: Date): DateTime {
  return DateTime.fromJSDate(d, { zone: "UTC" });
}

interface CampaignRow {
  id: string;
  title: string;
  firstMonth: string;
  lastMonth: string;
  updatedAt: Date;
}

/** Peak days of the feed's campaigns, within each campaign's months, as all-day events. A day that two
 * campaigns share (the same anniversary) appears once. */
async function peakEvents(
  db: DbOrTx,
  camps: CampaignRow[],
  applies: (committeeId: string | null) => boolean,
): Promise<AllDayEvent[]> {
  if (camps.length === 0) return [];
  // By id, so that of two campaigns sharing a day the same peak (and UID) always wins.
  const rows = (
    await campaignPeaks(
      db,
      camps.map((c) => c.id),
    )
  ).sort((x, y) => (x.id < y.id ? -1 : x.id > y.id ? 1 : 0));
  const seen = new Set<string>();
  const out: AllDayEvent[] = [];
  for (const c of camps) {
    for (const row of rows) {
      if (row.campaignId !== c.id || !applies(row.committeeId)) continue;
      for (const occ of peakOccurrences([row], c.firstMonth, monthEnd(c.lastMonth))) {
        const key = `${occ.date}|${occ.text}`;
        if (seen.has(key)) continue;
        seen.add(key);
        const star = occ.round ? "★★" : "★";
        out.push({
          kind: "allday",
          uid: `peak-${row.id}-${occ.date.slice(0, 4)}@chibo`,
          sequence: 0,
          lastModified: utc(later(row.updatedAt, c.updatedAt)),
          date: occ.date,
          summary: `${star} Cao điểm: ${occ.text}${occ.round ? " (năm chẵn)" : ""}`,
          description:
            `Ngày cao điểm của đợt sinh hoạt chuyên đề "${c.title}": ${occ.text}.\n` +
            "Buổi sinh hoạt chi bộ trong 30 ngày trước và đúng ngày này là buổi sinh hoạt cao điểm.",
          url: null,
        });
      }
    }
  }
  return out;
}

/** The campaigns' report deadlines for branches (secretaries' feeds), within each campaign's months. */
async function deadlineEvents(db: DbOrTx, camps: CampaignRow[]): Promise<AllDayEvent[]> {
  if (camps.length === 0) return [];
  const rows = await db
    .select()
    .from(deadlines)
    .where(
      and(
        inArray(
          deadlines.campaignId,
          camps.map((c) => c.id),
        ),
        eq(deadlines.audience, "branch"),
      ),
    )
    .orderBy(deadlines.id);
  const out: AllDayEvent[] = [];
  for (const c of camps) {
    const first = c.firstMonth;
    const last = monthEnd(c.lastMonth);
    for (const d of rows) {
      if (d.campaignId !== c.id) continue;
      const years = d.year !== null ? [d.year] : range(Number(first.slice(0, 4)), Number(last.slice(0, 4)));
      for (const year of years) {
        const dt = DateTime.fromObject({ year, month: d.month, day: d.day }, { zone: "UTC" });
        if (!dt.isValid) continue;
        const date = dt.toISODate()!;
        // A once-only deadline is kept wherever it falls; a yearly one only within the campaign.
        if (d.year === null && (date < first || date > last)) continue;
        out.push({
          kind: "allday",
          uid: `deadline-${d.id}-${year}@chibo`,
          sequence: 0,
          lastModified: utc(later(d.updatedAt, c.updatedAt)),
          date,
          summary: `Hạn báo cáo: ${d.title}`,
          description: `Hạn gửi báo cáo của chi bộ trong đợt sinh hoạt chuyên đề "${c.title}": ${d.title}.`,
          url: null,
        });
      }
    }
  }
  return out;
}

function range(a: number, b: number): number[] {
  const out: number[] = [];
  for (let y = a; y <= b; y++) out.push(y);
  return out;
}

async function campaignRows(db: DbOrTx, ids: string[]): Promise<CampaignRow[]> {
  if (ids.length === 0) return [];
  return db
    .select({
      id: campaigns.id,
      title: campaigns.title,
      firstMonth: campaigns.firstMonth,
      lastMonth: campaigns.lastMonth,
      updatedAt: campaigns.updatedAt,
    })
    .from(campaigns)
    .where(inArray(campaigns.id, ids))
    .orderBy(campaigns.firstMonth, campaigns.id);
}

/** The feed's iCal bytes. Deterministic: the same rows give the same bytes on every instance. */
export async function renderFeed(db: DbOrTx, publicUrl: string, state: FeedState): Promise<Buffer> {
  const events: (TimedEvent | AllDayEvent)[] = [];
  let name: string;
  let description: string;
  let timezone: string;

  if (state.kind === "committee") {
    const [c] = await db
      .select({ name: committees.name, ancestors: committees.ancestorIds })
      .from(committees)
      .where(eq(committees.id, state.scopeId));
    if (!c) throw notFound();
    const below = await db
      .select({ id: committees.id })
      .from(committees)
      .where(sql`${state.scopeId}::uuid = any(${committees.ancestorIds})`);
    const related = new Set([...c.ancestors, ...below.map((x) => x.id)]);
    const records = await loadMeetings(
      db,
      and(sql`${state.scopeId}::uuid = any(${committees.ancestorIds})`, gte(meetings.date, state.from)),
      publicUrl,
    );
    for (const r of records) {
      const ev = meetingEvent(r, null);
      // Hundreds of branches share one calendar: each event names its branch.
      events.push({ ...ev, summary: `${r.view.branchName} – ${ev.summary}` });
    }
    const camps = await campaignRows(db, [...new Set(records.map((r) => r.campaignId).filter(isString))]);
    events.push(...(await peakEvents(db, camps, (id) => id === null || related.has(id))));
    name = `Lịch sinh hoạt – Các chi bộ thuộc ${c.name.trim()}`;
    description = `Các buổi sinh hoạt chi bộ hằng tháng của các chi bộ thuộc ${c.name.trim()} và các ngày cao điểm.`;
    timezone = HOME_ZONE;
  } else {
    const [b] = await db
      .select({ name: branches.name, timezone: branches.timezone, ancestors: committees.ancestorIds })
      .from(branches)
      .innerJoin(committees, eq(committees.id, branches.committeeId))
      .where(eq(branches.id, state.scopeId));
    if (!b) throw notFound();
    const records = await loadMeetings(
      db,
      and(eq(meetings.branchId, state.scopeId), gte(meetings.date, state.from)),
      publicUrl,
    );
    for (const r of records) events.push(meetingEvent(r, FEED_ALARM_MINUTES));
    const camps = await campaignRows(db, [...new Set(records.map((r) => r.campaignId).filter(isString))]);
    events.push(...(await peakEvents(db, camps, (id) => id === null || b.ancestors.includes(id))));
    if (state.withDeadlines) events.push(...(await deadlineEvents(db, camps)));
    name = calendarName(b.name);
    description =
      `Kế hoạch sinh hoạt chi bộ hằng tháng của ${b.name.trim()}: chuyên đề từng tháng, các ngày cao điểm` +
      (state.withDeadlines ? " và các hạn báo cáo." : ".");
    timezone = b.timezone;
  }
  const ics = buildFeed({ name, description, timezone, refreshMinutes: FEED_REFRESH_MINUTES, events });
  return Buffer.from(ics, "utf8");
}

function isString(x: string | null): x is string {
  return x !== null;
}
