/**
 * The peak table for 2025: the seed campaign planned over 2025 for three branches with different rules (a
 * fixed day moved to the next working day, the last Friday moved to the previous one, the 25th kept even
 * on a day off), plus the province's own 25/12/1945. Every anniversary of 2025 is a round one, and each
 * must be stressed by exactly one meeting of each branch: its last meeting within the peak's window. The
 * answer is read the way people read it: the branch feeds (parsed with ical.js) and the meetings' views.
 */
import ICAL from "ical.js";
import { beforeAll, describe, expect, it } from "vitest";
import { loadSeedCampaign } from "../../src/campaigns/seed-loader.ts";
import { buildTestApp } from "../helpers/app.ts";

const t = await buildTestApp({ now: "2025-01-01T00:00:00Z" });
const { app, admin } = t;
const { campaignId: templateId } = await loadSeedCampaign(t.database.db, t.clock.now());

async function call<T>(method: "GET" | "POST", url: string, payload?: object): Promise<T> {
  const res = await app.inject({ method, url, headers: admin, ...(payload ? { payload } : {}) });
  if (res.statusCode >= 300) throw new Error(`${method} ${url}: ${res.statusCode} ${res.body}`);
  return res.json() as T;
}

/** The peak days of 2025 as the plans write their dates, with the branch meeting that stresses each. */
const PEAKS = [
  "(03/02/1930 - 03/02/2025)",
  "(30/04/1975 - 30/04/2025)",
  "(19/05/1890 - 19/05/2025)",
  "(19/08/1945 - 19/08/2025)",
  "(02/09/1945 - 02/09/2025)",
  "(25/12/1945 - 25/12/2025)",
] as const;

const RULES = {
  "Chi bộ Văn phòng Huyện ủy": {
    rule: { day: { kind: "day_of_month", day: 5 }, startTime: "14:00", durationMinutes: 120, shift: "next" },
    // 05/01 is a Sunday; 05/4 a Saturday and 07/4 Giỗ Tổ Hùng Vương: the next working days. 05/8 is the
    // last meeting before 19/8 AND before 2/9.
    expected: {
      "(03/02/1930 - 03/02/2025)": "2025-01-06",
      "(30/04/1975 - 30/04/2025)": "2025-04-08",
      "(19/05/1890 - 19/05/2025)": "2025-05-05",
      "(19/08/1945 - 19/08/2025)": "2025-08-05",
      "(02/09/1945 - 02/09/2025)": "2025-08-05",
      "(25/12/1945 - 25/12/2025)": "2025-12-05",
    },
  },
  "Chi bộ thôn Nà Chì": {
    rule: {
      day: { kind: "weekday", weekday: 5, nth: -1 },
      startTime: "19:30",
      durationMinutes: 90,
      shift: "previous",
    },
    // The last Friday: 31/1 falls in Tết, so 27/1; 25/4 stresses both 30/4 and 19/5 (30/5 is after
    // 19/5); 28/11 stresses 25/12.
    expected: {
      "(03/02/1930 - 03/02/2025)": "2025-01-27",
      "(30/04/1975 - 30/04/2025)": "2025-04-25",
      "(19/05/1890 - 19/05/2025)": "2025-04-25",
      "(19/08/1945 - 19/08/2025)": "2025-07-25",
      "(02/09/1945 - 02/09/2025)": "2025-08-29",
      "(25/12/1945 - 25/12/2025)": "2025-11-28",
    },
  },
  "Chi bộ Trường THCS Cốc Pài": {
    rule: { day: { kind: "day_of_month", day: 25 }, startTime: "08:00", durationMinutes: 120, shift: "keep" },
    // The 25th, kept: 25/11 lies outside 25/12's window, 25/12 itself is the meeting (not 25/11 and 25/12).
    expected: {
      "(03/02/1930 - 03/02/2025)": "2025-01-25",
      "(30/04/1975 - 30/04/2025)": "2025-04-25",
      "(19/05/1890 - 19/05/2025)": "2025-04-25",
      "(19/08/1945 - 19/08/2025)": "2025-07-25",
      "(02/09/1945 - 02/09/2025)": "2025-08-25",
      "(25/12/1945 - 25/12/2025)": "2025-12-25",
    },
  },
} as const;

type BranchName = keyof typeof RULES;

interface PlannedMeeting {
  id: string;
  date: string;
  peak: { text: string; anniversary: number; round: boolean } | null;
  peaks: { date: string; text: string; anniversary: number; round: boolean }[];
}

