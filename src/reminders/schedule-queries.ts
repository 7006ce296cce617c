/**
 * The scheduler's statements: what it observes (meetings in the window, people, campaigns, peaks, deadlines)
 * and the set-based writes to the outbox (upserts in chunks, withdrawals as one UPDATE each).
 * No caller, no rules: which rows to plan is decided in reminder-schedule.ts from the domain's slots.
 */
import { and, eq, gt, inArray, isNotNull, lte, sql } from "drizzle-orm";
import type { DbOrTx } from "../db/client.ts";
import { branches, campaigns, committees, meetings, reminders, users } from "../db/schema.ts";
import { REASON } from "../domain/reminder-decision.ts";
import type { SecretaryUser } from "../domain/reminder-recipients.ts";

export type NewReminder = typeof reminders.$inferInsert;

/** Meetings starting in (after, until], with their branch's zone and their campaign's reminder offsets. */
export function meetingsStartingBetween(db: DbOrTx, after: Date, until: Date) {
  return db
    .select({
      id: meetings.id,
      regionId: meetings.regionId,
      branchId: meetings.branchId,
      date: meetings.date,
      startAt: meetings.startAt,
      status: meetings.status,
      revision: meetings.revision,
      timezone: branches.timezone,
      offsets: campaigns.reminderOffsets,
    })
    .from(meetings)
    .innerJoin(branches, and(eq(branches.id, meetings.branchId), eq(branches.regionId, meetings.regionId)))
    .leftJoin(campaigns, eq(campaigns.id, meetings.campaignId))
    .where(and(gt(meetings.startAt, after), lte(meetings.startAt, until)));
}

/** Enabled secretary accounts of these branches. */
export async function secretaryUsersOfBranches(db: DbOrTx, branchIds: string[]): Promise<SecretaryUser[]> {
  if (branchIds.length === 0) return [];
  return db
    .select({ id: users.id, email: users.email, branchId: users.branchId, memberId: users.memberId })
    .from(users)
    .where(and(eq(users.role, "secretary"), eq(users.disabled, false), inArray(users.branchId, branchIds)));
}

/** Enabled officer accounts of these committees. */
export async function officersOfCommittees(db: DbOrTx, committeeIds: string[]) {
  if (committeeIds.length === 0) return [];
  return db
    .select({
      id: users.id,
      email: users.email,
      committeeId: users.committeeId,
      regionId: committees.regionId,
    })
    .from(users)
    .innerJoin(committees, eq(committees.id, users.committeeId))
    .where(
      and(eq(users.role, "officer"), eq(users.disabled, false), inArray(users.committeeId, committeeIds)),
    );
}

/** Committee campaigns that run on some day of [from, until] (months: first ≤ until, last month ends after
 * from), and ended campaigns with a one-off deadline still ahead (`deadlineDates` keeps it after the
 * campaign, as the feed does). */
export function campaignsRunningBetween(db: DbOrTx, from: string, until: string) {
  return db
    .select({
      id: campaigns.id,
      committeeId: campaigns.committeeId,
      firstMonth: campaigns.firstMonth,
      lastMonth: campaigns.lastMonth,
    })
    .from(campaigns)
    .where(
      and(
        isNotNull(campaigns.committeeId),
        lte(campaigns.firstMonth, until),
        sql`((${campaigns.lastMonth} + interval '1 month') > ${from}::date or exists (
          select 1 from deadlines d where d.campaign_id = ${campaigns.id} and d.year is not null
            and d.year >= extract(year from ${from}::date)))`,
      ),
    );
}

/** Branches anywhere under these committees, with their committee's ancestry. */
export function branchesUnderCommittees(db: DbOrTx, committeeIds: string[]) {
  return db
    .select({
      id: branches.id,
      regionId: branches.regionId,
      name: branches.name,
      timezone: branches.timezone,
      ancestors: committees.ancestorIds,
    })
    .from(branches)
    .innerJoin(committees, eq(committees.id, branches.committeeId))
    .where(sql`${committees.ancestorIds} && ${sql.param(committeeIds)}::uuid[]`);
}

/**
 * Branches with fewer than `perQuarter` meetings of the given kinds held from `from` to `to` and no row of the
 * thematic reminder for `quarter` yet, with those meetings of the period (a branch with none comes once with
 * a null date): what `thematicReminderDue` then decides on. Two anti-joins, one pass each.
 */
