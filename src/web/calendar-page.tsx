/**
 * "Lịch của tôi": the person's calendar link, shown on every visit, with the steps for an iPhone, an
 * Android phone and a computer. Opening the page changes nothing; a link is made, or replaced, only by the
 * button (a POST that redirects back here).
 */
import type { Principal } from "../auth/principal.ts";
import { formatDateWithWeekday } from "../domain/vi-format.ts";
import type { MyCalendar } from "../plan/home-service.ts";
import { CsrfField, Layout, Notice, render } from "./layout.tsx";
import { qrSvg } from "./qr.ts";

function MakeLink(props: { csrf: string; label: string; secondary?: boolean; hint?: string }) {
  return (
    <form method="post" action="/lich-cua-toi/moi">
      <CsrfField token={props.csrf} />
      {props.hint && <p class="hint">{props.hint}</p>}
      <button type="submit" class={props.secondary ? "secondary" : ""}>
        {props.label}
      </button>
    </form>
  );
}

/** Google's own "add by URL" for a subscription: an Android phone has no other way in Google Calendar. */
const googleAdd = (webcalUrl: string) =>
  `https://calendar.google.com/calendar/render?cid=${encodeURIComponent(webcalUrl)}`;

export async function calendarPage(
  p: Principal,
  cal: MyCalendar,
  csrf: string,
  done?: string,
): Promise<string> {
  const qr = cal.kind === "shown" ? qrSvg(cal.links.webcalUrl) : null;
  return render(
    <Layout title="Lịch của tôi" principal={p} csrf={csrf}>
      <h1>Đưa lịch sinh hoạt vào điện thoại</h1>
      {done && <Notice kind="ok">{done}</Notice>}
      {cal.kind === "none" && <p class="card">Tài khoản này không có lịch riêng.</p>}
      {cal.kind === "missing" && (
        <section class="card">
          <p>
            Đồng chí chưa có đường dẫn lịch. Tạo một đường dẫn, rồi thêm vào ứng dụng lịch của điện thoại:
            lịch tự cập nhật khi chi bộ dời hay hủy buổi họp.
          </p>
          <MakeLink csrf={csrf} label="Tạo đường dẫn lịch" />
        </section>
      )}
      {cal.kind === "legacy" && (
        <section class="card">
          <p>
            Đồng chí đã tạo đường dẫn lịch ngày{" "}
            {formatDateWithWeekday(cal.subscription.createdAt.slice(0, 10))}. Đường dẫn đó vẫn dùng được,
            nhưng được tạo trước khi chibo hiện lại được đường dẫn nên không xem lại được.
          </p>
          <MakeLink
            csrf={csrf}
            label="Tạo đường dẫn mới"
            hint="Đường dẫn mới hiện ở trang này mỗi lần mở; đường dẫn cũ sẽ ngừng hoạt động."
          />
        </section>
      )}
      {cal.kind === "shown" && (
        <>
          <section class="card" aria-labelledby="link-title">
            <h2 id="link-title" style="margin-top:0">
              Đường dẫn lịch của đồng chí
            </h2>
            <p class="muted">
              Tạo ngày {formatDateWithWeekday(cal.subscription.createdAt.slice(0, 10))}. Giữ riêng: ai có
              đường dẫn này cũng xem được lịch.
            </p>
            <p class="link" id="feed-link">
              {cal.links.httpsUrl}
            </p>
            <p>
              <button type="button" class="secondary" data-copy="feed-link">
                Chép đường dẫn
              </button>
            </p>
          </section>
          <h2>Cách thêm lịch</h2>
          <details open>
            <summary>iPhone, iPad</summary>
            <ol class="steps">
              <li>
                Bấm{" "}
                <a class="button" href={cal.links.webcalUrl}>
                  Thêm vào lịch của máy
                </a>
              </li>
              <li>
                Chọn "Đăng ký" (Subscribe), rồi "Thêm". Lịch "Sinh hoạt chi bộ" hiện trong ứng dụng Lịch.
              </li>
            </ol>
          </details>
          <details open>
            <summary>Điện thoại Android (Google Lịch)</summary>
            <ol class="steps">
              <li>
                Bấm{" "}
                <a class="button" href={googleAdd(cal.links.webcalUrl)} rel="noreferrer">
                  Thêm vào Google Lịch
                </a>{" "}
                (mở bằng Chrome, đăng nhập tài khoản Google của máy), rồi bấm "Thêm".
              </li>
              <li>
                Nếu không được: bấm "Chép đường dẫn" ở trên, vào calendar.google.com trong Chrome (chọn "Trang
                web cho máy tính"), "Lịch khác" → "+" → "Từ URL", dán đường dẫn, bấm "Thêm lịch".
              </li>
              <li>
                Mở ứng dụng Google Lịch: lịch hiện sau ít phút. Chưa thấy thì vào Cài đặt của ứng dụng, chọn
                lịch vừa thêm và bật "Đồng bộ hóa".
              </li>
            </ol>
          </details>
          <details>
            <summary>Máy tính (Outlook, Google Calendar)</summary>
            <ol class="steps">
              <li>Chép đường dẫn ở trên.</li>
              <li>Outlook → Lịch → "Thêm lịch" → "Đăng ký từ web" (Subscribe from web); dán, bấm "Nhập".</li>
              <li>Google Calendar → "Lịch khác" → "+" → "Từ URL"; dán, bấm "Thêm lịch".</li>
            </ol>
            <div class="wide-only">
              <p>
                Đang mở trang này trên máy tính? Quét mã bằng máy ảnh của điện thoại để mở đường dẫn ở đó.
              </p>
              {/* The SVG is drawn by qr.ts from the link's modules only (no text of ours inside). */}
              <div
                class="qr"
                role="img"
                aria-label="Mã QR của đường dẫn lịch"
                dangerouslySetInnerHTML={{ __html: qr! }}
              />
            </div>
          </details>
          <h2>Đường dẫn bị lộ?</h2>
          <MakeLink
            csrf={csrf}
            label="Tạo đường dẫn mới"
            secondary
            hint="Đường dẫn hiện tại sẽ ngừng hoạt động ngay; các máy đã thêm lịch phải thêm lại bằng đường dẫn mới."
          />
        </>
      )}
    </Layout>,
  );
}
