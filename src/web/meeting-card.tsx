/** A meeting as a person reads it on a page: when, where, the topic with its part and pages, the peak. */

import { civilToday } from "../domain/civil-date.ts";
import { MEETING_LABELS, type MeetingLabel, meetingLabel } from "../domain/grid-state.ts";
import { MEETING_KIND_LABEL } from "../domain/meeting-quality.ts";
import { countdownText, pagesText, partHeading } from "../domain/meeting-text.ts";
import { formatDateWithWeekday, formatMonth, formatTime } from "../domain/vi-format.ts";
import type { MeetingRecord } from "../plan/meeting-view.ts";
import { PATHS } from "./layout.tsx";

export type MeetingState = MeetingLabel;

export const STATE_NAMES = MEETING_LABELS;

/** The label the domain gives (`meetingLabel`): a make-up reads "Họp bù", not "Đã dời lịch". */
export function meetingState(r: MeetingRecord): MeetingState {
  return meetingLabel({ status: r.view.status, edited: r.edited, makeup: Boolean(r.view.makeup) });
}

/** "Còn 3 ngày", "Hôm nay", "Ngày mai", counted in the branch's own zone. */
export function countdown(r: MeetingRecord, now: Date): string {
  return countdownText(r.date, civilToday(now, r.view.timezone));
}

/** A meeting's topic: title, part and pages (estimated ones say "khoảng"), summary, discussion prompts. */
export function TopicBlock(props: { topic: MeetingRecord["view"]["topic"]; promptsOpen?: boolean }) {
  const t = props.topic;
  if (!t) return <p class="muted">Chưa có chuyên đề.</p>;
  return (
    <>
      <h3>{t.title}</h3>
      <p class="muted">
        {partHeading(t)}
        {pagesText(t) ? ` · ${pagesText(t)}` : ""}
      </p>
      {t.summary && <p>{t.summary}</p>}
      {t.prompts.length > 0 && (
        <details open={props.promptsOpen}>
          <summary>Gợi ý thảo luận</summary>
          <ol>
            {t.prompts.map((q) => (
              <li key={q}>{q}</li>
            ))}
          </ol>
        </details>
      )}
    </>
  );
}

/** The anniversary the meeting marks, if any ("năm chẵn" for a round one). */
export function PeakNote(props: { record: MeetingRecord }) {
  const peak = props.record.view.peak;
  if (!peak) return null;
  return (
    <p class="peak">
      {peak.text.charAt(0).toUpperCase() + peak.text.slice(1)}
      {peak.round ? " (năm chẵn)" : ""}
    </p>
  );
}

/** When: "Thứ Năm, 05/11/2026, 19:30–21:30", the times in the branch's zone. */
export function WhenLine(props: { record: MeetingRecord }) {
  const v = props.record.view;
  return (
    <p class="when">
      {formatDateWithWeekday(props.record.date)}, {formatTime(v.start, v.timezone)}–
      {formatTime(v.end, v.timezone)}
    </p>
  );
}

/** Where: the place, and the link when the meeting is also online. */
export function PlaceLine(props: { record: MeetingRecord }) {
  const v = props.record.view;
  return (
    <p>
      Địa điểm: {v.place ?? "chưa có"}
      {v.onlineUrl && (
        <>
          {" · "}
          <a href={v.onlineUrl}>họp trực tuyến</a>
        </>
      )}
    </p>
  );
}

export function NextMeeting(props: { record: MeetingRecord; now: Date }) {
  const v = props.record.view;
  const t = v.topic;
  return (
    <section class="card" aria-labelledby="next-title">
      <h2 id="next-title" style="margin-top:0">
        Buổi sinh hoạt tới: {formatMonth(v.month)}
      </h2>
      <PeakNote record={props.record} />
      <WhenLine record={props.record} />
      <span class="countdown">{countdown(props.record, props.now)}</span>
      <PlaceLine record={props.record} />
      <TopicBlock topic={t} promptsOpen />
      <p>
        <a href={PATHS.meeting(v.id)}>Xem chi tiết buổi sinh hoạt</a>
      </p>
    </section>
  );
}

export function YearPlan(props: { records: MeetingRecord[] }) {
  return (
    <section aria-labelledby="plan-title">
      <h2 id="plan-title">Kế hoạch 12 tháng</h2>
      {props.records.length === 0 ? (
        <p class="muted">Chưa có kế hoạch sinh hoạt.</p>
      ) : (
        <ul class="plan">
          {props.records.map((r) => {
            const state = meetingState(r);
            return (
              <li key={r.view.id}>
                <span>
                  <strong>{formatMonth(r.view.month)}</strong>
                  {r.makeupOf ? " (họp bù)" : ""} · {formatDateWithWeekday(r.date)}
                  {r.kind !== "regular" && <span class="kind"> · {MEETING_KIND_LABEL[r.kind]}</span>}
                  <br />
                  <a href={PATHS.meeting(r.view.id)}>{r.view.topic?.title ?? "Chưa có chuyên đề"}</a>
                </span>
                <span class={`state ${state}`}>{STATE_NAMES[state]}</span>
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}
