import { and, eq, isNull, ne, sql } from "drizzle-orm";
import type { DbOrTx } from "../db/client.ts";
import { branches, committees, members, passwordResets, sessions, users } from "../db/schema.ts";
import { weakPasswordReason } from "../domain/password-quality.ts";
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
  checkPassword(input.password, email, "body.password");
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

/** Refuses a password too short or too easy to guess, naming the field it came in. */
export function checkPassword(password: string, email: string, field: string): void {
  if (password.length < MIN_PASSWORD) throw invalid(field, `phải có ít nhất ${MIN_PASSWORD} ký tự`);
  const weak = weakPasswordReason(password, email);
  if (weak) throw invalid(field, weak);
}

/** POST /users: the caller creates an account within their reach (see `requireUserCreation`). */
export async function addUser(deps: AppDeps, p: Principal, input: NewUser): Promise<{ id: string }> {
  const { db } = deps.database;
  await requireUserCreation(db, p, input);
  return createUser(db, input);
}

export interface PasswordChange {
  /** When the sessions opened with the old password end. */
  now: Date;
  /** The session that made the change and stays open; none on a reset, which ends them all. */
  keepSessionId?: string;
  /** The field the password came in, for the error ("body.newPassword" on a change). */
  field?: string;
}

/**
 * Sets an account's password with no caller to check (the CLI, and `changePassword` after its check), and
 * ends the sessions opened before: someone who had the old password, or a stolen token, is out.
 */
export async function setPassword(
  db: DbOrTx,
  email: string,
  password: string,
  change: PasswordChange,
): Promise<void> {
  const address = email.trim().toLowerCase();
  checkPassword(password, address, change.field ?? "body.password");
  const passwordHash = await hashPassword(password);
  await db.transaction(async (tx) => {
    const rows = await tx
      .update(users)
      .set({ passwordHash, updatedAt: sql`now()` })
      .where(eq(users.email, address))
      .returning({ id: users.id });
    if (rows.length === 0) throw notFound("Không có tài khoản với email này");
    // A reset link mailed before the change no longer works.
    await tx
      .update(passwordResets)
      .set({ usedAt: change.now })
      .where(and(eq(passwordResets.userId, rows[0]!.id), isNull(passwordResets.usedAt)));
    await tx
      .update(sessions)
      .set({ revokedAt: change.now })
      .where(
        and(
          eq(sessions.userId, rows[0]!.id),
          isNull(sessions.revokedAt),
          change.keepSessionId ? ne(sessions.id, change.keepSessionId) : undefined,
        ),
      );
  });
}

export async function countUsers(db: DbOrTx): Promise<number> {
  const [row] = await db.select({ n: sql<number>`count(*)::int` }).from(users);
  return row?.n ?? 0;
}
