import { and, eq, sql } from "drizzle-orm";
import type { DbOrTx } from "../db/client.ts";
import { branches, committees, members, users } from "../db/schema.ts";
import { conflict, forbidden, invalid, notFound } from "../http/errors.ts";
import { branchLevel, committeeLevel, requireAdmin, requireSelf } from "./policy.ts";
import type { Principal, UserRole } from "./principal.ts";
import { hashPassword } from "./secrets.ts";

export interface NewUser {
  email: string;
  displayName: string;
  password: string;
  role: UserRole;
  committeeId?: string | null;
  branchId?: string | null;
  memberId?: string | null;
}

export const MIN_PASSWORD = 10;

export async function createUser(db: DbOrTx, input: NewUser): Promise<{ id: string }> {
  const email = input.email.trim().toLowerCase();
  if (input.password.length < MIN_PASSWORD) invalidPassword();
  let committeeId: string | null = null;
  let branchId: string | null = null;
  const memberId: string | null = input.memberId ?? null;
  if (input.role === "officer") {
    if (!input.committeeId) throw invalid("body.committeeId", "bắt buộc với cán bộ cấp ủy");
    committeeId = input.committeeId;
    const [c] = await db.select({ id: committees.id }).from(committees).where(eq(committees.id, committeeId));
    if (!c) throw invalid("body.committeeId", "không tồn tại");
  }
  if (input.role === "secretary") {
    if (!input.branchId) throw invalid("body.branchId", "bắt buộc với bí thư chi bộ");
    branchId = input.branchId;
    const [b] = await db.select({ id: branches.id }).from(branches).where(eq(branches.id, branchId));
    if (!b) throw invalid("body.branchId", "không tồn tại");
  }
  if (input.role === "member" && !memberId) throw invalid("body.memberId", "bắt buộc với đảng viên");
  if (memberId) {
    const [m] = await db.select({ branchId: members.branchId }).from(members).where(eq(members.id, memberId));
    if (!m) throw invalid("body.memberId", "không tồn tại");
    if (branchId && m.branchId !== branchId) throw invalid("body.memberId", "không thuộc chi bộ này");
  }
  const passwordHash = await hashPassword(input.password);
  const [row] = await db
    .insert(users)
    .values({
      email,
      displayName: input.displayName.normalize("NFC").trim(),
      passwordHash,
      role: input.role,
      committeeId,
      branchId,
      memberId,
    })
    .onConflictDoNothing({ target: users.email })
    .returning({ id: users.id });
  if (!row) throw conflict("Email này đã có tài khoản", [{ field: "body.email", reason: "đã được dùng" }]);
  return row;
}

function invalidPassword(): never {
  throw invalid("body.password", `phải có ít nhất ${MIN_PASSWORD} ký tự`);
}

/** Who may create which account: admins any; officers within their committee's reach; secretaries the
 * accounts of their own branch's members. */
export async function assertMayCreate(db: DbOrTx, p: Principal, input: NewUser): Promise<void> {
  if (p.role === "admin") return requireAdmin(p);
  if (p.role === "officer") {
    if (input.role === "admin") throw forbidden();
    if (input.committeeId && !(await committeeLevel(db, p, input.committeeId)))
      throw notFound("Không tìm thấy cấp ủy");
    if (input.branchId && !(await branchLevel(db, p, input.branchId)))
      throw notFound("Không tìm thấy chi bộ");
    if (input.memberId) await assertMemberInBranchReach(db, p, input.memberId);
    return;
  }
  if (p.role === "secretary") {
    if (input.role !== "member" || !input.memberId)
      throw forbidden("Bí thư chi bộ chỉ tạo tài khoản cho đảng viên");
    await assertMemberInBranchReach(db, p, input.memberId);
    return;
  }
  throw requireSelf(p) && forbidden();
}

async function assertMemberInBranchReach(db: DbOrTx, p: Principal, memberId: string) {
  const [m] = await db.select({ branchId: members.branchId }).from(members).where(eq(members.id, memberId));
  const level = m ? await branchLevel(db, p, m.branchId) : null;
  if (!level || level.level === "member") throw notFound("Không tìm thấy đảng viên");
}

export async function setPassword(db: DbOrTx, email: string, password: string): Promise<void> {
  if (password.length < MIN_PASSWORD) invalidPassword();
  const rows = await db
    .update(users)
    .set({ passwordHash: await hashPassword(password), updatedAt: sql`now()` })
    .where(and(eq(users.email, email.trim().toLowerCase())))
    .returning({ id: users.id });
  if (rows.length === 0) throw notFound("Không có tài khoản với email này");
}

export async function countUsers(db: DbOrTx): Promise<number> {
  const [row] = await db.select({ n: sql<number>`count(*)::int` }).from(users);
  return row?.n ?? 0;
}
