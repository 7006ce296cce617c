/**
 * The files kept with the minutes (signed minutes, scans, material): checked by their content, stored all
 * or none, and read by members once the minutes are submitted. Every upload is audited.
 */
import { createHash } from "node:crypto";
import type { Principal } from "../auth/principal.ts";
import type { DbOrTx } from "../db/client.ts";
import { AppError, conflict, invalid, notFound } from "../http/errors.ts";
import type { AppDeps } from "../http/types.ts";
import { ALLOWED_TEXT, cleanFileName, detectAllowedType } from "./file-check.ts";
import { auditFiling, CANCELLED_MESSAGE, type MeetingInReach, meetingInReach } from "./filed-meeting.ts";
import {
  fileContent,
  fileOfMeeting,
  filesByIds,
  filesOfMeeting,
  finishFile,
  insertChunk,
  removeFile,
  startFile,
} from "./files-queries.ts";
import { type MinutesState, minutesStateOf } from "./minutes-queries.ts";
import { takeUploadSlot } from "./upload-gate.ts";

/** One file of an upload as it arrives: its name, then its bytes in pieces of any size. */
export interface IncomingFile {
  fileName: string;
  content: AsyncIterable<Buffer>;
}

/**
 * Bytes per stored row. The first chunk is also what the type is sniffed from: every signature we accept
 * sits in a file's first bytes (an ODT's `mimetype` entry is its first zip entry).
 */
export const CHUNK_BYTES = 1024 * 1024;

const fileOut = <T extends { uploadedAt: Date }>(f: T): Omit<T, "uploadedAt"> & { uploadedAt: string } => ({
  ...f,
  uploadedAt: f.uploadedAt.toISOString(),
});

/** The pieces regrouped into chunks of exactly `size` bytes (the last one shorter), one buffer at a time. */
async function* rechunk(pieces: AsyncIterable<Buffer>, size: number): AsyncGenerator<Buffer> {
  let chunk = Buffer.allocUnsafe(size);
  let filled = 0;
  for await (const piece of pieces) {
    let offset = 0;
    while (offset < piece.length) {
      const n = piece.copy(chunk, filled, offset);
      filled += n;
      offset += n;
      if (filled === size) {
        yield chunk;
        chunk = Buffer.allocUnsafe(size);
        filled = 0;
      }
    }
  }
  if (filled > 0) yield chunk.subarray(0, filled);
}

function refusedType(fileName: string, index: number) {
  return new AppError(
    415,
    "unsupported_file_type",
    `Tệp "${fileName}" không phải ${ALLOWED_TEXT} (kiểu tệp được xác định theo nội dung, không theo tên)`,
    [{ field: `body.file.${index}`, reason: `chỉ nhận ${ALLOWED_TEXT}` }],
  );
}

/**
 * Writes one file as it arrives: its type from the first chunk (refused before anything is written),
 * then each chunk as a row, hashing on the way. Returns the new file's id.
 */
async function streamFile(
  tx: DbOrTx,
  file: IncomingFile,
  index: number,
  row: { meetingId: string; regionId: string; uploadedBy: string; uploadedAt: Date },
): Promise<string> {
  const fileName = cleanFileName(file.fileName);
  const hash = createHash("sha256");
  let fileId: string | null = null;
  let size = 0;
  let seq = 0;
  for await (const chunk of rechunk(file.content, CHUNK_BYTES)) {
    if (fileId === null) {
      const type = await detectAllowedType(chunk);
      if (!type) throw refusedType(fileName, index);
      fileId = await startFile(tx, { ...row, fileName, mime: type.mime });
    }
    hash.update(chunk);
    size += chunk.length;
    await insertChunk(tx, { fileId, regionId: row.regionId, seq: seq++, data: chunk });
  }
  if (fileId === null) throw refusedType(fileName, index); // an empty file
  await finishFile(tx, fileId, { size, sha256: hash.digest("hex") });
  return fileId;
}

/**
 * The same bytes twice (uploaded again, or twice in one upload) are refused with the name of the file
 * already there, so that the minutes keep one copy and the secretary knows it is in.
 */
function refuseCopies(
  stored: { id: string; fileName: string; sha256: string }[],
  all: { id: string; fileName: string; sha256: string }[],
) {
  for (const f of stored) {
    const first = all.find((x) => x.sha256 === f.sha256 && x.id !== f.id);
    if (!first) continue;
    const reason = `giống hệt tệp “${first.fileName}” đã có; không lưu thêm bản sao`;
    throw conflict(`Tệp “${f.fileName}” ${reason}.`, [{ field: "body.file", reason }]);
  }
}

/**
 * Stores the files in one transaction, or none, writing each as it arrives so that an upload never sits
 * whole in memory. `receive` gives the upload's files and is called only once the caller may write here,
 * so that nobody else makes the server read megabytes. A few uploads at a time per instance (503 beyond).
 */
