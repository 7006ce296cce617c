/**
 * The holidays of a year (`/cap-uy/:id/ngay-nghi`) and the admin's overrides.
 */
import type { Principal } from "../auth/principal.ts";
import { formatDate, formatDateWithWeekday } from "../domain/vi-format.ts";
import type { holidaysView } from "../plan/committee-pages-service.ts";
import { CommitteeNav } from "./committee-nav.tsx";
import { type FormState, shownForm } from "./forms.ts";
import { CsrfField, Field, Layout, Notice, PATHS, render } from "./layout.tsx";

type HolidaysView = Awaited<ReturnType<typeof holidaysView>>;

const KIND_NAMES: Record<string, string> = {
  fixed: "Dương lịch",
  lunar: "Âm lịch",
  adjacent: "Nghỉ liền kề",
  compensatory: "Nghỉ bù",
  custom: "Điều chỉnh",
};

export function holidaysPage(
  p: Principal,
  csrf: string,
  v: HolidaysView,
  o: { month: string; done?: string; state?: FormState },
): string {
  const id = v.committee.id;
  const shown = shownForm(o.state, "override", { date: "", action: "add", name: "" });
  return render(
    <Layout title={`Ngày nghỉ năm ${v.year} – ${v.committee.name}`} principal={p} csrf={csrf}>
      <CommitteeNav id={id} month={o.month} current="holidays" />
      <h1>Ngày nghỉ lễ, Tết năm {v.year}</h1>
      <p class="muted">
        Lịch sinh hoạt tránh các ngày này. Tết Nguyên đán và Giỗ Tổ Hùng Vương tính theo âm lịch Việt Nam.
      </p>
      {o.done && <Notice kind="ok">{o.done}</Notice>}
      {o.state?.message && <Notice kind="error">{o.state.message}</Notice>}
      <nav class="pager" aria-label="Chọn năm">
        <a href={`${PATHS.holidays(id)}?nam=${v.year - 1}`}>← Năm {v.year - 1}</a>
        <a href={`${PATHS.holidays(id)}?nam=${v.year + 1}`}>Năm {v.year + 1} →</a>
      </nav>
      <div class="table-wrap">
        <table>
          <caption class="muted">{v.holidays.length} ngày nghỉ</caption>
          <thead>
            <tr>
              <th scope="col">Ngày</th>
              <th scope="col">Tên</th>
              <th scope="col">Loại</th>
            </tr>
          </thead>
          <tbody>
            {v.holidays.map((h) => (
              <tr>
                <td>{formatDateWithWeekday(h.date)}</td>
                <td>{h.name}</td>
                <td>
                  {KIND_NAMES[h.kind] ?? h.kind}
                  {h.source === "edited" ? " · đã điều chỉnh" : ""}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {v.removed.length > 0 && (
        <>
          <h2>Ngày nghỉ mặc định đã bỏ</h2>
          <ul class="plain">
            {v.removed.map((h) => (
              <li>
                {formatDateWithWeekday(h.date)}: {h.name}
              </li>
            ))}
          </ul>
        </>
      )}
      <h2>Điều chỉnh</h2>
      {v.overrides.length === 0 ? (
        <p class="muted">Năm nay chưa có điều chỉnh.</p>
      ) : (
        <ul class="plain">
          {v.overrides.map((x) => (
            <li>
              {formatDateWithWeekday(x.date)}:{" "}
              {x.action === "add" ? `thêm ngày nghỉ ${x.name ?? ""}` : "bỏ ngày nghỉ"}
              {v.canEdit && (
                <form method="post" action={`${PATHS.holidays(id)}/${x.date}/xoa`} class="inline">
                  <CsrfField token={csrf} />
                  <button type="submit" class="secondary">
                    Bỏ điều chỉnh ngày {formatDate(x.date)}
                  </button>
                </form>
              )}
            </li>
          ))}
        </ul>
      )}
      {v.canEdit ? (
        <form method="post" action={PATHS.holidays(id)} class="card">
          <h3 style="margin-top:0">Thêm hoặc sửa điều chỉnh</h3>
          <CsrfField token={csrf} />
          <Field name="date" id="h-date" label="Ngày" type="date" required form={shown} />
          <Field
            name="action"
            id="h-action"
            label="Điều chỉnh"
            type="select"
            form={shown}
            options={[
              { value: "add", label: "Thêm ngày nghỉ (nghỉ bù, hoán đổi)" },
              { value: "remove", label: "Bỏ ngày nghỉ mặc định" },
            ]}
          />
          <Field
            name="name"
            id="h-name"
            label="Tên ngày nghỉ"
            hint="Khi thêm ngày nghỉ, ví dụ: Nghỉ bù Quốc khánh"
            form={shown}
            maxLength={300}
          />
          <button type="submit">Lưu điều chỉnh</button>
        </form>
      ) : (
        <p class="muted">Chỉ quản trị viên được sửa lịch nghỉ; cấp ủy xem để lập kế hoạch.</p>
      )}
    </Layout>,
  );
}

// ------------------------------------------------------------------------------------------ topic sheet
