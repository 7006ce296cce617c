/** The Zalo channel's card on the administrator's organisation page (issue 21): off and how to turn it on,
 * or on and the state of the OA's tokens (dates and the last refusal, never a token). */
import type { ZaloStatus } from "../channels/zalo/zalo-service.ts";
import { HOME_ZONE } from "../domain/civil-date.ts";
import { formatInstant } from "../domain/vi-format.ts";
import { Notice } from "./layout.tsx";

const when = (d: Date | null) => (d ? formatInstant(d, HOME_ZONE) : "chưa có");

export function ZaloStatusCard(props: { status: ZaloStatus }) {
  const s = props.status;
  return (
    <section class="card" aria-labelledby="zalo-title" id="zalo">
      <h2 id="zalo-title" style="margin-top:0">
        Nhắc lịch qua Zalo
      </h2>
      {!s.on ? (
        <>
          <p>
            <strong>Đang tắt.</strong> Thư nhắc chỉ gửi qua email (và thông báo trên điện thoại, nếu có).
          </p>
          <p>
            Để bật, đặt các biến môi trường sau rồi khởi động lại chibo (README, mục “Zalo”):{" "}
            {s.variables.map((v, i) => (
              <>
                {i > 0 && ", "}
                <code>{v}</code>
              </>
            ))}
            .
          </p>
        </>
      ) : (
        <>
          <p>
            <strong>Đang bật</strong> — ứng dụng <code>{s.appId}</code>, mẫu tin ZNS{" "}
            <code>{s.templateId}</code>.
          </p>
          {s.token === null ? (
            <p class="muted">Chưa lấy access token: chibo lấy khi gửi tin nhắc đầu tiên.</p>
          ) : (
            <ul>
              <li>Access token hết hạn: {when(s.token.accessExpiresAt)}</li>
              <li>Refresh token hết hạn: {when(s.token.refreshExpiresAt)}</li>
              <li>Làm mới lần cuối: {when(s.token.refreshedAt)}</li>
            </ul>
          )}
          {s.token?.lastError && (
            <Notice kind="error">
              Lần làm mới token gần nhất bị từ chối: {s.token.lastError}. Tin nhắc đang gửi qua email thay cho
              Zalo. Hãy lấy refresh token mới của OA và đặt vào <code>ZALO_REFRESH_TOKEN</code>.
            </Notice>
          )}
        </>
      )}
    </section>
  );
}