const branches = new Map<BranchName, { id: string; feed: string; plan: PlannedMeeting[] }>();
let committeeFeed = "";

beforeAll(async () => {
  const province = await call<{ id: string }>("POST", "/api/committees", { name: "Tỉnh ủy Hà Giang" });
  const district = await call<{ id: string }>("POST", "/api/committees", {
    name: "Huyện ủy Xín Mần",
    parentId: province.id,
  });
  const ids = new Map<BranchName, string>();
  for (const [name, spec] of Object.entries(RULES) as [BranchName, (typeof RULES)[BranchName]][]) {
    const b = await call<{ id: string }>("POST", `/api/committees/${district.id}/branches`, {
      name,
      place: "Hội trường",
      meetingRule: spec.rule,
    });
    ids.set(name, b.id);
  }
  const campaign = await call<{ id: string }>("POST", `/api/campaigns/${templateId}/copy`, {
    committeeId: district.id,
    firstMonth: "2025-01",
    lastMonth: "2025-12",
  });
  await call("POST", `/api/campaigns/${campaign.id}/peak-dates`, {
    day: 25,
    month: 12,
    baseYear: 1945,
    name: "Ngày thành lập Đảng bộ tỉnh Hà Giang",
    committeeId: province.id,
  });
  await call("POST", `/api/campaigns/${campaign.id}/plan`);
  for (const [name, id] of ids) {
    const sub = await call<{ httpsUrl: string }>("POST", "/api/feeds", { kind: "branch", branchId: id });
    const feed = await app.inject({ url: new URL(sub.httpsUrl).pathname });
    expect(feed.statusCode).toBe(200);
    const plan = await call<PlannedMeeting[]>(
      "GET",
      `/api/branches/${id}/plan?from=2025-01-01&to=2025-12-31`,
    );
    branches.set(name, { id, feed: feed.body, plan });
  }
  const sub = await call<{ httpsUrl: string }>("POST", "/api/feeds", {
    kind: "committee",
    committeeId: district.id,
  });
  committeeFeed = (await app.inject({ url: new URL(sub.httpsUrl).pathname })).body;
});

function vevents(text: string) {
  return new ICAL.Component(ICAL.parse(text)).getAllSubcomponents("vevent");
}

function str(e: ICAL.Component, prop: string): string {
  return String(e.getFirstPropertyValue(prop) ?? "");
}

/** The meetings of a feed: their civil date and the peak line that opens their description, if any. */
function feedMeetings(text: string) {
  return vevents(text)
    .filter((e) => str(e, "uid").startsWith("meeting-"))
    .map((e) => {
      const start = (e.getFirstPropertyValue("dtstart") as ICAL.Time).toJSDate();
      const date = new Date(start.getTime() + 7 * 3_600_000).toISOString().slice(0, 10);
      const first = str(e, "description").split("\n")[0]!;
      return {
        date,
        summary: str(e, "summary"),
        peakLine: first.includes("Sinh hoạt cao điểm") ? first : "",
      };
    });
}

