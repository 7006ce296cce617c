/**
 * What an uploaded file really is, from its bytes: the declared type and the name can lie (a renamed
 * executable, an HTML page called .pdf). Pure: no I/O.
 */
import { fileTypeFromBuffer } from "file-type";

export const MAX_FILE_BYTES = 20 * 1024 * 1024;

const ODT_MIME = "application/vnd.oasis.opendocument.text";

const ALLOWED: Record<string, string> = {
  pdf: "application/pdf",
  docx: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
  odt: ODT_MIME,
  jpg: "image/jpeg",
  png: "image/png",
};

export const ALLOWED_TEXT = "PDF, DOCX, ODT, JPEG, PNG";

/**
 * An OpenDocument text declares itself in its first zip entry, `mimetype`, stored uncompressed (ODF 1.2,
 * part 3, 3.3): we read that entry rather than trusting a zip that merely calls itself .odt.
 */
export function odtMimetypeEntry(buf: Uint8Array): boolean {
  if (buf.length < 30) return false;
  const view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  if (view.getUint32(0, true) !== 0x04034b50) return false;
  const method = view.getUint16(8, true);
  const size = view.getUint32(18, true);
  const nameLength = view.getUint16(26, true);
  const extraLength = view.getUint16(28, true);
  const name = Buffer.from(buf.subarray(30, 30 + nameLength)).toString("latin1");
  if (method !== 0 || name !== "mimetype") return false;
  const start = 30 + nameLength + extraLength;
  const value = Buffer.from(buf.subarray(start, start + size)).toString("latin1");
  return value === ODT_MIME;
}

/** The accepted type of the content, or null when it is none of PDF, DOCX, ODT, JPEG, PNG. */
export async function detectAllowedType(buf: Uint8Array): Promise<{ ext: string; mime: string } | null> {
  if (buf.length === 0) return null;
  const found = await fileTypeFromBuffer(buf);
  if (!found) return null;
  if (found.ext === "odt" || found.ext === "zip") {
    return odtMimetypeEntry(buf) ? { ext: "odt", mime: ODT_MIME } : null;
  }
  const mime = ALLOWED[found.ext];
  return mime ? { ext: found.ext, mime } : null;
}

/**
 * Control characters (C0, DEL, C1) and the invisible marks that change the direction text is shown in
 * (U+202E makes "\u202Efdp.exe.jpg" read "gpj.exe.pdf"): a stored name shows what the file is called.
 */
const HIDDEN_IN_NAMES = /[\p{Cc}\u200E\u200F\u061C\u202A-\u202E\u2066-\u2069]/gu;

/** The name as the person gave it: NFC, without a client's folder path, control or direction characters. */
export function cleanFileName(raw: string): string {
  let name = raw.normalize("NFC");
  name = name.split(/[\\/]/).pop() ?? "";
  name = name.replace(HIDDEN_IN_NAMES, "").trim();
  if (!name) return "tep-dinh-kem";
  if (name.length > 200) {
    const dot = name.lastIndexOf(".");
    const ext = dot > 0 && name.length - dot <= 10 ? name.slice(dot) : "";
    name = name.slice(0, 200 - ext.length) + ext;
  }
  return name;
}

/** "Biên bản tháng 5.pdf" → "Bien ban thang 5.pdf": the fallback for clients without RFC 5987. */
export function asciiFileName(name: string): string {
  const ascii = name
    .replace(/đ/g, "d")
    .replace(/Đ/g, "D")
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/[^\x20-\x7e]/g, "_")
    .replace(/["\\]/g, "_");
  return ascii.trim() || "tep-dinh-kem";
}

/** `attachment; filename="ascii"; filename*=UTF-8''percent-encoded` (RFC 6266 / RFC 5987). */
export function contentDisposition(name: string): string {
  const encoded = encodeURIComponent(name).replace(
    /['()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  return `attachment; filename="${asciiFileName(name)}"; filename*=UTF-8''${encoded}`;
}
