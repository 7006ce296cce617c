/**
 * The organisation pages (issue 18), pure renderers: `/to-chuc` (the tree of committees and branches,
 * add a committee under a committee, add a branch with its meeting rule, zone, place and link) and
 * `/to-chuc/tai-khoan` (the accounts one manages: create with an invitation mail, send a set-password
 * link, lock and unlock). For admins and for officers within their committee.
 */

import type { ComponentChildren } from "preact";
import type { Principal } from "../auth/principal.ts";
import type { ZaloStatus } from "../channels/zalo/zalo-service.ts";
import { BranchFields, type BranchFormValues, type FieldErrors } from "./branch-form.tsx";
import { CsrfField, Field, Layout, Notice, PATHS, ROLE_NAMES, render } from "./layout.tsx";
import { ZaloStatusCard } from "./zalo-status.tsx";

export const adminPaths = {
  tree: "/to-chuc",
  addCommittee: "/to-chuc/cap-uy",
  addBranch: "/to-chuc/chi-bo",
  accounts: "/to-chuc/tai-khoan",
  invite: "/to-chuc/tai-khoan/moi",
  link: (id: string) => `/to-chuc/tai-khoan/${id}/gui-duong-dan`,
  lock: (id: string) => `/to-chuc/tai-khoan/${id}/khoa`,
};

export const TREE_NOTICES: Record<string, string> = {
  "cap-uy": "Đã thêm cấp ủy.",
  "chi-bo": "Đã thêm chi bộ. Bấm tên chi bộ để sửa quy tắc họp, địa điểm, đường dẫn.",
};

export const ACCOUNT_NOTICES: Record<string, string> = {
  moi: "Đã tạo tài khoản và gửi thư mời có đường dẫn đặt mật khẩu (dùng một lần, trong 7 ngày).",
  "moi-chua-gui":
    "Đã tạo tài khoản nhưng chưa gửi được thư mời (máy chủ thư không trả lời). Hãy bấm “Gửi đường dẫn đặt mật khẩu” sau ít phút.",
  gui: "Đã gửi đường dẫn đặt mật khẩu mới; đường dẫn cũ (nếu có) không dùng được nữa.",
  "chua-gui": "Chưa gửi được thư (máy chủ thư không trả lời). Hãy thử lại sau ít phút.",
  khoa: "Đã khóa tài khoản: người này bị đăng xuất ở mọi máy và không đăng nhập được nữa.",
  "mo-khoa": "Đã mở khóa tài khoản. Nếu người này quên mật khẩu, hãy gửi đường dẫn đặt mật khẩu.",
};

export interface CommitteeItem {
  id: string;
  name: string;
  parentId: string | null;
}
export interface BranchItem {
  id: string;
  name: string;
  committeeId: string;
  ruleText: string;
  place: string | null;
  onlineUrl: string | null;
  timezone: string;
}

export interface TreeView {
  committees: CommitteeItem[];
  branches: BranchItem[];
  /** Whether a committee with no parent may be created (admins). */
  top: boolean;
  /** The Zalo channel's state, for the administrator only. */
  zalo?: ZaloStatus | null;
}

/** Committees in tree order, each with its depth under the caller's top committees. */
function treeOrder(committees: CommitteeItem[]): { c: CommitteeItem; depth: number }[] {
  const ids = new Set(committees.map((c) => c.id));
  const children = (parent: string | null) =>
    committees
      .filter((c) => (parent === null ? c.parentId === null || !ids.has(c.parentId) : c.parentId === parent))
      .sort((a, b) => a.name.localeCompare(b.name, "vi"));
  const out: { c: CommitteeItem; depth: number }[] = [];
  const walk = (parent: string | null, depth: number) => {
    for (const c of children(parent)) {
      out.push({ c, depth });
      walk(c.id, depth + 1);
    }
  };
  walk(null, 0);
  return out;
}

function CommitteeNode(props: { c: CommitteeItem; view: TreeView }) {
  const { c, view } = props;
  const subs = view.committees
    .filter((x) => x.parentId === c.id)
    .sort((a, b) => a.name.localeCompare(b.name, "vi"));
  const branches = view.branches
    .filter((b) => b.committeeId === c.id)
    .sort((a, b) => a.name.localeCompare(b.name, "vi"));
  return (
    <li>
      <a href={PATHS.committee(c.id)}>
        <strong>{c.name}</strong>
      </a>
      {(subs.length > 0 || branches.length > 0) && (
        <ul>
          {subs.map((s) => (
            <CommitteeNode c={s} view={view} />
          ))}
          {branches.map((b) => (
            <li class="branch">
              <a href={PATHS.branchSettings(b.id)}>{b.name}</a>
              <br />
              <span class="muted">
                {b.ruleText}
                {b.place ? ` · ${b.place}` : ""}
                {b.onlineUrl ? " · có họp trực tuyến" : ""}
                {b.timezone !== "Asia/Ho_Chi_Minh" ? ` · múi giờ ${b.timezone}` : ""}
              </span>
            </li>
          ))}
        </ul>
      )}
    </li>
  );
}

