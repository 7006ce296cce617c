/**
 * Who may see and change what: the one place that decides reach. Every service entry point that acts for
 * a caller calls one of the `require…` functions (or a `…ReachSql` of `policy-sql.ts` for lists) before it reads or writes;
 * routes never decide reach themselves.
 *
 *   admin      everything
 *   officer    their committee and everything below it; reads the campaigns of the committees above
 *   secretary  their branch: members, meetings, minutes
 *   member     their own record and their branch's schedule
 *
 * A resource outside the caller's reach is reported as not found, so that its existence does not leak;
 * a resource in sight but beyond the caller's rights is forbidden.
 *
 * Each decision marks the caller's principal (`reachChecked`): `app.ts` refuses to send a successful
 * answer to a signed-in caller whose request never passed through this module (unless its route declares
 * `config: { reach: "self" }` — the caller's own session, password or profile), so a forgotten check
 * fails every role-matrix test instead of leaking.
 */
import { eq, sql } from "drizzle-orm";
import type { DbOrTx } from "../db/client.ts";
import { perHandle } from "../db/prepared.ts";
import { branches, campaigns, committees, meetings, members } from "../db/schema.ts";
import { forbidden, notFound } from "../http/errors.ts";
import type { Principal } from "./principal.ts";

// The SQL conditions for lists live beside this file; callers import them from here as from one module.
export {
  creatableRoles,
  mayCreateTopCommittee,
  requireAccount,
  requireUserCreation,
} from "./policy-accounts.ts";
export {
  accountReachSql,
  auditReachSql,
  branchReachSql,
  campaignReachSql,
  committeeReachSql,
} from "./policy-sql.ts";

// ------------------------------------------------------------------------------------ the rank of roles

/** What a caller may do with a branch: "committee" manages it, "secretary" runs it, "member" reads it. */
export type BranchLevel = "committee" | "secretary" | "member";
const RANK: Record<BranchLevel, number> = { member: 1, secretary: 2, committee: 3 };

/** True when `level` is `need` or above. */
export const atLeast = (level: BranchLevel, need: BranchLevel) => RANK[level] >= RANK[need];

// ------------------------------------------------------------------------------------- the check ledger

const CHECKED = Symbol("reachChecked");
type Marked = Principal & { [CHECKED]?: true };

/**
 * Records that a reach decision was taken for this caller (in this request). Exported for `policy-sql.ts`
 * only, the other half of this module (the architecture test holds every other file to not import it).
 */
export function mark(p: Principal): void {
  (p as Marked)[CHECKED] = true;
}

/** Whether any reach decision was taken for this caller: read by the app's guard. */
export function reachChecked(p: Principal): boolean {
  return (p as Marked)[CHECKED] === true;
}

/**
 * An answer made earlier for this very caller (same person, role, reach and session) under a reach
 * decision, and kept while nothing it was made of changed, is sent again: the earlier decision stands
 * (src/web/page-cache.ts; the caller's membership and branch are among what such a page is made of).
 */
export function reachDecidedEarlier(p: Principal): void {
  mark(p);
}

/** The caller acts on their own account only (session, password, own messages): nothing else to reach. */
export function requireSelf(p: Principal): Principal {
  mark(p);
  return p;
}

/** Admin-only actions (top committees, holidays, outbox): 403 for everyone else. */
export function requireAdmin(p: Principal, message?: string): void {
  mark(p);
  if (p.role !== "admin") throw forbidden(message);
}

/** Committee-wide reading (the audit log): admins and officers only. */
export function requireCommitteeRole(p: Principal): void {
  mark(p);
  if (p.role !== "admin" && p.role !== "officer") throw forbidden();
}

/** Shared reference data every signed-in person reads (the holiday calendar). */
export function requireSignedIn(p: Principal): Principal {
  mark(p);
  return p;
}

// ----------------------------------------------------------------------------------------------- branch

export interface BranchInReach {
  id: string;
  /** Where the branch's rows live (the distribution column, src/db/distribution.ts). */
  regionId: string;
  committeeId: string;
  name: string;
  timezone: string;
  level: BranchLevel;
}

