/**
 * Study campaigns and their catalogue: topics, peak dates, report deadlines, events and the committee's
 * month → topic schedule. A campaign with no committee is a template shipped with the service: everyone
 * signed in reads it, only admins change it, and a committee starts it by copying it.
 *
 * Reach: admins manage everything; an officer manages the campaigns of committees in their subtree and
 * reads those of the committees above theirs (their branches take part in them); secretaries and members
 * read the campaigns of the committees above their branch. Anything else is reported as not found.
 */
import { and, asc, eq, sql } from "drizzle-orm";
import { DateTime } from "luxon";
import { recordAudit } from "../audit/audit.ts";
import {
  type CampaignLevel,
  callerAncestors,
  campaignReachSql,
  requireCampaign,
  requireCommittee,
} from "../auth/policy.ts";
import type { Principal } from "../auth/principal.ts";
import type { Db, DbOrTx } from "../db/client.ts";
import {
  campaignEvents,
  campaigns,
  committees,
  deadlines,
  peakDates,
  topicSchedule,
  topics,
} from "../db/schema.ts";
import { monthsBetween } from "../domain/meeting-rule.ts";
import { completeSchedule, scheduleProblems } from "../domain/topic-rotation.ts";
import { conflict, invalid, notFound } from "../http/errors.ts";

/** Longest campaign accepted: ten years of monthly meetings. */
export const MAX_CAMPAIGN_MONTHS = 120;

const MONTH_RE = /^\d{4}-(0[1-9]|1[0-2])$/;
/** Days of each month, 29/2 allowed: an anniversary or a yearly deadline may fall on it. */
const DAYS_IN_MONTH = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** One-line text: NFC, spaces collapsed. */
const line = (s: string) => s.normalize("NFC").replace(/\s+/g, " ").trim();
/** Multi-line text: NFC, line breaks kept. */
const block = (s: string) => s.normalize("NFC").trim();

const toMonth = (d: string) => d.slice(0, 7);
const toDate = (m: string) => `${m}-01`;

type CampaignRow = typeof campaigns.$inferSelect;

// ------------------------------------------------------------------------------------------- campaigns

function campaignOut(c: CampaignRow, level: CampaignLevel) {
  return {
    id: c.id,
    committeeId: c.committeeId,
    template: c.committeeId === null,
    canEdit: level === "manage",
    title: c.title,
    bookTitle: c.bookTitle,
    bookAuthor: c.bookAuthor,
    description: c.description,
    firstMonth: toMonth(c.firstMonth),
    lastMonth: toMonth(c.lastMonth),
    quorum: Number(c.quorum),
    minutesDueDays: c.minutesDueDays,
    reminderOffsets: c.reminderOffsets,
    seedKey: c.seedKey,
  };
}

function checkRange(
  first: string,
  last: string,
  fields = { first: "body.firstMonth", last: "body.lastMonth" },
) {
  if (!MONTH_RE.test(first)) throw invalid(fields.first, "phải có dạng yyyy-MM");
  if (!MONTH_RE.test(last)) throw invalid(fields.last, "phải có dạng yyyy-MM");
  if (last < first) throw invalid(fields.last, "tháng kết thúc không được trước tháng bắt đầu");
  if (monthsBetween(first, last).length > MAX_CAMPAIGN_MONTHS) {
    throw invalid(fields.last, `một đợt sinh hoạt dài tối đa ${MAX_CAMPAIGN_MONTHS} tháng`);
  }
}

export async function listCampaigns(db: DbOrTx, p: Principal) {
  const reach = campaignReachSql(p, p.role === "admin" ? [] : await callerAncestors(db, p));
  const rows = await db
    .select({ campaign: campaigns, ancestorIds: committees.ancestorIds })
    .from(campaigns)
    .leftJoin(committees, eq(committees.id, campaigns.committeeId))
    .where(reach)
    .orderBy(sql`${campaigns.committeeId} is not null`, asc(campaigns.firstMonth), asc(campaigns.title));
  return rows.map(({ campaign, ancestorIds }) => {
    const manage =
      p.role === "admin" ||
      (campaign.committeeId !== null &&
        p.role === "officer" &&
        !!p.committeeId &&
        !!ancestorIds?.includes(p.committeeId));
    return campaignOut(campaign, manage ? "manage" : "read");
  });
}

export interface CampaignFields {
  title: string;
  bookTitle: string;
  bookAuthor?: string;
  description?: string;
  firstMonth: string;
  lastMonth: string;
  quorum?: number;
  minutesDueDays?: number;
  reminderOffsets?: { days: number; at: string }[];
}