export async function storeFiles(
  deps: AppDeps,
  p: Principal,
  input: { meetingId: string; receive: () => AsyncIterable<IncomingFile> },
) {
  const { db } = deps.database;
  const m = await meetingInReach(db, p, input.meetingId, "secretary");
  if (m.status === "cancelled") throw conflict(CANCELLED_MESSAGE);
  const release = takeUploadSlot();
  try {
    const now = deps.clock.now();
    return await db.transaction(async (tx) => {
      const ids: string[] = [];
      for await (const file of input.receive()) {
        ids.push(
          await streamFile(tx, file, ids.length, {
            meetingId: m.id,
            regionId: m.regionId,
            uploadedBy: p.userId,
            uploadedAt: now,
          }),
        );
      }
      if (ids.length === 0) throw invalid("body.file", "chưa chọn tệp nào");
      const stored = await filesByIds(tx, ids);
      refuseCopies(stored, await filesOfMeeting(tx, m.id));
      await auditFiling(
        tx,
        p,
        m,
        now,
        stored.map((f) => ({
          entity: "minutes" as const,
          action: "file_added",
          before: null,
          after: { fileId: f.id, fileName: f.fileName, mime: f.mime, size: f.size, sha256: f.sha256 },
        })),
      );
      return stored.map(fileOut);
    });
  } finally {
    release();
  }
}

/** Files follow the minutes: members see them once the minutes are submitted. */
async function readableMeeting(db: DbOrTx, p: Principal, meetingId: string) {
  const m = await meetingInReach(db, p, meetingId, "member");
  if (await filesHidden(db, m)) throw notFound("Chưa có biên bản");
  return m;
}

/** The minutes' state: as `known` to the caller (the meeting page reads it once), or read now. */
const stateOf = async (db: DbOrTx, m: MeetingInReach, known?: { state: MinutesState | null }) =>
  known ? known.state : minutesStateOf(db, m.id);

/** Files follow the minutes: hidden from a member until the minutes are submitted. */
async function filesHidden(
  db: DbOrTx,
  m: MeetingInReach,
  known?: { state: MinutesState | null },
): Promise<boolean> {
  return m.level === "member" && !(await stateOf(db, m, known))?.submittedAt;
}

/** The files of a meeting the caller reached (through the policy), or null when they may not see them yet. */
export async function filesShownOf(db: DbOrTx, m: MeetingInReach, known?: { state: MinutesState | null }) {
  if (await filesHidden(db, m, known)) return null;
  return (await filesOfMeeting(db, m.id)).map(fileOut);
}

export type FileRow = NonNullable<Awaited<ReturnType<typeof filesShownOf>>>[number];

export async function listFiles(deps: AppDeps, p: Principal, input: { meetingId: string }) {
  const { db } = deps.database;
  const m = await readableMeeting(db, p, input.meetingId);
  return (await filesOfMeeting(db, m.id)).map(fileOut);
}

export async function getFile(deps: AppDeps, p: Principal, input: { meetingId: string; fileId: string }) {
  const { db } = deps.database;
  const m = await readableMeeting(db, p, input.meetingId);
  const f = await fileOfMeeting(db, { meetingId: m.id, fileId: input.fileId });
  if (!f) throw notFound("Không tìm thấy tệp");
  // A stored file never changes, so its chunks are read after the check without a transaction.
  return { ...f, content: fileContent(db, f.id) };
}

/** A file may be removed (by the secretary) only while the minutes are a draft: submitted files stay. */
export async function filesRemovable(
  db: DbOrTx,
  m: MeetingInReach,
  known?: { state: MinutesState | null },
): Promise<boolean> {
  return !(await stateOf(db, m, known))?.submittedAt;
}

export const REMOVE_AFTER_SUBMIT_MESSAGE =
  "Biên bản đã nộp, không thể xóa tệp đính kèm; nếu tệp sai, đồng chí tải lên tệp đúng và ghi chú khi sửa biên bản";

/**
 * Removes a wrongly uploaded file, bytes and all, while the minutes are still a draft. Once submitted the
 * files are part of what was filed and stay. The audit log keeps who, when and the file's name, size and
 * SHA-256, so the removal can be accounted for without keeping the bytes.
 */
export async function removeFileOfMinutes(
  deps: AppDeps,
  p: Principal,
  input: { meetingId: string; fileId: string },
) {
  const now = deps.clock.now();
  await deps.database.db.transaction(async (tx) => {
    // Locked like submitting, so that a file cannot go while the minutes are being submitted.
    const m = await meetingInReach(tx, p, input.meetingId, "secretary", { lock: true });
    const f = await fileOfMeeting(tx, { meetingId: m.id, fileId: input.fileId });
    if (!f) throw notFound("Không tìm thấy tệp");
    if (!(await filesRemovable(tx, m))) throw conflict(REMOVE_AFTER_SUBMIT_MESSAGE);
    await removeFile(tx, f.id);
    await auditFiling(tx, p, m, now, [
      {
        entity: "minutes",
        action: "file_removed",
        before: { fileId: f.id, fileName: f.fileName, mime: f.mime, size: f.size, sha256: f.sha256 },
        after: null,
      },
    ]);
  });
}
