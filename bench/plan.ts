/**
 * Planning speed: a campaign of 36 months for 2,000 branches (72,000 meetings), first plan and a re-plan
 * with nothing changed, against a baseline measured in the same run: a bare bulk insert of the same
 * 72,000 rows into a table of the same shape. Goal: the plan in under 10 s.
 */
import { sql } from "drizzle-orm";
import { branches, campaigns, committees, topics } from "../src/db/schema.ts";
import { writePlan } from "../src/plan/plan-service.ts";
import { benchDatabase, time } from "./db.ts";

const BRANCHES = Number(process.env.BENCH_BRANCHES ?? 2000);
const database = await benchDatabase();
const { db } = database;
try {
  const committeeId = crypto.randomUUID();
  const [{ regionId }] = (await db
    .insert(committees)
    .values({ id: committeeId, name: "Thành ủy", ancestorIds: [committeeId] })
    .returning({ regionId: committees.regionId })) as [{ regionId: string }];
  const rules = [
    {
      day: { kind: "day_of_month" as const, day: 5 },
      startTime: "14:00",
      durationMinutes: 120,
      shift: "next" as const,
    },
    {
      day: { kind: "weekday" as const, weekday: 5, nth: -1 as const },
      startTime: "19:30",
      durationMinutes: 90,
      shift: "previous" as const,
    },
    {
      day: { kind: "day_of_month" as const, day: 31 },
      startTime: "08:00",
      durationMinutes: 120,
      shift: "next" as const,
    },
  ];
  for (let i = 0; i < BRANCHES; i += 500) {
    await db.insert(branches).values(
      Array.from({ length: Math.min(500, BRANCHES - i) }, (_, k) => ({
        committeeId,
        regionId,
        name: `Chi bộ số ${i + k + 1}`,
        meetingRule: rules[(i + k) % rules.length]!,
        place: "Hội trường",
      })),
    );
  }
  const [c] = await db
    .insert(campaigns)
    .values({
      committeeId,
      title: "Đợt sinh hoạt",
      bookTitle: "Sách",
      firstMonth: "2026-01-01",
      lastMonth: "2028-12-01",
    })
    .returning({ id: campaigns.id });
  await db.insert(topics).values(
    Array.from({ length: 12 }, (_, i) => ({
      campaignId: c!.id,
      position: i,
      code: `CD${i}`,
      part: 1,
      title: `Chuyên đề ${i}`,
    })),
  );
  const now = new Date("2025-12-01T00:00:00Z");

  const first = await time(() => writePlan(db, c!.id, now));
  const again = await time(() => writePlan(db, c!.id, now));

  // Baseline: the same rows, already computed, bulk-inserted with no rule, no calendar, no conflict check.
  await db.execute(sql`create table baseline (like meetings including defaults)`);
  const base = await time(() => db.execute(sql`insert into baseline select * from meetings`));
  const rows = first.result.created;
  console.log(`branches=${BRANCHES} months=36 meetings=${rows}`);
  console.log(
    `plan (first):      ${first.ms.toFixed(0)} ms  (${((rows / first.ms) * 1000).toFixed(0)} meetings/s)`,
  );
  console.log(`plan (unchanged):  ${again.ms.toFixed(0)} ms  updated=${again.result.updated}`);
  console.log(`baseline insert:   ${base.ms.toFixed(0)} ms`);
  console.log(
    `ratio plan/baseline: ${(first.ms / base.ms).toFixed(2)}  goal: plan < 10000 ms → ${first.ms < 10_000 ? "MET" : "NOT MET"}`,
  );

  // What the feed NOTIFY triggers on meetings (migration 0006) cost planning: the first plan again, in turns
  // with the two statement triggers on and off (off = the most a single NOTIFY at the end could save).
  const TRIGGERS = ["chibo_feeds_meetings_ins", "chibo_feeds_meetings_upd", "chibo_feeds_meetings_del"];
  const triggers = (on: boolean) =>
    db.execute(
      sql.raw(
        TRIGGERS.map((t) => `alter table meetings ${on ? "enable" : "disable"} trigger ${t}`).join(";"),
      ),
    );
  const replanFromEmpty = async (on: boolean) => {
    await triggers(false);
    await db.execute(sql`delete from meetings`);
    await database.pool.query("vacuum analyze meetings");
    await triggers(on);
    const r = await time(() => writePlan(db, c!.id, now));
    await triggers(true);
    return r.ms;
  };
  const withTriggers: number[] = [];
  const without: number[] = [];
  for (let i = 0; i < 2; i++) {
    withTriggers.push(await replanFromEmpty(true));
    without.push(await replanFromEmpty(false));
  }
  const best = (xs: number[]) => Math.min(...xs);
  console.log(
    `first plan with feed triggers:    ${withTriggers.map((x) => x.toFixed(0)).join(", ")} ms (best ${best(withTriggers).toFixed(0)})`,
  );
  console.log(
    `first plan without feed triggers: ${without.map((x) => x.toFixed(0)).join(", ")} ms (best ${best(without).toFixed(0)})`,
  );
  console.log(`trigger share of planning: ${((1 - best(without) / best(withTriggers)) * 100).toFixed(0)} %`);
} finally {
  await database.dispose();
}