function campaignValues(input: Partial<CampaignFields>) {
  return {
    ...(input.title !== undefined ? { title: line(input.title) } : {}),
    ...(input.bookTitle !== undefined ? { bookTitle: line(input.bookTitle) } : {}),
    ...(input.bookAuthor !== undefined ? { bookAuthor: line(input.bookAuthor) } : {}),
    ...(input.description !== undefined ? { description: block(input.description) } : {}),
    ...(input.firstMonth !== undefined ? { firstMonth: toDate(input.firstMonth) } : {}),
    ...(input.lastMonth !== undefined ? { lastMonth: toDate(input.lastMonth) } : {}),
    ...(input.quorum !== undefined ? { quorum: input.quorum.toFixed(3) } : {}),
    ...(input.minutesDueDays !== undefined ? { minutesDueDays: input.minutesDueDays } : {}),
    ...(input.reminderOffsets !== undefined ? { reminderOffsets: input.reminderOffsets } : {}),
  };
}

function checkText(input: { title?: string; bookTitle?: string }) {
  if (input.title !== undefined && !line(input.title)) throw invalid("body.title", "không được để trống");
  if (input.bookTitle !== undefined && !line(input.bookTitle))
    throw invalid("body.bookTitle", "không được để trống");
}

export async function createCampaign(
  db: Db,
  p: Principal,
  input: CampaignFields & { committeeId: string },
  now: Date,
) {
  await requireCommittee(db, p, input.committeeId, "manage");
  checkRange(input.firstMonth, input.lastMonth);
  checkText(input);
  return db.transaction(async (tx) => {
    const [row] = await tx
      .insert(campaigns)
      .values({
        committeeId: input.committeeId,
        ...campaignValues(input),
        title: line(input.title),
        bookTitle: line(input.bookTitle),
        firstMonth: toDate(input.firstMonth),
        lastMonth: toDate(input.lastMonth),
        createdAt: now,
        updatedAt: now,
      })
      .returning();
    await recordAudit(tx, {
      at: now,
      actorUserId: p.userId,
      entity: "campaign",
      entityId: row!.id,
      branchId: null,
      action: "create",
      after: campaignOut(row!, "manage"),
    });
    return campaignOut(row!, "manage");
  });
}

async function fixedMonthsOutside(db: DbOrTx, campaignId: string, first: string, last: string) {
  return db
    .select({ month: topicSchedule.month })
    .from(topicSchedule)
    .where(
      and(
        eq(topicSchedule.campaignId, campaignId),
        eq(topicSchedule.fixed, true),
        sql`(${topicSchedule.month} < ${toDate(first)}::date or ${topicSchedule.month} > ${toDate(last)}::date)`,
      ),
    )
    .orderBy(asc(topicSchedule.month));
}

export async function updateCampaign(
  db: Db,
  p: Principal,
  id: string,
  input: Partial<CampaignFields>,
  now: Date,
) {
  return db.transaction(async (tx) => {
    const { campaign } = await requireCampaign(tx, p, id, "manage");
    const first = input.firstMonth ?? toMonth(campaign.firstMonth);
    const last = input.lastMonth ?? toMonth(campaign.lastMonth);
    checkRange(first, last, {
      first: "body.firstMonth",
      last: input.lastMonth !== undefined ? "body.lastMonth" : "body.firstMonth",
    });
    checkText(input);
    const outside = await fixedMonthsOutside(tx, id, first, last);
    if (outside.length) {
      const field =
        input.firstMonth !== undefined && toMonth(outside[0]!.month) < first
          ? "body.firstMonth"
          : "body.lastMonth";
      throw invalid(
        field,
        `các tháng ${outside.map((o) => toMonth(o.month)).join(", ")} đã được ấn định chủ đề và sẽ nằm ngoài đợt; hãy bỏ ấn định trước`,
      );
    }
    const [row] = await tx
      .update(campaigns)
      .set({ ...campaignValues(input), updatedAt: now })
      .where(eq(campaigns.id, id))
      .returning();
    await recordAudit(tx, {
      at: now,
      actorUserId: p.userId,
      entity: "campaign",
      entityId: id,
      branchId: null,
      action: "update",
      before: campaignOut(campaign, "manage"),
      after: campaignOut(row!, "manage"),
    });
    return campaignOut(row!, "manage");
  });
}

