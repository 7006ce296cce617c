/**
 * The Web Push sender: one reminder to every device of the person (RFC 8030), the payload encrypted for each
 * (RFC 8291, aes128gcm) and the request signed with the server's VAPID key (RFC 8292), by the `web-push`
 * package. A device the push service says is gone (404/410) is removed at once.
 */
import type { Agent } from "node:https";
import webpush from "web-push";
import type { Db } from "../../db/client.ts";
import { type DeviceAnswer, deviceVerdict, pushOutcome } from "../../domain/push-outcome.ts";
import type { ChannelMessage, ChannelSender } from "../../reminders/channel-senders.ts";
import type { ChannelOutcome } from "../channel.ts";
import { markSent, removeSubscriptions, subscriptionsOf } from "./push-queries.ts";
import type { VapidKeys } from "./vapid.ts";

export interface PushSenderOptions {
  db: Db;
  vapid: VapidKeys;
  /** The VAPID `sub` claim: a mailto: or https: contact for the push service's operator. */
  subject: string;
  /** How long a notification may wait at the push service for an offline device (seconds). */
  ttlSeconds?: number;
  timeoutMs?: number;
  /** Tests reach their own HTTPS endpoint through an agent that trusts its certificate. */
  agent?: Agent;
  clock?: () => Date;
}

/** What a notification carries: the reminder's first lines and the page it opens, nothing else. */
export function pushPayload(m: ChannelMessage): string {
  return JSON.stringify({ title: m.title, body: m.body, url: m.url, tag: m.id });
}

export function pushSender(o: PushSenderOptions): ChannelSender {
  const vapidDetails = { subject: o.subject, publicKey: o.vapid.publicKey, privateKey: o.vapid.privateKey };
  return {
    async send(m: ChannelMessage): Promise<ChannelOutcome> {
      const subs = await subscriptionsOf(o.db, m.memberId, m.userId);
      const payload = pushPayload(m);
      const answers: DeviceAnswer[] = await Promise.all(
        subs.map(async (s) => {
          try {
            const r = await webpush.sendNotification(
              { endpoint: s.endpoint, keys: { p256dh: s.p256dh, auth: s.auth } },
              payload,
              {
                vapidDetails,
                TTL: o.ttlSeconds ?? 12 * 3600,
                urgency: "normal",
                contentEncoding: "aes128gcm",
                timeout: o.timeoutMs ?? 15_000,
                ...(o.agent ? { agent: o.agent } : {}),
              },
            );
            return { status: r.statusCode };
          } catch (err) {
            const e = err as { statusCode?: number; headers?: Record<string, string> };
            const ra = Number(e.headers?.["retry-after"]);
            return {
              status: typeof e.statusCode === "number" ? e.statusCode : null,
              ...(Number.isFinite(ra) && ra > 0 ? { retryAfter: ra } : {}),
            };
          }
        }),
      );
      const verdicts = answers.map(deviceVerdict);
      await removeSubscriptions(
        o.db,
        subs.filter((_, i) => verdicts[i] === "gone").map((s) => s.id),
      );
      await markSent(
        o.db,
        subs.filter((_, i) => verdicts[i] === "ok").map((s) => s.id),
        o.clock?.() ?? new Date(),
      );
      return pushOutcome(answers);
    },
  };
}
