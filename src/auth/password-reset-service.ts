/**
 * "Quên mật khẩu": a reset link by mail, one-time, valid for an hour, its token stored only as a hash.
 * Asking never tells whether the email has an account (the same answer, the mail sent in the background),
 * and is rate-limited like the login (per address, with the PostgreSQL-counted windows of auth-service).
 * Setting the new password uses the link once and ends every session of the account.
 */
import { randomUUID } from "node:crypto";
import { and, eq, isNull } from "drizzle-orm";
import type { Config } from "../config.ts";
import { passwordResets, users } from "../db/schema.ts";
import { mailHost } from "../domain/mail-host.ts";
import { appError, conflict } from "../http/errors.ts";
import type { AppDeps } from "../http/types.ts";
import { createMailTransport, type MailTransport } from "../reminders/mail-transport.ts";
import { hit, loginLimits } from "./auth-service.ts";
import { newToken, tokenHash } from "./secrets.ts";
import { setPassword } from "./users-service.ts";

/** How long a link works. */
export const RESET_TTL_MS = 60 * 60_000;
/** The window in which requests are counted. */
const RESET_WINDOW_MS = 60 * 60_000;
/** Links mailed to one address per window: more are dropped silently (a flood of mail helps nobody). */
const RESETS_PER_EMAIL = 3;

/** The page a link opens, for a token. */
export const resetPath = (token: string) => `/quen-mat-khau/${token}`;

// The app's mail transport (SMTP_URL, or the .eml outbox under DATA_DIR), one per configuration: account
// mail (reset links, invitations, accounts-service.ts) goes through it.
const transports = new WeakMap<object, MailTransport>();
export function transportOf(config: Readonly<Config>): MailTransport {
  let t = transports.get(config);
  if (!t) {
    t = createMailTransport(config, { maxConnections: 1, maxMessages: 100 });
    transports.set(config, t);
  }
  return t;
}

/** Closes the reset mail's transport of this configuration (the app's onClose). */
export function closeResetMail(config: Readonly<Config>): void {
  transports.get(config)?.close();
  transports.delete(config);
}

interface Log {
  error(obj: object, msg: string): void;
}

/** The mail itself: who asked is not known, so it says what to do if it was not them. */
function resetMail(config: Readonly<Config>, to: { email: string; name: string }, url: string) {
  // The same domain as every other Message-ID of the service (MAIL_FROM's).
  const host = mailHost(config.mailFrom);
  const text = [
    `Kính gửi đồng chí ${to.name},`,
    "",
    "Có yêu cầu đặt lại mật khẩu tài khoản chibo của đồng chí. Mở đường dẫn dưới đây để đặt mật khẩu mới.",
    "Đường dẫn dùng được một lần, trong vòng 1 giờ:",
    "",
    url,
    "",
    "Nếu đồng chí không yêu cầu, hãy bỏ qua thư này: mật khẩu hiện tại vẫn dùng được.",
  ].join("\n");
  return {
    from: config.mailFrom,
    to: { name: to.name, address: to.email },
    subject: "Đặt lại mật khẩu chibo",
    messageId: `<reset.${randomUUID()}@${host}>`,
    text,
  };
}

/**
 * Anyone: asks for a reset link for `email`. Resolves the same way whether or not the account exists;
 * 429 (with retryAfter) when this address asks too often.
 */
export async function requestPasswordReset(
  deps: AppDeps,
  input: { email: string; ip: string; log?: Log },
): Promise<void> {
  const { db } = deps.database;
  const now = deps.clock.now();
  const email = input.email.trim().toLowerCase();
  const max = loginLimits(deps.config.loginRateLimit);
  const byIp = await hit(db, `reset:ip:${input.ip}`, max.perAddress, RESET_WINDOW_MS, now);
  if (!byIp.ok) {
    throw appError("too_many_attempts", "Yêu cầu quá nhiều lần; vui lòng thử lại sau.", [], {
      retryAfter: byIp.retryAfterS,
    });
  }
  const byEmail = await hit(db, `reset:email:${tokenHash(email)}`, RESETS_PER_EMAIL, RESET_WINDOW_MS, now);
  if (!byEmail.ok) return;
  const [user] = await db
    .select({ id: users.id, email: users.email, name: users.displayName, disabled: users.disabled })
    .from(users)
    .where(eq(users.email, email));
  if (!user || user.disabled) return;
  const token = newToken();
  await db.transaction(async (tx) => {
    // Only the newest link works.
    await tx
      .update(passwordResets)
      .set({ usedAt: now })
      .where(and(eq(passwordResets.userId, user.id), isNull(passwordResets.usedAt)));
    await tx.insert(passwordResets).values({
      userId: user.id,
      tokenHash: tokenHash(token),
      createdAt: now,
      expiresAt: new Date(now.getTime() + RESET_TTL_MS),
    });
  });
  const message = resetMail(deps.config, user, `${deps.config.publicUrl}${resetPath(token)}`);
  // In the background: waiting for the mail server would tell, by the time taken, that the account exists.
  void transportOf(deps.config)
    .send(message)
    .catch((err: unknown) => input.log?.error({ err }, "password reset mail not sent"));
}

export type ResetLinkState = "valid" | "used" | "expired" | "unknown";

/** What a link is: still valid, already used (or replaced), expired, or not one of ours. */
export async function resetLinkState(deps: AppDeps, token: string): Promise<ResetLinkState> {
  if (!/^[A-Za-z0-9_-]{20,128}$/.test(token)) return "unknown";
  const [row] = await deps.database.db
    .select({ usedAt: passwordResets.usedAt, expiresAt: passwordResets.expiresAt })
    .from(passwordResets)
    .where(eq(passwordResets.tokenHash, tokenHash(token)));
  if (!row) return "unknown";
  if (row.usedAt) return "used";
  return row.expiresAt <= deps.clock.now() ? "expired" : "valid";
}

export const LINK_REFUSALS: Record<Exclude<ResetLinkState, "valid">, string> = {
  used: "Đường dẫn này đã được dùng (hoặc đã có đường dẫn mới hơn). Hãy yêu cầu đường dẫn mới.",
  expired: "Đường dẫn này đã hết hạn. Hãy yêu cầu đường dẫn mới.",
  unknown: "Đường dẫn không đúng. Hãy mở lại từ thư, hoặc yêu cầu đường dẫn mới.",
};

/**
 * Anyone holding a valid link: sets the account's password (the same quality rule as everywhere, field
 * `body.password`), uses the link up and ends every session of the account. 409 for a used, expired or
 * unknown link (with the reason); a weak password leaves the link valid.
 */
export async function resetPassword(
  deps: AppDeps,
  input: { token: string; password: string },
): Promise<void> {
  const now = deps.clock.now();
  await deps.database.db.transaction(async (tx) => {
    const [row] = await tx
      .select({
        id: passwordResets.id,
        usedAt: passwordResets.usedAt,
        expiresAt: passwordResets.expiresAt,
        email: users.email,
      })
      .from(passwordResets)
      .innerJoin(users, eq(users.id, passwordResets.userId))
      .where(eq(passwordResets.tokenHash, tokenHash(input.token)))
      .for("update");
    const state: ResetLinkState = !row
      ? "unknown"
      : row.usedAt
        ? "used"
        : row.expiresAt <= now
          ? "expired"
          : "valid";
    if (state !== "valid") throw conflict(LINK_REFUSALS[state]);
    await setPassword(tx, row!.email, input.password, { now, field: "body.password" });
    await tx.update(passwordResets).set({ usedAt: now }).where(eq(passwordResets.id, row!.id));
  });
}