function monthIndex(m: string): number {
  const [y, mo] = m.split("-").map(Number) as [number, number];
  return y * 12 + mo - 1;
}

/** A date moved by whole months; luxon keeps the day or takes the month's last day. */
function shiftDate(date: string, months: number): string {
  return DateTime.fromISO(date, { zone: "UTC" }).plus({ months }).toISODate()!;
}

/**
 * Copies a campaign (a template, or any campaign in the caller's sight) with its catalogue, peak dates,
 * deadlines and events into a new campaign of `committeeId`. Events move with the campaign's start (an
 * introduction conference a month before the first topic stays a month before it); one-off deadlines move
 * by whole years; yearly ones stay. Local peak dates are kept only when they concern the new committee (its
 * subtree or above it). The committee's fixed months are not copied: the new committee sets its own.
 */
export async function copyCampaign(
  db: Db,
  p: Principal,
  sourceId: string,
  input: { committeeId: string; firstMonth: string; lastMonth: string; title?: string },
  now: Date,
) {
  const { campaign: src } = await requireCampaign(db, p, sourceId, "read");
  const target = await requireCommittee(db, p, input.committeeId, "manage");
  checkRange(input.firstMonth, input.lastMonth);
  if (input.title !== undefined) checkText({ title: input.title });
  const offset = monthIndex(input.firstMonth) - monthIndex(toMonth(src.firstMonth));
  const yearOffset = Math.round(offset / 12);
  const stamps = { createdAt: now, updatedAt: now };
  return db.transaction(async (tx) => {
    const [row] = await tx
      .insert(campaigns)
      .values({
        committeeId: target.id,
        title: input.title !== undefined ? line(input.title) : src.title,
        bookTitle: src.bookTitle,
        bookAuthor: src.bookAuthor,
        description: src.description,
        firstMonth: toDate(input.firstMonth),
        lastMonth: toDate(input.lastMonth),
        quorum: src.quorum,
        minutesDueDays: src.minutesDueDays,
        reminderOffsets: src.reminderOffsets,
        seedKey: null,
        ...stamps,
      })
      .returning();
    const id = row!.id;
    const srcTopics = await tx
      .select()
      .from(topics)
      .where(eq(topics.campaignId, sourceId))
      .orderBy(asc(topics.position));
    if (srcTopics.length) {
      await tx.insert(topics).values(
        srcTopics.map(({ id: _id, campaignId: _c, createdAt: _a, updatedAt: _u, ...t }, i) => ({
          ...t,
          position: i + 1,
          campaignId: id,
          ...stamps,
        })),
      );
    }
    const srcPeaks = await tx
      .select({ peak: peakDates, ancestorIds: committees.ancestorIds })
      .from(peakDates)
      .leftJoin(committees, eq(committees.id, peakDates.committeeId))
      .where(eq(peakDates.campaignId, sourceId));
    const relevant = srcPeaks.filter(
      ({ peak, ancestorIds }) =>
        peak.committeeId === null ||
        ancestorIds?.includes(target.id) ||
        target.ancestorIds.includes(peak.committeeId),
    );
    if (relevant.length) {
      await tx.insert(peakDates).values(
        relevant.map(({ peak: { id: _id, campaignId: _c, createdAt: _a, updatedAt: _u, ...pk } }) => ({
          ...pk,
          campaignId: id,
          ...stamps,
        })),
      );
    }
    const srcDeadlines = await tx.select().from(deadlines).where(eq(deadlines.campaignId, sourceId));
    if (srcDeadlines.length) {
      await tx.insert(deadlines).values(
        srcDeadlines.map(({ id: _id, campaignId: _c, createdAt: _a, updatedAt: _u, ...d }) => {
          if (d.year === null) return { ...d, campaignId: id, ...stamps };
          const year = d.year + yearOffset;
          // 29/2 of a one-off deadline lands on 28/2 in a common year.
          const day = Math.min(d.day, DateTime.utc(year, d.month, 1).daysInMonth!);
          return { ...d, year, day, campaignId: id, ...stamps };
        }),
      );
    }
    const srcEvents = await tx.select().from(campaignEvents).where(eq(campaignEvents.campaignId, sourceId));
    if (srcEvents.length) {
      await tx.insert(campaignEvents).values(
        srcEvents.map(({ id: _id, campaignId: _c, createdAt: _a, updatedAt: _u, ...e }) => ({
          ...e,
          date: shiftDate(e.date, offset),
          campaignId: id,
          ...stamps,
        })),
      );
    }
    await recordAudit(tx, {
      at: now,
      actorUserId: p.userId,
      entity: "campaign",
      entityId: id,
      branchId: null,
      action: "copy",
      before: { sourceId },
      after: campaignOut(row!, "manage"),
    });
    return campaignOut(row!, "manage");
  });
}

