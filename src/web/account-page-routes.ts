/**
 * The account pages: `/tai-khoan` (change password, reminder mail) and `/quen-mat-khau` (a reset link by
 * mail, and the page the link opens). Each handler calls the auth or reminders services, as the API does.
 */
import { Type } from "typebox";
import { SESSION_COOKIE } from "../auth/auth-plugin.ts";
import { changePassword } from "../auth/auth-service.ts";
import {
  closeResetMail,
  LINK_REFUSALS,
  requestPasswordReset,
  resetLinkState,
  resetPassword,
} from "../auth/password-reset-service.ts";
import { requireUser } from "../auth/principal.ts";
import { HOME_ZONE } from "../domain/civil-date.ts";
import type { App } from "../http/types.ts";
import { channelsOf } from "../reminders/channel-service.ts";
import { reminderMailOf, setReminderMail } from "../reminders/mail-preferences-service.ts";
import {
  ACCOUNT_NOTICES,
  accountPage,
  accountPaths,
  forgotPasswordPage,
  resetPasswordPage,
} from "./account-pages.tsx";
import { channelPages } from "./channel-page-routes.ts";
import { PATHS } from "./layout.tsx";
import type { FieldErrors } from "./members-pages.tsx";
import { csrfOf, doneKey, fieldErrorsOf, html, refusalOf, retryAfter, signInFirst } from "./page-kit.ts";

const Secret = Type.Optional(Type.String({ maxLength: 200 }));
const PasswordForm = Type.Object({ currentPassword: Secret, newPassword: Secret, newPassword2: Secret });
const ReminderForm = Type.Object({ on: Type.Optional(Type.Union([Type.Literal("0"), Type.Literal("1")])) });
const ForgotForm = Type.Object({ email: Type.Optional(Type.String({ maxLength: 254 })) });
const ResetForm = Type.Object({ password: Secret, password2: Secret });
const TokenParams = Type.Object({ token: Type.String({ maxLength: 200 }) });
const Done = Type.Object({ xong: Type.Optional(Type.String({ maxLength: 20 })) });

const sentence = (s: string) => `${s.charAt(0).toUpperCase()}${s.slice(1)}${/[.!?]$/.test(s) ? "" : "."}`;

