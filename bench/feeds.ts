/**
 * Feed serving speed, with wrk (Debian package, /usr/bin/wrk) on loopback against a real server (buildApp,
 * embedded PostgreSQL):
 *   - a branch feed over three years (36 meetings, peak days, deadlines): full 200, and 304 with If-None-Match;
 *   - a committee feed of 500 branches over three years (18,000 meetings);
 * each as a ratio to serving a static file of the same bytes from the same Fastify (a bench-only route
 * that sends a Buffer). Goals: branch ≥ 0.5, 304 ≥ 0.8, committee ≥ 0.3.
 *
 * Run: npx tsx bench/feeds.ts   (BENCH_SECONDS, BENCH_CONNECTIONS, BENCH_BRANCHES to change the load;
 * ten wrk runs of BENCH_SECONDS each, 8 s by default)
 */
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { DateTime } from "luxon";
import { buildApp } from "../src/app.ts";
import { newToken, tokenHash } from "../src/auth/secrets.ts";
import { ManualClock } from "../src/clock.ts";
import { loadConfig } from "../src/config.ts";
import {
  branches,
  campaigns,
  committees,
  deadlines,
  feedTokens,
  meetings,
  peakDates,
  topics,
} from "../src/db/schema.ts";
import { benchDatabase, time } from "./db.ts";

const run = promisify(execFile);

const SECONDS = Number(process.env.BENCH_SECONDS ?? 8);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 10);
const BRANCHES = Number(process.env.BENCH_BRANCHES ?? 500);
const MONTHS = 36;

const database = await benchDatabase();
const { db } = database;
const now = new Date();
const clock = new ManualClock(now);

