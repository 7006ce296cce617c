/**
 * Minutes as a reader sees them (issue 18): a member reads the submitted minutes of the branch's held
 * meeting (topic, chair, time, opinions, conclusions, tasks, files); the secretary opens an older revision
 * in the list of revisions. Pure renderers of what the minutes and files services answered.
 */
import { formatDate, formatInstant } from "../domain/vi-format.ts";
import type { FileRow } from "../minutes/files-service.ts";
import type { MinutesShown, RevisionRow } from "../minutes/minutes-service.ts";

type Content = RevisionRow["content"] & { topicTitle?: string | null };

const voteLine = (v: { agree: number; disagree: number; other: number }) =>
  `Nhất trí ${v.agree} · Không nhất trí ${v.disagree} · Ý kiến khác ${v.other}`;

/** One text of the minutes: who chaired and recorded, when, what was said, concluded and assigned. */
export function MinutesText(props: { content: Content }) {
  const c = props.content;
  return (
    <div class="minutes-text">
      {c.topicTitle && (
        <p>
          <strong>Chuyên đề:</strong> {c.topicTitle}
        </p>
      )}
      <p>
        <strong>Chủ trì:</strong> {c.chair} · <strong>Thư ký:</strong> {c.recorder}
        <br />
        <strong>Thời gian:</strong> {c.startTime}–{c.endTime}
        {c.place && (
          <>
            {" "}
            · <strong>Địa điểm:</strong> {c.place}
          </>
        )}
        <br />
        <strong>Giới thiệu chuyên đề:</strong> {c.introducedBy}
        {c.guests.length > 0 && (
          <>
            <br />
            <strong>Khách mời:</strong> {c.guests.map((g) => `${g} (khách mời)`).join("; ")}
          </>
        )}
      </p>
      {c.agenda.length > 0 && (
        <>
          <h3 class="sub">Nội dung sinh hoạt</h3>
          <ol>
            {c.agenda.map((a) => (
              <li>{a}</li>
            ))}
          </ol>
        </>
      )}
      {c.discussion.length > 0 && (
        <>
          <h3 class="sub">Ý kiến thảo luận</h3>
          <ul>
            {c.discussion.map((d) => (
              <li>
                <strong>{d.by}:</strong> <span class="pre">{d.opinion}</span>
              </li>
            ))}
          </ul>
        </>
      )}
      <h3 class="sub">Kết luận của chủ trì</h3>
      <p class="pre">{c.conclusions}</p>
      {c.resolution && (
        <>
          <h3 class="sub">Nghị quyết</h3>
          <p class="pre">{c.resolution.text}</p>
          <p>Biểu quyết: {voteLine(c.resolution)}</p>
        </>
      )}
      {c.tasks.length > 0 && (
        <>
          <h3 class="sub">Nhiệm vụ</h3>
          <ul>
            {c.tasks.map((t) => (
              <li>
                {t.content}
                {t.assignee ? ` — ${t.assignee}` : ""}
                {t.due ? ` (hạn ${formatDate(t.due)})` : ""}
              </li>
            ))}
          </ul>
        </>
      )}
      <p>
        {c.readBack
          ? "Biên bản đã được đọc lại và thông qua trước khi bế mạc."
          : "Biên bản chưa được thông qua tại buổi sinh hoạt."}
      </p>
    </div>
  );
}

/** The submitted minutes for a member of the branch, with their files and the changes made since. */
export function SubmittedMinutes(props: {
  meetingId: string;
  minutes: MinutesShown;
  files: FileRow[];
  zone: string;
}) {
  const m = props.minutes;
  const at = (iso: string) => formatInstant(iso, props.zone);
  return (
    <section class="card" aria-labelledby="read-minutes-title">
      <h2 id="read-minutes-title">Biên bản buổi sinh hoạt</h2>
      {m.submittedAt && <p class="muted">Bí thư chi bộ đã nộp lúc {at(m.submittedAt)}.</p>}
      <MinutesText content={m.content} />
      {m.amendments.length > 0 && (
        <>
          <h3 class="sub">Sửa sau khi nộp</h3>
          <ul>
            {m.amendments.map((a) => (
              <li>
                {at(a.at)}: {a.reason}
              </li>
            ))}
          </ul>
        </>
      )}
      {props.files.length > 0 && (
        <>
          <h3 class="sub">Tệp đính kèm</h3>
          <ul>
            {props.files.map((f) => (
              <li>
                <a href={`/api/meetings/${props.meetingId}/files/${f.id}`}>{f.fileName}</a>{" "}
                <span class="muted">({Math.max(1, Math.round(f.size / 1024))} KB)</span>
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}
