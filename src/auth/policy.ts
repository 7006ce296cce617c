/**
 * Who may see and change what: the one place that decides reach. Every service entry point that acts for
 * a caller calls one of the `require…` functions (or `reachSql…` for lists) before it reads or writes;
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
import { eq, inArray, isNull, sql } from "drizzle-orm";
import type { DbOrTx } from "../db/client.ts";
import { auditLog, branches, campaigns, committees, meetings, members, users } from "../db/schema.ts";
import { forbidden, notFound } from "../http/errors.ts";
import type { Principal } from "./principal.ts";

// ------------------------------------------------------------------------------------ the rank of roles

/** What a caller may do with a branch: "committee" manages it, "secretary" runs it, "member" reads it. */
export type BranchLevel = "committee" | "secretary" | "member";
const RANK: Record<BranchLevel, number> = { member: 1, secretary: 2, committee: 3 };

/** True when `level` is `need` or above. */
export const atLeast = (level: BranchLevel, need: BranchLevel) => RANK[level] >= RANK[need];

// ------------------------------------------------------------------------------------- the check ledger

const CHECKED = Symbol("reachChecked");
type Marked = Principal & { [CHECKED]?: true };

/** Records that a reach decision was taken for this caller (in this request). */
function mark(p: Principal): void {
  (p as Marked)[CHECKED] = true;
}

