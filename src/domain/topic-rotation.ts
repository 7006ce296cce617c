/**
 * Which topic of the book each month's meeting takes ("mỗi tháng lựa chọn 01 nội dung trong tác phẩm").
 *
 * The months are cut into cycles of as many months as the catalogue has topics; within a cycle every topic
 * comes once, in catalogue order, and no topic is taken in two consecutive months. Months the committee
 * fixed keep their topic and count as using it in their cycle; a fixed month whose code is not in the
 * catalogue (e.g. a special thematic meeting) uses no topic and takes no place in the cycles.
 */
import { formatMonth } from "./vi-format.ts";

const MONTH_RE = /^\d{4}-(0[1-9]|1[0-2])$/;

function checkedMonths(months: readonly string[]): string[] {
  for (const m of months) if (!MONTH_RE.test(m)) throw new RangeError(`not a month (yyyy-MM): ${m}`);
  return [...new Set(months)].sort();
}

function nextMonth(month: string): string {
  const [y, m] = month.split("-").map(Number) as [number, number];
  return m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, "0")}`;
}

/** Upper bound on the search inside one cycle; past it the cycle is filled greedily. */
const SEARCH_BUDGET = 10_000;

/**
 * The months (sorted, duplicates dropped) with a topic each, following the catalogue in order: every topic
 * once before any comes again, never the same topic in two consecutive months (unless there is one topic).
 */
export function defaultSchedule(
  months: readonly string[],
  topicCodes: readonly string[],
): Map<string, string> {
  return completeSchedule(months, topicCodes, new Map());
}

/**
 * Keeps the committee's fixed months and fills the others with the catalogue in order, skipping the topics
 * already used (or fixed) in the current cycle and never placing a topic next to the same one, where
 * possible. When it is not possible (a single topic, or fixed months that leave no other choice), a topic
 * is reused before a topic is put next to itself. Fixed entries for months not in `months` are ignored.
 */
export function completeSchedule(
  months: readonly string[],
  topicCodes: readonly string[],
  fixed: ReadonlyMap<string, string>,
): Map<string, string> {
  const sorted = checkedMonths(months);
  const catalogue = [...new Set(topicCodes)];
  const known = new Set(catalogue);
  const topics: (string | undefined)[] = sorted.map((m) => fixed.get(m)?.trim() || undefined);
  if (catalogue.length === 0) {
    if (topics.some((t) => t === undefined)) throw new RangeError("the topic catalogue is empty");
    return new Map(sorted.map((m, i) => [m, topics[i]!]));
  }

  // Cycles over the months that take a catalogue topic: unfixed ones and ones fixed with a known code.
  const slots = sorted.map((_, i) => i).filter((i) => topics[i] === undefined || known.has(topics[i]!));
  for (let c = 0; c < slots.length; c += catalogue.length) {
    fillCycle(slots.slice(c, c + catalogue.length), topics, catalogue);
  }
  return new Map(sorted.map((m, i) => [m, topics[i]!]));
}

/** Fills the open months of one cycle (indexes into `topics`), in place. */
function fillCycle(cycle: number[], topics: (string | undefined)[], catalogue: readonly string[]): void {
  const open = cycle.filter((i) => topics[i] === undefined);
  if (open.length === 0) return;
  const taken = new Set(cycle.map((i) => topics[i]).filter((t) => t !== undefined));
  const available = catalogue.filter((t) => !taken.has(t));
  // Neighbours are decided before the search except a later open month, which the search itself fills.
  const fits = (i: number, t: string) => topics[i - 1] !== t && topics[i + 1] !== t;

  let budget = SEARCH_BUDGET;
  const used = new Set<string>();
  const search = (k: number): boolean => {
    if (k === open.length) return true;
    const i = open[k]!;
    for (const t of available) {
      if (used.has(t) || !fits(i, t)) continue;
      if (--budget < 0) return false;
      topics[i] = t;
      used.add(t);
      if (search(k + 1)) return true;
      used.delete(t);
      topics[i] = undefined;
    }
    return false;
  };
  if (search(0)) return;

  // No arrangement keeps both rules: take the catalogue in order, preferring an unused topic, then any topic
  // that is not next to itself, and only then the first unused one.
  for (const i of open) topics[i] = undefined;
  used.clear();
  for (const i of open) {
    const t =
      available.find((c) => !used.has(c) && fits(i, c)) ??
      rotateAfter(catalogue, topics[i - 1]).find((c) => fits(i, c)) ??
      available.find((c) => !used.has(c)) ??
      catalogue[0]!;
    topics[i] = t;
    used.add(t);
  }
}

/** The catalogue starting just after `code` (or from the start if it is not there). */
function rotateAfter(catalogue: readonly string[], code: string | undefined): string[] {
  const at = code === undefined ? -1 : catalogue.indexOf(code);
  return [...catalogue.slice(at + 1), ...catalogue.slice(0, at + 1)];
}

/**
 * What is wrong with a schedule, month by month in order, with reasons in Vietnamese: codes not in the
 * catalogue, months between the first and the last with no topic, and the same topic in two consecutive
 * months (not reported when the catalogue has a single topic, since it cannot be helped).
 */
export function scheduleProblems(
  schedule: ReadonlyMap<string, string>,
  topicCodes: readonly string[],
): { month: string; reason: string }[] {
  const known = new Set(topicCodes);
  const problems: { month: string; reason: string }[] = [];
  const months = [...schedule.keys()].sort();
  for (const m of months) {
    if (!MONTH_RE.test(m))
      problems.push({ month: m, reason: `"${m}" không phải là tháng hợp lệ (yyyy-MM).` });
  }
  const valid = months.filter((m) => MONTH_RE.test(m));
  const first = valid[0];
  const last = valid[valid.length - 1];
  if (first === undefined || last === undefined) return problems;

  for (let m = first; m <= last; m = nextMonth(m)) {
    const code = schedule.get(m)?.trim();
    const label = formatMonth(m);
    if (!code) {
      problems.push({ month: m, reason: `${capitalize(label)} chưa có chủ đề sinh hoạt.` });
      continue;
    }
    if (!known.has(code)) {
      problems.push({ month: m, reason: `Chủ đề "${code}" của ${label} không có trong danh mục.` });
    }
    const previous = schedule.get(previousMonth(m))?.trim();
    if (previous === code && known.size > 1) {
      problems.push({
        month: m,
        reason: `Chủ đề "${code}" của ${label} trùng với tháng liền trước.`,
      });
    }
  }
  return problems;
}

function previousMonth(month: string): string {
  const [y, m] = month.split("-").map(Number) as [number, number];
  return m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, "0")}`;
}

function capitalize(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
