/**
 * Demo data, built through the real API the way people would: a district committee modelled on seed 003
 * (Huyện ủy Xín Mần, Hà Giang) with its local peak 25/12/1945, three branches with different rules and a
 * dozen members each, the seed campaign planned over its own months, and the same catalogue planned again
 * from the current month for a year, one meeting falling within three days; next month one branch's meeting
 * is cancelled and made up a week later ("Họp bù"), and the month after another branch's meeting is moved
 * into the following month with its reason, as their secretaries would. The three months before the current
 * one are held and filed, and one meeting was held yesterday (demo-held.ts). Kept under the demo's own
 * DATA_DIR; the next run reuses it (the feed links are kept in `demo.json` beside it, since only their
 * hashes are in the database).
 */
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { DateTime } from "luxon";
import { HOME_ZONE } from "../domain/civil-date.ts";
import type { App } from "../http/types.ts";
import { type Call, type HeldMeetings, stageHeldMeetings, type Travel } from "./demo-held.ts";
import { stageAbsence, stageStandings } from "./demo-standing.ts";

export const DEMO_PASSWORD = "chibo-demo-2026";
export const DEMO_ADMIN = { email: "admin@demo.chibo.vn", password: DEMO_PASSWORD };

interface DemoBranch {
  id: string;
  name: string;
  secretaryEmail: string;
  memberEmail: string;
  branchFeed: { https: string; webcal: string };
  memberFeed: { https: string; webcal: string };
}
interface DemoState {
  provinceId: string;
  committeeId: string;
  officerEmail: string;
  aheadCampaignId: string;
  seedCampaignId: string;
  branches: DemoBranch[];
  /** The staged meetings (absent from a demo built before they were staged). */
  staged?: { cancelledId: string; makeupId: string; movedId: string };
  /** The held meetings (absent from a demo built before they were staged). */
  held?: HeldMeetings;
}

const FAMILY = [
  "Nguyễn",
  "Trần",
  "Lê",
  "Phạm",
  "Hoàng",
  "Vũ",
  "Đặng",
  "Bùi",
  "Đỗ",
  "Hồ",
  "Ngô",
  "Dương",
  "Lý",
  "Giàng",
  "Vàng",
  "Sùng",
];
const MIDDLE = ["Văn", "Thị", "Đức", "Minh", "Thu", "Quốc", "Ngọc", "Hữu", "Thanh", "Xuân"];
const GIVEN = [
  "An",
  "Bình",
  "Chi",
  "Dũng",
  "Hằng",
  "Hải",
  "Hoa",
  "Hùng",
  "Lan",
  "Lâm",
  "Mai",
  "Nam",
  "Phương",
  "Quân",
  "Sơn",
  "Thảo",
  "Tuấn",
  "Yến",
  "Páo",
  "Sính",
];

/** ASCII mailbox from a Vietnamese name: "Đặng Thị Hằng" → "hang.dt". */
function mailbox(fullName: string): string {
  const ascii = fullName
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/[đĐ]/g, "d")
    .toLowerCase();
  const parts = ascii.split(" ");
  return `${parts.at(-1)}.${parts
    .slice(0, -1)
    .map((p) => p[0])
    .join("")}`;
}

export interface DemoContext {
  app: App;
  dataDir: string;
  publicUrl: string;
  now: Date;
  /** Sets the app's clock while the past is staged (null: back to the real time). */
  travel: Travel;
}

/** Links are kept without their host, so that a later run on another PUBLIC_URL or port prints its own. */
function relink(publicUrl: string, httpsUrl: string) {
  const p = new URL(httpsUrl).pathname;
  const u = new URL(publicUrl);
  return { https: `${publicUrl}${p}`, webcal: `webcal://${u.host}${u.pathname.replace(/\/$/, "")}${p}` };
}

/** Builds the demo on first run, refreshes the meeting that lies within three days on later runs,
 * and returns the lines to print. */
