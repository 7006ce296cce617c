/**
 * A large report's figures as three statements run side by side, each on its own connection and server
 * process, all reading one snapshot (src/db/snapshot.ts): the meetings pass (counts, peaks, minutes, topics);
 * the sheets and the ratings summed; the quarters and the three-absence flag. One statement runs in one
 * process, on one core; the country's report spent 3.3× its plain aggregate's time, which PostgreSQL runs on
 * parallel workers (bench/README.md). Each part reads the CTEs of `figuresCtesSql` (the one statement's
 * own): PostgreSQL plans only those a part names. The rows are those of `branchFiguresSql` without the
 * detail lists (tests/reports/report-parts.test.ts compares them).
 */
import { type SQL, sql } from "drizzle-orm";
import { PgDialect } from "drizzle-orm/pg-core";
import type pg from "pg";
import { readsInOneSnapshot } from "../db/snapshot.ts";
import { attendanceRateSql } from "./report-rules-sql.ts";
import { type BranchFiguresRow, type FiguresQuery, figuresCtesSql } from "./reports-queries.ts";

/** From this many branches in scope a report is read in parts; below, one statement costs less than three. */
export const PARTS_FROM_BRANCHES = 2000;

const dialect = new PgDialect();

export function partsSql(q: FiguresQuery): SQL[] {
  const ctes = figuresCtesSql(q);
  return [
    sql`${ctes}
      select sb.id as branch_id, sb.name as branch_name, sb.committee_name, sb.committee_id,
             agg.branch_id is not null as has_meetings,
             coalesce(agg.planned, 0) as planned, coalesce(agg.held, 0) as held,
             coalesce(agg.cancelled, 0) as cancelled, coalesce(agg.not_recorded, 0) as not_recorded,
             coalesce(agg.upcoming, 0) as upcoming,
             coalesce(sc.n, 0) as topics_studied, coalesce(nsc.n, 0) as topics_not_studied,
             coalesce(agg.peak_held, 0) as peak_held,
             coalesce(agg.on_time, 0) as on_time, coalesce(agg.late, 0) as late,
             coalesce(agg.pending, 0) as pending
        from scope_branches sb
        left join agg on agg.branch_id = sb.id
        left join studied_counts sc on sc.branch_id = sb.id
        left join not_studied_counts nsc on nsc.branch_id = sb.id
       order by sb.committee_name, sb.name, sb.id`,
    sql`${ctes}
      select sb.id as branch_id,
             coalesce(ss.expected, 0)::int as expected, coalesce(ss.present, 0)::int as present,
             ${attendanceRateSql(sql`coalesce(ss.present, 0)::int`, sql`coalesce(ss.expected, 0)::int`)} as attendance_rate,
             json_build_object(
               'cat_total', coalesce(ss.total, 0), 'cat_full', coalesce(ss.full, 0),
               'cat_probationary', coalesce(ss.probationary, 0), 'cat_exempted', coalesce(ss.exempted, 0),
               'cat_temporary', coalesce(ss.temporary, 0), 'cat_required', coalesce(ss.expected, 0),
               'cat_present', coalesce(ss.present, 0), 'cat_absent_excused', coalesce(ss.excused, 0),
               'cat_absent_unexcused', coalesce(ss.unexcused, 0)) as categories,
             coalesce(bc.months_due, 0) as months_due,
             coalesce(bc.rated_tot, 0) as rated_tot, coalesce(bc.rated_kha, 0) as rated_kha,
             coalesce(bc.rated_trung_binh, 0) as rated_trung_binh, coalesce(bc.rated_kem, 0) as rated_kem
        from scope_branches sb
        left join sheet_sums ss on ss.branch_id = sb.id
        left join band_counts bc on bc.branch_id = sb.id`,
    sql`${ctes}
      select sb.id as branch_id, coalesce(fl.list, '[]'::json) as flagged,
             coalesce(qs.thematic_q0, 0) as thematic_q0, coalesce(qs.thematic_q1, 0) as thematic_q1,
             coalesce(qs.thematic_q2, 0) as thematic_q2
        from scope_branches sb
        left join flag_lists fl on fl.branch_id = sb.id
        left join quarters qs on qs.branch_id = sb.id`,
  ];
}

/** `branchFigures` without the detail lists, in parts side by side; null when the pool has not a connection
 * free for each part (the caller reads the one statement). `afterSnapshot` is for tests. */
export async function branchFiguresInParts(
  pool: pg.Pool,
  q: FiguresQuery,
  afterSnapshot?: () => Promise<void>,
): Promise<BranchFiguresRow[] | null> {
  const read = await readsInOneSnapshot(
    pool,
    partsSql({ ...q, detail: false }).map((s) => dialect.sqlToQuery(s)),
    {
      // As the one statement (reports-queries.ts): the CTEs hold 100,000s of rows for a country.
      settings: ["work_mem = '64MB'"],
      ...(afterSnapshot ? { afterSnapshot } : {}),
    },
  );
  if (!read) return null;
  const [base, sheets, others] = read as [
    Record<string, unknown>[],
    Record<string, unknown>[],
    Record<string, unknown>[],
  ];
  const byBranch = (rows: Record<string, unknown>[]) => new Map(rows.map((r) => [r.branch_id as string, r]));
  const sheetsOf = byBranch(sheets);
  const othersOf = byBranch(others);
  return base.map((b) => {
    const { has_meetings, ...counts } = b;
    const { branch_id: _s, categories, ...sheet } = sheetsOf.get(b.branch_id as string)!;
    const { branch_id: _o, ...other } = othersOf.get(b.branch_id as string)!;
    // Null for a branch without meetings, as in the one statement.
    return {
      ...counts,
      ...sheet,
      ...other,
      categories: has_meetings ? categories : null,
    } as unknown as BranchFiguresRow;
  });
}
