/**
 * The official minutes as a document (issue 20, issue 18): what the printed A4 minutes and the .docx are
 * written from, in one call that decides reach once (the branch's secretary, or an officer above it) and
 * reads on one transaction: the meeting, the party header of its committee, the counts by category over the
 * meeting's roster, every absentee by name, the guests, and the submitted minutes (null: none submitted
 * yet, so the form is printed blank to fill by hand).
 */
import type { Principal } from "../auth/principal.ts";
import type { DbOrTx } from "../db/client.ts";
import { documentHeading, partyOrganisationOf } from "../domain/document-heading.ts";
import { type CategoryCounts, countCategories, type RosterMember } from "../domain/meeting-quality.ts";
import { officialParts } from "../domain/official-minutes.ts";
import { notFound } from "../http/errors.ts";
import type { AppDeps } from "../http/types.ts";
import { meetingById } from "../plan/meeting-queries.ts";
import type { MeetingRecord } from "../plan/meeting-view.ts";
import { committeeHeadingRow } from "../reports/reports-queries.ts";
import { memberStatusesOf } from "./attendance-queries.ts";
import { type AttendanceSheet, attendanceOf } from "./attendance-service.ts";
import { meetingInReach } from "./filed-meeting.ts";
import { minutesStateOf, revisionText } from "./minutes-queries.ts";

export type MinutesRosterMember = RosterMember & { fullName: string; reason: string | null };

/**
 * The meeting's roster with the categories the minutes count. Exemptions and temporary members are not
 * recorded yet: this one function is where the roster that records them replaces it.
 */
export async function minutesRosterOf(db: DbOrTx, sheet: AttendanceSheet): Promise<MinutesRosterMember[]> {
  const statuses = await memberStatusesOf(
    db,
    sheet.members.map((m) => m.memberId),
  );
  return sheet.members.map((m) => ({
    memberId: m.memberId,
    fullName: m.fullName,
    reason: m.reason,
    status: statuses.get(m.memberId) ?? "full",
    exempted: false,
    temporary: false,
    mark: m.status,
  }));
}

export interface MinutesDocument {
  record: MeetingRecord;
  /** "Đảng bộ phường Nguyễn Trãi": the party organisation the branch belongs to. */
  organisation: string;
  /** The place of the date line (the committee's heading), "" when it is written by hand. */
  place: string;
  attendance: AttendanceSheet;
  /** Null until attendance is recorded: the form then leaves the counts blank. */
  counts: CategoryCounts | null;
  absentees: { fullName: string; excused: boolean; reason: string | null }[];
  /** Present guests as the sheet has them (invited members and guests by name). */
  sheetGuests: string[];
  /** The submitted text, or null when none is submitted. */
  minutes: (ReturnType<typeof officialParts<MinutesRevisionContent>> & { topicTitle: string | null }) | null;
}

type MinutesRevisionContent = NonNullable<Awaited<ReturnType<typeof revisionText>>>["content"];

const NOT_FOUND = "Không tìm thấy buổi sinh hoạt";

export function minutesDocumentOf(deps: AppDeps, p: Principal, meetingId: string): Promise<MinutesDocument> {
  return deps.database.db.transaction(async (tx) => {
    const m = await meetingInReach(tx, p, meetingId, "secretary");
    const record = await meetingById(tx, m.id, deps.config.publicUrl);
    if (!record) throw notFound(NOT_FOUND);
    const committee = await committeeHeadingRow(tx, record.committeeId);
    const attendance = await attendanceOf(tx, m);
    const roster = attendance.recorded ? await minutesRosterOf(tx, attendance) : [];
    const state = await minutesStateOf(tx, m.id);
    const text =
      state?.submittedRevision != null
        ? await revisionText(tx, { meetingId: m.id, revision: state.submittedRevision })
        : null;
    return {
      record,
      organisation: committee ? partyOrganisationOf(committee.name) : "",
      place: committee ? documentHeading(committee.name, committee).place : "",
      attendance,
      counts: attendance.recorded ? countCategories(roster) : null,
      absentees: roster
        .filter((r) => r.mark === "absent_excused" || r.mark === "absent_unexcused")
        .map((r) => ({ fullName: r.fullName, excused: r.mark === "absent_excused", reason: r.reason })),
      sheetGuests: [
        ...attendance.invited.filter((g) => g.status === "present").map((g) => g.fullName),
        ...attendance.guestList.filter((g) => g.present).map((g) => g.name),
      ],
      minutes: text ? { ...officialParts(text.content), topicTitle: text.topicTitle } : null,
    };
  });
}
