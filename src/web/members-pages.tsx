/** The members pages of a branch (its secretary's roll): pure functions from the services' answers to HTML. */

import type { Principal } from "../auth/principal.ts";
import { formatDate, formatDateWithWeekday } from "../domain/vi-format.ts";
import { displayPhone } from "../domain/vn-phone.ts";
import { type Field as CsvField, FIELD_LABEL } from "../organisation/member-csv-values.ts";
import type { MemberRow, MembersView } from "../organisation/members-page-service.ts";
import { CsrfField, Field, Layout, Notice, PATHS, render } from "./layout.tsx";
import { StandingSection, type StandingState, standingTags } from "./member-standing.tsx";

export const MEMBER_ROLE_NAMES: Record<MemberRow["role"], string> = {
  secretary: "Bí thư",
  deputy_secretary: "Phó Bí thư",
  committee_member: "Chi ủy viên",
  member: "Đảng viên",
  guest: "Khách mời",
};
export const MEMBER_STATUS_NAMES: Record<MemberRow["status"], string> = {
  full: "Chính thức",
  probationary: "Dự bị",
};

const ROLE_OPTIONS = Object.entries(MEMBER_ROLE_NAMES).map(([value, label]) => ({ value, label }));
const STATUS_OPTIONS = Object.entries(MEMBER_STATUS_NAMES).map(([value, label]) => ({ value, label }));

/** What the member form holds: as typed (strings), so that a refused form shows it again. */
export interface MemberFormValues {
  fullName?: string;
  email?: string;
  phone?: string;
  role?: string;
  status?: string;
  joinedOn?: string;
}
/** Errors by field name of the form ("fullName", "email", …, "leftOn", "file"). */
export type FieldErrors = Partial<Record<string, string>>;

/** What just happened, after a redirect (post/redirect/get): `?xong=<key>`. */
export const DONE_NOTICES: Record<string, string> = {
  them: "Đã thêm đảng viên vào danh sách.",
  sua: "Đã lưu thông tin đảng viên.",
  "chuyen-di": "Đã ghi nhận đảng viên chuyển đi.",
  nhap: "Đã nhập danh sách từ tệp.",
  "mien-sinh-hoat": "Đã ghi quyết định miễn sinh hoạt.",
  "tam-thoi": "Đã ghi sinh hoạt tạm thời.",
  "ket-thuc": "Đã ghi ngày kết thúc.",
};

export interface CsvRefusal {
  line: number;
  field: string | null;
  reason: string;
}

export const membersPaths = {
  list: PATHS.members,
  add: (b: string) => `${PATHS.members(b)}/them`,
  import: (b: string) => `${PATHS.members(b)}/nhap`,
  member: (b: string, m: string) => `${PATHS.members(b)}/${m}`,
  leave: (b: string, m: string) => `${PATHS.members(b)}/${m}/chuyen-di`,
};

function MemberFields(props: { values: MemberFormValues; errors: FieldErrors }) {
  // A new member is a full member with no office unless chosen otherwise.
  const form = { v: { role: "member", status: "full", ...props.values }, e: props.errors };
  return (
    <>
      <Field name="fullName" form={form} label="Họ và tên" required maxLength={200} autocomplete="off" />
      <Field name="email" form={form} label="Email" type="email" autocomplete="off" />
      <Field
        name="phone"
        form={form}
        label="Số điện thoại"
        type="tel"
        hint="Ví dụ: 0912 345 678"
        autocomplete="off"
      />
      <Field name="role" label="Chức vụ" type="select" options={ROLE_OPTIONS} form={form} />
      <Field name="status" label="Loại đảng viên" type="select" options={STATUS_OPTIONS} form={form} />
      <Field name="joinedOn" form={form} label="Ngày vào Đảng" type="date" />
    </>
  );
}

function contactOf(m: MemberRow): string {
  return [m.email, m.phone && displayPhone(m.phone)].filter(Boolean).join(" · ");
}

