/**
 * No mail in the night: a message that falls due (or is late) between 21:00 and 06:00 in the branch's zone
 * waits until 06:00 there. The exception is a meeting that starts early the next morning (before 09:00):
 * waiting until 06:00 would leave its members too little time, so its mail goes at once.
 *
 * Pure: time and zone come in as arguments.
 */
import { DateTime } from "luxon";

/** Local hour from which mail waits (inclusive) … */
export const QUIET_FROM_HOUR = 21;
/** … and local hour at which it goes out. */
export const QUIET_UNTIL_HOUR = 6;
/** A meeting that starts before this local hour on the morning the mail would wait for is not kept waiting. */
export const EARLY_MEETING_HOUR = 9;

/**
 * The instant a message due now must wait for (06:00 local), or null when it may go now: outside the
 * night, or the meeting it is about starts (still ahead) before 09:00 on that morning.
 */
export function quietUntil(now: Date, zone: string, meetingStart?: Date | null): Date | null {
  const local = DateTime.fromJSDate(now, { zone });
  if (!local.isValid) return null;
  const night = local.hour >= QUIET_FROM_HOUR || local.hour < QUIET_UNTIL_HOUR;
  if (!night) return null;
  const morning = (local.hour >= QUIET_FROM_HOUR ? local.plus({ days: 1 }) : local).startOf("day");
  const wake = morning.set({ hour: QUIET_UNTIL_HOUR });
  if (meetingStart && meetingStart > now) {
    const early = morning.set({ hour: EARLY_MEETING_HOUR }).toJSDate();
    if (meetingStart < early) return null;
  }
  return wake.toJSDate();
}
