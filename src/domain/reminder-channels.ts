/**
 * Which ways a reminder takes to one person: the channels they chose that can reach them now, and email
 * when none can (email is the fallback: a person is never left unreached by a choice that cannot work).
 * Pure: the caller says what is chosen and what is available.
 */
import type { ChannelName } from "../channels/channel.ts";

export const CHANNELS: readonly ChannelName[] = ["email", "push", "zalo"];

/** A person with no stored choice gets mail, as before channels existed. */
export const DEFAULT_CHANNELS: readonly ChannelName[] = ["email"];

/** Keeps known channel names only, in the fixed order, without repeats. */
export function normaliseChannels(names: readonly string[]): ChannelName[] {
  return CHANNELS.filter((c) => names.includes(c));
}

/**
 * The channels to queue for a person: chosen ∩ available, in the fixed order; email alone when that is
 * empty. `available` says which channels can reach this person now (push: a subscribed device and a push
 * sender; zalo: a phone and a configured Official Account).
 */
export function channelsFor(
  chosen: readonly string[] | null | undefined,
  available: ReadonlySet<ChannelName>,
): ChannelName[] {
  const wanted = chosen && chosen.length > 0 ? normaliseChannels(chosen) : DEFAULT_CHANNELS;
  const out = wanted.filter((c) => c === "email" || available.has(c));
  return out.length > 0 ? out : ["email"];
}

/** What a channel outcome makes of the outbox row (the sender records it; the domain decides). */
export type ChannelStep =
  | { state: "sent"; response: string }
  | { state: "queued"; afterMs: number; response: string }
  | { state: "failed"; response: string }
  /** Withdrawn on this channel, and the same message queued by email (once: the email row's key). */
  | { state: "fallback"; response: string };

/** Backoff for a transient channel failure: 1 min doubling to 6 h; after `maxAttempts`, failed. */
export function channelStep(
  outcome:
    | { kind: "sent"; providerId?: string }
    | { kind: "retry"; reason: string; afterSeconds?: number }
    | { kind: "fallback"; reason: string }
    | { kind: "failed"; reason: string },
  attempts: number,
  maxAttempts = 10,
): ChannelStep {
  switch (outcome.kind) {
    case "sent":
      return { state: "sent", response: outcome.providerId ? `sent ${outcome.providerId}` : "sent" };
    case "fallback":
      return { state: "fallback", response: `fallback: ${outcome.reason}` };
    case "failed":
      return { state: "failed", response: outcome.reason };
    case "retry": {
      if (attempts >= maxAttempts) return { state: "failed", response: `${outcome.reason} (hết lượt thử)` };
      const backoff = Math.min(60_000 * 2 ** Math.max(0, attempts - 1), 6 * 3600_000);
      const asked = outcome.afterSeconds ? outcome.afterSeconds * 1000 : 0;
      return { state: "queued", afterMs: Math.max(backoff, asked), response: outcome.reason };
    }
  }
}

/** A member's reminder rows of one meeting, as the secretary's summary reads them. */
export interface ReachRow {
  memberId: string;
  name: string;
  channel: ChannelName;
  state: string;
}

export interface MeetingReach {
  /** Members reached, with the channels that reached them (fixed order), by name as given. */
  reached: { memberId: string; name: string; channels: ChannelName[] }[];
  /** Members none of whose messages went and none still waits (failed or withdrawn everywhere). */
  none: { memberId: string; name: string }[];
  /** Members with a failed message, and the channels it failed on (the secretary's cue: a Zalo template
   * error, say, needs the administrator), whether or not another message still waits for them. */
  failed: { memberId: string; name: string; channels: ChannelName[] }[];
}

const CHANNEL_WORDS: Record<ChannelName, string> = { email: "Thư", push: "Thông báo đẩy", zalo: "Tin Zalo" };

/** Why a failed message on a channel beside email did not go, for the secretary: the channel's own answer
 * (already in Vietnamese, e.g. "mẫu tin ZNS không hợp lệ — báo quản trị viên (Zalo -109: …)"). */
export function channelFailureReason(channel: ChannelName, lastResponse: string | null): string {
  return `${CHANNEL_WORDS[channel]} không gửi được: ${lastResponse?.trim() || "không rõ lý do"}`;
}

/** Which channel reached each member for one meeting, and who none reached (pending members are neither). */
export function meetingReach(rows: readonly ReachRow[]): MeetingReach {
  const by = new Map<
    string,
    { name: string; sent: Set<ChannelName>; failed: Set<ChannelName>; waiting: boolean }
  >();
  for (const r of rows) {
    const m = by.get(r.memberId) ?? { name: r.name, sent: new Set(), failed: new Set(), waiting: false };
    if (r.state === "sent") m.sent.add(r.channel);
    if (r.state === "failed") m.failed.add(r.channel);
    if (r.state === "queued" || r.state === "sending") m.waiting = true;
    by.set(r.memberId, m);
  }
  const out: MeetingReach = { reached: [], none: [], failed: [] };
  for (const [memberId, m] of by) {
    if (m.sent.size > 0)
      out.reached.push({ memberId, name: m.name, channels: CHANNELS.filter((c) => m.sent.has(c)) });
    else if (!m.waiting) out.none.push({ memberId, name: m.name });
    if (m.failed.size > 0)
      out.failed.push({ memberId, name: m.name, channels: CHANNELS.filter((c) => m.failed.has(c)) });
  }
  return out;
}
