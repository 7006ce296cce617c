/**
 * Named reads of meetings as `MeetingRecord`s (see `meeting-view.ts`): one query for the meetings with
 * their branch, committee and topic, one for the peak dates of their campaigns and one for their branches'
 * sequence of meetings (which meeting stresses a peak), whatever the number of meetings. No caller, no rules: the services decide who may read what.
 */
import { type AnyColumn, and, asc, eq, gte, inArray, isNull, lt, lte, ne, type SQL, sql } from "drizzle-orm";
import { type DbOrTx, readsOf } from "../db/client.ts";
import { namedStatement } from "../db/prepared.ts";
import { branches, committees, meetings, peakDates, reminders, topics } from "../db/schema.ts";
import { civilDate } from "../domain/civil-date.ts";
import type { MeetingRule } from "../domain/meeting-rule.ts";
import { PEAK_WINDOW_DAYS } from "../domain/peaks.ts";
import { REASON } from "../domain/reminder-decision.ts";
import {
  type CampaignPeak,
  type MeetingRecord,
  type MeetingViewRow,
  type SequenceRow,
  stressedPeaks,
  toMeetingRecord,
} from "./meeting-view.ts";

/** Civil dates of the meetings read: `from` included, `before` excluded; either may be open. */
export interface DateRange {
  from?: string;
  before?: string;
}

const peakColumns = {
  id: peakDates.id,
  campaignId: peakDates.campaignId,
  committeeId: peakDates.committeeId,
  day: peakDates.day,
  month: peakDates.month,
  baseYear: peakDates.baseYear,
  name: peakDates.name,
  updatedAt: peakDates.updatedAt,
};

export async function campaignPeaks(db: DbOrTx, campaignIds: string[]): Promise<CampaignPeak[]> {
  if (campaignIds.length === 0) return [];
  return db
    .select(peakColumns)
    .from(peakDates)
    .where(inArray(peakDates.campaignId, campaignIds))
    .orderBy(asc(peakDates.month), asc(peakDates.day));
}

/** The meeting's own columns a view is made of, selected from the table or from an UPDATE's RETURNING. */
const meetingColumns = {
  id: meetings.id,
  branchId: meetings.branchId,
  campaignId: meetings.campaignId,
  month: meetings.month,
  date: meetings.date,
  startAt: meetings.startAt,
  endAt: meetings.endAt,
  place: meetings.place,
  onlineUrl: meetings.onlineUrl,
  status: meetings.status,
  cancelReason: meetings.cancelReason,
  revision: meetings.revision,
  updatedAt: meetings.updatedAt,
  edited: meetings.edited,
  topicSource: meetings.topicSource,
  topicId: meetings.topicId,
  makeupOf: meetings.makeupOf,
  offMonthReason: meetings.offMonthReason,
  kind: meetings.kind,
};

/** The meeting's columns (of `m`) plus those of its branch, committee and topic. */
type MeetingColumn = keyof typeof meetingColumns;

function viewColumns<M extends Record<MeetingColumn, AnyColumn>>(m: M) {
  const own = {} as { [K in MeetingColumn]: M[K] };
  for (const k of Object.keys(meetingColumns) as MeetingColumn[]) own[k] = m[k];
  return {
    ...own,
    regionId: branches.regionId,
    branchName: branches.name,
    timezone: branches.timezone,
    committeeId: branches.committeeId,
    ancestors: committees.ancestorIds,
    topicCode: topics.code,
    topicPart: topics.part,
    topicPartTitle: topics.partTitle,
    topicTitle: topics.title,
    topicPageStart: topics.pageStart,
    topicPageEnd: topics.pageEnd,
    topicPagesEstimated: topics.pagesEstimated,
    topicSummary: topics.summary,
    topicPrompts: topics.prompts,
    topicLinks: topics.links,
  };
}

/**
 * The meetings of the rows' branches that decide which peaks the rows stress: those that take place, from
 * the first row's date to PEAK_WINDOW_DAYS − 1 days past the last (a later meeting within a peak's window
 * takes the peak over).
 */
