/**
 * The organisation pages (issue 18): `/to-chuc` (tree, add a committee, add a branch) and
 * `/to-chuc/tai-khoan` (accounts: invite, set-password link, lock). Each handler calls the same service as
 * the API route (organisation's committee and branch services, auth's accounts service), which decides
 * reach and audits; the page only reads the form and shows the answer.
 */
import type { FastifyReply } from "fastify";
import { Type } from "typebox";
import { Value } from "typebox/value";
import { Invitation } from "../auth/accounts-routes.ts";
import {
  inviteAccount,
  listAccounts,
  rolesToGive,
  sendPasswordLink,
  setAccountDisabled,
} from "../auth/accounts-service.ts";
import { type Principal, requireUser } from "../auth/principal.ts";
import { zaloStatus } from "../channels/zalo/zalo-service.ts";
import type { App } from "../http/types.ts";
import { createBranch, listBranches } from "../organisation/branch-service.ts";
import { createCommittee, listCommittees, mayAddTopCommittee } from "../organisation/committee-service.ts";
import { BranchCreateInput, CommitteeCreateInput } from "../organisation/organisation-schemas.ts";
import {
  ACCOUNT_NOTICES,
  type AccountsView,
  accountsPage,
  adminPaths,
  type InviteValues,
  TREE_NOTICES,
  type TreeView,
  treePage,
} from "./admin-pages.tsx";
import {
  BranchForm,
  type BranchFormValues,
  branchInputOf,
  branchRefusalErrors,
  branchShapeErrors,
  type FieldErrors,
  NEW_BRANCH_VALUES,
} from "./branch-form.tsx";
import { formRead, readForm } from "./forms.ts";
import { problemPage } from "./members-pages.tsx";
import { csrfOf, doneKey, fieldErrorsOf, html, orRefused, UUID_RE, writeForm } from "./page-kit.ts";

const Done = Type.Object({ xong: Type.Optional(Type.String({ maxLength: 20 })) });
const FormText = Type.Optional(Type.String({ maxLength: 300 }));
const CommitteeForm = Type.Object({ name: FormText, parentId: FormText });
const InviteForm = Type.Object({
  displayName: FormText,
  email: FormText,
  role: FormText,
  committeeId: FormText,
  branchId: FormText,
});
const LockForm = Type.Object({ disabled: Type.Optional(Type.Union([Type.Literal("0"), Type.Literal("1")])) });
const IdParams = Type.Object({ id: Type.String({ maxLength: 64 }) });

type TreeShown = Parameters<typeof treePage>[3];
type AccountsShown = Parameters<typeof accountsPage>[3];

const sentence = (r: string) => `${r.charAt(0).toUpperCase()}${r.slice(1)}${/[.!?]$/.test(r) ? "" : "."}`;

const INVITE_REASONS: Record<string, string> = {
  displayName: "Hãy nhập họ và tên (tối đa 200 ký tự).",
  email: "Không phải địa chỉ email (ví dụ: ten@example.vn).",
  role: "Hãy chọn vai trò.",
  committeeId: "Hãy chọn cấp ủy.",
  branchId: "Hãy chọn chi bộ.",
};

const COMMITTEE_REASONS: Record<string, string> = {
  name: "Hãy nhập tên cấp ủy (tối đa 200 ký tự).",
  parentId: "Hãy chọn cấp ủy trực thuộc.",
};

