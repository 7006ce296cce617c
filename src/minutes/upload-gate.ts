/**
 * How many uploads this instance receives at once. Each one holds a database connection (its transaction
 * is open while the bytes arrive) and a chunk buffer, so the bound protects this instance's pool and
 * memory; it is per instance on purpose, and nothing another instance needs is kept here.
 */
import { appError } from "../http/errors.ts";

export const MAX_CONCURRENT_UPLOADS = 4;
const RETRY_AFTER_S = 10;

let active = 0;

export const uploadsInProgress = (): number => active;

/** A slot for one upload, or 503 with Retry-After when all are taken; call the result once done. */
export function takeUploadSlot(): () => void {
  if (active >= MAX_CONCURRENT_UPLOADS) {
    throw appError(
      "server_busy",
      `Máy chủ đang nhận ${MAX_CONCURRENT_UPLOADS} lượt tải tệp khác; vui lòng thử lại sau ${RETRY_AFTER_S} giây`,
      [],
      { retryAfter: RETRY_AFTER_S },
    );
  }
  active++;
  let released = false;
  return () => {
    if (!released) {
      released = true;
      active--;
    }
  };
}
