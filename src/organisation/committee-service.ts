/** Committees (cấp ủy): the tree above the branches. Entry points take the caller and check reach first. */
import { committeeReachSql, requireAdmin, requireCommittee } from "../auth/policy.ts";
import type { Principal } from "../auth/principal.ts";
import type { AppDeps } from "../http/types.ts";
import { nfc } from "./normalise.ts";
import { committeesInReach, insertCommittee, renameCommitteeRow } from "./organisation-queries.ts";

/** A top-level committee is an admin's to create; a committee below one, a manager of the parent's. */
export async function createCommittee(
  deps: AppDeps,
  p: Principal,
  input: { name: string; parentId?: string | null },
) {
  const parentId = input.parentId ?? null;
  if (parentId === null) requireAdmin(p, "Chỉ quản trị viên tạo được cấp ủy cấp cao nhất");
  return deps.database.db.transaction(async (tx) => {
    const ancestors = parentId ? (await requireCommittee(tx, p, parentId, "manage")).ancestorIds : [];
    const id = crypto.randomUUID();
    return insertCommittee(tx, { id, name: nfc(input.name), parentId, ancestorIds: [...ancestors, id] });
  });
}

export async function listCommittees(deps: AppDeps, p: Principal) {
  return committeesInReach(deps.database.db, committeeReachSql(p));
}

export async function renameCommittee(deps: AppDeps, p: Principal, input: { id: string; name: string }) {
  const { db } = deps.database;
  await requireCommittee(db, p, input.id, "manage");
  return renameCommitteeRow(db, input.id, nfc(input.name));
}
