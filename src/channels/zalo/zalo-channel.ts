/**
 * The Zalo sender as the outbox's channel (issue 21): the outbox's ChannelMessage made a ZaloReminder, the
 * outbox row's id as ZNS's tracking id (Zalo's delivery report then names the row). A message that is not
 * about a meeting (no date or time to fill the approved template with) cannot go by Zalo: it falls back to
 * email, as does one to a member without a valid mobile number (zaloSender checks the number).
 */
import type { ChannelMessage, ChannelSender } from "../../reminders/channel-senders.ts";
import type { ZaloReminder, ZaloSender } from "./zalo-sender.ts";

export function zaloReminderOf(m: ChannelMessage): ZaloReminder | null {
  if (!m.facts.isoDate || !m.facts.clock) return null;
  return {
    trackingId: m.id,
    recipientName: m.recipientName,
    phone: m.phone ?? "",
    meetingDate: m.facts.isoDate,
    meetingTime: m.facts.clock,
    place: m.facts.givenPlace,
    meetingUrl: m.url,
  };
}

/** The outbox's Zalo channel; undefined when Zalo is not configured (the channel is then off and not offered). */
export function zaloChannel(sender: ZaloSender): ChannelSender | undefined {
  if (!sender.enabled) return undefined;
  return {
    async send(m) {
      const reminder = zaloReminderOf(m);
      if (!reminder) return { kind: "fallback", reason: "tin này không có mẫu Zalo (không phải lịch họp)" };
      return sender.send(reminder);
    },
  };
}
