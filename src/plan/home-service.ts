/**
 * What the pages show, built from the same services as the API (and so the same reach rules): a page
 * handler calls one of these and renders the result.
 */
import { requireSelf, scopeOf } from "../auth/policy.ts";
import type { Principal } from "../auth/principal.ts";
import { civilToday } from "../domain/civil-date.ts";
import type { FeedKind, FeedSubscription } from "../feeds/feed-queries.ts";
import { createFeed, type FeedLinks, linksOf, listFeeds, rotateFeed } from "../feeds/feed-service.ts";
import type { AppDeps } from "../http/types.ts";
import { listCommittees } from "../organisation/committee-service.ts";
import { type CommitteeGrid, committeeGrid } from "./grid-service.ts";
import { branchPlan, memberPlan } from "./meeting-service.ts";
import type { MeetingRecord } from "./meeting-view.ts";
import { type QuarterMark, quarterMarks } from "./thematic-quarters.ts";

export type Home =
  | {
      kind: "branch";
      next: MeetingRecord | null;
      plan: MeetingRecord[];
      /** This year's quarters and their thematic meeting (the secretary's, to act on in time). */
      quarters: QuarterMark[] | null;
    }
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
      if (!scope.secretary) return { kind: "branch", next, plan, quarters: null };
      // The secretary's quarters of this year, past months included (the plan starts this month).
      const today = civilToday(now, plan[0]?.view.timezone);
      const year = today.slice(0, 4);
      const months = Array.from({ length: 12 }, (_, i) => `${year}-${String(i + 1).padStart(2, "0")}`);
      const yearPlan = await branchPlan(deps, p, {
        branchId: scope.branchId,
        from: `${year}-01-01`,
        to: `${year}-12-31`,
      });
      const kinded = yearPlan.map((r) => ({ date: r.date, kind: r.kind, status: r.view.status }));
      return { kind: "branch", next, plan, quarters: quarterMarks(kinded, months, today) };
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

/** Whether a subscription is the person's own calendar: the same feed, whoever's record it follows. */
function matches(s: FeedSubscription, want: OwnFeed): boolean {
  if (s.kind !== want.kind) return false;
  if (want.kind === "member") return s.memberId === want.memberId;
  if (want.kind === "branch") return s.branchId === want.branchId;
  return s.committeeId === want.committeeId;
}

export type MyCalendar =
  | { kind: "none" }
  /** No link yet: the page offers a button that makes one. */
  | { kind: "missing" }
  /** The link, shown on every visit (derived from the subscription's version, see feed-service.ts). */
  | { kind: "shown"; subscription: FeedSubscription; links: FeedLinks }
  /** A link made before links could be shown again: it keeps working; a new one can be shown. */
  | { kind: "legacy"; subscription: FeedSubscription };

/** The person's own calendar link, as it is: reading it never makes or changes one. */
export async function myCalendar(deps: AppDeps, p: Principal): Promise<MyCalendar> {
  const want = ownFeed(p);
  if (!want) {
    requireSelf(p);
    return { kind: "none" };
  }
  const existing = (await listFeeds(deps, p)).find((s) => matches(s, want));
  if (!existing) return { kind: "missing" };
  const links = await linksOf(deps, existing);
  return links
    ? { kind: "shown", subscription: existing, links }
    : { kind: "legacy", subscription: existing };
}

/** Makes the person's calendar link, or a new one in place of the old (which stops working). */
export async function renewMyCalendar(deps: AppDeps, p: Principal): Promise<"made" | "renewed" | "none"> {
  const want = ownFeed(p);
  if (!want) {
    requireSelf(p);
    return "none";
  }
  const existing = (await listFeeds(deps, p)).find((s) => matches(s, want));
  if (existing) await rotateFeed(deps, p, { id: existing.id });
  else await createFeed(deps, p, want);
  return existing ? "renewed" : "made";
}
