/**
 * What the yearly report counts for issue 20, on the real database through the API: the quarters of the
 * period that ended without a thematic meeting (by the committee's number a quarter) lower the branch's year,
 * in JSON, CSV and print; the attendance counts by category are those of each meeting's roster
 * (`countCategories`, as the minutes give them) summed over the held meetings, with a member exempted from
 * February, one attending temporarily, a probationary member and an invited guest.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { parse } from "csv-parse/sync";
import { describe, expect, it } from "vitest";
import { buildTestApp } from "../helpers/app.ts";
import { fixtures } from "../minutes/fixtures.ts";

describe("the yearly report's quarters and categories", async () => {
  const t = await buildTestApp({ now: "2026-10-20T03:00:00Z" });
  const { app, admin } = t;
  const f = fixtures(t);
  const c = await f.committee("Đảng ủy phường Nguyễn Trãi");
  const branch = await f.branch(c, "Chi bộ Tổ dân phố 7");
  const hang = await f.member(branch, "Nguyễn Thị Hằng", { role: "secretary" });
  const tuan = await f.member(branch, "Trần Văn Tuấn");
  const lan = await f.member(branch, "Lê Thị Lan");
  const an = await f.member(branch, "Phạm Văn An");
  const khach = await f.member(branch, "Đỗ Văn Khách", { role: "guest" });
  await t.database.pool.query("update members set status = 'probationary' where id = $1", [lan]);
  const api = (method: "GET" | "POST" | "PUT" | "PATCH", url: string, payload?: object) =>
    app.inject({ method, url, payload, headers: admin });
  const ok = async (res: Promise<{ statusCode: number; body: string }>) => {
    const r = await res;
    if (r.statusCode >= 300) throw new Error(r.body);
    return r;
  };
  await ok(
    api("POST", `/api/members/${tuan}/exemptions`, {
      reason: "Tuổi cao, sức khỏe yếu",
      from: "2026-02-01",
      decisionRef: "Quyết định số 15-QĐ/ĐU ngày 28/01/2026",
    }),
  );
  await ok(
    api("POST", `/api/members/${an}/temporary`, {
      homeOrganisation: "Chi bộ Trường THCS Lê Lợi",
      from: "2026-03-01",
      to: "2026-12-31",
    }),
  );
  // Q1: a thematic meeting held in February; Q2 and Q3 ended with none (July's thematic one was cancelled).
  const jan = await f.meeting(branch, "2026-01-10");
  const feb = await f.meeting(branch, "2026-02-10");
  const apr = await f.meeting(branch, "2026-04-10");
  const jul = await f.meeting(branch, "2026-07-10", { status: "cancelled" });
  await t.database.pool.query("update meetings set kind = 'thematic' where id = any($1)", [[feb, jul]]);
  const marks: [string, Record<string, string>][] = [
    [
      jan,
      {
        [hang]: "present",
        [tuan]: "absent_unexcused",
        [lan]: "present",
        [an]: "absent_excused",
        [khach]: "present",
      },
    ],
    [
      feb,
      {
        [hang]: "present",
        [tuan]: "absent_excused",
        [lan]: "absent_unexcused",
        [an]: "present",
        [khach]: "absent_excused",
      },
    ],
    [apr, { [hang]: "present", [tuan]: "present", [lan]: "present", [an]: "present" }],
  ];
  for (const [meeting, byMember] of marks) {
    await ok(
      api("PUT", `/api/meetings/${meeting}/attendance`, {
        members: Object.entries(byMember).map(([memberId, status]) => ({
          memberId,
          status,
          ...(status === "absent_excused" ? { reason: "Ốm" } : {}),
        })),
      }),
    );
  }

  /** What the rosters count (`countCategories`, read live from the marks and standings), summed. */
  const sumOfRosters = async () => {
    const sum: Record<string, number> = {};
    for (const [meeting] of marks) {
      const counts = (await ok(api("GET", `/api/meetings/${meeting}/roster`))) as unknown as {
        json(): { counts: Record<string, number> };
      };
      for (const [k, v] of Object.entries(counts.json().counts)) sum[k] = (sum[k] ?? 0) + v;
    }
    return sum;
  };
  const reportRow = async () =>
    (await api("GET", `/api/reports/branches/${branch}?year=2026`)).json().branches[0];
  // The report's `catTotal`, `catFull`… beside the roster's `total`, `full`…, by the roster's names.
  const CATEGORIES = [
    "total",
    "full",
    "probationary",
    "exempted",
    "temporary",
    "required",
    "present",
    "absentExcused",
    "absentUnexcused",
  ] as const;
  const categoriesOf = (row: Record<string, number>) =>
    Object.fromEntries(CATEGORIES.map((k) => [k, row[`cat${k[0]!.toUpperCase()}${k.slice(1)}`]]));
  const rosterCategories = (sum: Record<string, number>) =>
    Object.fromEntries(CATEGORIES.map((k) => [k, sum[k]]));

  it("gives each category as the rosters count them, summed over the held meetings", async () => {
    const sum = await sumOfRosters();
    const row = await reportRow();
    expect(categoriesOf(row)).toEqual(rosterCategories(sum));
    // By hand: 4 on the list each time (the guest aside); Jan: nobody exempted, an not yet temporary; Feb:
    // tuan exempted and away (neither required nor absent); Apr: tuan exempted but present, an temporary.
    expect(row).toMatchObject({
      catTotal: 12,
      catProbationary: 3,
      catExempted: 2,
      catFull: 9,
      catTemporary: 1,
      catRequired: 11,
      catPresent: 8,
      catAbsentExcused: 1,
      catAbsentUnexcused: 2,
    });
  });

  it("counts the quarters that ended without a thematic meeting and lowers the year by them", async () => {
    const row = (await api("GET", `/api/reports/branches/${branch}?year=2026`)).json().branches[0];
    expect(row.quartersWithoutThematic).toBe(2);
    expect(row.yearReasons).toContain("2 quý không sinh hoạt chuyên đề");
    const csv = (await api("GET", `/api/reports/branches/${branch}?year=2026&format=csv`)).body;
    const [header, first] = parse(csv.replace(/^\uFEFF/, ""), { delimiter: ";" }) as string[][];
    expect(first![header!.indexOf("Quý không sinh hoạt chuyên đề")]).toBe("2");
    expect(first![header!.indexOf("Lượt miễn sinh hoạt")]).toBe("2");
    const html = (await api("GET", `/api/reports/branches/${branch}?year=2026&format=html`)).body;
    expect(html).toContain(
      '<td class="name">Quý đã kết thúc mà không sinh hoạt chuyên đề (lượt chi bộ)</td><td>2</td>',
    );

    // Two a quarter, by the committee's setting: the first quarter falls short as well.
    await ok(
      api("PUT", `/api/committees/${c}/rating-settings`, {
        scheme: null,
        quality: {
          attendanceShare: 0.85,
          attendanceStrict: true,
          minMinutes: 90,
          combinedMinMinutes: 120,
          thematicPerQuarter: 2,
        },
      }),
    );
    const again = (await api("GET", `/api/reports/branches/${branch}?year=2026`)).json().branches[0];
    expect(again.quartersWithoutThematic).toBe(3);
  });

  // The counts are kept on each sheet when it is saved (minutes/sheet-counts-queries.ts): a standing or a
  // member's status changed afterwards must reach the sheets already saved, in the report as in the roster.
  it("follows an exemption, a temporary attendance and a status recorded or ended after the sheets", async () => {
    // Lan (probationary) exempted for February, when she was absent without reason: no longer required there.
    const lanExempt = JSON.parse(
      (
        await ok(
          api("POST", `/api/members/${lan}/exemptions`, {
            reason: "Đi học tập trung",
            from: "2026-02-01",
            to: "2026-02-28",
            decisionRef: "Quyết định số 20-QĐ/ĐU ngày 30/01/2026",
          }),
        )
      ).body,
    ) as { id: string };
    let row = await reportRow();
    expect(categoriesOf(row)).toEqual(rosterCategories(await sumOfRosters()));
    expect(row).toMatchObject({ catExempted: 3, catRequired: 10, catAbsentUnexcused: 1 });
    // The attendance rate reads the same kept counts: 8 present of 10 required.
    expect(row.attendanceRate).toBe(0.8);

    // Tuấn's exemption ended at the end of February: April counts him as an ordinary member again.
    const idOf = async (table: string, member: string) =>
      (await t.database.pool.query<{ id: string }>(`select id from ${table} where member_id = $1`, [member]))
        .rows[0]!.id;
    const exemptionId = await idOf("member_exemptions", tuan);
    await ok(api("POST", `/api/exemptions/${exemptionId}/end`, { to: "2026-02-28" }));
    // Phạm Văn An's temporary attendance ended before April's meeting.
    const temporaryId = await idOf("temporary_attendances", an);
    await ok(api("POST", `/api/temporary/${temporaryId}/end`, { to: "2026-03-31" }));
    // Lan is made a full member: every sheet counts her as full.
    await ok(api("PATCH", `/api/members/${lan}`, { status: "full" }));
    row = await reportRow();
    expect(categoriesOf(row)).toEqual(rosterCategories(await sumOfRosters()));
    expect(row).toMatchObject({ catExempted: 2, catTemporary: 0, catProbationary: 0, catFull: 12 });

    // Lan's exemption cut to its first day: the February meeting (the 10th) counts her as required again.
    await ok(api("POST", `/api/exemptions/${lanExempt.id}/end`, { to: "2026-02-01" }));
    row = await reportRow();
    expect(categoriesOf(row)).toEqual(rosterCategories(await sumOfRosters()));
  });

  it("gets the same counts from migration 0022's backfill as from the saves", async () => {
    const before = categoriesOf(await reportRow());
    const rate = (await reportRow()).attendanceRate;
    // Sheets as an older version left them: no categories, and every member's mark expected.
    await t.database.pool.query(
      `update attendance_sheets set total_count = 0, full_count = 0, probationary_count = 0, exempted_count = 0,
              temporary_count = 0, expected_count = 0, present_count = 0, excused_count = 0, unexcused_count = 0`,
    );
    await t.database.pool.query("update attendance a set expected = true");
    expect(categoriesOf(await reportRow())).not.toEqual(before);
    const migration = readFileSync(
      path.resolve(import.meta.dirname, "../../migrations/0022_sheet-category-counts.sql"),
      "utf8",
    );
    const block = migration.slice(migration.indexOf("-- Hand-written (issue 20"));
    await t.database.pool.query(block);
    expect(categoriesOf(await reportRow())).toEqual(before);
    expect((await reportRow()).attendanceRate).toBe(rate);
  });
});
