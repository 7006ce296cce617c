/**
 * What a page showing meetings is made of, so that a rendered page can be answered again until one of them
 * changes (src/web/page-cache.ts). Pure: the caller, the meetings the page shows, the branch's zone, the instant.
 *
 * Every row such a page reads notifies a change tag at commit: 'b:<branch>' for the branch and its meetings,
 * 'k:<campaign>' for a campaign and its catalogue (topics, peak dates), 'm:<member>' for joining, leaving or
 * moving, 'u:<user>' (migrations/0006_feed_notify.sql); 'g:<branch>' for what only pages show of the branch
 * (attendance, absence notices, sheets, minutes with their revisions and files, ratings, reminders, members
 * and their standing); a change to a committee, the days off, a rating scheme or a user's name forgets every
 * page (migrations/0023_page-notify.sql). The caller (name, role, reach, session) is part of the page's key:
 * it is read afresh on every request.
 *
 * Time alone changes such a page at the branch's midnight (the countdown, what has happened, the minutes'
 * deadline, the quarters) and when one of its meetings starts or ends (the next meeting, word of absence).
 */
import { DateTime } from "luxon";
import type { Principal } from "../auth/principal.ts";
import type { MeetingRecord } from "./meeting-view.ts";

export interface PageFreshness {
  tags: string[];
  /** Epoch milliseconds from which the page may read differently with no row changed. */
  validUntil: number;
}

export function pageFreshness(
  p: Principal,
  meetings: readonly MeetingRecord[],
  zone: string,
  now: Date,
  o: { branchRows?: boolean } = {},
): PageFreshness {
  const at = now.getTime();
  const tags = new Set([`u:${p.userId}`]);
  if (p.memberId) tags.add(`m:${p.memberId}`);
  if (p.branchId) tags.add(`b:${p.branchId}`);
  let validUntil = DateTime.fromMillis(at, { zone }).plus({ days: 1 }).startOf("day").toMillis();
  for (const r of meetings) {
    tags.add(`b:${r.branchId}`);
    if (o.branchRows) tags.add(`g:${r.branchId}`);
    if (r.campaignId) tags.add(`k:${r.campaignId}`);
    for (const instant of [r.view.start.toMillis(), r.view.end.toMillis()]) {
      if (instant > at && instant < validUntil) validUntil = instant;
    }
  }
  return { tags: [...tags], validUntil };
}
