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
import { auditFiling, CANCELLED_MESSAGE, meetingInReach } from "./filed-meeting.ts";
import { fileOfMeeting, filesOfMeeting, insertFiles, type NewFile } from "./files-queries.ts";
import { minutesStateOf } from "./minutes-queries.ts";

export interface IncomingFile {
  fileName: string;
  data: Buffer;
}

const fileOut = <T extends { uploadedAt: Date }>(f: T): Omit<T, "uploadedAt"> & { uploadedAt: string } => ({
  ...f,
  uploadedAt: f.uploadedAt.toISOString(),
});

/** Each file's type from its content; one file that is not allowed refuses them all. */
async function checkFiles(files: IncomingFile[], meetingId: string, by: string, at: Date) {
  if (files.length === 0) throw invalid("body.file", "chưa chọn tệp nào");
  const checked: NewFile[] = [];
  for (const [i, f] of files.entries()) {
    const type = await detectAllowedType(f.data);
    const fileName = cleanFileName(f.fileName);
    if (!type) {
      throw new AppError(
        415,
        "unsupported_file_type",
        `Tệp "${fileName}" không phải ${ALLOWED_TEXT} (kiểu tệp được xác định theo nội dung, không theo tên)`,
        [{ field: `body.file.${i}`, reason: `chỉ nhận ${ALLOWED_TEXT}` }],
      );
    }
    checked.push({
      meetingId,
      fileName,
      mime: type.mime,
      size: f.data.length,
      sha256: createHash("sha256").update(f.data).digest("hex"),
      content: f.data,
      uploadedBy: by,
      uploadedAt: at,
    });
  }
  return checked;
}

/**
 * Stores the files in one transaction, or none. `receive` reads them (the upload's body) and is called
 * only once the caller may write here, so that nobody else makes the server read megabytes.
 */
export async function storeFiles(
  deps: AppDeps,
  p: Principal,
  input: { meetingId: string; receive: () => Promise<IncomingFile[]> },
) {
  const { db } = deps.database;
  const m = await meetingInReach(db, p, input.meetingId, "secretary");
  const files = await input.receive();
  const now = deps.clock.now();
  if (m.status === "cancelled") throw conflict(CANCELLED_MESSAGE);
  const checked = await checkFiles(files, m.id, p.userId, now);
  return db.transaction(async (tx) => {
    const stored = await insertFiles(tx, checked);
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
}

/** Files follow the minutes: members see them once the minutes are submitted. */
async function readableMeeting(db: DbOrTx, p: Principal, meetingId: string) {
  const m = await meetingInReach(db, p, meetingId, "member");
  if (m.level === "member" && !(await minutesStateOf(db, m.id))?.submittedAt)
    throw notFound("Chưa có biên bản");
  return m;
}

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
  return f;
}
