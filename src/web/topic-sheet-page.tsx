/**
 * The month's printable topic sheet (`/cap-uy/:id/ban-tin/:month`).
 */
import type { Principal } from "../auth/principal.ts";
import { partHeading } from "../domain/meeting-text.ts";
import { formatDate, formatMonth } from "../domain/vi-format.ts";
import type { TopicSheet } from "../plan/committee-pages-service.ts";
import { CommitteeNav } from "./committee-nav.tsx";
import { Layout, PATHS, render } from "./layout.tsx";

function pagesOf(t: { pageStart: number | null; pageEnd: number | null }): string | null {
  if (t.pageStart === null) return null;
  return t.pageEnd !== null && t.pageEnd !== t.pageStart
    ? `trang ${t.pageStart}–${t.pageEnd}`
    : `trang ${t.pageStart}`;
}

function shiftMonth(month: string, by: number): string {
  const [y, m] = month.split("-").map(Number) as [number, number];
  const i = y * 12 + (m - 1) + by;
  return `${Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, "0")}`;
}

export function topicSheetPage(p: Principal, csrf: string, s: TopicSheet): string {
  const t = s.topic;
  const id = s.committee.id;
  return render(
    <Layout title={`Bản tin sinh hoạt chi bộ ${formatMonth(s.month)}`} principal={p} csrf={csrf}>
      <CommitteeNav id={id} month={s.month} current="sheet" />
      <div class="no-print sheet-tools">
        <a href={PATHS.topicSheet(id, shiftMonth(s.month, -1))}>← {formatMonth(shiftMonth(s.month, -1))}</a>
        <button type="button" data-print="">
          In bản tin
        </button>
        <a href={PATHS.topicSheet(id, shiftMonth(s.month, 1))}>{formatMonth(shiftMonth(s.month, 1))} →</a>
        <p class="hint">Bấm "In bản tin" (hoặc Ctrl+P trên máy tính), chọn khổ A4.</p>
      </div>
      <article class="sheet">
        <header class="sheet-head">
          <p class="sheet-org">{s.committee.name.toUpperCase()}</p>
          <h1>
            Bản tin sinh hoạt chi bộ
            <br />
            {formatMonth(s.month)}
          </h1>
        </header>
        {s.peaks.map((pk) => (
          <p class="peak">
            Tháng cao điểm: {pk.text}
            {pk.round ? " (năm chẵn)" : ""}. Buổi sinh hoạt từ {formatDate(pk.windowStart)} đến{" "}
            {formatDate(pk.date)} là buổi cao điểm.
          </p>
        ))}
        {!s.campaign ? (
          <p>Tháng này không thuộc đợt học tập nào của cấp ủy.</p>
        ) : !t ? (
          <p>Đợt "{s.campaign.title}" chưa có chủ đề cho tháng này.</p>
        ) : (
          <>
            <p class="muted">
              {s.campaign.title} · tác phẩm <em>{s.bookTitle}</em>
              {s.bookAuthor ? ` – ${s.bookAuthor}` : ""}
            </p>
            <h2>Chủ đề: {t.title}</h2>
            <p>
              <strong>{partHeading(t)}</strong>
              {pagesOf(t) ? ` · ${pagesOf(t)}` : ""}
            </p>
            {t.summary && (
              <>
                <h3>Nội dung chính</h3>
                {t.summary.split(/\n+/).map((para) => (
                  <p>{para}</p>
                ))}
              </>
            )}
            {t.prompts.length > 0 && (
              <>
                <h3>Gợi ý thảo luận</h3>
                <ol>
                  {t.prompts.map((q) => (
                    <li>{q}</li>
                  ))}
                </ol>
              </>
            )}
          </>
        )}
        <p class="sheet-foot muted">In ngày {formatDate(s.today)}</p>
      </article>
    </Layout>,
  );
}