/** The caller's level on a branch, or null when it is out of reach (or does not exist). */
// Prepared (src/db/prepared.ts): nearly every branch page and API call decides its reach on this row.
const branchWithAncestors = perHandle((db) =>
  db
    .select({
      id: branches.id,
      regionId: branches.regionId,
      committeeId: branches.committeeId,
      name: branches.name,
      timezone: branches.timezone,
      ancestors: committees.ancestorIds,
    })
    .from(branches)
    .innerJoin(committees, eq(committees.id, branches.committeeId))
    .where(eq(branches.id, sql.placeholder("id")))
    .prepare("branch_with_ancestors"),
);

export async function branchLevel(db: DbOrTx, p: Principal, branchId: string): Promise<BranchInReach | null> {
  mark(p);
  const [row] = await branchWithAncestors(db).execute({ id: branchId });
  if (!row) return null;
  const { ancestors, ...branch } = row;
  const level = levelOn(p, branchId, ancestors);
  return level ? { ...branch, level } : null;
}

/** The rule itself, on a branch whose committee ancestry is known. */
function levelOn(p: Principal, branchId: string, ancestors: string[]): BranchLevel | null {
  if (p.role === "admin") return "committee";
  if (p.role === "officer" && p.committeeId && ancestors.includes(p.committeeId)) return "committee";
  if (p.branchId === branchId) return p.role === "secretary" ? "secretary" : "member";
  return null;
}

/** The branch if the caller reaches it at `need` or above; 404 when out of reach, 403 when only short of rights. */
export async function requireBranch(
  db: DbOrTx,
  p: Principal,
  branchId: string,
  need: BranchLevel,
): Promise<BranchInReach> {
  const b = await branchLevel(db, p, branchId);
  if (!b) throw notFound("Không tìm thấy chi bộ");
  if (!atLeast(b.level, need)) throw forbidden();
  return b;
}

// -------------------------------------------------------------------------------------------- committee

export interface CommitteeInReach {
  id: string;
  /** Its province-level committee: the region of its branches' rows. */
  regionId: string;
  parentId: string | null;
  name: string;
  ancestorIds: string[];
}

/** Committees are seen and managed by admins and by officers within their subtree; secretaries and
 * members reach branches, not committees (the committee's name travels with their plans and reports). */
export async function committeeLevel(
  db: DbOrTx,
  p: Principal,
  committeeId: string,
): Promise<(CommitteeInReach & { manage: boolean }) | null> {
  mark(p);
  const [row] = await db
    .select({
      id: committees.id,
      regionId: committees.regionId,
      parentId: committees.parentId,
      name: committees.name,
      ancestorIds: committees.ancestorIds,
    })
    .from(committees)
    .where(eq(committees.id, committeeId));
  if (!row) return null;
  if (p.role === "admin") return { ...row, manage: true };
  if (p.role === "officer" && p.committeeId && row.ancestorIds.includes(p.committeeId)) {
    return { ...row, manage: true };
  }
  return null;
}

export async function requireCommittee(
  db: DbOrTx,
  p: Principal,
  committeeId: string,
  need: "read" | "manage",
): Promise<CommitteeInReach & { manage: boolean }> {
  const c = await committeeLevel(db, p, committeeId);
  if (!c) throw notFound("Không tìm thấy cấp ủy");
  if (need === "manage" && !c.manage) throw forbidden();
  return c;
}

// ----------------------------------------------------------------------------------------------- member

// The branch's zone comes with the record: "today" for the member, without a read of its own. Prepared:
// every view of a member's home runs it (src/db/prepared.ts).
const memberWithZone = perHandle((db) =>
  db
    .select({
      id: members.id,
      branchId: members.branchId,
      regionId: members.regionId,
      timezone: branches.timezone,
    })
    .from(members)
    .innerJoin(branches, eq(branches.id, members.branchId))
    .where(eq(members.id, sql.placeholder("id")))
    .prepare("member_with_zone"),
);

