/**
 * What the meeting page (`/cuoc-hop/:id`) and its printable minutes form show, in one call each: reach is
 * decided once (`meetingInReach`, the policy), then the sections are read side by side, their reads sharing
 * round trips (`batchedReads`, src/db/read-batch.ts: five for a secretary's page where there were 22
 * statements one after another): the meeting for anyone in its branch (404 elsewhere, like the API), the
 * meeting it replaces or that replaces it, the person's own attendance, and for the branch's secretary (or a
 * committee above it) the attendance sheet, the minutes and their revisions, the files, the campaign's
 * topics, the warnings about the date and whom the mail did not reach, and the word members sent that they
 * will be absent (one query: a member sees their own, the secretary everyone's, and the attendance form
 * starts from it). The page's forms call the same services as the API.
 */
import type { Principal } from "../auth/principal.ts";
import { topicsInOrder } from "../campaigns/catalogue-queries.ts";
import { readsOf } from "../db/client.ts";
import { batchedReads } from "../db/read-batch.ts";
import { absenceRefusal, absenceRefusalText, startFromNotices } from "../domain/absence-rules.ts";
import { civilToday } from "../domain/civil-date.ts";
import { hasHappened, makeupRefusal } from "../domain/meeting-changes.ts";
import type { MeetingReach } from "../domain/reminder-channels.ts";
import { notFound } from "../http/errors.ts";
import type { AppDeps } from "../http/types.ts";
import { meetingWarnings } from "../plan/meeting-day-off.ts";
import { meetingWithMakeups } from "../plan/meeting-queries.ts";
import type { MeetingRecord } from "../plan/meeting-view.ts";
import { type MeetingQuality, meetingQualityOf } from "../ratings/ratings-service.ts";
import { reachOfMeeting } from "../reminders/channel-service.ts";
import { type UnreachedRecipient, unreachedRecipientsOf } from "../reminders/reminder-service.ts";
import { type NoticeRow, noticesOfMeetings } from "./absence-queries.ts";
import { markOfMember } from "./attendance-queries.ts";
import { type AttendanceSheet, attendanceOf } from "./attendance-service.ts";
import { meetingInReach } from "./filed-meeting.ts";
import { type FileRow, filesRemovable, filesShownOf } from "./files-service.ts";
import { minutesStateOf } from "./minutes-queries.ts";
import { type MinutesShown, minutesShownOf, type RevisionRow, revisionsShownOf } from "./minutes-service.ts";

export type { AttendanceSheet } from "./attendance-service.ts";

/** The sheet as the form starts: a member who sent word and has no mark yet starts absent with the reason. */
export type NoticedSheet = Omit<AttendanceSheet, "members"> & {
  members: (AttendanceSheet["members"][number] & { noticed: boolean })[];
};

export interface SecretaryTools {
  warnings: string[];
  /** The meeting's day has come (in the branch's zone): attendance and minutes may be filed. */
  happened: boolean;
  attendance: NoticedSheet | null;
  minutes: MinutesShown | null;
  revisions: RevisionRow[];
  files: FileRow[];
  /** Files may still be removed: the minutes are not submitted yet (`filesRemovable`). */
  filesRemovable: boolean;
  topics: { id: string; code: string; title: string }[];
  unreached: UnreachedRecipient[];
  /** Which channel reached each member, and who none reached. */
  reach: MeetingReach;
  /** A make-up meeting may be added (`makeupRefusal`). */
  canMakeUp: boolean;
  /** The meeting's quality once it has happened: the criteria from the record and the points (issue 20). */
  quality: MeetingQuality | null;
  /** Who sent word before the meeting that they will be absent, with the reason (by name). */
  notices: NoticeRow[];
}

/** The caller's own word for this meeting ("báo vắng"), for a person with a member record. */
export interface MyAbsence {
  notice: { reason: string; sentAt: Date } | null;
  /** Why it can no longer be sent or taken back (the meeting started or was cancelled), or null. */
  refusal: string | null;
}

