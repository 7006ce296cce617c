/**
 * Reads and writes of committees, branches and members: no caller, no rules. The list reads take the
 * caller's reach as the condition `policy.ts` builds for it (`committeeReachSql`, `branchReachSql`).
 */
import { and, asc, eq, isNull, type SQL, sql } from "drizzle-orm";
import type { DbOrTx } from "../db/client.ts";
import { branches, committees, members } from "../db/schema.ts";
import { describeRule, type MeetingRule } from "../domain/meeting-rule.ts";
import { sortByViName } from "../domain/vi-name-order.ts";

// ------------------------------------------------------------------------------------------ committees

const committeeColumns = {
  id: committees.id,
  parentId: committees.parentId,
  name: committees.name,
  reportCode: committees.reportCode,
  signedFor: committees.signedFor,
  signerTitle: committees.signerTitle,
  place: committees.place,
};

export async function insertCommittee(
  db: DbOrTx,
  row: { id: string; name: string; parentId: string | null; ancestorIds: string[] },
) {
  const [inserted] = await db.insert(committees).values(row).returning(committeeColumns);
  return inserted!;
}

/** One committee with its stored document heading (null fields: derived from the name). */
export async function committeeById(db: DbOrTx, id: string) {
  const [row] = await db.select(committeeColumns).from(committees).where(eq(committees.id, id));
  return row ?? null;
}

/** The committees the reach condition admits, top levels first, then by name. */
export async function committeesInReach(db: DbOrTx, reach: SQL) {
  return db
    .select(committeeColumns)
    .from(committees)
    .where(reach)
    .orderBy(sql`array_length(${committees.ancestorIds}, 1)`, asc(committees.name));
}

/** The committee's name and/or how its documents are headed (a null heading field: derived again). */
export async function updateCommitteeRow(
  db: DbOrTx,
  id: string,
  values: {
    name?: string;
    reportCode?: string | null;
    signedFor?: string | null;
    signerTitle?: string | null;
    place?: string | null;
  },
) {
  const [row] = await db
    .update(committees)
    .set({ ...values, updatedAt: sql`now()` })
    .where(eq(committees.id, id))
    .returning(committeeColumns);
  return row!;
}

// -------------------------------------------------------------------------------------------- branches

const branchColumns = {
  id: branches.id,
  committeeId: branches.committeeId,
  name: branches.name,
  timezone: branches.timezone,
  meetingRule: branches.meetingRule,
  place: branches.place,
  onlineUrl: branches.onlineUrl,
};

type BranchRow = { meetingRule: MeetingRule } & Record<string, unknown>;
/** A branch as the API shows it: with its meeting rule in words. */
export const withRuleText = <T extends BranchRow>(b: T) => ({ ...b, ruleText: describeRule(b.meetingRule) });

export type BranchValues = Partial<Omit<typeof branches.$inferInsert, "id" | "createdAt" | "updatedAt">>;

export async function insertBranch(
  db: DbOrTx,
  values: BranchValues & { committeeId: string; regionId: string; name: string },
) {
  const [row] = await db.insert(branches).values(values).returning(branchColumns);
  return withRuleText(row!);
}

/** The branches the reach condition admits, optionally only those under a committee (at any depth). */
export async function branchesInReach(db: DbOrTx, reach: SQL, underCommittee?: string) {
  const rows = await db
    .select(branchColumns)
    .from(branches)
    .innerJoin(committees, eq(committees.id, branches.committeeId))
    .where(
      and(reach, underCommittee ? sql`${underCommittee}::uuid = any(${committees.ancestorIds})` : undefined),
    )
    .orderBy(asc(branches.name));
  return rows.map(withRuleText);
}

export async function branchById(db: DbOrTx, id: string) {
  const [row] = await db.select(branchColumns).from(branches).where(eq(branches.id, id));
  return row ? withRuleText(row) : null;
}

export async function updateBranchRow(db: DbOrTx, id: string, values: BranchValues) {
  const [row] = await db
    .update(branches)
    .set({ ...values, updatedAt: sql`now()` })
    .where(eq(branches.id, id))
    .returning(branchColumns);
  return withRuleText(row!);
}

// --------------------------------------------------------------------------------------------- members

export const memberColumns = {
  id: members.id,
  branchId: members.branchId,
  fullName: members.fullName,
  email: members.email,
  phone: members.phone,
  role: members.role,
  status: members.status,
  joinedOn: members.joinedOn,
  leftOn: members.leftOn,
};

export type MemberValues = Partial<Omit<typeof members.$inferInsert, "id" | "createdAt" | "updatedAt">>;
type NewMember = MemberValues & { branchId: string; regionId: string; fullName: string };

/**
 * Rows per INSERT: drizzle builds a statement's SQL recursively (10,000 rows overflowed its stack) and
 * PostgreSQL takes at most 65,535 parameters (1,000 rows × 8 columns is 8,000).
 */
const MEMBERS_PER_STATEMENT = 1000;

/** Inserts the rows in batches, in order; within a transaction they go in all or none. */
export async function insertMembers(db: DbOrTx, rows: NewMember[]) {
  const inserted: Awaited<ReturnType<typeof insertBatch>> = [];
  for (let i = 0; i < rows.length; i += MEMBERS_PER_STATEMENT) {
    inserted.push(...(await insertBatch(db, rows.slice(i, i + MEMBERS_PER_STATEMENT))));
  }
  return inserted;
}

const insertBatch = (db: DbOrTx, rows: NewMember[]) =>
  db.insert(members).values(rows).returning(memberColumns);

/** The branch's members in the roll's order (Vietnamese names: by given name, see vi-name-order.ts). */
export async function membersOfBranch(db: DbOrTx, branchId: string, includeLeft: boolean) {
  const rows = await db
    .select(memberColumns)
    .from(members)
    .where(and(eq(members.branchId, branchId), includeLeft ? undefined : isNull(members.leftOn)));
  return sortByViName(rows, (r) => r.fullName);
}

export async function memberById(db: DbOrTx, id: string) {
  const [row] = await db.select(memberColumns).from(members).where(eq(members.id, id));
  return row ?? null;
}

export async function updateMemberRow(db: DbOrTx, id: string, values: MemberValues) {
  const [row] = await db
    .update(members)
    .set({ ...values, updatedAt: sql`now()` })
    .where(eq(members.id, id))
    .returning(memberColumns);
  return row!;
}

/** The emails of the branch's members who have not left (the ones a new member may not reuse). */
export async function activeEmailsOfBranch(db: DbOrTx, branchId: string): Promise<Set<string>> {
  const rows = await db
    .select({ email: members.email })
    .from(members)
    .where(and(eq(members.branchId, branchId), isNull(members.leftOn), sql`${members.email} is not null`));
  return new Set(rows.map((r) => r.email!));
}
