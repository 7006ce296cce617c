/**
 * The scheduler tick: observes meetings, campaigns, members and what was already sent, and materialises
 * the outbox rows. Idempotent (every row has a unique key; INSERT … ON CONFLICT), so any number of ticks on
 * any number of instances give the same rows; one advisory lock keeps two instances from doing the same
 * work at the same moment. No hook into the planner: a moved meeting shows as a higher `revision`.
 */
import { and, eq, gt, inArray, isNotNull, isNull, lte, sql } from "drizzle-orm";
import { DateTime } from "luxon";
import type { Db, DbOrTx } from "../db/client.ts";
import {
  branches,
  campaigns,
  committees,
  deadlines,
  meetings,
  members,
  minutes,
  peakDates,
  reminders,
  users,
} from "../db/schema.ts";
import { HOME_ZONE } from "../domain/civil-date.ts";
import { peakOccurrences } from "../domain/peaks.ts";

type ReminderKind = (typeof reminders.$inferInsert)["kind"];
type NewReminder = typeof reminders.$inferInsert;

export interface ScheduleOptions {
  /** The MAIL_FROM address: its domain ends every Message-ID. */
  mailFrom: string;
  /** Member reminders are materialised for meetings starting within this many days. */
  horizonDays?: number;
  /** Minutes reminders look back this many days. */
  lookbackDays?: number;
}

export interface ScheduleResult {
  skipped: boolean;
  inserted: number;
  withdrawn: number;
}

const DEFAULT_OFFSETS = [
  { days: 3, at: "07:00" },
  { days: 0, at: "07:00" },
];
export const SECRETARY_PREPARE_SLOT = "7d@07:00";
/** The day after the meeting, then 3 days later. */
export const SECRETARY_MINUTES_SLOTS = ["-1d@07:00", "-4d@07:00"];
export const DEADLINE_DAYS = [14, 3];

export function mailHost(mailFrom: string): string {
  const m = /@([^\s>]+)/.exec(mailFrom);
  return (m?.[1] ?? "chibo.local").toLowerCase();
}

/** A Message-ID from the reminder's unique key: the same key always gives the same id, and the local part
 * holds no "@" or ":" (RFC 5322 dot-atom). */
export function messageIdFor(key: string, host: string): string {
  return `<${key.replace(/[:@]/g, ".")}@${host}>`;
}

export function slotOf(days: number, at: string): string {
  return `${days}d@${at}`;
}

export function parseSlot(slot: string): { days: number; at: string } | null {
  const m = /^(-?\d+)d@(\d{2}:\d{2})$/.exec(slot);
  return m ? { days: Number(m[1]), at: m[2]! } : null;
}

/** `at` local time, `days` before the civil `date`, in `zone` (negative days: after). */
export function localAt(date: string, days: number, at: string, zone: string): Date {
  const [h, m] = at.split(":").map(Number);
  return DateTime.fromISO(date, { zone })
    .minus({ days })
    .set({ hour: h ?? 0, minute: m ?? 0, second: 0, millisecond: 0 })
    .toJSDate();
}

export function slotDue(date: string, slot: string, zone: string): Date | null {
  const s = parseSlot(slot);
  return s ? localAt(date, s.days, s.at, zone) : null;
}

/**
 * Of the slots, those still ahead plus the latest one already due: a reminder whose time passed goes out at
 * once, but a service that was down for days sends one reminder, not all the missed ones.
 */
export function pickSlots<T extends { due: Date }>(slots: T[], now: Date, before?: Date): T[] {
  const usable = slots.filter((s) => !before || s.due < before);
  const ahead = usable.filter((s) => s.due > now);
  const passed = usable.filter((s) => s.due <= now).sort((a, b) => b.due.getTime() - a.due.getTime());
  return passed[0] ? [passed[0], ...ahead] : ahead;
}

export interface PersonRow {
  id: string;
  branchId: string;
  fullName: string;
  email: string | null;
  role: string;
  joinedOn: string | null;
  leftOn: string | null;
  remindersOptedOutAt: Date | null;
}

