/**
 * A campaign's catalogue: its topics (in order), peak dates, report deadlines and events. Only those who
 * manage the campaign change it (`auth/policy.ts` → `requireCampaign`); reading it comes with the campaign.
 */
import { requireCampaign } from "../auth/policy.ts";
import type { Principal } from "../auth/principal.ts";
import {
  dayMonthProblem,
  movedOneStep,
  onOneLine,
  orderProblem,
  type Problem,
  pagesProblem,
} from "../domain/campaign-rules.ts";
import { oneLine, textBlock } from "../domain/text.ts";
import { conflict, invalid, notFound } from "../http/errors.ts";
import type { AppDeps } from "../http/types.ts";
import { touchCampaign } from "./campaign-queries.ts";
import {
  committeeAncestry,
  type DatedKind,
  deadlineOfCampaign,
  deleteDatedRow,
  insertDeadline,
  insertEvent,
  insertPeak,
  insertTopic,
  nextTopicPosition,
  peakOfCampaign,
  setTopicPositions,
  topicOfCampaign,
  topicsInOrder,
  updateDeadlineRow,
  updateEventRow,
  updatePeakRow,
  updateTopicRow,
} from "./catalogue-queries.ts";

export interface TopicFields {
  code: string;
  part: number;
  partTitle?: string;
  title: string;
  pageStart?: number | null;
  pageEnd?: number | null;
  pagesEstimated?: boolean;
  summary?: string;
  prompts?: string[];
  links?: { title: string; url: string }[];
}

export interface PeakFields {
  day: number;
  month: number;
  baseYear: number;
  name: string;
  committeeId?: string | null;
}

export interface DeadlineFields {
  day: number;
  month: number;
  year?: number | null;
  audience: "branch" | "committee";
  title: string;
}

export interface EventFields {
  date: string;
  title: string;
  description?: string;
  committeeId?: string | null;
  /** An officer's confirmation of a copied event that could not be re-dated truthfully (`copiedEvent`). */
  confirmed?: boolean;
}

function fail(problem: Problem | null): void {
  if (problem) throw invalid(problem.field, problem.reason);
}

function requireText(field: string, value: string | undefined): void {
  if (value !== undefined && !oneLine(value)) throw invalid(field, "không được để trống");
}

// ---------------------------------------------------------------------------------------------- topics

