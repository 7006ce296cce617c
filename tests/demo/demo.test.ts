import { mkdtemp } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import ICAL from "ical.js";
import { describe, expect, it } from "vitest";
import { createUser } from "../../src/auth/users-service.ts";
import { loadSeedCampaign } from "../../src/campaigns/seed-loader.ts";
import { DEMO_ADMIN, DEMO_PASSWORD, prepareDemo } from "../../src/demo/demo-data.ts";
import { ABSENCE_REASON } from "../../src/demo/demo-standing.ts";
import { buildTestApp } from "../helpers/app.ts";

const NOW = "2026-11-23T18:00:00Z"; // 01:00 on 24/11 in Hà Nội
const t = await buildTestApp({ now: NOW });
await loadSeedCampaign(t.database.db, new Date(NOW));
await createUser(t.database.db, { ...DEMO_ADMIN, displayName: "Quản trị demo", role: "admin" });
const travel = (at: Date | null) => t.clock.set(at ?? NOW);
const dataDir = await mkdtemp(path.join(os.tmpdir(), "chibo-demo-test-"));
/** `npm run demo`'s preparation at NOW: the lines it prints. */
const demo = () =>
  prepareDemo({ app: t.app, dataDir, publicUrl: "https://chibo.test", now: new Date(NOW), travel });
/** The email the demo printed at the end of the line about `who` ("bí thư Chi bộ …"). */
const emailOf = (lines: string[], who: string) =>
  lines
    .find((l) => l.includes(who))!
    .trim()
    .split(/\s+/)
    .at(-1)!;
/** The API's address of a meeting page ("/cuoc-hop/:id" → "/api/meetings/:id"). */
const api = (page: string) => `/api${page.replace("/cuoc-hop/", "/meetings/")}`;

