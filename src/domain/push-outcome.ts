/**
 * What the push service's answers for one message's devices (RFC 8030 §5, §8.2) make of the message: one
 * device that took it is enough (repeating to all would notify the others twice); a device answered
 * 404/410 is gone for good (its subscription is removed); 429 and 5xx and no answer are transient; any
 * other 4xx is a refusal of this request that a retry would not change.
 */
import type { ChannelOutcome } from "../channels/channel.ts";

/** One device's answer: the HTTP status, or null when no answer came (connection, timeout). */
export interface DeviceAnswer {
  status: number | null;
  /** Seconds from a Retry-After header, if any. */
  retryAfter?: number;
}

export type DeviceVerdict = "ok" | "gone" | "transient" | "refused";

export function deviceVerdict(a: DeviceAnswer): DeviceVerdict {
  if (a.status === null) return "transient";
  if (a.status >= 200 && a.status < 300) return "ok";
  if (a.status === 404 || a.status === 410) return "gone";
  if (a.status === 429 || a.status >= 500) return "transient";
  return "refused";
}

export function pushOutcome(answers: readonly DeviceAnswer[]): ChannelOutcome {
  if (answers.length === 0) return { kind: "fallback", reason: "Không có thiết bị nào nhận thông báo" };
  const v = answers.map(deviceVerdict);
  const ok = v.filter((x) => x === "ok").length;
  if (ok > 0) return { kind: "sent", providerId: `${ok}/${answers.length}` };
  const transient = answers.filter((_, i) => v[i] === "transient");
  if (transient.length > 0) {
    const after = Math.max(0, ...transient.map((a) => a.retryAfter ?? 0));
    const codes = transient.map((a) => a.status ?? "không trả lời").join(", ");
    return {
      kind: "retry",
      reason: `Dịch vụ push tạm lỗi (${codes})`,
      ...(after ? { afterSeconds: after } : {}),
    };
  }
  if (v.includes("refused")) {
    const codes = answers.filter((_, i) => v[i] === "refused").map((a) => a.status);
    return { kind: "failed", reason: `Dịch vụ push từ chối (${codes.join(", ")})` };
  }
  return { kind: "fallback", reason: "Thiết bị đã huỷ đăng ký nhận thông báo" };
}
