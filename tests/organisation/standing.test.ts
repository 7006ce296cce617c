/**
 * Members as the rules count them, against the real database: a secretary records a committee's exemption
 * (miễn sinh hoạt) and a temporary member (sinh hoạt tạm thời); the meeting's roster marks them and counts
 * by category; the exempted member who stays away is neither required nor absent (rate, quorum, stored
 * counts, three-absence flag); ending an exemption makes them required again. Every change is audited; a
 * member is refused and another branch's secretary does not see the member.
 */
import { describe, expect, it } from "vitest";
import { buildTestApp } from "../helpers/app.ts";
import { fixtures } from "../minutes/fixtures.ts";

describe("exemptions and temporary members", async () => {
  const t = await buildTestApp({ now: "2026-06-20T03:00:00Z" });
  const f = fixtures(t);
  const c = await f.committee("Đảng ủy phường Nguyễn Trãi");
  const branch = await f.branch(c, "Chi bộ Tổ dân phố 5");
  const other = await f.branch(c, "Chi bộ Tổ dân phố 6");
  const hang = await f.member(branch, "Nguyễn Thị Hằng", { role: "secretary" });
  const tuan = await f.member(branch, "Trần Văn Tuấn");
  const lan = await f.member(branch, "Lê Thị Lan");
  const an = await f.member(branch, "Phạm Văn An");
  const sec = await f.user("secretary", "hang@example.vn", { branchId: branch, memberId: hang });
  const otherSec = await f.user("secretary", "b6@example.vn", { branchId: other });
  const may = await f.meeting(branch, "2026-05-05");
  const june = await f.meeting(branch, "2026-06-05");
  const api = (method: "GET" | "POST" | "PUT" | "PATCH", url: string, payload?: object, headers = sec) =>
    t.app.inject({ method, url, payload, headers });

  it("records an exemption and a temporary member, audited, and refuses what the rules do not allow", async () => {
    const ex = await api("POST", `/api/members/${tuan}/exemptions`, {
      reason: "Tuổi cao, sức khỏe yếu",
      from: "2026-06-01",
      decisionRef: "Quyết định số 15-QĐ/ĐU ngày 28/5/2026",
    });
    expect(ex.statusCode, ex.body).toBe(201);
    const tmp = await api("POST", `/api/members/${an}/temporary`, {
      homeOrganisation: "Chi bộ Trường THCS Lê Lợi, Đảng bộ phường Hà Đông",
      from: "2026-03-01",
      to: "2026-12-31",
    });
    expect(tmp.statusCode, tmp.body).toBe(201);

    const overlap = await api("POST", `/api/members/${tuan}/exemptions`, {
      reason: "Ốm dài ngày",
      from: "2026-07-01",
      decisionRef: "QĐ 16",
    });
    expect(overlap.statusCode).toBe(409);
    expect(overlap.json().errors[0].field).toBe("body.from");
    const backwards = await api("POST", `/api/members/${lan}/exemptions`, {
      reason: "Ốm",
      from: "2026-07-01",
      to: "2026-06-01",
      decisionRef: "QĐ 17",
    });
    expect(backwards.statusCode).toBe(400);
    expect(backwards.headers["content-type"]).toContain("application/problem+json");
    expect(backwards.json().errors[0]).toMatchObject({ field: "body.to" });
    const missing = await api("POST", `/api/members/${lan}/exemptions`, { reason: "Ốm", from: "2026-07-01" });
    expect(missing.statusCode).toBe(400);
    expect(missing.json().errors.map((e: { field: string }) => e.field)).toContain("body.decisionRef");
    expect(
      (
        await api(
          "POST",
          `/api/members/${lan}/exemptions`,
          { reason: "x", from: "2026-07-01", decisionRef: "y" },
          otherSec,
        )
      ).statusCode,
    ).toBe(404);

    const audit = await t.database.pool.query(
      "select action from audit_log where entity = 'member' and entity_id = any($1) order by id",
      [[tuan, an]],
    );
    expect(audit.rows.map((r) => r.action)).toEqual(["exemption_create", "temporary_create"]);
    const standings = (await api("GET", `/api/branches/${branch}/standings`)).json();
    expect(standings.exemptToday).toEqual([tuan]);
    expect(standings.temporaryToday).toEqual([an]);
  });

  it("counts the June roster by category; the exempted absentee is neither required nor absent", async () => {
    const put = await api("PUT", `/api/meetings/${june}/attendance`, {
      members: [
        { memberId: hang, status: "present" },
        { memberId: tuan, status: "absent_unexcused" },
        { memberId: lan, status: "absent_excused", reason: "Đi công tác" },
        { memberId: an, status: "present" },
      ],
    });
    expect(put.statusCode, put.body).toBe(200);
    const sheet = put.json();
    expect(sheet.counts).toEqual({ expected: 3, present: 2, absentExcused: 1, absentUnexcused: 0 });
    expect(sheet.rate).toBeCloseTo(2 / 3);
    expect(sheet.members.find((m: { memberId: string }) => m.memberId === tuan).exemption).toEqual({
      reason: "Tuổi cao, sức khỏe yếu",
      decisionRef: "Quyết định số 15-QĐ/ĐU ngày 28/5/2026",
    });
    const roster = (await api("GET", `/api/meetings/${june}/roster`)).json();
    expect(roster.counts).toEqual({
      total: 4,
      full: 4,
      probationary: 0,
      temporary: 1,
      exempted: 1,
      required: 3,
      present: 2,
      presentFull: 2,
      presentProbationary: 0,
      presentTemporary: 1,
      absentExcused: 1,
      absentUnexcused: 0,
    });
    expect(roster.roster.find((r: { memberId: string }) => r.memberId === an).homeOrganisation).toBe(
      "Chi bộ Trường THCS Lê Lợi, Đảng bộ phường Hà Đông",
    );
    // Stored as reports read it, and no unexcused absence counted for the exempted member.
    const stored = await t.database.pool.query(
      "select expected_count, present_count, unexcused_count from attendance_sheets where meeting_id = $1",
      [june],
    );
    expect(stored.rows[0]).toEqual({ expected_count: 3, present_count: 2, unexcused_count: 0 });

    // In May (before the exemption) the same absence counts.
    const mayPut = await api("PUT", `/api/meetings/${may}/attendance`, {
      members: [
        { memberId: hang, status: "present" },
        { memberId: tuan, status: "absent_unexcused" },
        { memberId: lan, status: "present" },
        { memberId: an, status: "present" },
      ],
    });
    expect(mayPut.json().counts).toEqual({ expected: 4, present: 3, absentExcused: 0, absentUnexcused: 1 });
  });

  it("ends an exemption (audited): from the next day the member is required again", async () => {
    const { exemptions } = (await api("GET", `/api/branches/${branch}/standings`)).json();
    const res = await api("POST", `/api/exemptions/${exemptions[0].id}/end`, { to: "2026-06-04" });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().to).toBe("2026-06-04");
    const again = await api("POST", `/api/exemptions/${exemptions[0].id}/end`, { to: "2026-06-10" });
    expect(again.statusCode).toBe(409);
    const roster = (await api("GET", `/api/meetings/${june}/roster`)).json();
    expect(roster.counts).toMatchObject({ exempted: 0, required: 4, absentUnexcused: 1 });
    const audit = await t.database.pool.query(
      "select action, before->>'to' as before_to, after->>'to' as after_to from audit_log where action = 'exemption_end'",
    );
    expect(audit.rows).toEqual([{ action: "exemption_end", before_to: null, after_to: "2026-06-04" }]);
  });

  it("lets the secretary set a meeting's kind, audited, and refuses a member", async () => {
    const res = await api("PUT", `/api/meetings/${june}/kind`, { kind: "thematic" });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().kind).toBe("thematic");
    const bad = await api("PUT", `/api/meetings/${june}/kind`, { kind: "chuyen-de" });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors[0].field).toContain("kind");
    const member = await f.user("member", "lan@example.vn", { branchId: branch, memberId: lan });
    expect((await api("PUT", `/api/meetings/${june}/kind`, { kind: "regular" }, member)).statusCode).toBe(
      403,
    );
    const audit = await t.database.pool.query(
      "select before, after from audit_log where action = 'set_kind'",
    );
    expect(audit.rows).toEqual([{ before: { kind: "regular" }, after: { kind: "thematic" } }]);
  });
});