const topicColumns = {
  id: topics.id,
  position: topics.position,
  code: topics.code,
  part: topics.part,
  partTitle: topics.partTitle,
  title: topics.title,
  pageStart: topics.pageStart,
  pageEnd: topics.pageEnd,
  summary: topics.summary,
  prompts: topics.prompts,
  links: topics.links,
};
const peakColumns = {
  id: peakDates.id,
  day: peakDates.day,
  month: peakDates.month,
  baseYear: peakDates.baseYear,
  name: peakDates.name,
  committeeId: peakDates.committeeId,
};
const deadlineColumns = {
  id: deadlines.id,
  day: deadlines.day,
  month: deadlines.month,
  year: deadlines.year,
  audience: deadlines.audience,
  title: deadlines.title,
};
const eventColumns = {
  id: campaignEvents.id,
  date: campaignEvents.date,
  title: campaignEvents.title,
  description: campaignEvents.description,
};

async function catalogue(db: DbOrTx, campaignId: string) {
  return db
    .select(topicColumns)
    .from(topics)
    .where(eq(topics.campaignId, campaignId))
    .orderBy(asc(topics.position), asc(topics.createdAt), asc(topics.code));
}

export async function getCampaign(db: DbOrTx, p: Principal, id: string) {
  const { campaign, level } = await requireCampaign(db, p, id, "read");
  const [topicRows, peaks, dls, events, schedule] = await Promise.all([
    catalogue(db, id),
    db
      .select(peakColumns)
      .from(peakDates)
      .where(eq(peakDates.campaignId, id))
      .orderBy(asc(peakDates.month), asc(peakDates.day)),
    db
      .select(deadlineColumns)
      .from(deadlines)
      .where(eq(deadlines.campaignId, id))
      .orderBy(sql`${deadlines.year} nulls first`, asc(deadlines.month), asc(deadlines.day)),
    db
      .select(eventColumns)
      .from(campaignEvents)
      .where(eq(campaignEvents.campaignId, id))
      .orderBy(asc(campaignEvents.date)),
    scheduleOf(db, campaign),
  ]);
  return {
    ...campaignOut(campaign, level),
    topics: topicRows,
    peakDates: peaks,
    deadlines: dls,
    events,
    schedule: schedule.months,
    scheduleProblems: schedule.scheduleProblems,
  };
}

// ---------------------------------------------------------------------------------------------- topics

export interface TopicFields {
  code: string;
  part: number;
  partTitle?: string;
  title: string;
  pageStart?: number | null;
  pageEnd?: number | null;
  summary?: string;
  prompts?: string[];
  links?: { title: string; url: string }[];
}

function topicValues(input: Partial<TopicFields>) {
  return {
    ...(input.code !== undefined ? { code: input.code.trim() } : {}),
    ...(input.part !== undefined ? { part: input.part } : {}),
    ...(input.partTitle !== undefined ? { partTitle: line(input.partTitle) } : {}),
    ...(input.title !== undefined ? { title: line(input.title) } : {}),
    ...(input.pageStart !== undefined ? { pageStart: input.pageStart } : {}),
    ...(input.pageEnd !== undefined ? { pageEnd: input.pageEnd } : {}),
    ...(input.summary !== undefined ? { summary: block(input.summary) } : {}),
    ...(input.prompts !== undefined ? { prompts: input.prompts.map(block).filter(Boolean) } : {}),
    ...(input.links !== undefined
      ? { links: input.links.map((l) => ({ title: line(l.title), url: l.url })) }
      : {}),
  };
}

function checkPages(start: number | null | undefined, end: number | null | undefined) {
  if (start != null && end != null && end < start)
    throw invalid("body.pageEnd", "trang cuối không được nhỏ hơn trang đầu");
  if ((start == null) !== (end == null)) {
    throw invalid(
      start == null ? "body.pageStart" : "body.pageEnd",
      "cần cả trang đầu và trang cuối, hoặc bỏ trống cả hai",
    );
  }
}

