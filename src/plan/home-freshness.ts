/** What a member's or secretary's home is made of (page-freshness.ts), for the page cache. Pure. */
import type { Principal } from "../auth/principal.ts";
import type { Home } from "./home-service.ts";
import { type PageFreshness, pageFreshness } from "./page-freshness.ts";

/** A branch home's tags and time limit; null for the homes not kept (a committee's grid, the admin's list,
 * or a branch home with nothing planned, whose zone is not in what it read). */
export function homeFreshness(home: Home, p: Principal, now: Date): PageFreshness | null {
  if (home.kind !== "branch" || !p.branchId) return null;
  const zone = home.plan[0]?.view.timezone;
  return zone ? pageFreshness(p, home.plan, zone, now) : null;
}