export function membersPage(
  p: Principal,
  csrf: string,
  view: MembersView,
  o: {
    done?: string;
    values?: MemberFormValues;
    errors?: FieldErrors;
    importMessage?: string;
    importProblems?: CsvRefusal[];
  } = {},
): string {
  const b = view.branch;
  const refused = Boolean(o.importMessage);
  const formRefused = Object.keys(o.errors ?? {}).length > 0;
  return render(
    <Layout title={`Đảng viên – ${b.name}`} principal={p} csrf={csrf}>
      <h1>Đảng viên {b.name}</h1>
      {o.done && DONE_NOTICES[o.done] && <Notice kind="ok">{DONE_NOTICES[o.done]}</Notice>}
      {formRefused && <Notice kind="error">Chưa thêm được: xem lý do ở ô được đánh dấu bên dưới.</Notice>}
      {refused && (
        <section class="card refused" aria-labelledby="import-refused-title">
          <h2 id="import-refused-title">Chưa nhập người nào từ tệp</h2>
          <p class="error" role="alert">
            {o.importMessage}
          </p>
          {(o.importProblems?.length ?? 0) > 0 && (
            <>
              <p>Sửa các dòng sau trong Excel, lưu lại rồi tải lên lại cả tệp:</p>
              <ul class="problems">
                {o.importProblems!.map((x) => (
                  <li>
                    <strong>Dòng {x.line}</strong>
                    {x.field && FIELD_LABEL[x.field as CsvField]
                      ? ` (${FIELD_LABEL[x.field as CsvField]})`
                      : ""}
                    : {x.reason}
                  </li>
                ))}
              </ul>
            </>
          )}
        </section>
      )}

      <section aria-labelledby="roll-title">
        <h2 id="roll-title">Danh sách ({view.active.length} đồng chí)</h2>
        <p class="muted">Xếp theo tên, rồi họ và tên đệm (như sổ đảng viên).</p>
        {view.active.length === 0 ? (
          <p class="card">Chưa có đảng viên nào. Thêm từng người hoặc nhập từ tệp ở dưới.</p>
        ) : (
          <ol class="roll">
            {view.active.map((m) => (
              <li>
                <a href={membersPaths.member(b.id, m.id)}>{m.fullName}</a>
                <span class="muted">
                  {" "}
                  · {MEMBER_ROLE_NAMES[m.role]}
                  {m.role !== "guest" && m.status === "probationary" ? " (dự bị)" : ""}
                  {standingTags(m.id, view.standing)}
                </span>
                {contactOf(m) && <span class="contact muted">{contactOf(m)}</span>}
              </li>
            ))}
          </ol>
        )}
        {view.left.length > 0 && (
          <details>
            <summary>Đã chuyển đi ({view.left.length})</summary>
            <ul class="roll">
              {view.left.map((m) => (
                <li>
                  <a href={membersPaths.member(b.id, m.id)}>{m.fullName}</a>
                  <span class="muted"> · chuyển đi {formatDate(m.leftOn!)}</span>
                </li>
              ))}
            </ul>
          </details>
        )}
      </section>

      <section class="card" aria-labelledby="add-title">
        <h2 id="add-title">Thêm đảng viên</h2>
        <form method="post" action={membersPaths.add(b.id)} novalidate>
          <CsrfField token={csrf} />
          <MemberFields values={o.values ?? {}} errors={o.errors ?? {}} />
          <button type="submit">Thêm vào danh sách</button>
        </form>
      </section>

      <section class="card" aria-labelledby="import-title">
        <h2 id="import-title">Nhập danh sách từ tệp CSV</h2>
        <p class="muted">
          Trong Excel chọn "Lưu thành" → "CSV UTF-8". Các cột: Họ và tên, Email, Điện thoại, Chức vụ, Loại
          đảng viên, Ngày vào Đảng (dd/MM/yyyy), Ngày chuyển đi. Có một dòng lỗi thì không nhập người nào.
        </p>
        <form method="post" action={membersPaths.import(b.id)} enctype="multipart/form-data">
          <CsrfField token={csrf} />
          <label for="f-file">Tệp CSV</label>
          <input id="f-file" name="file" type="file" accept=".csv,text/csv" required />
          <button type="submit">Nhập danh sách</button>
        </form>
      </section>
    </Layout>,
  );
}

