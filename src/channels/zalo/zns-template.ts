/**
 * The reminder as a ZNS template's data (pure). A ZNS template is approved by Zalo in advance; chibo fills
 * its parameters. Links go only in the template's button (the `meeting_url` parameter the button's link is
 * made of): text parameters never carry one, so a place written as a web address is shown as "Trực tuyến".
 * Lengths follow the parameter types Zalo approves (customer name 30, address 200 characters).
 */
import { formatDate } from "../../domain/vi-format.ts";

/** One reminder to send on Zalo: what the outbox hands the channel. */
export interface ZaloReminder {
  /** The outbox row's id: ZNS's tracking_id, so that Zalo's delivery report names the reminder. */
  trackingId: string;
  recipientName: string;
  /** As the member record keeps it (0912345678); checked again here. */
  phone: string;
  /** Civil date of the meeting in the branch's zone, yyyy-MM-dd. */
  meetingDate: string;
  /** Local start time, HH:mm. */
  meetingTime: string;
  place: string | null;
  /** The meeting page, opened by the template's button. */
  meetingUrl: string;
}

export const TEMPLATE_PARAMS = ["name", "date", "time", "place", "meeting_url"] as const;
export type TemplateData = Record<(typeof TEMPLATE_PARAMS)[number], string>;

const LINK = /\b(?:https?:\/\/|www\.)\S+/gi;

function cut(text: string, max: number): string {
  const chars = [...text.normalize("NFC")];
  return chars.length <= max ? chars.join("") : `${chars.slice(0, max - 1).join("")}…`;
}

export function reminderTemplateData(m: ZaloReminder): TemplateData {
  const place = (m.place ?? "").replace(LINK, " ").replace(/\s+/g, " ").trim();
  const hadLink = /https?:\/\/|www\./i.test(m.place ?? "");
  return {
    name: cut(m.recipientName.replace(LINK, "").trim(), 30),
    date: formatDate(m.meetingDate),
    time: m.meetingTime,
    place: cut(place || (hadLink ? "Trực tuyến" : "Theo thông báo của chi bộ"), 200),
    meeting_url: m.meetingUrl,
  };
}
