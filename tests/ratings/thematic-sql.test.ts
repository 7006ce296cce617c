/**
 * The quarters without a thematic meeting as the report's SQL counts them (`thematicQuartersSql`, then
 * `quartersWithoutThematic` with the committee's number a quarter), run on the real database against
 * `thematicByQuarter` (domain/meeting-rating.ts) over generated branches: meetings of every kind and status,
 * each branch with its own today, periods that are a year or a campaign's months across a year's end.
 */
import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import type { MeetingKind } from "../../src/domain/meeting-quality.ts";
import { type KindedMeeting, thematicByQuarter } from "../../src/domain/meeting-rating.ts";
import { quartersWithoutThematic } from "../../src/domain/rating-settings.ts";
import { thematicQuartersSql } from "../../src/ratings/ratings-sql.ts";
import { useTestDatabase } from "../helpers/db.ts";
import { random } from "../helpers/random.ts";

const { db } = await useTestDatabase();

const KINDS: MeetingKind[] = ["regular", "regular", "thematic", "combined"];
const STATUSES = ["planned", "held", "cancelled"] as const;
const pad = (n: number) => String(n).padStart(2, "0");

/** The months from `first` (yyyy-MM) for `count` months. */
function monthsFrom(first: string, count: number): string[] {
  const y = Number(first.slice(0, 4));
  const m = Number(first.slice(5, 7)) - 1;
  return Array.from(
    { length: count },
    (_, i) => `${y + Math.floor((m + i) / 12)}-${pad(((m + i) % 12) + 1)}`,
  );
}

describe("quarters without a thematic meeting in SQL", () => {
  it("match thematicByQuarter for 0 to 3 a quarter, over 2,000 branches and two kinds of period", async () => {
    const rnd = random(20261205);
    const pick = <T>(xs: readonly T[]) => xs[Math.floor(rnd() * xs.length)]!;
    const periods = [monthsFrom("2026-01", 12), monthsFrom("2025-11", 8)];
    for (const months of periods) {
      const branches = Array.from({ length: 2000 }, (_, b) => {
        const meetings: KindedMeeting[] = [];
        for (const month of months) {
          const n = Math.floor(rnd() * 3);
          for (let i = 0; i < n; i++)
            meetings.push({
              date: `${month}-${pad(1 + Math.floor(rnd() * 28))}`,
              kind: pick(KINDS),
              status: pick(STATUSES),
            });
        }
        const todayMonth = pick(monthsFrom("2025-10", 20));
        return { b, meetings, today: `${todayMonth}-${pad(1 + Math.floor(rnd() * 28))}` };
      });
      const rows = branches.flatMap((x) => x.meetings.map((m) => ({ branch_id: x.b, ...m })));
      const last = months[months.length - 1]!;
      const end = `${monthsFrom(last, 2)[1]}-01`;
      const res = await db.execute<{
        branch_id: number;
        thematic_q0: number;
        thematic_q1: number;
        thematic_q2: number;
      }>(sql`
        with ms as (select * from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb)
                      as x(branch_id int, date date, kind text, status text)),
             bs as (select * from jsonb_to_recordset(${JSON.stringify(branches.map((x) => ({ id: x.b, today: x.today })))}::jsonb)
                      as x(id int, today date))
        ${thematicQuartersSql({ meetings: sql`ms`, branches: sql`bs`, from: sql`${`${months[0]}-01`}`, to: sql`${end}` })}`);
      const byBranch = new Map(res.rows.map((r) => [Number(r.branch_id), r]));
      const seen = new Set<number>();
      for (const x of branches) {
        const r = byBranch.get(x.b);
        const endedWith: [number, number, number] = r
          ? [r.thematic_q0, r.thematic_q1, r.thematic_q2]
          : [0, 0, 0];
        for (const perQuarter of [0, 1, 2, 3]) {
          const by = thematicByQuarter(x.meetings, months, x.today, perQuarter);
          const missing = [...by.values()].filter((s) => s === "missing").length;
          expect({ b: x.b, perQuarter, missing: quartersWithoutThematic(endedWith, perQuarter) }).toEqual({
            b: x.b,
            perQuarter,
            missing,
          });
          seen.add(missing);
        }
      }
      // The cases reach every count the period allows (0 up to its quarters).
      expect(seen.size).toBeGreaterThanOrEqual(3);
    }
  });
});
