/**
 * The HTML part of a mail, from the same parts as its text (`mail-render.ts`), through the app's one way to
 * write HTML (Preact, escaped by default) inside the mail shell. Mail clients keep only what is on the
 * elements, so every style is inline: the lead (time and place) in a box, the peak in a red-edged box, the
 * letter's paragraphs, and the footer's links, each link showing a short text that may wrap anywhere.
 */
import type { ComponentChildren } from "preact";
import { renderToString } from "preact-render-to-string";
import { documentHtml, MailShell } from "../web/html.tsx";
import type { Line, MailParts } from "./mail-render.ts";

const URL_RE = /https?:\/\/[^\s<>"']+/g;
const LINK_STYLE = "color:#0645ad;overflow-wrap:anywhere;word-break:break-word";
const PARAGRAPH_STYLE = "margin:0 0 12px";

/** "tulieu.example.vn/bai-3?a=1…": what a long link shows; the full address stays in href. */
export function shortUrl(url: string, max = 32): string {
  const bare = url.replace(/^https?:\/\//, "").replace(/\/$/, "");
  return bare.length > max ? `${bare.slice(0, max - 1)}…` : bare;
}

function MailLink(props: { url: string; label: string }) {
  return (
    <a href={props.url} style={LINK_STYLE}>
      {props.label}
    </a>
  );
}

/** "- Bài viết gốc: https://…": a label and one link, shown as the label linked. */
const LABELLED_LINK = /^(-\s+)?([^:]{1,60}):\s*(https?:\/\/[^\s<>"']+)$/;

/** A line of text with its http(s) links as anchors showing a short text (the label, if any). */
function TextLine(props: { line: string }) {
  const { line } = props;
  const labelled = LABELLED_LINK.exec(line);
  if (labelled) {
    return (
      <>
        {labelled[1] ?? ""}
        <MailLink url={labelled[3]!} label={labelled[2]!.trim()} />
      </>
    );
  }
  const parts: ComponentChildren[] = [];
  let last = 0;
  for (const m of line.matchAll(URL_RE)) {
    parts.push(line.slice(last, m.index), <MailLink url={m[0]} label={shortUrl(m[0])} />);
    last = m.index + m[0].length;
  }
  parts.push(line.slice(last));
  return <>{parts}</>;
}

/** Items one under the other: a line break between them (and a newline, for whoever reads the source). */
function broken(items: ComponentChildren[]): ComponentChildren[] {
  return items.flatMap((item, i) => (i ? [<br />, "\n", item] : [item]));
}

/** A paragraph's lines, one under the other. */
function Lines(props: { text: string }) {
  return <>{broken(props.text.split("\n").map((l) => <TextLine line={l} />))}</>;
}

// The same meeting text goes to every member of a branch: its rendered lines are kept for the next recipient.
const paragraphCache = new Map<string, string>();

function Paragraph(props: { text: string }) {
  let inner = paragraphCache.get(props.text);
  if (inner === undefined) {
    inner = renderToString(<Lines text={props.text} />);
    if (paragraphCache.size >= 256) paragraphCache.clear();
    paragraphCache.set(props.text, inner);
  }
  // Rendered (and escaped) by Preact just above: only the cache is a string.
  return <p style={PARAGRAPH_STYLE} dangerouslySetInnerHTML={{ __html: inner }} />;
}

function LeadLine(props: { line: Line }) {
  const l = props.line;
  return (
    <>
      {l.label && (
        <>
          <span style="color:#555">{l.label}:</span>{" "}
        </>
      )}
      {l.old !== undefined && (
        <>
          <s style="color:#777">
            <TextLine line={l.old} />
          </s>
          {" → "}
        </>
      )}
      <strong>
        <TextLine line={l.text} />
      </strong>
    </>
  );
}

function Lead(props: { lines: Line[] }) {
  if (!props.lines.length) return null;
  return (
    <div style="border:2px solid #1a4d8f;border-radius:6px;padding:10px 12px;margin:0 0 16px;font-size:1.15em;line-height:1.45">
      {broken(props.lines.map((l) => <LeadLine line={l} />))}
    </div>
  );
}

function PeakBox(props: { lines: string[] | undefined }) {
  const [head, ...rest] = props.lines ?? [];
  if (head === undefined) return null;
  return (
    <div style="border-left:4px solid #c00;padding:8px 12px;margin:0 0 16px;background:#fff4f4">
      <strong style="color:#b00">
        <TextLine line={head} />
      </strong>
      {rest.map((l) => (
        <>
          <br />
          <TextLine line={l} />
        </>
      ))}
    </div>
  );
}

function Footer(props: { m: MailParts }) {
  const { footer, footerNotes } = props.m;
  return (
    <>
      <hr style="border:0;border-top:1px solid #ddd;margin:20px 0 8px" />
      <p style="margin:0;font-size:.9em;color:#555">
        {footer.flatMap((f, i) => [i ? " · " : "", <MailLink url={f.url} label={f.label} />])}
        {footerNotes.map((n) => (
          <>
            <br />
            {n}
          </>
        ))}
      </p>
    </>
  );
}

export function mailHtml(m: MailParts): string {
  const paragraphs = m.paragraphs.flatMap((p) => p.split(/\n{2,}/)).filter((p) => p.trim());
  return documentHtml(
    <MailShell title={m.subject}>
      {"\n"}
      <Lead lines={m.lead} />
      {"\n"}
      <PeakBox lines={m.peak} />
      {"\n"}
      {paragraphs.flatMap((p, i) => [i ? "\n" : "", <Paragraph text={p} />])}
      {"\n"}
      <Footer m={m} />
      {"\n"}
    </MailShell>,
  );
}
