/**
 * A synthetic, country-sized organisation for trying and measuring at scale (`npm run cli -- synth`):
 * committees as a tree (country → provinces → districts → communes), branches under the communes, members
 * with Vietnamese names, accounts for the country's and provinces' officers and for some branch secretaries,
 * and the shipped campaign copied to the country committee (optionally planned).
 *
 * Everything is generated inside PostgreSQL (`generate_series`, one statement per level or per slice of
 * branches), never row by row from Node: 50,000 branches and 1,000,000 members take minutes, not hours.
 * Ids are md5 of a per-run tag and the row's ordinal, so a level finds its parents without a lookup table
 * and two runs in one database do not collide.
 */
import { sql } from "drizzle-orm";
import { DateTime } from "luxon";
import type { Principal } from "../auth/principal.ts";
import { hashPassword } from "../auth/secrets.ts";
import { copyCampaign } from "../campaigns/campaign-service.ts";
import { loadSeedCampaign, SEED_KEY } from "../campaigns/seed-loader.ts";
import type { DbOrTx } from "../db/client.ts";
import type { AppDeps } from "../http/types.ts";
import { type PlanResult, writePlan } from "../plan/plan-service.ts";

export interface SynthOptions {
  branches: number;
  members: number;
  /** Committees per level below the country: [provinces, districts, communes]; computed when absent. */
  committees?: [number, number, number];
  /** Branch secretaries who get an account (the first ones); default min(branches, 1000). */
  secretaryUsers?: number;
  /** Password of every generated account. */
  password: string;
  /** First month of the copied campaign ("YYYY-MM"); default this month. */
  firstMonth?: string;
  /** Length of the copied campaign in months; default 36. */
  months?: number;
  /** Plan the campaign after copying it. */
  plan?: boolean;
  /** Progress lines. */
  log?: (msg: string) => void;
}

export interface SynthResult {
  tag: string;
  rootCommitteeId: string;
  committees: number;
  branches: number;
  members: number;
  users: number;
  /** Login of the country committee's officer. */
  officerEmail: string;
  campaignId: string;
  plan: PlanResult | null;
  timings: Record<string, number>;
}

/** 34 provinces and cities since 1 July 2025; the six cities have a "Thành ủy". */
const PROVINCES = [
  "Hà Nội",
  "Huế",
  "Hải Phòng",
  "Đà Nẵng",
  "Hồ Chí Minh",
  "Cần Thơ",
  "Lai Châu",
  "Điện Biên",
  "Sơn La",
  "Lạng Sơn",
  "Quảng Ninh",
  "Thanh Hóa",
  "Nghệ An",
  "Hà Tĩnh",
  "Cao Bằng",
  "Tuyên Quang",
  "Lào Cai",
  "Thái Nguyên",
  "Phú Thọ",
  "Bắc Ninh",
  "Hưng Yên",
  "Ninh Bình",
  "Quảng Trị",
  "Quảng Ngãi",
  "Gia Lai",
  "Khánh Hòa",
  "Lâm Đồng",
  "Đắk Lắk",
  "Đồng Nai",
  "Tây Ninh",
  "Vĩnh Long",
  "Đồng Tháp",
  "Cà Mau",
  "An Giang",
];
const CITIES = 6;
const SURNAMES = [
  "Nguyễn",
  "Trần",
  "Lê",
  "Phạm",
  "Hoàng",
  "Huỳnh",
  "Phan",
  "Vũ",
  "Võ",
  "Đặng",
  "Bùi",
  "Đỗ",
  "Hồ",
  "Ngô",
  "Dương",
  "Lý",
  "Đinh",
];
const MIDDLE = ["Văn", "Thị", "Hữu", "Đức", "Minh", "Thanh", "Ngọc", "Quang", "Thu", "Xuân", "Công"];
const GIVEN = [
  "An",
  "Bình",
  "Cường",
  "Dũng",
  "Giang",
  "Hà",
  "Hải",
  "Hạnh",
  "Hoa",
  "Hùng",
  "Hương",
  "Khánh",
  "Lan",
  "Linh",
  "Long",
  "Mai",
  "Nam",
  "Nga",
  "Phúc",
  "Quân",
  "Sơn",
  "Tâm",
  "Thảo",
  "Trang",
  "Tuấn",
  "Vân",
  "Việt",
  "Yến",
  "Thắng",
];
/** Branch meeting rules, in turn: the 5th at 14:00, the last Friday evening, the 10th in the morning. */
const RULES = [
  { day: { kind: "day_of_month", day: 5 }, startTime: "14:00", durationMinutes: 120, shift: "next" },
  {
    day: { kind: "weekday", weekday: 5, nth: -1 },
    startTime: "19:30",
    durationMinutes: 90,
    shift: "previous",
  },
  { day: { kind: "day_of_month", day: 10 }, startTime: "08:00", durationMinutes: 120, shift: "next" },
];

