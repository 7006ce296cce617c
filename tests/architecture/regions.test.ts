/**
 * The distribution column on the real database (src/db/distribution.ts, migration 0011):
 *  - a database of the previous shape, with rows in every distributed table, is upgraded and each row gets
 *    the region of its branch (an officer's notice, of the officer's committee);
 *  - a row cannot carry a region other than its parent's (the links are by (id, region_id));
 *  - a branch moved to a committee of another province takes all its rows along, the minutes' history
 *    included, which stays otherwise untouchable.
 */
import { migrate } from "drizzle-orm/node-postgres/migrator";
import pg from "pg";
import { afterAll, describe, expect, inject, it } from "vitest";
import { openDatabase } from "../../src/db/client.ts";
import { DISTRIBUTED_TABLES } from "../../src/db/distribution.ts";
import { MIGRATIONS_DIR, migrationsBefore } from "../../src/db/migrate.ts";
import { buildTestApp } from "../helpers/app.ts";

const REGIONS_MIGRATION = "0011_regions";

async function emptyDatabase() {
  const server = inject("pgServerUrl");
  const name = `chibo_regions_${process.pid}_${Date.now()}`;
  const admin = new pg.Client({ connectionString: server });
  await admin.connect();
  await admin.query(`create database ${name} template template0 encoding 'UTF8'`);
  await admin.end();
  const url = new URL(server);
  url.pathname = `/${name}`;
  const database = openDatabase(url.toString(), 2);
  afterAll(() => database.close());
  return database;
}

const ID = {
  root: "00000000-0000-4000-8000-000000000001",
  province: "00000000-0000-4000-8000-000000000002",
  district: "00000000-0000-4000-8000-000000000003",
  branch: "00000000-0000-4000-8000-000000000010",
  topBranch: "00000000-0000-4000-8000-000000000011",
  member: "00000000-0000-4000-8000-000000000020",
  topMember: "00000000-0000-4000-8000-000000000021",
  officer: "00000000-0000-4000-8000-000000000030",
  meeting: "00000000-0000-4000-8000-000000000040",
  file: "00000000-0000-4000-8000-000000000050",
};

describe("migration 0011 on a database of the previous shape", () => {
  it("gives every row of every distributed table its branch's region", async () => {
    const database = await emptyDatabase();
    await migrate(database.db, { migrationsFolder: migrationsBefore(REGIONS_MIGRATION) });
    const q = (text: string, values: unknown[] = []) => database.pool.query(text, values);
    await q(
      `insert into committees (id, parent_id, name, ancestor_ids) values
        ($1, null, 'Trung ương', array[$1]::uuid[]),
        ($2, $1, 'Tỉnh ủy Lào Cai', array[$1, $2]::uuid[]),
        ($3, $2, 'Huyện ủy Bát Xát', array[$1, $2, $3]::uuid[])`,
      [ID.root, ID.province, ID.district],
    );
    await q(
      `insert into branches (id, committee_id, name) values ($1, $2, 'Chi bộ thôn Bản Vược'),
        ($3, $4, 'Chi bộ cơ quan Trung ương')`,
      [ID.branch, ID.district, ID.topBranch, ID.root],
    );
    await q(
      `insert into members (id, branch_id, full_name, email) values ($1, $2, 'Lò Văn Pao', 'pao@example.vn'),
        ($3, $4, 'Nguyễn Văn Hùng', 'hung@example.vn')`,
      [ID.member, ID.branch, ID.topMember, ID.topBranch],
    );
    await q(
      `insert into users (id, email, display_name, password_hash, role, committee_id)
        values ($1, 'canbo@example.vn', 'Cán bộ huyện', 'x', 'officer', $2)`,
      [ID.officer, ID.district],
    );
    await q(
      `insert into meetings (id, branch_id, month, date, start_at, end_at, status)
        values ($1, $2, '2026-05-01', '2026-05-05', '2026-05-05T07:00Z', '2026-05-05T09:00Z', 'held')`,
      [ID.meeting, ID.branch],
    );
    await q(
      `insert into attendance_sheets (meeting_id, expected_count, present_count, excused_count, unexcused_count,
        created_at, updated_at) values ($1, 1, 1, 0, 0, now(), now())`,
      [ID.meeting],
    );
    await q(
      `insert into attendance (meeting_id, member_id, expected, status) values ($1, $2, true, 'present')`,
      [ID.meeting, ID.member],
    );
    await q(
      `insert into minutes (meeting_id, current_revision, created_at, updated_at) values ($1, 1, now(), now())`,
      [ID.meeting],
    );
    await q(
      `insert into minutes_revisions (meeting_id, revision, content, created_at)
        values ($1, 1, '{"conclusions": "Thống nhất"}', now())`,
      [ID.meeting],
    );
    await q(
      `insert into minutes_files (id, meeting_id, file_name, mime, size, sha256, uploaded_at)
        values ($1, $2, 'biên bản.pdf', 'application/pdf', 4, 'x', now())`,
      [ID.file, ID.meeting],
    );
    await q(`insert into minutes_file_chunks (file_id, seq, data) values ($1, 0, '\\x25504446')`, [ID.file]);
    await q(
      `insert into feed_tokens (kind, token_hash, branch_id, member_id, committee_id) values
        ('branch', 'h1', $1, null, null), ('member', 'h2', null, $2, null), ('committee', 'h3', null, null, $3),
        ('member', 'h4', null, $4, null)`,
      [ID.branch, ID.member, ID.district, ID.topMember],
    );
    await q(
      `insert into reminders (key, kind, slot, branch_id, meeting_id, member_id, user_id, due_at, next_attempt_at,
        message_id) values
        ('k1', 'meeting_reminder', '3d@07:00', $1, $2, $3, null, now(), now(), '<k1@x>'),
        ('k2', 'deadline_notice', '14d', null, null, null, $4, now(), now(), '<k2@x>')`,
      [ID.branch, ID.meeting, ID.member, ID.officer],
    );

    await migrate(database.db, { migrationsFolder: MIGRATIONS_DIR });

    for (const table of DISTRIBUTED_TABLES) {
      const { rows } = await q(`select region_id::text as r, count(*)::int as n from ${table} group by 1`);
      // absence_notices came after 0011: no row of it existed to be filled.
      const expected =
        table === "absence_notices"
          ? {}
          : table === "branches" || table === "members" || table === "feed_tokens"
            ? { [ID.province]: table === "feed_tokens" ? 3 : 1, [ID.root]: 1 }
            : { [ID.province]: table === "reminders" ? 2 : 1 };
      expect(Object.fromEntries(rows.map((r) => [r.r, r.n])), table).toEqual(expected);
    }
    const { rows: committees } = await q("select id::text, region_id::text from committees order by id");
    expect(committees.map((c) => c.region_id)).toEqual([ID.root, ID.province, ID.province]);
  });
});

