/**
 * Taking a topic out of a campaign's catalogue. The topic is never erased: meetings held on it, and their
 * minutes, still name it (a committee's history does not change when its catalogue does), and the audit log
 * keeps the whole topic. From then on it is out of the catalogue, the schedule, copies and the choice of a
 * secretary, and its code is free for a new topic. Months fixed to it return to the rotation, the campaign is
 * re-planned when it has been (as "Lập kế hoạch" would: what people changed is kept), and a planned
 * meeting still to come that keeps it (a secretary's edit, which re-planning never overwrites) loses it, for
 * the secretary to choose another.
 */
import { recordAudit } from "../audit/audit.ts";
import { requireCampaign } from "../auth/policy.ts";
import type { Principal } from "../auth/principal.ts";
import { monthOf } from "../domain/campaign-rules.ts";
import { notFound } from "../http/errors.ts";
import type { AppDeps } from "../http/types.ts";
import { holdPlan, type PlanResult, writePlan } from "../plan/plan-service.ts";
import {
  campaignHasMeetings,
  clearTopicOfComingMeetings,
  freeMonthsOfTopic,
  markTopicRemoved,
  meetingsThatStudied,
} from "./campaign-meetings-queries.ts";
import { lockCampaign, touchCampaign } from "./campaign-queries.ts";
import { topicOfCampaign } from "./catalogue-queries.ts";

export interface TopicRemoval {
  topicId: string;
  title: string;
  /** Meetings held (or past) on the topic, whose records still name it. */
  studied: number;
  /** Months that were fixed to the topic, now back to the rotation (yyyy-MM). */
  freedMonths: string[];
  /** The re-planning of the campaign, when it had been planned. */
  plan: PlanResult | null;
  /** Planned meetings still to come that kept the topic after re-planning and now have none. */
  cleared: number;
}

export async function removeTopic(
  deps: AppDeps,
  p: Principal,
  input: { campaignId: string; topicId: string },
): Promise<TopicRemoval> {
  const { campaignId, topicId } = input;
  const now = deps.clock.now();
  return deps.database.db.transaction(async (tx) => {
    const { campaign } = await requireCampaign(tx, p, campaignId, "manage");
    await holdPlan(tx, campaignId);
    await lockCampaign(tx, campaignId);
    const topic = await topicOfCampaign(tx, campaignId, topicId);
    if (!topic) throw notFound("Không tìm thấy chủ đề");
    const freedMonths = (await freeMonthsOfTopic(tx, campaignId, topicId)).map(monthOf);
    await markTopicRemoved(tx, campaignId, topicId, now);
    const studied = await meetingsThatStudied(tx, topicId, now);
    const plan =
      campaign.committeeId !== null && (await campaignHasMeetings(tx, campaignId))
        ? await writePlan(tx, campaignId, now)
        : null;
    const cleared = await clearTopicOfComingMeetings(tx, topicId, now);
    await touchCampaign(tx, campaignId, now);
    const result = { topicId, title: topic.title, studied, freedMonths, plan, cleared };
    await recordAudit(tx, {
      at: now,
      actorUserId: p.userId,
      entity: "topic",
      entityId: topicId,
      branchId: null,
      action: "remove",
      before: { campaignId, ...topic },
      after: { studied, freedMonths, cleared, replanned: plan },
    });
    return result;
  });
}
