/**
 * Study campaigns: list, read (with the whole catalogue and schedule), create, update, copy. A campaign
 * with no committee is a template shipped with the service: everyone signed in reads it, only admins
 * change it, and a committee starts it by copying it. Who reaches which campaign is `auth/policy.ts`'s.
 */
import { recordAudit } from "../audit/audit.ts";
import {
  type CampaignLevel,
  callerAncestors,
  campaignLevelInSight,
  campaignReachSql,
  requireCampaign,
  requireCommittee,
} from "../auth/policy.ts";
import type { Principal } from "../auth/principal.ts";
import {
  copiedEvent,
  copyOffset,
  firstDayOf,
  fixedOutsideProblem,
  historyOutsideProblem,
  monthOf,
  onOneLine,
  type Problem,
  rangeProblem,
  shiftDeadline,
} from "../domain/campaign-rules.ts";
import { campaignSpan } from "../domain/reminder-slots.ts";
import { oneLine, textBlock } from "../domain/text.ts";
import { invalid } from "../http/errors.ts";
import type { AppDeps } from "../http/types.ts";
import { holdPlan, type PlanResult, writePlan } from "../plan/plan-service.ts";
import {
  campaignHasMeetings,
  detachMeetingsOutside,
  historyOutsideMonths,
} from "./campaign-meetings-queries.ts";
import {
  type CampaignRow,
  campaignsInReach,
  insertCampaign,
  lockCampaign,
  type NewCampaign,
  updateCampaignRow,
} from "./campaign-queries.ts";
import {
  catalogueToCopy,
  deadlinesOfCampaign,
  eventsOfCampaign,
  insertCatalogue,
  peaksOfCampaign,
  topicsInOrder,
} from "./catalogue-queries.ts";
import { fixedMonthsOutside } from "./schedule-queries.ts";
import { scheduleOf } from "./schedule-service.ts";

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

function fail(problem: Problem | null): void {
  if (problem) throw invalid(problem.field, problem.reason);
}

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
    firstMonth: monthOf(c.firstMonth),
    lastMonth: monthOf(c.lastMonth),
    quorum: Number(c.quorum),
    minutesDueDays: c.minutesDueDays,
    reminderOffsets: c.reminderOffsets,
    seedKey: c.seedKey,
  };
}

/** The columns a (partial) input sets, normalised. */
function campaignValues(input: Partial<CampaignFields>): Partial<NewCampaign> {
  return {
    ...(input.title !== undefined ? { title: oneLine(input.title) } : {}),
    ...(input.bookTitle !== undefined ? { bookTitle: oneLine(input.bookTitle) } : {}),
    ...(input.bookAuthor !== undefined ? { bookAuthor: oneLine(input.bookAuthor) } : {}),
    ...(input.description !== undefined ? { description: textBlock(input.description) } : {}),
    ...(input.firstMonth !== undefined ? { firstMonth: firstDayOf(input.firstMonth) } : {}),
    ...(input.lastMonth !== undefined ? { lastMonth: firstDayOf(input.lastMonth) } : {}),
    ...(input.quorum !== undefined ? { quorum: input.quorum.toFixed(3) } : {}),
    ...(input.minutesDueDays !== undefined ? { minutesDueDays: input.minutesDueDays } : {}),
    ...(input.reminderOffsets !== undefined ? { reminderOffsets: input.reminderOffsets } : {}),
  };
}

function checkText(input: { title?: string; bookTitle?: string }) {
  if (input.title !== undefined && !oneLine(input.title)) throw invalid("body.title", "không được để trống");
  if (input.bookTitle !== undefined && !oneLine(input.bookTitle))
    throw invalid("body.bookTitle", "không được để trống");
}

export async function listCampaigns(deps: AppDeps, p: Principal) {
  const { db } = deps.database;
  const rows = await campaignsInReach(db, campaignReachSql(p, await callerAncestors(db, p)));
  return rows.map(({ campaign, ancestorIds }) =>
    campaignOut(campaign, campaignLevelInSight(p, campaign.committeeId, ancestorIds ?? [])),
  );
}

