/**
 * Who a reminder is planned for: members who belong to the branch on the day and can be mailed, and the
 * branch's secretaries (members with the secretary role and secretary accounts, once per address).
 * Pure: the people come in as rows.
 */

export interface PersonRow {
  id: string;
  branchId: string;
  fullName: string;
  email: string | null;
  /** The mobile number as the member record keeps it (Zalo); absent where a caller does not read it. */
  phone?: string | null;
  role: string;
  joinedOn: string | null;
  leftOn: string | null;
  remindersOptedOutAt: Date | null;
}

export interface Recipient {
  /** The recipient's part of the outbox key: `m-<member id>` or `u-<user id>`. */
  key: string;
  memberId: string | null;
  userId: string | null;
  email: string;
}

/** A member who belongs to the branch on `date` (guests included). */
export function activeOn(m: Pick<PersonRow, "joinedOn" | "leftOn">, date: string): boolean {
  return (m.leftOn === null || m.leftOn > date) && (m.joinedOn === null || m.joinedOn <= date);
}

/** A member of `branchId` on `date` who gets the optional reminders (a meeting's, a peak's). */
export function remindable(m: PersonRow, branchId: string, date: string): m is PersonRow & { email: string } {
  return m.branchId === branchId && !!m.email && !m.remindersOptedOutAt && activeOn(m, date);
}

export function memberRecipient(m: { id: string; email: string }): Recipient {
  return { key: `m-${m.id}`, memberId: m.id, userId: null, email: m.email };
}

export function userRecipient(u: { id: string; email: string }): Recipient {
  return { key: `u-${u.id}`, memberId: null, userId: u.id, email: u.email };
}

export interface SecretaryUser {
  id: string;
  email: string;
  branchId: string | null;
  memberId: string | null;
}

/** The branch secretaries: members with the secretary role and secretary users, once per address. */
export function secretariesOf(
  branchId: string,
  date: string,
  people: PersonRow[],
  secretaryUsers: SecretaryUser[],
): Recipient[] {
  const out: Recipient[] = [];
  const seen = new Set<string>();
  for (const m of people) {
    if (m.branchId !== branchId || m.role !== "secretary" || !m.email || !activeOn(m, date)) continue;
    seen.add(m.email.toLowerCase());
    seen.add(`m:${m.id}`);
    out.push(memberRecipient({ id: m.id, email: m.email }));
  }
  for (const u of secretaryUsers) {
    if (
      u.branchId !== branchId ||
      seen.has(u.email.toLowerCase()) ||
      (u.memberId && seen.has(`m:${u.memberId}`))
    )
      continue;
    seen.add(u.email.toLowerCase());
    out.push(userRecipient(u));
  }
  return out;
}
