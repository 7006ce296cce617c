/**
 * The Web Push sender: one reminder to every device of the person (RFC 8030), the payload encrypted for each
 * (RFC 8291, aes128gcm) and the request signed with the server's VAPID key (RFC 8292), by the `web-push`
 * package. A device the push service says is gone (404/410) is removed at once.
 */
import type { Agent } from "node:https";
import webpush from "web-push";
import type { Db } from "../../db/client.ts";
import {
  type DeviceAnswer,
  type DeviceVerdict,
  deviceVerdict,
  pushOutcome,
} from "../../domain/push-outcome.ts";
import type { ChannelMessage, ChannelSender } from "../../reminders/channel-senders.ts";
import { markSent, removeSubscriptions, subscriptionsOf, subscriptionsOfMany } from "./push-queries.ts";
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

type Subscription = Awaited<ReturnType<typeof subscriptionsOf>>[number];

export function pushSender(o: PushSenderOptions): ChannelSender {
  const vapidDetails = { subject: o.subject, publicKey: o.vapid.publicKey, privateKey: o.vapid.privateKey };
  const options = {
    vapidDetails,
    TTL: o.ttlSeconds ?? 12 * 3600,
    urgency: "normal" as const,
    contentEncoding: "aes128gcm" as const,
    timeout: o.timeoutMs ?? 15_000,
    ...(o.agent ? { agent: o.agent } : {}),
  };

  /** The message to each of the person's devices: its outcome, and the devices gone and reached. */
  const toDevices = async (m: ChannelMessage, subs: Subscription[]) => {
    const payload = pushPayload(m);
    const answers: DeviceAnswer[] = await Promise.all(
      subs.map(async (s) => {
        try {
          const keys = { p256dh: s.p256dh, auth: s.auth };
          const r = await webpush.sendNotification({ endpoint: s.endpoint, keys }, payload, options);
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
    const having = (v: DeviceVerdict) => subs.filter((_, i) => verdicts[i] === v).map((s) => s.id);
    return { outcome: pushOutcome(answers), gone: having("gone"), ok: having("ok") };
  };
  /** Removes the devices the push service says are gone, and notes when the others last got a message. */
  const learnt = async (gone: string[], ok: string[]) => {
    await removeSubscriptions(o.db, gone);
    await markSent(o.db, ok, o.clock?.() ?? new Date());
  };

  return {
    async send(m) {
      const r = await toDevices(m, await subscriptionsOf(o.db, m.memberId, m.userId));
      await learnt(r.gone, r.ok);
      return r.outcome;
    },

    /**
     * An outbox batch: the devices of all its people read in one statement (one per message cost a round
     * trip each), what the push service said of them written once at the end. A device gone earlier in the
     * batch is not tried again. Devices are read as they are when the batch starts, as its meetings are.
     */
    async batch(ms) {
      const rows = await subscriptionsOfMany(
        o.db,
        [...new Set(ms.flatMap((m) => (m.memberId ? [m.memberId] : [])))],
        [...new Set(ms.flatMap((m) => (m.userId ? [m.userId] : [])))],
      );
      const gone = new Set<string>();
      const ok = new Set<string>();
      const devicesOf = (m: ChannelMessage) =>
        rows
          .filter((x) => (m.memberId && x.memberId === m.memberId) || (m.userId && x.s.userId === m.userId))
          .map((x) => x.s)
          .filter((s) => !gone.has(s.id));
      return {
        async send(m) {
          const r = await toDevices(m, devicesOf(m));
          for (const id of r.gone) gone.add(id);
          for (const id of r.ok) ok.add(id);
          return r.outcome;
        },
        finish: () =>
          learnt(
            [...gone],
            [...ok].filter((id) => !gone.has(id)),
          ),
      };
    },
  };
}
