/** Committees (cấp ủy): the tree above the branches. Entry points take the caller and check reach first. */
import { committeeReachSql, mayCreateTopCommittee, requireAdmin, requireCommittee } from "../auth/policy.ts";
import type { Principal } from "../auth/principal.ts";
import { derivedHeading, documentHeading, type StoredHeading } from "../domain/document-heading.ts";
import { invalid, notFound } from "../http/errors.ts";
import type { AppDeps } from "../http/types.ts";
import { nfc } from "./normalise.ts";
import {
  committeeById,
  committeesInReach,
  insertCommittee,
  updateCommitteeRow,
} from "./organisation-queries.ts";

export const HEADING_FIELDS = ["reportCode", "signedFor", "signerTitle", "place"] as const;
export type HeadingField = (typeof HEADING_FIELDS)[number];

/** A committee as the API shows it: the heading of its documents as in force (set, or derived from the
 * name), and which of those fields are derived. */
function shown<R extends { name: string } & StoredHeading>(row: R) {
  const { reportCode, signedFor, signerTitle, place, ...rest } = row;
  const stored = { reportCode, signedFor, signerTitle, place };
  return {
    ...rest,
    ...documentHeading(row.name, stored),
    derived: HEADING_FIELDS.filter((f) => stored[f] === null || stored[f] === undefined),
  };
}

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
    return shown(
      await insertCommittee(tx, { id, name: nfc(input.name), parentId, ancestorIds: [...ancestors, id] }),
    );
  });
}

export async function listCommittees(deps: AppDeps, p: Principal) {
  return (await committeesInReach(deps.database.db, committeeReachSql(p))).map(shown);
}

export async function renameCommittee(deps: AppDeps, p: Principal, input: { id: string; name: string }) {
  return updateCommittee(deps, p, input);
}

/**
 * Renames a committee and/or sets how its documents are headed: the report code after "-BC/", the
 * "T/M …" line, the signer's title and the place of the date line. A field sent as null goes back to
 * what the name says; a field left out stays.
 */
export async function updateCommittee(
  deps: AppDeps,
  p: Principal,
  input: { id: string; name?: string } & { [K in HeadingField]?: string | null },
) {
  const { db } = deps.database;
  await requireCommittee(db, p, input.id, "manage");
  const values: Parameters<typeof updateCommitteeRow>[2] = {};
  if (input.name !== undefined) values.name = nfc(input.name);
  for (const f of HEADING_FIELDS) {
    const v = input[f];
    if (v === undefined) continue;
    const clean = v === null ? null : nfc(v);
    if (f !== "place" && clean === "") throw invalid(f, "không được để trống (gửi null để dùng mặc định)");
    // The code and the two signature lines are printed in capitals, as documents write them.
    values[f] = clean === null || f === "place" ? clean : clean.toLocaleUpperCase("vi-VN");
  }
  return shown(await updateCommitteeRow(db, input.id, values));
}

/**
 * How a committee's documents are headed, for the form that sets it (the reports page): the heading in
 * force, what the name alone would give, and which fields follow the name. Only those who may change it
 * (`updateCommittee`'s rule) read it: anyone else gets the same 404/403.
 */
export async function committeeHeadingSettings(deps: AppDeps, p: Principal, input: { id: string }) {
  const { db } = deps.database;
  await requireCommittee(db, p, input.id, "manage");
  const row = await committeeById(db, input.id);
  if (!row) throw notFound("Không tìm thấy cấp ủy");
  const { derived, reportCode, signedFor, signerTitle, place } = shown(row);
  return {
    id: row.id,
    name: row.name,
    heading: { reportCode, signedFor, signerTitle, place },
    defaults: derivedHeading(row.name),
    derived: derived as HeadingField[],
  };
}

export type CommitteeHeadingSettings = Awaited<ReturnType<typeof committeeHeadingSettings>>;

/** Whether the caller may create a committee with no parent (`createCommittee`'s rule), for the form. */
export function mayAddTopCommittee(p: Principal): boolean {
  return mayCreateTopCommittee(p);
}
