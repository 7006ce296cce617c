/**
 * The structured minutes of a meeting: every save is a revision, submission freezes the text a member
 * reads, and a change after it needs a reason that stays on record and reaches members once submitted. Every change is audited in the
 * transaction that makes it.
 */
import type { Principal } from "../auth/principal.ts";
import type { DbOrTx } from "../db/client.ts";
import type { MinutesContent } from "../db/schema.ts";
import { missingMinutesParts, voteProblem } from "../domain/meeting-quality.ts";
import { dueDate, isLate } from "../domain/minutes-rules.ts";
import { minutesPartsOf, officialParts } from "../domain/official-minutes.ts";
import { conflict, invalid, notFound } from "../http/errors.ts";
import type { AppDeps } from "../http/types.ts";
import {
  assertFileable,
  auditFiling,
  type MeetingInReach,
  markHeld,
  meetingInReach,
  nfc,
} from "./filed-meeting.ts";
import {
  addRevision,
  amendmentsOf,
  firstSubmittedRevision,
  type MinutesState,
  markSubmitted,
  minutesStateOf,
  presentCountOf,
  revisionsFrom,
  revisionText,
  topicById,
} from "./minutes-queries.ts";

export type MinutesInput = Omit<MinutesContent, "topicId"> & { topicId?: string | null };

const NO_MINUTES = "Chưa có biên bản";

function cleanContent(c: MinutesInput, topicId: string | null): MinutesContent {
  return {
    chair: nfc(c.chair),
    recorder: nfc(c.recorder),
    startTime: c.startTime,
    endTime: c.endTime,
    topicId,
    introducedBy: nfc(c.introducedBy),
    discussion: c.discussion.map((d) => ({ by: nfc(d.by), opinion: nfc(d.opinion) })),
    conclusions: nfc(c.conclusions),
    tasks: c.tasks.map((t) => ({
      content: nfc(t.content),
      ...(t.assignee ? { assignee: nfc(t.assignee) } : {}),
      ...(t.due ? { due: t.due } : {}),
    })),
    place: nfc(c.place ?? ""),
    guests: (c.guests ?? []).map(nfc).filter(Boolean),
    agenda: (c.agenda ?? []).map(nfc).filter(Boolean),
    resolution: c.resolution ? { ...c.resolution, text: nfc(c.resolution.text) } : null,
    readBack: c.readBack ?? false,
  };
}

/**
 * A resolution's vote counts only those present: refused (naming the field) when they add up to more, or
 * when attendance is not recorded yet, since nobody is known to be present.
 */
async function checkVote(db: DbOrTx, meetingId: string, resolution: MinutesInput["resolution"]) {
  if (!resolution) return;
  const present = await presentCountOf(db, meetingId);
  if (present === null)
    throw invalid("body.resolution.agree", "chưa điểm danh: hãy ghi điểm danh trước khi ghi biểu quyết");
  const problem = voteProblem(resolution, present);
  if (problem) throw invalid("body.resolution.agree", problem);
}

/** The minutes as people read them, from their state and the text shown (`revision`: the current one, or
 * for a member the submitted one). Amendments exist only once the minutes were submitted, so unsubmitted
 * minutes cost no read for them; those after the revision shown are not listed. */
async function minutesView(
  db: DbOrTx,
  m: MeetingInReach,
  state: MinutesState,
  current: { content: MinutesContent; topicTitle: string | null },
  now: Date,
  revision = state.currentRevision,
) {
  const amendments = state.submittedAt
    ? (await amendmentsOf(db, m.id)).filter((a) => a.revision <= revision)
    : [];
  const due = dueDate(m.date, m.minutesDueDays);
  const content = officialParts(current.content);
  return {
    meetingId: m.id,
    revision,
    content: { ...content, topicTitle: current.topicTitle },
    /** What the ratings read (issue 20): the template's parts not filled, and the read-back. */
    missingParts: missingMinutesParts(minutesPartsOf(content)),
    readBack: content.readBack,
    submitted: state.submittedAt !== null,
    submittedAt: state.submittedAt?.toISOString() ?? null,
    submittedRevision: state.submittedRevision,
    dueDate: due,
    late: isLate(due, state.submittedAt, now, m.timezone),
    amendments: amendments.map((a) => ({
      revision: a.revision,
      reason: a.reason ?? "",
      at: a.at.toISOString(),
      by: a.by,
    })),
    updatedAt: state.updatedAt.toISOString(),
  };
}

async function textOf(db: DbOrTx, m: MeetingInReach, revision: number) {
  const current = await revisionText(db, { meetingId: m.id, revision });
  if (!current) throw new Error(`minutes of ${m.id} lack their revision ${revision}`);
  return current;
}

const currentText = (db: DbOrTx, m: MeetingInReach, state: MinutesState) =>
  textOf(db, m, state.currentRevision);

/**
 * Members read their branch's minutes as last submitted; before the first submission they do not exist for
 * them, and a change made since is the secretary's until it is submitted too.
 */
export async function getMinutes(deps: AppDeps, p: Principal, input: { meetingId: string }) {
  const { db } = deps.database;
  const m = await meetingInReach(db, p, input.meetingId, "member");
  const shown = await minutesShownOf(db, m, deps.clock.now());
  if (!shown) throw notFound(NO_MINUTES);
  return shown;
}

/** The minutes as the caller reads them (`m` already reached through the policy), or null when there are
 * none for them yet. Also read by the meeting page (meeting-page-service.ts) on its transaction. */