export async function thematicCandidates(
  db: DbOrTx,
  p: { from: string; to: string; quarter: string; kinds: string[]; perQuarter: number },
) {
  const kinds = sql.join(
    p.kinds.map((k) => sql`${k}`),
    sql`, `,
  );
  const res = await db.execute<{
    branch_id: string;
    region_id: string;
    timezone: string;
    date: string | null;
    kind: "regular" | "thematic" | "combined" | null;
    status: "planned" | "held" | "cancelled" | null;
  }>(sql`
    select b.id as branch_id, b.region_id, b.timezone, m.date::text as date, m.kind, m.status
      from branches b
      left join meetings m on m.branch_id = b.id and m.region_id = b.region_id
        and m.date between ${p.from}::date and ${p.to}::date
     where (select count(*) from meetings h
             where h.branch_id = b.id and h.region_id = b.region_id and h.status = 'held'
               and h.kind::text in (${kinds}) and h.date between ${p.from}::date and ${p.to}::date) < ${p.perQuarter}
       and not exists (select 1 from reminders r
             where r.branch_id = b.id and r.region_id = b.region_id
               and r.kind::text = 'secretary_thematic' and r.slot = ${p.quarter})`);
  return res.rows;
}

const CHUNK = 1000;

/** Inserts new rows; with `replan`, a queued row whose due time moved (its meeting moved) takes the new one. */
export async function upsertReminders(db: DbOrTx, rows: NewReminder[], now: Date, replan: boolean) {
  let n = 0;
  for (let i = 0; i < rows.length; i += CHUNK) {
    const q = db.insert(reminders).values(rows.slice(i, i + CHUNK));
    const res = replan
      ? await q
          .onConflictDoUpdate({
            target: [reminders.key, reminders.channel, reminders.regionId],
            set: {
              dueAt: sql`excluded.due_at`,
              nextAttemptAt: sql`excluded.next_attempt_at`,
              revision: sql`excluded.revision`,
              updatedAt: now,
            },
            setWhere: sql`${reminders.state} = 'queued' and ${reminders.dueAt} <> excluded.due_at`,
          })
          .returning({ id: reminders.id })
      : await q.onConflictDoNothing().returning({ id: reminders.id });
    n += res.length;
  }
  return n;
}

/** Queued messages of cancelled meetings (not the cancellation notices themselves). */
export async function withdrawForCancelledMeetings(db: DbOrTx, now: Date): Promise<number> {
  const res = await db.execute(sql`
    update reminders r set state = 'withdrawn', last_response = ${REASON.meetingCancelled}, updated_at = ${now}
    from meetings m
    where r.meeting_id = m.id and r.state = 'queued' and m.status = 'cancelled'
      and r.kind in ('meeting_reminder', 'meeting_update', 'secretary_prepare', 'secretary_minutes')`);
  return res.rowCount ?? 0;
}

/** Queued optional messages to members who left, have no address or opted out. */
export async function withdrawForUnreachableMembers(db: DbOrTx, now: Date): Promise<number> {
  const res = await db.execute(sql`
    update reminders r set state = 'withdrawn', updated_at = ${now},
      last_response = case when mb.left_on is not null then ${REASON.memberLeft}::text
                           when mb.email is null then ${REASON.noEmail}::text
                           else ${REASON.optedOut}::text end
    from members mb
    where r.member_id = mb.id and r.state = 'queued' and r.kind in ('meeting_reminder', 'peak_notice')
      and (mb.left_on is not null or mb.email is null or mb.reminders_opted_out_at is not null)`);
  return res.rowCount ?? 0;
}

/** Members (still in, with an address) whose last invite of a meeting yet to start is older than the meeting. */
export async function staleInvites(db: DbOrTx, now: Date) {
  const res = await db.execute<{
    meeting_id: string;
    member_id: string;
    branch_id: string;
    region_id: string;
    revision: number;
    status: string;
    email: string | null;
  }>(sql`
    select r.meeting_id, r.member_id, m.branch_id, m.region_id, m.revision, m.status::text as status, mb.email
    from reminders r
    join meetings m on m.id = r.meeting_id and m.region_id = r.region_id
    join members mb on mb.id = r.member_id and mb.region_id = r.region_id
    where r.state = 'sent' and r.kind in ('meeting_reminder', 'meeting_update', 'meeting_cancel')
      and m.start_at > ${now} and mb.left_on is null and mb.email is not null
    group by r.meeting_id, r.member_id, m.branch_id, m.region_id, m.revision, m.status, mb.email
    having max(r.revision) < m.revision`);
  return res.rows;
}

/** Queued updates of an older revision than the given one, per (meeting, member): one statement for all. */
export async function withdrawOlderUpdates(
  db: DbOrTx,
  now: Date,
  newer: { meetingId: string; memberId: string; revision: number }[],
): Promise<void> {
  if (newer.length === 0) return;
  await db.execute(sql`
    update reminders r set state = 'withdrawn', last_response = ${REASON.replacedByNewer}, updated_at = ${now}
    from unnest(
      ${sql.param(newer.map((n) => n.meetingId))}::uuid[],
      ${sql.param(newer.map((n) => n.memberId))}::uuid[],
      ${sql.param(newer.map((n) => n.revision))}::int[]
    ) as v(meeting_id, member_id, revision)
    where r.meeting_id = v.meeting_id and r.member_id = v.member_id and r.state = 'queued'
      and r.kind = 'meeting_update' and r.revision < v.revision`);
}
