/** The minutes' files, read and written by name: no caller, no rules (files-service.ts decides). */
import { and, asc, eq, inArray } from "drizzle-orm";
import type { DbOrTx } from "../db/client.ts";
import { minutesFileChunks, minutesFiles, users } from "../db/schema.ts";

export type NewFile = Omit<typeof minutesFiles.$inferInsert, "id" | "size" | "sha256">;

const infoColumns = {
  id: minutesFiles.id,
  fileName: minutesFiles.fileName,
  mime: minutesFiles.mime,
  size: minutesFiles.size,
  sha256: minutesFiles.sha256,
  uploadedAt: minutesFiles.uploadedAt,
  uploadedBy: users.displayName,
};

/**
 * Starts a file whose bytes are still arriving: its size and hash are known only at the end
 * (`finishFile`, in the same transaction, so nobody sees the row before).
 */
export async function startFile(db: DbOrTx, row: NewFile): Promise<string> {
  const [added] = await db
    .insert(minutesFiles)
    .values({ ...row, size: 0, sha256: "" })
    .returning({ id: minutesFiles.id });
  return added!.id;
}

export async function insertChunk(
  db: DbOrTx,
  chunk: { fileId: string; regionId: string; seq: number; data: Buffer },
) {
  await db.insert(minutesFileChunks).values(chunk);
}

export async function finishFile(db: DbOrTx, id: string, done: { size: number; sha256: string }) {
  await db.update(minutesFiles).set(done).where(eq(minutesFiles.id, id));
}

/** The files by id, as listed (with the uploader's name), in list order. */
export async function filesByIds(db: DbOrTx, ids: string[]) {
  return db
    .select(infoColumns)
    .from(minutesFiles)
    .leftJoin(users, eq(users.id, minutesFiles.uploadedBy))
    .where(inArray(minutesFiles.id, ids))
    .orderBy(asc(minutesFiles.uploadedAt), asc(minutesFiles.fileName));
}

/** A meeting's files without their content, oldest first. */
export async function filesOfMeeting(db: DbOrTx, meetingId: string) {
  return db
    .select(infoColumns)
    .from(minutesFiles)
    .leftJoin(users, eq(users.id, minutesFiles.uploadedBy))
    .where(eq(minutesFiles.meetingId, meetingId))
    .orderBy(asc(minutesFiles.uploadedAt), asc(minutesFiles.fileName));
}

/** One file of a meeting, without its content, or null. */
export async function fileOfMeeting(db: DbOrTx, params: { meetingId: string; fileId: string }) {
  const [f] = await db
    .select({
      id: minutesFiles.id,
      fileName: minutesFiles.fileName,
      mime: minutesFiles.mime,
      size: minutesFiles.size,
      sha256: minutesFiles.sha256,
    })
    .from(minutesFiles)
    .where(and(eq(minutesFiles.id, params.fileId), eq(minutesFiles.meetingId, params.meetingId)));
  return f ?? null;
}

/** A file's bytes, one chunk row per read, in order: a download holds one chunk at a time. */
export async function* fileContent(db: DbOrTx, fileId: string): AsyncGenerator<Buffer> {
  for (let seq = 0; ; seq++) {
    const [chunk] = await db
      .select({ data: minutesFileChunks.data })
      .from(minutesFileChunks)
      .where(and(eq(minutesFileChunks.fileId, fileId), eq(minutesFileChunks.seq, seq)));
    if (!chunk) return;
    yield chunk.data;
  }
}

/** Deletes a file; its chunks go with it (the foreign key cascades). */
export async function removeFile(db: DbOrTx, id: string) {
  await db.delete(minutesFiles).where(eq(minutesFiles.id, id));
}
