import { Type } from "typebox";
import { Email, problems, Uuid } from "../http/schemas.ts";
import type { App } from "../http/types.ts";
import { SESSION_COOKIE, setSessionCookie } from "./auth-plugin.ts";
import { changePassword, login, logout, me } from "./auth-service.ts";
import { requireUser } from "./principal.ts";
import { addUser, MIN_PASSWORD } from "./users-service.ts";

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
  const { deps } = app;

  app.post(
    "/auth/login",
    {
      config: { reach: "public" },
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
      const s = await login(deps, { ...request.body, ip: request.ip });
      setSessionCookie(reply, deps, s);
      return { token: s.token, expiresAt: s.expiresAt.toISOString() };
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
      await logout(deps, requireUser(request));
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
    async (request) => me(requireUser(request)),
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
      reply.code(201);
      return addUser(deps, requireUser(request), request.body);
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
      await changePassword(deps, requireUser(request), { ...request.body, ip: request.ip });
      reply.code(204).send(null);
    },
  );
}
