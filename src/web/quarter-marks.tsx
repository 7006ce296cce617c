/** The quarters' thematic meeting, as marks: on the secretary's home and per branch on the committee grid. */
import { QUARTER_LABEL, type QuarterMark, quarterName } from "../plan/thematic-quarters.ts";

const ALERT = new Set(["at_risk", "missing"]);

/** One compact line of marks, "Q1✓ Q2! …", each with a short meaning for screen readers (the grid's legend
 * says the whole; a page of 30 branches stays light). */
export function QuarterMarks(props: { marks: QuarterMark[] }) {
  return (
    <span class="q-marks">
      {props.marks.map((m) => (
        <span class={`q q-${m.standing}`}>
          Q{m.quarter.slice(6)}
          {QUARTER_LABEL[m.standing].symbol}
          <i> {QUARTER_LABEL[m.standing].short}</i>
        </span>
      ))}
    </span>
  );
}

/** The secretary's panel: each quarter of the year, and what to do when one lacks its thematic meeting. */
export function ThematicQuarters(props: { marks: QuarterMark[] }) {
  const alert = props.marks.filter((m) => ALERT.has(m.standing));
  return (
    <section aria-labelledby="quarters-title" class={alert.length ? "warning" : "card"}>
      <h2 id="quarters-title">Sinh hoạt chuyên đề theo quý</h2>
      <ul class="quarters">
        {props.marks.map((m) => (
          <li class={`q-${m.standing}`}>
            <strong>{quarterName(m.quarter)}</strong>: {QUARTER_LABEL[m.standing].symbol}{" "}
            {QUARTER_LABEL[m.standing].text}
          </li>
        ))}
      </ul>
      <p class="muted">
        Mỗi quý ít nhất một buổi sinh hoạt chuyên đề (Hướng dẫn 12-HD/BTCTW). Để lên kế hoạch, mở một buổi
        sinh hoạt trong quý và chọn loại “Sinh hoạt chuyên đề” hoặc “thường kỳ kết hợp chuyên đề”.
      </p>
    </section>
  );
}
