/**
 * Feed serving speed, with wrk (Debian package, /usr/bin/wrk) on loopback against a real server (buildApp,
 * embedded PostgreSQL):
 *   - a branch feed over three years (36 meetings, peak days, deadlines): full 200, and 304 with If-None-Match;
 *   - a committee feed of 500 branches over three years (18,000 meetings);
 * each as a ratio to a bare twin: a Fastify with no plugin and no hook, in the same process, serving the
 * same bytes with the same ETag (bench/wrk.ts). Goals: branch 200 ≥ 0.5, 304 ≥ 0.8, committee ≥ 0.3.
 * (Until 12/2026 the baseline was a static route inside the app, which paid the app's hooks too.)
 *
 * Run: npx tsx bench/feeds.ts   (BENCH_SECONDS, BENCH_CONNECTIONS, BENCH_BRANCHES, BENCH_ROUNDS to change
 * the load; 3 cases × 2 sides × BENCH_ROUNDS (2) wrk runs of BENCH_SECONDS (8 s) each)
 */
import { execFileSync } from "node:child_process";
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
import { bareTwin, baseOf, expectStatus, type WrkResult, wrk } from "./wrk.ts";

const uptime = () =>
  execFileSync("uptime")
    .toString()
    .trim()
    .replace(/^.*load/, "load");
const loadBefore = uptime();
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 2);

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
  await app.listen({ host: "127.0.0.1", port: 0 });
  const base = baseOf(app.server.address());

  const files: Record<string, { body: Buffer; etag: string; type: string }> = {};
  const firstRender: Record<string, number> = {};
  for (const [name, token] of Object.entries(tokens)) {
    const { ms, result } = await time(async () => {
      const res = await fetch(`${base}/feeds/${token}.ics`);
      if (res.status !== 200) throw new Error(`${name} feed: ${res.status}`);
      return { body: Buffer.from(await res.arrayBuffer()), etag: res.headers.get("etag")! };
    });
    firstRender[name] = ms;
    files[`${name}.ics`] = { ...result, type: "text/calendar; charset=utf-8" };
  }
  // The same bytes with the same ETag from a Fastify with nothing else: the baseline.
  const twin = await bareTwin(files);

  const branchEtag = files["branch.ics"]!.etag;
  type Target = [base: string, path: string, headers: Record<string, string>, status: number];
  const pairs: Record<string, [bare: Target, app: Target]> = {
    "branch feed 200": [
      [twin.base, "/feeds/branch.ics", {}, 200],
      [base, `/feeds/${tokens.branch}.ics`, {}, 200],
    ],
    "branch feed 304 (If-None-Match)": [
      [twin.base, "/feeds/branch.ics", { "if-none-match": branchEtag }, 304],
      [base, `/feeds/${tokens.branch}.ics`, { "if-none-match": branchEtag }, 304],
    ],
    [`committee feed 200 (${BRANCHES} branches)`]: [
      [twin.base, "/feeds/committee.ics", {}, 200],
      [base, `/feeds/${tokens.committee}.ics`, {}, 200],
    ],
  };
  // A B A B: the twin and the app alternate within one run, so that neither always runs first (JIT
  // warm-up, the load of other work on the machine); each figure is the mean of its ROUNDS runs.
  const results: Record<string, { bare: WrkResult[]; app: WrkResult[] }> = {};
  for (const [name, [bare, ours]] of Object.entries(pairs)) {
    for (const [b, path, headers, status] of [bare, ours]) await expectStatus(`${b}${path}`, headers, status);
    results[name] = { bare: [], app: [] };
    for (let round = 0; round < ROUNDS; round++) {
      for (const [side, [b, path, headers]] of [
        ["bare", bare],
        ["app", ours],
      ] as const) {
        results[name]![side].push(
          await wrk(`${b}${path}`, { seconds: SECONDS, connections: CONNECTIONS, headers }),
        );
      }
    }
  }
  await app.close();
  await twin.app.close();

  const mean = (xs: WrkResult[]) => xs.reduce((t, x) => t + x.rps, 0) / xs.length;
  const fmt = (n: number) => n.toFixed(0).padStart(7);
  const kb = (name: string) => `${(files[name]!.body.length / 1024).toFixed(0)} KiB`;
  console.log(
    `\nFeeds on loopback, wrk -t1 -c${CONNECTIONS}, ${SECONDS} s a run, ${ROUNDS} rounds A B A B ` +
      `(branch ${kb("branch.ics")}, committee ${kb("committee.ics")}); load before: ${loadBefore}`,
  );
  // Under load from other work on the machine, requests/s move with it; the CPU time this process spends
  // per request (both servers run here, one at a time) moves much less: its ratio is printed too.
  const cpuPerReq = (xs: WrkResult[]) =>
    (xs.reduce((t, x) => t + x.serverCpu / x.rps, 0) / xs.length) * 10_000;
  console.log(
    "  case                                  bare twin      app   ratio   µs CPU/req bare / app (ratio)   p99 bare / app   wrk CPU %",
  );
  for (const [name, r] of Object.entries(results)) {
    const goal = name.includes("304") ? 0.8 : name.startsWith("branch") ? 0.5 : 0.3;
    console.log(
      `  ${name.padEnd(36)} ${fmt(mean(r.bare))}  ${fmt(mean(r.app))}   ${(mean(r.app) / mean(r.bare)).toFixed(2)}` +
        ` (≥ ${goal})  ${cpuPerReq(r.bare).toFixed(0)} / ${cpuPerReq(r.app).toFixed(0)} (${(cpuPerReq(r.bare) / cpuPerReq(r.app)).toFixed(2)})` +
        `  ${r.bare.map((x) => x.p99).join("/")} / ${r.app.map((x) => x.p99).join("/")}` +
        `   ${[...r.bare, ...r.app].map((x) => x.wrkCpu).join("/")}`,
    );
  }
  console.log(
    `  first render: branch ${firstRender.branch!.toFixed(0)} ms, committee ${firstRender.committee!.toFixed(0)} ms`,
  );
  console.log(`  load after: ${uptime()}`);
} finally {
  await database.dispose();
}
