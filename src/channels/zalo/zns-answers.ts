/**
 * What each answer of ZNS means for a reminder (pure). Codes from Zalo's table "Cách xử lý mã lỗi"
 * (https://zalo.cloud/zns/guidelines/handle-error-code, read 2026-12): 0 success; -100 unknown error
 * ("thử lại sau"); -101…-105 the app or its secret; -108 phone number invalid; -109 template id invalid;
 * -110 Zalo version unsupported; -111/-112 template data empty/invalid; -113 button invalid; -114 user
 * inactive, rejects the message or outdated app; -115 out of quota; -116 text invalid; -117 no permission
 * for the template; -118 Zalo account does not exist; -119 account cannot receive ZNS; -124 access token
 * invalid; -130 content too long; -132 parameter invalid; -133 this template may not be sent at night
 * (22:00–06:00); -139 the person refused this kind of ZNS; -144 the OA's daily limit; -147 the template's
 * daily limit. The OA API answers -32 when requests come too fast.
 */
import type { ChannelOutcome } from "../channel.ts";

/** An answer read off the wire: the HTTP status and, when the body was ZNS's JSON, its error code. */
export interface ZnsAnswer {
  httpStatus: number;
  /** `error` of the body; null when there was no answer (network) or no JSON. */
  error: number | null;
  message: string;
  msgId?: string;
  /** Retry-After of a 429/503, in seconds. */
  retryAfter?: number;
}

/** ZNS's verdict, with "token" for an access token Zalo no longer accepts (refresh, then try once more). */
export type ZnsVerdict = ChannelOutcome | { kind: "token" };

const RETRY_LATER = [-100];
const RATE = [-32];
const QUOTA = [-115, -144, -147];
/** The person cannot be reached on Zalo: the reminder goes by email instead. */
const UNREACHABLE: Record<number, string> = {
  [-108]: "Zalo không nhận số điện thoại này",
  [-110]: "người nhận dùng phiên bản Zalo quá cũ",
  [-114]: "người nhận không nhận tin ZNS (tài khoản không hoạt động, đã từ chối hoặc Zalo quá cũ)",
  [-118]: "số điện thoại không dùng Zalo",
  [-119]: "tài khoản Zalo này không nhận được tin ZNS",
  [-139]: "người nhận đã từ chối loại tin này",
};
/** The template or the OA: every reminder would fail alike; the secretary sees it, the admin fixes it. */
const TEMPLATE = [-109, -111, -112, -113, -116, -117, -121, -122, -130, -132];
const APP = [-101, -102, -103, -104, -105, -106, -120, -125, -131, -135, -138];

/** Seconds from `now` to 06:00 in Vietnam (UTC+7, no daylight saving), when ZNS sends at night again. */
export function secondsToMorning(now: Date): number {
  const vn = new Date(now.getTime() + 7 * 3600_000);
  const six = Date.UTC(vn.getUTCFullYear(), vn.getUTCMonth(), vn.getUTCDate(), 6);
  const next = vn.getTime() < six ? six : six + 24 * 3600_000;
  return Math.ceil((next - vn.getTime()) / 1000);
}

export function znsVerdict(a: ZnsAnswer, now: Date): ZnsVerdict {
  const said = (what: string) => `${what} (Zalo ${a.error ?? `HTTP ${a.httpStatus}`}: ${a.message})`;
  if (a.httpStatus === 0) return { kind: "retry", reason: `không kết nối được tới Zalo: ${a.message}` };
  if (a.httpStatus === 429) {
    return { kind: "retry", reason: said("Zalo yêu cầu gửi chậm lại"), afterSeconds: a.retryAfter ?? 60 };
  }
  if (a.httpStatus >= 500) {
    return {
      kind: "retry",
      reason: said("Zalo tạm thời lỗi"),
      ...(a.retryAfter ? { afterSeconds: a.retryAfter } : {}),
    };
  }
  if (a.error === null) return { kind: "retry", reason: said("Zalo trả lời không đúng dạng") };
  const code = a.error;
  if (code === 0) return { kind: "sent", ...(a.msgId ? { providerId: a.msgId } : {}) };
  if (code === -124) return { kind: "token" };
  if (RETRY_LATER.includes(code)) return { kind: "retry", reason: said("Zalo lỗi không xác định") };
  if (RATE.includes(code)) return { kind: "retry", reason: said("gửi quá nhanh"), afterSeconds: 60 };
  if (QUOTA.includes(code)) {
    return {
      kind: "retry",
      reason: said("hết hạn mức gửi ZNS (cần nạp thêm hoặc chờ ngày mới)"),
      afterSeconds: 3600,
    };
  }
  if (code === -133) {
    return { kind: "retry", reason: said("ZNS không gửi ban đêm"), afterSeconds: secondsToMorning(now) };
  }
  const unreachable = UNREACHABLE[code];
  if (unreachable) return { kind: "fallback", reason: said(unreachable) };
  if (TEMPLATE.includes(code))
    return { kind: "failed", reason: said("mẫu tin ZNS không hợp lệ — báo quản trị viên") };
  if (APP.includes(code))
    return { kind: "failed", reason: said("ứng dụng Zalo chưa được cấu hình đúng — báo quản trị viên") };
  return { kind: "failed", reason: said("Zalo từ chối tin nhắn") };
}
