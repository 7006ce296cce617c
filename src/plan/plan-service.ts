/**
 * Planning a campaign for every branch below its committee, re-planning without touching what people
 * changed, and the secretary's own changes to a meeting. Every change bumps the meeting's revision (the
 * iCal SEQUENCE) and its updated_at (DTSTAMP), and is written to the audit trail.
 */
import { and, eq, sql } from "drizzle-orm";
import { DateTime } from "luxon";
import { recordAudit } from "../audit/audit.ts";
import { requireMeeting } from "../auth/policy.ts";
import type { Principal } from "../auth/principal.ts";
import { effectiveSchedule } from "../campaigns/schedule-service.ts";
import type { Db, DbOrTx } from "../db/client.ts";
import { branches, campaigns, committees, meetings, topics } from "../db/schema.ts";
import { isWorkingDay } from "../domain/holidays.ts";
import { meetingInterval, monthsBetween } from "../domain/meeting-rule.ts";
import { type PlannedMeeting, planBranches } from "../domain/plan.ts";
import { formatMonth } from "../domain/vi-format.ts";
import { holidaySet } from "../holidays/holiday-service.ts";
import { conflict, invalid, notFound } from "../http/errors.ts";

export interface PlanResult {
  branches: number;
  months: number;
  created: number;
  updated: number;
  /** Meetings of the plan not written: already as planned, or protected. */
  untouched: number;
  /** Meetings of the campaign that re-planning never changes: edited by a secretary, held, cancelled or past. */
  protected: number;
}

const CHUNK = 5000;

/** Plans (or re-plans) every branch below the campaign's committee. Runs under a per-campaign advisory
 * lock, so two requests at once leave the same result as one. */
export async function planCampaign(db: Db, campaignId: string, now: Date): Promise<PlanResult> {
  return db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`plan:${campaignId}`}))`);
    const [campaign] = await tx
      .select({
        committeeId: campaigns.committeeId,
        firstMonth: campaigns.firstMonth,
        lastMonth: campaigns.lastMonth,
      })
      .from(campaigns)
      .where(eq(campaigns.id, campaignId));
    if (!campaign) throw notFound("Không tìm thấy đợt sinh hoạt");
    if (!campaign.committeeId) {
      throw conflict("Đây là đợt sinh hoạt mẫu: hãy sao chép cho một cấp ủy rồi lập kế hoạch");
    }
    const months = monthsBetween(campaign.firstMonth.slice(0, 7), campaign.lastMonth.slice(0, 7));
    const schedule = await effectiveSchedule(tx, campaignId);
    const holidays = await holidaySet(tx, `${months[0]}-01`, `${months.at(-1)}-31`);
    const working = (d: string) => isWorkingDay(d, holidays);
    const branchRows = await tx
      .select({
        id: branches.id,
        rule: branches.meetingRule,
        timezone: branches.timezone,
        place: branches.place,
        onlineUrl: branches.onlineUrl,
      })
      .from(branches)
      .innerJoin(committees, eq(committees.id, branches.committeeId))
      .where(sql`${campaign.committeeId}::uuid = any(${committees.ancestorIds})`);

    const topicOf = (month: string) => schedule.get(month)?.topicId ?? null;
    let created = 0;
    let updated = 0;
    let batch: PlannedMeeting[] = [];
    const flush = async () => {
      if (batch.length === 0) return;
      const r = await upsertPlanned(tx, campaignId, batch, now);
      created += r.created;
      updated += r.updated;
      batch = [];
    };
    const planned = planBranches(branchRows, months, topicOf, working);
    for (let i = 0; i < planned.length; i += CHUNK) {
      batch = planned.slice(i, i + CHUNK);
      await flush();
    }
    const total = branchRows.length * months.length;
    const [kept] = await tx
      .select({ n: sql<number>`count(*)::int` })
      .from(meetings)
      .where(
        and(
          eq(meetings.campaignId, campaignId),
          sql`(${meetings.edited} or ${meetings.status} <> 'planned' or ${meetings.startAt} <= ${now.toISOString()}::timestamptz)`,
        ),
      );
    return {
      branches: branchRows.length,
      months: months.length,
      created,
      updated,
      untouched: total - created - updated,
      protected: kept?.n ?? 0,
    };
  });
}

/** One statement per chunk: insert new meetings; update those still untouched, in the future, of this
 * campaign, and actually different (so that re-planning the same thing changes no revision). */
async function upsertPlanned(tx: DbOrTx, campaignId: string, rows: PlannedMeeting[], now: Date) {
  // Each column travels as one array parameter: one bind per column, whatever the number of rows.
  const col = <T>(f: (r: PlannedMeeting) => T) => sql.param(rows.map(f));
  const nowIso = now.toISOString();
  const result = await tx.execute<{ inserted: boolean }>(sql`
    insert into meetings (branch_id, campaign_id, month, date, start_at, end_at, place, online_url, topic_id, created_at, updated_at)
    select x.branch_id, ${campaignId}::uuid, x.month, x.date, x.start_at, x.end_at, x.place, x.online_url, x.topic_id,
           ${nowIso}::timestamptz, ${nowIso}::timestamptz
    from unnest(
      ${col((r) => r.branchId)}::uuid[], ${col((r) => r.month)}::date[], ${col((r) => r.date)}::date[],
      ${col((r) => r.startAt.toISOString())}::timestamptz[], ${col((r) => r.endAt.toISOString())}::timestamptz[],
      ${col((r) => r.place)}::text[], ${col((r) => r.onlineUrl)}::text[], ${col((r) => r.topicId)}::uuid[]
    ) as x(branch_id, month, date, start_at, end_at, place, online_url, topic_id)
    on conflict (branch_id, month) do update set
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