export interface MeetingPageData {
  record: MeetingRecord;
  /** The meeting this one replaces (a make-up), or the make-up that replaces this one. */
  replaces: MeetingRecord | null;
  replacedBy: MeetingRecord | null;
  myMark: { status: string; reason: string | null } | null;
  myAbsence: MyAbsence | null;
  secretary: SecretaryTools | null;
  /** A member's reading of the submitted minutes and their files (null before submission). */
  minutesRead?: { minutes: MinutesShown; files: FileRow[] } | null;
}

const NOT_FOUND = "Không tìm thấy buổi sinh hoạt";

export function meetingPageOf(deps: AppDeps, p: Principal, meetingId: string): Promise<MeetingPageData> {
  const { publicUrl } = deps.config;
  const now = deps.clock.now();
  // Read only: the reads that do not wait for one another share a round trip (src/db/read-batch.ts).
  return batchedReads(deps.database.pool, async (db) => {
    // The meeting, reach decided once (one statement), and what everyone in its branch reads of it.
    const m = await meetingInReach(db, p, meetingId, "member");
    const [{ record, replaces, replacedBy }, myMark, notices, state] = await readsOf(db, [
      () => meetingWithMakeups(db, m.id, publicUrl),
      () => (p.memberId ? markOfMember(db, m.id, p.memberId) : Promise.resolve(null)),
      () => noticesOfMeetings(db, [m.id]),
      // The minutes' state, read once for the minutes, their revisions and the files.
      () => minutesStateOf(db, m.id),
    ] as const);
    if (!record) throw notFound(NOT_FOUND);
    const myAbsence = p.memberId ? absenceOf(record, notices, p.memberId, now) : null;
    const known = { state };
    const page = { record, replaces, replacedBy, myMark, myAbsence };
    if (m.level === "member") {
      // A member reads the minutes as last submitted, and nothing before that (minutesShownOf decides).
      const [minutes, files] = await readsOf(db, [
        () => minutesShownOf(db, m, now, known),
        () => filesShownOf(db, m, known),
      ] as const);
      return { ...page, secretary: null, minutesRead: minutes && { minutes, files: files ?? [] } };
    }

    // The secretary's tools (the branch's secretary, or a committee above it).
    const today = civilToday(now, m.timezone);
    const happened = hasHappened(m, today);
    const none = Promise.resolve(null);
    const [warnings, sheet, minutes, revisions, files, removable, topics, unreached, reach, quality] =
      await readsOf(db, [
        () => meetingWarnings(db, record),
        () => (happened ? attendanceOf(db, m) : none),
        () => minutesShownOf(db, m, now, known),
        () => revisionsShownOf(db, m, known),
        () => filesShownOf(db, m, known),
        () => filesRemovable(db, m, known),
        () => (record.campaignId ? topicsInOrder(db, record.campaignId) : Promise.resolve([])),
        () => unreachedRecipientsOf(db, m.id),
        () => reachOfMeeting(db, m.id),
        () => (happened ? meetingQualityOf(db, m) : none),
      ] as const);
    return {
      ...page,
      secretary: {
        warnings,
        happened,
        attendance: sheet && { ...sheet, members: startFromNotices(sheet.members, notices) },
        minutes,
        revisions: revisions ?? [],
        files: files ?? [],
        filesRemovable: removable,
        topics,
        unreached,
        reach,
        canMakeUp: makeupRefusal({ ...m, makeupOf: record.makeupOf }, today, replacedBy !== null) === null,
        quality,
        notices,
      },
    };
  });
}

function absenceOf(record: MeetingRecord, notices: NoticeRow[], memberId: string, now: Date): MyAbsence {
  const mine = notices.find((n) => n.memberId === memberId);
  const startAt = record.view.start.toJSDate();
  const r = absenceRefusal({ status: record.view.status, startAt }, now);
  return {
    notice: mine ? { reason: mine.reason, sentAt: mine.sentAt } : null,
    refusal: r && absenceRefusalText(r, startAt, record.view.timezone),
  };
}
