/**
 * The one layout of the app's pages: Vietnamese, mobile first, a skip link, a header with the person's
 * menu, one stylesheet and one deferred script. Rendered with Preact's renderToString, which escapes every
 * text and attribute by default.
 */
import type { ComponentChildren } from "preact";
import { renderToString } from "preact-render-to-string";
import type { Principal } from "../auth/principal.ts";
import { assetUrl } from "./assets.ts";

export const ROLE_NAMES: Record<Principal["role"], string> = {
  admin: "Quản trị",
  officer: "Cán bộ cấp ủy",
  secretary: "Bí thư chi bộ",
  member: "Đảng viên",
};

/** The hidden field that carries the session's CSRF token in every form that changes something. */
export function CsrfField(props: { token: string | null }) {
  return props.token ? <input type="hidden" name="_csrf" value={props.token} /> : null;
}

export function Layout(props: {
  title: string;
  principal: Principal | null;
  csrf?: string | null;
  children: ComponentChildren;
}) {
  const p = props.principal;
  return (
    <html lang="vi">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width,initial-scale=1" />
        <title>{`${props.title} – chibo`}</title>
        <link rel="stylesheet" href={assetUrl("app.css")} />
        <script src={assetUrl("app.js")} defer />
      </head>
      <body>
        <a class="skip" href="#noi-dung">
          Bỏ qua, tới nội dung
        </a>
        <header class="top">
          <a class="brand" href="/">
            chibo
          </a>
          {p && (
            <nav aria-label="Trình đơn">
              <a href="/">Trang chủ</a>
              <a href="/lich-cua-toi">Lịch của tôi</a>
              <form method="post" action="/dang-xuat">
                <CsrfField token={props.csrf ?? null} />
                <button type="submit">Đăng xuất</button>
              </form>
            </nav>
          )}
        </header>
        <main id="noi-dung">{props.children}</main>
      </body>
    </html>
  );
}

/** A whole page as a string, with its doctype. */
export function render(node: preact.VNode): string {
  return `<!doctype html>${renderToString(node)}`;
}
