/**
 * The year's rating as the report's SQL counts it (`bandCountsSql`, `bandRankSql`), run on the real database
 * against the TypeScript (`yearInputOf` then `rateYear`) over generated branches' years: months due, the best
 * band of each month among its held meetings and make-ups, and the band the committee's rule gives.
 */
import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { type Band, DEFAULT_YEAR_RULE, rateYear, type YearRule } from "../../src/domain/meeting-rating.ts";
import { type YearMeeting, yearInputOf, yearInputOfCounts } from "../../src/domain/rating-settings.ts";
import { bandCountsSql, bandRankSql } from "../../src/ratings/ratings-sql.ts";
import { useTestDatabase } from "../helpers/db.ts";
import { random } from "../helpers/random.ts";

const { db } = await useTestDatabase();

const BANDS: Band[] = ["tot", "kha", "trung_binh", "kem"];
const STATUSES = ["planned", "held", "cancelled"] as const;

/** A branch's year: each month's planned meeting (some months missing), a make-up now and then (sometimes in a
 * month with no planned meeting of its own), statuses and bands at random, a band on an unheld meeting too. */
function cases(n: number): YearMeeting[][] {
  const rnd = random(20261205);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rnd() * xs.length)]!;
  const out: YearMeeting[][] = [];
  for (let i = 0; i < n; i++) {
    const ms: YearMeeting[] = [];
    const months = 1 + Math.floor(rnd() * 12);
    for (let k = 1; k <= 12; k++) {
      const month = `2026-${String(k).padStart(2, "0")}`;
      const band = () => (rnd() < 0.7 ? pick(BANDS) : null);
      if (k <= months && rnd() < 0.9) ms.push({ month, status: pick(STATUSES), band: band(), makeup: false });
      if (rnd() < 0.15) ms.push({ month, status: pick(STATUSES), band: band(), makeup: true });
    }
    out.push(ms);
  }
  return out;
}

const RULES: YearRule[] = [
  DEFAULT_YEAR_RULE,
  { topShare: 0.5, goodShare: 0.75, passShare: 0.25, capOnWeak: false, capOnMissingThematic: false },
];

describe("the year's counts in SQL", () => {
  it("match yearInputOf, and give rateYear's band under each rule, over 3,000 branches' years", async () => {
    const years = cases(3000);
    const rows = years.flatMap((ms, b) => ms.map((m) => ({ branch_id: b, ...m })));
    const res = await db.execute<{
      branch_id: number;
      months_due: number;
      rated_tot: number;
      rated_kha: number;
      rated_trung_binh: number;
      rated_kem: number;
    }>(sql`
      with raw as (select * from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb)
                     as x(branch_id int, month text, makeup boolean, status text, band text)),
      per_meeting as (select branch_id, month, makeup, status, ${bandRankSql(sql`band`)} as band_rank from raw)
      ${bandCountsSql(sql`per_meeting`)}`);
    const byBranch = new Map(res.rows.map((r) => [Number(r.branch_id), r]));
    let compared = 0;
    for (const [b, ms] of years.entries()) {
      const input = yearInputOf(ms);
      const r = byBranch.get(b);
      const counts = { tot: 0, kha: 0, trung_binh: 0, kem: 0 };
      for (const band of input.bandOfMonth.values()) counts[band]++;
      const sqlCounts = r
        ? { tot: r.rated_tot, kha: r.rated_kha, trung_binh: r.rated_trung_binh, kem: r.rated_kem }
        : counts;
      expect({ b, due: r?.months_due ?? 0, counts: sqlCounts }).toEqual({
        b,
        due: input.months.length,
        counts,
      });
      for (const rule of RULES) {
        if (input.months.length === 0) continue;
        expect(rateYear(yearInputOfCounts(r!.months_due, sqlCounts), rule)).toEqual(rateYear(input, rule));
        compared++;
      }
    }
    expect(compared).toBeGreaterThan(5000);
  });
});