export async function getCampaign(deps: AppDeps, p: Principal, input: { campaignId: string }) {
  const { db } = deps.database;
  const id = input.campaignId;
  const { campaign, level } = await requireCampaign(db, p, id, "read");
  const [topics, peakDates, deadlines, events] = await Promise.all([
    topicsInOrder(db, id),
    peaksOfCampaign(db, id),
    deadlinesOfCampaign(db, id),
    eventsOfCampaign(db, id),
  ]);
  const schedule = await scheduleOf(db, campaign, topics);
  return {
    ...campaignOut(campaign, level),
    topics,
    peakDates,
    deadlines,
    events,
    schedule: schedule.months,
    scheduleProblems: schedule.scheduleProblems,
  };
}

export async function createCampaign(
  deps: AppDeps,
  p: Principal,
  input: CampaignFields & { committeeId: string },
) {
  const { db } = deps.database;
  const now = deps.clock.now();
  await requireCommittee(db, p, input.committeeId, "manage");
  fail(rangeProblem(input.firstMonth, input.lastMonth));
  checkText(input);
  return db.transaction(async (tx) => {
    const row = await insertCampaign(tx, {
      committeeId: input.committeeId,
      ...campaignValues(input),
      title: oneLine(input.title),
      bookTitle: oneLine(input.bookTitle),
      firstMonth: firstDayOf(input.firstMonth),
      lastMonth: firstDayOf(input.lastMonth),
      createdAt: now,
      updatedAt: now,
    });
    const out = campaignOut(row, "manage");
    await recordAudit(tx, {
      at: now,
      actorUserId: p.userId,
      entity: "campaign",
      entityId: row.id,
      branchId: null,
      action: "create",
      after: out,
    });
    return out;
  });
}

export async function updateCampaign(
  deps: AppDeps,
  p: Principal,
  input: { campaignId: string; fields: Partial<CampaignFields> },
) {
  return (await editCampaign(deps, p, input)).campaign;
}

/**
 * Changes a campaign's fields; the pages' "Sửa đợt học tập" reads the whole answer. A change of months on
 * a campaign that has been planned follows the plan's rules: refused when it would leave out a month in
 * which a branch has already met under the campaign (`historyOutsideProblem`); planned meetings still to
 * come in the months left out leave the campaign (`detachMeetingsOutside`); then the campaign is
 * re-planned, which plans the months added and moves the rotation, and never touches what people changed.
 */
export async function editCampaign(
  deps: AppDeps,
  p: Principal,
  input: { campaignId: string; fields: Partial<CampaignFields> },
): Promise<{ campaign: ReturnType<typeof campaignOut>; detached: number; plan: PlanResult | null }> {
  const { campaignId: id, fields } = input;
  const now = deps.clock.now();
  return deps.database.db.transaction(async (tx) => {
    const { campaign } = await requireCampaign(tx, p, id, "manage");
    await holdPlan(tx, id);
    await lockCampaign(tx, id);
    const first = fields.firstMonth ?? monthOf(campaign.firstMonth);
    const last = fields.lastMonth ?? monthOf(campaign.lastMonth);
    fail(
      rangeProblem(first, last, {
        first: "body.firstMonth",
        last: fields.lastMonth !== undefined ? "body.lastMonth" : "body.firstMonth",
      }),
    );
    checkText(fields);
    const outside = await fixedMonthsOutside(tx, id, firstDayOf(first), firstDayOf(last));
    fail(fixedOutsideProblem(outside.map(monthOf), first, fields.firstMonth !== undefined));
    const monthsMoved = first !== monthOf(campaign.firstMonth) || last !== monthOf(campaign.lastMonth);
    const planned = monthsMoved && (await campaignHasMeetings(tx, id));
    let detached = 0;
    if (planned) {
      const history = await historyOutsideMonths(tx, id, firstDayOf(first), firstDayOf(last), now);
      fail(
        historyOutsideProblem(
          history.map((h) => ({ ...h, month: monthOf(h.month) })),
          first,
        ),
      );
      detached = await detachMeetingsOutside(tx, id, firstDayOf(first), firstDayOf(last), now);
    }
    const row = await updateCampaignRow(tx, id, { ...campaignValues(fields), updatedAt: now });
    const plan = planned ? await writePlan(tx, id, now) : null;
    const out = campaignOut(row, "manage");
    await recordAudit(tx, {
      at: now,
      actorUserId: p.userId,
      entity: "campaign",
      entityId: id,
      branchId: null,
      action: "update",
      before: campaignOut(campaign, "manage"),
      after: planned ? { ...out, detachedMeetings: detached, replanned: plan } : out,
    });
    return { campaign: out, detached, plan };
  });
}

