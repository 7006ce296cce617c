/**
 * The minutes rules run twice: in TypeScript (src/domain/minutes-rules.ts) and in SQL (src/minutes/minutes-sql.ts,
 * used by the flag list and the reports). Both are run here over generated cases, the SQL on PostgreSQL,
 * and must agree on every one.
 */
import { sql } from "drizzle-orm";
import { DateTime } from "luxon";
import { beforeAll, describe, expect, it } from "vitest";
import { attendance, attendanceSheets, meetings } from "../../src/db/schema.ts";
import {
  type AbsenceMark,
  type AttendanceStatus,
  DEFAULT_MINUTES_DUE_DAYS,
  dueDate,
  flaggedInYear,
  type MeetingStatus,
  minutesStanding,
} from "../../src/domain/minutes-rules.ts";
import { absenceFlagsSql, minutesDueSql, minutesStandingSql } from "../../src/minutes/minutes-sql.ts";
import { buildTestApp } from "../helpers/app.ts";
import { regionOfBranch, regionOfMeeting } from "../helpers/region.ts";
import { fixtures } from "./fixtures.ts";

const t = await buildTestApp({ now: "2026-06-20T03:00:00Z" });
const { app, admin, database } = t;
const db = database.db;
const f = fixtures(t);

/** A small seeded generator, so that a failure names the case that reproduces it. */
function random(seed: number) {
  let s = seed >>> 0;
  const next = () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let x = s;
    x = Math.imul(x ^ (x >>> 15), x | 1);
    x ^= x + Math.imul(x ^ (x >>> 7), x | 61);
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
  const int = (lo: number, hi: number) => lo + Math.floor(next() * (hi - lo + 1));
  const pick = <T>(xs: readonly T[]): T => xs[int(0, xs.length - 1)]!;
  return { next, int, pick };
}

const ZONES = [
  "Asia/Ho_Chi_Minh",
  "UTC",
  "Pacific/Kiritimati", // +14
  "Pacific/Pago_Pago", // −11
  "Asia/Kathmandu", // +5:45
  "America/St_Johns", // −3:30, with summer time
  "Europe/Paris", // summer time
  "Australia/Lord_Howe", // half-hour summer time
] as const;

describe("minutes lateness in SQL", () => {
  it("gives the due date and standing (on time, late, pending) the TypeScript rule gives", async () => {
    const seed = 20261129;
    const r = random(seed);
    const cases = Array.from({ length: 1500 }, (_, i) => {
      const zone = r.pick(ZONES);
      // Any day of 2000–2099, and often the end of a month or a year, where adding days turns over.
      const year = r.int(2000, 2099);
      const month = r.next() < 0.3 ? r.pick([2, 12]) : r.int(1, 12);
      const lastDay = DateTime.fromObject({ year, month }, { zone: "UTC" }).daysInMonth!;
      const day = r.next() < 0.4 ? r.int(Math.max(1, lastDay - 6), lastDay) : r.int(1, lastDay);
      const date = DateTime.fromObject({ year, month, day }, { zone: "UTC" }).toISODate()!;
      const days = r.next() < 0.2 ? null : r.int(0, 45);
      const due = dueDate(date, days ?? DEFAULT_MINUTES_DUE_DAYS);
      // Instants within a day and a half of the due date's midnight in the branch's zone.
      const nearDue = () =>
        DateTime.fromISO(due, { zone })
          .plus({ minutes: r.int(-36 * 60, 60 * 60) })
          .toJSDate();
      const submittedAt = r.next() < 0.35 ? null : nearDue();
      const now = nearDue();
      return { i, date, days, zone, submittedAt, now, due };
    });
    const json = JSON.stringify(
      cases.map((c) => ({
        i: c.i,
        d: c.date,
        n: c.days,
        s: c.submittedAt?.toISOString() ?? null,
        now: c.now.toISOString(),
        z: c.zone,
      })),
    );
    const due = minutesDueSql(sql`x.d`, sql`x.n`);
    const result = await db.execute<{ i: number; due: string; standing: string }>(sql`
      select x.i, (${due})::text as due,
             ${minutesStandingSql({ due, submittedAt: sql`x.s`, now: sql`x.now`, zone: sql`x.z` })} as standing
        from json_to_recordset(${json}::json) as x(i int, d date, n int, s timestamptz, now timestamptz, z text)
       order by x.i`);
    expect(result.rows).toHaveLength(cases.length);
    const standings = new Set<string>();
    for (const row of result.rows) {
      const c = cases[row.i]!;
      const expected = minutesStanding(c.due, c.submittedAt, c.now, c.zone);
      standings.add(expected);
      expect({ due: row.due, standing: row.standing }, `seed ${seed}, case ${JSON.stringify(c)}`).toEqual({
        due: c.due,
        standing: expected,
      });
    }
    // The cases reach every standing, on both sides of midnight.
    expect([...standings].sort()).toEqual(["late", "on_time", "pending"]);
  });
});

