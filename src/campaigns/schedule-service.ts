/**
 * The committee's month → topic schedule of a campaign: the months it fixed, the others by the default
 * rotation of the catalogue (`domain/campaign-rules.ts` → `campaignSchedule`).
 */
import { recordAudit } from "../audit/audit.ts";
import { requireCampaign } from "../auth/policy.ts";
import type { Principal } from "../auth/principal.ts";
import { type DbOrTx, readsOf } from "../db/client.ts";
import { campaignSchedule, firstDayOf, monthOf, scheduleEditProblem } from "../domain/campaign-rules.ts";
import { invalid, notFound } from "../http/errors.ts";
import type { AppDeps } from "../http/types.ts";
import { type CampaignRow, campaignMonths, lockCampaign, touchCampaign } from "./campaign-queries.ts";
import { topicsInOrder } from "./catalogue-queries.ts";
import { fixedMonthsOfCampaign, fixMonth, freeMonth } from "./schedule-queries.ts";

type Topics = Awaited<ReturnType<typeof topicsInOrder>>;

/** Every month of the campaign with its topic, and the schedule's problems; `topics` when already read. */
export async function scheduleOf(
  db: DbOrTx,
  campaign: Pick<CampaignRow, "id" | "firstMonth" | "lastMonth">,
  topics?: Topics,
) {
  const [topicRows, fixedRows] = await readsOf(db, [
    () => (topics ? Promise.resolve(topics) : topicsInOrder(db, campaign.id)),
    () => fixedMonthsOfCampaign(db, campaign.id),
  ] as const);
  const fixed = new Map(fixedRows.map((r) => [monthOf(r.month), r.code]));
  return campaignSchedule(monthOf(campaign.firstMonth), monthOf(campaign.lastMonth), topicRows, fixed);
}

/**
 * For the planner (no caller): one entry per month of the campaign (yyyy-MM), the fixed months as the
 * committee set them and the others by the default rotation. Empty when the catalogue is.
 */
export async function effectiveSchedule(
  db: DbOrTx,
  campaignId: string,
): Promise<Map<string, { topicId: string; code: string }>> {
  const campaign = await campaignMonths(db, campaignId);
  if (!campaign) throw notFound("Không tìm thấy đợt sinh hoạt");
  const { months } = await scheduleOf(db, campaign);
  const out = new Map<string, { topicId: string; code: string }>();
  for (const m of months) if (m.topicId && m.code) out.set(m.month, { topicId: m.topicId, code: m.code });
  return out;
}

export async function getSchedule(deps: AppDeps, p: Principal, input: { campaignId: string }) {
  const { db } = deps.database;
  const { campaign } = await requireCampaign(db, p, input.campaignId, "read");
  return { campaignId: input.campaignId, ...(await scheduleOf(db, campaign)) };
}

/** Fixes (code) or frees (null) the given months; the other months keep what they had. */
export async function setSchedule(
  deps: AppDeps,
  p: Principal,
  input: { campaignId: string; months: Record<string, string | null> },
) {
  const { campaignId, months } = input;
  const now = deps.clock.now();
  return deps.database.db.transaction(async (tx) => {
    const { campaign } = await requireCampaign(tx, p, campaignId, "manage");
    await lockCampaign(tx, campaignId);
    const topics = await topicsInOrder(tx, campaignId);
    const before = (await scheduleOf(tx, campaign, topics)).months.filter((m) => m.fixed);
    const problem = scheduleEditProblem(
      months,
      monthOf(campaign.firstMonth),
      monthOf(campaign.lastMonth),
      topics.map((t) => t.code),
    );
    if (problem) throw invalid(problem.field, problem.reason);
    const byCode = new Map(topics.map((t) => [t.code, t]));
    for (const [month, code] of Object.entries(months)) {
      if (code === null) await freeMonth(tx, campaignId, firstDayOf(month));
      else await fixMonth(tx, campaignId, firstDayOf(month), byCode.get(code)!.id);
    }
    await touchCampaign(tx, campaignId, now);
    const after = await scheduleOf(tx, campaign, topics);
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