/**
 * Copies a campaign (a template, or any campaign in the caller's sight) with its catalogue, peak dates,
 * deadlines and events into a new campaign of `committeeId`. Events move with the campaign's start; one
 * that falls outside the new months is left out, and one whose text cannot be re-dated truthfully waits
 * for an officer's confirmation (`copiedEvent`); one-off deadlines move
 * by whole years; yearly ones stay. Local peak dates are kept only when they concern the new committee (its
 * subtree or above it). The committee's fixed months are not copied: the new committee sets its own.
 */
export async function copyCampaign(
  deps: AppDeps,
  p: Principal,
  input: { sourceId: string; committeeId: string; firstMonth: string; lastMonth: string; title?: string },
) {
  const { db } = deps.database;
  const { sourceId } = input;
  const now = deps.clock.now();
  const { campaign: src } = await requireCampaign(db, p, sourceId, "read");
  const target = await requireCommittee(db, p, input.committeeId, "manage");
  fail(rangeProblem(input.firstMonth, input.lastMonth));
  if (input.title !== undefined) checkText({ title: input.title });
  const offset = copyOffset(monthOf(src.firstMonth), input.firstMonth);
  const span = campaignSpan(firstDayOf(input.firstMonth), firstDayOf(input.lastMonth));
  const stamps = { createdAt: now, updatedAt: now };
  return db.transaction(async (tx) => {
    const row = await insertCampaign(tx, {
      committeeId: target.id,
      title: input.title !== undefined ? oneLine(input.title) : src.title,
      bookTitle: src.bookTitle,
      bookAuthor: src.bookAuthor,
      description: src.description,
      firstMonth: firstDayOf(input.firstMonth),
      lastMonth: firstDayOf(input.lastMonth),
      quorum: src.quorum,
      minutesDueDays: src.minutesDueDays,
      reminderOffsets: src.reminderOffsets,
      seedKey: null,
      ...stamps,
    });
    const campaignId = row.id;
    const source = await catalogueToCopy(tx, sourceId);
    await insertCatalogue(tx, {
      topics: source.topics.map(({ id: _id, campaignId: _c, createdAt: _a, updatedAt: _u, ...t }, i) => ({
        ...t,
        position: i + 1,
        campaignId,
        ...stamps,
      })),
      peaks: source.peaks
        .filter(
          ({ peak, ancestorIds }) =>
            peak.committeeId === null ||
            onOneLine(target, { id: peak.committeeId, ancestorIds: ancestorIds ?? [] }),
        )
        .map(({ peak: { id: _id, campaignId: _c, createdAt: _a, updatedAt: _u, ...pk } }) => ({
          ...pk,
          campaignId,
          ...stamps,
        })),
      deadlines: source.deadlines.map(({ id: _id, campaignId: _c, createdAt: _a, updatedAt: _u, ...d }) => ({
        ...shiftDeadline(d, offset.years),
        campaignId,
        ...stamps,
      })),
      events: source.events
        .filter(
          ({ event, ancestorIds }) =>
            event.committeeId === null ||
            onOneLine(target, { id: event.committeeId, ancestorIds: ancestorIds ?? [] }),
        )
        .flatMap(({ event: { id: _id, campaignId: _c, createdAt: _a, updatedAt: _u, ...e } }) => {
          const copied = copiedEvent(e, offset.months, span);
          return copied ? [{ ...e, ...copied, campaignId, ...stamps }] : [];
        }),
    });
    const out = campaignOut(row, "manage");
    await recordAudit(tx, {
      at: now,
      actorUserId: p.userId,
      entity: "campaign",
      entityId: campaignId,
      branchId: null,
      action: "copy",
      before: { sourceId },
      after: out,
    });
    return out;
  });
}
