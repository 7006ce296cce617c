/** The minutes' files, read and written by name: no caller, no rules (files-service.ts decides). */
import { and, asc, eq } from "drizzle-orm";
import type { DbOrTx } from "../db/client.ts";
import { minutesFiles, users } from "../db/schema.ts";

export type NewFile = typeof minutesFiles.$inferInsert & {
  fileName: string;
  mime: string;
  size: number;
  sha256: string;
};

const infoColumns = {
  id: minutesFiles.id,
  fileName: minutesFiles.fileName,
  mime: minutesFiles.mime,
  size: minutesFiles.size,
  sha256: minutesFiles.sha256,
  uploadedAt: minutesFiles.uploadedAt,
  uploadedBy: minutesFiles.uploadedBy,
};

/** Stores the files in one statement and returns them as listed (with the uploader's name), in list order. */
export async function insertFiles(db: DbOrTx, rows: NewFile[]) {
  const added = db.$with("added").as(db.insert(minutesFiles).values(rows).returning(infoColumns));
  return db
    .with(added)
    .select({
      id: added.id,
      fileName: added.fileName,
      mime: added.mime,
      size: added.size,
      sha256: added.sha256,
      uploadedAt: added.uploadedAt,
      uploadedBy: users.displayName,
    })
    .from(added)
    .leftJoin(users, eq(users.id, added.uploadedBy))
    .orderBy(asc(added.uploadedAt), asc(added.fileName));
}

/** A meeting's files without their content, oldest first. */
export async function filesOfMeeting(db: DbOrTx, meetingId: string) {
  return db
    .select({ ...infoColumns, uploadedBy: users.displayName })
    .from(minutesFiles)
    .leftJoin(users, eq(users.id, minutesFiles.uploadedBy))
    .where(eq(minutesFiles.meetingId, meetingId))
    .orderBy(asc(minutesFiles.uploadedAt), asc(minutesFiles.fileName));
}

/** One file of a meeting with its content, or null. */
export async function fileOfMeeting(db: DbOrTx, params: { meetingId: string; fileId: string }) {
  const [f] = await db
    .select({
      fileName: minutesFiles.fileName,
      mime: minutesFiles.mime,
      sha256: minutesFiles.sha256,
      content: minutesFiles.content,
    })
    .from(minutesFiles)
    .where(and(eq(minutesFiles.id, params.fileId), eq(minutesFiles.meetingId, params.meetingId)));
  return f ?? null;
}