/** A member record: committee and secretary reach manage it; a member reads only their own. */
export async function requireMember(
  db: DbOrTx,
  p: Principal,
  memberId: string,
  need: "read" | "write",
): Promise<{
  id: string;
  branchId: string;
  regionId: string;
  timezone: string;
  level: BranchLevel | "self";
}> {
  mark(p);
  const [m] = await memberWithZone(db).execute({ id: memberId });
  if (!m) throw notFound("Không tìm thấy đảng viên");
  if (p.memberId === memberId && p.role === "member") {
    if (need === "write") throw forbidden();
    return { ...m, level: "self" };
  }
  const b = await branchLevel(db, p, m.branchId);
  if (!b || b.level === "member") throw notFound("Không tìm thấy đảng viên");
  return { ...m, level: b.level };
}

// ---------------------------------------------------------------------------------------------- meeting

export type MeetingRow = typeof meetings.$inferSelect;

/**
 * The meeting if the caller reaches its branch at `need`; out of reach reads like a meeting that does not
 * exist (not like a missing branch). `lock` takes the row FOR UPDATE, for a change inside a transaction.
 */
export async function requireMeeting(
  db: DbOrTx,
  p: Principal,
  meetingId: string,
  need: BranchLevel,
  opts: { lock?: boolean } = {},
): Promise<{ meeting: MeetingRow; branch: BranchInReach }> {
  mark(p);
  const q = db.select().from(meetings).where(eq(meetings.id, meetingId));
  const [meeting] = opts.lock ? await q.for("update") : await q;
  const branch = meeting ? await branchLevel(db, p, meeting.branchId) : null;
  if (!meeting || !branch) throw notFound("Không tìm thấy buổi sinh hoạt");
  if (!atLeast(branch.level, need)) throw forbidden();
  return { meeting, branch };
}

// --------------------------------------------------------------------------------------------- campaign

type CampaignRow = typeof campaigns.$inferSelect;
export type CampaignLevel = "manage" | "read";

/** The committees above (and including) the caller's own committee or branch's committee. */
export async function callerAncestors(db: DbOrTx, p: Principal): Promise<string[]> {
  mark(p);
  if (p.role === "officer" && p.committeeId) {
    const [c] = await db
      .select({ a: committees.ancestorIds })
      .from(committees)
      .where(eq(committees.id, p.committeeId));
    return c?.a ?? [];
  }
  if ((p.role === "secretary" || p.role === "member") && p.branchId) {
    const [b] = await db
      .select({ a: committees.ancestorIds })
      .from(branches)
      .innerJoin(committees, eq(committees.id, branches.committeeId))
      .where(eq(branches.id, p.branchId));
    return b?.a ?? [];
  }
  return [];
}

/**
 * A campaign with no committee is a template shipped with the service: everyone signed in reads it, only
 * admins change it. An officer manages the campaigns of committees in their subtree and reads those of
 * the committees above theirs (their branches take part in them); secretaries and members read the
 * campaigns of the committees above their branch.
 */
export async function campaignLevel(
  db: DbOrTx,
  p: Principal,
  campaignId: string,
): Promise<{ campaign: CampaignRow; level: CampaignLevel; ancestorIds: string[] } | null> {
  mark(p);
  const [row] = await db
    .select({ campaign: campaigns, ancestorIds: committees.ancestorIds })
    .from(campaigns)
    .leftJoin(committees, eq(committees.id, campaigns.committeeId))
    .where(eq(campaigns.id, campaignId));
  if (!row) return null;
  const { campaign } = row;
  const ancestorIds = row.ancestorIds ?? [];
  const level = campaignLevelInSight(p, campaign.committeeId, ancestorIds);
  if (level === "manage" || campaign.committeeId === null) return { campaign, level, ancestorIds };
  if ((await callerAncestors(db, p)).includes(campaign.committeeId))
    return { campaign, level: "read", ancestorIds };
  return null;
}

/** The campaign if the caller reaches it at `need`; 404 out of reach, 403 when it can only be read. */
export async function requireCampaign(db: DbOrTx, p: Principal, campaignId: string, need: CampaignLevel) {
  const c = await campaignLevel(db, p, campaignId);
  if (!c) throw notFound("Không tìm thấy đợt sinh hoạt");
  if (need === "manage" && c.level !== "manage") {
    throw forbidden(
      c.campaign.committeeId === null
        ? "Đợt sinh hoạt mẫu chỉ quản trị viên được sửa; hãy sao chép về cấp ủy của mình"
        : "Chỉ cấp ủy phụ trách được sửa đợt sinh hoạt này",
    );
  }
  return c;
}

