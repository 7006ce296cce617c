/**
 * The app's pages: `/` (login, or the person's home), `/lich-cua-toi` (their calendar link), log in and
 * out by plain HTML forms, so that they work without JavaScript on any phone. Every handler is one service
 * call and one render; reach is decided by the services, as for the API.
 */
import { Type } from "typebox";
import { SESSION_COOKIE, setSessionCookie } from "../auth/auth-plugin.ts";
import { login, logout } from "../auth/auth-service.ts";
import { type Principal, requireUser } from "../auth/principal.ts";
import type { App } from "../http/types.ts";
import { homeOf, myCalendar } from "../plan/home-service.ts";
import { accountPages } from "./account-page-routes.ts";
import { adminPages } from "./admin-page-routes.ts";
import { backupPages } from "./backup-page-routes.ts";
import { branchSettingsPages } from "./branch-settings-page-routes.ts";
import { committeePages } from "./committee-page-routes.ts";
import { meetingPages } from "./meeting-page-routes.ts";
import { memberLoginPages } from "./member-login-page-routes.ts";
import { membersPages } from "./members-page-routes.ts";
import { csrfOf, html, refusalOf, retryAfter, safeNext, signInFirst } from "./page-kit.ts";
import { calendarPage, homePage, loginPage } from "./pages.tsx";
import { reportsPages } from "./reports-page-routes.ts";

const LoginForm = Type.Object({
  email: Type.Optional(Type.String({ maxLength: 254 })),
  password: Type.Optional(Type.String({ maxLength: 200 })),
  next: Type.Optional(Type.String({ maxLength: 500 })),
});

export async function pageRoutes(app: App) {
  const { deps } = app;
  const tags = ["web"];
  // Plain HTML forms post url-encoded bodies.
  app.addContentTypeParser(
    "application/x-www-form-urlencoded",
    { parseAs: "string", bodyLimit: 16_384 },
    (_r, body, done) => done(null, Object.fromEntries(new URLSearchParams(body as string))),
  );
  // Each capability's pages, as child plugins: they inherit the form parser above. The modules whose every
  // page is for a signed-in person share one context whose preHandler sends anyone else to the login page.
  // (one line per page module; keep the lists sorted)
  await app.register(accountPages);
  await app.register(async (signed) => {
    signed.addHook("preHandler", signInFirst);
    await signed.register(adminPages);
    await signed.register(backupPages);
    await signed.register(branchSettingsPages);
    await signed.register(reportsPages);
    await signed.register(committeePages);
    await signed.register(membersPages);
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
      return html(reply).send(homePage(p, await homeOf(deps, p), deps.clock.now(), await csrfOf(deps, p)));
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
      if (!email || !password) {
        return html(reply, 400).send(loginPage({ email, next, error: "Hãy nhập email và mật khẩu." }));
      }
      try {
        const s = await login(deps, { email, password, ip: request.ip });
        setSessionCookie(reply, deps, s);
        return reply.redirect(next, 303);
      } catch (e) {
        const err = refusalOf(e);
        retryAfter(reply, err);
        return html(reply, err.status).send(loginPage({ email, next, error: err.message }));
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

  /** The calendar link page; `renew` makes a new link first (the old one stops working). */
  async function calendar(reply: Parameters<typeof html>[0], p: Principal, renew: boolean) {
    const link = await myCalendar(deps, p, { renew });
    return html(reply).send(await calendarPage(p, link, await csrfOf(deps, p)));
  }

  app.get(
    "/lich-cua-toi",
    { schema: { tags, summary: "Đường dẫn lịch của tôi (HTML)" } },
    async (request, reply) => {
      if (!request.principal) return reply.redirect("/?next=/lich-cua-toi", 303);
      return calendar(reply, requireUser(request), false);
    },
  );

  app.post(
    "/lich-cua-toi/moi",
    { schema: { tags, summary: "Tạo đường dẫn lịch mới (HTML)" } },
    async (request, reply) => {
      if (!request.principal) return reply.redirect("/", 303);
      return calendar(reply, requireUser(request), true);
    },
  );
}