describe("npm run demo", () => {
  it("builds a committee with three branches, plans the seed campaign and a year ahead, and prints working feed links", async () => {
    const lines = await demo();
    const feedUrls = lines.flatMap((l) => l.match(/https:\/\/chibo\.test\/feeds\/\S+\.ics/g) ?? []);
    expect(feedUrls).toHaveLength(6);
    expect(lines.filter((l) => l.includes("webcal://chibo.test/feeds/"))).toHaveLength(3);

    const branches = (await t.app.inject({ url: "/api/branches", headers: t.admin })).json();
    expect(branches).toHaveLength(3);
    for (const b of branches) {
      const members = await t.app.inject({ url: `/api/branches/${b.id}/members`, headers: t.admin });
      expect(members.json()).toHaveLength(12);
    }

    // A secretary's branch feed holds the seed campaign's months, the year ahead, and a meeting within three days.
    const school = new URL(feedUrls[4]!).pathname;
    const res = await t.app.inject({ url: school });
    expect(res.statusCode).toBe(200);
    const vcal = new ICAL.Component(ICAL.parse(res.body));
    const starts = vcal
      .getAllSubcomponents("vevent")
      .filter(
        (e) =>
          e.getFirstPropertyValue("dtstart") instanceof ICAL.Time &&
          !(e.getFirstPropertyValue("dtstart") as ICAL.Time).isDate,
      )
      .map((e) => (e.getFirstPropertyValue("dtstart") as ICAL.Time).toJSDate().getTime());
    const now = new Date(NOW).getTime();
    const soon = starts.filter((s) => s > now && s - now <= 3 * 86_400_000);
    expect(soon.length).toBe(1);
    expect(starts.filter((s) => s > now).length).toBeGreaterThanOrEqual(11);
    // The local peak of seed 003.
    expect(res.body).toContain("Ngày thành lập Đảng bộ tỉnh Hà Giang");

    const plan = await t.app.inject({
      url: `/api/committees/${branches[0].committeeId}/plan?from=2023-06-01&to=2025-11-30`,
      headers: t.admin,
    });
    expect(plan.json()).toHaveLength(3 * 30);

    // The states a person trying the demo should meet, each linked by its meeting page: a cancelled meeting
    // and its make-up in the same month, and a meeting moved out of its month with the reason.
    const pageOf = (label: string) => {
      const line = lines.find((l) => l.trimStart().startsWith(label));
      expect(line, label).toBeDefined();
      return /https:\/\/chibo\.test(\/cuoc-hop\/[0-9a-f-]{36})$/.exec(line!)![1]!;
    };
    const meeting = async (page: string) => (await t.app.inject({ url: api(page), headers: t.admin })).json();
    const cancelled = await meeting(pageOf("buổi đã hủy, có họp bù:"));
    const makeup = await meeting(pageOf("buổi họp bù:"));
    const moved = await meeting(pageOf("buổi dời sang tháng sau:"));
    expect(cancelled.status).toBe("cancelled");
    expect(cancelled.cancelReason).toContain("họp bù");
    expect(makeup.makeupOf).toBe(cancelled.id);
    expect(makeup.status).toBe("planned");
    expect(makeup.date.slice(0, 7)).toBe(cancelled.date.slice(0, 7));
    expect(makeup.date > cancelled.date).toBe(true);
    expect(moved.date.slice(0, 7) > moved.month.slice(0, 7)).toBe(true);
    expect(moved.offMonthReason).toContain("dời sang đầu tháng sau");
    // The meeting page an officer opens from the demo's lines says so.
    const officer = (
      await t.app.inject({
        method: "POST",
        url: "/api/auth/login",
        payload: { email: "tuyengiao@xinman.demo.chibo.vn", password: DEMO_PASSWORD },
      })
    ).json();
    const html = await t.app.inject({
      url: pageOf("buổi họp bù:"),
      headers: { authorization: `Bearer ${officer.token}` },
    });
    expect(html.statusCode).toBe(200);
    expect(html.body).toContain("Họp bù");

    // Meetings that have happened: the three months before this one filed by each branch the day after
    // (one village month ten days late), and the village's meeting of yesterday waiting for its minutes.
    const village = emailOf(lines, "bí thư Chi bộ thôn Nà Chì");
    const villageSecretary = await t.login(village, DEMO_PASSWORD);
    const minutesOf = async (page: string) =>
      (
        await t.app.inject({
          url: `${api(page)}/minutes`,
          headers: villageSecretary,
        })
      ).json();
    const yesterday = await meeting(pageOf("buổi họp hôm qua, chờ điểm danh và biên bản:"));
    expect(yesterday.date).toBe("2026-11-23");
    expect(yesterday.status).toBe("planned");
    const waiting = await t.app.inject({
      url: `/api${pageOf("buổi họp hôm qua, chờ điểm danh và biên bản:").replace("/cuoc-hop/", "/meetings/")}/minutes`,
      headers: villageSecretary,
    });
    expect(waiting.statusCode, waiting.body).toBe(404);
    const attendance = await t.app.inject({
      url: `/api${pageOf("buổi họp hôm qua, chờ điểm danh và biên bản:").replace("/cuoc-hop/", "/meetings/")}/attendance`,
      headers: villageSecretary,
    });
    expect(attendance.json().recorded).toBe(false);
    const late = await minutesOf(pageOf("buổi đã họp, biên bản nộp muộn:"));
    expect(late.submitted).toBe(true);
    expect(late.late).toBe(true);
    const onTime = await meeting(pageOf("buổi đã họp, biên bản nộp đúng hạn:"));
    expect(onTime.date < "2026-11-01").toBe(true);
    const report = await t.app.inject({
      url: `/api/branches/${branches.find((b: { name: string }) => b.name === "Chi bộ Văn phòng Huyện ủy").id}/plan?from=2026-08-01&to=2026-10-31`,
      headers: t.admin,
    });
    expect(report.json().filter((m: { status: string }) => m.status !== "cancelled")).toHaveLength(3);
    // The office's three past months have their minutes in, on time.
    for (const m of report.json() as { id: string }[]) {
      const r = (await t.app.inject({ url: `/api/meetings/${m.id}/minutes`, headers: t.admin })).json();
      expect(r.submitted, JSON.stringify(r)).toBe(true);
      expect(r.late).toBe(false);
    }
    // The clock the staging set back is the test's again.
    expect(t.clock.now().toISOString()).toBe(new Date(NOW).toISOString());
  });

  it("reuses its data on the next run and prints the same links", async () => {
    const first = await demo();
    const again = await demo();
    expect(again).toEqual(first);

    // The web address and a secretary's, a member's and an officer's logins, each working at the login form.
    expect(first).toContain("Trang web: https://chibo.test/ — đăng nhập bằng email và mật khẩu dưới đây:");
    for (const who of ["bí thư chi bộ", "đảng viên", "cán bộ Huyện ủy"]) {
      const line = first.find((l) => l.trimStart().startsWith(who))!;
      const [, email, password] = /(\S+@\S+)\s+mật khẩu: (\S+)/.exec(line)!;
      const res = await t.app.inject({
        method: "POST",
        url: "/dang-nhap",
        headers: { "content-type": "application/x-www-form-urlencoded" },
        payload: new URLSearchParams({ email: email!, password: password! }).toString(),
      });
      expect(res.statusCode, who).toBe(303);
      const cookie = String(res.headers["set-cookie"]).split(";")[0]!;
      const me = (await t.app.inject({ url: "/api/auth/me", headers: { cookie } })).json();
      expect(me.role).toBe(
        { "bí thư chi bộ": "secretary", "đảng viên": "member", "cán bộ Huyện ủy": "officer" }[who],
      );
    }
    expect((await t.app.inject({ url: "/api/branches", headers: t.admin })).json()).toHaveLength(3);
  });

  it("shows a rated year: last year's meetings filed and rated, a quarter without a thematic meeting, an exempted and a temporary member, a báo vắng", async () => {
    const lines = await demo();
    const officer = await t.login("tuyengiao@xinman.demo.chibo.vn", DEMO_PASSWORD);
    const branches = (await t.app.inject({ url: "/api/branches", headers: t.admin })).json() as {
      id: string;
      name: string;
      committeeId: string;
    }[];
    const byName = (n: string) => branches.find((b) => b.name === n)!;
    const office = byName("Chi bộ Văn phòng Huyện ủy");
    const village = byName("Chi bộ thôn Nà Chì");
    const pageOf = (label: string) => {
      const line = lines.find((l) => l.trimStart().startsWith(label));
      expect(line, label).toBeDefined();
      return /https:\/\/chibo\.test(\/\S+)$/.exec(line!)![1]!;
    };

    // Every month of last year held by each branch, its minutes filed with the official parts, and rated.
    const plan = (
      await t.app.inject({
        url: `/api/committees/${office.committeeId}/plan?from=2025-01-01&to=2025-12-31`,
        headers: t.admin,
      })
    ).json() as { id: string; branchId: string; status: string; kind: string; date: string }[];
    const held = plan.filter((m) => m.status === "held");
    expect(held).toHaveLength(36);
    const bands: string[] = [];
    for (const m of held) {
      const q = (await t.app.inject({ url: `/api/meetings/${m.id}/quality`, headers: officer })).json();
      expect(q.rating, m.date).not.toBeNull();
      bands.push(q.rating.band);
    }
    expect(bands.filter((b) => b === "trung_binh")).toHaveLength(1);
    expect(bands.filter((b) => b === "tot").length).toBeGreaterThan(bands.length / 2);
    expect(bands.filter((b) => b === "kha").length).toBeGreaterThan(0);
    const minutes = (
      await t.app.inject({ url: `/api/meetings/${held[0]!.id}/minutes`, headers: t.admin })
    ).json();
    expect(minutes.submitted).toBe(true);
    expect(minutes.missingParts).toEqual([]);
    expect(minutes.content.readBack).toBe(true);
    expect(minutes.content.resolution.text).toContain("Thông qua");
    // One thematic meeting a quarter, but one quarter of the village's.
    const thematic = (branchId: string) =>
      held.filter((m) => m.branchId === branchId && m.kind === "thematic").map((m) => m.date.slice(5, 7));
    expect(thematic(office.id)).toEqual(["02", "05", "08", "11"]);
    expect(thematic(village.id)).toEqual(["02", "05", "11"]);

    // The linked meetings: a thematic one rated tốt, the one rated trung bình.
    const rated = (
      await t.app.inject({
        url: `${api(pageOf("buổi chuyên đề đã xếp loại Tốt:"))}/quality`,
        headers: officer,
      })
    ).json();
    expect(rated.rating.band).toBe("tot");
    const weak = (
      await t.app.inject({ url: `${api(pageOf("buổi xếp loại Trung bình:"))}/quality`, headers: officer })
    ).json();
    expect(weak.rating.band).toBe("trung_binh");

    // The officer's grid of last year: bands in the cells, each branch's year rated, the village's capped at
    // khá by its quarter without a thematic meeting.
    const gridPage = pageOf("lưới năm 2025:");
    expect(gridPage).toBe(`/cap-uy/${office.committeeId}?nam=2025`);
    const grid = await t.app.inject({ url: gridPage, headers: officer });
    expect(grid.statusCode).toBe(200);
    const rows = grid.body.split("<tr>").slice(1);
    const rowOf = (name: string) => rows.find((r) => r.includes(name))!;
    expect(rowOf("Chi bộ Văn phòng")).toContain("Xếp loại năm: Tốt");
    expect(rowOf("Chi bộ thôn Nà Chì")).toContain("Xếp loại năm: Khá");
    expect(rowOf("Chi bộ thôn Nà Chì")).toContain("1 quý không sinh hoạt chuyên đề");
    expect(rowOf("Chi bộ thôn Nà Chì")).toContain('<b class="q-missing">Q3✗<i> không có</i></b>');
    expect(rowOf("Chi bộ Văn phòng")).not.toContain("q-missing");
    expect(grid.body.match(/\(xếp loại (Tốt|Khá|Trung bình)\)/g)).toHaveLength(36);

    // The office's counts by category show its exempted and its temporary member.
    const att = (
      await t.app.inject({
        url: `/api/meetings/${held.find((m) => m.branchId === office.id)!.id}/attendance`,
        headers: t.admin,
      })
    ).json();
    expect(att.categories.exempted).toBe(1);
    expect(att.categories.temporary).toBe(1);
    expect(att.categories.presentTemporary).toBe(1);
    expect(att.categories.required).toBe(att.categories.total - 1);
    const exempted = att.members.find((m: { exemption: unknown }) => m.exemption);
    expect(exempted.exemption.decisionRef).toMatch(/^Quyết định số .+ của Ban Thường vụ Huyện ủy$/);
    expect(att.members.find((m: { homeOrganisation: unknown }) => m.homeOrganisation)).toBeDefined();

    // The school's secretary sees the member's word of absence on the meeting two days ahead.
    const absencePage = pageOf("buổi sắp họp, có đảng viên báo vắng:");
    const soon = (await t.app.inject({ url: api(absencePage), headers: t.admin })).json();
    expect(soon.date).toBe("2026-11-26");
    const school = emailOf(lines, "bí thư Chi bộ Trường THCS Cốc Pài");
    const seen = await t.app.inject({ url: absencePage, headers: await t.login(school, DEMO_PASSWORD) });
    expect(seen.statusCode).toBe(200);
    expect(seen.body).toContain(ABSENCE_REASON);
  });
});
