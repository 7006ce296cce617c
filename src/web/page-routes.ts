/**
 * The app's pages: `/` (login, or the person's home), `/lich-cua-toi` (their calendar link), log in and
 * out by plain HTML forms, so that they work without JavaScript on any phone. Every handler is one service
 * call and one render; reach is decided by the services, as for the API.
 */
import { Type } from "typebox";
import { SESSION_COOKIE, setSessionCookie } from "../auth/auth-plugin.ts";
import { login, logout, resolveSession } from "../auth/auth-service.ts";
import { requireUser } from "../auth/principal.ts";
import type { App } from "../http/types.ts";
import { homeFreshness } from "../plan/home-freshness.ts";
import { homeOf, myCalendar, renewMyCalendar } from "../plan/home-service.ts";
import { absenceLinkPages } from "./absence-link-page-routes.ts";
import { accountPages } from "./account-page-routes.ts";
import { adminPages } from "./admin-page-routes.ts";
import { backupPages } from "./backup-page-routes.ts";
import { branchSettingsPages } from "./branch-settings-page-routes.ts";
import { calendarPage } from "./calendar-page.tsx";
import { committeePages } from "./committee-page-routes.ts";
import { type KeptForm, resendPage, sessionEndedPage } from "./error-pages.tsx";
import { meetingPages } from "./meeting-page-routes.ts";
import { memberLoginPages } from "./member-login-page-routes.ts";
import { memberStandingPages } from "./member-standing-routes.ts";
import { membersPages } from "./members-page-routes.ts";
import { keptOrRendered, pageKey } from "./page-cache.ts";
import { pageErrorHandler } from "./page-errors.ts";
import {
  csrfOf,
  doneKey,
  html,
  PAGE_FORM_LIMIT,
  refusalOf,
  retryAfter,
  safeNext,
  signInFirst,
} from "./page-kit.ts";
import { homePage, loginPage } from "./pages.tsx";
import { ratingSettingsPages } from "./rating-settings-page-routes.ts";
import { reportsPages } from "./reports-page-routes.ts";

const LoginForm = Type.Object({
  email: Type.Optional(Type.String({ maxLength: 254 })),
  password: Type.Optional(Type.String({ maxLength: 200 })),
  next: Type.Optional(Type.String({ maxLength: 500 })),
  /** A form sent after the session ended, carried through the login (see `sessionEnded`). */
  carry: Type.Optional(Type.String({ maxLength: 1_000_000 })),
});

/** The carried form, if it is one: an action on this site and its fields. */
function carriedForm(carry: string | undefined): KeptForm | null {
  if (!carry) return null;
  try {
    const k = JSON.parse(carry) as KeptForm;
    const ok =
      typeof k.action === "string" &&
      Array.isArray(k.fields) &&
      k.fields.every((f) => Array.isArray(f) && typeof f[0] === "string" && typeof f[1] === "string");
    return ok && safeNext(k.action) === k.action && k.action !== "/" ? k : null;
  } catch {
    return null;
  }
}

