/**
 * A member's login (issue 18): `/chi-bo/:branchId/dang-vien/:memberId/tai-khoan`, where the secretary (or
 * the committee above) gives the member an account by an invitation mail, sends a new set-password link,
 * or locks the account. A pure renderer.
 */
import type { AccountListRow } from "../auth/accounts-service.ts";
import type { Principal } from "../auth/principal.ts";
import type { MemberRow, MembersView } from "../organisation/members-page-service.ts";
import { CsrfField, Layout, Notice, render } from "./layout.tsx";
import { membersPaths } from "./members-pages.tsx";

export const memberLoginPath = (branchId: string, memberId: string) =>
  `${membersPaths.member(branchId, memberId)}/tai-khoan`;

export const MEMBER_LOGIN_NOTICES: Record<string, string> = {
  moi: "Đã gửi thư mời: đồng chí mở đường dẫn trong thư (dùng một lần, trong 7 ngày) để đặt mật khẩu.",
  "moi-chua-gui":
    "Đã tạo tài khoản nhưng chưa gửi được thư (máy chủ thư không trả lời). Hãy gửi lại sau ít phút.",
  gui: "Đã gửi đường dẫn đặt mật khẩu mới; đường dẫn cũ không dùng được nữa.",
  "chua-gui": "Chưa gửi được thư (máy chủ thư không trả lời). Hãy thử lại sau ít phút.",
  khoa: "Đã khóa tài khoản: đồng chí bị đăng xuất ở mọi máy.",
  "mo-khoa": "Đã mở khóa tài khoản.",
};

export function memberLoginPage(
  p: Principal,
  csrf: string,
  view: MembersView,
  m: MemberRow,
  account: AccountListRow | null,
  o: { done?: string; refused?: string },
): string {
  const b = view.branch;
  const base = memberLoginPath(b.id, m.id);
  return render(
    <Layout title={`Tài khoản của ${m.fullName}`} principal={p} csrf={csrf}>
      <p>
        <a href={membersPaths.member(b.id, m.id)}>← {m.fullName}</a>
      </p>
      <h1>Tài khoản đăng nhập của {m.fullName}</h1>
      {o.done && MEMBER_LOGIN_NOTICES[o.done] && <Notice kind="ok">{MEMBER_LOGIN_NOTICES[o.done]}</Notice>}
      {o.refused && <Notice kind="error">{o.refused}</Notice>}
      <section class="card">
        {account ? (
          <>
            <p>
              Đồng chí đăng nhập bằng <strong>{account.email}</strong>.
              {account.disabled && <span class="locked"> Tài khoản đang bị khóa.</span>}
            </p>
            {!account.disabled && (
              <form method="post" action={`${base}/gui-duong-dan`}>
                <CsrfField token={csrf} />
                <p class="muted">Đồng chí quên mật khẩu, hay chưa đặt được: gửi một đường dẫn mới.</p>
                <button type="submit">Gửi đường dẫn đặt mật khẩu</button>
              </form>
            )}
            {account.id !== p.userId && (
              <form method="post" action={`${base}/khoa`}>
                <CsrfField token={csrf} />
                <input type="hidden" name="disabled" value={account.disabled ? "0" : "1"} />
                <button type="submit" class="secondary">
                  {account.disabled ? "Mở khóa tài khoản" : "Khóa tài khoản"}
                </button>
              </form>
            )}
          </>
        ) : m.email ? (
          <form method="post" action={`${base}/moi`}>
            <CsrfField token={csrf} />
            <p>
              Chưa có tài khoản. chibo sẽ gửi thư mời tới <strong>{m.email}</strong>, có đường dẫn để đồng chí
              tự đặt mật khẩu, rồi xem lịch sinh hoạt và biên bản của chi bộ.
            </p>
            <button type="submit">Gửi thư mời</button>
          </form>
        ) : (
          <p>
            Chưa có email của đồng chí này. Hãy thêm email ở{" "}
            <a href={membersPaths.member(b.id, m.id)}>trang thông tin</a> trước khi cấp tài khoản.
          </p>
        )}
      </section>
    </Layout>,
  );
}
