/**
 * The pages shown when something goes wrong: an address that names nothing, a refusal, a fault, and the
 * session that ended while a form was open (log in again, then send the kept form again). Pure views; the
 * handler that picks one is `page-errors.ts`.
 */
import type { Principal } from "../auth/principal.ts";
import { CsrfField, Layout, LoginForm, Notice, PATHS, render } from "./layout.tsx";

/** A form's fields as they were sent, to carry over a login and show back to the person. */
export type KeptForm = { action: string; fields: [string, string][] };

/** What a person typed (not the choices and ids): the values worth showing back so nothing is lost. */
function typedTexts(fields: [string, string][]): string[] {
  return fields
    .map(([, v]) => v.trim())
    .filter((v) => v.length > 0 && /\p{L}/u.test(v) && !/^[0-9a-f-]{36}$/i.test(v) && /\s/.test(v));
}

/** The typed texts, read-only, so that a person can copy them whatever happens next. */
function KeptTexts(props: { fields: [string, string][] }) {
  const texts = typedTexts(props.fields);
  if (texts.length === 0) return null;
  return (
    <section class="card" aria-labelledby="kept-title">
      <h2 id="kept-title" style="margin-top:0">
        Nội dung đồng chí đã nhập
      </h2>
      {texts.map((t, i) => (
        <p class="kept" key={i}>
          {t}
        </p>
      ))}
    </section>
  );
}

export function errorPage(o: {
  p: Principal | null;
  csrf: string | null;
  title: string;
  message?: string;
  kept?: KeptForm;
  /** A page of this site to go back to (the form's page). */
  back?: string;
}): string {
  return render(
    <Layout title={o.title} principal={o.p} csrf={o.csrf}>
      <h1>{o.title}</h1>
      {o.message && <Notice kind="error">{o.message}</Notice>}
      {o.kept && <KeptTexts fields={o.kept.fields} />}
      <p>
        {o.back && (
          <>
            <a href={o.back}>Quay lại trang trước</a>
            {" · "}
          </>
        )}
        <a href={PATHS.home}>Về trang chủ</a>
      </p>
    </Layout>,
  );
}

/**
 * A form sent after the session ended: the login form, carrying the form (`carry`) so that after logging in
 * it can be sent again, and coming back to the form's page (`next`).
 */
export function sessionEndedPage(o: {
  next: string;
  kept: KeptForm;
  email?: string;
  error?: string;
}): string {
  return render(
    <Layout title="Đăng nhập lại" principal={null}>
      <h1>Đăng nhập lại</h1>
      <Notice kind="error">
        Phiên đăng nhập đã hết (đã đổi mật khẩu hoặc đăng xuất ở máy khác) nên biểu mẫu chưa được gửi. Nội
        dung vẫn được giữ: đăng nhập lại để gửi tiếp.
      </Notice>
      <LoginForm email={o.email} error={o.error}>
        <input type="hidden" name="next" value={o.next} />
        <input type="hidden" name="carry" value={JSON.stringify(o.kept)} />
      </LoginForm>
      <KeptTexts fields={o.kept.fields} />
    </Layout>,
  );
}

/** After logging in again: the kept form, to be sent by the person (nothing is done behind their back). */
export function resendPage(o: { p: Principal; csrf: string; kept: KeptForm; next: string }): string {
  return render(
    <Layout title="Gửi lại biểu mẫu" principal={o.p} csrf={o.csrf}>
      <h1>Gửi lại biểu mẫu chưa gửi được</h1>
      <p>Đồng chí đã đăng nhập lại. Biểu mẫu gửi lúc phiên đã hết vẫn còn: bấm “Gửi lại” để gửi.</p>
      <KeptTexts fields={o.kept.fields} />
      <form method="post" action={o.kept.action} class="card">
        <CsrfField token={o.csrf} />
        {o.kept.fields.map(([k, v]) => (
          <input type="hidden" name={k} value={v} />
        ))}
        <button type="submit">Gửi lại</button>
        <p>
          <a href={o.next}>Bỏ qua, không gửi</a>
        </p>
      </form>
    </Layout>,
  );
}
