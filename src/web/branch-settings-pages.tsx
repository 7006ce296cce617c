/** The branch's settings page `/chi-bo/:id/cai-dat` (issue 18): its secretary sets how and where it meets;
 * the committee above (and admins) also its name and zone. A pure renderer. */
import type { Principal } from "../auth/principal.ts";
import { BranchFields, type BranchFormValues, type FieldErrors } from "./branch-form.tsx";
import { CsrfField, Layout, Notice, PATHS, render } from "./layout.tsx";

export function branchSettingsPage(
  p: Principal,
  csrf: string,
  o: {
    branch: { id: string; name: string; ruleText: string };
    full: boolean;
    values: BranchFormValues;
    errors?: FieldErrors;
    done?: boolean;
  },
): string {
  const e = o.errors ?? {};
  return render(
    <Layout title={`Cài đặt ${o.branch.name}`} principal={p} csrf={csrf}>
      <h1>Cài đặt {o.branch.name}</h1>
      {o.done && <Notice kind="ok">Đã lưu cài đặt của chi bộ.</Notice>}
      {Object.keys(e).length > 0 && <Notice kind="error">Chưa lưu được: xem lý do ở ô được đánh dấu.</Notice>}
      <p class="muted">Hiện nay: {o.branch.ruleText}.</p>
      <form method="post" action={PATHS.branchSettings(o.branch.id)} class="card" novalidate>
        <CsrfField token={csrf} />
        <BranchFields values={o.values} errors={e} name={o.full} zone={o.full} />
        <button type="submit">Lưu cài đặt</button>
      </form>
      <p>
        <a href={o.full ? PATHS.organisation : PATHS.home}>← {o.full ? "Cấp ủy và chi bộ" : "Trang chủ"}</a>
      </p>
    </Layout>,
  );
}
