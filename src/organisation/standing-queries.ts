/** Exemptions (miễn sinh hoạt) and temporary attendance (sinh hoạt tạm thời): reads and writes, no rules. */
import { and, asc, eq } from "drizzle-orm";
import type { DbOrTx } from "../db/client.ts";
import { memberExemptions, members, temporaryAttendances } from "../db/schema.ts";

const exemptionColumns = {
  id: memberExemptions.id,
  memberId: memberExemptions.memberId,
  reason: memberExemptions.reason,
  from: memberExemptions.fromDate,
  to: memberExemptions.toDate,
  decisionRef: memberExemptions.decisionRef,
};

const temporaryColumns = {
  id: temporaryAttendances.id,
  memberId: temporaryAttendances.memberId,
  homeOrganisation: temporaryAttendances.homeOrganisation,
  from: temporaryAttendances.fromDate,
  to: temporaryAttendances.toDate,
};

export type ExemptionRow = {
  id: string;
  memberId: string;
  reason: string;
  from: string;
  to: string | null;
  decisionRef: string;
};
export type TemporaryRow = {
  id: string;
  memberId: string;
  homeOrganisation: string;
  from: string;
  to: string | null;
};

/** Every exemption of the branch's members, oldest first (a branch has few). */
export function exemptionsOfBranch(db: DbOrTx, branchId: string): Promise<ExemptionRow[]> {
  return db
    .select(exemptionColumns)
    .from(memberExemptions)
    .innerJoin(
      members,
      and(eq(members.id, memberExemptions.memberId), eq(members.regionId, memberExemptions.regionId)),
    )
    .where(eq(members.branchId, branchId))
    .orderBy(asc(memberExemptions.fromDate), asc(memberExemptions.createdAt));
}

/** Every temporary attendance of the branch's members, oldest first. */
export function temporariesOfBranch(db: DbOrTx, branchId: string): Promise<TemporaryRow[]> {
  return db
    .select(temporaryColumns)
    .from(temporaryAttendances)
    .innerJoin(
      members,
      and(eq(members.id, temporaryAttendances.memberId), eq(members.regionId, temporaryAttendances.regionId)),
    )
    .where(eq(members.branchId, branchId))
    .orderBy(asc(temporaryAttendances.fromDate), asc(temporaryAttendances.createdAt));
}

export function exemptionsOfMember(db: DbOrTx, memberId: string): Promise<ExemptionRow[]> {
  return db.select(exemptionColumns).from(memberExemptions).where(eq(memberExemptions.memberId, memberId));
}

export function temporariesOfMember(db: DbOrTx, memberId: string): Promise<TemporaryRow[]> {
  return db
    .select(temporaryColumns)
    .from(temporaryAttendances)
    .where(eq(temporaryAttendances.memberId, memberId));
}

export async function insertExemption(
  db: DbOrTx,
  row: Omit<ExemptionRow, "id"> & { regionId: string; recordedBy: string; at: Date },
): Promise<ExemptionRow> {
  const [r] = await db
    .insert(memberExemptions)
    .values({
      regionId: row.regionId,
      memberId: row.memberId,
      reason: row.reason,
      fromDate: row.from,
      toDate: row.to,
      decisionRef: row.decisionRef,
      recordedBy: row.recordedBy,
      createdAt: row.at,
      updatedAt: row.at,
    })
    .returning(exemptionColumns);
  return r!;
}

export async function insertTemporary(
  db: DbOrTx,
  row: Omit<TemporaryRow, "id"> & { regionId: string; recordedBy: string; at: Date },
): Promise<TemporaryRow> {
  const [r] = await db
    .insert(temporaryAttendances)
    .values({
      regionId: row.regionId,
      memberId: row.memberId,
      homeOrganisation: row.homeOrganisation,
      fromDate: row.from,
      toDate: row.to,
      recordedBy: row.recordedBy,
      createdAt: row.at,
      updatedAt: row.at,
    })
    .returning(temporaryColumns);
  return r!;
}

/** The exemption, locked for its end to be written. */
export async function exemptionById(db: DbOrTx, id: string): Promise<ExemptionRow | null> {
  const [r] = await db
    .select(exemptionColumns)
    .from(memberExemptions)
    .where(eq(memberExemptions.id, id))
    .for("update");
  return r ?? null;
}

export async function temporaryById(db: DbOrTx, id: string): Promise<TemporaryRow | null> {
  const [r] = await db
    .select(temporaryColumns)
    .from(temporaryAttendances)
    .where(eq(temporaryAttendances.id, id))
    .for("update");
  return r ?? null;
}

export async function setExemptionEnd(db: DbOrTx, id: string, to: string, at: Date): Promise<ExemptionRow> {
  const [r] = await db
    .update(memberExemptions)
    .set({ toDate: to, updatedAt: at })
    .where(eq(memberExemptions.id, id))
    .returning(exemptionColumns);
  return r!;
}

export async function setTemporaryEnd(db: DbOrTx, id: string, to: string, at: Date): Promise<TemporaryRow> {
  const [r] = await db
    .update(temporaryAttendances)
    .set({ toDate: to, updatedAt: at })
    .where(eq(temporaryAttendances.id, id))
    .returning(temporaryColumns);
  return r!;
}