const committeeOptions = (view: TreeView) =>
  treeOrder(view.committees).map(({ c, depth }) => ({
    value: c.id,
    label: `${"— ".repeat(depth)}${c.name}`,
  }));

export function treePage(
  p: Principal,
  csrf: string,
  view: TreeView,
  o: {
    done?: string;
    committee?: { values: { name?: string; parentId?: string }; errors: FieldErrors };
    branch?: { values: BranchFormValues; errors: FieldErrors };
    newBranch: BranchFormValues;
  },
): string {
  const ids = new Set(view.committees.map((c) => c.id));
  const roots = view.committees.filter((c) => c.parentId === null || !ids.has(c.parentId));
  const committee = { v: o.committee?.values ?? {}, e: o.committee?.errors };
  const branch = { v: o.branch?.values ?? {}, e: o.branch?.errors };
  return render(
    <Layout title="Tổ chức" principal={p} csrf={csrf}>
      <h1>Cấp ủy và chi bộ</h1>
      <p>
        <a href={adminPaths.accounts}>Tài khoản người dùng (cán bộ cấp ủy, bí thư chi bộ) →</a>
      </p>
      {o.done && TREE_NOTICES[o.done] && <Notice kind="ok">{TREE_NOTICES[o.done]}</Notice>}
      <section class="card" aria-labelledby="tree-title">
        <h2 id="tree-title" style="margin-top:0">
          Sơ đồ tổ chức
        </h2>
        {roots.length === 0 ? (
          <p>Chưa có cấp ủy nào. Hãy thêm cấp ủy cấp cao nhất ở dưới.</p>
        ) : (
          <ul class="tree">
            {roots
              .sort((a, b) => a.name.localeCompare(b.name, "vi"))
              .map((c) => (
                <CommitteeNode c={c} view={view} />
              ))}
          </ul>
        )}
      </section>
      {view.zalo && <ZaloStatusCard status={view.zalo} />}
      <FormCard
        id="them-cap-uy"
        titleId="add-committee-title"
        title="Thêm cấp ủy"
        refused={o.committee ? "Chưa thêm được cấp ủy" : null}
        action={adminPaths.addCommittee}
        csrf={csrf}
      >
        <Field
          name="name"
          form={committee}
          id="c-name"
          label="Tên cấp ủy"
          hint="Ví dụ: Đảng ủy xã Phương Độ"
          required
          maxLength={200}
        />
        <Field
          name="parentId"
          form={committee}
          id="c-parent"
          label="Trực thuộc"
          type="select"
          options={[
            ...(view.top ? [{ value: "", label: "Cấp cao nhất (không trực thuộc)" }] : []),
            ...committeeOptions(view),
          ]}
        />
        <button type="submit">Thêm cấp ủy</button>
      </FormCard>
      {view.committees.length > 0 && (
        <FormCard
          id="them-chi-bo"
          titleId="add-branch-title"
          title="Thêm chi bộ"
          refused={o.branch ? "Chưa thêm được chi bộ" : null}
          action={adminPaths.addBranch}
          csrf={csrf}
        >
          <Field
            name="committeeId"
            form={branch}
            label="Thuộc cấp ủy"
            type="select"
            options={committeeOptions(view)}
          />
          <BranchFields values={o.branch?.values ?? o.newBranch} errors={o.branch?.errors ?? {}} name zone />
          <button type="submit">Thêm chi bộ</button>
        </FormCard>
      )}
    </Layout>,
  );
}

export interface AccountItem {
  id: string;
  email: string;
  displayName: string;
  role: Principal["role"];
  disabled: boolean;
  unitName: string | null;
}

export interface AccountsView {
  accounts: AccountItem[];
  roles: Principal["role"][];
  committees: CommitteeItem[];
  branches: BranchItem[];
}

export type InviteValues = Partial<
  Record<"displayName" | "email" | "role" | "committeeId" | "branchId", string>
>;

