/** Reading the outbox: per meeting, per member, the `.eml` files, and who cannot be reached by email. */
import { readdir, stat } from "node:fs/promises";
import path from "node:path";
import { and, asc, desc, eq, inArray, isNotNull, isNull, or, type SQL } from "drizzle-orm";
import { branchLevel, requireAdmin, requireBranch, requireMember } from "../auth/policy.ts";
import type { Principal } from "../auth/principal.ts";
import type { DbOrTx } from "../db/client.ts";
import { meetings, members, reminders, users } from "../db/schema.ts";
import { forbidden, notFound } from "../http/errors.ts";

export interface MessageItem {
  id: string;
  kind: string;
  state: string;
  slot: string;
  meetingId: string | null;
  memberId: string | null;
  userId: string | null;
  recipientName: string | null;
  toEmail: string | null;
  subject: string | null;
  dueAt: string;
  nextAttemptAt: string | null;
  sentAt: string | null;
  attempts: number;
  lastResponse: string | null;
  messageId: string;
  revision: number | null;
}

async function listMessages(db: DbOrTx, where: SQL): Promise<MessageItem[]> {
  const rows = await db
    .select({
      r: reminders,
      memberName: members.fullName,
      userName: users.displayName,
    })
    .from(reminders)
    .leftJoin(members, eq(members.id, reminders.memberId))
    .leftJoin(users, eq(users.id, reminders.userId))
    .where(where)
    .orderBy(asc(reminders.dueAt), asc(reminders.key));
  return rows.map(({ r, memberName, userName }) => ({
    id: r.id,
    kind: r.kind,
    state: r.state,
    slot: r.slot,
    meetingId: r.meetingId,
    memberId: r.memberId,
    userId: r.userId,
    recipientName: memberName ?? userName ?? null,
    toEmail: r.toEmail,
    subject: r.subject,
    dueAt: r.dueAt.toISOString(),
    nextAttemptAt: r.state === "queued" || r.state === "sending" ? r.nextAttemptAt.toISOString() : null,
    sentAt: r.sentAt?.toISOString() ?? null,
    attempts: r.attempts,
    lastResponse: r.lastResponse,
    messageId: r.messageId,
    revision: r.revision,
  }));
}

export async function meetingMessages(db: DbOrTx, p: Principal, meetingId: string): Promise<MessageItem[]> {
  const [m] = await db
    .select({ branchId: meetings.branchId })
    .from(meetings)
    .where(eq(meetings.id, meetingId));
  const branch = m ? await branchLevel(db, p, m.branchId) : null;
  // Out of reach reads like a meeting that does not exist (not like a missing branch).
  if (!branch) throw notFound("Không tìm thấy buổi sinh hoạt");
  if (branch.level === "member") throw forbidden();
  return listMessages(db, eq(reminders.meetingId, meetingId));
}

export async function memberMessages(db: DbOrTx, p: Principal, memberId: string): Promise<MessageItem[]> {
  // A member reads what was sent to themselves (their own data); secretaries and above, their members'.
  await requireMember(db, p, memberId, "read");
  return listMessages(db, eq(reminders.memberId, memberId));
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
  db: DbOrTx,
  p: Principal,
  branchId: string,
): Promise<UnreachableMember[]> {
  await requireBranch(db, p, branchId, "secretary");
  const rows = await db
    .select({
      id: members.id,
      fullName: members.fullName,
      role: members.role,
      phone: members.phone,
      email: members.email,
    })
    .from(members)
    .where(
      and(
        eq(members.branchId, branchId),
        isNull(members.leftOn),
        or(isNull(members.email), isNotNull(members.remindersOptedOutAt)),
      ),
    )
    .orderBy(asc(members.fullName));
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

/** The `.eml` files written when no SMTP server is configured, newest first. */
export async function listOutbox(
  db: DbOrTx,
  p: Principal,
  dir: string,
  limit: number,
): Promise<OutboxFile[]> {
  requireAdmin(p);
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
  const page = files.slice(0, limit);
  const ids = page.map((f) => `<${f.file.replace(/\.eml$/, "")}>`);
  const rows = ids.length
    ? await db
        .select({
          messageId: reminders.messageId,
          kind: reminders.kind,
          state: reminders.state,
          toEmail: reminders.toEmail,
          subject: reminders.subject,
        })
        .from(reminders)
        .where(inArray(reminders.messageId, ids))
        .orderBy(desc(reminders.updatedAt))
    : [];
  const byId = new Map(rows.map((r) => [r.messageId, r]));
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
