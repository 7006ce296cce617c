/**
 * The OA's tokens at rest: AES-256-GCM under the named key "zalo-tokens" (src/auth/named-keys.ts), a fresh
 * 96-bit nonce each time, and the app id and the field as associated data, so that a value copied into
 * another row or column does not open. Stored as `v1.<nonce>.<tag>.<ciphertext>` (base64url).
 */
import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";

export const ZALO_KEY_NAME = "zalo-tokens";

export function sealToken(key: Buffer, plain: string, context: string): string {
  const nonce = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", key, nonce);
  cipher.setAAD(Buffer.from(context, "utf8"));
  const body = Buffer.concat([cipher.update(plain, "utf8"), cipher.final()]);
  return ["v1", nonce, cipher.getAuthTag(), body]
    .map((p) => (typeof p === "string" ? p : p.toString("base64url")))
    .join(".");
}

/** The token, or an error when the value was altered, moved or sealed under another key. */
export function openToken(key: Buffer, sealed: string, context: string): string {
  const [version, nonce, tag, body] = sealed.split(".");
  if (version !== "v1" || !nonce || !tag || body === undefined) throw new Error("zalo token: unknown format");
  const decipher = createDecipheriv("aes-256-gcm", key, Buffer.from(nonce, "base64url"));
  decipher.setAAD(Buffer.from(context, "utf8"));
  decipher.setAuthTag(Buffer.from(tag, "base64url"));
  return Buffer.concat([decipher.update(Buffer.from(body, "base64url")), decipher.final()]).toString("utf8");
}