export function accountsPage(
  p: Principal,
  csrf: string,
  view: AccountsView,
  o: { done?: string; refused?: string; values?: InviteValues; errors?: FieldErrors },
): string {
  const e = o.errors ?? {};
  // A new invitation is for a secretary unless another role is chosen.
  const form = { v: { role: "secretary", ...o.values }, e };
  const treeView = { committees: view.committees, branches: view.branches, top: false };
  return render(
    <Layout title="Tài khoản người dùng" principal={p} csrf={csrf}>
      <h1>Tài khoản người dùng</h1>
      <p>
        <a href={adminPaths.tree}>← Cấp ủy và chi bộ</a>
      </p>
      {o.done && ACCOUNT_NOTICES[o.done] && <Notice kind="ok">{ACCOUNT_NOTICES[o.done]}</Notice>}
      {o.refused && <Notice kind="error">{o.refused}</Notice>}
      {view.roles.length > 0 && (
        <FormCard
          id="tao-tai-khoan"
          titleId="invite-title"
          title="Tạo tài khoản"
          intro="chibo gửi thư mời tới email này, có đường dẫn để người dùng tự đặt mật khẩu. Tài khoản đảng viên do bí thư chi bộ cấp ở trang Đảng viên."
          refused={Object.keys(e).length > 0 ? "Chưa tạo được tài khoản" : null}
          action={adminPaths.invite}
          csrf={csrf}
        >
          <Field name="displayName" form={form} label="Họ và tên" required maxLength={200} />
          <Field name="email" form={form} label="Email" type="email" required maxLength={254} />
          <Field
            name="role"
            label="Vai trò"
            type="select"
            form={form}
            options={view.roles.map((r) => ({ value: r, label: ROLE_NAMES[r] }))}
          />
          <Field
            name="committeeId"
            form={form}
            label="Cấp ủy (với cán bộ cấp ủy)"
            type="select"
            options={[{ value: "", label: "—" }, ...committeeOptions(treeView)]}
          />
          <Field
            name="branchId"
            form={form}
            label="Chi bộ (với bí thư chi bộ)"
            type="select"
            options={[
              { value: "", label: "—" },
              ...[...view.branches]
                .sort((a, b) => a.name.localeCompare(b.name, "vi"))
                .map((b) => ({ value: b.id, label: b.name })),
            ]}
          />
          <button type="submit">Tạo tài khoản và gửi thư mời</button>
        </FormCard>
      )}
      <section aria-labelledby="list-title">
        <h2 id="list-title">Các tài khoản ({view.accounts.length})</h2>
        <ul class="accounts">
          {view.accounts.map((a) => (
            <li>
              <strong>{a.displayName}</strong> · {a.email}
              <br />
              <span class="muted">
                {ROLE_NAMES[a.role]}
                {a.unitName ? ` · ${a.unitName}` : ""}
              </span>
              {a.disabled && <span class="locked"> · Đã khóa</span>}
              {a.id !== p.userId && (
                <div>
                  {!a.disabled && (
                    <form method="post" action={adminPaths.link(a.id)}>
                      <CsrfField token={csrf} />
                      <button
                        type="submit"
                        class="secondary"
                        aria-label={`Gửi đường dẫn đặt mật khẩu cho ${a.email}`}
                      >
                        Gửi đường dẫn đặt mật khẩu
                      </button>
                    </form>
                  )}
                  <form method="post" action={adminPaths.lock(a.id)}>
                    <CsrfField token={csrf} />
                    <input type="hidden" name="disabled" value={a.disabled ? "0" : "1"} />
                    <button
                      type="submit"
                      class="secondary"
                      aria-label={`${a.disabled ? "Mở khóa" : "Khóa"} tài khoản ${a.email}`}
                    >
                      {a.disabled ? "Mở khóa" : "Khóa tài khoản"}
                    </button>
                  </form>
                </div>
              )}
            </li>
          ))}
        </ul>
      </section>
    </Layout>,
  );
}

/** A card with one form: its title, the notice that a refused form was refused (`refused`), and the form. */
function FormCard(props: {
  id: string;
  titleId: string;
  title: string;
  intro?: string;
  refused: string | null;
  action: string;
  csrf: string;
  children: ComponentChildren;
}) {
  return (
    <section class="card" aria-labelledby={props.titleId} id={props.id}>
      <h2 id={props.titleId} style="margin-top:0">
        {props.title}
      </h2>
      {props.intro && <p class="muted">{props.intro}</p>}
      {props.refused && <Notice kind="error">{props.refused}: xem lý do ở ô được đánh dấu.</Notice>}
      <form method="post" action={props.action} novalidate>
        <CsrfField token={props.csrf} />
        {props.children}
      </form>
    </section>
  );
}
