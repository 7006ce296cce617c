/**
 * The one layout of the app's pages: Vietnamese, mobile first, a skip link, a header with the person's
 * menu, one stylesheet and one deferred script. Rendered with Preact's renderToString, which escapes every
 * text and attribute by default.
 */
import type { ComponentChildren } from "preact";
import { scopeOf } from "../auth/policy.ts";
import type { Principal } from "../auth/principal.ts";
import { assetUrl } from "./assets.ts";
import { documentHtml } from "./html.tsx";

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

/**
 * The app's addresses, in one place so that pages link to each other the same way:
 * `/` home · `/lich-cua-toi` calendar link · `/cuoc-hop/:id` a meeting (the secretary's tools there) ·
 * `/cuoc-hop/:id/in-bien-ban` the printable minutes form · `/chi-bo/:id/dang-vien` a branch's members ·
 * `/cap-uy/:id` a committee's grid · `/cap-uy/:id/dot-hoc-tap` its campaigns (topics, schedule, peaks,
 * deadlines, events) · `/cap-uy/:id/ngay-nghi` holidays · `/cap-uy/:id/bao-cao` reports ·
 * `/cap-uy/:id/ban-tin/:month` the month's printable topic sheet · `/chi-bo/:id/bao-cao` a branch's report
 * (both reports pages add `/tai-ve` for the files and `/ban-in` for the printable report) · `/tai-khoan` password and mail
 * preferences · `/quen-mat-khau` a reset link by mail · `/to-chuc` committees and branches, `/to-chuc/tai-khoan`
 * accounts (admins, officers) · `/chi-bo/:id/cai-dat` a branch's meeting rule, place and link.
 */
export const PATHS = {
  home: "/",
  calendar: "/lich-cua-toi",
  meeting: (id: string) => `/cuoc-hop/${id}`,
  minutesForm: (id: string) => `/cuoc-hop/${id}/in-bien-ban`,
  members: (branchId: string) => `/chi-bo/${branchId}/dang-vien`,
  committee: (id: string) => `/cap-uy/${id}`,
  campaigns: (id: string) => `/cap-uy/${id}/dot-hoc-tap`,
  holidays: (id: string) => `/cap-uy/${id}/ngay-nghi`,
  reports: (id: string) => `/cap-uy/${id}/bao-cao`,
  branchReports: (branchId: string) => `/chi-bo/${branchId}/bao-cao`,
  topicSheet: (id: string, month: string) => `/cap-uy/${id}/ban-tin/${month}`,
  account: "/tai-khoan",
  forgotPassword: "/quen-mat-khau",
  organisation: "/to-chuc",
  branchSettings: (branchId: string) => `/chi-bo/${branchId}/cai-dat`,
} as const;

/** The menu a person sees: what their role reaches (the pages themselves check reach again). */
export function menuOf(p: Principal): { href: string; label: string }[] {
  const scope = scopeOf(p);
  const items: { href: string; label: string }[] = [
    { href: PATHS.home, label: "Trang chủ" },
    { href: PATHS.calendar, label: "Lịch của tôi" },
  ];
  if (scope.kind === "branch" && scope.secretary)
    items.push({ href: PATHS.members(scope.branchId), label: "Đảng viên" });
  if (scope.kind === "branch" && scope.secretary)
    items.push({ href: PATHS.branchReports(scope.branchId), label: "Báo cáo" });
  if (scope.kind === "branch" && scope.secretary)
    items.push({ href: PATHS.branchSettings(scope.branchId), label: "Cài đặt" });
  if (scope.kind === "committee") {
    items.push({ href: PATHS.campaigns(scope.committeeId), label: "Đợt học tập" });
    items.push({ href: PATHS.reports(scope.committeeId), label: "Báo cáo" });
  }
  if (scope.kind === "committee" || scope.kind === "all")
    items.push({ href: PATHS.organisation, label: "Tổ chức" });
  items.push({ href: PATHS.account, label: "Tài khoản" });
  return items;
}

/** What a form shows: its values (as typed, or the defaults) and the reasons by field name. */
export interface FormShown {
  v: Readonly<Record<string, string | undefined>>;
  e?: Readonly<Record<string, string | undefined>>;
}