/** A member who belongs to the branch on `date` (guests included). */
export function activeOn(m: PersonRow, date: string): boolean {
  return (m.leftOn === null || m.leftOn > date) && (m.joinedOn === null || m.joinedOn <= date);
}

export interface Recipient {
  key: string;
  memberId: string | null;
  userId: string | null;
  email: string;
}

/** The branch secretaries: members with the secretary role and secretary users, once per address. */
export function secretariesOf(
  branchId: string,
  date: string,
  people: PersonRow[],
  secretaryUsers: { id: string; email: string; branchId: string | null; memberId: string | null }[],
): Recipient[] {
  const out: Recipient[] = [];
  const seen = new Set<string>();
  for (const m of people) {
    if (m.branchId !== branchId || m.role !== "secretary" || !m.email || !activeOn(m, date)) continue;
    seen.add(m.email.toLowerCase());
    seen.add(`m:${m.id}`);
    out.push({ key: `m-${m.id}`, memberId: m.id, userId: null, email: m.email });
  }
  for (const u of secretaryUsers) {
    if (
      u.branchId !== branchId ||
      seen.has(u.email.toLowerCase()) ||
      (u.memberId && seen.has(`m:${u.memberId}`))
    )
      continue;
    seen.add(u.email.toLowerCase());
    out.push({ key: `u-${u.id}`, memberId: null, userId: u.id, email: u.email });
  }
  return out;
}

async function loadPeople(db: DbOrTx, branchIds: string[]): Promise<PersonRow[]> {
  if (branchIds.length === 0) return [];
  return db
    .select({
      id: members.id,
      branchId: members.branchId,
      fullName: members.fullName,
      email: members.email,
      role: members.role,
      joinedOn: members.joinedOn,
      leftOn: members.leftOn,
      remindersOptedOutAt: members.remindersOptedOutAt,
    })
    .from(members)
    .where(and(inArray(members.branchId, branchIds), isNull(members.leftOn)));
}

async function loadSecretaryUsers(db: DbOrTx, branchIds: string[]) {
  if (branchIds.length === 0) return [];
  return db
    .select({ id: users.id, email: users.email, branchId: users.branchId, memberId: users.memberId })
    .from(users)
    .where(and(eq(users.role, "secretary"), eq(users.disabled, false), inArray(users.branchId, branchIds)));
}

const CHUNK = 1000;

/** Inserts; a queued row whose due time moved (its meeting moved) is re-planned. */
async function upsert(db: DbOrTx, rows: NewReminder[], now: Date, replan: boolean): Promise<number> {
  let n = 0;
  for (let i = 0; i < rows.length; i += CHUNK) {
    const chunk = rows.slice(i, i + CHUNK);
    const q = db.insert(reminders).values(chunk);
    const res = replan
      ? await q
          .onConflictDoUpdate({
            target: reminders.key,
            set: {
              dueAt: sql`excluded.due_at`,
              nextAttemptAt: sql`excluded.next_attempt_at`,
              revision: sql`excluded.revision`,
              updatedAt: now,
            },
            setWhere: sql`${reminders.state} = 'queued' and ${reminders.dueAt} <> excluded.due_at`,
          })
          .returning({ id: reminders.id })
      : await q.onConflictDoNothing().returning({ id: reminders.id });
    n += res.length;
  }
  return n;
}

function row(
  host: string,
  now: Date,
  kind: ReminderKind,
  subject: string,
  r: Pick<Recipient, "key" | "memberId" | "userId"> & { email: string | null },
  slot: string,
  due: Date,
  extra: Partial<NewReminder>,
): NewReminder {
  const key = `${kind}:${subject}:${r.key}:${slot}`;
  return {
    key,
    kind,
    slot,
    memberId: r.memberId,
    userId: r.userId,
    toEmail: r.email,
    dueAt: due,
    nextAttemptAt: due,
    messageId: messageIdFor(key, host),
    createdAt: now,
    updatedAt: now,
    ...extra,
  };
}

