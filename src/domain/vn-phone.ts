/**
 * Vietnamese mobile numbers (issue 21: Zalo reaches a person by the phone number their account is tied to).
 * Accepted as people write them — 0912 345 678, 0912.345.678, +84 912 345 678, 84912345678, and the
 * nine digits Excel leaves when it drops the leading 0 — and kept in one form, the ten national digits
 * (0912345678). ZNS wants the international form without "+" (84912345678): `znsPhone`.
 *
 * Mobile prefixes after the 2018 move from 11 to 10 digits (Bộ TT&TT, Quyết định 798/QĐ-BTTTT): 032–039,
 * 052, 055, 056, 058, 059, 070, 076–079, 081–089, 090–094, 096–099. A landline (02x) or an old 11-digit
 * mobile number is refused with the reason (and, for the latter, the number it became).
 */

const MOBILE = /^0(3[2-9]|5[25689]|7[06-9]|8[1-9]|9[0-46-9])\d{7}$/;

/** The 2018 renumbering: old 11-digit prefix → new 10-digit prefix. */
const RENUMBERED: Record<string, string> = {
  "0162": "032",
  "0163": "033",
  "0164": "034",
  "0165": "035",
  "0166": "036",
  "0167": "037",
  "0168": "038",
  "0169": "039",
  "0120": "070",
  "0121": "079",
  "0122": "077",
  "0126": "076",
  "0128": "078",
  "0123": "083",
  "0124": "084",
  "0125": "085",
  "0127": "081",
  "0129": "082",
  "0186": "056",
  "0188": "058",
  "0199": "059",
};

export type PhoneCheck = { ok: true; value: string } | { ok: false; reason: string };

const quoted = (s: string) => `"${s}"`;

/** A Vietnamese mobile number in its national form (0xxxxxxxxx), or why the input is not one. */
export function parseVnMobile(input: string): PhoneCheck {
  const raw = input.trim();
  if (/^\d+(?:[.,]\d+)?E\+\d+$/i.test(raw)) {
    return {
      ok: false,
      reason:
        `Số điện thoại ${quoted(raw)} đã bị Excel đổi thành dạng số khoa học. ` +
        'Hãy định dạng cột số điện thoại là "Văn bản" (Text) và nhập lại.',
    };
  }
  if (!/^\+?[\d\s.\-()]+$/.test(raw)) {
    return {
      ok: false,
      reason: `Số điện thoại ${quoted(raw)} chỉ được gồm chữ số, dấu cách, dấu chấm, dấu gạch và dấu + ở đầu.`,
    };
  }
  const plus = raw.startsWith("+");
  let digits = raw.replace(/\D/g, "");
  if (plus && !digits.startsWith("84")) {
    return { ok: false, reason: `Số điện thoại ${quoted(raw)} không phải số Việt Nam (+84).` };
  }
  if (digits.startsWith("0084")) digits = `0${digits.slice(4)}`;
  else if (digits.startsWith("84") && (plus || digits.length >= 11)) digits = `0${digits.slice(2)}`;
  else if (!digits.startsWith("0") && digits.length === 9) digits = `0${digits}`; // Excel dropped the 0
  if (digits.length === 11 && RENUMBERED[digits.slice(0, 4)]) {
    const now = `${RENUMBERED[digits.slice(0, 4)]}${digits.slice(4)}`;
    return {
      ok: false,
      reason: `Số điện thoại ${quoted(raw)} là số 11 chữ số cũ; từ năm 2018 số này là ${displayPhone(now)}.`,
    };
  }
  if (digits.startsWith("02")) {
    return {
      ok: false,
      reason: `Số ${quoted(raw)} là số máy bàn; Zalo chỉ gửi tới số di động (bắt đầu bằng 03, 05, 07, 08 hoặc 09).`,
    };
  }
  if (digits.length !== 10) {
    return {
      ok: false,
      reason: `Số điện thoại ${quoted(raw)} có ${digits.length} chữ số; số di động Việt Nam có 10 chữ số (ví dụ 0912 345 678).`,
    };
  }
  if (!MOBILE.test(digits)) {
    return {
      ok: false,
      reason: `Số điện thoại ${quoted(raw)} không thuộc đầu số di động nào đang dùng ở Việt Nam.`,
    };
  }
  return { ok: true, value: digits };
}

/** The form ZNS sends to: 84 and the nine digits after the national 0; null when not a mobile number. */
export function znsPhone(stored: string): string | null {
  const parsed = parseVnMobile(stored);
  return parsed.ok ? `84${parsed.value.slice(1)}` : null;
}

/** How a person reads it: 0912 345 678 (a number that is not a mobile one is shown as stored). */
export function displayPhone(stored: string): string {
  return /^0\d{9}$/.test(stored) ? `${stored.slice(0, 4)} ${stored.slice(4, 7)} ${stored.slice(7)}` : stored;
}
