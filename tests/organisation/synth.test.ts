/**
 * `npm run cli -- synth` at a small size (50 branches) on the real database: the committee tree, the
 * members with Vietnamese names and one secretary per branch, accounts that log in and reach what their
 * role reaches, and the copied campaign planned for every branch.
 */
import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { synthesise } from "../../src/organisation/synth.ts";
import { buildTestApp } from "../helpers/app.ts";

const PASSWORD = "tổ-chức-giả-lập-2026";

describe("synth", async () => {
  const t = await buildTestApp({ now: "2026-05-01T00:00:00Z" });
  const { db } = t.database;
  const r = await synthesise(t.app.deps, {
    branches: 50,
    members: 1030,
    committees: [2, 3, 5],
    secretaryUsers: 10,
    password: PASSWORD,
    months: 36,
    plan: true,
  });
  const rows = async <T>(q: ReturnType<typeof sql>) => (await db.execute(q)).rows as T[];

  it("builds the committee tree country → provinces → districts → communes, branches under communes", async () => {
    const levels = await rows<{ depth: number; n: number }>(sql`
      select cardinality(ancestor_ids) as depth, count(*)::int as n from committees
       where ${r.rootCommitteeId}::uuid = any(ancestor_ids) group by 1 order by 1`);
    expect(levels).toEqual([
      { depth: 1, n: 1 },
      { depth: 2, n: 2 },
      { depth: 3, n: 3 },
      { depth: 4, n: 5 },
    ]);
    // Every branch hangs under a commune (depth 4), every commune has branches, names say what they are.
    const perCommune = await rows<{ name: string; n: number }>(sql`
      select c.name, count(b.id)::int as n from committees c left join branches b on b.committee_id = c.id
       where ${r.rootCommitteeId}::uuid = any(c.ancestor_ids) and cardinality(c.ancestor_ids) = 4
       group by c.id, c.name`);
    expect(perCommune.map((x) => x.n).sort()).toEqual([10, 10, 10, 10, 10]);
    expect(perCommune.every((x) => x.name.startsWith("Đảng ủy xã"))).toBe(true);
    const provinces = await rows<{ name: string }>(sql`
      select name from committees where parent_id = ${r.rootCommitteeId}::uuid order by name`);
    expect(provinces.map((p) => p.name).sort()).toEqual(["Thành ủy Hà Nội", "Thành ủy Huế"].sort());
    expect(r.committees).toBe(11);
  });

  it("gives each branch 20 or 21 members with Vietnamese names and exactly one secretary", async () => {
    const perBranch = await rows<{ n: number; secretaries: number }>(sql`
      select count(m.id)::int as n, count(*) filter (where m.role = 'secretary')::int as secretaries
        from branches b join committees c on c.id = b.committee_id join members m on m.branch_id = b.id
       where ${r.rootCommitteeId}::uuid = any(c.ancestor_ids) group by b.id`);
    expect(perBranch).toHaveLength(50);
    expect(perBranch.reduce((a, x) => a + x.n, 0)).toBe(1030);
    expect(new Set(perBranch.map((x) => x.n))).toEqual(new Set([20, 21]));
    expect(perBranch.every((x) => x.secretaries === 1)).toBe(true);
    const names = await rows<{ full_name: string }>(sql`select full_name from members limit 200`);
    for (const { full_name } of names)
      expect(full_name).toMatch(/^\p{Lu}\p{Ll}+ \p{Lu}\p{Ll}+ \p{Lu}\p{Ll}+$/u);
    // Diacritics, and more than a handful of distinct names.
    expect(names.some((n) => /[ễăạđơư]/i.test(n.full_name))).toBe(true);
    expect(new Set(names.map((n) => n.full_name)).size).toBeGreaterThan(50);
  });

  it("makes accounts that log in: the country officer sees the whole tree, a secretary their branch's plan", async () => {
    const officer = await t.login(r.officerEmail, PASSWORD);
    const committees = await t.app.inject({ method: "GET", url: "/api/committees", headers: officer });
    expect(committees.statusCode).toBe(200);
    expect(JSON.stringify(committees.json())).toContain("Đảng ủy xã số 5");

    const [sec] = await rows<{ email: string; branch_id: string; full_name: string }>(sql`
      select u.email, u.branch_id, m.full_name from users u join members m on m.id = u.member_id
       where u.role = 'secretary' and u.email like ${`bithu.${r.tag}.0@%`}`);
    expect(sec).toBeDefined();
    const headers = await t.login(sec!.email, PASSWORD);
    const plan = await t.app.inject({
      method: "GET",
      url: `/api/branches/${sec!.branch_id}/plan?from=2026-05-01&to=2029-04-30`,
      headers,
    });
    expect(plan.statusCode).toBe(200);
    expect(plan.json()).toHaveLength(36);
    // Another branch is not theirs.
    const [other] = await rows<{ id: string }>(sql`
      select b.id from branches b join committees c on c.id = b.committee_id
       where ${r.rootCommitteeId}::uuid = any(c.ancestor_ids) and b.id <> ${sec!.branch_id}::uuid limit 1`);
    const refused = await t.app.inject({ method: "GET", url: `/api/branches/${other!.id}/plan`, headers });
    expect([403, 404]).toContain(refused.statusCode);
    expect(r.users).toBe(1 + 2 + 10);
  });

  it("copies the shipped campaign to the country and plans 36 months for every branch", async () => {
    expect(r.plan).toMatchObject({ branches: 50, months: 36, created: 1800 });
    const [c] = await rows<{ topics: number; first_month: string; last_month: string }>(sql`
      select (select count(*)::int from topics where campaign_id = c.id) as topics,
             first_month::text, last_month::text from campaigns c where id = ${r.campaignId}::uuid`);
    expect(c!.topics).toBeGreaterThan(5);
    expect([c!.first_month, c!.last_month]).toEqual(["2026-05-01", "2029-04-01"]);
  });

  it("can run twice in one database (ids of a run do not collide with another's)", async () => {
    const again = await synthesise(t.app.deps, { branches: 5, members: 5, password: PASSWORD, months: 1 });
    expect(again.tag).not.toBe(r.tag);
    expect(again.committees).toBe(4);
  });
});