async function peakSequence(db: DbOrTx, rows: MeetingViewRow[]) {
  const withCampaign = rows.filter((r) => r.campaignId !== null);
  if (withCampaign.length === 0) return [];
  let first = withCampaign[0]!.date;
  let last = first;
  for (const r of withCampaign) {
    if (r.date < first) first = r.date;
    if (r.date > last) last = r.date;
  }
  const until = civilDate(last)
    .plus({ days: PEAK_WINDOW_DAYS - 1 })
    .toISODate()!;
  return db
    .select({
      id: meetings.id,
      branchId: meetings.branchId,
      campaignId: meetings.campaignId,
      date: meetings.date,
      status: meetings.status,
    })
    .from(meetings)
    .where(
      and(
        // One array parameter, whatever the number of branches (a country's feed has tens of thousands);
        // their regions too, so that a branch's or a province's read stays on its shard.
        sql`${meetings.regionId} = any(${sql.param([...new Set(withCampaign.map((r) => r.regionId))])}::uuid[])`,
        sql`${meetings.branchId} = any(${sql.param([...new Set(withCampaign.map((r) => r.branchId))])}::uuid[])`,
        ne(meetings.status, "cancelled"),
        gte(meetings.date, first),
        lte(meetings.date, until),
      ),
    );
}

async function toRecords(db: DbOrTx, rows: MeetingViewRow[], publicUrl: string): Promise<MeetingRecord[]> {
  const campaignIds = [...new Set(rows.map((r) => r.campaignId).filter((x): x is string => x !== null))];
  const [peaks, sequence] = await readsOf(db, [
    () => campaignPeaks(db, campaignIds),
    () => peakSequence(db, rows),
  ] as const);
  const ancestors = new Map(rows.map((r) => [r.branchId, r.ancestors]));
  const stressed = stressedPeaks(sequence, (b) => ancestors.get(b) ?? [], peaks);
  return rows.map((r) => toMeetingRecord(r, stressed.get(r.id) ?? [], publicUrl));
}

/** A view column's value as JSON gives it: timestamps as ISO strings, everything else as selected. */
type AsJson<T> = { [K in keyof T]: T[K] extends Date ? string : T[K] };

/**
 * Meetings matching `where` (over meetings, branches and committees), oldest first, with the peak dates of
 * their campaigns and their branches' sequence of meetings (which meeting stresses a peak: `peakSequence`'s
 * bounds, in SQL), in **one statement** answered as JSON: one round trip whatever the page. Private:
 * callers use the named reads below, so that none of them knows these joins.
 */
async function recordsWhere(db: DbOrTx, where: SQL | undefined, publicUrl: string) {
  const [row] = (await db.execute<RecordsRow>(recordsSql(where))).rows;
  return asRecords(row!, publicUrl);
}

type RecordsRow = { rows: AsJson<MeetingViewRow>[]; peaks: AsJson<CampaignPeak>[]; sequence: SequenceRow[] };

function recordsSql(where: SQL | undefined): SQL {
  return sql`with r as (
        select json_build_object(${VIEW_JSON}) as j, ${meetings.startAt} as s, ${meetings.id} as id,
               ${meetings.regionId} as region_id, ${meetings.branchId} as branch_id,
               ${meetings.campaignId} as campaign_id, ${meetings.date} as date
          from ${meetings}
          join ${branches} on ${branches.id} = ${meetings.branchId} and ${branches.regionId} = ${meetings.regionId}
          join ${committees} on ${committees.id} = ${branches.committeeId}
          left join ${topics} on ${topics.id} = ${meetings.topicId}
         where ${where ?? sql`true`}),
      c as (select region_id, branch_id, campaign_id, date from r where campaign_id is not null)
      select
        (select coalesce(json_agg(j order by s, id), '[]') from r) as rows,
        (select coalesce(json_agg(json_build_object(${PEAK_JSON}) order by ${peakDates.month}, ${peakDates.day}), '[]')
           from ${peakDates} where ${peakDates.campaignId} in (select campaign_id from c)) as peaks,
        (select coalesce(json_agg(json_build_object('id', q.id, 'branchId', q.branch_id, 'campaignId', q.campaign_id,
                'date', q.date, 'status', q.status)), '[]')
           from meetings q
          where q.region_id in (select region_id from c) and q.branch_id in (select branch_id from c)
            and q.status <> 'cancelled'
            and q.date >= (select min(date) from c)
            and q.date <= (select max(date) from c) + ${sql.raw(String(PEAK_WINDOW_DAYS - 1))}) as sequence`;
}