export async function prepareDemo(ctx: DemoContext): Promise<string[]> {
  const { app } = ctx;
  const call = async <T = Record<string, unknown>>(
    method: "GET" | "POST" | "PATCH" | "PUT",
    url: string,
    headers: Record<string, string>,
    payload?: object,
  ): Promise<T> => {
    const res = await app.inject({ method, url, headers, ...(payload ? { payload } : {}) });
    if (res.statusCode >= 300) throw new Error(`demo: ${method} ${url} → ${res.statusCode} ${res.body}`);
    return res.json() as T;
  };
  const login = async (email: string) => {
    const { token } = await call<{ token: string }>(
      "POST",
      "/api/auth/login",
      {},
      { email, password: DEMO_PASSWORD },
    );
    return { authorization: `Bearer ${token}` };
  };
  const stateFile = path.join(ctx.dataDir, "demo.json");
  const admin = await login(DEMO_ADMIN.email);
  const today = DateTime.fromJSDate(ctx.now, { zone: HOME_ZONE }).startOf("day");
  // The school branch meets two days from now, whatever day the demo runs, so that a meeting (and its
  // reminders) lies just ahead.
  const soon = today.plus({ days: 2 });
  const soonRule = {
    day: { kind: "day_of_month", day: soon.day },
    startTime: "07:30",
    durationMinutes: 90,
    shift: "keep",
  };

  let state: DemoState;
  if (existsSync(stateFile)) {
    state = JSON.parse(readFileSync(stateFile, "utf8")) as DemoState;
    const school = state.branches[2]!;
    await call("PATCH", `/api/branches/${school.id}`, admin, { meetingRule: soonRule });
    await call("POST", `/api/campaigns/${state.aheadCampaignId}/plan`, admin);
  } else {
    state = await buildDemo(call, login, admin, today, soonRule, ctx.travel);
    writeFileSync(stateFile, JSON.stringify(state, null, 2), { mode: 0o600 });
  }

  const absenceId = await stageAbsence(app, call, admin, login, state.branches[2]!, today);

  const first = state.branches[0]!;
  const lines = [
    "Dữ liệu demo: Huyện ủy Xín Mần (Hà Giang), 3 chi bộ, mỗi chi bộ 12 đảng viên.",
    `Trang web: ${ctx.publicUrl}/ — đăng nhập bằng email và mật khẩu dưới đây:`,
    `  bí thư chi bộ       ${first.secretaryEmail}   mật khẩu: ${DEMO_PASSWORD}`,
    `  đảng viên           ${first.memberEmail}   mật khẩu: ${DEMO_PASSWORD}`,
    `  cán bộ Huyện ủy     ${state.officerEmail}   mật khẩu: ${DEMO_PASSWORD}`,
    `  quản trị viên       ${DEMO_ADMIN.email}   mật khẩu: ${DEMO_PASSWORD}`,
    `Các tài khoản khác (mật khẩu chung: ${DEMO_PASSWORD}):`,
  ];
  for (const b of state.branches) {
    lines.push(`  bí thư ${b.name.padEnd(30)} ${b.secretaryEmail}`);
    lines.push(`  đảng viên ${b.name.padEnd(27)} ${b.memberEmail}`);
  }
  if (state.staged) {
    const at = (id: string) => `${ctx.publicUrl}/cuoc-hop/${id}`;
    lines.push("Các tình huống để xem thử (đăng nhập bằng tài khoản bí thư hoặc cán bộ Huyện ủy):");
    lines.push(`  buổi đã hủy, có họp bù:     ${at(state.staged.cancelledId)}`);
    lines.push(`  buổi họp bù:                ${at(state.staged.makeupId)}`);
    lines.push(`  buổi dời sang tháng sau:    ${at(state.staged.movedId)}`);
  }
  if (state.held) {
    const at = (id: string) => `${ctx.publicUrl}/cuoc-hop/${id}`;
    lines.push(`  buổi họp hôm qua, chờ điểm danh và biên bản: ${at(state.held.yesterdayId)}`);
    lines.push(`  buổi đã họp, biên bản nộp đúng hạn:        ${at(state.held.filedIds.at(-1)!)}`);
    lines.push(`  buổi đã họp, biên bản nộp muộn:            ${at(state.held.lateId)}`);
    if (state.held.thematicId)
      lines.push(`  buổi chuyên đề đã xếp loại Tốt:            ${at(state.held.thematicId)}`);
    if (state.held.weakId)
      lines.push(`  buổi xếp loại Trung bình:                  ${at(state.held.weakId)}`);
  }
  lines.push(`  buổi sắp họp, có đảng viên báo vắng:       ${ctx.publicUrl}/cuoc-hop/${absenceId}`);
  if (state.held?.missingQuarter) {
    const year = state.held.missingQuarter.slice(0, 4);
    lines.push(
      "Cán bộ Huyện ủy xem xếp loại các chi bộ (điểm từng buổi, quý thiếu chuyên đề, xếp loại năm):",
    );
    lines.push(`  lưới năm ${year}: ${ctx.publicUrl}/cap-uy/${state.committeeId}?nam=${year}`);
  }
  lines.push("Lịch iCal (dán vào ứng dụng lịch để đăng ký):");
  for (const b of state.branches) {
    const branchFeed = relink(ctx.publicUrl, b.branchFeed.https);
    lines.push(`  ${b.name}`);
    lines.push(`    lịch chi bộ (bí thư):  ${branchFeed.https}`);
    lines.push(`                           ${branchFeed.webcal}`);
    lines.push(`    lịch một đảng viên:    ${relink(ctx.publicUrl, b.memberFeed.https).https}`);
  }
  return lines;
}

