/**
 * The demo's past: meetings that have happened, so that a newcomer can try attendance and minutes at once,
 * and an officer sees a rated year. Every month from January of last year to the one before the current is
 * held by every branch and filed by its secretary the day after, with the official minutes' parts, and rated
 * under the committee's points scheme (mostly tốt, some khá, one trung bình); one meeting a quarter is
 * thematic, except one quarter of last year in the village, which its grid shows missing and its year rating
 * counts. The village files one recent month's minutes ten days late, past the seven-day due date; one
 * meeting was held yesterday and waits for its attendance and minutes. Done through the real API with the
 * app's clock set to when a secretary would have done it, so that "submitted on time" and "late" are true of
 * the record (the demo's clock falls back to the system's once the set-up is done).
 */
import { DateTime } from "luxon";
import { HOME_ZONE } from "../domain/civil-date.ts";
import { defaultAgenda } from "../domain/official-minutes.ts";

export type Call = <T = Record<string, unknown>>(
  method: "GET" | "POST" | "PATCH" | "PUT",
  url: string,
  headers: Record<string, string>,
  payload?: object,
) => Promise<T>;

/** Sets the app's clock to a moment (null: back to the real time). */
export type Travel = (at: Date | null) => void;

interface Branch {
  id: string;
  name: string;
  secretaryEmail: string;
}
interface Planned {
  id: string;
  date: string;
  start: string;
  end: string;
  status: string;
}
interface Roster {
  members: { memberId: string; fullName: string; expected: boolean; exemption: object | null }[];
  invited: { memberId: string }[];
}
interface Scheme {
  criteria: { key: string; maxPoints: number }[];
  minTotal: { tot: number; kha: number; trung_binh: number };
}
type Band = "tot" | "kha" | "trung_binh";

export interface HeldMeetings {
  /** Filed on time, one per branch and month (oldest first). */
  filedIds: string[];
  /** Filed ten days after the meeting. */
  lateId: string;
  /** Held yesterday, nothing filed yet. */
  yesterdayId: string;
  /** A thematic meeting of last year rated tốt, and the one meeting rated trung bình. */
  thematicId?: string;
  weakId?: string;
  /** The quarter of last year the village held no thematic meeting ("2025-Q3"). */
  missingQuarter?: string;
}

const TOPIC_TALKS = [
  "Đồng chí đề nghị mỗi đảng viên liên hệ bản thân với nội dung chuyên đề, nêu việc làm cụ thể trong tháng.",
  "Đồng chí đề nghị chi bộ phân công đảng viên theo dõi, giúp đỡ các hộ khó khăn trong thôn.",
  "Đồng chí báo cáo tiến độ nhiệm vụ được giao tháng trước: đã hoàn thành, đề nghị chi bộ ghi nhận.",
];

/** Points per criterion under the scheme that give the band, a few points inside it. */
export function pointsFor(scheme: Scheme, band: Band): Record<string, number> {
  const max = scheme.criteria.reduce((n, c) => n + c.maxPoints, 0);
  const top = { tot: max, kha: scheme.minTotal.tot - 1, trung_binh: scheme.minTotal.kha - 1 }[band];
  const target = Math.round((scheme.minTotal[band] + top) / 2);
  const points: Record<string, number> = {};
  let left = target;
  for (const c of scheme.criteria) {
    points[c.key] = Math.min(c.maxPoints, Math.floor((c.maxPoints * target) / max));
    left -= points[c.key]!;
  }
  // What rounding left over goes to the criteria with room for it.
  for (const c of scheme.criteria) {
    const add = Math.min(left, c.maxPoints - points[c.key]!);
    points[c.key]! += add;
    left -= add;
  }
  return points;
}

/** Each branch's band of a month (`i` the branch, `n` the month's index): mostly tốt, every fourth khá,
 * the office's one trung bình in the fifth month. */
function bandOf(i: number, n: number): Band {
  if (i === 0 && n === 4) return "trung_binh";
  return (n + i) % 4 === 3 ? "kha" : "tot";
}

/** Stages the held months and yesterday's meeting; `today` is the real date in Hà Nội, `first` the first
 * month held (January of last year). */