function asRecords(row: RecordsRow, publicUrl: string): MeetingRecord[] {
  const rows = row.rows.map(
    (r): MeetingViewRow => ({
      ...r,
      startAt: new Date(r.startAt),
      endAt: new Date(r.endAt),
      updatedAt: new Date(r.updatedAt),
    }),
  );
  const peaks = row.peaks.map((p): CampaignPeak => ({ ...p, updatedAt: new Date(p.updatedAt) }));
  const ancestors = new Map(rows.map((r) => [r.branchId, r.ancestors]));
  const stressed = stressedPeaks(row.sequence, (b) => ancestors.get(b) ?? [], peaks);
  return rows.map((r) => toMeetingRecord(r, stressed.get(r.id) ?? [], publicUrl));
}

/**
 * The reads every page view of a home or a plan runs (a member's, a branch's), prepared once per handle for
 * each shape of range (src/db/prepared.ts): values are the placeholders `region`, `branch` or `member`,
 * `from` and `before`.
 */
function preparedRecords(name: string, where: (range: DateRange) => SQL) {
  const shapes = [false, true].flatMap((from) =>
    [false, true].map((before) => {
      const range = {
        from: from ? (sql.placeholder("from") as unknown as string) : undefined,
        before: before ? (sql.placeholder("before") as unknown as string) : undefined,
      };
      return namedStatement<RecordsRow>(`${name}_${Number(from)}${Number(before)}`, () =>
        recordsSql(and(where(range), within(range))),
      );
    }),
  );
  return async (db: DbOrTx, values: Record<string, string>, range: DateRange, publicUrl: string) => {
    const run = shapes[(range.from ? 2 : 0) + (range.before ? 1 : 0)]!;
    const [row] = (await run(db, { ...values, from: range.from, before: range.before })).rows;
    return asRecords(row!, publicUrl);
  };
}

/** `json_build_object` arguments: each key of `columns` and its column. */
function jsonObject(columns: Record<string, AnyColumn>): SQL {
  return sql.join(
    Object.entries(columns).map(([k, c]) => sql`${sql.raw(`'${k}'`)}, ${c}`),
    sql`, `,
  );
}

const VIEW_JSON = jsonObject(viewColumns(meetingColumns));
const PEAK_JSON = jsonObject(peakColumns);

function within(range: DateRange): SQL | undefined {
  return and(
    range.from ? gte(meetings.date, range.from) : undefined,
    range.before ? lt(meetings.date, range.before) : undefined,
  );
}

/** A branch's meetings within `range`: on the branch's region (one shard, src/db/distribution.ts). */
export function meetingsOfBranch(
  db: DbOrTx,
  branch: { id: string; regionId: string },
  range: DateRange,
  publicUrl: string,
) {
  return branchRecords(db, { region: branch.regionId, branch: branch.id }, range, publicUrl);
}

const branchRecords = preparedRecords(
  "branch_meetings",
  () =>
    and(eq(meetings.regionId, sql.placeholder("region")), eq(meetings.branchId, sql.placeholder("branch")))!,
);

/** The meetings of a member's branch within `range` and within their membership there (joined on,
 * before they left). */
export function meetingsOfMember(
  db: DbOrTx,
  member: { id: string; regionId: string },
  range: DateRange,
  publicUrl: string,
) {
  return memberRecords(db, { region: member.regionId, member: member.id }, range, publicUrl);
}

const memberRecords = preparedRecords(
  "member_meetings",
  () => sql`${meetings.regionId} = ${sql.placeholder("region")}::uuid
    and exists (select 1 from members mb where mb.id = ${sql.placeholder("member")}::uuid
    and mb.region_id = ${meetings.regionId} and mb.branch_id = ${meetings.branchId}
    and (mb.joined_on is null or ${meetings.date} >= mb.joined_on)
    and (mb.left_on is null or ${meetings.date} < mb.left_on))`,
);

/** The meetings of every branch under a committee (at any depth) within `range`; `regionId` is the one
 * region of the subtree (`regionOfSubtree`), null for a committee above the provinces (every region). */
export function meetingsUnderCommittee(
  db: DbOrTx,
  committee: { id: string; regionId: string | null },
  range: DateRange,
  publicUrl: string,
) {
  return recordsWhere(
    db,
    and(
      committee.regionId ? eq(meetings.regionId, committee.regionId) : undefined,
      sql`${committee.id}::uuid = any(${committees.ancestorIds})`,
      within(range),
    ),
    publicUrl,
  );
}