export async function adminPages(app: App) {
  const { deps } = app;
  const tags = ["web"];

  async function treeView(p: Principal): Promise<TreeView> {
    const committees = await listCommittees(deps, p);
    const branches = await listBranches(deps, p);
    const top = mayAddTopCommittee(p);
    // The channel's configuration is the administrator's business (the same person as "top" committees).
    return { committees, branches, top, zalo: top ? await zaloStatus(deps, p) : null };
  }

  async function accountsView(p: Principal): Promise<AccountsView> {
    const accounts = await listAccounts(deps, p);
    const { committees, branches } = await treeView(p);
    return { accounts, roles: rolesToGive(p), committees, branches };
  }

  /** A person with nothing to manage here (a secretary, a member): the page in the layout with 403. */
  async function refused(reply: FastifyReply, p: Principal, status = 403) {
    const message =
      status === 404 ? "Không tìm thấy tài khoản này." : "Trang này dành cho quản trị viên và cán bộ cấp ủy.";
    return html(reply, status).send(problemPage(p, await csrfOf(deps, p), status, message));
  }
  const managesSomething = (p: Principal) => rolesToGive(p).length > 0;

  /** The tree page, or the accounts page, with `status` and what it shows (a notice, a refused form): for a
   * person who manages something; anyone else gets the refusal. */
  async function treeAnswer(
    reply: FastifyReply,
    p: Principal,
    shown: Omit<TreeShown, "newBranch">,
    status = 200,
  ) {
    if (!managesSomething(p)) return refused(reply, p);
    const page = treePage(p, await csrfOf(deps, p), await treeView(p), {
      ...shown,
      newBranch: NEW_BRANCH_VALUES,
    });
    return html(reply, status).send(page);
  }
  async function accountsAnswer(reply: FastifyReply, p: Principal, shown: AccountsShown, status = 200) {
    if (!managesSomething(p)) return refused(reply, p);
    return html(reply, status).send(accountsPage(p, await csrfOf(deps, p), await accountsView(p), shown));
  }

  app.get(
    adminPaths.tree,
    {
      schema: {
        tags,
        summary: "Cấp ủy và chi bộ: sơ đồ, thêm cấp ủy, thêm chi bộ (HTML)",
        querystring: Done,
      },
    },
    async (request, reply) => {
      return treeAnswer(reply, requireUser(request), { done: doneKey(TREE_NOTICES, request.query.xong) });
    },
  );

  /** After a form of the tree page: on to its notice, or the page again with what was typed and the reasons. */
  async function afterTreeForm(
    reply: FastifyReply,
    p: Principal,
    answer: { to: string } | { errors: FieldErrors },
    again: (errors: FieldErrors) => Pick<TreeShown, "committee" | "branch">,
  ) {
    if ("to" in answer) return reply.redirect(answer.to, 303);
    return treeAnswer(reply, p, again(answer.errors), 400);
  }

  app.post(
    adminPaths.addCommittee,
    { schema: { tags, summary: "Thêm cấp ủy (HTML)", body: CommitteeForm } },
    async (request, reply) => {
      const p = requireUser(request);
      const values = request.body;
      // The API's schema read on the form (`readForm`), in the page's words.
      const read = readForm(
        CommitteeCreateInput,
        { name: (values.name ?? "").trim(), parentId: values.parentId?.trim() || null },
        { reasons: COMMITTEE_REASONS, reword: sentence },
      );
      const answer = await writeForm(
        read,
        async (input) => {
          await createCommittee(deps, p, input);
          return `${adminPaths.tree}?xong=cap-uy`;
        },
        { orOn: "parentId", reword: sentence },
      );
      return afterTreeForm(reply, p, answer, (errors) => ({ committee: { values, errors } }));
    },
  );

  app.post(
    adminPaths.addBranch,
    {
      schema: {
        tags,
        summary: "Thêm chi bộ với quy tắc họp, múi giờ, địa điểm, đường dẫn (HTML)",
        body: BranchForm,
      },
    },
    async (request, reply) => {
      const p = requireUser(request);
      const values = request.body as BranchFormValues;
      const input = branchInputOf(values, { withName: true }) as ReturnType<typeof branchInputOf> & {
        name: string;
      };
      const committeeId = values.committeeId?.trim() ?? "";
      const errors = branchShapeErrors(BranchCreateInput, input, values.dayKind);
      if (!UUID_RE.test(committeeId)) errors.committeeId = "Hãy chọn cấp ủy.";
      const answer = await writeForm(
        formRead(errors, { ...input, committeeId }),
        async (branch) => {
          await createBranch(deps, p, branch);
          return `${adminPaths.tree}?xong=chi-bo`;
        },
        { orOn: "committeeId", reword: sentence, reasons: (err) => branchRefusalErrors(err, values.dayKind) },
      );
      return afterTreeForm(reply, p, answer, (errors) => ({ branch: { values, errors } }));
    },
  );

  app.get(
    adminPaths.accounts,
    {
      schema: {
        tags,
        summary: "Tài khoản người dùng: tạo, gửi đường dẫn đặt mật khẩu, khóa (HTML)",
        querystring: Done,
      },
    },
    async (request, reply) => {
      return accountsAnswer(reply, requireUser(request), {
        done: doneKey(ACCOUNT_NOTICES, request.query.xong),
      });
    },
  );

  app.post(
    adminPaths.invite,
    { schema: { tags, summary: "Tạo tài khoản và gửi thư mời đặt mật khẩu (HTML)", body: InviteForm } },
    async (request, reply) => {
      const p = requireUser(request);
      const values: InviteValues = request.body;
      const opt = (s: string | undefined) => (s?.trim() ? s.trim() : undefined);
      const input = {
        displayName: (values.displayName ?? "").trim(),
        email: (values.email ?? "").trim(),
        role: (values.role ?? "") as Principal["role"],
        // Only the unit the role uses: the other select may still hold a choice.
        ...(values.role === "officer" && opt(values.committeeId)
          ? { committeeId: opt(values.committeeId) }
          : {}),
        ...(values.role === "secretary" && opt(values.branchId) ? { branchId: opt(values.branchId) } : {}),
      };
      const errors: FieldErrors = {};
      for (const e of Value.Errors(Invitation, input)) {
        const field = e.instancePath.split("/")[1] ?? "";
        if (field && !errors[field]) errors[field] = INVITE_REASONS[field] ?? "Giá trị không hợp lệ.";
      }
      if (!rolesToGive(p).includes(input.role)) errors.role ??= INVITE_REASONS.role;
      const answer = await writeForm(
        formRead(errors, input),
        async (invitation) => {
          const r = await inviteAccount(deps, p, invitation);
          return `${adminPaths.accounts}?xong=${r.mailed ? "moi" : "moi-chua-gui"}`;
        },
        {
          orOn: "role",
          reword: sentence,
          reasons: (err) => {
            const reasons = fieldErrorsOf(err, { reason: sentence });
            if (reasons.email === "Đã được dùng.") reasons.email = "Email này đã có tài khoản.";
            return reasons;
          },
        },
      );
      if ("to" in answer) return reply.redirect(answer.to, 303);
      return accountsAnswer(reply, p, { values, errors: answer.errors }, 400);
    },
  );

  /** An action on one account: its notice on success, the reason on the page otherwise. */
  async function onAccount(
    reply: FastifyReply,
    p: Principal,
    id: string,
    run: () => Promise<string>,
  ): Promise<unknown> {
    if (!UUID_RE.test(id)) return refused(reply, p, 404);
    return orRefused(
      async () => reply.redirect(`${adminPaths.accounts}?xong=${await run()}`, 303),
      async (err) => {
        if (err.status === 404 || err.status === 403) return refused(reply, p, err.status);
        return accountsAnswer(reply, p, { refused: err.message }, err.status);
      },
    );
  }

  app.post(
    "/to-chuc/tai-khoan/:id/gui-duong-dan",
    { schema: { tags, summary: "Gửi đường dẫn đặt mật khẩu cho một tài khoản (HTML)", params: IdParams } },
    async (request, reply) => {
      const p = requireUser(request);
      const { id } = request.params;
      return onAccount(reply, p, id, async () =>
        (await sendPasswordLink(deps, p, { id })).mailed ? "gui" : "chua-gui",
      );
    },
  );

  app.post(
    "/to-chuc/tai-khoan/:id/khoa",
    { schema: { tags, summary: "Khóa hoặc mở khóa một tài khoản (HTML)", params: IdParams, body: LockForm } },
    async (request, reply) => {
      const p = requireUser(request);
      const { id } = request.params;
      const disabled = request.body.disabled !== "0";
      return onAccount(reply, p, id, async () => {
        await setAccountDisabled(deps, p, { id, disabled });
        return disabled ? "khoa" : "mo-khoa";
      });
    },
  );
}
