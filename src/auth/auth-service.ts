import { and, eq, gt, inArray, isNull, sql } from "drizzle-orm";
import type { Clock } from "../clock.ts";
import type { Db, DbOrTx } from "../db/client.ts";
import { members, rateLimits, sessions, users } from "../db/schema.ts";
import { appError } from "../http/errors.ts";
import type { AppDeps } from "../http/types.ts";
import { requireSelf } from "./policy.ts";
import type { Principal } from "./principal.ts";
import { hashPassword, newToken, tokenHash, verifyPassword } from "./secrets.ts";
import { setPassword } from "./users-service.ts";

const LOGIN_WINDOW_MS = 15 * 60_000;

export interface Credentials {
  email: string;
  password: string;
  /** The caller's address: attempts are counted per address and per email. */
  ip: string;
}

// Verifying against a real hash when the email is unknown keeps the timing of both answers alike.
let dummyHash: Promise<string> | null = null;

/** Counts one attempt under `key` in a window shared by all instances; true while within `max`. */
export async function hit(
  db: DbOrTx,
  key: string,
  max: number,
  windowMs: number,
  now: Date,
): Promise<{ ok: boolean; count: number; retryAfterS: number }> {
  const reset = new Date(now.getTime() + windowMs);
  const [row] = await db
    .insert(rateLimits)
    .values({ key, count: 1, resetAt: reset })
    .onConflictDoUpdate({
      target: rateLimits.key,
      set: {
        count: sql`case when ${rateLimits.resetAt} <= ${now.toISOString()}::timestamptz then 1 else ${rateLimits.count} + 1 end`,
        resetAt: sql`case when ${rateLimits.resetAt} <= ${now.toISOString()}::timestamptz then ${reset.toISOString()}::timestamptz else ${rateLimits.resetAt} end`,
      },
    })
    .returning({ count: rateLimits.count, resetAt: rateLimits.resetAt });
  const retryAfterS = Math.max(1, Math.ceil((row!.resetAt.getTime() - now.getTime()) / 1000));
  return { ok: row!.count <= max, count: row!.count, retryAfterS };
}

/** Failures allowed in one window, from the configured limit (`LOGIN_RATE_LIMIT`, 10 by default). */
export function loginLimits(limit: number) {
  return {
    /** One address guessing one account. */
    perPair: limit,
    /** One address, whatever the accounts. */
    perAddress: limit * 3,
    /** One account, whatever the addresses: against guessing spread over many addresses. */
    perEmail: limit * 10,
  };
}

/**
 * Checks an email and password, counting failures in windows shared by all instances (429 with retryAfter).
 * Only the address that failed is refused: an attacker cannot lock the owner out from elsewhere. Past the
 * per-email ceiling, an address that has already failed for this account is refused at once, while one
 * that has not (the owner at their desk) still gets through.
 */
async function checkCredentials(deps: AppDeps, input: Credentials): Promise<{ userId: string }> {
  const { db } = deps.database;
  const max = loginLimits(deps.config.loginRateLimit);
  const now = deps.clock.now();
  const email = input.email.trim().toLowerCase();
  const emailId = tokenHash(email);
  const pairKey = `login:pair:${emailId}:${input.ip}`;
  const ipKey = `login:ip:${input.ip}`;
  const emailKey = `login:email:${emailId}`;
  // Counted before the check, so that parallel guesses cannot slip past the limit; a success gives back.
  const pair = await hit(db, pairKey, max.perPair, LOGIN_WINDOW_MS, now);
  const byIp = await hit(db, ipKey, max.perAddress, LOGIN_WINDOW_MS, now);
  const byEmail = await hit(db, emailKey, max.perEmail, LOGIN_WINDOW_MS, now);
  const refusedBy = [pair, byIp, ...(pair.count > 1 ? [byEmail] : [])].filter((c) => !c.ok);
  if (refusedBy.length > 0) {
    throw appError("too_many_attempts", "Đăng nhập sai quá nhiều lần; vui lòng thử lại sau.", [], {
      retryAfter: Math.max(...refusedBy.map((c) => c.retryAfterS)),
    });
  }
  const [user] = await db
    .select({ id: users.id, passwordHash: users.passwordHash, disabled: users.disabled })
    .from(users)
    .where(eq(users.email, email));
  if (!user) {
    dummyHash ??= hashPassword("dummy-password-for-timing");
    await verifyPassword(await dummyHash, input.password);
  }
  if (!user || user.disabled || !(await verifyPassword(user.passwordHash, input.password))) {
    throw appError("invalid_credentials", "Email hoặc mật khẩu không đúng");
  }
  // Only failures count: a success gives its hits back, or an office behind one address (or a proxy
  // without TRUST_PROXY) would be locked out after a few dozen good logins.
  await db
    .update(rateLimits)
    .set({ count: sql`greatest(${rateLimits.count} - 1, 0)` })
    .where(inArray(rateLimits.key, [pairKey, ipKey, emailKey]));
  return { userId: user.id };
}