/** Whether any reach decision was taken for this caller: read by the app's guard. */
export function reachChecked(p: Principal): boolean {
  return (p as Marked)[CHECKED] === true;
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
export async function branchLevel(db: DbOrTx, p: Principal, branchId: string): Promise<BranchInReach | null> {
  mark(p);
  const [row] = await db
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
    .where(eq(branches.id, branchId));
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
): Promise<CommitteeInReach> {
  const c = await committeeLevel(db, p, committeeId);
  if (!c) throw notFound("Không tìm thấy cấp ủy");
  if (need === "manage" && !c.manage) throw forbidden();
  return c;
}

/** SQL condition for lists: the committee row (of `committees`) lies within the caller's reach. */
export function committeeReachSql(p: Principal) {
  mark(p);
  if (p.role === "admin") return sql`true`;
  if (p.role === "officer" && p.committeeId)
    return sql`${p.committeeId}::uuid = any(${committees.ancestorIds})`;
  return sql`false`;
}

/** SQL condition for branch lists (over `branches` joined to `committees`): the branches the caller reaches. */
export function branchReachSql(p: Principal) {
  mark(p);
  if (p.role === "admin" || p.role === "officer") return committeeReachSql(p);
  return p.branchId ? sql`${branches.id} = ${p.branchId}::uuid` : sql`false`;
}

// ----------------------------------------------------------------------------------------------- member

/** A member record: committee and secretary reach manage it; a member reads only their own. */
export async function requireMember(
  db: DbOrTx,
  p: Principal,
  memberId: string,
  need: "read" | "write",
): Promise<{ id: string; branchId: string; regionId: string; level: BranchLevel | "self" }> {
  mark(p);
  const [m] = await db
    .select({ id: members.id, branchId: members.branchId, regionId: members.regionId })
    .from(members)
    .where(eq(members.id, memberId));
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

/** SQL condition for campaign lists: templates, the caller's subtree, and the committees above them. */
export function campaignReachSql(p: Principal, ancestors: string[]) {
  mark(p);
  if (p.role === "admin") return sql`true`;
  const below =
    p.role === "officer" && p.committeeId
      ? sql`${p.committeeId}::uuid = any(${committees.ancestorIds})`
      : sql`false`;
  const above = ancestors.length ? inArray(campaigns.committeeId, ancestors) : sql`false`;
  return sql`(${isNull(campaigns.committeeId)} or ${below} or ${above})`;
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

// ------------------------------------------------------------------------------------------ audit trail

/**
 * SQL condition over `audit_log` for the committee-wide trail: an admin reads every entry, including those
 * with no branch (committee-wide changes); an officer reads the entries of the branches in their reach.
 * Anyone else: 403.
 */
export function auditReachSql(p: Principal) {
  requireCommitteeRole(p);
  if (p.role === "admin") return sql`true`;
  return sql`${auditLog.branchId} in (select ${branches.id} from ${branches} join ${committees} on ${committees.id} = ${branches.committeeId} where ${committeeReachSql(p)})`;
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

// ---------------------------------------------------------------------------------------------- account

/**
 * Who may create which account: admins any; officers any but an admin, for committees, branches and
 * members within their reach; secretaries only member accounts for their own branch's members.
 */
export async function requireUserCreation(
  db: DbOrTx,
  p: Principal,
  input: {
    role: Principal["role"];
    committeeId?: string | null;
    branchId?: string | null;
    memberId?: string | null;
  },
): Promise<void> {
  mark(p);
  if (p.role === "admin") return;
  if (p.role === "officer") {
    if (input.role === "admin") throw forbidden();
    if (input.committeeId && !(await committeeLevel(db, p, input.committeeId)))
      throw notFound("Không tìm thấy cấp ủy");
    if (input.branchId && !(await branchLevel(db, p, input.branchId)))
      throw notFound("Không tìm thấy chi bộ");
    if (input.memberId) await memberInBranchReach(db, p, input.memberId);
    return;
  }
  if (p.role === "secretary") {
    if (input.role !== "member" || !input.memberId)
      throw forbidden("Bí thư chi bộ chỉ tạo tài khoản cho đảng viên");
    await memberInBranchReach(db, p, input.memberId);
    return;
  }
  throw forbidden();
}

/** A member record the caller manages through its branch (secretary or committee level). */
async function memberInBranchReach(db: DbOrTx, p: Principal, memberId: string): Promise<void> {
  const [m] = await db.select({ branchId: members.branchId }).from(members).where(eq(members.id, memberId));
  const level = m ? await branchLevel(db, p, m.branchId) : null;
  if (!level || level.level === "member") throw notFound("Không tìm thấy đảng viên");
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

// ------------------------------------------------------------------------ accounts (issue 18: setting up)

/** SQL condition over `users` for the accounts a caller manages: an admin all; an officer those of the
 * committees and branches in their subtree (a member's account through its member record); a secretary
 * the member accounts of their branch. Anyone else: none. */
export function accountReachSql(p: Principal) {
  mark(p);
  if (p.role === "admin") return sql`true`;
  const ownBranch = sql`coalesce(${users.branchId}, (select ${members.branchId} from ${members} where ${members.id} = ${users.memberId}))`;
  if (p.role === "officer" && p.committeeId) {
    const inSubtree = sql`${p.committeeId}::uuid = any(${committees.ancestorIds})`;
    return sql`${users.role} <> 'admin' and (${users.committeeId} in (select ${committees.id} from ${committees} where ${inSubtree}) or ${ownBranch} in (select ${branches.id} from ${branches} join ${committees} on ${committees.id} = ${branches.committeeId} where ${inSubtree}))`;
  }
  if (p.role === "secretary" && p.branchId)
    return sql`${users.role} = 'member' and ${ownBranch} = ${p.branchId}::uuid`;
  return sql`false`;
}

/** An existing account the caller manages: the rule that lets them create such an account
 * (`requireUserCreation`), applied to the account as it is. */
export async function requireAccount(
  db: DbOrTx,
  p: Principal,
  account: {
    role: Principal["role"];
    committeeId: string | null;
    branchId: string | null;
    memberId: string | null;
  },
): Promise<void> {
  await requireUserCreation(db, p, account);
}

/** The roles of the accounts a caller may create from the pages (members get theirs from the roll). */
export function creatableRoles(p: Principal): Principal["role"][] {
  mark(p);
  if (p.role === "admin") return ["officer", "secretary", "admin"];
  if (p.role === "officer") return ["officer", "secretary"];
  return [];
}

/** Whether the organisation page offers a committee with no parent: `createCommittee`'s rule (admins).
 * Not a reach decision: the service decides again. */
export function mayCreateTopCommittee(p: Principal): boolean {
  return p.role === "admin";
}