export type MeetingRow = typeof meetings.$inferSelect;

/** A meeting the caller may change (the branch's secretary or committee reach), locked for the change. */
async function lockMeeting(tx: DbOrTx, p: Principal, id: string) {
  const { meeting: m, branch } = await requireMeeting(tx, p, id, "secretary", { lock: true });
  return { m, branch };
}

function snapshot(m: MeetingRow) {
  return {
    date: m.date,
    startAt: m.startAt.toISOString(),
    endAt: m.endAt.toISOString(),
    place: m.place,
    onlineUrl: m.onlineUrl,
    topicId: m.topicId,
    status: m.status,
    cancelReason: m.cancelReason,
  };
}

async function applyChange(
  tx: DbOrTx,
  p: Principal,
  m: MeetingRow,
  action: string,
  set: Partial<typeof meetings.$inferInsert>,
  now: Date,
) {
  const [after] = await tx
    .update(meetings)
    .set({ ...set, edited: true, revision: m.revision + 1, updatedAt: now })
    .where(eq(meetings.id, m.id))
    .returning();
  await recordAudit(tx, {
    at: now,
    actorUserId: p.userId,
    entity: "meeting",
    entityId: m.id,
    branchId: m.branchId,
    action,
    before: snapshot(m),
    after: snapshot(after!),
  });
  return after!;
}

export interface MoveInput {
  date?: string;
  startTime?: string;
  durationMinutes?: number;
  place?: string | null;
  onlineUrl?: string | null;
}

/** The secretary moves the meeting (date, time, place). It stays in its month: one meeting a month. */
export async function moveMeeting(db: Db, p: Principal, id: string, input: MoveInput, now: Date) {
  return db.transaction(async (tx) => {
    const { m, branch } = await lockMeeting(tx, p, id);
    if (m.status !== "planned") throw conflict("Chỉ dời được buổi sinh hoạt chưa diễn ra và chưa bị hủy");
    const date = input.date ?? m.date;
    if (date.slice(0, 7) !== m.month.slice(0, 7)) {
      throw invalid("body.date", `phải trong ${formatMonth(m.month.slice(0, 7))}`);
    }
    const currentStart = DateTime.fromJSDate(m.startAt, { zone: branch.timezone });
    const startTime = input.startTime ?? currentStart.toFormat("HH:mm");
    const duration = input.durationMinutes ?? Math.round((m.endAt.getTime() - m.startAt.getTime()) / 60_000);
    const { start, end } = meetingInterval(date, startTime, duration, branch.timezone);
    const set: Partial<typeof meetings.$inferInsert> = {
      date,
      startAt: start.toJSDate(),
      endAt: end.toJSDate(),
    };
    if (input.place !== undefined) set.place = input.place?.normalize("NFC").trim() || null;
    if (input.onlineUrl !== undefined) set.onlineUrl = input.onlineUrl;
    return applyChange(tx, p, m, "move", set, now);
  });
}

export async function cancelMeeting(db: Db, p: Principal, id: string, reason: string, now: Date) {
  return db.transaction(async (tx) => {
    const { m } = await lockMeeting(tx, p, id);
    if (m.status === "cancelled") throw conflict("Buổi sinh hoạt đã bị hủy");
    if (m.status === "held") throw conflict("Buổi sinh hoạt đã diễn ra");
    return applyChange(
      tx,
      p,
      m,
      "cancel",
      { status: "cancelled", cancelReason: reason.normalize("NFC").trim() },
      now,
    );
  });
}

/** The secretary takes another topic of the campaign for their month; the plan keeps who chose it. */
export async function changeTopic(db: Db, p: Principal, id: string, topicId: string, now: Date) {
  return db.transaction(async (tx) => {
    const { m } = await lockMeeting(tx, p, id);
    if (m.status === "cancelled") throw conflict("Buổi sinh hoạt đã bị hủy");
    const [t] = await tx
      .select({ id: topics.id })
      .from(topics)
      .where(and(eq(topics.id, topicId), m.campaignId ? eq(topics.campaignId, m.campaignId) : sql`false`));
    if (!t) throw invalid("body.topicId", "không thuộc đợt sinh hoạt của buổi này");
    return applyChange(
      tx,
      p,
      m,
      "change_topic",
      { topicId, topicSource: "secretary", topicChosenBy: p.userId },
      now,
    );
  });
}