describe("regions on the running service", async () => {
  const t = await buildTestApp({ now: "2026-05-01T00:00:00Z" });
  const { pool } = t.database;
  const post = async (url: string, payload: unknown) => {
    const res = await t.app.inject({ method: "POST", url, payload: payload as object, headers: t.admin });
    expect(res.statusCode, res.body).toBeLessThan(300);
    return res.json();
  };
  const root = await post("/api/committees", { name: "Ban Chấp hành Trung ương" });
  const laoCai = await post("/api/committees", { name: "Tỉnh ủy Lào Cai", parentId: root.id });
  const batXat = await post("/api/committees", { name: "Huyện ủy Bát Xát", parentId: laoCai.id });
  const haGiang = await post("/api/committees", { name: "Tỉnh ủy Hà Giang", parentId: root.id });
  const branch = await post(`/api/committees/${batXat.id}/branches`, { name: "Chi bộ thôn Bản Vược" });
  const member = await post(`/api/branches/${branch.id}/members`, {
    fullName: "Lò Thị Mai",
    email: "mai@example.vn",
    role: "secretary",
  });
  const regionOf = async (table: string, where: string, id: string) =>
    (await pool.query(`select region_id::text as r from ${table} where ${where} = $1`, [id])).rows.map(
      (r) => r.r,
    );

  it("writes the region of the branch's province, computed by the service", async () => {
    expect(await regionOf("branches", "id", branch.id)).toEqual([laoCai.id]);
    expect(await regionOf("members", "id", member.id)).toEqual([laoCai.id]);
  });

  it("refuses a row whose region is not its parent's", async () => {
    await expect(
      pool.query(
        `insert into meetings (branch_id, region_id, month, date, start_at, end_at)
          values ($1, $2, '2026-06-01', '2026-06-05', now(), now())`,
        [branch.id, haGiang.id],
      ),
    ).rejects.toMatchObject({ code: "23503", constraint: "meetings_branch_fk" });
  });

  it("moves a branch's rows, its minutes' history included, when it moves to another province", async () => {
    const [m] = (
      await pool.query<{ id: string }>(
        `insert into meetings (branch_id, region_id, month, date, start_at, end_at, status)
          values ($1, $2, '2026-04-01', '2026-04-05', '2026-04-05T07:00Z', '2026-04-05T09:00Z', 'held')
          returning id`,
        [branch.id, laoCai.id],
      )
    ).rows;
    await pool.query(
      `insert into minutes (meeting_id, region_id, current_revision, created_at, updated_at)
        values ($1, $2, 1, now(), now())`,
      [m!.id, laoCai.id],
    );
    await pool.query(
      `insert into minutes_revisions (meeting_id, region_id, revision, content, created_at)
        values ($1, $2, 1, '{"conclusions": "Thống nhất"}', now())`,
      [m!.id, laoCai.id],
    );
    // A member's word before a meeting: linked to the meeting and to the member, both moving.
    await pool.query(
      `insert into absence_notices (meeting_id, region_id, member_id, reason, sent_at)
        values ($1, $2, $3, 'Đi công tác', now())`,
      [m!.id, laoCai.id, member.id],
    );
    const res = await t.app.inject({
      method: "PATCH",
      url: `/api/branches/${branch.id}`,
      payload: { committeeId: haGiang.id },
      headers: t.admin,
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(await regionOf("branches", "id", branch.id)).toEqual([haGiang.id]);
    expect(await regionOf("members", "branch_id", branch.id)).toEqual([haGiang.id]);
    expect(await regionOf("meetings", "branch_id", branch.id)).toEqual([haGiang.id]);
    expect(await regionOf("minutes_revisions", "meeting_id", m!.id)).toEqual([haGiang.id]);
    expect(await regionOf("absence_notices", "meeting_id", m!.id)).toEqual([haGiang.id]);
    // The history itself still cannot be changed.
    await expect(
      pool.query(`update minutes_revisions set content = '{"conclusions": "Sửa"}' where meeting_id = $1`, [
        m!.id,
      ]),
    ).rejects.toThrow(/append-only/);
  });
});
