import { and, asc, eq, isNull, sql } from "drizzle-orm";
import { IANAZone } from "luxon";
import {
  branchReachSql,
  committeeReachSql,
  requireAdmin,
  requireBranch,
  requireCommittee,
} from "../auth/policy.ts";
import type { Principal } from "../auth/principal.ts";
import type { Db, DbOrTx } from "../db/client.ts";
import { branches, committees, DEFAULT_MEETING_RULE, members } from "../db/schema.ts";
import { describeRule, type MeetingRule, validateRule } from "../domain/meeting-rule.ts";
import { conflict, forbidden, invalid, invalidMany, notFound } from "../http/errors.ts";
import { type MemberCsvRow, parseMemberCsv } from "./member-csv.ts";

const nfc = (s: string) => s.normalize("NFC").replace(/\s+/g, " ").trim();

export async function createCommittee(
  db: Db,
  p: Principal,
  input: { name: string; parentId?: string | null },
) {
  const parentId = input.parentId ?? null;
  if (parentId === null) requireAdmin(p, "Chỉ quản trị viên tạo được cấp ủy cấp cao nhất");
  return db.transaction(async (tx) => {
    let ancestors: string[] = [];
    if (parentId) ancestors = (await requireCommittee(tx, p, parentId, "manage")).ancestorIds;
    const id = crypto.randomUUID();
    const [row] = await tx
      .insert(committees)
      .values({ id, name: nfc(input.name), parentId, ancestorIds: [...ancestors, id] })
      .returning({ id: committees.id, parentId: committees.parentId, name: committees.name });
    return row!;
  });
}

export async function listCommittees(db: DbOrTx, p: Principal) {
  return db
    .select({ id: committees.id, parentId: committees.parentId, name: committees.name })
    .from(committees)
    .where(committeeReachSql(p))
    .orderBy(sql`array_length(${committees.ancestorIds}, 1)`, asc(committees.name));
}

export async function renameCommittee(db: DbOrTx, p: Principal, id: string, name: string) {
  await requireCommittee(db, p, id, "manage");
  const [row] = await db
    .update(committees)
    .set({ name: nfc(name), updatedAt: sql`now()` })
    .where(eq(committees.id, id))
    .returning({ id: committees.id, parentId: committees.parentId, name: committees.name });
  return row!;
}

export function checkTimezone(tz: string, field = "body.timezone") {
  if (!IANAZone.isValidZone(tz)) throw invalid(field, `"${tz}" không phải múi giờ IANA hợp lệ`);
}

export function checkRule(rule: MeetingRule) {
  const problems = validateRule(rule);
  if (problems.length) {
    throw invalidMany(
      "Quy tắc họp không hợp lệ",
      problems.map((x) => ({ field: `body.meetingRule.${x.field}`, reason: x.reason })),
    );
  }
}

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
export const withRuleText = <T extends BranchRow>(b: T) => ({ ...b, ruleText: describeRule(b.meetingRule) });

export interface BranchInput {
  name?: string;
  timezone?: string;
  meetingRule?: MeetingRule;
  place?: string | null;
  onlineUrl?: string | null;
  committeeId?: string;
}

export async function createBranch(
  db: Db,
  p: Principal,
  committeeId: string,
  input: BranchInput & { name: string },
) {
  await requireCommittee(db, p, committeeId, "manage");
  if (input.timezone) checkTimezone(input.timezone);
  if (input.meetingRule) checkRule(input.meetingRule);
  const [row] = await db
    .insert(branches)
    .values({
      committeeId,
      name: nfc(input.name),
      timezone: input.timezone ?? "Asia/Ho_Chi_Minh",
      meetingRule: input.meetingRule ?? DEFAULT_MEETING_RULE,
      place: input.place ? nfc(input.place) : null,
      onlineUrl: input.onlineUrl ?? null,
    })
    .returning(branchColumns);
  return withRuleText(row!);
}

export async function listBranches(db: DbOrTx, p: Principal, committeeId?: string) {
  if (committeeId) await requireCommittee(db, p, committeeId, "read");
  const reach = branchReachSql(p);
  const rows = await db
    .select(branchColumns)
    .from(branches)
    .innerJoin(committees, eq(committees.id, branches.committeeId))
    .where(and(reach, committeeId ? sql`${committeeId}::uuid = any(${committees.ancestorIds})` : undefined))
    .orderBy(asc(branches.name));
  return rows.map(withRuleText);
}

export async function getBranch(db: DbOrTx, p: Principal, id: string) {
  await requireBranch(db, p, id, "member");
  const [row] = await db.select(branchColumns).from(branches).where(eq(branches.id, id));
  return withRuleText(row!);
}

/** Committee reach edits everything; a secretary edits how and where their branch meets. */
export async function updateBranch(db: Db, p: Principal, id: string, input: BranchInput) {
  const b = await requireBranch(db, p, id, "secretary");
  if (
    b.level !== "committee" &&
    (input.name !== undefined || input.committeeId !== undefined || input.timezone !== undefined)
  ) {
    throw forbidden("Bí thư chi bộ chỉ sửa được quy tắc, địa điểm và đường dẫn họp trực tuyến");
  }
  if (input.timezone) checkTimezone(input.timezone);
  if (input.meetingRule) checkRule(input.meetingRule);
  if (input.committeeId) await requireCommittee(db, p, input.committeeId, "manage");
  const [row] = await db
    .update(branches)
    .set({
      ...(input.name !== undefined ? { name: nfc(input.name) } : {}),
      ...(input.timezone !== undefined ? { timezone: input.timezone } : {}),
      ...(input.meetingRule !== undefined ? { meetingRule: input.meetingRule } : {}),
      ...(input.place !== undefined ? { place: input.place === null ? null : nfc(input.place) } : {}),
      ...(input.onlineUrl !== undefined ? { onlineUrl: input.onlineUrl } : {}),
      ...(input.committeeId !== undefined ? { committeeId: input.committeeId } : {}),
      updatedAt: sql`now()`,
    })
    .where(eq(branches.id, id))
    .returning(branchColumns);
  return withRuleText(row!);
}

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

