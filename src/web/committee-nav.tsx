/**
 * What the committee's pages share: the sub-navigation between them and the page for a refusal.
 */
import type { Principal } from "../auth/principal.ts";
import { Layout, PATHS, render } from "./layout.tsx";

export function CommitteeNav(props: { id: string; month: string; current: string }) {
  const links = [
    { key: "grid", href: PATHS.committee(props.id), label: "Các chi bộ" },
    { key: "campaigns", href: PATHS.campaigns(props.id), label: "Đợt học tập" },
    { key: "holidays", href: PATHS.holidays(props.id), label: "Ngày nghỉ" },
    { key: "sheet", href: PATHS.topicSheet(props.id, props.month), label: "Bản tin tháng" },
    { key: "reports", href: PATHS.reports(props.id), label: "Báo cáo" },
    { key: "ratings", href: `${PATHS.committee(props.id)}/xep-loai`, label: "Xếp loại" },
  ];
  return (
    <nav class="subnav no-print" aria-label="Trang của cấp ủy">
      {links.map((l) => (
        <a href={l.href} aria-current={l.key === props.current ? "page" : undefined}>
          {l.label}
        </a>
      ))}
    </nav>
  );
}

/** A committee page that is not there for this person (out of reach, or no such thing). */
export function refusedPage(p: Principal, csrf: string, status: number, message: string): string {
  return render(
    <Layout title={status === 403 ? "Không có quyền" : "Không tìm thấy"} principal={p} csrf={csrf}>
      <h1>{status === 403 ? "Không có quyền xem trang này" : "Không tìm thấy trang"}</h1>
      <p>{message}</p>
      <p>
        <a href={PATHS.home}>Về trang chủ</a>
      </p>
    </Layout>,
  );
}