export async function meetingById(db: DbOrTx, id: string, publicUrl: string): Promise<MeetingRecord | null> {
  const [r] = await recordsWhere(db, eq(meetings.id, id), publicUrl);
  return r ?? null;
}

/**
 * A meeting with its make-up relatives, in one read: the meeting it replaces (when it is a make-up) and
 * the make-up that replaces it. `record` is null when there is no such meeting.
 */
export async function meetingWithMakeups(db: DbOrTx, id: string, publicUrl: string) {
  const rows = await recordsWhere(
    db,
    sql`(${meetings.id} = ${id}::uuid or ${meetings.makeupOf} = ${id}::uuid
      or ${meetings.id} = (select mo.makeup_of from meetings mo where mo.id = ${id}::uuid))`,
    publicUrl,
  );
  const record = rows.find((r) => r.view.id === id) ?? null;
  return {
    record,
    replaces: (record?.makeupOf && rows.find((r) => r.view.id === record.makeupOf)) || null,
    replacedBy: rows.find((r) => r.makeupOf === id) ?? null,
  };
}

export function meetingsByIds(db: DbOrTx, ids: string[], publicUrl: string): Promise<MeetingRecord[]> {
  if (ids.length === 0) return Promise.resolve([]);
  return recordsWhere(db, inArray(meetings.id, ids), publicUrl);
}

/** Updates one meeting and reads its record back in the same statement (the UPDATE's RETURNING joined
 * to its branch and topic). Null when there is no such meeting. */
export async function updateMeetingRecord(
  db: DbOrTx,
  id: string,
  set: Partial<typeof meetings.$inferInsert>,
  publicUrl: string,
): Promise<MeetingRecord | null> {
  const changed = db
    .$with("changed")
    .as(db.update(meetings).set(set).where(eq(meetings.id, id)).returning(meetingColumns));
  const rows = await db
    .with(changed)
    .select(viewColumns(changed))
    .from(changed)
    .innerJoin(branches, eq(branches.id, changed.branchId))
    .innerJoin(committees, eq(committees.id, branches.committeeId))
    .leftJoin(topics, eq(topics.id, changed.topicId));
  const [r] = await toRecords(db, rows, publicUrl);
  return r ?? null;
}

/** Whether the topic is in the campaign's catalogue (a removed one is not). */
export async function isTopicOfCampaign(db: DbOrTx, topicId: string, campaignId: string): Promise<boolean> {
  const [t] = await db
    .select({ id: topics.id })
    .from(topics)
    .where(and(eq(topics.id, topicId), eq(topics.campaignId, campaignId), isNull(topics.removedAt)));
  return t !== undefined;
}

/** The branch's meeting rule (its "keep" shift asks for a warning on days off). */
export async function branchRuleOf(db: DbOrTx, branchId: string): Promise<MeetingRule | null> {
  const [b] = await db.select({ rule: branches.meetingRule }).from(branches).where(eq(branches.id, branchId));
  return b?.rule ?? null;
}

/** The make-up meeting that replaces `meetingId`, if there is one. */
export async function makeupFor(db: DbOrTx, meetingId: string): Promise<string | null> {
  const [m] = await db.select({ id: meetings.id }).from(meetings).where(eq(meetings.makeupOf, meetingId));
  return m?.id ?? null;
}

/** A new meeting row; returns its id. */
export async function insertMeeting(db: DbOrTx, row: typeof meetings.$inferInsert): Promise<string> {
  const [m] = await db.insert(meetings).values(row).returning({ id: meetings.id });
  return m!.id;
}

/** Reminders withdrawn because the meeting was cancelled, still due later: queued again when it is back on. */
export async function reviveCancelledReminders(db: DbOrTx, meetingId: string, now: Date): Promise<number> {
  const res = await db
    .update(reminders)
    .set({ state: "queued", lastResponse: null, nextAttemptAt: sql`${reminders.dueAt}`, updatedAt: now })
    .where(
      and(
        eq(reminders.meetingId, meetingId),
        eq(reminders.state, "withdrawn"),
        eq(reminders.lastResponse, REASON.meetingCancelled),
        gte(reminders.dueAt, now),
      ),
    )
    .returning({ id: reminders.id });
  return res.length;
}