export function memberPage(
  p: Principal,
  csrf: string,
  view: MembersView,
  m: MemberRow,
  o: {
    done?: string;
    values?: MemberFormValues;
    errors?: FieldErrors;
    leftOn?: string;
    standing?: StandingState;
  } = {},
): string {
  const b = view.branch;
  const e = o.errors ?? {};
  const values: MemberFormValues = o.values ?? {
    fullName: m.fullName,
    email: m.email ?? "",
    phone: m.phone ?? "",
    role: m.role,
    status: m.status,
    joinedOn: m.joinedOn ?? "",
  };
  const editErrors = Object.fromEntries(Object.entries(e).filter(([k]) => k !== "leftOn"));
  return render(
    <Layout title={`${m.fullName} – Đảng viên`} principal={p} csrf={csrf}>
      <p>
        <a href={membersPaths.list(b.id)}>← Danh sách đảng viên {b.name}</a>
      </p>
      <h1>{m.fullName}</h1>
      {o.done && DONE_NOTICES[o.done] && <Notice kind="ok">{DONE_NOTICES[o.done]}</Notice>}
      {Object.keys(e).length > 0 && <Notice kind="error">Chưa lưu được: xem lý do ở ô được đánh dấu.</Notice>}
      {m.leftOn && <p class="card">Đã chuyển đi từ {formatDateWithWeekday(m.leftOn)}.</p>}
      {!m.leftOn && (
        <p>
          <a href={`${membersPaths.member(b.id, m.id)}/tai-khoan`}>
            Tài khoản đăng nhập chibo của đồng chí này →
          </a>
        </p>
      )}
      <section class="card" aria-labelledby="edit-title">
        <h2 id="edit-title">Sửa thông tin</h2>
        <form method="post" action={membersPaths.member(b.id, m.id)} novalidate>
          <CsrfField token={csrf} />
          <MemberFields values={values} errors={editErrors} />
          <button type="submit">Lưu</button>
        </form>
      </section>
      {!m.leftOn && m.role !== "guest" && (
        <StandingSection
          branchId={b.id}
          memberId={m.id}
          csrf={csrf}
          today={view.today}
          exemptions={view.standing.exemptions.filter((x) => x.memberId === m.id)}
          temporaries={view.standing.temporaries.filter((x) => x.memberId === m.id)}
          state={o.standing}
        />
      )}
      {!m.leftOn && (
        <section class="card" aria-labelledby="leave-title">
          <h2 id="leave-title">Ghi nhận chuyển đi</h2>
          <p class="muted">
            Không xóa: biên bản và điểm danh cũ giữ nguyên. Từ ngày này đồng chí không còn trong danh sách,
            không nhận thư nhắc và lịch riêng ngừng hoạt động.
          </p>
          <form method="post" action={membersPaths.leave(b.id, m.id)} novalidate>
            <CsrfField token={csrf} />
            <Field
              name="leftOn"
              label="Ngày chuyển đi"
              type="date"
              value={o.leftOn ?? view.today}
              error={e.leftOn}
              required
            />
            <button type="submit">Ghi nhận chuyển đi</button>
          </form>
        </section>
      )}
    </Layout>,
  );
}

/** A refused or missing page, in the layout: "not found" for what is out of reach, "no right" otherwise. */
export function problemPage(p: Principal, csrf: string, status: number, message: string): string {
  return render(
    <Layout title={status === 404 ? "Không tìm thấy" : "Không có quyền"} principal={p} csrf={csrf}>
      <h1>{status === 404 ? "Không tìm thấy" : "Không có quyền"}</h1>
      <p class="card">{message}</p>
      <p>
        <a href={PATHS.home}>Về trang chủ</a>
      </p>
    </Layout>,
  );
}
