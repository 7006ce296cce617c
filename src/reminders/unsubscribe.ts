/**
 * One-click opt-out links (RFC 8058). The token is the member id signed with HMAC-SHA256 under a key kept
 * in the database (created once, shared by every instance): unguessable, stable for a member, nothing to
 * store per message.
 */
import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import { and, eq, isNull } from "drizzle-orm";
import type { DbOrTx } from "../db/client.ts";
import { mailKeys, members } from "../db/schema.ts";

const KEY_NAME = "unsubscribe";
let cached: Buffer | null = null;
let cachedFor: unknown = null;

export async function unsubscribeKey(db: DbOrTx): Promise<Buffer> {
  if (cached && cachedFor === db) return cached;
  await db
    .insert(mailKeys)
    .values({ name: KEY_NAME, secret: randomBytes(32).toString("base64url") })
    .onConflictDoNothing();
  const [row] = await db
    .select({ secret: mailKeys.secret })
    .from(mailKeys)
    .where(eq(mailKeys.name, KEY_NAME));
  cached = Buffer.from(row!.secret, "base64url");
  cachedFor = db;
  return cached;
}

function sign(key: Buffer, memberId: string): string {
  return createHmac("sha256", key).update(`unsubscribe:${memberId}`).digest("base64url").slice(0, 32);
}

function idPart(memberId: string): string {
  return Buffer.from(memberId.replace(/-/g, ""), "hex").toString("base64url");
}

export function unsubscribeToken(key: Buffer, memberId: string): string {
  return `${idPart(memberId)}.${sign(key, memberId)}`;
}

/** The member id a token was made for, or null when it is not one of ours. */
export function verifyUnsubscribeToken(key: Buffer, token: string): string | null {
  const m = /^([A-Za-z0-9_-]{22})\.([A-Za-z0-9_-]{32})$/.exec(token);
  if (!m) return null;
  const hex = Buffer.from(m[1]!, "base64url").toString("hex");
  if (hex.length !== 32) return null;
  const id = `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
  const expected = Buffer.from(sign(key, id));
  const given = Buffer.from(m[2]!);
  return expected.length === given.length && timingSafeEqual(expected, given) ? id : null;
}

export function unsubscribeUrl(publicUrl: string, token: string): string {
  return `${publicUrl}/unsubscribe/${token}`;
}

/** Opts the member out of reminders (kept when already set). Returns the member's name, or null. */
export async function optOut(db: DbOrTx, memberId: string, now: Date): Promise<{ fullName: string } | null> {
  const [changed] = await db
    .update(members)
    .set({ remindersOptedOutAt: now, updatedAt: now })
    .where(and(eq(members.id, memberId), isNull(members.remindersOptedOutAt)))
    .returning({ fullName: members.fullName });
  if (changed) return changed;
  // Already opted out (a second click), or no such member.
  const [m] = await db.select({ fullName: members.fullName }).from(members).where(eq(members.id, memberId));
  return m ?? null;
}

/** Takes the member back on the reminders (the opposite of `optOut`, on the same column). */
export async function optIn(db: DbOrTx, memberId: string, now: Date): Promise<void> {
  await db.update(members).set({ remindersOptedOutAt: null, updatedAt: now }).where(eq(members.id, memberId));
}