/** Committees per level for a number of branches: about 15 branches a commune, 10 communes a district. */
export function defaultLevels(branches: number): [number, number, number] {
  const communes = Math.max(1, Math.ceil(branches / 15));
  const districts = Math.max(1, Math.ceil(communes / 10));
  const provinces = Math.min(PROVINCES.length, districts);
  return [provinces, districts, communes];
}

/** The synthetic ids: md5(tag:level:ordinal) as a uuid, the same expression in every statement. */
const idOf = (tag: string, level: string, ordinal: ReturnType<typeof sql.raw> | ReturnType<typeof sql>) =>
  sql`md5(${`${tag}:${level}:`}::text || (${ordinal})::text)::uuid`;

const textArray = (xs: string[]) => sql`${sql.param(xs)}::text[]`;
/** An integer written into the statement (they are counts we computed, never input text). */
const n = (x: number) => sql.raw(String(Math.trunc(x)));

export async function synthesise(deps: AppDeps, opts: SynthOptions): Promise<SynthResult> {
  const { db } = deps.database;
  const log = opts.log ?? (() => {});
  const now = deps.clock.now();
  const N = opts.branches;
  const M = opts.members;
  if (!Number.isInteger(N) || N < 1) throw new RangeError("branches must be a positive integer");
  if (!Number.isInteger(M) || M < N) throw new RangeError("members must be an integer ≥ branches");
  const [P, D, C] = opts.committees ?? defaultLevels(N);
  if (!(P >= 1 && D >= P && C >= D && N >= C))
    throw new RangeError(
      "committees must grow level by level: 1 ≤ provinces ≤ districts ≤ communes ≤ branches",
    );
  const tag = crypto.randomUUID().slice(0, 8);
  const timings: Record<string, number> = {};
  const step = async <T>(name: string, fn: () => Promise<T>): Promise<T> => {
    const t0 = performance.now();
    const r = await fn();
    timings[name] = Math.round(performance.now() - t0);
    log(`${name}: ${(timings[name] / 1000).toFixed(1)} s`);
    return r;
  };
  const rootId = await idString(db, tag, "country", 0);

  // ------------------------------------------------------------------------------------ committees
  await step("committees", () =>
    db.transaction(async (tx) => {
      await tx.execute(sql`
        insert into committees (id, parent_id, name, ancestor_ids)
        values (${rootId}::uuid, null, 'Ban Chấp hành Trung ương (tổng hợp)', array[${rootId}::uuid])`);
      // Province i: a real name for the first 34.
      await tx.execute(sql`
        insert into committees (id, parent_id, name, ancestor_ids)
        select ${idOf(tag, "p", sql`i`)}, ${rootId}::uuid,
               case when i < ${n(CITIES)} then 'Thành ủy ' else 'Tỉnh ủy ' end
                 || coalesce((${textArray(PROVINCES)})[i + 1], 'số ' || (i + 1)),
               array[${rootId}::uuid, ${idOf(tag, "p", sql`i`)}]
          from generate_series(0, ${n(P - 1)}) i`);
      // Each lower level in even contiguous blocks under the level above.
      const levels = [
        { level: "d", parent: "p", count: D, above: P, name: sql`'Huyện ủy số ' || (i + 1)` },
        { level: "c", parent: "d", count: C, above: D, name: sql`'Đảng ủy xã số ' || (i + 1)` },
      ];
      for (const l of levels) {
        await tx.execute(sql`
          insert into committees (id, parent_id, name, ancestor_ids)
          select ${idOf(tag, l.level, sql`i`)}, p.id, ${l.name}, p.ancestor_ids || ${idOf(tag, l.level, sql`i`)}
            from generate_series(0, ${n(l.count - 1)}) i
            join committees p on p.id = ${idOf(tag, l.parent, sql`(i::bigint * ${n(l.above)}) / ${n(l.count)}`)}`);
      }
    }),
  );

  // ------------------------------------------------------------------------------------ branches
  await step("branches", () =>
    db.execute(sql`
      insert into branches (id, committee_id, region_id, name, meeting_rule, place)
      select ${idOf(tag, "b", sql`i`)}, c.id, c.region_id,
             case when i % 2 = 0 then 'Chi bộ thôn ' else 'Chi bộ tổ dân phố ' end || (i + 1),
             (${sql.param(JSON.stringify(RULES))}::jsonb) -> (i % ${n(RULES.length)}),
             'Nhà văn hóa ' || case when i % 2 = 0 then 'thôn ' else 'tổ dân phố ' end || (i + 1)
        from generate_series(0, ${n(N - 1)}) i
        join committees c on c.id = ${idOf(tag, "c", sql`(i::bigint * ${n(C)}) / ${n(N)}`)}`),
  );

  // ------------------------------------------------------------------------------------ members
  // Branch b gets floor(M/N) members, one more for the first M mod N; k = 0 is the secretary, 1 the deputy,
  // 2–3 committee members. Names mix three lists by different strides; 9 in 10 have an email.
  const base = Math.floor(M / N);
  const extra = M % N;
  const SLICE = Math.max(1, Math.floor(100_000 / Math.max(1, base)));
  await step("members", async () => {
    for (let from = 0; from < N; from += SLICE) {
      const to = Math.min(N, from + SLICE) - 1;
      await db.execute(sql`
        insert into members (branch_id, region_id, full_name, email, phone, role, status, joined_on)
        select br.id, br.region_id,
               (${textArray(SURNAMES)})[1 + (b * 7 + k * 3) % ${n(SURNAMES.length)}] || ' ' ||
               (${textArray(MIDDLE)})[1 + (b * 5 + k * 11) % ${n(MIDDLE.length)}] || ' ' ||
               (${textArray(GIVEN)})[1 + (b * 13 + k * 17) % ${n(GIVEN.length)}],
               case when (b + k) % 10 <> 9 then ${`dv.${tag}.`}::text || b || '.' || k || '@example.vn' end,
               '09' || lpad(((b::bigint * 131 + k * 7919) % 100000000)::text, 8, '0'),
               (case k when 0 then 'secretary' when 1 then 'deputy_secretary'
                       when 2 then 'committee_member' when 3 then 'committee_member' else 'member' end)::member_role,
               (case when (b + k) % 20 = 19 and k > 3 then 'probationary' else 'full' end)::member_status,
               date '1985-01-01' + ((b::bigint * 37 + k * 997) % 14000)::int
          from generate_series(${n(from)}, ${n(to)}) b
          join branches br on br.id = ${idOf(tag, "b", sql`b`)},
               lateral generate_series(0, ${n(base - 1)} + (b < ${n(extra)})::int) k`);
      if (to + 1 < N) log(`  members: ${to + 1} / ${N} branches`);
    }
  });

  // ------------------------------------------------------------------------------------ users
  const secretaries = Math.min(N, opts.secretaryUsers ?? 1000);
  const officerEmail = `trunguong.${tag}@synth.chibo.vn`;
  const users = await step("users", async () => {
    const hash = await hashPassword(opts.password);
    await db.execute(sql`
      insert into users (email, display_name, password_hash, role, committee_id)
      values (${officerEmail}, 'Cán bộ Trung ương', ${hash}, 'officer', ${rootId}::uuid)`);
    await db.execute(sql`
      insert into users (email, display_name, password_hash, role, committee_id)
      select ${`tinh.${tag}.`}::text || i || '@synth.chibo.vn', 'Cán bộ ' || c.name, ${hash}, 'officer', c.id
        from generate_series(0, ${n(P - 1)}) i join committees c on c.id = ${idOf(tag, "p", sql`i`)}`);
    await db.execute(sql`
      insert into users (email, display_name, password_hash, role, branch_id, member_id)
      select ${`bithu.${tag}.`}::text || b || '@synth.chibo.vn', m.full_name, ${hash}, 'secretary', m.branch_id, m.id
        from generate_series(0, ${n(secretaries - 1)}) b
        join members m on m.branch_id = ${idOf(tag, "b", sql`b`)} and m.role = 'secretary'`);
    return 1 + P + secretaries;
  });
  await step("analyze", () => db.execute(sql`analyze committees, branches, members, users`));

  // ------------------------------------------------------------------------------------ campaign
  const campaignId = await step("campaign", async () => {
    await loadSeedCampaign(deps.database.db, now);
    const [template] = (
      await db.execute<{ id: string }>(sql`select id from campaigns where seed_key = ${SEED_KEY}`)
    ).rows;
    if (!template) throw new Error("the shipped campaign is missing");
    const [officer] = (
      await db.execute<{ id: string }>(sql`select id from users where email = ${officerEmail}`)
    ).rows;
    const principal: Principal = {
      userId: officer!.id,
      email: officerEmail,
      displayName: "Cán bộ Trung ương",
      role: "officer",
      committeeId: rootId,
      branchId: null,
      memberId: null,
      sessionId: "synth",
    };
    const first = opts.firstMonth
      ? DateTime.fromISO(`${opts.firstMonth}-01`, { zone: "UTC" })
      : DateTime.fromJSDate(now, { zone: "UTC" }).startOf("month");
    const months = opts.months ?? 36;
    const copy = await copyCampaign(deps, principal, {
      sourceId: template.id,
      committeeId: rootId,
      firstMonth: first.toFormat("yyyy-MM"),
      lastMonth: first.plus({ months: months - 1 }).toFormat("yyyy-MM"),
    });
    return copy.id;
  });

  const plan = opts.plan ? await step("plan", () => writePlan(db, campaignId, now)) : null;

  return {
    tag,
    rootCommitteeId: rootId,
    committees: 1 + P + D + C,
    branches: N,
    members: M,
    users,
    officerEmail,
    campaignId,
    plan,
    timings,
  };
}

/** The id `idOf` gives, read back as text. */
async function idString(db: DbOrTx, tag: string, level: string, ordinal: number): Promise<string> {
  const r = await db.execute<{ id: string }>(sql`select ${idOf(tag, level, sql`${ordinal}::int`)} as id`);
  return r.rows[0]!.id;
}
