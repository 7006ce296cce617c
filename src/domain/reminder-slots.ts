/**
 * When each reminder falls due. A slot names a moment relative to a civil date: "3d@07:00" is 07:00 local
 * time three days before, "-1d@07:00" the morning after. Slots are written into each outbox row (its key
 * carries the slot, so a row is planned once per slot) and turned into instants in the branch's zone.
 *
 * Pure: time comes in as an argument; civil dates are ISO strings (yyyy-MM-dd).
 */
import { DateTime } from "luxon";

/** The zone of deadlines for committee officers and of the scheduler's day (branches carry their own). */
import { HOME_ZONE } from "./civil-date.ts";

export { HOME_ZONE };

export interface Offset {
  days: number;
  at: string;
}

/** Member reminders when the campaign sets none: three days before, and the morning of the meeting. */
export const DEFAULT_OFFSETS: readonly Offset[] = [
  { days: 3, at: "07:00" },
  { days: 0, at: "07:00" },
];
export const SECRETARY_PREPARE_SLOT = "7d@07:00";
/** The day after the meeting, then 3 days later. */
export const SECRETARY_MINUTES_SLOTS = ["-1d@07:00", "-4d@07:00"] as const;
/** Report deadlines: 14 and 3 days before. */
export const DEADLINE_DAYS = [14, 3] as const;
/** Peak notices: a week before the anniversary. */
export const PEAK_NOTICE_SLOT = "7d@07:00";

/** How far ahead the scheduler plans peak notices and deadline notices (days after today). */
export const PEAK_LOOKAHEAD_DAYS = 8;
export const DEADLINE_LOOKAHEAD_DAYS = 15;

export interface Slot {
  slot: string;
  due: Date;
}

export function slotOf(days: number, at: string): string {
  return `${days}d@${at}`;
}

export function parseSlot(slot: string): Offset | null {
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

/** The first instant after the civil `date` in `zone` (midnight that ends it). */
export function endOfDate(date: string, zone: string): Date {
  return DateTime.fromISO(date, { zone }).plus({ days: 1 }).toJSDate();
}

/**
 * Of the slots, those still ahead plus the latest one already due: a reminder whose time passed goes out at
 * once, but a service that was down for days sends one reminder, not all the missed ones. Slots at or after
 * `before` are dropped.
 */
export function pickSlots<T extends { due: Date }>(slots: T[], now: Date, before?: Date): T[] {
  const usable = slots.filter((s) => !before || s.due < before);
  const ahead = usable.filter((s) => s.due > now);
  const passed = usable.filter((s) => s.due <= now).sort((a, b) => b.due.getTime() - a.due.getTime());
  return passed[0] ? [passed[0], ...ahead] : ahead;
}

// ------------------------------------------------------------------------------------------ per kind

export interface MeetingTime {
  /** The meeting's civil date in its branch's zone. */
  date: string;
  timezone: string;
  startAt: Date;
}

/** A member's reminders of a meeting: the campaign's offsets (or the defaults), none at or after the start. */
export function meetingReminderSlots(
  m: MeetingTime,
  offsets: readonly Offset[] | null | undefined,
  now: Date,
): Slot[] {
  const use = offsets && offsets.length > 0 ? offsets : DEFAULT_OFFSETS;
  return pickSlots(
    use.map((o) => ({ slot: slotOf(o.days, o.at), due: localAt(m.date, o.days, o.at, m.timezone) })),
    now,
    m.startAt,
  );
}

/** The secretary's "prepare the meeting" reminder: one slot, always planned (it may already be due). */
export function secretaryPrepareSlot(m: Pick<MeetingTime, "date" | "timezone">): Slot {
  return { slot: SECRETARY_PREPARE_SLOT, due: slotDue(m.date, SECRETARY_PREPARE_SLOT, m.timezone)! };
}

/** The secretary's "file the minutes" reminders still to plan. */
export function minutesSlots(m: Pick<MeetingTime, "date" | "timezone">, now: Date): Slot[] {
  return pickSlots(
    SECRETARY_MINUTES_SLOTS.map((slot) => ({ slot, due: slotDue(m.date, slot, m.timezone)! })),
    now,
  );
}

/** A deadline's notices for one occurrence: none once the deadline's day has ended in `zone`. */
export function deadlineSlots(date: string, zone: string, now: Date): Slot[] {
  const end = endOfDate(date, zone);
  if (end <= now) return [];
  return pickSlots(
    DEADLINE_DAYS.map((n) => ({ slot: slotOf(n, "07:00"), due: localAt(date, n, "07:00", zone) })),
    now,
    end,
  );
}

/** A peak notice's due time, or null once the anniversary itself has begun in `zone`. */
export function peakNoticeDue(date: string, zone: string, now: Date): Date | null {
  if (DateTime.fromISO(date, { zone }).toJSDate() <= now) return null;
  return slotDue(date, PEAK_NOTICE_SLOT, zone);
}

// ------------------------------------------------------------------------------------- the planning window

export interface PlanningWindow {
  /** Yesterday in the home zone: occurrences from here on are still planned. */
  from: string;
  peaksUntil: string;
  deadlinesUntil: string;
}

export function planningWindow(now: Date): PlanningWindow {
  const here = DateTime.fromJSDate(now, { zone: HOME_ZONE });
  return {
    from: here.minus({ days: 1 }).toISODate()!,
    peaksUntil: here.plus({ days: PEAK_LOOKAHEAD_DAYS }).toISODate()!,
    deadlinesUntil: here.plus({ days: DEADLINE_LOOKAHEAD_DAYS }).toISODate()!,
  };
}

/** A campaign's civil span: its first month's first day to its last month's last day. */
export function campaignSpan(firstMonth: string, lastMonth: string): { from: string; to: string } {
  return { from: firstMonth, to: DateTime.fromISO(lastMonth).endOf("month").toISODate()! };
}

/**
 * The dates of a deadline (day and month, in one year or every year of the campaign), within [from, until]
 * when given. A yearly deadline counts only within the campaign's span; a one-off deadline (its year given)
 * counts wherever it falls, since a final report is often due after the campaign's last month. Feeds and
 * reminders both read it: a deadline in a calendar is a deadline that is mailed.
 */
export function deadlineDates(
  d: { day: number; month: number; year: number | null },
  span: { from: string; to: string },
  from = "0000-01-01",
  until = "9999-12-31",
): string[] {
  const first = Number(span.from.slice(0, 4));
  const years =
    d.year !== null
      ? [d.year]
      : Array.from({ length: Number(span.to.slice(0, 4)) - first + 1 }, (_, i) => first + i);
  return [...new Set(years)]
    .map((y) => DateTime.fromObject({ year: y, month: d.month, day: d.day }, { zone: "UTC" }).toISODate())
    .filter(
      (x): x is string =>
        !!x && x >= from && x <= until && (d.year !== null || (x >= span.from && x <= span.to)),
    );
}
