/**
 * The account page's "how reminders reach me" part: the channels offered (email, this phone's push, Zalo
 * when the server has it), the devices that take push (listed, removable), and how to install the app on
 * Android and on iPhone (iOS 16.4 and later send push only to a web app added to the home screen).
 * Pure renderers; the browser side is in assets/push.js.
 */
import type { ChannelName } from "../channels/channel.ts";
import { civilToday } from "../domain/civil-date.ts";
import { formatDate } from "../domain/vi-format.ts";
import type { ChannelsView } from "../reminders/channel-service.ts";
import { CsrfField, PATHS } from "./layout.tsx";

export const channelPaths = {
  choose: `${PATHS.account}/kenh-nhac`,
  devices: `${PATHS.account}/thiet-bi`,
  remove: (id: string) => `${PATHS.account}/thiet-bi/${id}/xoa`,
};

export const CHANNEL_NOTICES: Record<string, string> = {
  kenh: "Đã lưu cách nhận nhắc lịch.",
  "thiet-bi": "Máy này đã nhận được thông báo nhắc lịch.",
  "xoa-thiet-bi": "Đã bỏ thiết bị; máy đó không nhận thông báo nữa.",
};

const LABELS: Record<ChannelName, { name: string; hint: string }> = {
  email: { name: "Thư điện tử (email)", hint: "Thư nhắc kèm lời mời lịch, như trước nay." },
  push: {
    name: "Thông báo trên điện thoại",
    hint: "Một dòng ngắn: ngày, giờ, địa điểm; chạm vào để mở trang buổi họp. Cần cài ứng dụng (xem dưới).",
  },
  zalo: {
    name: "Tin nhắn Zalo",
    hint: "Tin từ tài khoản Zalo chính thức của chi bộ, tới số điện thoại đã đăng ký.",
  },
};

export function ChannelSection(props: {
  v: ChannelsView;
  csrf: string;
  zone: string;
  error?: string;
  /** The channel the error is about (its reason is shown next to it), else the error heads the list. */
  errorField?: string;
}) {
  const { v, csrf } = props;
  const pushOn = v.offered.includes("push");
  const own = (c: ChannelName) => props.errorField === c;
  const general = props.error && !v.offered.some(own) ? props.error : undefined;
  return (
    <section class="card" aria-labelledby="channels-title">
      <h2 id="channels-title">Nhận nhắc lịch qua</h2>
      <form method="post" action={channelPaths.choose}>
        <CsrfField token={csrf} />
        <fieldset aria-describedby={general ? "channels-error" : undefined}>
          <legend>Chọn một hoặc nhiều cách</legend>
          {general && (
            <p id="channels-error" class="field-error" role="alert">
              {general}
            </p>
          )}
          {v.offered.map((c) => {
            // A channel that cannot reach this person (Zalo without a mobile number) is shown, not chosen.
            const why = own(c) ? props.error : v.unavailable[c];
            return (
              <label class="check">
                <input
                  type="checkbox"
                  name={c}
                  value="1"
                  checked={v.chosen.includes(c) && !v.unavailable[c]}
                  disabled={Boolean(v.unavailable[c])}
                  aria-describedby={why ? `channel-${c}-why` : undefined}
                />
                <span>
                  <strong>{LABELS[c].name}</strong>
                  <br />
                  <small class="muted">{LABELS[c].hint}</small>
                  {why && (
                    <>
                      <br />
                      <small id={`channel-${c}-why`} class="field-error" role={own(c) ? "alert" : undefined}>
                        {why}
                      </small>
                    </>
                  )}
                </span>
              </label>
            );
          })}
        </fieldset>
        <p class="muted">
          Nếu cách đã chọn không tới được đồng chí (chưa có máy nào nhận thông báo, hoặc Zalo báo số điện
          thoại không dùng Zalo), chibo gửi thư thay.
        </p>
        <button type="submit">Lưu cách nhận</button>
      </form>
      {pushOn && (
        <>
          <h3>Máy nhận thông báo</h3>
          {v.devices.length === 0 ? (
            <p>Chưa có máy nào.</p>
          ) : (
            <ul class="devices">
              {v.devices.map((d) => (
                <li data-endpoint={d.endpoint}>
                  <span>
                    {d.label} · từ {formatDate(civilToday(d.createdAt, props.zone))}
                    {d.lastSentAt && `, lần gần nhất ${formatDate(civilToday(d.lastSentAt, props.zone))}`}
                    <span class="this-device" hidden>
                      {" "}
                      (máy này)
                    </span>
                  </span>
                  <form method="post" action={channelPaths.remove(d.id)} data-remove-device>
                    <CsrfField token={csrf} />
                    <button type="submit" class="secondary">
                      Bỏ máy này
                    </button>
                  </form>
                </li>
              ))}
            </ul>
          )}
          <div
            id="push-box"
            data-key={v.vapidPublicKey ?? ""}
            data-action={channelPaths.devices}
            data-csrf={csrf}
          >
            <button type="button" id="push-subscribe" hidden>
              Nhận thông báo trên máy này
            </button>
            <p id="push-status" class="muted" role="status">
              Trình duyệt này chưa nhận thông báo được: hãy cài ứng dụng theo hướng dẫn dưới đây rồi mở lại
              trang này từ biểu tượng chibo.
            </p>
          </div>
          <details class="install">
            <summary>Cài chibo lên màn hình chính</summary>
            <h4>Điện thoại Android (Chrome)</h4>
            <ol>
              <li>Mở trang chibo bằng Chrome và đăng nhập.</li>
              <li>Chạm dấu ⋮ ở góc trên, chọn «Thêm vào màn hình chính» (hoặc «Cài đặt ứng dụng»).</li>
              <li>
                Mở chibo từ biểu tượng mới, vào trang Tài khoản, chạm «Nhận thông báo trên máy này» và cho
                phép.
              </li>
            </ol>
            <h4>iPhone (iOS 16.4 trở lên, Safari)</h4>
            <ol>
              <li>Mở trang chibo bằng Safari và đăng nhập.</li>
              <li>Chạm nút Chia sẻ (ô vuông có mũi tên lên), chọn «Thêm vào MH chính».</li>
              <li>
                Mở chibo từ biểu tượng mới trên màn hình chính (iPhone chỉ gửi thông báo cho ứng dụng đã thêm
                vào màn hình chính), vào Tài khoản, chạm «Nhận thông báo trên máy này» và cho phép.
              </li>
            </ol>
            <p class="muted">
              Khi đã cài, lịch họp sắp tới và các biểu mẫu đang mở vẫn xem được lúc mất mạng. Khi đăng xuất,
              chibo xoá những trang đã lưu trên máy.
            </p>
          </details>
        </>
      )}
    </section>
  );
}
