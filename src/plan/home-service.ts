/**
 * What the pages show, built from the same services as the API (and so the same reach rules): a page
 * handler calls one of these and renders the result.
 */
import { requireSelf, scopeOf } from "../auth/policy.ts";
import type { Principal } from "../auth/principal.ts";
import type { FeedKind, FeedSubscription } from "../feeds/feed-queries.ts";
import { createFeed, type FeedLinks, listFeeds, rotateFeed } from "../feeds/feed-service.ts";
import type { AppDeps } from "../http/types.ts";
import { listCommittees } from "../organisation/committee-service.ts";
import { type CommitteeGrid, committeeGrid } from "./grid-service.ts";
import { branchPlan, memberPlan } from "./meeting-service.ts";
import type { MeetingRecord } from "./meeting-view.ts";

export type Home =
  | { kind: "branch"; next: MeetingRecord | null; plan: MeetingRecord[] }
  | { kind: "committee"; grid: CommitteeGrid }
  | { kind: "admin"; committees: { id: string; name: string; parentId: string | null }[] }
  | { kind: "none" };

/** The person's home: their branch's next meeting and year, or their committee's month. */
export async function homeOf(deps: AppDeps, p: Principal): Promise<Home> {
  const now = deps.clock.now();
  const scope = scopeOf(p);
  switch (scope.kind) {
    case "branch": {
      const plan = scope.memberId
        ? await memberPlan(deps, p, { memberId: scope.memberId })
        : await branchPlan(deps, p, { branchId: scope.branchId });
      const next = plan.find((r) => r.view.status !== "cancelled" && r.view.end.toJSDate() > now) ?? null;
      return { kind: "branch", next, plan };
    }
    case "committee":
      return { kind: "committee", grid: await committeeGrid(deps, p, { committeeId: scope.committeeId }) };
    case "all":
      return { kind: "admin", committees: await listCommittees(deps, p) };
    default:
      requireSelf(p);
      return { kind: "none" };
  }
}

type OwnFeed = { kind: FeedKind; branchId?: string; memberId?: string; committeeId?: string };

/** Which feed is "my calendar": a member's own, a secretary's branch (with the deadlines), an officer's committee. */
function ownFeed(p: Principal): OwnFeed | null {
  const scope = scopeOf(p);
  if (scope.kind === "branch") {
    if (scope.secretary || !scope.memberId) return { kind: "branch", branchId: scope.branchId };
    return { kind: "member", memberId: scope.memberId };
  }
  if (scope.kind === "committee") return { kind: "committee", committeeId: scope.committeeId };
  return null;
}

function matches(s: FeedSubscription, want: OwnFeed): boolean {
  return (
    s.kind === want.kind &&
    (want.memberId ?? null) === s.memberId &&
    (want.branchId ?? null) === s.branchId &&
    (want.committeeId ?? null) === s.committeeId
  );
}

export type MyCalendar =
  | { kind: "none" }
  /** A link made now: shown this once, since only its hash is kept. */
  | { kind: "fresh"; subscription: FeedSubscription; links: FeedLinks }
  /** A link made earlier: it keeps working, but cannot be shown again. */
  | { kind: "existing"; subscription: FeedSubscription };

/** The person's own calendar link: made on the first visit; `renew` replaces it (the old one stops). */
export async function myCalendar(
  deps: AppDeps,
  p: Principal,
  input: { renew: boolean },
): Promise<MyCalendar> {
  const want = ownFeed(p);
  if (!want) {
    requireSelf(p);
    return { kind: "none" };
  }
  const existing = (await listFeeds(deps, p)).find((s) => matches(s, want));
  if (existing && !input.renew) return { kind: "existing", subscription: existing };
  const made = existing ? await rotateFeed(deps, p, { id: existing.id }) : await createFeed(deps, p, want);
  const { httpsUrl, webcalUrl, ...subscription } = made;
  return { kind: "fresh", subscription, links: { httpsUrl, webcalUrl } };
}