export async function accountPages(app: App) {
  const { deps } = app;
  const tags = ["web"];
  app.addHook("onClose", async () => closeResetMail(deps.config));
  await channelPages(app);

  app.get(
    PATHS.account,
    {
      preHandler: signInFirst,
      schema: { tags, summary: "Tài khoản: đổi mật khẩu, thư nhắc lịch (HTML)", querystring: Done },
    },
    async (request, reply) => {
      const p = requireUser(request);
      const done = doneKey(ACCOUNT_NOTICES, request.query.xong);
      const mail = await reminderMailOf(deps, p);
      const channels = await channelsOf(deps, p);
      return html(reply).send(
        accountPage(p, await csrfOf(deps, p), { done, mail, channels, zone: HOME_ZONE }),
      );
    },
  );

  app.post(
    accountPaths.password,
    { schema: { tags, summary: "Đổi mật khẩu (HTML); các phiên khác kết thúc", body: PasswordForm } },
    async (request, reply) => {
      const p = requireUser(request);
      const { currentPassword = "", newPassword = "", newPassword2 = "" } = request.body;
      let errors: FieldErrors = {};
      if (!currentPassword) errors.currentPassword = "Hãy nhập mật khẩu hiện tại.";
      if (!newPassword) errors.newPassword = "Hãy nhập mật khẩu mới.";
      else if (newPassword !== newPassword2)
        errors.newPassword2 = "Hai lần nhập mật khẩu mới không giống nhau.";
      if (Object.keys(errors).length === 0) {
        try {
          await changePassword(deps, p, { currentPassword, newPassword, ip: request.ip });
          return reply.redirect(`${PATHS.account}?xong=mat-khau`, 303);
        } catch (e) {
          const err = refusalOf(e);
          retryAfter(reply, err);
          errors = err.errors.length
            ? fieldErrorsOf(err, { reason: sentence })
            : { currentPassword: sentence(err.message) };
          if (err.code === "invalid_credentials")
            errors = { currentPassword: "Mật khẩu hiện tại không đúng." };
        }
      }
      const mail = await reminderMailOf(deps, p);
      const channels = await channelsOf(deps, p);
      return html(reply, 400).send(
        accountPage(p, await csrfOf(deps, p), { errors, mail, channels, zone: HOME_ZONE }),
      );
    },
  );

  app.post(
    accountPaths.reminders,
    { schema: { tags, summary: "Tắt hoặc bật lại thư nhắc lịch của mình (HTML)", body: ReminderForm } },
    async (request, reply) => {
      const p = requireUser(request);
      const on = request.body.on === "1";
      await setReminderMail(deps, p, { on });
      return reply.redirect(`${PATHS.account}?xong=${on ? "bat-thu" : "tat-thu"}`, 303);
    },
  );

  app.get(
    PATHS.forgotPassword,
    {
      config: { reach: "public" },
      schema: {
        tags,
        summary: "Quên mật khẩu: yêu cầu đường dẫn đặt lại (HTML)",
        security: [],
        querystring: Done,
      },
    },
    async (request, reply) => {
      const p = request.principal;
      return html(reply).send(
        forgotPasswordPage({
          principal: p,
          csrf: p ? await csrfOf(deps, p) : null,
          sent: request.query.xong === "gui",
          reset: request.query.xong === "doi",
        }),
      );
    },
  );

  app.post(
    PATHS.forgotPassword,
    {
      config: { reach: "public" },
      schema: {
        tags,
        summary: "Gửi đường dẫn đặt lại mật khẩu qua email (HTML)",
        security: [],
        body: ForgotForm,
      },
    },
    async (request, reply) => {
      const p = request.principal;
      const email = (request.body.email ?? "").trim();
      let error: string;
      let status = 400;
      if (!/^[^\s@]+@[^\s@]+$/.test(email)) {
        error = "Hãy nhập địa chỉ email dùng để đăng nhập.";
      } else {
        try {
          await requestPasswordReset(deps, { email, ip: request.ip, log: request.log });
          // The same answer whether or not the email has an account.
          return reply.redirect(`${PATHS.forgotPassword}?xong=gui`, 303);
        } catch (e) {
          const err = refusalOf(e);
          retryAfter(reply, err);
          error = err.message;
          status = err.status;
        }
      }
      return html(reply, status).send(
        forgotPasswordPage({ principal: p, csrf: p ? await csrfOf(deps, p) : null, email, error }),
      );
    },
  );

  app.get(
    `${PATHS.forgotPassword}/:token`,
    {
      config: { reach: "public" },
      schema: {
        tags,
        summary: "Trang của đường dẫn đặt lại mật khẩu (HTML)",
        security: [],
        params: TokenParams,
      },
    },
    async (request, reply) => {
      const p = request.principal;
      const { token } = request.params;
      const state = await resetLinkState(deps, token);
      const csrf = p ? await csrfOf(deps, p) : null;
      if (state !== "valid") {
        return html(reply, 410).send(
          resetPasswordPage({ principal: p, csrf, token, refused: LINK_REFUSALS[state] }),
        );
      }
      return html(reply).send(resetPasswordPage({ principal: p, csrf, token }));
    },
  );

  app.post(
    `${PATHS.forgotPassword}/:token`,
    {
      config: { reach: "public" },
      schema: {
        tags,
        summary: "Đặt mật khẩu mới bằng đường dẫn (HTML); dùng một lần, mọi phiên kết thúc",
        security: [],
        params: TokenParams,
        body: ResetForm,
      },
    },
    async (request, reply) => {
      const p = request.principal;
      const { token } = request.params;
      const { password = "", password2 = "" } = request.body;
      const csrf = p ? await csrfOf(deps, p) : null;
      let errors: FieldErrors = {};
      if (!password) errors.password = "Hãy nhập mật khẩu mới.";
      else if (password !== password2) errors.password2 = "Hai lần nhập mật khẩu không giống nhau.";
      if (Object.keys(errors).length === 0) {
        try {
          await resetPassword(deps, { token, password });
          // Every session ended, this browser's too.
          reply.clearCookie(SESSION_COOKIE, { path: "/" });
          return reply.redirect(`${PATHS.forgotPassword}?xong=doi`, 303);
        } catch (e) {
          const err = refusalOf(e);
          if (err.code === "conflict") {
            return html(reply, 410).send(
              resetPasswordPage({ principal: p, csrf, token, refused: err.message }),
            );
          }
          errors = fieldErrorsOf(err, { reason: sentence });
        }
      }
      return html(reply, 400).send(resetPasswordPage({ principal: p, csrf, token, errors }));
    },
  );
}
