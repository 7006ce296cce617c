/**
 * What a member's or secretary's home is made of, so that a rendered home can be answered again until one of
 * them changes (src/web/page-cache.ts). Pure: the home as `homeOf` answered it, the caller and the instant.
 *
 * The rows a branch home reads (home-service.ts → meeting-queries.ts: meetings with their branch, committees
 * and topics, the campaigns' peak dates, the member's membership) each notify a change tag at commit
 * (migrations/0006_feed_notify.sql, the same as the feeds'): 'b:<branch>' for the branch and its meetings,
 * 'k:<campaign>' for a campaign and its topics and peak dates, 'm:<member>' for joining, leaving or moving,
 * 'u:<user>'; a change to a committee forgets everything. The caller (name, role, reach, session) is part
 * of the page's key, not of its tags: it is read afresh on every request.
 *
 * Time alone changes a home too: the countdown and the quarters at the branch's midnight, the next meeting
 * when one starts or ends.
 */
import { DateTime } from "luxon";
import type { Principal } from "../auth/principal.ts";
import type { Home } from "./home-service.ts";

export interface HomeFreshness {
  tags: string[];
  /** Epoch milliseconds from which the page may read differently with no row changed. */
  validUntil: number;
}

/** A branch home's tags and time limit; null for the homes not kept (a committee's grid, the admin's list,
 * or a branch home with nothing planned, whose zone is not in what it read). */
export function homeFreshness(home: Home, p: Principal, now: Date): HomeFreshness | null {
  if (home.kind !== "branch" || !p.branchId) return null;
  const zone = home.plan[0]?.view.timezone;
  if (!zone) return null;
  const at = now.getTime();
  const tags = new Set([`u:${p.userId}`, `b:${p.branchId}`]);
  if (p.memberId) tags.add(`m:${p.memberId}`);
  let validUntil = DateTime.fromMillis(at, { zone }).plus({ days: 1 }).startOf("day").toMillis();
  for (const r of home.plan) {
    tags.add(`b:${r.branchId}`);
    if (r.campaignId) tags.add(`k:${r.campaignId}`);
    for (const instant of [r.view.start.toMillis(), r.view.end.toMillis()]) {
      if (instant > at && instant < validUntil) validUntil = instant;
    }
  }
  return { tags: [...tags], validUntil };
}