/** A unique violation on the topic code → 409 naming the field. */
function duplicateCode(err: unknown, field = "body.code"): never {
  const e = err as { code?: string; constraint?: string; cause?: { code?: string; constraint?: string } };
  const pgErr = e.cause ?? e;
  if (pgErr.code === "23505" && pgErr.constraint === "topics_campaign_code_uq") {
    throw conflict("Mã chủ đề đã có trong danh mục của đợt sinh hoạt", [
      { field, reason: "đã được dùng cho một chủ đề khác của đợt này" },
    ]);
  }
  throw err;
}

export async function addTopic(db: Db, p: Principal, campaignId: string, input: TopicFields, now: Date) {
  await requireCampaign(db, p, campaignId, "manage");
  checkPages(input.pageStart, input.pageEnd);
  if (!line(input.title)) throw invalid("body.title", "không được để trống");
  try {
    return await db.transaction(async (tx) => {
      const [{ next } = { next: 1 }] = await tx
        .select({ next: sql<number>`coalesce(max(${topics.position}), 0)::int + 1` })
        .from(topics)
        .where(eq(topics.campaignId, campaignId));
      const [row] = await tx
        .insert(topics)
        .values({
          campaignId,
          position: next,
          code: "",
          part: 0,
          title: "",
          ...topicValues(input),
          createdAt: now,
          updatedAt: now,
        })
        .returning(topicColumns);
      return row!;
    });
  } catch (err) {
    duplicateCode(err);
  }
}

async function requireTopic(db: DbOrTx, campaignId: string, topicId: string) {
  const [t] = await db
    .select(topicColumns)
    .from(topics)
    .where(and(eq(topics.id, topicId), eq(topics.campaignId, campaignId)));
  if (!t) throw notFound("Không tìm thấy chủ đề");
  return t;
}

export async function updateTopic(
  db: Db,
  p: Principal,
  campaignId: string,
  topicId: string,
  input: Partial<TopicFields>,
  now: Date,
) {
  await requireCampaign(db, p, campaignId, "manage");
  const current = await requireTopic(db, campaignId, topicId);
  checkPages(
    input.pageStart !== undefined ? input.pageStart : current.pageStart,
    input.pageEnd !== undefined ? input.pageEnd : current.pageEnd,
  );
  if (input.title !== undefined && !line(input.title)) throw invalid("body.title", "không được để trống");
  try {
    const [row] = await db
      .update(topics)
      .set({ ...topicValues(input), updatedAt: now })
      .where(and(eq(topics.id, topicId), eq(topics.campaignId, campaignId)))
      .returning(topicColumns);
    return row!;
  } catch (err) {
    duplicateCode(err);
  }
}

/** Puts the catalogue in the given order; `codes` must name every topic of the campaign exactly once. */
export async function reorderTopics(db: Db, p: Principal, campaignId: string, codes: string[], now: Date) {
  await requireCampaign(db, p, campaignId, "manage");
  return db.transaction(async (tx) => {
    const current = await catalogue(tx, campaignId);
    const known = new Set(current.map((t) => t.code));
    const seen = new Set<string>();
    for (const [i, code] of codes.entries()) {
      if (!known.has(code)) throw invalid(`body.codes.${i}`, `mã "${code}" không có trong danh mục`);
      if (seen.has(code)) throw invalid(`body.codes.${i}`, `mã "${code}" bị lặp lại`);
      seen.add(code);
    }
    const missing = current.filter((t) => !seen.has(t.code)).map((t) => t.code);
    if (missing.length) throw invalid("body.codes", `thiếu các mã: ${missing.join(", ")}`);
    for (const [i, code] of codes.entries()) {
      await tx
        .update(topics)
        .set({ position: i + 1, updatedAt: now })
        .where(and(eq(topics.campaignId, campaignId), eq(topics.code, code)));
    }
    return catalogue(tx, campaignId);
  });
}

// ------------------------------------------------------------------------------------ peaks, deadlines

function checkDayMonth(day: number, month: number, year: number | null = null) {
  if (month < 1 || month > 12) throw invalid("body.month", "tháng phải từ 1 đến 12");
  const max = year === null ? DAYS_IN_MONTH[month - 1]! : DateTime.utc(year, month, 1).daysInMonth!;
  if (day < 1 || day > max) {
    throw invalid("body.day", `tháng ${month}${year === null ? "" : `/${year}`} không có ngày ${day}`);
  }
}

