/**
 * Answers whose bytes are the same for every request (a rendered feed, a stylesheet) are gzipped once and
 * kept, instead of by a compression hook on every answer.
 */
import { promisify } from "node:util";
import { gzip } from "node:zlib";

export const gzipOnce = promisify(gzip);

/** True when an Accept-Encoding header accepts gzip (by name or by "*"), not refused with q=0. */
export function acceptsGzip(header: string | string[] | undefined): boolean {
  if (!header) return false;
  let star = false;
  for (const part of String(header).split(",")) {
    const [name = "", ...params] = part.trim().toLowerCase().split(";");
    const refused = params.some((p) => /^\s*q\s*=\s*0(\.0*)?\s*$/.test(p));
    if (name === "gzip" || name === "x-gzip") return !refused;
    if (name === "*") star = !refused;
  }
  return star;
}