export async function scheduleReminders(db: Db, now: Date, opts: ScheduleOptions): Promise<ScheduleResult> {
  return db.transaction(async (tx) => {
    const lock = await tx.execute<{ locked: boolean }>(
      sql`select pg_try_advisory_xact_lock(727275) as locked`,
    );
    if (!lock.rows[0]?.locked) return { skipped: true, inserted: 0, withdrawn: 0 };
    const host = mailHost(opts.mailFrom);
    const horizon = new Date(now.getTime() + (opts.horizonDays ?? 10) * 86_400_000);
    const lookback = new Date(now.getTime() - (opts.lookbackDays ?? 5) * 86_400_000);
    let inserted = 0;

    // ------------------------------------------------------------------ meetings in the window
    const ms = await tx
      .select({
        id: meetings.id,
        branchId: meetings.branchId,
        date: meetings.date,
        startAt: meetings.startAt,
        status: meetings.status,
        revision: meetings.revision,
        timezone: branches.timezone,
        offsets: campaigns.reminderOffsets,
      })
      .from(meetings)
      .innerJoin(branches, eq(branches.id, meetings.branchId))
      .leftJoin(campaigns, eq(campaigns.id, meetings.campaignId))
      .where(and(gt(meetings.startAt, lookback), lte(meetings.startAt, horizon)));
    const branchIds = [...new Set(ms.map((m) => m.branchId))];
    const people = await loadPeople(tx, branchIds);
    const secUsers = await loadSecretaryUsers(tx, branchIds);
    const filed = new Set(
      ms.length === 0
        ? []
        : (
            await tx
              .select({ id: minutes.meetingId })
              .from(minutes)
              .where(
                and(
                  inArray(
                    minutes.meetingId,
                    ms.map((m) => m.id),
                  ),
                  isNotNull(minutes.submittedAt),
                ),
              )
          ).map((r) => r.id),
    );

    const replannable: NewReminder[] = [];
    for (const m of ms) {
      if (m.status === "cancelled") continue;
      const base = { branchId: m.branchId, meetingId: m.id, revision: m.revision };
      if (m.status === "planned" && m.startAt > now) {
        const offsets = m.offsets && m.offsets.length > 0 ? m.offsets : DEFAULT_OFFSETS;
        const slots = pickSlots(
          offsets.map((o) => ({
            slot: slotOf(o.days, o.at),
            due: localAt(m.date, o.days, o.at, m.timezone),
          })),
          now,
          m.startAt,
        );
        for (const p of people) {
          if (p.branchId !== m.branchId || !p.email || p.remindersOptedOutAt || !activeOn(p, m.date))
            continue;
          const r = { key: `m-${p.id}`, memberId: p.id, userId: null, email: p.email };
          for (const s of slots)
            replannable.push(row(host, now, "meeting_reminder", m.id, r, s.slot, s.due, base));
        }
        const prepDue = slotDue(m.date, SECRETARY_PREPARE_SLOT, m.timezone)!;
        for (const r of secretariesOf(m.branchId, m.date, people, secUsers)) {
          replannable.push(
            row(host, now, "secretary_prepare", m.id, r, SECRETARY_PREPARE_SLOT, prepDue, base),
          );
        }
      }
      if (!filed.has(m.id)) {
        const slots = pickSlots(
          SECRETARY_MINUTES_SLOTS.map((slot) => ({ slot, due: slotDue(m.date, slot, m.timezone)! })),
          now,
        );
        for (const r of secretariesOf(m.branchId, m.date, people, secUsers)) {
          for (const s of slots)
            replannable.push(row(host, now, "secretary_minutes", m.id, r, s.slot, s.due, base));
        }
      }
    }
    inserted += await upsert(tx, replannable, now, true);

    // ------------------------------------------------------------------ withdrawals
    const w1 = await tx.execute(sql`
      update reminders r set state = 'withdrawn', last_response = 'Buổi sinh hoạt đã hủy', updated_at = ${now}
      from meetings m
      where r.meeting_id = m.id and r.state = 'queued' and m.status = 'cancelled'
        and r.kind in ('meeting_reminder', 'meeting_update', 'secretary_prepare', 'secretary_minutes')`);
    const w2 = await tx.execute(sql`
      update reminders r set state = 'withdrawn', updated_at = ${now},
        last_response = case when mb.left_on is not null then 'Đảng viên đã chuyển đi'
                             when mb.email is null then 'Không có địa chỉ email'
                             else 'Đảng viên đã hủy đăng ký nhận nhắc lịch' end
      from members mb
      where r.member_id = mb.id and r.state = 'queued' and r.kind in ('meeting_reminder', 'peak_notice')
        and (mb.left_on is not null or mb.email is null or mb.reminders_opted_out_at is not null)`);
    const withdrawn = (w1.rowCount ?? 0) + (w2.rowCount ?? 0);

    // ------------------------------------------------------------------ updates and cancellations
    // Whoever received an invite of an older revision than the meeting's gets the news.
    const stale = await tx.execute<{
      meeting_id: string;
      member_id: string;
      branch_id: string;
      revision: number;
      status: string;
      email: string | null;
    }>(sql`
      select r.meeting_id, r.member_id, m.branch_id, m.revision, m.status::text as status, mb.email
      from reminders r
      join meetings m on m.id = r.meeting_id
      join members mb on mb.id = r.member_id
      where r.state = 'sent' and r.kind in ('meeting_reminder', 'meeting_update', 'meeting_cancel')
        and m.start_at > ${now} and mb.left_on is null and mb.email is not null
      group by r.meeting_id, r.member_id, m.branch_id, m.revision, m.status, mb.email
      having max(r.revision) < m.revision`);
    const news: NewReminder[] = [];
    for (const s of stale.rows) {
      if (s.status === "held") continue;
      const kind = s.status === "cancelled" ? "meeting_cancel" : "meeting_update";
      const r = { key: `m-${s.member_id}`, memberId: s.member_id, userId: null, email: s.email };
      news.push(
        row(host, now, kind, s.meeting_id, r, `r${s.revision}`, now, {
          branchId: s.branch_id,
          meetingId: s.meeting_id,
          revision: s.revision,
        }),
      );
      // A newer update replaces one still waiting.
      await tx.execute(sql`
        update reminders set state = 'withdrawn', last_response = 'Thay bằng thông báo mới hơn', updated_at = ${now}
        where meeting_id = ${s.meeting_id} and member_id = ${s.member_id} and state = 'queued'
          and kind = 'meeting_update' and revision < ${s.revision}`);
    }
    inserted += await upsert(tx, news, now, false);

    // ------------------------------------------------------------------ peaks and deadlines
    inserted += await schedulePeaksAndDeadlines(tx, now, host);
    return { skipped: false, inserted, withdrawn };
  });
}

