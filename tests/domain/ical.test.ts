import ICAL from "ical.js";
import { DateTime } from "luxon";
import { describe, expect, it } from "vitest";
import {
  type AllDayEvent,
  buildFeed,
  buildInvite,
  type FeedInput,
  type TimedEvent,
} from "../../src/domain/ical.ts";

const HCM = "Asia/Ho_Chi_Minh";
const BERLIN = "Europe/Berlin";

const LONG_SUMMARY =
  "★★ Sinh hoạt chi bộ tháng 5/2025 – kỷ niệm 135 năm Ngày sinh Chủ tịch Hồ Chí Minh (19/05/1890 - 19/05/2025) (năm chẵn): Nhất quán phương châm: Phòng ngừa tham nhũng, tiêu cực từ sớm, từ xa, cả ngọn lẫn gốc";
const DESCRIPTION = [
  "★★ Sinh hoạt cao điểm (năm chẵn): kỷ niệm 135 năm Ngày sinh Chủ tịch Hồ Chí Minh",
  "Thời gian: 14h00–16h00, Thứ Hai, 19/05/2025",
  "",
  "Gợi ý thảo luận:",
  "1. Vì sao “phòng là cơ bản, lâu dài; chống là cấp bách, trước mắt”?",
  "2. Đảng viên tự soi, tự sửa thế nào? \\ dấu gạch ngược",
].join("\n");

const LAST_MODIFIED = DateTime.fromISO("2025-04-20T03:04:05Z");

function timed(over: Partial<TimedEvent> = {}): TimedEvent {
  return {
    kind: "timed",
    uid: "meeting-2025-05@chibo.example.vn",
    sequence: 2,
    lastModified: LAST_MODIFIED,
    start: DateTime.fromISO("2025-05-19T14:00", { zone: HCM }),
    end: DateTime.fromISO("2025-05-19T16:00", { zone: HCM }),
    timezone: HCM,
    summary: LONG_SUMMARY,
    description: DESCRIPTION,
    location: "Hội trường tầng 2, số 1 đường Trần Hưng Đạo; TP. Hà Giang",
    url: "https://chibo.example.vn/hop/meeting-2025-05",
    cancelled: false,
    alarmMinutesBefore: 60,
    ...over,
  };
}

const DEADLINE: AllDayEvent = {
  kind: "allday",
  uid: "deadline-2025-10-30@chibo.example.vn",
  sequence: 0,
  lastModified: DateTime.fromISO("2025-01-02T00:00:00Z"),
  date: "2025-10-30",
  summary: "Hạn nộp báo cáo của chi bộ",
  description: "Gửi báo cáo kết quả học tập về Đảng ủy trước ngày 30/10.",
  url: null,
};

function feedInput(events: FeedInput["events"]): FeedInput {
  return {
    name: "Lịch sinh hoạt – Chi bộ Phòng Tổ chức, Sở Khoa học",
    description: "Lịch sinh hoạt chi bộ hằng tháng",
    timezone: HCM,
    refreshMinutes: 360,
    events,
  };
}

function parse(ics: string): ICAL.Component {
  return new ICAL.Component(ICAL.parse(ics));
}

function events(cal: ICAL.Component): ICAL.Component[] {
  return cal.getAllSubcomponents("vevent");
}

function utc(value: unknown): string {
  const t = value as ICAL.Time;
  return new Date(t.toUnixTime() * 1000).toISOString();
}

function rawLines(ics: string): string[] {
  expect(ics.endsWith("\r\n")).toBe(true);
  return ics.slice(0, -2).split("\r\n");
}