function topicValues(input: Partial<TopicFields>) {
  return {
    ...(input.code !== undefined ? { code: input.code.trim() } : {}),
    ...(input.part !== undefined ? { part: input.part } : {}),
    ...(input.partTitle !== undefined ? { partTitle: oneLine(input.partTitle) } : {}),
    ...(input.title !== undefined ? { title: oneLine(input.title) } : {}),
    ...(input.pageStart !== undefined ? { pageStart: input.pageStart } : {}),
    ...(input.pageEnd !== undefined ? { pageEnd: input.pageEnd } : {}),
    ...(input.pagesEstimated !== undefined ? { pagesEstimated: input.pagesEstimated } : {}),
    ...(input.summary !== undefined ? { summary: textBlock(input.summary) } : {}),
    ...(input.prompts !== undefined ? { prompts: input.prompts.map(textBlock).filter(Boolean) } : {}),
    ...(input.links !== undefined
      ? { links: input.links.map((l) => ({ title: oneLine(l.title), url: l.url })) }
      : {}),
  };
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

/** Adds a topic at the end of the catalogue. */
export async function addTopic(
  deps: AppDeps,
  p: Principal,
  input: { campaignId: string; fields: TopicFields },
) {
  const { db } = deps.database;
  const { campaignId, fields } = input;
  const now = deps.clock.now();
  await requireCampaign(db, p, campaignId, "manage");
  fail(pagesProblem(fields.pageStart, fields.pageEnd));
  if (!oneLine(fields.title)) throw invalid("body.title", "không được để trống");
  try {
    return await db.transaction(async (tx) =>
      insertTopic(tx, {
        campaignId,
        position: await nextTopicPosition(tx, campaignId),
        code: "",
        part: 0,
        title: "",
        ...topicValues(fields),
        createdAt: now,
        updatedAt: now,
      }),
    );
  } catch (err) {
    duplicateCode(err);
  }
}

export async function updateTopic(
  deps: AppDeps,
  p: Principal,
  input: { campaignId: string; topicId: string; fields: Partial<TopicFields> },
) {
  const { db } = deps.database;
  const { campaignId, topicId, fields } = input;
  await requireCampaign(db, p, campaignId, "manage");
  const current = await topicOfCampaign(db, campaignId, topicId);
  if (!current) throw notFound("Không tìm thấy chủ đề");
  fail(
    pagesProblem(
      fields.pageStart !== undefined ? fields.pageStart : current.pageStart,
      fields.pageEnd !== undefined ? fields.pageEnd : current.pageEnd,
    ),
  );
  requireText("body.title", fields.title);
  try {
    const row = await updateTopicRow(db, campaignId, topicId, {
      ...topicValues(fields),
      updatedAt: deps.clock.now(),
    });
    return row!;
  } catch (err) {
    duplicateCode(err);
  }
}

/** Puts the catalogue in the given order; `codes` must name every topic of the campaign exactly once. */
export async function reorderTopics(
  deps: AppDeps,
  p: Principal,
  input: { campaignId: string; codes: string[] },
) {
  const { db } = deps.database;
  const { campaignId, codes } = input;
  await requireCampaign(db, p, campaignId, "manage");
  return db.transaction(async (tx) => {
    const current = await topicsInOrder(tx, campaignId);
    fail(
      orderProblem(
        codes,
        current.map((t) => t.code),
      ),
    );
    await setTopicPositions(tx, campaignId, codes, deps.clock.now());
    return topicsInOrder(tx, campaignId);
  });
}

/** Moves one topic a place earlier (-1) or later (+1) in the catalogue: the pages' "Lên"/"Xuống". */
export async function moveTopic(
  deps: AppDeps,
  p: Principal,
  input: { campaignId: string; topicId: string; step: -1 | 1 },
) {
  const { db } = deps.database;
  const { campaignId, topicId, step } = input;
  await requireCampaign(db, p, campaignId, "manage");
  return db.transaction(async (tx) => {
    const current = await topicsInOrder(tx, campaignId);
    const topic = current.find((t) => t.id === topicId);
    if (!topic) throw notFound("Không tìm thấy chủ đề");
    const codes = current.map((t) => t.code);
    await setTopicPositions(tx, campaignId, movedOneStep(codes, topic.code, step), deps.clock.now());
    return topicsInOrder(tx, campaignId);
  });
}

// ------------------------------------------------------------------------------------------ peak dates

/** A local peak date or event belongs to a committee in the campaign's subtree or above it; a template takes any. */
async function checkLocalCommittee(
  deps: AppDeps,
  campaign: { committeeId: string | null },
  ancestorIds: string[],
  committeeId: string,
) {
  const c = await committeeAncestry(deps.database.db, committeeId);
  if (!c) throw invalid("body.committeeId", "không tồn tại cấp ủy này");
  if (campaign.committeeId === null) return;
  if (!onOneLine({ id: campaign.committeeId, ancestorIds }, c)) {
    throw invalid("body.committeeId", "cấp ủy này không thuộc phạm vi của đợt sinh hoạt");
  }
}

export async function addPeak(
  deps: AppDeps,
  p: Principal,
  input: { campaignId: string; fields: PeakFields },
) {
  const { campaignId, fields } = input;
  const now = deps.clock.now();
  const { campaign, ancestorIds } = await requireCampaign(deps.database.db, p, campaignId, "manage");
  fail(dayMonthProblem(fields.day, fields.month));
  if (!oneLine(fields.name)) throw invalid("body.name", "không được để trống");
  if (fields.committeeId) await checkLocalCommittee(deps, campaign, ancestorIds, fields.committeeId);
  return insertPeak(deps.database.db, {
    campaignId,
    day: fields.day,
    month: fields.month,
    baseYear: fields.baseYear,
    name: oneLine(fields.name),
    committeeId: fields.committeeId ?? null,
    createdAt: now,
    updatedAt: now,
  });
}

export async function updatePeak(
  deps: AppDeps,
  p: Principal,
  input: { campaignId: string; peakId: string; fields: Partial<PeakFields> },
) {
  const { db } = deps.database;
  const { campaignId, peakId, fields } = input;
  const { campaign, ancestorIds } = await requireCampaign(db, p, campaignId, "manage");
  const cur = await peakOfCampaign(db, campaignId, peakId);
  if (!cur) throw notFound("Không tìm thấy ngày kỷ niệm");
  fail(dayMonthProblem(fields.day ?? cur.day, fields.month ?? cur.month));
  requireText("body.name", fields.name);
  if (fields.committeeId) await checkLocalCommittee(deps, campaign, ancestorIds, fields.committeeId);
  const row = await updatePeakRow(db, campaignId, peakId, {
    ...(fields.day !== undefined ? { day: fields.day } : {}),
    ...(fields.month !== undefined ? { month: fields.month } : {}),
    ...(fields.baseYear !== undefined ? { baseYear: fields.baseYear } : {}),
    ...(fields.name !== undefined ? { name: oneLine(fields.name) } : {}),
    ...(fields.committeeId !== undefined ? { committeeId: fields.committeeId } : {}),
    updatedAt: deps.clock.now(),
  });
  return row!;
}

// ------------------------------------------------------------------------------------------- deadlines

export async function addDeadline(
  deps: AppDeps,
  p: Principal,
  input: { campaignId: string; fields: DeadlineFields },
) {
  const { campaignId, fields } = input;
  const now = deps.clock.now();
  await requireCampaign(deps.database.db, p, campaignId, "manage");
  fail(dayMonthProblem(fields.day, fields.month, fields.year ?? null));
  if (!oneLine(fields.title)) throw invalid("body.title", "không được để trống");
  return insertDeadline(deps.database.db, {
    campaignId,
    day: fields.day,
    month: fields.month,
    year: fields.year ?? null,
    audience: fields.audience,
    title: oneLine(fields.title),
    createdAt: now,
    updatedAt: now,
  });
}

export async function updateDeadline(
  deps: AppDeps,
  p: Principal,
  input: { campaignId: string; deadlineId: string; fields: Partial<DeadlineFields> },
) {
  const { db } = deps.database;
  const { campaignId, deadlineId, fields } = input;
  await requireCampaign(db, p, campaignId, "manage");
  const cur = await deadlineOfCampaign(db, campaignId, deadlineId);
  if (!cur) throw notFound("Không tìm thấy hạn báo cáo");
  fail(
    dayMonthProblem(
      fields.day ?? cur.day,
      fields.month ?? cur.month,
      fields.year !== undefined ? fields.year : cur.year,
    ),
  );
  requireText("body.title", fields.title);
  const row = await updateDeadlineRow(db, campaignId, deadlineId, {
    ...(fields.day !== undefined ? { day: fields.day } : {}),
    ...(fields.month !== undefined ? { month: fields.month } : {}),
    ...(fields.year !== undefined ? { year: fields.year } : {}),
    ...(fields.audience !== undefined ? { audience: fields.audience } : {}),
    ...(fields.title !== undefined ? { title: oneLine(fields.title) } : {}),
    updatedAt: deps.clock.now(),
  });
  return row!;
}

// ---------------------------------------------------------------------------------------------- events

export async function addEvent(
  deps: AppDeps,
  p: Principal,
  input: { campaignId: string; fields: EventFields },
) {
  const { campaignId, fields } = input;
  const now = deps.clock.now();
  const { campaign, ancestorIds } = await requireCampaign(deps.database.db, p, campaignId, "manage");
  if (!oneLine(fields.title)) throw invalid("body.title", "không được để trống");
  if (fields.committeeId) await checkLocalCommittee(deps, campaign, ancestorIds, fields.committeeId);
  return insertEvent(deps.database.db, {
    campaignId,
    date: fields.date,
    title: oneLine(fields.title),
    description: textBlock(fields.description ?? ""),
    committeeId: fields.committeeId ?? null,
    createdAt: now,
    updatedAt: now,
  });
}

export async function updateEvent(
  deps: AppDeps,
  p: Principal,
  input: { campaignId: string; eventId: string; fields: Partial<EventFields> },
) {
  const { campaignId, eventId, fields } = input;
  const { campaign, ancestorIds } = await requireCampaign(deps.database.db, p, campaignId, "manage");
  requireText("body.title", fields.title);
  if (fields.committeeId) await checkLocalCommittee(deps, campaign, ancestorIds, fields.committeeId);
  const row = await updateEventRow(deps.database.db, campaignId, eventId, {
    ...(fields.date !== undefined ? { date: fields.date } : {}),
    ...(fields.title !== undefined ? { title: oneLine(fields.title) } : {}),
    ...(fields.description !== undefined ? { description: textBlock(fields.description) } : {}),
    ...(fields.committeeId !== undefined ? { committeeId: fields.committeeId } : {}),
    ...(fields.confirmed !== undefined ? { confirmed: fields.confirmed } : {}),
    updatedAt: deps.clock.now(),
  });
  if (!row) throw notFound("Không tìm thấy sự kiện");
  return row;
}

// ------------------------------------------------------------------------------------------- deleting

const MISSING: Record<DatedKind, string> = {
  peak: "Không tìm thấy ngày kỷ niệm",
  deadline: "Không tìm thấy hạn báo cáo",
  event: "Không tìm thấy sự kiện",
};

/** Removes one of a campaign's peak dates, deadlines or events. The campaign's updated_at moves with it, so
 * that a feed which showed the removed day gets a new version and a Last-Modified that never goes back. */
async function deleteDated(deps: AppDeps, p: Principal, kind: DatedKind, campaignId: string, id: string) {
  const { db } = deps.database;
  const now = deps.clock.now();
  await requireCampaign(db, p, campaignId, "manage");
  await db.transaction(async (tx) => {
    if (!(await deleteDatedRow(tx, kind, campaignId, id))) throw notFound(MISSING[kind]);
    await touchCampaign(tx, campaignId, now);
  });
}

export const deletePeak = (deps: AppDeps, p: Principal, input: { campaignId: string; peakId: string }) =>
  deleteDated(deps, p, "peak", input.campaignId, input.peakId);
export const deleteDeadline = (
  deps: AppDeps,
  p: Principal,
  input: { campaignId: string; deadlineId: string },
) => deleteDated(deps, p, "deadline", input.campaignId, input.deadlineId);
export const deleteEvent = (deps: AppDeps, p: Principal, input: { campaignId: string; eventId: string }) =>
  deleteDated(deps, p, "event", input.campaignId, input.eventId);