describe("the 2025 peak table: every anniversary stressed once in each branch", () => {
  for (const name of Object.keys(RULES) as BranchName[]) {
    it(`${name}: in its feed, each peak day by exactly one meeting, the last within the window`, () => {
      const b = branches.get(name)!;
      const meetings = feedMeetings(b.feed).filter((m) => m.date.startsWith("2025"));
      expect(meetings).toHaveLength(12);
      const table = Object.fromEntries(
        PEAKS.map((p) => {
          const hits = meetings.filter((m) => m.peakLine.includes(p));
          return [p, hits.map((m) => m.date).join(" ")];
        }),
      );
      expect(table).toEqual(RULES[name].expected);
      // Every anniversary of 2025 is a round one.
      for (const m of meetings.filter((x) => x.peakLine)) {
        expect(m.peakLine.startsWith("★★ Sinh hoạt cao điểm (năm chẵn): kỷ niệm ")).toBe(true);
        expect(m.summary.startsWith("★ Sinh hoạt chi bộ tháng ")).toBe(true);
        expect([...m.summary].length).toBeLessThanOrEqual(80);
      }
      // The others carry no peak at all.
      const stressing = new Set<string>(Object.values(RULES[name].expected));
      for (const m of meetings.filter((x) => !stressing.has(x.date))) expect(m.peakLine).toBe("");
    });

    it(`${name}: the meeting views say the same, and the peak days name that meeting`, () => {
      const b = branches.get(name)!;
      const fromViews = Object.fromEntries(
        PEAKS.map((p) => [
          p,
          b.plan
            .filter((m) => m.peaks.some((x) => x.text.includes(p)))
            .map((m) => m.date)
            .join(" "),
        ]),
      );
      expect(fromViews).toEqual(RULES[name].expected);
      for (const m of b.plan) {
        expect(m.peak === null).toBe(m.peaks.length === 0);
        if (m.peak) expect(m.peak.round).toBe(true);
      }
      // The all-day peak events of the branch feed point at the same meeting.
      const days = vevents(b.feed).filter((e) => str(e, "uid").startsWith("peak-"));
      for (const p of PEAKS) {
        const day = days.find((e) => str(e, "description").includes(p))!;
        expect(day, p).toBeDefined();
        const [y, mo, d] = RULES[name].expected[p].split("-");
        expect(str(day, "description")).toContain(`Buổi sinh hoạt cao điểm của chi bộ: `);
        expect(str(day, "description")).toContain(`${d}/${mo}/${y}.`);
      }
    });
  }

  it("the August meeting on 05/08/2025 carries 19/8 and 2/9 in one phrase, as the plans write it", () => {
    const b = branches.get("Chi bộ Văn phòng Huyện ủy")!;
    const august = b.plan.find((m) => m.date === "2025-08-05")!;
    expect(august.peak?.text).toBe(
      "kỷ niệm 80 năm Cách mạng tháng Tám thành công (19/08/1945 - 19/08/2025) và Quốc khánh nước Cộng hòa xã hội chủ nghĩa Việt Nam (02/09/1945 - 02/09/2025)",
    );
    const line = feedMeetings(b.feed).find((m) => m.date === "2025-08-05")!.peakLine;
    expect(line).toBe(`★★ Sinh hoạt cao điểm (năm chẵn): ${august.peak!.text}`);
  });

  it("the committee feed carries each branch's peak meetings the same way, once per branch", () => {
    const meetings = feedMeetings(committeeFeed).filter((m) => m.date.startsWith("2025"));
    expect(meetings).toHaveLength(36);
    for (const p of PEAKS) {
      const hits = meetings.filter((m) => m.peakLine.includes(p));
      expect(hits.map((m) => m.date).sort(), p).toEqual(
        (Object.keys(RULES) as BranchName[]).map((n) => RULES[n].expected[p]).sort(),
      );
    }
  });

  it("a copy publishes none of the old campaign's events: the 2023 - 2025 review, moved with the copy, falls outside it", () => {
    // The seed's review conference (15/08/2025) moves 19 months with the copy (06/2023 → 01/2025), past the
    // copy's last month: a copy carries no event outside its months (issue 19), so no feed names it.
    for (const b of branches.values()) {
      const summaries = vevents(b.feed)
        .filter((e) => str(e, "uid").startsWith("event-"))
        .map((e) => str(e, "summary"));
      expect(summaries).not.toContain("Hội nghị sơ kết giai đoạn 2023 - 2025");
      expect(b.feed).not.toContain("2023 - 2025");
    }
  });
});

describe("what the seed campaign's meetings and deadlines say in the feeds", () => {
  it("each part named once, no internal code, estimated pages marked “khoảng”", () => {
    for (const b of branches.values()) {
      const meetings = vevents(b.feed).filter((e) => str(e, "uid").startsWith("meeting-"));
      expect(meetings.length).toBe(12);
      for (const e of meetings) {
        const d = str(e, "description");
        expect(d).not.toMatch(/Phần thứ \S+: Phần thứ/u);
        expect(d).not.toContain("Mã chủ đề");
        expect(d).not.toMatch(/\bP\d\.\d\b/);
        if (/^Phần thứ/m.test(d)) expect(d).toMatch(/^Tài liệu: khoảng trang \d+–\d+$/m);
      }
    }
  });

  it("a deadline names the Huyện ủy that set it, never a fixed “Thị ủy”", () => {
    for (const b of branches.values()) {
      const deadlines = vevents(b.feed).filter((e) => str(e, "uid").startsWith("deadline-"));
      expect(deadlines.length).toBeGreaterThan(0);
      for (const e of deadlines) {
        expect(str(e, "description")).toContain("Ban Thường vụ Huyện ủy Xín Mần");
        expect(str(e, "summary") + str(e, "description")).not.toContain("Thị ủy");
      }
    }
  });
});
