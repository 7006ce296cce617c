import { Type } from "typebox";
import { AppError } from "../http/errors.ts";
import { Email, problems, Uuid } from "../http/schemas.ts";
import type { App } from "../http/types.ts";
import { SESSION_COOKIE } from "./auth-plugin.ts";
import { checkCredentials, login, logout } from "./auth-service.ts";
import { requireUser } from "./principal.ts";
import { assertMayCreate, createUser, MIN_PASSWORD, setPassword } from "./users-service.ts";

const Role = Type.Union([
  Type.Literal("admin"),
  Type.Literal("officer"),
  Type.Literal("secretary"),
  Type.Literal("member"),
]);
const Me = Type.Object({
  id: Uuid,
  email: Type.String(),
  displayName: Type.String(),
  role: Role,
  committeeId: Type.Union([Uuid, Type.Null()]),
  branchId: Type.Union([Uuid, Type.Null()]),
  memberId: Type.Union([Uuid, Type.Null()]),
});

export async function authRoutes(app: App) {
  const { db } = app.deps.database;
  const authDeps = () => ({
    db,
    clock: app.deps.clock,
    sessionTtlHours: app.deps.config.sessionTtlHours,
    loginRateLimit: app.deps.config.loginRateLimit,
  });

  app.post(
    "/auth/login",
    {
      schema: {
        tags: ["auth"],
        summary: "Đăng nhập bằng email và mật khẩu",
        security: [],
        body: Type.Object(
          { email: Email, password: Type.String({ minLength: 1, maxLength: 200 }) },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object({ token: Type.String(), expiresAt: Type.String({ format: "date-time" }) }),
          ...problems,
          429: problems[400],
        },
      },
    },
    async (request, reply) => {
      try {
        const s = await login(authDeps(), {
          email: request.body.email,
          password: request.body.password,
          ip: request.ip,
        });
        reply.setCookie(SESSION_COOKIE, s.token, {
          httpOnly: true,
          secure: app.deps.config.cookieSecure,
          sameSite: "lax",
          path: "/",
          expires: s.expiresAt,
        });
        return { token: s.token, expiresAt: s.expiresAt.toISOString() };
      } catch (err) {
        if (err instanceof AppError && err.status === 429)
          reply.header("retry-after", String(err.extra.retryAfter));
        throw err;
      }
    },
  );

  app.post(
    "/auth/logout",
    {
      config: { reach: "self" },
      schema: {
        tags: ["auth"],
        summary: "Đăng xuất (thu hồi phiên)",
        response: { 204: Type.Null(), ...problems },
      },
    },
    async (request, reply) => {
      const p = requireUser(request);
      await logout(db, app.deps.clock, p.sessionId);
      reply.clearCookie(SESSION_COOKIE, { path: "/" });
      reply.code(204).send(null);
    },
  );

  app.get(
    "/auth/me",
    {
      config: { reach: "self" },
      schema: { tags: ["auth"], summary: "Người dùng hiện tại", response: { 200: Me, ...problems } },
    },
    async (request) => {
      const p = requireUser(request);
      return {
        id: p.userId,
        email: p.email,
        displayName: p.displayName,
        role: p.role,
        committeeId: p.committeeId,
        branchId: p.branchId,
        memberId: p.memberId,
      };
    },
  );

  app.post(
    "/users",
    {
      schema: {
        tags: ["auth"],
        summary: "Tạo tài khoản (quản trị, cán bộ cấp ủy trong phạm vi, bí thư cho đảng viên chi bộ mình)",
        body: Type.Object(
          {
            email: Email,
            displayName: Type.String({ minLength: 1, maxLength: 200 }),
            password: Type.String({ minLength: MIN_PASSWORD, maxLength: 200 }),
            role: Role,
            committeeId: Type.Optional(Uuid),
            branchId: Type.Optional(Uuid),
            memberId: Type.Optional(Uuid),
          },
          { additionalProperties: false },
        ),
        response: { 201: Type.Object({ id: Uuid }), ...problems, 409: problems[400] },
      },
    },
    async (request, reply) => {
      const p = requireUser(request);
      await assertMayCreate(db, p, request.body);
      const user = await createUser(db, request.body);
      reply.code(201);
      return user;
    },
  );

  app.post(
    "/auth/password",
    {
      config: { reach: "self" },
      schema: {
        tags: ["auth"],
        summary: "Đổi mật khẩu của chính mình",
        body: Type.Object(
          {
            currentPassword: Type.String({ minLength: 1 }),
            newPassword: Type.String({ minLength: MIN_PASSWORD, maxLength: 200 }),
          },
          { additionalProperties: false },
        ),
        response: { 204: Type.Null(), ...problems },
      },
    },
    async (request, reply) => {
      const p = requireUser(request);
      await checkCredentials(authDeps(), {
        email: p.email,
        password: request.body.currentPassword,
        ip: request.ip,
      });
      await setPassword(db, p.email, request.body.newPassword);
      reply.code(204).send(null);
    },
  );
}
