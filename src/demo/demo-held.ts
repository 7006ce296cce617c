/**
 * The demo's past: meetings that have happened, so that a newcomer can try attendance and minutes at once.
 * The three months before the current one are held by every branch and filed by their secretaries the day
 * after (the village files one month's minutes ten days late, past the seven-day due date); one meeting was
 * held yesterday and waits for its attendance and minutes. Done through the real API with the app's clock
 * set to when a secretary would have done it, so that "submitted on time" and "late" are true of the record
 * (the demo's clock falls back to the system's once the set-up is done).
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
  members: { memberId: string; fullName: string; expected: boolean }[];
  invited: { memberId: string }[];
}

export interface HeldMeetings {
  /** Filed on time, one per branch and month (oldest first). */
  filedIds: string[];
  /** Filed ten days after the meeting. */
  lateId: string;
  /** Held yesterday, nothing filed yet. */
  yesterdayId: string;
}

const TOPIC_TALKS = [
  "Đồng chí đề nghị mỗi đảng viên liên hệ bản thân với nội dung chuyên đề, nêu việc làm cụ thể trong tháng.",
  "Đồng chí đề nghị chi bộ phân công đảng viên theo dõi, giúp đỡ các hộ khó khăn trong thôn.",
  "Đồng chí báo cáo tiến độ nhiệm vụ được giao tháng trước: đã hoàn thành, đề nghị chi bộ ghi nhận.",
];

/** Stages the held months and yesterday's meeting; `today` is the real date in Hà Nội. */
export async function stageHeldMeetings(
  call: Call,
  login: (email: string) => Promise<{ authorization: string }>,
  travel: Travel,
  branches: Branch[],
  today: DateTime,
): Promise<HeldMeetings> {
  const at = (date: string, time: string, plusDays = 0) =>
    DateTime.fromISO(`${date}T${time}`, { zone: HOME_ZONE }).plus({ days: plusDays }).toJSDate();
  const meetingIn = async (b: Branch, month: DateTime, headers: Record<string, string>) => {
    const from = month.startOf("month").toISODate();
    const to = month.endOf("month").toISODate();
    const plan = await call<Planned[]>("GET", `/api/branches/${b.id}/plan?from=${from}&to=${to}`, headers);
    const m = plan.find((x) => x.status === "planned");
    if (!m) throw new Error(`demo: ${b.name} has no meeting planned in ${month.toFormat("MM/yyyy")}`);
    return m;
  };

  const yesterday = today.minus({ days: 1 });
  const village = branches[1]!;
  const filedIds: string[] = [];
  let lateId = "";
  try {
    // Yesterday's meeting first: the village's meeting of that month, brought to yesterday evening by its
    // secretary a day before (when both dates were still ahead).
    const ofYesterday = await meetingIn(
      village,
      yesterday.startOf("month"),
      await login(village.secretaryEmail),
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

    for (let back = 3; back >= 1; back--) {
      const month = today.startOf("month").minus({ months: back });
      for (const [i, b] of branches.entries()) {
        // The village's meeting of yesterday's month is the one still waiting.
        if (b.id === village.id && month.hasSame(yesterday, "month")) continue;
        const m = await meetingIn(b, month, await login(b.secretaryEmail));
        const late = i === 1 && back === 2;
        travel(at(m.date, "09:00", late ? 10 : 1));
        const headers = await login(b.secretaryEmail);
        await fileMeeting(call, headers, m, back + i);
        if (late) lateId = m.id;
        else filedIds.push(m.id);
      }
    }
    travel(null);
    return { filedIds, lateId, yesterdayId: ofYesterday.id };
  } finally {
    travel(null);
  }
}

/** Attendance (one excused absence, and one unexcused in some months), minutes, submission. */
async function fileMeeting(call: Call, headers: Record<string, string>, m: Planned, n: number) {
  const roster = await call<Roster>("GET", `/api/meetings/${m.id}/attendance`, headers);
  const expected = roster.members.filter((x) => x.expected);
  await call("PUT", `/api/meetings/${m.id}/attendance`, headers, {
    members: [
      ...expected.map((x, k) =>
        k === 3
          ? {
              memberId: x.memberId,
              status: "absent_excused",
              reason: "Đi công tác tại tỉnh theo quyết định.",
            }
          : k === 6 && n % 2 === 0
            ? { memberId: x.memberId, status: "absent_unexcused" }
            : { memberId: x.memberId, status: "present" },
      ),
      ...roster.invited.map((x) => ({ memberId: x.memberId, status: "present" })),
    ],
    guests: [{ name: "Đồng chí Hoàng Văn Thắng, Đảng ủy viên xã", present: true }],
  });
  const present = expected.length - 1 - (n % 2 === 0 && expected.length > 6 ? 1 : 0);
  const chair = expected[0]!.fullName;
  const recorder = expected[1]!.fullName;
  const start = DateTime.fromISO(m.start, { setZone: true });
  const end = DateTime.max(DateTime.fromISO(m.end, { setZone: true }), start.plus({ minutes: 95 }));
  await call("PUT", `/api/meetings/${m.id}/minutes`, headers, {
    chair,
    recorder,
    startTime: start.toFormat("HH:mm"),
    endTime: end.toFormat("HH:mm"),
    introducedBy: chair,
    discussion: [0, 1, 2].map((k) => ({
      by: expected[(n + k) % expected.length]!.fullName,
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
