/**
 * The rules the report query writes in SQL, run on the real database against their TypeScript definitions
 * over many generated cases: the peak window (`findPeak`), the peak rule (`peaksStressedBy`: the branch's last
 * meeting within the window) and the attendance rate (`attendanceRate`).
 */
import { type SQL, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { attendanceRate } from "../../src/domain/minutes-rules.ts";
import { findPeak, PEAK_WINDOW_DAYS, type PeakDate, peaksStressedBy } from "../../src/domain/peaks.ts";
import {
  attendanceRateSql,
  inPeakWindowSql,
  peakDaysSql,
  peakStressersSql,
  stressesPeakSql,
} from "../../src/reports/report-rules-sql.ts";
import { useTestDatabase } from "../helpers/db.ts";
import { random } from "../helpers/random.ts";

const { db } = await useTestDatabase();

const DAY_MS = 86_400_000;
const iso = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const DAYS_IN_MONTH = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

async function rows<T>(query: SQL): Promise<T[]> {
  return (await db.execute<T & Record<string, unknown>>(query)).rows as T[];
}

describe("the peak window in SQL", () => {
  interface Case {
    i: number;
    d: string;
    day: number;
    month: number;
    base_year: number;
  }

  function cases(): Case[] {
    const rnd = random(20260620);
    const pick = <T>(xs: readonly T[]) => xs[Math.floor(rnd() * xs.length)]!;
    const int = (lo: number, hi: number) => lo + Math.floor(rnd() * (hi - lo + 1));
    // Peaks that make the window cross a year end or fall on a day some years lack, and any other day.
    const edgy: [number, number][] = [
      [29, 2],
      [28, 2],
      [1, 3],
      [1, 1],
      [3, 1],
      [15, 1],
      [28, 1],
      [31, 12],
      [19, 5],
      [2, 9],
    ];
    const out: Case[] = [];
    for (let i = 0; i < 6000; i++) {
      let day: number;
      let month: number;
      if (rnd() < 0.6) [day, month] = pick(edgy);
      else {
        month = int(1, 12);
        day = int(1, DAYS_IN_MONTH[month - 1]!);
      }
      const year = int(1999, 2032);
      // Meetings mostly around a peak's day (this year's, or a neighbour year's), to land on the edges.
      // (29/2 of a common year anchors on 1/3.)
      const anchor = Date.UTC(year + pick([-1, 0, 0, 0, 1]), month - 1, day);
      const offset =
        rnd() < 0.3 ? pick([0, 1, -1, -(PEAK_WINDOW_DAYS - 1), -PEAK_WINDOW_DAYS]) : int(-60, 10);
      const d = iso(anchor + (rnd() < 0.85 ? offset : int(-365, 365)) * DAY_MS);
      // The first anniversary counts, the base year itself does not.
      const base_year =
        rnd() < 0.3 ? Number(d.slice(0, 4)) + pick([-1, 0, 1]) : pick([1890, 1930, 1945, 1975]);
      out.push({ i, d, day, month, base_year });
    }
    return out;
  }

  it("finds the same peak meetings as findPeak, across year ends, 29/2 and base years", async () => {
    const all = cases();
    const got = await rows<{ i: number; hit: boolean }>(sql`
      select t.i, ${inPeakWindowSql(sql`t.d`, { day: sql`t.day`, month: sql`t.month`, baseYear: sql`t.base_year` })} as hit
        from json_to_recordset(${JSON.stringify(all)}::json) as t(i int, d date, day smallint, month smallint, base_year int)
       order by t.i`);
    expect(got).toHaveLength(all.length);
    const wrong = all.filter((c, k) => {
      const peak: PeakDate = { day: c.day, month: c.month, baseYear: c.base_year, name: "x" };
      return got[k]!.hit !== (findPeak(c.d, [peak]) !== null);
    });
    expect(wrong).toEqual([]);
    // The cases reach both sides of the rule, and its edges.
    const hits = got.filter((r) => r.hit).length;
    expect(hits).toBeGreaterThan(1000);
    expect(all.length - hits).toBeGreaterThan(1000);
  });
});

describe("the attendance rate in SQL", () => {
  it("equals attendanceRate for every count up to 300 expected", async () => {
    const got = await rows<{ present: number; expected: number; rate: number | null }>(sql`
      select p as present, e as expected, ${attendanceRateSql(sql`p`, sql`e`)} as rate
        from generate_series(0, 300) e cross join lateral generate_series(0, e) p`);
    expect(got).toHaveLength((301 * 302) / 2);
    const wrong = got.filter((r) => r.rate !== attendanceRate(r.present, r.expected));
    expect(wrong).toEqual([]);
  });

  it("equals attendanceRate for the sums of large committees", async () => {
    const rnd = random(7);
    const pairs = Array.from({ length: 5000 }, (_, i) => {
      const expected = Math.floor(rnd() * 1_000_000);
      return { i, present: Math.floor(rnd() * (expected + 1)), expected };
    });
    const got = await rows<{ rate: number | null }>(sql`
      select ${attendanceRateSql(sql`t.present`, sql`t.expected`)} as rate
        from json_to_recordset(${JSON.stringify(pairs)}::json) as t(i int, present int, expected int)
       order by t.i`);
    const wrong = pairs.filter((p, k) => got[k]!.rate !== attendanceRate(p.present, p.expected));
    expect(wrong).toEqual([]);
  });
});

describe("the peak rule (the branch's last meeting within the window) in SQL", () => {
  interface Row {
    id: string;
    branch_id: string;
    campaign_id: string;
    date: string;
    status: "planned" | "held" | "cancelled";
    c: number;
  }
  interface PeakRow {
    c: number;
    k: number;
    day: number;
    month: number;
    base_year: number;
  }

  function cases() {
    const rnd = random(20261203);
    const pick = <T>(xs: readonly T[]) => xs[Math.floor(rnd() * xs.length)]!;
    const int = (lo: number, hi: number) => lo + Math.floor(rnd() * (hi - lo + 1));
    const hex = (n: number) => Array.from({ length: n }, () => "0123456789abcdef"[int(0, 15)]).join("");
    const uuid = () => `${hex(8)}-${hex(4)}-4${hex(3)}-8${hex(3)}-${hex(12)}`;
    const edgy: [number, number][] = [
      [29, 2],
      [3, 2],
      [3, 1],
      [30, 4],
      [19, 5],
      [19, 8],
      [2, 9],
      [25, 12],
      [31, 12],
    ];
    const meetings: Row[] = [];
    const peaks: PeakRow[] = [];
    for (let c = 0; c < 800; c++) {
      const branch = uuid();
      const camps = [uuid(), uuid()];
      const year = int(2000, 2030);
      const n = int(1, 14);
      const sameDay = rnd() < 0.2;
      let d = Date.UTC(year, int(0, 11), int(1, 28));
      for (let i = 0; i < n; i++) {
        // Monthly-ish, sometimes twice within a window, sometimes two on one day.
        d += (sameDay && i === 1 ? 0 : pick([7, 12, 20, 27, 29, 30, 31, 33, 35, 45])) * DAY_MS;
        meetings.push({
          id: uuid(),
          branch_id: branch,
          campaign_id: rnd() < 0.8 ? camps[0]! : camps[1]!,
          date: iso(d),
          status: rnd() < 0.12 ? "cancelled" : pick(["planned", "held"] as const),
          c,
        });
      }
      const k = int(1, 4);
      for (let j = 0; j < k; j++) {
        const [day, month] = rnd() < 0.7 ? pick(edgy) : [int(1, 28), int(1, 12)];
        peaks.push({ c, k: j, day, month, base_year: pick([1890, 1930, 1945, 1975, year, year - 1]) });
      }
    }
    return { meetings, peaks };
  }

  it("stresses the same (meeting, peak) pairs as peaksStressedBy, per branch and campaign", async () => {
    const { meetings, peaks } = cases();
    // The sequence as a table indexed like `meetings` (branch, campaign, date): the rule's correlated
    // "no later meeting before the peak" over an unindexed CTE scans it whole for every row (minutes under load).
    await db.execute(sql`drop table if exists peak_case_seq`);
    await db.execute(sql`
      create table peak_case_seq as
        select * from json_to_recordset(${JSON.stringify(meetings)}::json)
          as t(id uuid, branch_id uuid, campaign_id uuid, date date, status text, c int)`);
    await db.execute(sql`create index on peak_case_seq (branch_id, campaign_id, date)`);
    await db.execute(sql`analyze peak_case_seq`);
    const got = await rows<{ id: string; k: number }>(sql`
      with pk as (
        select * from json_to_recordset(${JSON.stringify(peaks)}::json)
          as p(c int, k int, day smallint, month smallint, base_year int))
      select s.id::text as id, p.k from peak_case_seq s join pk p on p.c = s.c
       where s.status <> 'cancelled'
         and ${stressesPeakSql(
           { id: sql`s.id`, date: sql`s.date`, branchId: sql`s.branch_id`, campaignId: sql`s.campaign_id` },
           { day: sql`p.day`, month: sql`p.month`, baseYear: sql`p.base_year` },
           sql`peak_case_seq`,
         )}`);
    const sqlPairs = got.map((r) => `${r.id}#${r.k}`).sort();

    const tsPairs: string[] = [];
    const byCase = new Map<number, Row[]>();
    for (const m of meetings) byCase.set(m.c, [...(byCase.get(m.c) ?? []), m]);
    for (const [c, list] of byCase) {
      const mine = peaks.filter((p) => p.c === c);
      const dates: PeakDate[] = mine.map((p) => ({
        day: p.day,
        month: p.month,
        baseYear: p.base_year,
        name: `p${p.k}`,
      }));
      for (const campaign of new Set(list.map((m) => m.campaign_id))) {
        const seq = list.filter((m) => m.campaign_id === campaign && m.status !== "cancelled");
        for (const [id, matches] of peaksStressedBy(seq, dates)) {
          for (const match of matches) tsPairs.push(`${id}#${dates.indexOf(match.peak)}`);
        }
      }
    }
    tsPairs.sort();
    expect(sqlPairs).toEqual(tsPairs);
    // The cases reach both sides: many stressed pairs, many meetings in a window that lose to a later one.
    expect(tsPairs.length).toBeGreaterThan(300);
    const inWindow = await rows<{ n: number }>(sql`
      with seq as (
        select * from json_to_recordset(${JSON.stringify(meetings)}::json)
          as t(id uuid, branch_id uuid, campaign_id uuid, date date, status text, c int)),
      pk as (
        select * from json_to_recordset(${JSON.stringify(peaks)}::json)
          as p(c int, k int, day smallint, month smallint, base_year int))
      select count(*)::int as n from seq s join pk p on p.c = s.c
       where s.status <> 'cancelled'
         and ${inPeakWindowSql(sql`s.date`, { day: sql`p.day`, month: sql`p.month`, baseYear: sql`p.base_year` })}`);
    expect(inWindow[0]!.n - tsPairs.length).toBeGreaterThan(60);

    // The report's form of the rule (the peaks' days computed once, each day's last meeting within its window
    // found by one join and one sort) stresses the same pairs; and so it does for the meetings of a period
    // when the sequence is cut at the period's start and PEAK_WINDOW_DAYS − 1 days after its end.
    const periods = new Map<number, { from: string; to: string }>();
    for (const [c, list] of byCase) {
      const from = [...list].sort((a, b) => (a.date < b.date ? -1 : 1))[Math.floor(list.length / 2)]!.date;
      periods.set(c, { from, to: iso(Date.parse(from) + 60 * DAY_MS) });
    }
    const windowEnd = (to: string) => iso(Date.parse(to) + (PEAK_WINDOW_DAYS - 1) * DAY_MS);
    const inPeriod = (m: Row) => m.date >= periods.get(m.c)!.from && m.date < periods.get(m.c)!.to;
    const periodIds = new Set(meetings.filter(inPeriod).map((m) => m.id));
    for (const cut of [false, true]) {
      const sequence = cut
        ? meetings.filter(
            (m) => m.date >= periods.get(m.c)!.from && m.date <= windowEnd(periods.get(m.c)!.to),
          )
        : meetings;
      const viaDays = await rows<{ id: string; k: number }>(sql`
      with seq as (
        select * from json_to_recordset(${JSON.stringify(sequence)}::json)
          as t(id uuid, branch_id uuid, campaign_id uuid, date date, status text, c int)),
      pk as (
        select * from json_to_recordset(${JSON.stringify(peaks)}::json)
          as p(c int, k int, day smallint, month smallint, base_year int)),
      pd as (select d.*, cs.campaign_id
               from (${peakDaysSql(sql`pk`, sql`(select min(extract(year from date))::int from seq)`, sql`(select max(extract(year from date))::int + 1 from seq)`)}) d
               join (select distinct c, campaign_id from seq) cs on cs.c = d.c)
      select distinct st.id::text as id, p.k
        from (${peakStressersSql({ sequence: sql`(select * from seq where status <> 'cancelled')`, days: sql`pd` })}) st
        join pd p on p.campaign_id = st.campaign_id and p.d = st.d`);
      const got = viaDays
        .map((r) => `${r.id}#${r.k}`)
        .filter((pair) => !cut || periodIds.has(pair.split("#")[0]!));
      const want = tsPairs.filter((pair) => !cut || periodIds.has(pair.split("#")[0]!));
      expect(got.sort(), cut ? "sequence cut around a period" : "whole sequence").toEqual(want);
      if (cut) expect(want.length).toBeGreaterThan(100);
    }
    // ~6,000 generated meetings against ~2,000 peaks, four ways: about 20 s on a quiet machine, far more
    // under a loaded one; the default 30 s would make it fail for the machine, not the rule.
  }, 180_000);
});
