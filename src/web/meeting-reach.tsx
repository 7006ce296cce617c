/** The secretary's line on the meeting page: which way the reminders reached each member, and who none did. */
import type { ChannelName } from "../channels/channel.ts";
import type { MeetingReach } from "../domain/reminder-channels.ts";

const BY: Record<ChannelName, string> = { email: "thư", push: "thông báo", zalo: "Zalo" };

export function Reach(props: { reach: MeetingReach }) {
  const { reached, none, failed } = props.reach;
  if (reached.length === 0 && none.length === 0 && failed.length === 0) return null;
  return (
    <section class="card" aria-labelledby="reach-title">
      <h2 id="reach-title">Nhắc lịch đã tới</h2>
      {reached.length > 0 && (
        <p>
          {reached.map((r, i) => (
            <span>
              {i > 0 && "; "}
              {r.name} ({r.channels.map((c) => BY[c]).join(", ")})
            </span>
          ))}
          .
        </p>
      )}
      {none.length > 0 && (
        <p>
          <strong>Chưa cách nào tới được: </strong>
          {none.map((n) => n.name).join(", ")}.
        </p>
      )}
      {failed.length > 0 && (
        <p>
          <strong>Gửi lỗi (xem lý do ở mục «Chưa gửi được tới»): </strong>
          {failed.map((f) => `${f.name} (${f.channels.map((c) => BY[c]).join(", ")})`).join("; ")}.
        </p>
      )}
    </section>
  );
}