// ------------------------------------------------------------------------- a meeting read with its branch

/**
 * Reach on a meeting already read together with its branch's committee ancestry (a meeting view), so
 * that reading one meeting takes one read: missing or out of reach reads as not found, short of `need`
 * is forbidden.
 */
export function requireMeetingRead<M extends { branchId: string; ancestorIds: string[] }>(
  p: Principal,
  meeting: M | null,
  need: BranchLevel,
): M {
  mark(p);
  const level = meeting ? levelOn(p, meeting.branchId, meeting.ancestorIds) : null;
  if (!meeting || !level) throw notFound("Không tìm thấy buổi sinh hoạt");
  if (!atLeast(level, need)) throw forbidden();
  return meeting;
}

/**
 * The caller's level on a campaign already known to be in sight (a row `campaignReachSql` let through),
 * from its committee and that committee's ancestry: admins and the officers above its committee manage
 * it, everyone else reads it (a template is managed by admins only).
 */
export function campaignLevelInSight(
  p: Principal,
  committeeId: string | null,
  ancestorIds: readonly string[],
): CampaignLevel {
  mark(p);
  if (p.role === "admin") return "manage";
  if (committeeId !== null && p.role === "officer" && p.committeeId && ancestorIds.includes(p.committeeId))
    return "manage";
  return "read";
}

/**
 * The committee that runs a campaign, for reading the campaign's results across its branches: 404 when
 * the campaign is out of sight (or a template, which no committee runs), 403 when the caller sees the
 * campaign (a branch of theirs takes part) but does not run its committee.
 */
export async function requireCampaignCommittee(
  db: DbOrTx,
  p: Principal,
  campaignId: string,
): Promise<CommitteeInReach> {
  const camp = (await campaignLevel(db, p, campaignId))?.campaign;
  if (!camp?.committeeId) throw notFound("Không tìm thấy đợt sinh hoạt");
  const c = await committeeLevel(db, p, camp.committeeId);
  if (!c) throw forbidden();
  return c;
}

// ------------------------------------------------------------------------------------ a person's scope

/** Where a person's own pages start: their branch (members, secretaries), their committee (officers),
 * everything (admins), or nothing (an account with no unit yet, a member who left). Not a reach decision:
 * what the pages then read still goes through the checks above. */
export type Scope =
  | { kind: "branch"; branchId: string; memberId: string | null; secretary: boolean }
  | { kind: "committee"; committeeId: string }
  | { kind: "all" }
  | { kind: "none" };

export function scopeOf(p: Principal): Scope {
  if ((p.role === "member" || p.role === "secretary") && p.branchId)
    return { kind: "branch", branchId: p.branchId, memberId: p.memberId, secretary: p.role === "secretary" };
  if (p.role === "officer" && p.committeeId) return { kind: "committee", committeeId: p.committeeId };
  if (p.role === "admin") return { kind: "all" };
  return { kind: "none" };
}

// ------------------------------------------------------------------------ committee pages (issue 9)

/**
 * Whether the holiday page shows its edit forms: the rule `holiday-service` enforces with `requireAdmin`
 * (the page still goes through the service, which decides). Not a reach decision.
 */
export function mayEditHolidays(p: Principal): boolean {
  return p.role === "admin";
}

// ------------------------------------------------------------- the meeting page (issue 9: meetings area)

/** The caller's level on a meeting already read with its branch's ancestry (a meeting view), or null when
 * out of reach: the meeting page offers the secretary's tools from "secretary" up; the services behind
 * those tools check reach again. */
export function meetingLevelOf(
  p: Principal,
  meeting: { branchId: string; ancestorIds: string[] },
): BranchLevel | null {
  mark(p);
  return levelOn(p, meeting.branchId, meeting.ancestorIds);
}
