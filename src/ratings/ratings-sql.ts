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

/**
 * Per branch of `branches` (id, today): how many quarters of the period [`from`, `to`) had ended by the
 * branch's today (its last month over, as `thematicByQuarter` reads it) with 0, 1 and 2 held thematic meetings
 * (`meetings`: branch_id, date, kind, status). The committee's `thematicPerQuarter` (0‥3) then picks the
 * quarters under it (`quartersWithoutThematic`, domain/rating-settings.ts): one pass for every branch.
 */
export function thematicQuartersSql(q: { meetings: SQL; branches: SQL; from: SQL; to: SQL }): SQL {
  return sql`
    select b.id as branch_id,
           count(*) filter (where coalesce(t.n, 0) = 0)::int as thematic_q0,
           count(*) filter (where t.n = 1)::int as thematic_q1,
           count(*) filter (where t.n = 2)::int as thematic_q2
      from ${q.branches} b
     cross join generate_series(date_trunc('quarter', ${q.from}::date), (${q.to}::date - 1)::timestamp,
                                interval '3 months') qs(q)
      left join (select branch_id, date_trunc('quarter', date) as q, count(*)::int as n
                   from ${q.meetings} where status = 'held' and kind <> 'regular' group by 1, 2) t
        on t.branch_id = b.id and t.q = qs.q
     where qs.q + interval '3 months' <= date_trunc('month', b.today)
     group by b.id`;
}