export async function stageHeldMeetings(
  call: Call,
  login: (email: string) => Promise<{ authorization: string }>,
  travel: Travel,
  branches: Branch[],
  today: DateTime,
  first: DateTime,
  scheme: Scheme,
): Promise<HeldMeetings> {
  const at = (date: string, time: string, plusDays = 0) =>
    DateTime.fromISO(`${date}T${time}`, { zone: HOME_ZONE }).plus({ days: plusDays }).toJSDate();
  const planOf = async (b: Branch, from: DateTime, to: DateTime, headers: Record<string, string>) => {
    const range = `from=${from.startOf("month").toISODate()}&to=${to.endOf("month").toISODate()}`;
    return call<Planned[]>("GET", `/api/branches/${b.id}/plan?${range}`, headers);
  };
  const meetingIn = (plan: Planned[], b: Branch, month: DateTime) => {
    const m = plan.find((x) => x.status === "planned" && x.date.startsWith(month.toFormat("yyyy-MM")));
    if (!m) throw new Error(`demo: ${b.name} has no meeting planned in ${month.toFormat("MM/yyyy")}`);
    return m;
  };

  const yesterday = today.minus({ days: 1 });
  const village = branches[1]!;
  const lastYear = first.year;
  const missingQuarter = `${lastYear}-Q3`;
  const filedIds: string[] = [];
  let lateId = "";
  let thematicId: string | undefined;
  let weakId: string | undefined;
  try {
    // Yesterday's meeting first: the village's meeting of that month, brought to yesterday evening by its
    // secretary a day before (when both dates were still ahead).
    const ofYesterday = meetingIn(
      await planOf(village, yesterday, yesterday, await login(village.secretaryEmail)),
      village,
      yesterday,
    );
    const before = ofYesterday.date < yesterday.toISODate()! ? ofYesterday.date : yesterday.toISODate()!;
    // Signed in at the time it is done: a session is not valid before it was opened.
    travel(at(before, "08:00", -1));
    const villageSecretary = await login(village.secretaryEmail);
    await call("PATCH", `/api/meetings/${ofYesterday.id}`, villageSecretary, {
      date: yesterday.toISODate(),
      startTime: "19:30",
      reason: "Chi bộ họp sớm để kịp triển khai kế hoạch phòng chống thiên tai của xã.",
      // Yesterday may be a weekend or a holiday: the secretary confirms the day, as the page would ask her.
      confirmDayOff: true,
    });
    travel(null);

    const last = today.startOf("month").minus({ months: 1 });
    const months: DateTime[] = [];
    for (let m = first.startOf("month"); m <= last; m = m.plus({ months: 1 })) months.push(m);
    for (const [i, b] of branches.entries()) {
      const plan = await planOf(b, first, last, await login(b.secretaryEmail));
      for (const [n, month] of months.entries()) {
        // The village's meeting of yesterday's month is the one still waiting.
        if (b.id === village.id && month.hasSame(yesterday, "month")) continue;
        const m = meetingIn(plan, b, month);
        const late = i === 1 && n === months.length - 2;
        // The middle month of each quarter is thematic, but in the village's missing quarter.
        const quarter = `${month.year}-Q${month.quarter}`;
        const thematic = month.month % 3 === 2 && !(i === 1 && quarter === missingQuarter);
        travel(at(m.date, "09:00", late ? 10 : 1));
        const headers = await login(b.secretaryEmail);
        if (thematic) await call("PUT", `/api/meetings/${m.id}/kind`, headers, { kind: "thematic" });
        await fileMeeting(call, headers, m, n + i);
        const band = bandOf(i, n);
        await call("PUT", `/api/meetings/${m.id}/rating`, headers, { points: pointsFor(scheme, band) });
        if (late) lateId = m.id;
        else filedIds.push(m.id);
        if (band === "trung_binh") weakId = m.id;
        if (thematic && band === "tot" && month.year === lastYear && !thematicId) thematicId = m.id;
      }
    }
    travel(null);
    return {
      filedIds,
      lateId,
      yesterdayId: ofYesterday.id,
      ...(thematicId ? { thematicId } : {}),
      ...(weakId ? { weakId } : {}),
      missingQuarter,
    };
  } finally {
    travel(null);
  }
}

/** Attendance (one excused absence, and one unexcused in some months), minutes, submission. */
async function fileMeeting(call: Call, headers: Record<string, string>, m: Planned, n: number) {
  const roster = await call<Roster>("GET", `/api/meetings/${m.id}/attendance`, headers);
  const expected = roster.members.filter((x) => x.expected);
  const marks = expected.map((x, k) =>
    x.exemption
      ? { memberId: x.memberId, status: "absent_excused", reason: "Được miễn sinh hoạt đảng." }
      : k === 3
        ? { memberId: x.memberId, status: "absent_excused", reason: "Đi công tác tại tỉnh theo quyết định." }
        : k === 6 && n % 2 === 0
          ? { memberId: x.memberId, status: "absent_unexcused" }
          : { memberId: x.memberId, status: "present" },
  );
  await call("PUT", `/api/meetings/${m.id}/attendance`, headers, {
    members: [...marks, ...roster.invited.map((x) => ({ memberId: x.memberId, status: "present" }))],
    guests: [{ name: "Đồng chí Hoàng Văn Thắng, Đảng ủy viên xã", present: true }],
  });
  // The chair, the recorder and those who spoke were there.
  const there = expected.filter((_, k) => marks[k]!.status === "present");
  const present = there.length;
  const chair = there[0]!.fullName;
  const recorder = there[1]!.fullName;
  const start = DateTime.fromISO(m.start, { setZone: true });
  const end = DateTime.max(DateTime.fromISO(m.end, { setZone: true }), start.plus({ minutes: 95 }));
  await call("PUT", `/api/meetings/${m.id}/minutes`, headers, {
    chair,
    recorder,
    startTime: start.toFormat("HH:mm"),
    endTime: end.toFormat("HH:mm"),
    introducedBy: chair,
    discussion: [0, 1, 2].map((k) => ({
      by: there[(n + k) % there.length]!.fullName,
      opinion: TOPIC_TALKS[(n + k) % TOPIC_TALKS.length]!,
    })),
    conclusions:
      "Chi bộ thống nhất: mỗi đảng viên viết bản thu hoạch về chuyên đề và đăng ký một việc làm cụ thể; " +
      "tiếp tục vận động nhân dân tham gia các phong trào của địa phương.",
    tasks: [
      { content: "Nộp bản thu hoạch chuyên đề cho đồng chí bí thư", assignee: "Toàn thể đảng viên" },
      { content: "Tổng hợp việc đăng ký làm theo của đảng viên", assignee: recorder },
    ],
    // The official template's parts (issue 20): the print and the .docx of these months are filled.
    place: "Hội trường chi bộ",
    guests: ["Đồng chí Hoàng Văn Thắng, Đảng ủy viên xã"],
    agenda: defaultAgenda({ month: m.date.slice(0, 7), topicTitle: null }),
    resolution: {
      text: "Thông qua phương hướng, nhiệm vụ của tháng và việc học tập chuyên đề.",
      agree: present,
      disagree: 0,
      other: 0,
    },
    readBack: true,
  });
  await call("POST", `/api/meetings/${m.id}/minutes/submit`, headers, {});
}
