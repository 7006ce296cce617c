import { and, eq, sql } from "drizzle-orm";
import type { DbOrTx } from "../db/client.ts";
import { branches, committees, members, users } from "../db/schema.ts";
import { conflict, invalid, notFound } from "../http/errors.ts";
import type { AppDeps } from "../http/types.ts";
import { requireUserCreation } from "./policy.ts";
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

/** Creates an account with no caller to check (first start, the CLI, tests); routes go through `addUser`. */
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

/** POST /users: the caller creates an account within their reach (see `requireUserCreation`). */
export async function addUser(deps: AppDeps, p: Principal, input: NewUser): Promise<{ id: string }> {
  const { db } = deps.database;
  await requireUserCreation(db, p, input);
  return createUser(db, input);
}

/** Sets an account's password with no caller to check (the CLI, and `changePassword` after its check). */
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
