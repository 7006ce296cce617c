/**
 * What the sender does with the relay's answers during one batch: a pure step from what it remembers and one
 * answer to what it remembers next and what becomes of the message. The refusal's kind comes from
 * `classifyRefusal`; this module decides the rest.
 *
 *   accepted             every streak of recipient refusals ends
 *   temporary            retried with exponential back-off, failed after the last attempt
 *   recipient's          fails that message (the secretary sees it and can re-queue it)
 *   relay's              retried after 15 min, 1 h, then 6 h (failed after the last attempt), and the rest of
 *                        the batch waits with it; the same recipient refusal for several addresses in a row
 *                        is the relay's too, and the messages failed for it a moment ago go back to the queue
 *
 * `T` is the sender's handle on a message (its outbox row): the module only carries it.
 */
import {
  classifyRefusal,
  isRelayWide,
  nextStreaks,
  type RefusalStreaks,
  relayBackoffMs,
  type SendFailure,
} from "./reminder-decision.ts";

/** Exponential back-off for a temporary refusal: `base` after the first attempt, doubling, at most `max`. */
export function backoffMs(attempts: number, base: number, max: number): number {
  return Math.min(max, base * 2 ** Math.max(0, attempts - 1));
}

/** What the sender remembers between the messages of one batch. */
export interface SendMemory<T> {
  /** Recipient refusals in a row, by status, with their addresses. */
  streaks: RefusalStreaks;
  /** The messages failed meanwhile for each of those statuses: if the streak turns out the relay's, retried. */
  failedBy: ReadonlyMap<string, readonly T[]>;
  /** The relay's refusal, once it refused: the rest of the batch is not offered to it. */
  relayRefusal: string | null;
}

export function freshMemory<T>(): SendMemory<T> {
  return { streaks: new Map(), failedBy: new Map(), relayRefusal: null };
}

/** What becomes of a message that was refused (or not offered because the relay refuses everything). */
export type RefusalOutcome<T> = (
  | { action: "fail"; response: string }
  | { action: "retry"; response: string; afterMs: number }
) & {
  /** Messages failed earlier in the batch for what is now known to be the relay's refusal: queue them again. */
  unfail: readonly T[];
};

export interface Attempt<T> {
  message: T;
  to: string;
  /** This message's attempts so far, this one included. */
  attempts: number;
  maxAttempts: number;
  /** The exponential back-off of temporary refusals. */
  retryBaseMs: number;
  retryMaxMs: number;
}

/** The memory after a message the relay accepted: every streak ends. */
export function afterAccepted<T>(m: SendMemory<T>, to: string): SendMemory<T> {
  return { ...m, streaks: nextStreaks(m.streaks, null, to), failedBy: new Map() };
}

function relayOutcome<T>(a: Attempt<T>, response: string, unfail: readonly T[]): RefusalOutcome<T> {
  return a.attempts >= a.maxAttempts
    ? { action: "fail", response, unfail }
    : { action: "retry", response, afterMs: relayBackoffMs(a.attempts), unfail };
}

/** Before offering a message: when the relay has refused this batch already, the message waits with it. */
export function heldBack<T>(m: SendMemory<T>, a: Attempt<T>): RefusalOutcome<T> | null {
  return m.relayRefusal === null ? null : relayOutcome(a, m.relayRefusal, []);
}

/** The memory and the message's outcome after the relay refused it (`err` as nodemailer reports it). */
export function afterRefusal<T>(
  m: SendMemory<T>,
  err: SendFailure,
  a: Attempt<T>,
): { memory: SendMemory<T>; outcome: RefusalOutcome<T> } {
  const c = classifyRefusal(err);
  const streaks = nextStreaks(m.streaks, c, a.to);
  if (c.scope === "recipient" && !isRelayWide(streaks, c.status)) {
    const failedBy = new Map(m.failedBy).set(c.status, [...(m.failedBy.get(c.status) ?? []), a.message]);
    return {
      memory: { ...m, streaks, failedBy },
      outcome: { action: "fail", response: c.response, unfail: [] },
    };
  }
  if (c.scope === "recipient" || c.scope === "relay") {
    // The same refusal for several addresses: those failed a moment ago were the relay's too.
    const unfail = c.scope === "recipient" ? (m.failedBy.get(c.status) ?? []) : [];
    const failedBy = new Map(m.failedBy);
    failedBy.delete(c.status);
    return {
      memory: { streaks, failedBy, relayRefusal: c.response },
      outcome: relayOutcome(a, c.response, unfail),
    };
  }
  const outcome: RefusalOutcome<T> =
    a.attempts >= a.maxAttempts
      ? { action: "fail", response: c.response, unfail: [] }
      : {
          action: "retry",
          response: c.response,
          afterMs: backoffMs(a.attempts, a.retryBaseMs, a.retryMaxMs),
          unfail: [],
        };
  return { memory: { ...m, streaks }, outcome };
}
