/**
 * The registry of senders for the channels beside email, as the worker is given them (server.ts builds it
 * from configuration; tests give senders pointed at endpoints of their own). A channel with no sender is
 * off: its rows fall back to email, and the scheduler queues none.
 */
import type { ChannelName, ChannelOutcome } from "../channels/channel.ts";
import type { ReminderKind } from "../domain/reminder-decision.ts";

/** One reminder, as short as a notification: what the reminder mail's first lines say, and where to go. */
export interface ChannelMessage {
  /** The outbox row, unique per channel: a sender may use it to make a repeat recognisable. */
  id: string;
  kind: ReminderKind;
  memberId: string | null;
  userId: string | null;
  recipientName: string;
  /** The member's phone as recorded (Zalo), if any. */
  phone: string | null;
  title: string;
  body: string;
  /** The page the notification opens (the meeting's page). */
  url: string;
  /** Template facts (Zalo ZNS): date dd/MM/yyyy and yyyy-MM-dd, time 14h00 and 14:00, place (null: none
   * given yet), the peak. */
  facts: {
    date: string;
    isoDate: string | null;
    time: string;
    clock: string | null;
    place: string;
    givenPlace: string | null;
    peak: string | null;
  };
}

export interface ChannelSender {
  send(m: ChannelMessage): Promise<ChannelOutcome>;
  /**
   * A sender for the messages of one outbox batch, for a channel that reads what they need at once (push:
   * the devices of every recipient in one statement) and writes what it learned once they are sent.
   */
  batch?(messages: readonly ChannelMessage[]): Promise<ChannelBatch>;
}

export interface ChannelBatch {
  send(m: ChannelMessage): Promise<ChannelOutcome>;
  /** Called once the batch's sends are over, even when one of them failed. */
  finish(): Promise<void>;
}

export type ChannelSenders = Partial<Record<Exclude<ChannelName, "email">, ChannelSender>>;

/** The channels that have a sender, plus email (always on). */
export function channelsOn(senders: ChannelSenders | undefined): Set<ChannelName> {
  const on = new Set<ChannelName>(["email"]);
  for (const [name, s] of Object.entries(senders ?? {})) if (s) on.add(name as ChannelName);
  return on;
}
