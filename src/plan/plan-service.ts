/**
 * Planning a campaign for every branch below its committee, and re-planning without touching what people
 * changed (see `meeting-service.ts` for the secretary's own changes). Every change bumps the meeting's
 * revision (the iCal SEQUENCE) and its updated_at (DTSTAMP).
 */
import { requireCampaign } from "../auth/policy.ts";
import type { Principal } from "../auth/principal.ts";
import { effectiveSchedule } from "../campaigns/schedule-service.ts";
import type { DbOrTx } from "../db/client.ts";
import { isWorkingDay } from "../domain/holidays.ts";
import { monthsBetween } from "../domain/meeting-rule.ts";
import { planBranches } from "../domain/plan.ts";
import { holidaySet } from "../holidays/holiday-service.ts";
import { conflict, notFound } from "../http/errors.ts";
import type { AppDeps } from "../http/types.ts";
import {
  branchesToPlan,
  campaignToPlan,
  lockCampaignPlan,
  protectedMeetingCount,
  upsertPlanned,
} from "./plan-queries.ts";

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

/** The committee managing the campaign plans (or re-plans) it. */
export async function planCampaign(
  deps: AppDeps,
  p: Principal,
  input: { campaignId: string },
): Promise<PlanResult> {
  const { db } = deps.database;
  await requireCampaign(db, p, input.campaignId, "manage");
  return writePlan(db, input.campaignId, deps.clock.now());
}

/**
 * For a service that changes what a plan reads (a campaign's months or catalogue) and then re-plans in the
 * same transaction: the plan's lock, taken before any row is touched, so that a planning at the same time
 * waits for it rather than both waiting on each other's rows.
 */
export async function holdPlan(tx: DbOrTx, campaignId: string): Promise<void> {
  await lockCampaignPlan(tx, campaignId);
}

/**
 * Internal, no caller (the services above and the bench): plans every branch below the campaign's
 * committee. Runs under a per-campaign advisory lock, so two requests at once leave the same result as one.
 */
export async function writePlan(db: DbOrTx, campaignId: string, now: Date): Promise<PlanResult> {
  return db.transaction(async (tx) => {
    await lockCampaignPlan(tx, campaignId);
    const campaign = await campaignToPlan(tx, campaignId);
    if (!campaign) throw notFound("Không tìm thấy đợt sinh hoạt");
    if (!campaign.committeeId) {
      throw conflict("Đây là đợt sinh hoạt mẫu: hãy sao chép cho một cấp ủy rồi lập kế hoạch");
    }
    const months = monthsBetween(campaign.firstMonth.slice(0, 7), campaign.lastMonth.slice(0, 7));
    const schedule = await effectiveSchedule(tx, campaignId);
    const holidays = await holidaySet(tx, `${months[0]}-01`, `${months.at(-1)}-31`);
    const working = (d: string) => isWorkingDay(d, holidays);
    const branchRows = await branchesToPlan(tx, campaign.committeeId);

    const topicOf = (month: string) => schedule.get(month)?.topicId ?? null;
    let created = 0;
    let updated = 0;
    const regionOf = new Map(branchRows.map((b) => [b.id, b.regionId]));
    const planned = planBranches(branchRows, months, topicOf, working).map((m) => ({
      ...m,
      regionId: regionOf.get(m.branchId)!,
    }));
    for (let i = 0; i < planned.length; i += CHUNK) {
      const r = await upsertPlanned(tx, campaignId, planned.slice(i, i + CHUNK), now);
      created += r.created;
      updated += r.updated;
    }
    const total = branchRows.length * months.length;
    return {
      branches: branchRows.length,
      months: months.length,
      created,
      updated,
      untouched: total - created - updated,
      protected: await protectedMeetingCount(tx, campaignId, now),
    };
  });
}