/**
 * One labelled form field with its error next to it (tied by aria-describedby), keeping what was typed.
 * `type="textarea"` and `type="select"` (with `options`) are handled too. Given its form (`form`), the field
 * reads its value and its reason there by its name; a `value` or `error` given beside it wins.
 */
export function Field(props: {
  name: string;
  label: string;
  form?: FormShown;
  value?: string | null;
  error?: string | null;
  hint?: string;
  type?: string;
  required?: boolean;
  autocomplete?: string;
  options?: { value: string; label: string }[];
  id?: string;
  rows?: number;
  maxLength?: number;
}) {
  const id = props.id ?? `f-${props.name}`;
  const value = props.value ?? props.form?.v[props.name];
  const error = props.error ?? props.form?.e?.[props.name];
  const described = [props.hint ? `${id}-hint` : null, error ? `${id}-error` : null]
    .filter(Boolean)
    .join(" ");
  const common = {
    id,
    name: props.name,
    required: props.required,
    "aria-invalid": error ? ("true" as const) : undefined,
    "aria-describedby": described || undefined,
  };
  return (
    <div class={error ? "field invalid" : "field"}>
      <label for={id}>{props.label}</label>
      {props.hint && (
        <p class="hint" id={`${id}-hint`}>
          {props.hint}
        </p>
      )}
      {props.type === "textarea" ? (
        <textarea {...common} rows={props.rows ?? 5} maxLength={props.maxLength}>
          {value ?? ""}
        </textarea>
      ) : props.type === "select" ? (
        <select {...common}>
          {(props.options ?? []).map((o) => (
            <option value={o.value} selected={o.value === (value ?? "")}>
              {o.label}
            </option>
          ))}
        </select>
      ) : (
        <input
          {...common}
          type={props.type ?? "text"}
          value={value ?? ""}
          autocomplete={props.autocomplete}
          maxLength={props.maxLength}
        />
      )}
      {error && (
        <p class="error" id={`${id}-error`}>
          {error}
        </p>
      )}
    </div>
  );
}

/** A message at the top of a page: what just happened ("Đã lưu"), or why a form was refused. */
export function Notice(props: { kind: "ok" | "error"; children: ComponentChildren }) {
  return (
    <p
      class={props.kind === "ok" ? "notice ok" : "notice error"}
      role={props.kind === "ok" ? "status" : "alert"}
    >
      {props.children}
    </p>
  );
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
        <link rel="manifest" href="/manifest.webmanifest" />
        <meta name="theme-color" content="#c8102e" />
        <link rel="apple-touch-icon" href={assetUrl("icon-180.png")} />
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
              {menuOf(p).map((m) => (
                <a href={m.href}>{m.label}</a>
              ))}
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

/** A whole page as a string, with its doctype (the print and mail shells are in `html.tsx`). */
export const render: (node: preact.VNode) => string = documentHtml;

/** A page a mail's link opens (unsubscribe, absence): the link, not a session, is the authority, so it shows
 * no one's menu; its title is its heading. */
export function linkPage(title: string, body: ComponentChildren): string {
  return render(
    <Layout title={title} principal={null}>
      <h1>{title}</h1>
      {body}
    </Layout>,
  );
}

/** The login form (the login page's, and the one that carries a form sent after the session ended): email
 * and password, why a try was refused, what it carries (hidden fields, as children). */
export function LoginForm(props: { email?: string; error?: string; children?: ComponentChildren }) {
  return (
    <form method="post" action="/dang-nhap" class="card" novalidate>
      {props.error && (
        <p class="error" role="alert" id="login-error">
          {props.error}
        </p>
      )}
      <label for="email">Email</label>
      <input
        id="email"
        name="email"
        type="email"
        autocomplete="username"
        required
        value={props.email ?? ""}
        aria-describedby={props.error ? "login-error" : undefined}
      />
      <label for="password">Mật khẩu</label>
      <input id="password" name="password" type="password" autocomplete="current-password" required />
      {props.children}
      <button type="submit">Đăng nhập</button>
      <p>
        <a href={PATHS.forgotPassword}>Quên mật khẩu?</a>
      </p>
    </form>
  );
}
