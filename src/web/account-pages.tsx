/** The account pages: change password, reminder mail, forgotten password. Pure renderers. */
import type { Principal } from "../auth/principal.ts";
import { civilToday } from "../domain/civil-date.ts";
import { formatDateWithWeekday } from "../domain/vi-format.ts";
import type { ChannelsView } from "../reminders/channel-service.ts";
import type { ReminderMail } from "../reminders/mail-preferences-service.ts";
import { CHANNEL_NOTICES, ChannelSection } from "./channel-forms.tsx";
import { CsrfField, Field, Layout, Notice, PATHS, ROLE_NAMES, render } from "./layout.tsx";
import type { FieldErrors } from "./members-pages.tsx";

export const accountPaths = {
  password: `${PATHS.account}/mat-khau`,
  reminders: `${PATHS.account}/thu-nhac`,
  reset: (token: string) => `${PATHS.forgotPassword}/${token}`,
};

export const ACCOUNT_NOTICES: Record<string, string> = {
  "mat-khau": "Đã đổi mật khẩu. Các phiên đăng nhập khác (máy khác) đã được đăng xuất.",
  "tat-thu": "Đã tắt thư nhắc lịch. Đồng chí vẫn xem được lịch trên trang và trong lịch điện thoại.",
  "bat-thu": "Đã bật lại thư nhắc lịch.",
  ...CHANNEL_NOTICES,
};

export function accountPage(
  p: Principal,
  csrf: string,
  o: {
    done?: string;
    errors?: FieldErrors;
    mail: ReminderMail | null;
    zone: string;
    channels?: ChannelsView | null;
    channelError?: string;
    channelErrorField?: string;
  },
): string {
  const e = o.errors ?? {};
  return render(
    <Layout title="Tài khoản" principal={p} csrf={csrf}>
      <h1>Tài khoản</h1>
      <p class="muted">
        {p.displayName} · {p.email} · {ROLE_NAMES[p.role]}
      </p>
      {o.done && ACCOUNT_NOTICES[o.done] && <Notice kind="ok">{ACCOUNT_NOTICES[o.done]}</Notice>}
      <section class="card" aria-labelledby="pw-title">
        <h2 id="pw-title">Đổi mật khẩu</h2>
        {Object.keys(e).length > 0 && (
          <Notice kind="error">Chưa đổi được mật khẩu: xem lý do ở ô được đánh dấu.</Notice>
        )}
        <form method="post" action={accountPaths.password} novalidate>
          <CsrfField token={csrf} />
          <input type="text" name="username" value={p.email} autocomplete="username" hidden />
          <Field
            name="currentPassword"
            label="Mật khẩu hiện tại"
            type="password"
            autocomplete="current-password"
            error={e.currentPassword}
            required
          />
          <NewPassword
            name="newPassword"
            hint="Ít nhất 10 ký tự; một cụm vài từ dễ nhớ (có dấu cũng được) là tốt nhất."
            errors={e}
          />
          <button type="submit">Đổi mật khẩu</button>
        </form>
      </section>
      {o.mail && (
        <section class="card" aria-labelledby="mail-title">
          <h2 id="mail-title">Thư nhắc lịch sinh hoạt</h2>
          {!o.mail.email ? (
            <p>Chưa có email trong danh sách chi bộ: hãy báo bí thư chi bộ để nhận thư nhắc.</p>
          ) : o.mail.optedOutAt ? (
            <>
              <p>
                Đồng chí đã tắt thư nhắc lịch từ{" "}
                {formatDateWithWeekday(civilToday(o.mail.optedOutAt, o.zone))}.
              </p>
              <form method="post" action={accountPaths.reminders}>
                <CsrfField token={csrf} />
                <input type="hidden" name="on" value="1" />
                <button type="submit">Bật lại thư nhắc lịch</button>
              </form>
            </>
          ) : (
            <>
              <p>
                Thư nhắc lịch (trước buổi sinh hoạt, khi dời hoặc hủy) được gửi tới{" "}
                <strong>{o.mail.email}</strong>.
              </p>
              <form method="post" action={accountPaths.reminders}>
                <CsrfField token={csrf} />
                <input type="hidden" name="on" value="0" />
                <button type="submit" class="secondary">
                  Tắt thư nhắc lịch
                </button>
              </form>
            </>
          )}
        </section>
      )}
      {o.channels && (
        <ChannelSection
          v={o.channels}
          csrf={csrf}
          zone={o.zone}
          error={o.channelError}
          errorField={o.channelErrorField}
        />
      )}
    </Layout>,
  );
}