/** A local peak date belongs to a committee in the campaign's subtree or above it; a template takes any. */
async function checkPeakCommittee(
  db: DbOrTx,
  campaign: CampaignRow,
  ancestorIds: string[],
  committeeId: string,
) {
  const [c] = await db
    .select({ id: committees.id, ancestorIds: committees.ancestorIds })
    .from(committees)
    .where(eq(committees.id, committeeId));
  if (!c) throw invalid("body.committeeId", "không tồn tại cấp ủy này");
  if (campaign.committeeId === null) return;
  if (!c.ancestorIds.includes(campaign.committeeId) && !ancestorIds.includes(c.id)) {
    throw invalid("body.committeeId", "cấp ủy này không thuộc phạm vi của đợt sinh hoạt");
  }
}

export interface PeakFields {
  day: number;
  month: number;
  baseYear: number;
  name: string;
  committeeId?: string | null;
}

export async function addPeak(db: Db, p: Principal, campaignId: string, input: PeakFields, now: Date) {
  const { campaign, ancestorIds } = await requireCampaign(db, p, campaignId, "manage");
  checkDayMonth(input.day, input.month);
  if (!line(input.name)) throw invalid("body.name", "không được để trống");
  if (input.committeeId) await checkPeakCommittee(db, campaign, ancestorIds, input.committeeId);
  const [row] = await db
    .insert(peakDates)
    .values({
      campaignId,
      day: input.day,
      month: input.month,
      baseYear: input.baseYear,
      name: line(input.name),
      committeeId: input.committeeId ?? null,
      createdAt: now,
      updatedAt: now,
    })
    .returning(peakColumns);
  return row!;
}

export async function updatePeak(
  db: Db,
  p: Principal,
  campaignId: string,
  peakId: string,
  input: Partial<PeakFields>,
  now: Date,
) {
  const { campaign, ancestorIds } = await requireCampaign(db, p, campaignId, "manage");
  const [cur] = await db
    .select(peakColumns)
    .from(peakDates)
    .where(and(eq(peakDates.id, peakId), eq(peakDates.campaignId, campaignId)));
  if (!cur) throw notFound("Không tìm thấy ngày kỷ niệm");
  checkDayMonth(input.day ?? cur.day, input.month ?? cur.month);
  if (input.name !== undefined && !line(input.name)) throw invalid("body.name", "không được để trống");
  if (input.committeeId) await checkPeakCommittee(db, campaign, ancestorIds, input.committeeId);
  const [row] = await db
    .update(peakDates)
    .set({
      ...(input.day !== undefined ? { day: input.day } : {}),
      ...(input.month !== undefined ? { month: input.month } : {}),
      ...(input.baseYear !== undefined ? { baseYear: input.baseYear } : {}),
      ...(input.name !== undefined ? { name: line(input.name) } : {}),
      ...(input.committeeId !== undefined ? { committeeId: input.committeeId } : {}),
      updatedAt: now,
    })
    .where(eq(peakDates.id, peakId))
    .returning(peakColumns);
  return row!;
}

export interface DeadlineFields {
  day: number;
  month: number;
  year?: number | null;
  audience: "branch" | "committee";
  title: string;
}

export async function addDeadline(
  db: Db,
  p: Principal,
  campaignId: string,
  input: DeadlineFields,
  now: Date,
) {
  await requireCampaign(db, p, campaignId, "manage");
  checkDayMonth(input.day, input.month, input.year ?? null);
  if (!line(input.title)) throw invalid("body.title", "không được để trống");
  const [row] = await db
    .insert(deadlines)
    .values({
      campaignId,
      day: input.day,
      month: input.month,
      year: input.year ?? null,
      audience: input.audience,
      title: line(input.title),
      createdAt: now,
      updatedAt: now,
    })
    .returning(deadlineColumns);
  return row!;
}

export async function updateDeadline(
  db: Db,
  p: Principal,
  campaignId: string,
  deadlineId: string,
  input: Partial<DeadlineFields>,
  now: Date,
) {
  await requireCampaign(db, p, campaignId, "manage");
  const [cur] = await db
    .select(deadlineColumns)
    .from(deadlines)
    .where(and(eq(deadlines.id, deadlineId), eq(deadlines.campaignId, campaignId)));
  if (!cur) throw notFound("Không tìm thấy hạn báo cáo");
  checkDayMonth(
    input.day ?? cur.day,
    input.month ?? cur.month,
    input.year !== undefined ? input.year : cur.year,
  );
  if (input.title !== undefined && !line(input.title)) throw invalid("body.title", "không được để trống");
  const [row] = await db
    .update(deadlines)
    .set({
      ...(input.day !== undefined ? { day: input.day } : {}),
      ...(input.month !== undefined ? { month: input.month } : {}),
      ...(input.year !== undefined ? { year: input.year } : {}),
      ...(input.audience !== undefined ? { audience: input.audience } : {}),
      ...(input.title !== undefined ? { title: line(input.title) } : {}),
      updatedAt: now,
    })
    .where(eq(deadlines.id, deadlineId))
    .returning(deadlineColumns);
  return row!;
}

