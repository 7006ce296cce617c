/**
 * The year's rating as set-based SQL reads it, built from the domain's order of bands so that the rule has one
 * definition: each month due (one planned meeting a month, make-ups aside) and the best band of its held,
 * rated meetings (`yearInputOf`, domain/rating-settings.ts). `rateYear` then runs on the counts in TypeScript.
 * Checked against the TypeScript over generated cases in tests/ratings/year-sql.test.ts.
 */
import { type SQL, sql } from "drizzle-orm";
import type { Band } from "../domain/meeting-rating.ts";

const BAND_RANKS: Band[] = ["tot", "kha", "trung_binh", "kem"];

/** A band's rank, best first (0: tốt … 3: kém), null when unrated. */
export function bandRankSql(band: SQL): SQL {
  return sql`(case ${band} ${sql.raw(BAND_RANKS.map((b, i) => `when '${b}' then ${i}`).join(" "))} end)`;
}

/**
 * Per branch: months_due and rated_tot, rated_kha, rated_trung_binh, rated_kem (months whose best held meeting
 * has that band). `meetings` is a relation of branch_id, month, makeup (boolean), status and band_rank.
 */
export function bandCountsSql(meetings: SQL): SQL {
  return sql`
    select branch_id,
           count(*) filter (where due)::int as months_due,
           count(*) filter (where due and band_rank = 0)::int as rated_tot,
           count(*) filter (where due and band_rank = 1)::int as rated_kha,
           count(*) filter (where due and band_rank = 2)::int as rated_trung_binh,
           count(*) filter (where due and band_rank = 3)::int as rated_kem
      from (select branch_id, bool_or(not makeup) as due,
                   min(band_rank) filter (where status = 'held') as band_rank
              from ${meetings} group by branch_id, month) mb
     group by branch_id`;
}
