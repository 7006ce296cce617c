/**
 * The Zalo channel (issue 21): a reminder as a ZNS template message to the member's phone, its answer as a
 * ChannelOutcome for the outbox. An access token Zalo no longer accepts is refreshed and the message tried
 * once more; a person Zalo cannot reach falls back to email; a bad template fails, shown to the secretary.
 * Without configuration the channel is off and every message falls back to email.
 */
import type { Clock } from "../../clock.ts";
import type { Config } from "../../config.ts";
import type { Database } from "../../db/client.ts";
import { znsPhone } from "../../domain/vn-phone.ts";
import type { ChannelOutcome } from "../channel.ts";
import { type TokenResult, type ZaloDeps, zaloAccessToken } from "./zalo-tokens.ts";
import { znsVerdict } from "./zns-answers.ts";
import { sendTemplate } from "./zns-client.ts";
import { reminderTemplateData, type ZaloReminder } from "./zns-template.ts";

export type { ZaloReminder } from "./zns-template.ts";

export interface ZaloSender {
  name: "zalo";
  /** False when the environment does not configure Zalo: every message then falls back to email. */
  enabled: boolean;
  send(message: ZaloReminder): Promise<ChannelOutcome>;
}

/** How long a sender reuses the access token it read (well inside REFRESH_EARLY_MS). */
const MEMO_MS = 5 * 60_000;

/** ZNS allows a tracking id of at most 48 characters. */
const TRACKING_MAX = 48;

export function zaloSender(deps: { database: Database; config: Readonly<Config>; clock: Clock }): ZaloSender {
  const cfg = deps.config.zalo;
  if (!cfg) {
    return {
      name: "zalo",
      enabled: false,
      send: async () => ({ kind: "fallback", reason: "kênh Zalo chưa được cấu hình" }),
    };
  }
  const z: ZaloDeps = { db: deps.database.db, config: cfg, clock: deps.clock };
  // The token read from PostgreSQL, kept a few minutes so that each message does not read and decrypt it
  // again: a token handed out is good for an hour at least (REFRESH_EARLY_MS), and one Zalo refuses (-124,
  // another instance refreshed) is dropped and read again. Only a cache: the row stays the truth.
  let memo: { token: string; until: number } | null = null;
  const tokenFor = async (stale?: string): Promise<TokenResult> => {
    const now = deps.clock.now().getTime();
    if (!stale && memo && memo.until > now) return { ok: true, token: memo.token };
    const t = await zaloAccessToken(z, stale);
    memo = t.ok ? { token: t.token, until: now + MEMO_MS } : null;
    return t;
  };

  async function send(message: ZaloReminder): Promise<ChannelOutcome> {
    const phone = znsPhone(message.phone);
    if (!phone) return { kind: "fallback", reason: "không có số điện thoại di động hợp lệ" };
    const body = {
      phone,
      template_id: cfg!.templateId,
      template_data: reminderTemplateData(message),
      tracking_id: message.trackingId.slice(0, TRACKING_MAX),
    };
    let stale: string | undefined;
    for (let attempt = 0; attempt < 2; attempt++) {
      const token = await tokenFor(stale);
      if (!token.ok) {
        // Without a token nobody can be reached on Zalo: retry a passing failure, else email the person.
        return token.transient
          ? { kind: "retry", reason: token.reason }
          : { kind: "fallback", reason: `Zalo chưa kết nối được: ${token.reason}` };
      }
      const verdict = znsVerdict(await sendTemplate(cfg!, token.token, body), deps.clock.now());
      if (verdict.kind !== "token") return verdict;
      stale = token.token;
    }
    return { kind: "retry", reason: "Zalo vẫn không nhận access token vừa làm mới" };
  }

  return { name: "zalo", enabled: true, send };
}
