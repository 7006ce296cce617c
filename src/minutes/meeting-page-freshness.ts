/**
 * What a meeting's page is made of, so that a rendered page can be answered again until one of them changes
 * (src/web/page-cache.ts). Pure: the page's data as `meetingPageOf` answered it, the caller and the instant.
 *
 * Every row the page reads notifies a change tag at commit: 'b:<branch>' for the branch and its meetings,
 * 'k:<campaign>' for the campaign's catalogue (migrations/0006_feed_notify.sql), 'g:<branch>' for what only
 * pages show of the branch — attendance, absence notices, sheets, minutes with their revisions and files,
 * ratings, reminders, members and their exemptions or temporary attendance — and a flush of every page for
 * the days off, a committee's rating scheme, a user's name (migrations/0023_page-notify.sql). The caller is
 * part of the page's key. Time alone changes the page at the branch's midnight (what has happened, the
 * minutes' deadline, make-ups) and when one of its meetings starts or ends (word of absence closes).
 */
import { DateTime } from "luxon";
import type { Principal } from "../auth/principal.ts";
import type { MeetingPageData } from "./meeting-page-service.ts";

export interface PageFreshness {
  tags: string[];
  /** Epoch milliseconds from which the page may read differently with no row changed. */
  validUntil: number;
}

export function meetingPageFreshness(d: MeetingPageData, p: Principal, now: Date): PageFreshness {
  const at = now.getTime();
  const tags = new Set([`u:${p.userId}`]);
  if (p.memberId) tags.add(`m:${p.memberId}`);
  let validUntil = DateTime.fromMillis(at, { zone: d.record.view.timezone })
    .plus({ days: 1 })
    .startOf("day")
    .toMillis();
  for (const r of [d.record, d.replaces, d.replacedBy]) {
    if (!r) continue;
    tags.add(`b:${r.branchId}`);
    tags.add(`g:${r.branchId}`);
    if (r.campaignId) tags.add(`k:${r.campaignId}`);
    for (const instant of [r.view.start.toMillis(), r.view.end.toMillis()]) {
      if (instant > at && instant < validUntil) validUntil = instant;
    }
  }
  return { tags: [...tags], validUntil };
}