async function buildDemo(
  call: Call,
  login: (email: string) => Promise<{ authorization: string }>,
  admin: Record<string, string>,
  today: DateTime,
  soonRule: object,
  travel: Travel,
): Promise<DemoState> {
  const province = await call<{ id: string }>("POST", "/api/committees", admin, { name: "Tỉnh ủy Hà Giang" });
  const district = await call<{ id: string }>("POST", "/api/committees", admin, {
    name: "Huyện ủy Xín Mần",
    parentId: province.id,
  });
  const officerEmail = "tuyengiao@xinman.demo.chibo.vn";
  await call("POST", "/api/users", admin, {
    email: officerEmail,
    displayName: "Ban Tuyên giáo Huyện ủy Xín Mần",
    password: DEMO_PASSWORD,
    role: "officer",
    committeeId: district.id,
  });

  const specs = [
    {
      name: "Chi bộ Văn phòng Huyện ủy",
      place: "Phòng họp tầng 2, trụ sở Huyện ủy",
      meetingRule: {
        day: { kind: "day_of_month", day: 5 },
        startTime: "14:00",
        durationMinutes: 120,
        shift: "next",
      },
    },
    {
      name: "Chi bộ thôn Nà Chì",
      place: "Nhà văn hóa thôn Nà Chì",
      meetingRule: {
        day: { kind: "weekday", weekday: 5, nth: -1 },
        startTime: "19:30",
        durationMinutes: 90,
        shift: "previous",
      },
    },
    { name: "Chi bộ Trường THCS Cốc Pài", place: "Phòng hội đồng nhà trường", meetingRule: soonRule },
  ];
  const branches: DemoBranch[] = [];
  let n = 0;
  for (const [i, spec] of specs.entries()) {
    const branch = await call<{ id: string }>("POST", `/api/committees/${district.id}/branches`, admin, {
      ...spec,
      onlineUrl: i === 0 ? "https://meet.jit.si/chibo-vp-huyen-uy" : null,
    });
    const members: { id: string; email: string; fullName: string }[] = [];
    for (let k = 0; k < 12; k++, n++) {
      const fullName = `${FAMILY[n % FAMILY.length]} ${MIDDLE[(n * 7) % MIDDLE.length]} ${GIVEN[(n * 3) % GIVEN.length]}`;
      const email = `${mailbox(fullName)}${n}@demo.chibo.vn`;
      const role = k === 0 ? "secretary" : k === 1 ? "deputy_secretary" : k === 11 ? "guest" : "member";
      const m = await call<{ id: string }>("POST", `/api/branches/${branch.id}/members`, admin, {
        fullName,
        // One member has no email: the secretary sees them listed as unreachable by mail.
        email: k === 10 ? null : email,
        role,
        status: k === 9 ? "probationary" : "full",
        joinedOn: k === 9 ? today.minus({ months: 8 }).toISODate() : "2015-03-03",
      });
      members.push({ id: m.id, email, fullName });
    }
    const sec = members[0]!;
    const mem = members[2]!;
    await call("POST", "/api/users", admin, {
      email: sec.email,
      displayName: sec.fullName,
      password: DEMO_PASSWORD,
      role: "secretary",
      branchId: branch.id,
      memberId: sec.id,
    });
    await call("POST", "/api/users", admin, {
      email: mem.email,
      displayName: mem.fullName,
      password: DEMO_PASSWORD,
      role: "member",
      memberId: mem.id,
    });
    const secLogin = await login(sec.email);
    const memLogin = await login(mem.email);
    const bf = await call<{ httpsUrl: string; webcalUrl: string }>("POST", "/api/feeds", secLogin, {
      kind: "branch",
      branchId: branch.id,
    });
    const mf = await call<{ httpsUrl: string; webcalUrl: string }>("POST", "/api/feeds", memLogin, {
      kind: "member",
      memberId: mem.id,
    });
    branches.push({
      id: branch.id,
      name: spec.name,
      secretaryEmail: sec.email,
      memberEmail: mem.email,
      branchFeed: { https: bf.httpsUrl, webcal: bf.webcalUrl },
      memberFeed: { https: mf.httpsUrl, webcal: mf.webcalUrl },
    });
  }

  const campaigns = await call<{ id: string; template: boolean; firstMonth: string; lastMonth: string }[]>(
    "GET",
    "/api/campaigns",
    admin,
  );
  const template = campaigns.find((c) => c.template);
  if (!template) throw new Error("demo: the seed campaign template is missing");
  const localPeak = {
    day: 25,
    month: 12,
    baseYear: 1945,
    name: "Ngày thành lập Đảng bộ tỉnh Hà Giang",
    committeeId: province.id,
  };
  const seedCopy = await call<{ id: string }>("POST", `/api/campaigns/${template.id}/copy`, admin, {
    committeeId: district.id,
    firstMonth: template.firstMonth,
    lastMonth: template.lastMonth,
  });
  await call("POST", `/api/campaigns/${seedCopy.id}/peak-dates`, admin, localPeak);
  await call("POST", `/api/campaigns/${seedCopy.id}/plan`, admin);

  // From January of last year (held, with their minutes and ratings: a rated year) to a year ahead; from
  // the month after the seed campaign's if that runs later, so that no month is planned by both.
  const current = today.startOf("month");
  const heldFrom = current.minus({ years: 1 }).startOf("year");
  const afterSeed = DateTime.fromISO(template.lastMonth.slice(0, 7), { zone: HOME_ZONE }).plus({ months: 1 });
  const first = DateTime.max(heldFrom, afterSeed);
  const last = current.plus({ months: 11 });
  const ahead = await call<{ id: string }>("POST", `/api/campaigns/${template.id}/copy`, admin, {
    committeeId: district.id,
    firstMonth: first.toFormat("yyyy-MM"),
    lastMonth: last.toFormat("yyyy-MM"),
    title: `Học tập tác phẩm (đợt ${first.toFormat("MM/yyyy")} – ${last.toFormat("MM/yyyy")})`,
  });
  await call("POST", `/api/campaigns/${ahead.id}/peak-dates`, admin, localPeak);
  await call("POST", `/api/campaigns/${ahead.id}/plan`, admin);
  const { scheme } = await call<{ scheme: Parameters<typeof stageHeldMeetings>[6] }>(
    "GET",
    `/api/committees/${district.id}/rating-settings`,
    admin,
  );
  await stageStandings(call, admin, branches[0]!, heldFrom);
  const held = await stageHeldMeetings(call, login, travel, branches, today, heldFrom, scheme);
  const staged = await stageMeetings(call, login, branches, current);

  return {
    provinceId: province.id,
    committeeId: district.id,
    officerEmail,
    aheadCampaignId: ahead.id,
    seedCampaignId: seedCopy.id,
    branches,
    staged,
    held,
  };
}

