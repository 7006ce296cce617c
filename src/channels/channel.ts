/**
 * The channels a reminder can take beside email, and what a channel's sender answers for one message.
 * The outbox (src/reminders/channel-outbox.ts) decides what becomes of the row from the outcome alone.
 */
export type ChannelName = "email" | "push" | "zalo";
export type ChannelOutcome =
  | { kind: "sent"; providerId?: string }
  | { kind: "retry"; reason: string; afterSeconds?: number } // transient: retried like mail
  | { kind: "fallback"; reason: string } // this channel cannot reach the person: send by email instead
  | { kind: "failed"; reason: string }; // permanent; shown to the secretary
