/**
 * What the meeting page shows (`/cuoc-hop/:id`), built from the API's services: the meeting for anyone in
 * its branch (404 elsewhere, like the API), the person's own attendance, and for the branch's secretary
 * (or a committee above it) the attendance sheet, the minutes, their revisions, the files, the topics to
 * choose from and the warnings about the date. The forms on the page call the same services as the API.
 */
import { DateTime } from "luxon";
import { meetingLevelOf } from "../auth/policy.ts";
import type { Principal } from "../auth/principal.ts";
import { topicsInOrder } from "../campaigns/catalogue-queries.ts";
import { AppError } from "../http/errors.ts";
import type { AppDeps } from "../http/types.ts";
import { markOfMember } from "../minutes/attendance-queries.ts";
import { getAttendance } from "../minutes/attendance-service.ts";
import { listFiles } from "../minutes/files-service.ts";
import { getMinutes, listRevisions } from "../minutes/minutes-service.ts";
import { makeupFor, meetingById } from "../plan/meeting-queries.ts";
import { getMeeting, meetingWarnings } from "../plan/meeting-service.ts";
import type { MeetingRecord } from "../plan/meeting-view.ts";
import { type UnreachedRecipient, unreachedOfMeeting } from "../reminders/reminder-service.ts";

type Awaited2<T> = T extends Promise<infer U> ? U : T;
export type AttendanceSheet = Awaited2<ReturnType<typeof getAttendance>>;
export type MinutesState = Awaited2<ReturnType<typeof getMinutes>>;
export type RevisionRow = Awaited2<ReturnType<typeof listRevisions>>[number];
export type FileRow = Awaited2<ReturnType<typeof listFiles>>[number];

export interface SecretaryTools {
  warnings: string[];
  /** The meeting's day has come (in the branch's zone): attendance and minutes may be filed. */
  happened: boolean;
  attendance: AttendanceSheet | null;
  minutes: MinutesState | null;
  revisions: RevisionRow[];
  files: FileRow[];
  topics: { id: string; code: string; title: string }[];
  unreached: UnreachedRecipient[];
  /** A make-up meeting may be added: cancelled, or past without being held, and none yet. */
  canMakeUp: boolean;
}

export interface MeetingPageData {
  record: MeetingRecord;
  /** The meeting this one replaces (a make-up), or the make-up that replaces this one. */
  replaces: MeetingRecord | null;
  replacedBy: MeetingRecord | null;
  myMark: { status: string; reason: string | null } | null;
  secretary: SecretaryTools | null;
  /** A member's reading of the submitted minutes and their files (null before submission). */
  minutesRead?: { minutes: MinutesState; files: FileRow[] } | null;
}

/** Not found and forbidden read as null: a section the caller may not see is simply not shown. */
async function orNull<T>(f: () => Promise<T>): Promise<T | null> {
  try {
    return await f();
  } catch (err) {
    if (err instanceof AppError && (err.status === 403 || err.status === 404 || err.status === 409))
      return null;
    throw err;
  }
}

export async function meetingPageOf(deps: AppDeps, p: Principal, id: string): Promise<MeetingPageData> {
  const { db } = deps.database;
  const record = await getMeeting(deps, p, { id });
  const level = meetingLevelOf(p, record);
  const replaces = record.makeupOf ? await meetingById(db, record.makeupOf, deps.config.publicUrl) : null;
  const makeupId = await makeupFor(db, record.view.id);
  const replacedBy = makeupId ? await meetingById(db, makeupId, deps.config.publicUrl) : null;
  const myMark = p.memberId ? await markOfMember(db, id, p.memberId) : null;
  if (level !== "secretary" && level !== "committee") {
    // The services show a member the minutes as last submitted, and nothing before that.
    const minutes = await orNull(() => getMinutes(deps, p, { meetingId: id }));
    const files = minutes ? ((await orNull(() => listFiles(deps, p, { meetingId: id }))) ?? []) : [];
    return {
      record,
      replaces,
      replacedBy,
      myMark,
      secretary: null,
      minutesRead: minutes && { minutes, files },
    };
  }

  const now = deps.clock.now();
  const today = DateTime.fromJSDate(now, { zone: record.view.timezone }).toISODate()!;
  const happened = record.date <= today && record.view.status !== "cancelled";
  const missed = record.view.status === "planned" && record.date < today;
  return {
    record,
    replaces,
    replacedBy,
    myMark,
    secretary: {
      warnings: await meetingWarnings(deps, record),
      happened,
      attendance: happened ? await getAttendance(deps, p, { meetingId: id }) : null,
      minutes: await orNull(() => getMinutes(deps, p, { meetingId: id })),
      revisions: (await orNull(() => listRevisions(deps, p, { meetingId: id }))) ?? [],
      files: (await orNull(() => listFiles(deps, p, { meetingId: id }))) ?? [],
      topics: record.campaignId ? await topicsInOrder(db, record.campaignId) : [],
      unreached: (await orNull(() => unreachedOfMeeting(deps, p, { meetingId: id }))) ?? [],
      canMakeUp: !record.makeupOf && !makeupId && (record.view.status === "cancelled" || missed),
    },
  };
}

/** The printable minutes form: the meeting and its attendance list (the secretary's). */
export async function minutesFormOf(deps: AppDeps, p: Principal, id: string) {
  const record = await getMeeting(deps, p, { id });
  // The roster comes through the attendance service, which asks for the secretary's reach.
  const attendance = await getAttendance(deps, p, { meetingId: id });
  return { record, attendance };
}
