/** What a meeting's page is made of (src/plan/page-freshness.ts), for the page cache. Pure. */
import type { Principal } from "../auth/principal.ts";
import { type PageFreshness, pageFreshness } from "../plan/page-freshness.ts";
import type { MeetingPageData } from "./meeting-page-service.ts";

/** The meeting, the one it replaces or is replaced by, and their branch's rows that only pages show. */
export function meetingPageFreshness(d: MeetingPageData, p: Principal, now: Date): PageFreshness {
  const shown = [d.record, d.replaces, d.replacedBy].filter((r) => r !== null);
  return pageFreshness(p, shown, d.record.view.timezone, now, { branchRows: true });
}
