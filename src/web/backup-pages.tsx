/** The admins' backups page: the schedule, the last backup (time, size, success) and the recent runs. */
import type { Principal } from "../auth/principal.ts";
import type { BackupRun, BackupStatus } from "../backup/backup-service.ts";
import { HOME_ZONE } from "../domain/civil-date.ts";
import { formatInstant } from "../domain/vi-format.ts";
import { Layout, Notice, PATHS, render } from "./layout.tsx";

export const BACKUP_PATH = "/quan-tri/sao-luu";

const size = (bytes: number | null) =>
  bytes === null ? "—" : `${(bytes / 1_048_576).toLocaleString("vi-VN", { maximumFractionDigits: 1 })} MB`;
const outcome = (r: BackupRun) =>
  r.ok === true ? "Thành công" : r.ok === false ? "Không thành công" : "Đang chạy";

export function backupPage(p: Principal, csrf: string, s: BackupStatus): string {
  const last = s.runs[0];
  return render(
    <Layout title="Sao lưu dữ liệu" principal={p} csrf={csrf}>
      <h1>Sao lưu dữ liệu</h1>
      <p>
        {s.everyHours > 0
          ? `Tự động sao lưu mỗi ${s.everyHours} giờ vào ${s.dir}, giữ ${s.keep} bản mới nhất.`
          : "Không sao lưu tự động (BACKUP_EVERY_HOURS=0): hãy sao lưu bằng công cụ của PostgreSQL (xem README)."}
      </p>
      <section class="card" aria-labelledby="last-title">
        <h2 id="last-title" style="margin-top:0">
          Lần sao lưu gần nhất
        </h2>
        {!last && <p>Chưa có bản sao lưu theo lịch nào.</p>}
        {last?.ok === false && (
          <Notice kind="error">
            Sao lưu lúc {formatInstant(last.startedAt, HOME_ZONE)} không thành công:{" "}
            {last.error ?? "không rõ lý do"}
          </Notice>
        )}
        {last && last.ok !== false && (
          <p>
            {formatInstant(last.startedAt, HOME_ZONE)} · {outcome(last)} · {size(last.sizeBytes)}
            {last.file ? ` · ${last.file}` : ""}
          </p>
        )}
        {last?.ok === false && s.lastOk && (
          <p>
            Bản thành công gần nhất: {formatInstant(s.lastOk.startedAt, HOME_ZONE)} ·{" "}
            {size(s.lastOk.sizeBytes)} · {s.lastOk.file}
          </p>
        )}
      </section>
      {s.runs.length > 0 && (
        <table>
          <caption>Các lần sao lưu gần đây</caption>
          <thead>
            <tr>
              <th scope="col">Bắt đầu</th>
              <th scope="col">Kết quả</th>
              <th scope="col">Dung lượng</th>
              <th scope="col">Thời gian</th>
              <th scope="col">Tệp</th>
            </tr>
          </thead>
          <tbody>
            {s.runs.map((r) => (
              <tr key={r.id}>
                <td>{formatInstant(r.startedAt, HOME_ZONE)}</td>
                <td>{r.ok === false ? `${outcome(r)}: ${r.error ?? ""}` : outcome(r)}</td>
                <td>{size(r.sizeBytes)}</td>
                <td>{r.tookMs === null ? "—" : `${(r.tookMs / 1000).toLocaleString("vi-VN")} giây`}</td>
                <td>{r.file ?? "—"}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <p>
        Sao lưu tay: <code>npm run cli -- backup --out tệp.backup.gz</code>; khôi phục:{" "}
        <code>npm run cli -- restore tệp.backup.gz</code> (khi dịch vụ đã dừng).
      </p>
      <p>
        <a href={PATHS.home}>Về trang chủ</a>
      </p>
    </Layout>,
  );
}