type PlannedMeeting = { id: string; date: string; status: string };

/**
 * What a secretary's year holds besides meetings held as planned, done by the secretaries through the API:
 * next month the office's meeting is cancelled (a conference of the district's executive committee the same
 * day) and made up a week later, in the same month; the month after, the village's meeting is moved to the
 * first Friday of the following month, with the reason the branch's report then shows.
 */
async function stageMeetings(
  call: Call,
  login: (email: string) => Promise<{ authorization: string }>,
  branches: DemoBranch[],
  first: DateTime,
): Promise<NonNullable<DemoState["staged"]>> {
  const meetingIn = async (b: DemoBranch, month: DateTime, headers: Record<string, string>) => {
    const from = month.startOf("month").toISODate();
    const to = month.endOf("month").toISODate();
    const plan = await call<PlannedMeeting[]>(
      "GET",
      `/api/branches/${b.id}/plan?from=${from}&to=${to}`,
      headers,
    );
    const m = plan.find((x) => x.status === "planned");
    if (!m) throw new Error(`demo: ${b.name} has no meeting planned in ${month.toFormat("MM/yyyy")}`);
    return m;
  };

  const office = branches[0]!;
  const officeSecretary = await login(office.secretaryEmail);
  const cancelled = await meetingIn(office, first.plus({ months: 1 }), officeSecretary);
  await call("POST", `/api/meetings/${cancelled.id}/cancel`, officeSecretary, {
    reason: "Trùng ngày Hội nghị Ban Chấp hành Đảng bộ huyện; chi bộ họp bù sau một tuần.",
  });
  // A week later: the same weekday, still within the month (the office meets early in the month).
  const makeup = await call<{ id: string }>("POST", `/api/meetings/${cancelled.id}/makeup`, officeSecretary, {
    date: DateTime.fromISO(cancelled.date).plus({ days: 7 }).toISODate(),
    startTime: "14:00",
    // A week on may be a holiday (Tết): the staged office meets anyway, as a secretary may confirm.
    confirmDayOff: true,
  });

  const village = branches[1]!;
  const villageSecretary = await login(village.secretaryEmail);
  const moved = await meetingIn(village, first.plus({ months: 2 }), villageSecretary);
  let friday = first.plus({ months: 3 }).startOf("month");
  while (friday.weekday !== 5) friday = friday.plus({ days: 1 });
  // A Friday that is no holiday (Tết can fall early in the month): moved again a week on if it is one.
  for (let tries = 0; tries < 3; tries++, friday = friday.plus({ days: 7 })) {
    const r = await call<{ warnings: string[] }>("PATCH", `/api/meetings/${moved.id}`, villageSecretary, {
      date: friday.toISODate(),
      reason: "Đảng viên trong thôn đang thu hoạch mùa vụ; chi bộ thống nhất dời sang đầu tháng sau.",
      confirmDayOff: true,
    });
    if (r.warnings.length === 0) break;
  }
  return { cancelledId: cancelled.id, makeupId: makeup.id, movedId: moved.id };
}