describe("buildFeed", () => {
  const cancelled = timed({
    uid: "meeting-2025-06@chibo.example.vn",
    sequence: 5,
    start: DateTime.fromISO("2025-06-16T14:00", { zone: HCM }),
    end: DateTime.fromISO("2025-06-16T16:00", { zone: HCM }),
    summary: "[ĐÃ HỦY] Sinh hoạt chi bộ tháng 6/2025",
    description: "Lý do hủy: trùng lịch họp Đảng ủy",
    cancelled: true,
  });
  const input = feedInput([cancelled, DEADLINE, timed()]);
  const ics = buildFeed(input);
  const cal = parse(ics);

  it("names the feed and tells clients how often to refresh", () => {
    expect(cal.getFirstPropertyValue("x-wr-calname")).toBe(
      "Lịch sinh hoạt – Chi bộ Phòng Tổ chức, Sở Khoa học",
    );
    // NAME and DESCRIPTION (RFC 7986) are TEXT, escaped; ical.js does not know them, so read the raw lines.
    expect(lines(ics)).toContain("NAME:Lịch sinh hoạt – Chi bộ Phòng Tổ chức\\, Sở Khoa học");
    expect(cal.getFirstPropertyValue("x-wr-caldesc")).toBe("Lịch sinh hoạt chi bộ hằng tháng");
    expect(lines(ics)).toContain("DESCRIPTION:Lịch sinh hoạt chi bộ hằng tháng");
    expect(cal.getFirstPropertyValue("x-wr-timezone")).toBe(HCM);
    expect(cal.getFirstPropertyValue("prodid")).toMatch(/chibo/);
    expect(String(cal.getFirstPropertyValue("refresh-interval"))).toBe("PT6H");
    expect(cal.getFirstProperty("refresh-interval")?.type).toBe("duration");
    expect(String(cal.getFirstPropertyValue("x-published-ttl"))).toBe("PT6H");
  });

  it("carries a VTIMEZONE for Hồ Chí Minh City at +07:00 without daylight saving", () => {
    const zones = cal.getAllSubcomponents("vtimezone");
    expect(zones.map((z) => z.getFirstPropertyValue("tzid"))).toEqual([HCM]);
    const zone = zones[0]!;
    expect(zone.getAllSubcomponents("daylight")).toHaveLength(0);
    const std = zone.getFirstSubcomponent("standard")!;
    expect(String(std.getFirstPropertyValue("tzoffsetto"))).toBe("+07:00");
    // Calendar properties come before any component.
    const lines = rawLines(ics);
    expect(lines.indexOf("X-WR-TIMEZONE:Asia/Ho_Chi_Minh")).toBeLessThan(lines.indexOf("BEGIN:VTIMEZONE"));
  });

  it("sorts events by start and keeps their stable identity", () => {
    const vevents = events(cal);
    expect(vevents.map((e) => e.getFirstPropertyValue("uid"))).toEqual([
      "meeting-2025-05@chibo.example.vn",
      "meeting-2025-06@chibo.example.vn",
      "deadline-2025-10-30@chibo.example.vn",
    ]);
    const may = vevents[0]!;
    expect(may.getFirstPropertyValue("sequence")).toBe(2);
    expect(utc(may.getFirstPropertyValue("dtstamp"))).toBe("2025-04-20T03:04:05.000Z");
    expect(utc(may.getFirstPropertyValue("last-modified"))).toBe("2025-04-20T03:04:05.000Z");
    // DTSTAMP is a UTC time, not the local one.
    expect(lines(ics)).toContain("DTSTAMP:20250420T030405Z");
  });

  it("writes times with TZID so that 14:00 in Hồ Chí Minh City is 07:00Z", () => {
    const may = events(cal)[0]!;
    expect(may.getFirstProperty("dtstart")?.getParameter("tzid")).toBe(HCM);
    expect(utc(may.getFirstPropertyValue("dtstart"))).toBe("2025-05-19T07:00:00.000Z");
    expect(utc(may.getFirstPropertyValue("dtend"))).toBe("2025-05-19T09:00:00.000Z");
    expect(lines(ics)).toContain("DTSTART;TZID=Asia/Ho_Chi_Minh:20250519T140000");
  });

  it("round-trips Vietnamese summary, description and location exactly", () => {
    const may = new ICAL.Event(events(cal)[0]!);
    expect(may.summary).toBe(LONG_SUMMARY);
    expect(may.description).toBe(DESCRIPTION);
    expect(may.location).toBe("Hội trường tầng 2, số 1 đường Trần Hưng Đạo; TP. Hà Giang");
    expect(events(cal)[0]!.getFirstPropertyValue("url")).toBe("https://chibo.example.vn/hop/meeting-2025-05");
    expect(events(cal)[0]!.getFirstPropertyValue("status")).toBe("CONFIRMED");
  });

  it("adds a display alarm before a confirmed meeting", () => {
    const alarms = events(cal)[0]!.getAllSubcomponents("valarm");
    expect(alarms).toHaveLength(1);
    expect(alarms[0]!.getFirstPropertyValue("action")).toBe("DISPLAY");
    expect(String(alarms[0]!.getFirstPropertyValue("trigger"))).toBe("-PT1H");
  });

  it("marks a cancelled meeting CANCELLED and drops its alarm", () => {
    const june = events(cal)[1]!;
    expect(june.getFirstPropertyValue("status")).toBe("CANCELLED");
    expect(june.getFirstPropertyValue("sequence")).toBe(5);
    expect(june.getAllSubcomponents("valarm")).toHaveLength(0);
    expect(new ICAL.Event(june).summary).toBe("[ĐÃ HỦY] Sinh hoạt chi bộ tháng 6/2025");
  });

  it("writes all-day events as transparent DATE values ending the next day", () => {
    const deadline = events(cal)[2]!;
    const start = deadline.getFirstPropertyValue("dtstart") as ICAL.Time;
    const end = deadline.getFirstPropertyValue("dtend") as ICAL.Time;
    expect(start.isDate).toBe(true);
    expect(start.toString()).toBe("2025-10-30");
    expect(end.isDate).toBe(true);
    expect(end.toString()).toBe("2025-10-31");
    expect(deadline.getFirstPropertyValue("transp")).toBe("TRANSPARENT");
    expect(utc(deadline.getFirstPropertyValue("dtstamp"))).toBe("2025-01-02T00:00:00.000Z");
    expect(new ICAL.Event(deadline).summary).toBe("Hạn nộp báo cáo của chi bộ");
  });

  it("folds every line at 75 octets without splitting a UTF-8 character", () => {
    const raw = rawLines(ics);
    for (const line of raw) expect(Buffer.byteLength(line, "utf8")).toBeLessThanOrEqual(75);
    // The long summary really was folded, and no replacement character appeared.
    expect(raw.some((l) => l.startsWith(" "))).toBe(true);
    expect(ics).not.toContain("\uFFFD");
    expect(Buffer.from(ics, "utf8").toString("utf8")).toBe(ics);
  });

  it("gives byte-identical output for the same input, whatever the event order", () => {
    expect(buildFeed(feedInput([cancelled, DEADLINE, timed()]))).toBe(ics);
    expect(buildFeed(feedInput([timed(), cancelled, DEADLINE]))).toBe(ics);
  });

  it("uses the branch's zone abroad, with daylight saving, and still includes the feed's zone", () => {
    const summer = timed({
      uid: "berlin-07",
      timezone: BERLIN,
      start: DateTime.fromISO("2025-07-05T14:00", { zone: BERLIN }),
      end: DateTime.fromISO("2025-07-05T16:00", { zone: BERLIN }),
    });
    const winter = timed({
      uid: "berlin-01",
      timezone: BERLIN,
      // Given as a UTC instant: the serialiser must convert to the event's zone.
      start: DateTime.fromISO("2026-01-10T13:00:00Z", { zone: "UTC" }),
      end: DateTime.fromISO("2026-01-10T15:00:00Z", { zone: "UTC" }),
    });
    const out = buildFeed({ ...feedInput([winter, summer]), timezone: HCM });
    const c = parse(out);
    expect(
      c
        .getAllSubcomponents("vtimezone")
        .map((z) => z.getFirstPropertyValue("tzid"))
        .sort(),
    ).toEqual([HCM, BERLIN]);
    const berlin = c
      .getAllSubcomponents("vtimezone")
      .find((z) => z.getFirstPropertyValue("tzid") === BERLIN)!;
    expect(berlin.getAllSubcomponents("daylight")).toHaveLength(1);
    const [july, january] = events(c);
    expect(july!.getFirstPropertyValue("uid")).toBe("berlin-07");
    expect(utc(july!.getFirstPropertyValue("dtstart"))).toBe("2025-07-05T12:00:00.000Z");
    expect(utc(january!.getFirstPropertyValue("dtstart"))).toBe("2026-01-10T13:00:00.000Z");
    expect(lines(out)).toContain("DTSTART;TZID=Europe/Berlin:20260110T140000");
  });

  it("resolves a zone alias to a VTIMEZONE with the same TZID as the events", () => {
    const out = buildFeed({ ...feedInput([timed({ timezone: "Asia/Saigon" })]), timezone: "Asia/Saigon" });
    const c = parse(out);
    expect(c.getAllSubcomponents("vtimezone").map((z) => z.getFirstPropertyValue("tzid"))).toEqual([
      "Asia/Saigon",
    ]);
    expect(utc(events(c)[0]!.getFirstPropertyValue("dtstart"))).toBe("2025-05-19T07:00:00.000Z");
  });

  it("emits the feed zone's VTIMEZONE even with no events", () => {
    const c = parse(buildFeed(feedInput([])));
    expect(c.getAllSubcomponents("vtimezone").map((z) => z.getFirstPropertyValue("tzid"))).toEqual([HCM]);
    expect(events(c)).toHaveLength(0);
  });

  it("rejects input that would give a broken calendar", () => {
    expect(() => buildFeed({ ...feedInput([]), timezone: "Mars/Olympus" })).toThrow(RangeError);
    expect(() => buildFeed(feedInput([timed(), timed()]))).toThrow(/duplicate UID/);
    expect(() => buildFeed(feedInput([timed({ end: timed().start })]))).toThrow(RangeError);
    expect(() => buildFeed({ ...feedInput([]), refreshMinutes: 0 })).toThrow(RangeError);
    expect(() => buildFeed(feedInput([{ ...DEADLINE, date: "2025-02-30" }]))).toThrow(RangeError);
  });
});

