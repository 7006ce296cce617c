/**
 * The reminders' entry points: reading the outbox per meeting and per member, the `.eml` files, who cannot
 * be reached by email, and the public one-click opt-out. Each takes the caller and decides reach through
 * auth/policy.ts before it reads; the opt-out is reached by its signed token instead.
 */
import { readdir, stat } from "node:fs/promises";
import path from "node:path";
import { recordAudit } from "../audit/audit.ts";
import { requireAdmin, requireBranch, requireMeeting, requireMember } from "../auth/policy.ts";
import type { Principal } from "../auth/principal.ts";
import type { DbOrTx } from "../db/client.ts";
import type { AppDeps } from "../http/types.ts";
import { outboxDir } from "./mail-transport.ts";
import {
  failedMessagesOfMeeting,
  type MessageItem,
  messagesByMessageId,
  messagesOfMeeting,
  messagesOfMember,
  requeueFailedOfMeeting,
  unmailableMembersOfBranch,
} from "./reminder-queries.ts";
import { optOut, unsubscribeKey, verifyUnsubscribeToken } from "./unsubscribe.ts";

export type { MessageItem } from "./reminder-queries.ts";

/** The messages about a meeting: its branch's secretary and the committees above. */
export async function meetingMessages(
  deps: AppDeps,
  p: Principal,
  input: { meetingId: string },
): Promise<MessageItem[]> {
  const { db } = deps.database;
  await requireMeeting(db, p, input.meetingId, "secretary");
  return messagesOfMeeting(db, input.meetingId);
}

export interface UnreachedRecipient {
  memberId: string | null;
  userId: string | null;
  recipientName: string | null;
  toEmail: string | null;
  /** Failed messages about this meeting to this recipient. */
  messages: number;
  /** The latest failure's reason (Vietnamese) and the server's answer. */
  reason: string;
  lastResponse: string | null;
}

/** Who the meeting's mail did not reach (failed messages, one entry per recipient), for its secretary. */
export async function unreachedOfMeeting(
  deps: AppDeps,
  p: Principal,
  input: { meetingId: string },
): Promise<UnreachedRecipient[]> {
  const { db } = deps.database;
  await requireMeeting(db, p, input.meetingId, "secretary");
  return unreachedRecipientsOf(db, input.meetingId);
}

/** Who the meeting's mail did not reach, for a caller already found to be its secretary (or above) by the
 * policy: the meeting page reads it on its own transaction. */
export async function unreachedRecipientsOf(db: DbOrTx, meetingId: string): Promise<UnreachedRecipient[]> {
  const byRecipient = new Map<string, UnreachedRecipient>();
  for (const m of await failedMessagesOfMeeting(db, meetingId)) {
    const key = m.memberId ?? m.userId ?? m.id;
    const seen = byRecipient.get(key);
    byRecipient.set(key, {
      memberId: m.memberId,
      userId: m.userId,
      recipientName: m.recipientName,
      toEmail: m.toEmail ?? seen?.toEmail ?? null,
      messages: (seen?.messages ?? 0) + 1,
      reason: m.failureReason ?? "",
      lastResponse: m.lastResponse,
    });
  }
  return [...byRecipient.values()];
}

/**
 * Sends a meeting's failed messages again (its branch's secretary, or an officer above): they go back in the
 * queue, due now, and are decided afresh when sent. Audited on the meeting.
 */
export async function requeueFailed(
  deps: AppDeps,
  p: Principal,
  input: { meetingId: string },
): Promise<{ requeued: number }> {
  const now = deps.clock.now();
  return deps.database.db.transaction(async (tx) => {
    const { meeting } = await requireMeeting(tx, p, input.meetingId, "secretary");
    const ids = await requeueFailedOfMeeting(tx, meeting.id, now);
    if (ids.length > 0) {
      await recordAudit(tx, {
        at: now,
        actorUserId: p.userId,
        entity: "meeting",
        entityId: meeting.id,
        branchId: meeting.branchId,
        action: "messages_requeue",
        after: { requeued: ids.length, ids },
      });
    }
    return { requeued: ids.length };
  });
}

/** A member reads what was sent to themselves (their own data); secretaries and above, their members'. */
export async function memberMessages(
  deps: AppDeps,
  p: Principal,
  input: { memberId: string },
): Promise<MessageItem[]> {
  const { db } = deps.database;
  await requireMember(db, p, input.memberId, "read");
  return messagesOfMember(db, input.memberId);
}

export interface UnreachableMember {
  id: string;
  fullName: string;
  role: string;
  phone: string | null;
  reason: "no_email" | "opted_out";
}

/** Active members the reminders cannot reach: no email, or opted out of reminders. */
export async function unreachableMembers(
  deps: AppDeps,
  p: Principal,
  input: { branchId: string },
): Promise<UnreachableMember[]> {
  const { db } = deps.database;
  await requireBranch(db, p, input.branchId, "secretary");
  const rows = await unmailableMembersOfBranch(db, input.branchId);
  return rows.map(({ email, ...r }) => ({ ...r, reason: email ? "opted_out" : "no_email" }));
}

export interface OutboxFile {
  file: string;
  bytes: number;
  writtenAt: string;
  messageId: string | null;
  kind: string | null;
  state: string | null;
  toEmail: string | null;
  subject: string | null;
}

/** The `.eml` files written when no SMTP server is configured, newest first (admins). */
export async function listOutbox(
  deps: AppDeps,
  p: Principal,
  input: { limit: number },
): Promise<OutboxFile[]> {
  requireAdmin(p);
  const dir = outboxDir(deps.config);
  let names: string[];
  try {
    names = (await readdir(dir)).filter((n) => n.endsWith(".eml"));
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT") return [];
    throw err;
  }
  const files = await Promise.all(
    names.map(async (file) => ({ file, st: await stat(path.join(dir, file)) })),
  );
  files.sort((a, b) => b.st.mtimeMs - a.st.mtimeMs || a.file.localeCompare(b.file));
  const page = files.slice(0, input.limit);
  const ids = page.map((f) => `<${f.file.replace(/\.eml$/, "")}>`);
  const byId = new Map((await messagesByMessageId(deps.database.db, ids)).map((r) => [r.messageId, r]));
  return page.map((f, i) => {
    const r = byId.get(ids[i]!);
    return {
      file: f.file,
      bytes: f.st.size,
      writtenAt: f.st.mtime.toISOString(),
      messageId: r?.messageId ?? null,
      kind: r?.kind ?? null,
      state: r?.state ?? null,
      toEmail: r?.toEmail ?? null,
      subject: r?.subject ?? null,
    };
  });
}

// ------------------------------------------------------------------------ one-click opt-out (anonymous)

/** The confirmation form's target for a valid token, or null when the token is not one of ours. */
export async function unsubscribeForm(
  deps: AppDeps,
  input: { token: string },
): Promise<{ action: string } | null> {
  const memberId = verifyUnsubscribeToken(await unsubscribeKey(deps.database.db), input.token);
  return memberId ? { action: `/unsubscribe/${encodeURIComponent(input.token)}` } : null;
}

/** Opts the token's member out of reminders; null when the token is not one of ours (or the member is gone). */
export async function unsubscribe(
  deps: AppDeps,
  input: { token: string },
): Promise<{ memberId: string; fullName: string } | null> {
  const { db } = deps.database;
  const memberId = verifyUnsubscribeToken(await unsubscribeKey(db), input.token);
  const member = memberId ? await optOut(db, memberId, deps.clock.now()) : null;
  return member && memberId ? { memberId, fullName: member.fullName } : null;
}
