/** The accounts of the people one manages (issue 18): list, invite, a fresh set-password link, lock. */
import { Type } from "typebox";
import { Email, IdParams, problems, Uuid } from "../http/schemas.ts";
import type { App } from "../http/types.ts";
import { inviteAccount, listAccounts, sendPasswordLink, setAccountDisabled } from "./accounts-service.ts";
import { requireUser } from "./principal.ts";

export const AccountRole = Type.Union([
  Type.Literal("admin"),
  Type.Literal("officer"),
  Type.Literal("secretary"),
  Type.Literal("member"),
]);

/** The invitation's body: the account without a password (its owner sets it by the mailed link). */
export const Invitation = Type.Object(
  {
    email: Email,
    displayName: Type.String({ minLength: 1, maxLength: 200 }),
    role: AccountRole,
    committeeId: Type.Optional(Uuid),
    branchId: Type.Optional(Uuid),
    memberId: Type.Optional(Uuid),
  },
  { additionalProperties: false },
);

const Account = Type.Object({
  id: Uuid,
  email: Type.String(),
  displayName: Type.String(),
  role: AccountRole,
  committeeId: Type.Union([Uuid, Type.Null()]),
  branchId: Type.Union([Uuid, Type.Null()]),
  memberId: Type.Union([Uuid, Type.Null()]),
  disabled: Type.Boolean(),
  unitName: Type.Union([Type.String(), Type.Null()]),
});
const Mailed = Type.Object({
  mailed: Type.Boolean({ description: "false: thư chưa gửi được; gửi lại sau" }),
});

export async function accountsRoutes(app: App) {
  const { deps } = app;
  const tags = ["auth"];

  app.get(
    "/accounts",
    {
      schema: {
        tags,
        summary: "Các tài khoản người dùng quản lý được (quản trị, cán bộ cấp ủy, bí thư: đảng viên chi bộ)",
        response: { 200: Type.Array(Account), ...problems },
      },
    },
    async (request) => listAccounts(deps, requireUser(request)),
  );

  app.post(
    "/accounts",
    {
      schema: {
        tags,
        summary: "Tạo tài khoản và gửi thư mời có đường dẫn đặt mật khẩu (dùng một lần, 7 ngày)",
        body: Invitation,
        response: { 201: Type.Object({ id: Uuid, mailed: Type.Boolean() }), ...problems, 409: problems[400] },
      },
    },
    async (request, reply) => {
      reply.code(201);
      return inviteAccount(deps, requireUser(request), request.body);
    },
  );

  app.post(
    "/accounts/:id/password-link",
    {
      schema: {
        tags,
        summary: "Gửi đường dẫn đặt mật khẩu mới (đường dẫn cũ hết hiệu lực)",
        params: IdParams,
        response: { 200: Mailed, ...problems, 409: problems[400] },
      },
    },
    async (request) => sendPasswordLink(deps, requireUser(request), request.params),
  );

  app.patch(
    "/accounts/:id",
    {
      schema: {
        tags,
        summary: "Khóa (các phiên kết thúc ngay) hoặc mở khóa tài khoản",
        params: IdParams,
        body: Type.Object({ disabled: Type.Boolean() }, { additionalProperties: false }),
        response: {
          200: Type.Object({ id: Uuid, disabled: Type.Boolean() }),
          ...problems,
          409: problems[400],
        },
      },
    },
    async (request) => setAccountDisabled(deps, requireUser(request), { ...request.params, ...request.body }),
  );
}
