/**
 * A reminder as a notification or a Zalo template: the mail's first lines (when, where, the peak) and the
 * meeting's page, nothing more (no topic material, no minutes).
 */
import { formatDate, formatTime } from "../domain/vi-format.ts";
import type { ChannelMessage } from "./channel-senders.ts";
import type { Composed } from "./reminder-compose.ts";
import { spanText } from "./reminder-text.ts";
import type { Row, SenderContext } from "./sender-context.ts";

const NO_PLACE = "chưa có (chi bộ sẽ thông báo)";

export function channelMessage(ctx: SenderContext, r: Row, m: Composed, name: string): ChannelMessage {
  const base = ctx.config.publicUrl;
  const rec = r.meetingId ? ctx.meetings.get(r.meetingId)?.record : undefined;
  const member = r.memberId ? ctx.members.get(r.memberId) : undefined;
  const phone = (member as { phone?: string | null } | undefined)?.phone ?? null;
  const common = {
    id: r.id,
    kind: r.kind,
    memberId: r.memberId,
    userId: r.userId,
    recipientName: name,
    phone,
  };
  if (!rec) {
    return {
      ...common,
      title: m.subject,
      body: "",
      url: `${base}/`,
      facts: {
        date: r.refDate ? formatDate(r.refDate) : "",
        isoDate: r.refDate ?? null,
        time: "",
        clock: null,
        place: "",
        givenPlace: null,
        peak: null,
      },
    };
  }
  const v = rec.view;
  const place = v.place?.trim() || NO_PLACE;
  const peak = v.peak?.text?.trim() || null;
  const start = v.start.setZone(v.timezone);
  const lines = [spanText(v.start, v.end, v.timezone), `Địa điểm: ${place}`];
  if (peak) lines.push(peak);
  return {
    ...common,
    title: r.kind === "meeting_reminder" ? `Nhắc lịch: ${v.branchName}` : m.subject,
    body: lines.join("\n"),
    url: `${base}/cuoc-hop/${v.id}`,
    facts: {
      date: formatDate(start.toISODate()!),
      isoDate: start.toISODate(),
      time: formatTime(start, v.timezone),
      clock: start.toFormat("HH:mm"),
      place,
      givenPlace: v.place?.trim() || null,
      peak,
    },
  };
}