export async function minutesShownOf(db: DbOrTx, m: MeetingInReach, now: Date) {
  const state = await minutesStateOf(db, m.id);
  if (!state || (m.level === "member" && state.submittedRevision === null)) return null;
  const shown = m.level === "member" ? state.submittedRevision! : state.currentRevision;
  return minutesView(db, m, state, await textOf(db, m, shown), now, shown);
}

export type MinutesShown = NonNullable<Awaited<ReturnType<typeof minutesShownOf>>>;
export type RevisionRow = NonNullable<Awaited<ReturnType<typeof revisionsShownOf>>>[number];

export async function listRevisions(deps: AppDeps, p: Principal, input: { meetingId: string }) {
  const { db } = deps.database;
  const m = await meetingInReach(db, p, input.meetingId, "member");
  const rows = await revisionsShownOf(db, m);
  if (!rows) throw notFound(NO_MINUTES);
  return rows;
}

/** The revisions the caller may read (`m` already reached through the policy), or null when none. */
export async function revisionsShownOf(db: DbOrTx, m: MeetingInReach) {
  const state = await minutesStateOf(db, m.id);
  if (!state || (m.level === "member" && state.submittedRevision === null)) return null;
  // A member sees the text first submitted and the changes submitted since, not the drafts before nor
  // the changes not yet submitted.
  const range =
    m.level === "member"
      ? {
          from: (await firstSubmittedRevision(db, m.id)) ?? state.submittedRevision!,
          to: state.submittedRevision!,
        }
      : { from: 1 };
  const rows = await revisionsFrom(db, { meetingId: m.id, ...range });
  return rows.map((r) => ({ ...r, content: officialParts(r.content), createdAt: r.createdAt.toISOString() }));
}

export type SaveMinutesInput = MinutesInput & { meetingId: string; reason?: string; baseRevision?: number };

/** Every save is a new revision. After submission a change needs a reason, which stays on record. */
export async function saveMinutes(deps: AppDeps, p: Principal, input: SaveMinutesInput) {
  const now = deps.clock.now();
  return deps.database.db.transaction(async (tx) => {
    const m = await meetingInReach(tx, p, input.meetingId, "secretary", { lock: true });
    assertFileable(m, now);
    if (input.startTime >= input.endTime) throw invalid("body.endTime", "giờ kết thúc phải sau giờ bắt đầu");
    const topicId = (input.topicId === undefined ? m.topicId : input.topicId) ?? null;
    const topic = topicId ? await topicById(tx, topicId) : null;
    if (topicId && (!topic || (m.campaignId && topic.campaignId !== m.campaignId)))
      throw invalid("body.topicId", "không phải chuyên đề của đợt sinh hoạt này");
    const state = await minutesStateOf(tx, m.id);
    const base = state?.currentRevision ?? 0;
    if (input.baseRevision !== undefined && input.baseRevision !== base)
      throw conflict("Biên bản đã được người khác sửa; hãy tải lại bản mới nhất", [
        { field: "body.baseRevision", reason: `bản hiện tại là ${base}` },
      ]);
    const submitted = state?.submittedAt != null;
    const reason = input.reason ? nfc(input.reason) : "";
    if (submitted && !reason) throw invalid("body.reason", "biên bản đã nộp: cần ghi lý do sửa đổi");
    const content = cleanContent(input, topicId);
    await checkVote(tx, m.id, content.resolution);
    const before = state ? (await revisionText(tx, { meetingId: m.id, revision: base }))?.content : null;
    const revision = base + 1;
    const saved = await addRevision(tx, {
      meetingId: m.id,
      regionId: m.regionId,
      revision,
      content,
      missingParts: missingMinutesParts(minutesPartsOf(content)),
      reason: reason || null,
      afterSubmission: submitted,
      by: p.userId,
      at: now,
    });
    await markHeld(tx, p, m, now);
    await auditFiling(tx, p, m, now, [
      {
        entity: "minutes",
        action: state ? (submitted ? "amend" : "update") : "create",
        before: before ? { revision: base, content: before } : null,
        after: { revision, content, ...(reason ? { reason } : {}) },
      },
    ]);
    return minutesView(tx, m, saved, { content, topicTitle: topic?.title ?? null }, now);
  });
}

/** Submits the current text: the first time, or again after amendments, which members then read. */
export async function submitMinutes(deps: AppDeps, p: Principal, input: { meetingId: string }) {
  const now = deps.clock.now();
  return deps.database.db.transaction(async (tx) => {
    const m = await meetingInReach(tx, p, input.meetingId, "secretary", { lock: true });
    const state = await minutesStateOf(tx, m.id);
    if (!state) throw conflict("Chưa có biên bản để nộp");
    if (state.submittedAt && state.submittedRevision === state.currentRevision)
      throw conflict("Biên bản đã được nộp");
    const submitted = await markSubmitted(tx, {
      meetingId: m.id,
      revision: state.currentRevision,
      by: p.userId,
      at: now,
    });
    await auditFiling(tx, p, m, now, [
      state.submittedAt
        ? {
            entity: "minutes",
            action: "resubmit",
            before: { revision: state.submittedRevision },
            after: { revision: state.currentRevision, at: now.toISOString() },
          }
        : {
            entity: "minutes",
            action: "submit",
            before: { submittedAt: null },
            after: {
              submittedAt: now.toISOString(),
              revision: state.currentRevision,
              late: isLate(dueDate(m.date, m.minutesDueDays), now, now, m.timezone),
            },
          },
    ]);
    return minutesView(tx, m, submitted, await currentText(tx, m, submitted), now);
  });
}
