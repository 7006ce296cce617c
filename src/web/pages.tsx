/** The pages themselves: pure functions from what the services answered to HTML. */
import type { Principal } from "../auth/principal.ts";
import type { Home } from "../plan/home-service.ts";
import { CommitteeGridSection } from "./committee-grid-page.tsx";
import { Layout, LoginForm, PATHS, ROLE_NAMES, render } from "./layout.tsx";
import { NextMeeting, YearPlan } from "./meeting-card.tsx";
import { ThematicQuarters } from "./quarter-marks.tsx";

export function loginPage(o: { email?: string; error?: string; next?: string }): string {
  return render(
    <Layout title="Đăng nhập" principal={null}>
      <h1>Đăng nhập chibo</h1>
      <p class="muted">Lịch sinh hoạt chi bộ: chuyên đề hằng tháng, lịch trên điện thoại, biên bản.</p>
      <LoginForm email={o.email} error={o.error}>
        {o.next && <input type="hidden" name="next" value={o.next} />}
      </LoginForm>
    </Layout>,
  );
}

export function homePage(p: Principal, home: Home, now: Date, csrf: string): string {
  return render(
    <Layout title="Trang chủ" principal={p} csrf={csrf}>
      <h1>Chào đồng chí {p.displayName}</h1>
      <p class="muted">{ROLE_NAMES[p.role]}</p>
      {home.kind === "branch" && (
        <>
          {home.next ? (
            <NextMeeting record={home.next} now={now} />
          ) : (
            <p class="card">Chưa có buổi sinh hoạt nào sắp tới.</p>
          )}
          <p>
            <a class="button secondary" href="/lich-cua-toi">
              Đưa lịch sinh hoạt vào điện thoại
            </a>
          </p>
          {home.quarters && <ThematicQuarters marks={home.quarters} />}
          <YearPlan records={home.plan} />
        </>
      )}
      {home.kind === "committee" && (
        <>
          <CommitteeGridSection grid={home.grid} />
          <p>
            <a href={PATHS.campaigns(home.grid.committee.id)}>Đợt học tập, chủ đề từng tháng</a>
            {" · "}
            <a href={PATHS.holidays(home.grid.committee.id)}>Ngày nghỉ</a>
          </p>
        </>
      )}
      {home.kind === "admin" && (
        <section aria-labelledby="admin-title">
          <h2 id="admin-title">Các cấp ủy</h2>
          <ul>
            {home.committees.map((c) => (
              <li key={c.id}>
                <a href={PATHS.committee(c.id)}>{c.name}</a>
              </li>
            ))}
          </ul>
          <p>
            <a class="button" href={PATHS.organisation}>
              Cấp ủy và chi bộ
            </a>{" "}
            <a class="button secondary" href={`${PATHS.organisation}/tai-khoan`}>
              Tài khoản người dùng
            </a>{" "}
            <a class="button secondary" href="/quan-tri/sao-luu">
              Sao lưu dữ liệu
            </a>
          </p>
        </section>
      )}
      {home.kind === "none" && <p class="card">Tài khoản chưa gắn với chi bộ hay cấp ủy nào.</p>}
    </Layout>,
  );
}