export interface MemberFields {
  fullName: string;
  email?: string | null;
  phone?: string | null;
  role?: MemberCsvRow["role"];
  status?: MemberCsvRow["status"];
  joinedOn?: string | null;
}

function memberValues(input: Partial<MemberFields>) {
  return {
    ...(input.fullName !== undefined ? { fullName: nfc(input.fullName) } : {}),
    ...(input.email !== undefined ? { email: input.email ? input.email.trim().toLowerCase() : null } : {}),
    ...(input.phone !== undefined ? { phone: input.phone ? input.phone.replace(/[ .]/g, "") : null } : {}),
    ...(input.role !== undefined ? { role: input.role } : {}),
    ...(input.status !== undefined ? { status: input.status } : {}),
    ...(input.joinedOn !== undefined ? { joinedOn: input.joinedOn } : {}),
  };
}

/** Postgres unique violation on the active-email index → 409 naming the field. */
function duplicateEmail(err: unknown): never {
  const e = err as { code?: string; constraint?: string; cause?: { code?: string; constraint?: string } };
  const pgErr = e.cause ?? e;
  if (pgErr.code === "23505" && pgErr.constraint === "members_branch_email_active_uq") {
    throw conflict("Email đã có trong danh sách chi bộ", [
      { field: "body.email", reason: "đã được dùng trong chi bộ" },
    ]);
  }
  throw err;
}

export async function addMember(db: Db, p: Principal, branchId: string, input: MemberFields) {
  await requireBranch(db, p, branchId, "secretary");
  try {
    const [row] = await db
      .insert(members)
      .values({ branchId, ...memberValues(input), fullName: nfc(input.fullName) })
      .returning(memberColumns);
    return row!;
  } catch (err) {
    duplicateEmail(err);
  }
}

export async function listMembers(db: DbOrTx, p: Principal, branchId: string, includeLeft: boolean) {
  await requireBranch(db, p, branchId, "secretary");
  return db
    .select(memberColumns)
    .from(members)
    .where(and(eq(members.branchId, branchId), includeLeft ? undefined : isNull(members.leftOn)))
    .orderBy(asc(members.fullName));
}

export async function getMember(db: DbOrTx, id: string) {
  const [row] = await db.select(memberColumns).from(members).where(eq(members.id, id));
  if (!row) throw notFound("Không tìm thấy đảng viên");
  return row;
}

export async function updateMember(db: Db, id: string, input: Partial<MemberFields>) {
  try {
    const [row] = await db
      .update(members)
      .set({ ...memberValues(input), updatedAt: sql`now()` })
      .where(eq(members.id, id))
      .returning(memberColumns);
    return row!;
  } catch (err) {
    duplicateEmail(err);
  }
}

/** A member who leaves is marked, never deleted: the history that refers to them stays whole. */
export async function markLeft(db: Db, id: string, leftOn: string) {
  const current = await getMember(db, id);
  if (current.leftOn) throw conflict("Đảng viên này đã được ghi nhận chuyển đi");
  if (current.joinedOn && leftOn < current.joinedOn)
    throw invalid("body.leftOn", "trước ngày vào Đảng/ngày tham gia");
  const [row] = await db
    .update(members)
    .set({ leftOn, updatedAt: sql`now()` })
    .where(eq(members.id, id))
    .returning(memberColumns);
  return row!;
}

/** All or nothing: a file with any bad row imports nothing and reports every problem by line. */
export async function importMembers(db: Db, p: Principal, branchId: string, data: Buffer) {
  await requireBranch(db, p, branchId, "secretary");
  const parsed = parseMemberCsv(data);
  if (!parsed.ok) {
    throw invalidMany(
      `Tệp có ${parsed.problems.length} lỗi; chưa nhập người nào`,
      parsed.problems.map((x) => ({
        field: `line ${x.line}${x.field ? `.${x.field}` : ""}`,
        reason: x.reason,
      })),
      { problems: parsed.problems },
    );
  }
  return db.transaction(async (tx) => {
    const existing = await tx
      .select({ email: members.email })
      .from(members)
      .where(and(eq(members.branchId, branchId), isNull(members.leftOn), sql`${members.email} is not null`));
    const taken = new Set(existing.map((r) => r.email));
    const clashes = parsed.rows
      .filter((r) => r.email && !r.leftOn && taken.has(r.email))
      .map((r) => ({
        line: r.line,
        field: "email",
        reason: `email ${r.email} đã có trong danh sách chi bộ`,
      }));
    if (clashes.length) {
      throw invalidMany(
        `Tệp có ${clashes.length} lỗi; chưa nhập người nào`,
        clashes.map((x) => ({ field: `line ${x.line}.${x.field}`, reason: x.reason })),
        { problems: clashes },
      );
    }
    const inserted = await tx
      .insert(members)
      .values(
        parsed.rows.map((r) => ({
          branchId,
          fullName: r.fullName,
          email: r.email,
          phone: r.phone,
          role: r.role,
          status: r.status,
          joinedOn: r.joinedOn,
          leftOn: r.leftOn,
        })),
      )
      .returning(memberColumns);
    return inserted;
  });
}