export async function pageRoutes(app: App) {
  const { deps } = app;
  const tags = ["web"];
  // What goes wrong on a page is answered by a page (page-errors.ts), for these routes and their children.
  app.setErrorHandler(pageErrorHandler);
  // Plain HTML forms post url-encoded bodies. A long text is refused next to its field by the form's own
  // limit, with the text kept: the body limit is only there against abuse.
  app.addContentTypeParser(
    "application/x-www-form-urlencoded",
    { parseAs: "string", bodyLimit: PAGE_FORM_LIMIT },
    (_r, body, done) => done(null, Object.fromEntries(new URLSearchParams(body as string))),
  );
  // Each capability's pages, as child plugins: they inherit the form parser above. The modules whose every
  // page is for a signed-in person share one context whose preHandler sends anyone else to the login page.
  // (one line per page module; keep the lists sorted)
  await app.register(absenceLinkPages);
  await app.register(accountPages);
  await app.register(async (signed) => {
    signed.addHook("preHandler", signInFirst);
    await signed.register(adminPages);
    await signed.register(backupPages);
    await signed.register(branchSettingsPages);
    await signed.register(reportsPages);
    await signed.register(committeePages);
    await signed.register(ratingSettingsPages);
    await signed.register(membersPages);
    await signed.register(memberStandingPages);
    await signed.register(memberLoginPages);
    await signed.register(meetingPages);
  });

  app.get(
    "/",
    {
      schema: {
        tags,
        summary: "Trang chủ (HTML): đăng nhập, hoặc trang của người dùng",
        querystring: Type.Object({ next: Type.Optional(Type.String({ maxLength: 500 })) }),
      },
    },
    async (request, reply) => {
      const p = request.principal;
      if (!p) return html(reply).send(loginPage({ next: safeNext(request.query.next) }));
      // A member's home is answered again from this instance's memory until what it shows changes.
      const now = deps.clock.now();
      return keptOrRendered(reply, pageKey("home", [], p), p, now, async () => {
        const home = await homeOf(deps, p);
        const body = homePage(p, home, now, await csrfOf(deps, p));
        return { html: body, freshness: homeFreshness(home, p, now) };
      });
    },
  );

  app.post(
    "/dang-nhap",
    {
      config: { reach: "public" },
      schema: { tags, summary: "Đăng nhập bằng biểu mẫu (HTML)", security: [], body: LoginForm },
    },
    async (request, reply) => {
      const email = (request.body.email ?? "").trim();
      const password = request.body.password ?? "";
      const next = safeNext(request.body.next);
      const kept = carriedForm(request.body.carry);
      const again = (status: number, error: string) =>
        html(reply, status).send(
          kept ? sessionEndedPage({ email, next, kept, error }) : loginPage({ email, next, error }),
        );
      if (!email || !password) return again(400, "Hãy nhập email và mật khẩu.");
      try {
        const s = await login(deps, { email, password, ip: request.ip });
        setSessionCookie(reply, deps, s);
        if (!kept) return reply.redirect(next, 303);
        // The carried form is offered back with the new session's token; the person sends it.
        const p = await resolveSession(deps.database.db, deps.clock, s.token);
        if (!p) return reply.redirect(next, 303);
        return html(reply).send(resendPage({ p, csrf: await csrfOf(deps, p), kept, next }));
      } catch (e) {
        const err = refusalOf(e);
        retryAfter(reply, err);
        return again(err.status, err.message);
      }
    },
  );

  app.post(
    "/dang-xuat",
    { config: { reach: "self" }, schema: { tags, summary: "Đăng xuất (HTML)" } },
    async (request, reply) => {
      if (request.principal) await logout(deps, request.principal);
      reply.clearCookie(SESSION_COOKIE, { path: "/" });
      return reply.redirect("/", 303);
    },
  );

  const CALENDAR_NOTICES: Record<string, string> = {
    tao: "Đã tạo đường dẫn lịch.",
    moi: "Đã tạo đường dẫn mới; đường dẫn cũ đã ngừng hoạt động. Hãy thêm lại lịch trên các máy đã dùng.",
  };

  app.get(
    "/lich-cua-toi",
    {
      schema: {
        tags,
        summary: "Đường dẫn lịch của tôi (HTML): hiện mỗi lần mở, không tạo hay đổi gì",
        querystring: Type.Object({ xong: Type.Optional(Type.String({ maxLength: 20 })) }),
      },
      preHandler: signInFirst,
    },
    async (request, reply) => {
      const p = requireUser(request);
      const cal = await myCalendar(deps, p);
      const done = doneKey(CALENDAR_NOTICES, request.query.xong);
      return html(reply).send(
        await calendarPage(p, cal, await csrfOf(deps, p), done && CALENDAR_NOTICES[done]),
      );
    },
  );

  app.post(
    "/lich-cua-toi/moi",
    {
      schema: { tags, summary: "Tạo đường dẫn lịch (hoặc đường dẫn mới thay đường cũ) (HTML)" },
      preHandler: signInFirst,
    },
    async (request, reply) => {
      const p = requireUser(request);
      const made = await renewMyCalendar(deps, p);
      // Post/redirect/get: reloading the page that follows changes nothing.
      return reply.redirect(made === "renewed" ? "/lich-cua-toi?xong=moi" : "/lich-cua-toi?xong=tao", 303);
    },
  );
}