try {
  // ------------------------------------------------------------------------------------------ data
  const rootId = crypto.randomUUID();
  const committeeId = crypto.randomUUID();
  await db.insert(committees).values({ id: rootId, name: "Thành ủy Hà Giang", ancestorIds: [rootId] });
  const [{ regionId }] = (await db
    .insert(committees)
    .values({
      id: committeeId,
      parentId: rootId,
      name: "Đảng ủy phường Nguyễn Trãi",
      ancestorIds: [rootId, committeeId],
    })
    .returning({ regionId: committees.regionId })) as [{ regionId: string }];
  const branchRows = await db
    .insert(branches)
    .values(
      Array.from({ length: BRANCHES }, (_, i) => ({
        committeeId,
        regionId,
        name: `Chi bộ Tổ dân phố ${i + 1}`,
        place: `Nhà văn hóa tổ ${i + 1}, phường Nguyễn Trãi`,
        onlineUrl: "https://meet.example.vn/chi-bo",
      })),
    )
    .returning({ id: branches.id, place: branches.place, regionId: branches.regionId });

  // Three years: from 12 months back (the feed's window) to 24 months ahead.
  const first = DateTime.fromJSDate(now, { zone: "UTC" }).startOf("month").minus({ months: 11 });
  const [campaign] = await db
    .insert(campaigns)
    .values({
      committeeId: rootId,
      title: "Học tập và làm theo chuyên đề phòng, chống tham nhũng, tiêu cực",
      bookTitle: "Kiên quyết, kiên trì đấu tranh phòng, chống tham nhũng, tiêu cực",
      firstMonth: first.toISODate()!,
      lastMonth: first.plus({ months: MONTHS - 1 }).toISODate()!,
    })
    .returning({ id: campaigns.id });
  const topicRows = await db
    .insert(topics)
    .values(
      Array.from({ length: 12 }, (_, i) => ({
        campaignId: campaign!.id,
        position: i + 1,
        code: `CD${String(i + 1).padStart(2, "0")}`,
        part: (i % 3) + 1,
        partTitle: ["Nhận thức", "Xây dựng Đảng", "Kiểm soát quyền lực"][i % 3]!,
        title: `Chuyên đề ${i + 1}: Kiên quyết, kiên trì đấu tranh phòng, chống tham nhũng, tiêu cực – phần ${i + 1}`,
        pageStart: 10 + i * 40,
        pageEnd: 45 + i * 40,
        summary:
          "Tham nhũng, tiêu cực là nguy cơ đe dọa sự tồn vong của Đảng và chế độ; phòng, chống tham nhũng " +
          "phải kiên quyết, kiên trì, không có vùng cấm, không có ngoại lệ; gắn với xây dựng, chỉnh đốn Đảng.",
        prompts: [
          "Liên hệ bản thân: những biểu hiện nào cần tự soi, tự sửa ngay?",
          "Chi bộ đã làm gì để phòng ngừa tiêu cực trong công việc hằng ngày?",
          "Đề xuất một việc làm cụ thể của chi bộ trong tháng tới.",
        ],
      })),
    )
    .returning({ id: topics.id });
  await db.insert(peakDates).values(
    [
      [3, 2, 1930, "Ngày thành lập Đảng Cộng sản Việt Nam"],
      [30, 4, 1975, "Ngày giải phóng miền Nam, thống nhất đất nước"],
      [19, 5, 1890, "Ngày sinh Chủ tịch Hồ Chí Minh"],
      [19, 8, 1945, "Cách mạng Tháng Tám thành công"],
      [2, 9, 1945, "Quốc khánh nước Cộng hòa xã hội chủ nghĩa Việt Nam"],
    ].map(([day, month, baseYear, name]) => ({
      campaignId: campaign!.id,
      day: day as number,
      month: month as number,
      baseYear: baseYear as number,
      name: name as string,
    })),
  );
  await db.insert(deadlines).values([
    { campaignId: campaign!.id, day: 15, month: 6, audience: "branch", title: "Báo cáo sơ kết 6 tháng" },
    { campaignId: campaign!.id, day: 15, month: 11, audience: "branch", title: "Báo cáo tổng kết năm" },
  ]);
  const rows: (typeof meetings.$inferInsert)[] = [];
  for (const b of branchRows) {
    for (let i = 0; i < MONTHS; i++) {
      const month = first.plus({ months: i });
      const start = month.set({ day: 5, hour: 7 });
      rows.push({
        branchId: b.id,
        regionId: b.regionId,
        campaignId: campaign!.id,
        month: month.toISODate()!,
        date: start.toISODate()!,
        startAt: start.toJSDate(),
        endAt: start.plus({ hours: 2 }).toJSDate(),
        place: b.place,
        onlineUrl: "https://meet.example.vn/chi-bo",
        topicId: topicRows[i % topicRows.length]!.id,
        status: i === 20 ? "cancelled" : "planned",
        cancelReason: i === 20 ? "Trùng lịch bầu cử" : null,
      });
    }
  }
  for (let i = 0; i < rows.length; i += 2000) await db.insert(meetings).values(rows.slice(i, i + 2000));
  await database.pool.query("analyze");

  const tokens = { branch: newToken(), committee: newToken() };
  await db.insert(feedTokens).values([
    {
      kind: "branch",
      tokenHash: tokenHash(tokens.branch),
      branchId: branchRows[0]!.id,
      regionId: branchRows[0]!.regionId,
      withDeadlines: true,
    },
    {
      kind: "committee",
      tokenHash: tokenHash(tokens.committee),
      committeeId,
      regionId,
    },
  ]);

  // ------------------------------------------------------------------------------------------ server
  const config = loadConfig({ PUBLIC_URL: "http://127.0.0.1", DATABASE_URL: "postgres://bench", PORT: "0" });
  const app = await buildApp({ database, config, clock });
  const statics = new Map<string, Buffer>();
  // Bench-only baseline: the same bytes from the same Fastify, with nothing to compute.
  app.get("/bench/static/:name", async (request, reply) => {
    const body = statics.get((request.params as { name: string }).name)!;
    return reply.type("text/calendar; charset=utf-8").send(body);
  });
  await app.listen({ host: "127.0.0.1", port: 0 });
  const address = app.server.address();
  const base = `http://127.0.0.1:${typeof address === "object" && address ? address.port : 0}`;

  const firstRender: Record<string, number> = {};
  for (const [name, token] of Object.entries(tokens)) {
    const { ms, result } = await time(async () => {
      const res = await fetch(`${base}/feeds/${token}.ics`);
      if (res.status !== 200) throw new Error(`${name} feed: ${res.status}`);
      return { body: Buffer.from(await res.arrayBuffer()), etag: res.headers.get("etag")! };
    });
    firstRender[name] = ms;
    statics.set(name, result.body);
    statics.set(`${name}-etag`, Buffer.from(result.etag));
  }

  /** wrk on loopback (one thread): autocannon saturates its own core near 2,000 requests/s and hides
   * the gap. Every answer must be 2xx/3xx and none may fail; the status itself is checked beforehand. */
  async function load(path: string, headers: Record<string, string> = {}, expect = 200) {
    const check = await fetch(`${base}${path}`, { headers });
    await check.arrayBuffer();
    if (check.status !== expect) throw new Error(`${path}: ${check.status}, expected ${expect}`);
    const args = ["-t1", `-c${CONNECTIONS}`, `-d${SECONDS}s`, "--latency", "--timeout", "30s"];
    for (const [k, v] of Object.entries(headers)) args.push("-H", `${k}: ${v}`);
    const { stdout } = await run("wrk", [...args, `${base}${path}`]);
    const rps = Number(/Requests\/sec:\s+([\d.]+)/.exec(stdout)?.[1]);
    const p99 = /\s99%\s+([\d.]+\w+)/.exec(stdout)?.[1] ?? "?";
    const bad = Number(/Non-2xx or 3xx responses: (\d+)/.exec(stdout)?.[1] ?? 0);
    const errors = /Socket errors: (.*)/.exec(stdout)?.[1];
    if (!(rps > 0) || bad > 0 || errors) throw new Error(`${path}: ${stdout}`);
    return { rps, p99 };
  }

  const branchEtag = statics.get("branch-etag")!.toString();
  const paths = {
    staticBranch: ["/bench/static/branch", {}, 200],
    branch: [`/feeds/${tokens.branch}.ics`, {}, 200],
    branch304: [`/feeds/${tokens.branch}.ics`, { "if-none-match": branchEtag }, 304],
    staticCommittee: ["/bench/static/committee", {}, 200],
    committee: [`/feeds/${tokens.committee}.ics`, {}, 200],
  } as const;
  type Case = keyof typeof paths;
  // Two rounds, the second in reverse order, so that neither side always runs first (JIT warm-up, the
  // load of other work on the machine); each figure is the mean of its two runs.
  const order = Object.keys(paths) as Case[];
  const runs = new Map<Case, { rps: number; p99: string }[]>();
  for (const c of [...order, ...[...order].reverse()]) {
    const [path, headers, status] = paths[c];
    const got = await load(path, headers, status);
    runs.set(c, [...(runs.get(c) ?? []), got]);
  }
  const mean = (c: Case) => {
    const xs = runs.get(c)!;
    return { rps: xs.reduce((t, x) => t + x.rps, 0) / xs.length, p99: xs.map((x) => x.p99).join("/") };
  };
  const r = Object.fromEntries(order.map((c) => [c, mean(c)])) as Record<Case, { rps: number; p99: string }>;
  await app.close();

  const fmt = (n: number) => n.toFixed(0).padStart(7);
  const ratio = (a: number, b: number) => (a / b).toFixed(2);
  const kb = (name: string) => `${(statics.get(name)!.length / 1024).toFixed(0)} KiB`;
  console.log(
    `\nFeeds on loopback, wrk, ${CONNECTIONS} connections, ${SECONDS} s each (req/s, p99 latency):`,
  );
  console.log(
    `  static branch bytes (${kb("branch")})      ${fmt(r.staticBranch.rps)}  p99 ${r.staticBranch.p99}`,
  );
  console.log(`  branch feed 200                     ${fmt(r.branch.rps)}  p99 ${r.branch.p99}`);
  console.log(`  branch feed 304 (If-None-Match)     ${fmt(r.branch304.rps)}  p99 ${r.branch304.p99}`);
  console.log(
    `  static committee bytes (${kb("committee")}) ${fmt(r.staticCommittee.rps)}  p99 ${r.staticCommittee.p99}`,
  );
  console.log(`  committee feed 200 (${BRANCHES} branches)  ${fmt(r.committee.rps)}  p99 ${r.committee.p99}`);
  console.log(
    `  first render: branch ${firstRender.branch!.toFixed(0)} ms, committee ${firstRender.committee!.toFixed(0)} ms`,
  );
  console.log("\nRatios to the static file (goal):");
  console.log(`  branch 200      ${ratio(r.branch.rps, r.staticBranch.rps)}  (≥ 0.5)`);
  console.log(`  branch 304      ${ratio(r.branch304.rps, r.staticBranch.rps)}  (≥ 0.8)`);
  console.log(`  committee 200   ${ratio(r.committee.rps, r.staticCommittee.rps)}  (≥ 0.3)`);
} finally {
  await database.dispose();
}
