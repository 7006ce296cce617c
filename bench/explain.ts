/**
 * BENCH_LOG_SQL=explain (bench/pages.ts): each statement one page sent, run again under
 * EXPLAIN (ANALYZE, BUFFERS) on its own connection, with its planning and execution time and JIT, if any.
 * A multi-statement message without values is split back into its statements.
 */
import { readFileSync } from "node:fs";
import type pg from "pg";

const N = 300;
/** The backend's CPU (µs) per run of `text`, run N times: as sent (parse and plan each time) and prepared. */
async function cpuPerRun(client: pg.PoolClient, pid: number, text: string, values: unknown[] | undefined) {
  const ticks = () => {
    const f = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]!.split(" ");
    return Number(f[11]) + Number(f[12]);
  };
  const out: number[] = [];
  for (const name of [undefined, `explain_${Math.random().toString(36).slice(2)}`]) {
    const t0 = ticks();
    const w0 = performance.now();
    for (let i = 0; i < N; i++) await client.query({ text, values, name });
    out.push(((ticks() - t0) * 10_000) / N, ((performance.now() - w0) * 1000) / N);
  }
  return out.map((x) => x.toFixed(0));
}

export async function explainAll(
  pool: pg.Pool,
  statements: { text: string; values: unknown[] | undefined }[],
): Promise<void> {
  const client = await pool.connect();
  try {
    const settings = await client.query(
      "select name, setting from pg_settings where name in ('jit', 'jit_above_cost', 'shared_buffers', 'work_mem', 'random_page_cost', 'effective_cache_size')",
    );
    const pid = (await client.query("select pg_backend_pid() as p")).rows[0].p as number;
    console.log(`    settings: ${settings.rows.map((r) => `${r.name}=${r.setting}`).join(", ")}`);
    const all = statements.flatMap((s) => (s.values?.length ? [s.text] : s.text.split(";\n")));
    const seen = new Map<string, number>();
    for (const t of all) seen.set(t, (seen.get(t) ?? 0) + 1);
    for (const [t, n] of seen)
      if (n > 1) console.log(`    sent ${n} times: ${t.replace(/\s+/g, " ").slice(0, 110)}`);
    for (const s of statements) {
      // A literal holding ";\n" would break this split (diagnostics only).
      const parts = s.values?.length ? [s.text] : s.text.split(";\n");
      for (const part of parts) {
        if (!/^\s*(select|with)/i.test(part)) continue;
        const res = await client.query(`explain (analyze, buffers) ${part}`, s.values);
        const lines = res.rows.map((r) => r["QUERY PLAN"] as string);
        const pick = lines.filter((l) =>
          /Planning Time|Execution Time|JIT|Functions|Timing|Seq Scan/.test(l),
        );
        console.log(`    ${part.replace(/\s+/g, " ").slice(0, 90)}`);
        const [cpu, wall, pcpu, pwall] = await cpuPerRun(client, pid, part, s.values);
        console.log(
          `      backend CPU per run ${cpu} µs (wall ${wall} µs); prepared ${pcpu} µs (wall ${pwall} µs)`,
        );
        for (const l of pick) console.log(`      ${l.trim()}`);
        if (process.env.BENCH_EXPLAIN_FULL) for (const l of lines) console.log(`        ${l}`);
      }
    }
  } finally {
    client.release();
  }
}