// ---------------------------------------------------------------------------------------------- events

export interface EventFields {
  date: string;
  title: string;
  description?: string;
}

export async function addEvent(db: Db, p: Principal, campaignId: string, input: EventFields, now: Date) {
  await requireCampaign(db, p, campaignId, "manage");
  if (!line(input.title)) throw invalid("body.title", "không được để trống");
  const [row] = await db
    .insert(campaignEvents)
    .values({
      campaignId,
      date: input.date,
      title: line(input.title),
      description: block(input.description ?? ""),
      createdAt: now,
      updatedAt: now,
    })
    .returning(eventColumns);
  return row!;
}

export async function updateEvent(
  db: Db,
  p: Principal,
  campaignId: string,
  eventId: string,
  input: Partial<EventFields>,
  now: Date,
) {
  await requireCampaign(db, p, campaignId, "manage");
  if (input.title !== undefined && !line(input.title)) throw invalid("body.title", "không được để trống");
  const [row] = await db
    .update(campaignEvents)
    .set({
      ...(input.date !== undefined ? { date: input.date } : {}),
      ...(input.title !== undefined ? { title: line(input.title) } : {}),
      ...(input.description !== undefined ? { description: block(input.description) } : {}),
      updatedAt: now,
    })
    .where(and(eq(campaignEvents.id, eventId), eq(campaignEvents.campaignId, campaignId)))
    .returning(eventColumns);
  if (!row) throw notFound("Không tìm thấy sự kiện");
  return row;
}

// -------------------------------------------------------------------------------------------- schedule

export interface ScheduleEntry {
  month: string;
  topicId: string | null;
  code: string | null;
  title: string | null;
  fixed: boolean;
}

/** Every month of the campaign with its topic: the committee's fixed months, the rest in catalogue order. */
async function scheduleOf(
  db: DbOrTx,
  campaign: Pick<CampaignRow, "id" | "firstMonth" | "lastMonth">,
): Promise<{ months: ScheduleEntry[]; scheduleProblems: { month: string; reason: string }[] }> {
  const months = monthsBetween(toMonth(campaign.firstMonth), toMonth(campaign.lastMonth));
  const [topicRows, fixedRows] = await Promise.all([
    catalogue(db, campaign.id),
    db
      .select({ month: topicSchedule.month, code: topics.code })
      .from(topicSchedule)
      .innerJoin(topics, eq(topics.id, topicSchedule.topicId))
      .where(and(eq(topicSchedule.campaignId, campaign.id), eq(topicSchedule.fixed, true))),
  ]);
  const byCode = new Map(topicRows.map((t) => [t.code, t]));
  const codes = topicRows.map((t) => t.code);
  const fixed = new Map(fixedRows.map((r) => [toMonth(r.month), r.code]));
  if (codes.length === 0) {
    const empty = new Map(months.map((m) => [m, ""]));
    return {
      months: months.map((month) => ({ month, topicId: null, code: null, title: null, fixed: false })),
      scheduleProblems: scheduleProblems(empty, codes),
    };
  }
  const schedule = completeSchedule(months, codes, fixed);
  return {
    months: months.map((month) => {
      const t = byCode.get(schedule.get(month)!)!;
      return { month, topicId: t.id, code: t.code, title: t.title, fixed: fixed.has(month) };
    }),
    scheduleProblems: scheduleProblems(schedule, codes),
  };
}

/**
 * The month → topic schedule the planner uses: one entry per month of the campaign (yyyy-MM), the fixed
 * months as the committee set them and the others by the default rotation. Empty when the catalogue is.
 */
export async function effectiveSchedule(
  db: DbOrTx,
  campaignId: string,
): Promise<Map<string, { topicId: string; code: string }>> {
  const [campaign] = await db
    .select({ id: campaigns.id, firstMonth: campaigns.firstMonth, lastMonth: campaigns.lastMonth })
    .from(campaigns)
    .where(eq(campaigns.id, campaignId));
  if (!campaign) throw notFound("Không tìm thấy đợt sinh hoạt");
  const { months } = await scheduleOf(db, campaign);
  const out = new Map<string, { topicId: string; code: string }>();
  for (const m of months) if (m.topicId && m.code) out.set(m.month, { topicId: m.topicId, code: m.code });
  return out;
}

