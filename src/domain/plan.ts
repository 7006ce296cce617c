/**
 * Planning a campaign for one branch: one meeting a month, dated by the branch's rule around the
 * working-day calendar, with the month's topic. Pure: the calendar and the schedule come in.
 */
import { type MeetingRule, meetingDate, meetingInterval } from "./meeting-rule.ts";

export interface BranchToPlan {
  id: string;
  rule: MeetingRule;
  timezone: string;
  place: string | null;
  onlineUrl: string | null;
}

export interface PlannedMeeting {
  branchId: string;
  /** yyyy-MM-01, the form the database keeps months in */
  month: string;
  date: string;
  startAt: Date;
  endAt: Date;
  place: string | null;
  onlineUrl: string | null;
  topicId: string | null;
  /** the rule's date before it was moved off a non-working day */
  nominal: string;
}

/** Plans many branches at once. Branches that share a rule and a zone (most of them) share their dates,
 * so each distinct (rule, zone) is computed once. */
export function planBranches(
  branches: readonly BranchToPlan[],
  months: readonly string[],
  topicOf: (month: string) => string | null,
  isWorkingDay: (date: string) => boolean,
): PlannedMeeting[] {
  const cache = new Map<string, PlannedMeeting[]>();
  const out: PlannedMeeting[] = [];
  for (const b of branches) {
    const key = `${b.timezone}|${JSON.stringify(b.rule)}`;
    let template = cache.get(key);
    if (!template) {
      template = planBranch({ ...b, place: null, onlineUrl: null }, months, topicOf, isWorkingDay);
      cache.set(key, template);
    }
    for (const t of template) out.push({ ...t, branchId: b.id, place: b.place, onlineUrl: b.onlineUrl });
  }
  return out;
}

export function planBranch(
  branch: BranchToPlan,
  months: readonly string[],
  topicOf: (month: string) => string | null,
  isWorkingDay: (date: string) => boolean,
): PlannedMeeting[] {
  return months.map((month) => {
    const d = meetingDate(branch.rule, month, isWorkingDay);
    const { start, end } = meetingInterval(
      d.date,
      branch.rule.startTime,
      branch.rule.durationMinutes,
      branch.timezone,
    );
    return {
      branchId: branch.id,
      month: `${month}-01`,
      date: d.date,
      startAt: start.toJSDate(),
      endAt: end.toJSDate(),
      place: branch.place,
      onlineUrl: branch.onlineUrl,
      topicId: topicOf(month),
      nominal: d.nominal,
    };
  });
}