/** POST /auth/login: anyone; a new session for the right email and password. */
export async function login(
  deps: AppDeps,
  input: Credentials,
): Promise<{ token: string; expiresAt: Date; userId: string }> {
  const { userId } = await checkCredentials(deps, input);
  const now = deps.clock.now();
  const token = newToken();
  const expiresAt = new Date(now.getTime() + deps.config.sessionTtlHours * 3_600_000);
  await deps.database.db
    .insert(sessions)
    .values({ userId, tokenHash: tokenHash(token), createdAt: now, expiresAt });
  return { token, expiresAt, userId };
}

/**
 * The session read, prepared once per database handle: every signed-in request runs it, so PostgreSQL
 * keeps its plan (a named statement on each connection) and drizzle does not build its SQL again.
 */
function prepareSessionRead(db: Db) {
  return db
    .select({
      sessionId: sessions.id,
      userId: users.id,
      email: users.email,
      displayName: users.displayName,
      role: users.role,
      committeeId: users.committeeId,
      branchId: users.branchId,
      memberId: users.memberId,
      memberBranchId: members.branchId,
      memberLeftOn: members.leftOn,
    })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .leftJoin(members, eq(members.id, users.memberId))
    .where(
      and(
        eq(sessions.tokenHash, sql.placeholder("hash")),
        isNull(sessions.revokedAt),
        gt(sessions.expiresAt, sql.placeholder("now")),
        eq(users.disabled, false),
      ),
    )
    .prepare("session_of_token");
}

const sessionReads = new WeakMap<Db, ReturnType<typeof prepareSessionRead>>();

export async function resolveSession(db: Db, clock: Clock, token: string): Promise<Principal | null> {
  let read = sessionReads.get(db);
  if (!read) {
    read = prepareSessionRead(db);
    sessionReads.set(db, read);
  }
  const [row] = await read.execute({ hash: tokenHash(token), now: clock.now() });
  if (!row) return null;
  // A member reaches their branch only while they belong to it.
  const memberBranch = row.memberLeftOn === null ? row.memberBranchId : null;
  return {
    sessionId: row.sessionId,
    userId: row.userId,
    email: row.email,
    displayName: row.displayName,
    role: row.role,
    committeeId: row.role === "officer" ? row.committeeId : null,
    branchId: row.role === "secretary" ? row.branchId : row.role === "member" ? memberBranch : null,
    memberId: row.memberId,
  };
}

/** POST /auth/logout: the caller revokes their own session. */
export async function logout(deps: AppDeps, p: Principal): Promise<void> {
  requireSelf(p);
  await deps.database.db
    .update(sessions)
    .set({ revokedAt: deps.clock.now() })
    .where(eq(sessions.id, p.sessionId));
}

/** GET /auth/me: the caller's own account. */
export function me(p: Principal) {
  requireSelf(p);
  return {
    id: p.userId,
    email: p.email,
    displayName: p.displayName,
    role: p.role,
    committeeId: p.committeeId,
    branchId: p.branchId,
    memberId: p.memberId,
  };
}

/**
 * POST /auth/password: the caller changes their own password, proving the current one (rate limited); their
 * other sessions end.
 */
export async function changePassword(
  deps: AppDeps,
  p: Principal,
  input: { currentPassword: string; newPassword: string; ip: string },
): Promise<void> {
  requireSelf(p);
  await checkCredentials(deps, { email: p.email, password: input.currentPassword, ip: input.ip });
  // The session that changes the password stays; every other one (a stolen token, a forgotten laptop) ends.
  await setPassword(deps.database.db, p.email, input.newPassword, {
    now: deps.clock.now(),
    keepSessionId: p.sessionId,
    field: "body.newPassword",
  });
}
