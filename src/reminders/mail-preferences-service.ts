/**
 * A member's own choice about reminder mail, from the account page: the same state as the RFC 8058
 * one-click link in every mail (`members.reminders_opted_out_at`), so either way out is undone here.
 */
import { eq } from "drizzle-orm";
import { requireSelf } from "../auth/policy.ts";
import type { Principal } from "../auth/principal.ts";
import { members } from "../db/schema.ts";
import { notFound } from "../http/errors.ts";
import type { AppDeps } from "../http/types.ts";
import { optIn, optOut } from "./unsubscribe.ts";

export interface ReminderMail {
  /** Where the reminders go; null when the member record has no email. */
  email: string | null;
  /** When the member opted out (by the link in a mail or here); null while reminders come. */
  optedOutAt: Date | null;
}

/** The caller's own reminder mail state; null for an account with no member record (an officer). */
export async function reminderMailOf(deps: AppDeps, p: Principal): Promise<ReminderMail | null> {
  requireSelf(p);
  if (!p.memberId) return null;
  const [m] = await deps.database.db
    .select({ email: members.email, optedOutAt: members.remindersOptedOutAt })
    .from(members)
    .where(eq(members.id, p.memberId));
  return m ?? null;
}

/** The caller turns their own reminder mail off or back on. */
export async function setReminderMail(deps: AppDeps, p: Principal, input: { on: boolean }): Promise<void> {
  requireSelf(p);
  if (!p.memberId) throw notFound("Tài khoản này không gắn với đảng viên nào");
  const now = deps.clock.now();
  if (input.on) await optIn(deps.database.db, p.memberId, now);
  else await optOut(deps.database.db, p.memberId, now);
}
