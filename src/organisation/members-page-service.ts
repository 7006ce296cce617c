/**
 * What the members pages show, built from the organisation services (and so the API's reach rules: the
 * branch's secretary, the committees above it and admins; another branch reads as not found, a member is
 * refused). No rule of its own.
 */
import type { Principal } from "../auth/principal.ts";
import { civilToday } from "../domain/civil-date.ts";
import { notFound } from "../http/errors.ts";
import type { AppDeps } from "../http/types.ts";
import { getBranch } from "./branch-service.ts";
import { listMembers } from "./member-service.ts";
import { type BranchStandings, standingsOfBranch } from "./standing-service.ts";

export type MemberRow = Awaited<ReturnType<typeof listMembers>>[number];

export interface MembersView {
  branch: { id: string; name: string; timezone: string };
  /** Members who have not left, in the roll's order (by given name). */
  active: MemberRow[];
  /** Members who have left, in the roll's order. */
  left: MemberRow[];
  /** Today in the branch's zone: the default date of leaving. */
  today: string;
  /** Exemptions and temporary attendance of the branch's members (who is which today). */
  standing: BranchStandings;
}

/** The branch's roll for its secretary (or above). */
export async function membersView(deps: AppDeps, p: Principal, branchId: string): Promise<MembersView> {
  // listMembers decides reach (secretary or above); getBranch then only reads the name and zone.
  const all = await listMembers(deps, p, { branchId, includeLeft: true });
  const b = await getBranch(deps, p, { id: branchId });
  const today = civilToday(deps.clock.now(), b.timezone);
  const standing = await standingsOfBranch(deps, p, branchId);
  return {
    branch: { id: b.id, name: b.name, timezone: b.timezone },
    active: all.filter((m) => m.leftOn === null),
    left: all.filter((m) => m.leftOn !== null),
    today,
    standing,
  };
}

/** One member of the branch, for the edit page: not found when the member is not on this branch's roll. */
export async function memberOfBranch(
  deps: AppDeps,
  p: Principal,
  input: { branchId: string; memberId: string },
): Promise<{ view: MembersView; member: MemberRow }> {
  const view = await membersView(deps, p, input.branchId);
  const member = [...view.active, ...view.left].find((m) => m.id === input.memberId);
  if (!member) throw notFound("Không tìm thấy đảng viên");
  return { view, member };
}