export function forgotPasswordPage(o: {
  principal: Principal | null;
  csrf: string | null;
  email?: string;
  error?: string;
  sent?: boolean;
  reset?: boolean;
}): string {
  return render(
    <Layout title="Quên mật khẩu" principal={o.principal} csrf={o.csrf}>
      <h1>Quên mật khẩu</h1>
      {o.reset && (
        <Notice kind="ok">
          Đã đặt mật khẩu mới; mọi phiên đăng nhập cũ đã kết thúc. <a href={PATHS.home}>Đăng nhập</a>
        </Notice>
      )}
      {o.sent && (
        <Notice kind="ok">
          Nếu email này có tài khoản chibo, một thư có đường dẫn đặt lại mật khẩu vừa được gửi tới. Đường dẫn
          dùng được một lần, trong vòng 1 giờ. Hãy xem cả thư mục thư rác.
        </Notice>
      )}
      {!o.reset && (
        <form method="post" action={PATHS.forgotPassword} class="card" novalidate>
          <CsrfField token={o.csrf} />
          <p>Nhập email dùng để đăng nhập; chibo sẽ gửi một đường dẫn để đặt mật khẩu mới.</p>
          <Field
            name="email"
            label="Email"
            type="email"
            autocomplete="username"
            value={o.email}
            error={o.error}
            required
          />
          <button type="submit">Gửi đường dẫn</button>
        </form>
      )}
      <p>
        <a href={PATHS.home}>← Về trang đăng nhập</a>
      </p>
    </Layout>,
  );
}

export function resetPasswordPage(o: {
  principal: Principal | null;
  csrf: string | null;
  token: string;
  refused?: string;
  errors?: FieldErrors;
}): string {
  const e = o.errors ?? {};
  return render(
    <Layout title="Đặt mật khẩu mới" principal={o.principal} csrf={o.csrf}>
      <h1>Đặt mật khẩu mới</h1>
      {o.refused ? (
        <>
          <Notice kind="error">{o.refused}</Notice>
          <p>
            <a class="button" href={PATHS.forgotPassword}>
              Yêu cầu đường dẫn mới
            </a>
          </p>
        </>
      ) : (
        <form method="post" action={accountPaths.reset(o.token)} class="card" novalidate>
          <CsrfField token={o.csrf} />
          <NewPassword
            name="password"
            hint="Ít nhất 10 ký tự; một cụm từ dễ nhớ là tốt nhất. Mọi phiên đăng nhập cũ sẽ kết thúc."
            errors={e}
          />
          <button type="submit">Đặt mật khẩu</button>
        </form>
      )}
    </Layout>,
  );
}

/** A new password, typed twice (`name`, then `name` + "2"), each with its reason next to it. */
function NewPassword(props: { name: string; hint: string; errors: Partial<Record<string, string>> }) {
  const again = `${props.name}2`;
  const common = { type: "password", autocomplete: "new-password", required: true };
  return (
    <>
      <Field
        {...common}
        name={props.name}
        label="Mật khẩu mới"
        hint={props.hint}
        error={props.errors[props.name]}
      />
      <Field {...common} name={again} label="Nhập lại mật khẩu mới" error={props.errors[again]} />
    </>
  );
}
