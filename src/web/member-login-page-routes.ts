/**
 * A member's login (issue 18): the secretary invites the member (`inviteAccount`, as POST /api/accounts,
 * role member), sends a new link (`sendPasswordLink`) or locks the account (`setAccountDisabled`). The
 * services decide reach (a secretary: member accounts of their own branch) and audit.
 */
import type { FastifyReply } from "fastify";
import { Type } from "typebox";
import {
  type AccountListRow,
  inviteAccount,
  listAccounts,
  sendPasswordLink,
  setAccountDisabled,
} from "../auth/accounts-service.ts";
import { type Principal, requireUser } from "../auth/principal.ts";
import { conflict } from "../http/errors.ts";
import type { App } from "../http/types.ts";
import { type MemberRow, memberOfBranch } from "../organisation/members-page-service.ts";
import { MEMBER_LOGIN_NOTICES, memberLoginPage, memberLoginPath } from "./member-login-pages.tsx";
import { problemPage } from "./members-pages.tsx";
import { csrfOf, doneKey, html, isRefusal, orRefused, UUID_RE } from "./page-kit.ts";

const Params = Type.Object({
  branchId: Type.String({ maxLength: 64 }),
  memberId: Type.String({ maxLength: 64 }),
});
const Done = Type.Object({ xong: Type.Optional(Type.String({ maxLength: 20 })) });
const LockForm = Type.Object({ disabled: Type.Optional(Type.Union([Type.Literal("0"), Type.Literal("1")])) });
const NO_ACCOUNT = "Đồng chí này chưa có tài khoản: hãy gửi thư mời.";
const PATH = "/chi-bo/:branchId/dang-vien/:memberId/tai-khoan";

export async function memberLoginPages(app: App) {
  const { deps } = app;
  const tags = ["web"];

  async function refused(reply: FastifyReply, p: Principal, status: number) {
    const message =
      status === 404
        ? "Không tìm thấy đảng viên này."
        : "Trang này dành cho bí thư chi bộ và cấp ủy cấp trên.";
    return html(reply, status).send(problemPage(p, await csrfOf(deps, p), status, message));
  }

  /** The member (on this branch's roll, in the caller's reach) and their account, if any. */
  async function load(p: Principal, branchId: string, memberId: string) {
    const { view, member } = await memberOfBranch(deps, p, { branchId, memberId });
    const account = (await listAccounts(deps, p)).find((a) => a.memberId === member.id) ?? null;
    return { view, member, account };
  }

  /** Runs an action on the member's login; a refusal of reach is a page, any other the reason on the page. */
  async function act(
    reply: FastifyReply,
    p: Principal,
    ids: { branchId: string; memberId: string },
    run: (m: MemberRow, account: AccountListRow | null) => Promise<string>,
  ) {
    if (!UUID_RE.test(ids.branchId) || !UUID_RE.test(ids.memberId)) return refused(reply, p, 404);
    return orRefused(
      async () => {
        const { view, member, account } = await load(p, ids.branchId, ids.memberId);
        try {
          const done = await run(member, account);
          return reply.redirect(`${memberLoginPath(ids.branchId, ids.memberId)}?xong=${done}`, 303);
        } catch (err) {
          if (!isRefusal(err) || err.status === 403 || err.status === 404) throw err;
          const again = await load(p, ids.branchId, ids.memberId);
          return html(reply, err.status).send(
            memberLoginPage(p, await csrfOf(deps, p), view, member, again.account, { refused: err.message }),
          );
        }
      },
      (err) => refused(reply, p, err.status === 403 ? 403 : 404),
      [403, 404],
    );
  }

  app.get(
    PATH,
    {
      schema: {
        tags,
        summary: "Tài khoản đăng nhập của một đảng viên (HTML)",
        params: Params,
        querystring: Done,
      },
    },
    async (request, reply) => {
      const p = requireUser(request);
      const { branchId, memberId } = request.params;
      if (!UUID_RE.test(branchId) || !UUID_RE.test(memberId)) return refused(reply, p, 404);
      return orRefused(
        async () => {
          const { view, member, account } = await load(p, branchId, memberId);
          const done = doneKey(MEMBER_LOGIN_NOTICES, request.query.xong);
          return html(reply).send(memberLoginPage(p, await csrfOf(deps, p), view, member, account, { done }));
        },
        (err) => refused(reply, p, err.status === 403 ? 403 : 404),
        [403, 404],
      );
    },
  );

  app.post(
    `${PATH}/moi`,
    { schema: { tags, summary: "Cấp tài khoản cho đảng viên: thư mời đặt mật khẩu (HTML)", params: Params } },
    async (request, reply) => {
      const p = requireUser(request);
      return act(reply, p, request.params, async (m) => {
        const r = await inviteAccount(deps, p, {
          role: "member",
          memberId: m.id,
          email: m.email ?? "",
          displayName: m.fullName,
        });
        return r.mailed ? "moi" : "moi-chua-gui";
      });
    },
  );

  app.post(
    `${PATH}/gui-duong-dan`,
    { schema: { tags, summary: "Gửi đường dẫn đặt mật khẩu cho đảng viên (HTML)", params: Params } },
    async (request, reply) => {
      const p = requireUser(request);
      return act(reply, p, request.params, async (_m, account) => {
        if (!account) throw conflict(NO_ACCOUNT);
        const r = await sendPasswordLink(deps, p, { id: account.id });
        return r.mailed ? "gui" : "chua-gui";
      });
    },
  );

  app.post(
    `${PATH}/khoa`,
    {
      schema: {
        tags,
        summary: "Khóa hoặc mở khóa tài khoản của đảng viên (HTML)",
        params: Params,
        body: LockForm,
      },
    },
    async (request, reply) => {
      const p = requireUser(request);
      const disabled = request.body.disabled !== "0";
      return act(reply, p, request.params, async (_m, account) => {
        if (!account) throw conflict(NO_ACCOUNT);
        await setAccountDisabled(deps, p, { id: account.id, disabled });
        return disabled ? "khoa" : "mo-khoa";
      });
    },
  );
}