export async function getSchedule(db: DbOrTx, p: Principal, campaignId: string) {
  const { campaign } = await requireCampaign(db, p, campaignId, "read");
  return { campaignId, ...(await scheduleOf(db, campaign)) };
}

/** Fixes (code) or frees (null) the given months; the other months keep what they had. */
export async function setSchedule(
  db: Db,
  p: Principal,
  campaignId: string,
  months: Record<string, string | null>,
  now: Date,
) {
  return db.transaction(async (tx) => {
    const { campaign } = await requireCampaign(tx, p, campaignId, "manage");
    // Serialises concurrent edits of one campaign's schedule.
    await tx.execute(sql`select 1 from ${campaigns} where ${campaigns.id} = ${campaignId} for update`);
    const first = toMonth(campaign.firstMonth);
    const last = toMonth(campaign.lastMonth);
    const byCode = new Map((await catalogue(tx, campaignId)).map((t) => [t.code, t]));
    const before = (await scheduleOf(tx, campaign)).months.filter((m) => m.fixed);
    const entries = Object.entries(months);
    if (entries.length === 0) throw invalid("body.months", "cần ít nhất một tháng");
    for (const [month, code] of entries) {
      const field = `body.months.${month}`;
      if (!MONTH_RE.test(month)) throw invalid(field, "tháng phải có dạng yyyy-MM");
      if (month < first || month > last)
        throw invalid(field, `tháng nằm ngoài đợt sinh hoạt (${first} … ${last})`);
      if (code !== null && !byCode.has(code))
        throw invalid(field, `chủ đề "${code}" không có trong danh mục`);
    }
    for (const [month, code] of entries) {
      if (code === null) {
        await tx
          .delete(topicSchedule)
          .where(and(eq(topicSchedule.campaignId, campaignId), eq(topicSchedule.month, toDate(month))));
      } else {
        const topicId = byCode.get(code)!.id;
        await tx
          .insert(topicSchedule)
          .values({ campaignId, month: toDate(month), topicId, fixed: true })
          .onConflictDoUpdate({
            target: [topicSchedule.campaignId, topicSchedule.month],
            set: { topicId, fixed: true },
          });
      }
    }
    await tx.update(campaigns).set({ updatedAt: now }).where(eq(campaigns.id, campaignId));
    const after = await scheduleOf(tx, campaign);
    await recordAudit(tx, {
      at: now,
      actorUserId: p.userId,
      entity: "topic_schedule",
      entityId: campaignId,
      branchId: null,
      action: "fix_months",
      before: before.map((m) => ({ month: m.month, code: m.code })),
      after: after.months.filter((m) => m.fixed).map((m) => ({ month: m.month, code: m.code })),
    });
    return { campaignId, ...after };
  });
}

/** Removes one of a campaign's peak dates, deadlines or events. The campaign's updated_at moves with it, so
 * that a feed which showed the removed day gets a new version and a Last-Modified that never goes back. */
async function deleteCampaignRow(
  db: Db,
  p: Principal,
  campaignId: string,
  table: typeof peakDates | typeof deadlines | typeof campaignEvents,
  id: string,
  missing: string,
  now: Date,
) {
  await requireCampaign(db, p, campaignId, "manage");
  await db.transaction(async (tx) => {
    const gone = await tx
      .delete(table)
      .where(and(eq(table.id, id), eq(table.campaignId, campaignId)))
      .returning({ id: table.id });
    if (!gone.length) throw notFound(missing);
    await tx.update(campaigns).set({ updatedAt: now }).where(eq(campaigns.id, campaignId));
  });
}

export const deletePeak = (db: Db, p: Principal, campaignId: string, peakId: string, now: Date) =>
  deleteCampaignRow(db, p, campaignId, peakDates, peakId, "Không tìm thấy ngày kỷ niệm", now);
export const deleteDeadline = (db: Db, p: Principal, campaignId: string, deadlineId: string, now: Date) =>
  deleteCampaignRow(db, p, campaignId, deadlines, deadlineId, "Không tìm thấy hạn báo cáo", now);
export const deleteEvent = (db: Db, p: Principal, campaignId: string, eventId: string, now: Date) =>
  deleteCampaignRow(db, p, campaignId, campaignEvents, eventId, "Không tìm thấy sự kiện", now);
