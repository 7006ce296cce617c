/**
 * Accounts for the people who run chibo (issue 18): an admin or an officer gives officers and secretaries
 * their accounts, a secretary gives members theirs. Nobody types a password for someone else: the new
 * account gets an invitation mail with a one-use set-password link (kept only as a hash, the same table
 * and page as "quên mật khẩu"). A manager can send a fresh link, lock an account and unlock it. Each
 * change is in the audit trail (never the link itself).
 */
import { randomUUID } from "node:crypto";
import { recordAudit } from "../audit/audit.ts";
import { conflict, notFound } from "../http/errors.ts";
import type { AppDeps } from "../http/types.ts";
import {
  accountById,
  accountsInReach,
  insertPasswordLink,
  setAccountDisabledRow,
} from "./accounts-queries.ts";
import { resetPath, transportOf } from "./password-reset-service.ts";
import { accountReachSql, creatableRoles, requireAccount, requireUserCreation } from "./policy.ts";
import type { Principal } from "./principal.ts";
import { generatePassword, newToken, tokenHash } from "./secrets.ts";
import { createUser, type NewUser } from "./users-service.ts";

/** How long an invitation or a link sent by a manager works: long enough for a member who reads mail weekly. */
export const ACCOUNT_LINK_TTL_DAYS = 7;

export type AccountInput = Omit<NewUser, "password">;

/** Whether the mail left (a mail server down must not undo the account: the link can be sent again). */
export interface Mailed {
  mailed: boolean;
}

/** The accounts the caller manages, by email. */
export async function listAccounts(deps: AppDeps, p: Principal) {
  return accountsInReach(deps.database.db, accountReachSql(p));
}

export type AccountListRow = Awaited<ReturnType<typeof listAccounts>>[number];

/** Mails a set-password link for the account; `invite` words it as a first invitation. */
async function mailLink(
  deps: AppDeps,
  p: Principal,
  to: { email: string; displayName: string },
  token: string,
  invite: boolean,
): Promise<boolean> {
  const { config } = deps;
  const url = `${config.publicUrl}${resetPath(token)}`;
  const host = new URL(config.publicUrl).hostname || "chibo";
  const text = [
    `Kính gửi đồng chí ${to.displayName},`,
    "",
    invite
      ? `Đồng chí ${p.displayName} đã tạo cho đồng chí một tài khoản chibo (lịch sinh hoạt chi bộ, biên bản) với email ${to.email}.`
      : `Đồng chí ${p.displayName} gửi đường dẫn để đồng chí đặt (lại) mật khẩu tài khoản chibo ${to.email}.`,
    "Mở đường dẫn dưới đây để đặt mật khẩu, rồi đăng nhập bằng email này.",
    `Đường dẫn dùng được một lần, trong vòng ${ACCOUNT_LINK_TTL_DAYS} ngày:`,
    "",
    url,
    "",
    `Có điều gì chưa rõ, đồng chí trả lời thư này để hỏi đồng chí ${p.displayName}.`,
  ].join("\n");
  try {
    await transportOf(config).send({
      from: config.mailFrom,
      to: { name: to.displayName, address: to.email },
      replyTo: { name: p.displayName, address: p.email },
      subject: invite ? "Mời đồng chí dùng chibo: đặt mật khẩu" : "Đặt mật khẩu chibo",
      messageId: `<account.${randomUUID()}@${host}>`,
      text,
    });
    return true;
  } catch {
    return false;
  }
}

function newLink(userId: string, now: Date) {
  const token = newToken();
  const row = {
    userId,
    tokenHash: tokenHash(token),
    createdAt: now,
    expiresAt: new Date(now.getTime() + ACCOUNT_LINK_TTL_DAYS * 86_400_000),
  };
  return { token, row };
}

/**
 * Creates an account within the caller's reach (`requireUserCreation`, as POST /users) with no password
 * anyone knows, and mails its owner an invitation with a set-password link.
 */
export async function inviteAccount(
  deps: AppDeps,
  p: Principal,
  input: AccountInput,
): Promise<{ id: string } & Mailed> {
  const now = deps.clock.now();
  const { id, token, email } = await deps.database.db.transaction(async (tx) => {
    await requireUserCreation(tx, p, input);
    // A random password nobody is told: the account opens only through the link.
    const created = await createUser(tx, { ...input, password: generatePassword() });
    const account = (await accountById(tx, created.id))!;
    const link = newLink(created.id, now);
    await insertPasswordLink(tx, link.row);
    await recordAudit(tx, {
      at: now,
      actorUserId: p.userId,
      entity: "account",
      entityId: created.id,
      branchId: account.unitBranchId,
      action: "invited",
      after: {
        email: account.email,
        displayName: account.displayName,
        role: account.role,
        committeeId: account.committeeId,
        branchId: account.branchId,
        memberId: account.memberId,
      },
    });
    return { id: created.id, token: link.token, email: account.email };
  });
  const mailed = await mailLink(deps, p, { email, displayName: input.displayName.trim() }, token, true);
  return { id, mailed };
}

/** The account if the caller manages it; 404 when it does not exist. */
async function managedAccount(deps: AppDeps, p: Principal, id: string) {
  const account = await accountById(deps.database.db, id);
  if (!account) throw notFound("Không tìm thấy tài khoản");
  await requireAccount(deps.database.db, p, account);
  return account;
}

/** Mails a new set-password link to an account the caller manages (older links stop working). */
export async function sendPasswordLink(deps: AppDeps, p: Principal, input: { id: string }): Promise<Mailed> {
  const now = deps.clock.now();
  const account = await managedAccount(deps, p, input.id);
  if (account.disabled) throw conflict("Tài khoản đang bị khóa: hãy mở khóa trước khi gửi đường dẫn");
  const link = newLink(account.id, now);
  await deps.database.db.transaction(async (tx) => {
    await insertPasswordLink(tx, link.row);
    await recordAudit(tx, {
      at: now,
      actorUserId: p.userId,
      entity: "account",
      entityId: account.id,
      branchId: account.unitBranchId,
      action: "password_link_sent",
    });
  });
  return { mailed: await mailLink(deps, p, account, link.token, false) };
}

/** Locks (its sessions and links end at once) or unlocks an account the caller manages; never one's own. */
export async function setAccountDisabled(
  deps: AppDeps,
  p: Principal,
  input: { id: string; disabled: boolean },
): Promise<{ id: string; disabled: boolean }> {
  const now = deps.clock.now();
  const account = await managedAccount(deps, p, input.id);
  if (account.id === p.userId) throw conflict("Không thể tự khóa tài khoản của mình");
  if (account.disabled !== input.disabled) {
    await deps.database.db.transaction(async (tx) => {
      await setAccountDisabledRow(tx, account.id, input.disabled, now);
      await recordAudit(tx, {
        at: now,
        actorUserId: p.userId,
        entity: "account",
        entityId: account.id,
        branchId: account.unitBranchId,
        action: input.disabled ? "disabled" : "enabled",
        before: { disabled: account.disabled },
        after: { disabled: input.disabled },
      });
    });
  }
  return { id: account.id, disabled: input.disabled };
}

/** The roles the caller may give from the pages (the policy's rule, for the form's choices). */
export function rolesToGive(p: Principal): Principal["role"][] {
  return creatableRoles(p);
}
