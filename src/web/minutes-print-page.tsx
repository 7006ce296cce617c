import type { Principal } from "../auth/principal.ts";
import { pagesText, partHeading } from "../domain/meeting-text.ts";
import { formatDateWithWeekday, formatMonth, formatTime } from "../domain/vi-format.ts";
import type { MeetingRecord } from "../plan/meeting-view.ts";
import { Layout, PATHS, render } from "./layout.tsx";
import { titleOf } from "./meeting-form-kit.tsx";
import type { AttendanceSheet } from "./meeting-page-service.ts";

const EMPTY_LINES = 8;

/** The minutes form to print on A4, fill by hand, sign, scan and upload. */
export function minutesPrintPage(o: {
  p: Principal;
  record: MeetingRecord;
  attendance: AttendanceSheet;
  csrf: string;
}): string {
  const r = o.record;
  const v = r.view;
  const t = v.topic;
  const people = [...o.attendance.members, ...o.attendance.invited.map((m) => ({ ...m, reason: null }))];
  const blankRows = Math.max(2, 4 - o.attendance.guestList.length);
  return render(
    <Layout title={`Mẫu biên bản – ${titleOf(r)}`} principal={o.p} csrf={o.csrf}>
      <article class="print-sheet">
        <p class="no-print">
          <a href={PATHS.meeting(v.id)}>← Về trang buổi sinh hoạt</a> · Dùng lệnh In của trình duyệt (khổ A4).
        </p>
        <header class="sheet-head">
          <p>
            <strong>{v.branchName.toUpperCase()}</strong>
          </p>
          <p>
            <strong>ĐẢNG CỘNG SẢN VIỆT NAM</strong>
          </p>
        </header>
        <h1 class="sheet-title">BIÊN BẢN SINH HOẠT CHI BỘ {formatMonth(v.month).toUpperCase()}</h1>
        <p>
          Thời gian: {formatTime(v.start, v.timezone)}, {formatDateWithWeekday(r.date)}
        </p>
        <p>Địa điểm: {v.place ?? "…………………………………………"}</p>
        {t && (
          <p>
            Chuyên đề: <strong>{t.title}</strong> ({partHeading(t)}
            {pagesText(t) ? `, ${pagesText(t)}` : ""})
          </p>
        )}
        {v.peak && <p>{v.peak.text.charAt(0).toUpperCase() + v.peak.text.slice(1)}</p>}
        <p>Chủ trì: ……………………………… Thư ký: ………………………………</p>
        <h2>Danh sách dự họp</h2>
        <table class="sheet-table">
          <thead>
            <tr>
              <th scope="col">TT</th>
              <th scope="col">Họ và tên</th>
              <th scope="col">Có mặt</th>
              <th scope="col">Vắng (lý do)</th>
              <th scope="col">Ký tên</th>
            </tr>
          </thead>
          <tbody>
            {people.map((m, i) => (
              <tr key={m.memberId}>
                <td>{i + 1}</td>
                <td>{m.fullName}</td>
                <td />
                <td />
                <td />
              </tr>
            ))}
            {o.attendance.guestList.map((g, i) => (
              <tr key={g.name}>
                <td>{people.length + i + 1}</td>
                <td>{g.name} (khách mời)</td>
                <td />
                <td />
                <td />
              </tr>
            ))}
            {Array.from({ length: blankRows }, (_, i) => (
              <tr key={`blank-${i}`}>
                <td>{people.length + o.attendance.guestList.length + i + 1}</td>
                <td />
                <td />
                <td />
                <td />
              </tr>
            ))}
          </tbody>
        </table>
        <p>
          Tổng số đảng viên: {o.attendance.counts.expected}; có mặt: ……; vắng có lý do: ……; vắng không lý do:
          ……
        </p>
        {["Giới thiệu chuyên đề", "Ý kiến thảo luận", "Kết luận", "Nhiệm vụ"].map((h) => (
          <section key={h} class="fill">
            <h2>{h}</h2>
            {Array.from({ length: h === "Ý kiến thảo luận" ? EMPTY_LINES + 4 : EMPTY_LINES / 2 }, (_, i) => (
              <p class="line" key={i} aria-hidden="true" />
            ))}
          </section>
        ))}
        <p>Buổi sinh hoạt kết thúc lúc ……… giờ ……… cùng ngày.</p>
        <div class="signatures">
          <div>
            <strong>THƯ KÝ</strong>
            <p class="muted">(ký, ghi rõ họ tên)</p>
          </div>
          <div>
            <strong>T/M CHI BỘ</strong>
            <br />
            <strong>CHỦ TRÌ</strong>
            <p class="muted">(ký, ghi rõ họ tên)</p>
          </div>
        </div>
      </article>
    </Layout>,
  );
}