describe("the three-absence flag in SQL", () => {
  const BRANCHES = 5;
  const ROUNDS = 4;
  const branchIds: string[] = [];
  const membersOf = new Map<string, { id: string; fullName: string }[]>();

  beforeAll(async () => {
    const committee = await f.committee("Đảng ủy phường Minh Khai");
    for (let b = 0; b < BRANCHES; b++) {
      const branchId = await f.branch(committee, `Chi bộ khu phố ${b + 1}`);
      branchIds.push(branchId);
      const list = [];
      for (let k = 0; k < 7; k++) {
        const fullName = `Đảng viên ${b + 1}.${k + 1}`;
        list.push({ id: await f.member(branchId, fullName), fullName });
      }
      membersOf.set(branchId, list);
    }
  });

  /** Random meetings across three calendar years, random sheets and marks, written as rows. */
  async function generate(seed: number): Promise<(AbsenceMark & { branchId: string })[]> {
    const r = random(seed);
    await db.execute(
      sql`delete from meetings where branch_id in (${sql.join(
        branchIds.map((id) => sql`${id}::uuid`),
        sql`, `,
      )})`,
    );
    const marks: (AbsenceMark & { branchId: string })[] = [];
    for (const branchId of branchIds) {
      for (
        let month = DateTime.fromISO("2024-10-01");
        month < DateTime.fromISO("2026-03-01");
        month = month.plus({ months: 1 })
      ) {
        if (r.next() < 0.15) continue;
        const date = month.set({ day: r.int(1, month.daysInMonth!) }).toISODate()!;
        const status: MeetingStatus = r.pick(["held", "held", "held", "planned", "cancelled"]);
        const [meeting] = await db
          .insert(meetings)
          .values({
            branchId,
            regionId: regionOfBranch(branchId),
            month: month.toISODate()!,
            date,
            startAt: new Date(`${date}T07:00:00Z`),
            endAt: new Date(`${date}T09:00:00Z`),
            status,
          })
          .returning({ id: meetings.id });
        if (r.next() < 0.1) continue; // no sheet recorded
        const at = new Date(`${date}T12:00:00Z`);
        await db.insert(attendanceSheets).values({
          meetingId: meeting!.id,
          regionId: regionOfMeeting(meeting!.id),
          expectedCount: 0,
          presentCount: 0,
          excusedCount: 0,
          unexcusedCount: 0,
          createdAt: at,
          updatedAt: at,
        });
        const rows = membersOf
          .get(branchId)!
          .filter(() => r.next() < 0.9)
          .map((member) => {
            const mark: AttendanceStatus = r.pick([
              "present",
              "present",
              "absent_excused",
              "absent_unexcused",
              "absent_unexcused",
            ]);
            return {
              meetingId: meeting!.id,
              regionId: regionOfMeeting(meeting!.id),
              memberId: member.id,
              expected: r.next() < 0.85,
              status: mark,
              reason: mark === "absent_excused" ? "Đi công tác" : null,
            };
          });
        if (rows.length) await db.insert(attendance).values(rows);
        for (const row of rows)
          marks.push({
            branchId,
            memberId: row.memberId,
            date,
            meetingStatus: status,
            expected: row.expected,
            status: row.status,
          });
      }
    }
    return marks;
  }

  it("flags the members the TypeScript rule flags, per branch and calendar year, for the list and for reports", async () => {
    let flaggedSeen = 0;
    for (let round = 0; round < ROUNDS; round++) {
      const seed = 7000 + round;
      const marks = await generate(seed);
      const expected: { branchId: string; memberId: string; year: number; dates: string[] }[] = [];
      for (const branchId of branchIds) {
        for (const year of [2024, 2025, 2026]) {
          const flagged = flaggedInYear(
            marks.filter((m) => m.branchId === branchId),
            year,
          );
          for (const [memberId, dates] of flagged) expected.push({ branchId, memberId, year, dates });
          // The branch's flag list, through the API, for that year.
          const res = await app.inject({
            url: `/api/branches/${branchId}/flags?year=${year}`,
            headers: admin,
          });
          expect(res.statusCode).toBe(200);
          const names = new Map(membersOf.get(branchId)!.map((m) => [m.id, m.fullName]));
          const want = [...flagged]
            .map(([memberId, dates]) => ({
              memberId,
              fullName: names.get(memberId),
              year,
              unexcusedAbsences: dates.length,
              meetingDates: dates,
            }))
            .sort((a, b) => a.fullName!.localeCompare(b.fullName!));
          expect(res.json(), `seed ${seed}, branch ${branchId}, ${year}`).toEqual(want);
        }
      }
      flaggedSeen += expected.length;
      // Every year at once over a set of branches: the shape the reports use.
      const all = await db.execute<{
        branch_id: string;
        member_id: string;
        year: number;
        absences: number;
        dates: string[];
      }>(
        sql`select * from (${absenceFlagsSql({ branchIds: sql`select id from branches where name like 'Chi bộ khu phố %'`, year: null })}) f`,
      );
      const key = (x: { branchId: string; memberId: string; year: number }) =>
        `${x.branchId} ${x.memberId} ${x.year}`;
      const got = all.rows
        .map((x) => ({ branchId: x.branch_id, memberId: x.member_id, year: x.year, dates: x.dates }))
        .sort((a, b) => key(a).localeCompare(key(b)));
      expect(
        all.rows.every((x) => x.absences === x.dates.length),
        `seed ${seed}`,
      ).toBe(true);
      expect(got, `seed ${seed}`).toEqual(expected.sort((a, b) => key(a).localeCompare(key(b))));
    }
    // The generated patterns did flag people (and leave others unflagged).
    expect(flaggedSeen).toBeGreaterThan(10);
  });
});
