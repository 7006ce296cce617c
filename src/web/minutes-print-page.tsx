/**
 * The official minutes on A4 (issue 18, issue 20): the party header of the branch's committee, filled from
 * the submitted minutes (blank, to fill by hand, when none is submitted), at most two pages, the chair's
 * and the recorder's signatures. The text is `minutesSheet`'s, the same as the .docx.
 */
import type { MinutesSheet, SheetLine } from "../minutes/minutes-sheet.ts";
import { BackLink, documentHtml, PrintShell } from "./html.tsx";
import { PATHS } from "./layout.tsx";

// Times 12 pt with tight spacing: a month's minutes of a branch of a dozen members fit two A4 pages.
const CSS = `
  body { font-size: 12pt; line-height: 1.3; }
  .head { display: flex; justify-content: space-between; gap: 8mm; text-align: center; }
  .head > div { flex: 1 1 0; }
  .party { font-weight: bold; text-decoration: underline; }
  .date { font-style: italic; margin-top: 4pt; }
  h1 { font-size: 14pt; text-align: center; margin: 12pt 0 0; }
  .subtitle { text-align: center; font-weight: bold; margin: 0 0 8pt; }
  h2 { font-size: 12pt; margin: 6pt 0 2pt; }
  p { margin: 0 0 2pt; text-align: justify; }
  p.dots { color: #444; overflow: hidden; white-space: nowrap; }
  .sign { display: flex; justify-content: space-between; text-align: center; margin-top: 10pt; break-inside: avoid; }
  .sign > div { flex: 0 0 45%; }
  .sign .space { height: 18mm; }
  .muted { font-style: italic; font-size: 11pt; }`;

function Line(props: { line: SheetLine }) {
  const l = props.line;
  return (
    <p class={l.dots ? "dots" : undefined}>
      {l.label && <b>{l.label} </b>}
      {l.text}
    </p>
  );
}

export function minutesPrintPage(o: { meetingId: string; sheet: MinutesSheet; filled: boolean }): string {
  const s = o.sheet;
  return documentHtml(
    <PrintShell title={`Biên bản – ${s.subtitle} – ${s.issuer.branch}`} css={CSS}>
      <BackLink
        href={PATHS.meeting(o.meetingId)}
        label="Về trang buổi sinh hoạt"
        hint={
          o.filled
            ? "Biên bản theo bản đã nộp. Dùng lệnh In của trình duyệt (khổ A4)."
            : "Chưa nộp biên bản: mẫu để trống, in ra ghi tay. Dùng lệnh In của trình duyệt (khổ A4)."
        }
      />
      <div class="head">
        <div>
          {s.issuer.organisation && <div>{s.issuer.organisation}</div>}
          <div>
            <b>{s.issuer.branch}</b>
          </div>
          <div>*</div>
          <div>{s.issuer.number}</div>
        </div>
        <div>
          <div class="party">ĐẢNG CỘNG SẢN VIỆT NAM</div>
          <div class="date">{s.dateLine}</div>
        </div>
      </div>
      <h1>{s.title}</h1>
      <p class="subtitle">{s.subtitle}</p>
      {s.sections.map((sec) => (
        <section key={sec.heading}>
          <h2>{sec.heading}</h2>
          {sec.lines.map((l, i) => (
            <Line key={i} line={l} />
          ))}
        </section>
      ))}
      <section>
        {s.closing.map((t) => (
          <p key={t}>{t}</p>
        ))}
      </section>
      <div class="sign">
        <div>
          <b>THƯ KÝ</b>
          <div class="muted">(ký, ghi rõ họ tên)</div>
          <div class="space" />
          <div>{s.signatures.recorder || "……………………"}</div>
        </div>
        <div>
          <b>T/M CHI BỘ</b>
          <br />
          <b>CHỦ TRÌ</b>
          <div class="muted">(ký, ghi rõ họ tên)</div>
          <div class="space" />
          <div>{s.signatures.chair || "……………………"}</div>
        </div>
      </div>
    </PrintShell>,
  );
}
