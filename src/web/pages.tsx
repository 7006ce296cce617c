/** The pages themselves: pure functions from what the services answered to HTML. */
import type { Principal } from "../auth/principal.ts";
import { formatDateWithWeekday } from "../domain/vi-format.ts";
import type { Home, MyCalendar } from "../plan/home-service.ts";
import { CommitteeGridSection } from "./committee-grid-page.tsx";
import { CsrfField, Layout, PATHS, ROLE_NAMES, render } from "./layout.tsx";
import { NextMeeting, YearPlan } from "./meeting-card.tsx";
import { qrSvg } from "./qr.ts";

export function loginPage(o: { email?: string; error?: string; next?: string }): string {
  return render(
    <Layout title="Đăng nhập" principal={null}>
      <h1>Đăng nhập chibo</h1>
      <p class="muted">Lịch sinh hoạt chi bộ: chuyên đề hằng tháng, lịch trên điện thoại, biên bản.</p>
      <form method="post" action="/dang-nhap" class="card" novalidate>
        {o.error && (
          <p class="error" role="alert" id="login-error">
            {o.error}
          </p>
        )}
        <label for="email">Email</label>
        <input
          id="email"
          name="email"
          type="email"
          autocomplete="username"
          required
          value={o.email ?? ""}
          aria-describedby={o.error ? "login-error" : undefined}
        />
        <label for="password">Mật khẩu</label>
        <input id="password" name="password" type="password" autocomplete="current-password" required />
        {o.next && <input type="hidden" name="next" value={o.next} />}
        <button type="submit">Đăng nhập</button>
        <p>
          <a href={PATHS.forgotPassword}>Quên mật khẩu?</a>
        </p>
      </form>
    </Layout>,
  );
}

export function homePage(p: Principal, home: Home, now: Date, csrf: string): string {
  return render(
    <Layout title="Trang chủ" principal={p} csrf={csrf}>
      <h1>Chào đồng chí {p.displayName}</h1>
      <p class="muted">{ROLE_NAMES[p.role]}</p>
      {home.kind === "branch" && (
        <>
          {home.next ? (
            <NextMeeting record={home.next} now={now} />
          ) : (
            <p class="card">Chưa có buổi sinh hoạt nào sắp tới.</p>
          )}
          <p>
            <a class="button secondary" href="/lich-cua-toi">
              Đưa lịch sinh hoạt vào điện thoại
            </a>
          </p>
          <YearPlan records={home.plan} />
        </>
      )}
      {home.kind === "committee" && (
        <>
          <CommitteeGridSection grid={home.grid} />
          <p>
            <a href={PATHS.campaigns(home.grid.committee.id)}>Đợt học tập, chủ đề từng tháng</a>
            {" · "}
            <a href={PATHS.holidays(home.grid.committee.id)}>Ngày nghỉ</a>
          </p>
        </>
      )}
      {home.kind === "admin" && (
        <section aria-labelledby="admin-title">
          <h2 id="admin-title">Các cấp ủy</h2>
          <ul>
            {home.committees.map((c) => (
              <li key={c.id}>
                <a href={PATHS.committee(c.id)}>{c.name}</a>
              </li>
            ))}
          </ul>
          <p>
            Quản trị qua <a href="/docs">tài liệu API</a>.
          </p>
        </section>
      )}
      {home.kind === "none" && <p class="card">Tài khoản chưa gắn với chi bộ hay cấp ủy nào.</p>}
    </Layout>,
  );
}

export async function calendarPage(p: Principal, cal: MyCalendar, csrf: string): Promise<string> {
  const qr = cal.kind === "fresh" ? qrSvg(cal.links.webcalUrl) : null;
  return render(
    <Layout title="Lịch của tôi" principal={p} csrf={csrf}>
      <h1>Đưa lịch sinh hoạt vào điện thoại</h1>
      {cal.kind === "none" && <p class="card">Tài khoản này không có lịch riêng.</p>}
      {cal.kind === "fresh" && (
        <section class="card" aria-labelledby="link-title">
          <h2 id="link-title" style="margin-top:0">
            Đường dẫn lịch của đồng chí
          </h2>
          <p class="notice">
            Hãy thêm lịch ngay: vì bảo mật, đường dẫn này chỉ hiện một lần. Lịch tự cập nhật khi chi bộ dời
            hay hủy buổi họp.
          </p>
          <p>
            <a class="button" href={cal.links.webcalUrl}>
              Thêm vào lịch của máy
            </a>
          </p>
          <p class="link" id="feed-link">
            {cal.links.httpsUrl}
          </p>
          <button type="button" class="secondary" data-copy="feed-link">
            Chép đường dẫn
          </button>
          <h3>Quét mã bằng điện thoại</h3>
          {/* The SVG is drawn by qr.ts from the link's modules only (no text of ours inside). */}
          <div
            class="qr"
            role="img"
            aria-label="Mã QR của đường dẫn lịch"
            dangerouslySetInnerHTML={{ __html: qr! }}
          />
        </section>
      )}
      {cal.kind === "existing" && (
        <section class="card">
          <p>
            Đồng chí đã tạo đường dẫn lịch ngày{" "}
            {formatDateWithWeekday(cal.subscription.createdAt.slice(0, 10))}. Đường dẫn vẫn dùng được nhưng
            không hiện lại được (chỉ lưu dạng mã hóa).
          </p>
          <p>
            Nếu chưa thêm được vào điện thoại, hay nghi bị lộ, hãy tạo đường dẫn mới: đường cũ sẽ ngừng hoạt
            động.
          </p>
        </section>
      )}
      {cal.kind !== "none" && (
        <>
          <form method="post" action="/lich-cua-toi/moi">
            <CsrfField token={csrf} />
            <button type="submit" class={cal.kind === "fresh" ? "secondary" : ""}>
              Tạo đường dẫn mới
            </button>
          </form>
          <h2>Cách thêm lịch</h2>
          <details>
            <summary>Google Calendar (Android, máy tính)</summary>
            <ol class="steps">
              <li>Chép đường dẫn ở trên.</li>
              <li>Trên máy tính, mở calendar.google.com → "Lịch khác" → "+" → "Từ URL".</li>
              <li>Dán đường dẫn, bấm "Thêm lịch". Điện thoại Android đồng bộ sau ít phút.</li>
            </ol>
          </details>
          <details>
            <summary>Lịch của iPhone, iPad, Mac</summary>
            <ol class="steps">
              <li>Bấm nút "Thêm vào lịch của máy" hoặc quét mã QR bằng máy ảnh.</li>
              <li>Chọn "Đăng ký" (Subscribe), rồi "Thêm".</li>
            </ol>
          </details>
          <details>
            <summary>Outlook</summary>
            <ol class="steps">
              <li>Chép đường dẫn ở trên.</li>
              <li>Outlook → Lịch → "Thêm lịch" → "Đăng ký từ web" (Subscribe from web).</li>
              <li>Dán đường dẫn, đặt tên "Sinh hoạt chi bộ", bấm "Nhập".</li>
            </ol>
          </details>
        </>
      )}
    </Layout>,
  );
}