function lines(ics: string): string[] {
  return ics.replace(/\r\n[ \t]/g, "").split("\r\n");
}

describe("buildInvite", () => {
  const organizer = { name: "Bí thư Chi bộ Nguyễn Thị Hoà", email: "bithu@chibo.example.vn" };
  const attendee = { name: "Đảng viên Trần Văn Đức", email: "duc@example.vn" };
  /** When the message is made. */
  const stamp = DateTime.fromISO("2025-05-12T00:00:00Z", { zone: "UTC" });

  it("sends a REQUEST with one event, the organizer and the single attendee", () => {
    const ics = buildInvite({ method: "REQUEST", event: timed(), organizer, attendee, stamp });
    const cal = parse(ics);
    expect(cal.getFirstPropertyValue("method")).toBe("REQUEST");
    expect(cal.getFirstPropertyValue("x-wr-calname")).toBeNull();
    const vevents = events(cal);
    expect(vevents).toHaveLength(1);
    const ev = vevents[0]!;
    expect(ev.getFirstPropertyValue("uid")).toBe("meeting-2025-05@chibo.example.vn");
    expect(ev.getFirstPropertyValue("sequence")).toBe(2);
    expect(ev.getFirstPropertyValue("status")).toBe("CONFIRMED");
    expect(utc(ev.getFirstPropertyValue("dtstart"))).toBe("2025-05-19T07:00:00.000Z");
    expect(new ICAL.Event(ev).summary).toBe(LONG_SUMMARY);

    const org = ev.getFirstProperty("organizer")!;
    expect(String(org.getFirstValue()).toLowerCase()).toBe("mailto:bithu@chibo.example.vn");
    expect(org.getParameter("cn")).toBe("Bí thư Chi bộ Nguyễn Thị Hoà");

    const attendees = ev.getAllProperties("attendee");
    expect(attendees).toHaveLength(1);
    const a = attendees[0]!;
    expect(String(a.getFirstValue()).toLowerCase()).toBe("mailto:duc@example.vn");
    expect(a.getParameter("cn")).toBe("Đảng viên Trần Văn Đức");
    expect(a.getParameter("role")).toBe("REQ-PARTICIPANT");
    expect(a.getParameter("partstat")).toBe("NEEDS-ACTION");
    expect(a.getParameter("rsvp")).toBe("FALSE");

    expect(cal.getAllSubcomponents("vtimezone").map((z) => z.getFirstPropertyValue("tzid"))).toEqual([HCM]);
    for (const line of rawLines(ics)) expect(Buffer.byteLength(line, "utf8")).toBeLessThanOrEqual(75);
  });

  it("stamps the message with when it is made (RFC 5546), keeps LAST-MODIFIED; the secretary organizes, SENT-BY the service", () => {
    const ics = buildInvite({
      method: "REQUEST",
      event: timed(),
      organizer: { ...organizer, sentBy: "no-reply@chibo.example.vn" },
      rsvp: true,
      attendee,
      stamp,
    });
    const ev = events(parse(ics))[0]!;
    expect(utc(ev.getFirstPropertyValue("dtstamp"))).toBe("2025-05-12T00:00:00.000Z");
    expect(utc(ev.getFirstPropertyValue("last-modified"))).not.toBe("2025-05-12T00:00:00.000Z");
    const org = ev.getFirstProperty("organizer")!;
    expect(String(org.getFirstValue()).toLowerCase()).toBe("mailto:bithu@chibo.example.vn");
    expect(org.getParameter("sent-by")).toBe("mailto:no-reply@chibo.example.vn");
    expect(ev.getFirstProperty("attendee")!.getParameter("rsvp")).toBe("TRUE");
  });

  it("sends a CANCEL with the same UID, STATUS:CANCELLED and no alarm", () => {
    const event = timed({ sequence: 3 });
    const ics = buildInvite({ method: "CANCEL", event, organizer, attendee, stamp });
    const cal = parse(ics);
    expect(cal.getFirstPropertyValue("method")).toBe("CANCEL");
    const vevents = events(cal);
    expect(vevents).toHaveLength(1);
    expect(vevents[0]!.getFirstPropertyValue("uid")).toBe(event.uid);
    expect(vevents[0]!.getFirstPropertyValue("sequence")).toBe(3);
    expect(vevents[0]!.getFirstPropertyValue("status")).toBe("CANCELLED");
    expect(vevents[0]!.getAllSubcomponents("valarm")).toHaveLength(0);
    expect(vevents[0]!.getAllProperties("attendee")).toHaveLength(1);
  });

  it("uses the same UID and SEQUENCE as the feed, and is deterministic", () => {
    const event = timed();
    const feedEvent = events(parse(buildFeed(feedInput([event]))))[0]!;
    const inviteEvent = events(
      parse(buildInvite({ method: "REQUEST", event, organizer, attendee, stamp })),
    )[0]!;
    expect(inviteEvent.getFirstPropertyValue("uid")).toBe(feedEvent.getFirstPropertyValue("uid"));
    expect(inviteEvent.getFirstPropertyValue("sequence")).toBe(feedEvent.getFirstPropertyValue("sequence"));
    expect(buildInvite({ method: "REQUEST", event, organizer, attendee, stamp })).toBe(
      buildInvite({ method: "REQUEST", event: timed(), organizer, attendee, stamp }),
    );
  });

  it("keeps a quote in a name from breaking the CN parameter", () => {
    const ics = buildInvite({
      method: "REQUEST",
      event: timed(),
      organizer,
      stamp,
      attendee: { name: 'Lê "Út" Văn', email: "ut@example.vn" },
    });
    const a = events(parse(ics))[0]!.getAllProperties("attendee")[0]!;
    expect(a.getParameter("cn")).toBe("Lê Út Văn");
  });
});
