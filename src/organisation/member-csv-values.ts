/**
 * The words and values of the member list a secretary keeps in Excel: column names, roles and statuses
 * in the ways people write them, and the parsers of one cell (email, phone, date) with the reason, in
 * Vietnamese, why a value is refused. Pure.
 */

import { type CivilParts, civilFromParts } from "../domain/civil-date.ts";
import { parseVnMobile } from "../domain/vn-phone.ts";

export type MemberRole = "secretary" | "deputy_secretary" | "committee_member" | "member" | "guest";
export type MemberStatus = "full" | "probationary";

/** The columns a row may fill. */
export type Field = "fullName" | "email" | "phone" | "role" | "status" | "joinedOn" | "leftOn";

/** Vietnamese label of each column, used in the reasons. */
export const FIELD_LABEL: Record<Field, string> = {
  fullName: "Họ và tên",
  email: "Email",
  phone: "Số điện thoại",
  role: "Chức vụ",
  status: "Loại đảng viên",
  joinedOn: "Ngày vào Đảng",
  leftOn: "Ngày chuyển đi",
};

/** Header names, folded with `fold`. */
export const HEADER_ALIASES: Record<Field, readonly string[]> = {
  fullName: ["Họ và tên", "Họ tên", "full name", "name"],
  email: ["Email", "Thư điện tử"],
  phone: ["Điện thoại", "Số điện thoại", "SĐT", "phone"],
  role: ["Chức vụ", "Vai trò", "Chức vụ trong chi bộ", "role"],
  status: ["Loại đảng viên", "Trạng thái", "Chính thức/Dự bị", "status"],
  joinedOn: ["Ngày vào Đảng", "Ngày tham gia", "joined"],
  leftOn: ["Ngày chuyển đi", "Ngày rời", "left"],
};

export const ROW_NUMBER_HEADER = "stt";

export const ROLE_WORDS: Record<MemberRole, readonly string[]> = {
  secretary: ["Bí thư", "Bí thư chi bộ", "secretary"],
  deputy_secretary: ["Phó Bí thư", "Phó Bí thư chi bộ", "deputy_secretary"],
  committee_member: ["Chi ủy viên", "Cấp ủy viên", "committee_member"],
  member: ["Đảng viên", "", "member"],
  guest: ["Khách mời", "Quần chúng", "Người lao động", "Công chức", "guest"],
};

export const STATUS_WORDS: Record<MemberStatus, readonly string[]> = {
  full: ["Chính thức", "", "full"],
  probationary: ["Dự bị", "probationary"],
};

/**
 * Case-, spacing-, punctuation- and diacritics-insensitive key: "Số điện thoại" → "sodienthoai",
 * "Chi uỷ viên" and "Chi ủy viên" → "chiuyvien", "deputy_secretary" → "deputysecretary".
 */
export function fold(text: string): string {
  return text
    .normalize("NFD")
    .replace(/\p{M}/gu, "")
    .replace(/[đĐ]/g, "d")
    .toLowerCase()
    .replace(/[^a-z0-9]/g, "");
}

function lookupTable<T extends string>(words: Record<T, readonly string[]>): Map<string, T> {
  const table = new Map<string, T>();
  for (const [value, names] of Object.entries(words) as [T, readonly string[]][]) {
    for (const name of names) table.set(fold(name), value);
  }
  return table;
}

export const HEADER_TABLE = lookupTable(HEADER_ALIASES);
export const ROLE_TABLE = lookupTable(ROLE_WORDS);
export const STATUS_TABLE = lookupTable(STATUS_WORDS);

export function quoted(value: string): string {
  return `"${value}"`;
}

export function listWords(words: readonly string[]): string {
  return words
    .filter((w) => w !== "" && !/^[a-z_]+$/.test(w))
    .map(quoted)
    .join(", ");
}

const EMAIL_PATTERN =
  /^[a-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[a-z0-9!#$%&'*+/=?^_`{|}~-]+)*@(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;

export function parseEmail(value: string): { ok: true; value: string } | { ok: false; reason: string } {
  const email = value.toLowerCase();
  if (/\s/.test(email)) return { ok: false, reason: `Email ${quoted(value)} có khoảng trắng ở giữa.` };
  if (!EMAIL_PATTERN.test(email)) {
    return {
      ok: false,
      reason: `Email ${quoted(value)} không hợp lệ (cần có dạng ten@ten-mien.vn, không dấu tiếng Việt).`,
    };
  }
  return { ok: true, value: email };
}

/** A Vietnamese mobile number (the one rule, src/domain/vn-phone.ts), in its national form. */
export const parsePhone = parseVnMobile;

export function parseDate(
  value: string,
  label: string,
): { ok: true; value: string } | { ok: false; reason: string } {
  const vn = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(value);
  const iso = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  let parts: CivilParts | null = null;
  if (vn) parts = { day: Number(vn[1]), month: Number(vn[2]), year: Number(vn[3]) };
  else if (iso) parts = { year: Number(iso[1]), month: Number(iso[2]), day: Number(iso[3]) };
  if (!parts) {
    return {
      ok: false,
      reason: `${label} ${quoted(value)} không đúng dạng ngày/tháng/năm (ví dụ 03/02/2010 hoặc 3/2/2010).`,
    };
  }
  const date = civilFromParts(parts);
  if (date === null)
    return { ok: false, reason: `${label} ${quoted(value)} không phải là một ngày có thật.` };
  if (parts.year < 1900 || parts.year > 2100) {
    return { ok: false, reason: `${label} ${quoted(value)} có năm không hợp lý.` };
  }
  return { ok: true, value: date };
}
