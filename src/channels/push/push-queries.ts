/** Push subscriptions: a person's devices, read by the sender and the account page. No rules. */
import { and, eq, inArray, or, type SQL } from "drizzle-orm";
import type { DbOrTx } from "../../db/client.ts";
import { pushSubscriptions, users } from "../../db/schema.ts";

export type PushSubscriptionRow = typeof pushSubscriptions.$inferSelect;

/** The devices of a member's accounts and of a user (either may be null). */
export async function subscriptionsOf(db: DbOrTx, memberId: string | null, userId: string | null) {
  const who: SQL[] = [];
  if (memberId) who.push(eq(users.memberId, memberId));
  if (userId) who.push(eq(users.id, userId));
  if (who.length === 0) return [];
  return db
    .select({ s: pushSubscriptions })
    .from(pushSubscriptions)
    .innerJoin(users, eq(users.id, pushSubscriptions.userId))
    .where(and(or(...who), eq(users.disabled, false)))
    .then((rows) => rows.map((r) => r.s));
}

/**
 * The devices of several people at once (an outbox batch): each with its account's user and member, for the
 * caller to pick a message's devices as `subscriptionsOf` would.
 */
export async function subscriptionsOfMany(db: DbOrTx, memberIds: string[], userIds: string[]) {
  const who: SQL[] = [];
  if (memberIds.length) who.push(inArray(users.memberId, memberIds));
  if (userIds.length) who.push(inArray(users.id, userIds));
  if (who.length === 0) return [];
  return db
    .select({ s: pushSubscriptions, memberId: users.memberId })
    .from(pushSubscriptions)
    .innerJoin(users, eq(users.id, pushSubscriptions.userId))
    .where(and(or(...who), eq(users.disabled, false)));
}

/** Members (of these) with at least one device of an enabled account. */
export async function membersWithDevices(db: DbOrTx, memberIds: string[]): Promise<Set<string>> {
  if (memberIds.length === 0) return new Set();
  const rows = await db
    .selectDistinct({ memberId: users.memberId })
    .from(pushSubscriptions)
    .innerJoin(users, eq(users.id, pushSubscriptions.userId))
    .where(and(inArray(users.memberId, memberIds), eq(users.disabled, false)));
  return new Set(rows.map((r) => r.memberId!));
}

export async function removeSubscriptions(db: DbOrTx, ids: string[]): Promise<void> {
  if (ids.length) await db.delete(pushSubscriptions).where(inArray(pushSubscriptions.id, ids));
}

export async function markSent(db: DbOrTx, ids: string[], at: Date): Promise<void> {
  if (ids.length)
    await db.update(pushSubscriptions).set({ lastSentAt: at }).where(inArray(pushSubscriptions.id, ids));
}

/** A device subscribes again with the same endpoint: it now belongs to whoever is signed in on it. */
export async function upsertSubscription(
  db: DbOrTx,
  s: { userId: string; endpoint: string; p256dh: string; auth: string; label: string; now: Date },
) {
  const [row] = await db
    .insert(pushSubscriptions)
    .values({ ...s, createdAt: s.now })
    .onConflictDoUpdate({
      target: pushSubscriptions.endpoint,
      set: { userId: s.userId, p256dh: s.p256dh, auth: s.auth, label: s.label, createdAt: s.now },
    })
    .returning();
  return row!;
}

export function subscriptionsOfUser(db: DbOrTx, userId: string) {
  return db
    .select({
      id: pushSubscriptions.id,
      label: pushSubscriptions.label,
      endpoint: pushSubscriptions.endpoint,
      createdAt: pushSubscriptions.createdAt,
      lastSentAt: pushSubscriptions.lastSentAt,
    })
    .from(pushSubscriptions)
    .where(eq(pushSubscriptions.userId, userId))
    .orderBy(pushSubscriptions.createdAt);
}

export async function removeSubscriptionOfUser(db: DbOrTx, userId: string, id: string): Promise<boolean> {
  const rows = await db
    .delete(pushSubscriptions)
    .where(and(eq(pushSubscriptions.id, id), eq(pushSubscriptions.userId, userId)))
    .returning({ id: pushSubscriptions.id });
  return rows.length > 0;
}