interface BranchRow {
  id: string;
  name: string;
  timezone: string;
  ancestors: string[];
}

async function schedulePeaksAndDeadlines(tx: DbOrTx, now: Date, host: string): Promise<number> {
  const today = DateTime.fromJSDate(now, { zone: HOME_ZONE }).minus({ days: 1 }).toISODate()!;
  const peakUntil = DateTime.fromJSDate(now, { zone: HOME_ZONE }).plus({ days: 8 }).toISODate()!;
  const deadlineUntil = DateTime.fromJSDate(now, { zone: HOME_ZONE }).plus({ days: 15 }).toISODate()!;
  const cs = await tx
    .select({
      id: campaigns.id,
      committeeId: campaigns.committeeId,
      firstMonth: campaigns.firstMonth,
      lastMonth: campaigns.lastMonth,
    })
    .from(campaigns)
    .where(
      and(
        isNotNull(campaigns.committeeId),
        lte(campaigns.firstMonth, deadlineUntil),
        sql`(${campaigns.lastMonth} + interval '1 month') > ${today}::date`,
      ),
    );
  if (cs.length === 0) return 0;
  const campaignIds = cs.map((c) => c.id);
  const peaks = await tx.select().from(peakDates).where(inArray(peakDates.campaignId, campaignIds));
  const dls = await tx.select().from(deadlines).where(inArray(deadlines.campaignId, campaignIds));
  const committeeIds = [...new Set(cs.map((c) => c.committeeId!))];
  const bs: BranchRow[] = await tx
    .select({
      id: branches.id,
      name: branches.name,
      timezone: branches.timezone,
      ancestors: committees.ancestorIds,
    })
    .from(branches)
    .innerJoin(committees, eq(committees.id, branches.committeeId))
    .where(
      sql`${committees.ancestorIds} && ${sql`array[${sql.join(
        committeeIds.map((c) => sql`${c}::uuid`),
        sql`, `,
      )}]`}`,
    );
  const out: NewReminder[] = [];
  const needPeople = peaks.length > 0 || dls.some((d) => d.audience === "branch");
  const people = needPeople
    ? await loadPeople(
        tx,
        bs.map((b) => b.id),
      )
    : [];
  const secUsers = dls.length
    ? await loadSecretaryUsers(
        tx,
        bs.map((b) => b.id),
      )
    : [];

  for (const c of cs) {
    const span = { from: c.firstMonth, to: DateTime.fromISO(c.lastMonth).endOf("month").toISODate()! };
    const under = bs.filter((b) => b.ancestors.includes(c.committeeId!));
    // Peaks: a week before, to every member, once per occurrence within the campaign.
    for (const p of peaks.filter((x) => x.campaignId === c.id)) {
      for (const occ of peakOccurrences([p], today, peakUntil)) {
        if (occ.date < span.from || occ.date > span.to) continue;
        for (const b of under) {
          if (p.committeeId && !b.ancestors.includes(p.committeeId)) continue;
          if (DateTime.fromISO(occ.date, { zone: b.timezone }).toJSDate() <= now) continue;
          const due = localAt(occ.date, 7, "07:00", b.timezone);
          for (const m of people) {
            if (m.branchId !== b.id || !m.email || m.remindersOptedOutAt || !activeOn(m, occ.date)) continue;
            const r = { key: `m-${m.id}`, memberId: m.id, userId: null, email: m.email };
            out.push(
              row(host, now, "peak_notice", `${occ.date}.${p.id}`, r, "7d@07:00", due, {
                branchId: b.id,
                refId: p.id,
                refDate: occ.date,
              }),
            );
          }
        }
      }
    }
    // Report deadlines: 14 and 3 days before.
    for (const d of dls.filter((x) => x.campaignId === c.id)) {
      const first = Number(span.from.slice(0, 4));
      const years =
        d.year !== null
          ? [d.year]
          : Array.from({ length: Number(span.to.slice(0, 4)) - first + 1 }, (_, i) => first + i);
      const dates = [...new Set(years)]
        .map((y) => DateTime.fromObject({ year: y, month: d.month, day: d.day }).toISODate())
        .filter(
          (x): x is string => !!x && x >= today && x <= deadlineUntil && x >= span.from && x <= span.to,
        );
      for (const date of dates) {
        const recipients: { r: Recipient; zone: string; branchId: string | null }[] = [];
        if (d.audience === "branch") {
          for (const b of under)
            for (const r of secretariesOf(b.id, date, people, secUsers))
              recipients.push({ r, zone: b.timezone, branchId: b.id });
        } else {
          const officers = await tx
            .select({ id: users.id, email: users.email })
            .from(users)
            .where(
              and(
                eq(users.role, "officer"),
                eq(users.disabled, false),
                eq(users.committeeId, c.committeeId!),
              ),
            );
          for (const o of officers)
            recipients.push({
              r: { key: `u-${o.id}`, memberId: null, userId: o.id, email: o.email },
              zone: HOME_ZONE,
              branchId: null,
            });
        }
        for (const { r, zone, branchId } of recipients) {
          const end = DateTime.fromISO(date, { zone }).plus({ days: 1 }).toJSDate();
          const slots = pickSlots(
            DEADLINE_DAYS.map((n) => ({ slot: slotOf(n, "07:00"), due: localAt(date, n, "07:00", zone) })),
            now,
            end,
          );
          if (end <= now) continue;
          for (const s of slots)
            out.push(
              row(host, now, "deadline_notice", `${d.id}.${date}`, r, s.slot, s.due, {
                branchId,
                refId: d.id,
                refDate: date,
              }),
            );
        }
      }
    }
  }
  return upsert(tx, out, now, false);
}
