/**
 * The "báo vắng" link of a reminder: one member, one meeting, an expiry, signed with HMAC-SHA256 under a
 * named key kept in PostgreSQL (`namedKey`, the same for every instance). Nothing is stored per link;
 * changing any byte (another member, another meeting, a later expiry) breaks the signature.
 */
import { createHmac, timingSafeEqual } from "node:crypto";
import { namedKey } from "../auth/named-keys.ts";
import type { DbOrTx } from "../db/client.ts";

const KEY_NAME = "absence-links";

export interface AbsenceClaim {
  meetingId: string;
  memberId: string;
  /** The link works until this instant (whole seconds). */
  expiresAt: Date;
}

export function absenceKey(db: DbOrTx): Promise<Buffer> {
  return namedKey(db, KEY_NAME);
}

const uuidBytes = (id: string) => Buffer.from(id.replace(/-/g, ""), "hex");
function uuidOf(b: Buffer): string {
  const h = b.toString("hex");
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

function sign(key: Buffer, payload: Buffer): string {
  return createHmac("sha256", key).update("absence:").update(payload).digest("base64url").slice(0, 32);
}

/** `<meeting 16 bytes, member 16 bytes, expiry 4 bytes (Unix seconds)>.<signature>`, URL-safe. */
export function absenceToken(key: Buffer, c: AbsenceClaim): string {
  const exp = Buffer.alloc(4);
  exp.writeUInt32BE(Math.floor(c.expiresAt.getTime() / 1000));
  const payload = Buffer.concat([uuidBytes(c.meetingId), uuidBytes(c.memberId), exp]);
  return `${payload.toString("base64url")}.${sign(key, payload)}`;
}

/** What a token says, when it is one of ours (expired or not: the caller tells the member which). */
export function verifyAbsenceToken(key: Buffer, token: string): AbsenceClaim | null {
  const m = /^([A-Za-z0-9_-]{48})\.([A-Za-z0-9_-]{32})$/.exec(token);
  if (!m) return null;
  const payload = Buffer.from(m[1]!, "base64url");
  if (payload.length !== 36) return null;
  const expected = Buffer.from(sign(key, payload));
  const given = Buffer.from(m[2]!);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return null;
  return {
    meetingId: uuidOf(payload.subarray(0, 16)),
    memberId: uuidOf(payload.subarray(16, 32)),
    expiresAt: new Date(payload.readUInt32BE(32) * 1000),
  };
}

/** The page the link opens (a GET shows a form; only its POST changes anything). */
export function absenceUrl(publicUrl: string, token: string): string {
  return `${publicUrl}/bao-vang/${token}`;
}
