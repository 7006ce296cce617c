/**
 * A mail in four parts (the lead, the peak box, the letter's paragraphs, the footer) rendered as plain text
 * and as HTML built from the same lines (every value escaped, links shown short). Pure.
 */
import { escapeHtml } from "../web/html.ts";

export interface RenderedMail {
  subject: string;
  text: string;
  html: string;
}

// ---------------------------------------------------------------------------------------------- structure

/** One line of a mail, as text; `old` makes it an "old → new" change line. */
export interface Line {
  label?: string;
  text: string;
  old?: string;
}

/**
 * A mail in four parts: the lead (time and place, big), the peak box (once), the letter's paragraphs, and the
 * footer (links with short labels).
 */
export interface MailParts {
  subject: string;
  lead: Line[];
  peak?: string[];
  paragraphs: string[];
  footer: FooterLink[];
  footerNotes: string[];
}

export interface FooterLink {
  label: string;
  url: string;
}

export function lineText(l: Line): string {
  const value = l.old !== undefined ? `${l.old} → ${l.text}` : l.text;
  return l.label ? `${l.label}: ${value}` : value;
}

// ---------------------------------------------------------------------------------------------- HTML

const URL_RE = /https?:\/\/[^\s<>"']+/g;
const LINK_STYLE = "color:#0645ad;overflow-wrap:anywhere;word-break:break-word";

/** "tulieu.example.vn/bai-3?a=1…": what a long link shows; the full address stays in href. */
export function shortUrl(url: string, max = 32): string {
  const bare = url.replace(/^https?:\/\//, "").replace(/\/$/, "");
  return bare.length > max ? `${bare.slice(0, max - 1)}…` : bare;
}

function anchor(url: string, label: string): string {
  return `<a href="${escapeHtml(url)}" style="${LINK_STYLE}">${escapeHtml(label)}</a>`;
}

/** "- Bài viết gốc: https://…": a label and one link, shown as the label linked. */
const LABELLED_LINK = /^(-\s+)?([^:]{1,60}):\s*(https?:\/\/[^\s<>"']+)$/;

/** Escapes a line, then turns its http(s) links into anchors showing a short text (the label, if any). */
export function htmlLine(line: string): string {
  const labelled = LABELLED_LINK.exec(line);
  if (labelled) return `${escapeHtml(labelled[1] ?? "")}${anchor(labelled[3]!, labelled[2]!.trim())}`;
  let out = "";
  let last = 0;
  for (const m of line.matchAll(URL_RE)) {
    const url = m[0];
    out += escapeHtml(line.slice(last, m.index));
    out += anchor(url, shortUrl(url));
    last = m.index + url.length;
  }
  return out + escapeHtml(line.slice(last));
}

// The same meeting text goes to every member of a branch: its HTML is kept for the next recipient.
const paragraphCache = new Map<string, string>();

function htmlParagraph(p: string): string {
  let html = paragraphCache.get(p);
  if (html === undefined) {
    html = `<p style="margin:0 0 12px">${p.split("\n").map(htmlLine).join("<br>\n")}</p>`;
    if (paragraphCache.size >= 256) paragraphCache.clear();
    paragraphCache.set(p, html);
  }
  return html;
}

function htmlLeadLine(l: Line): string {
  const label = l.label ? `<span style="color:#555">${escapeHtml(l.label)}:</span> ` : "";
  if (l.old !== undefined) {
    return `${label}<s style="color:#777">${htmlLine(l.old)}</s> → <strong>${htmlLine(l.text)}</strong>`;
  }
  return `${label}<strong>${htmlLine(l.text)}</strong>`;
}

function toHtml(m: MailParts): string {
  const lead = m.lead.length
    ? `<div style="border:2px solid #1a4d8f;border-radius:6px;padding:10px 12px;margin:0 0 16px;font-size:1.15em;line-height:1.45">` +
      m.lead.map(htmlLeadLine).join("<br>\n") +
      `</div>`
    : "";
  const peak = m.peak?.length
    ? `<div style="border-left:4px solid #c00;padding:8px 12px;margin:0 0 16px;background:#fff4f4">` +
      `<strong style="color:#b00">${htmlLine(m.peak[0]!)}</strong>` +
      m.peak
        .slice(1)
        .map((l) => `<br>${htmlLine(l)}`)
        .join("") +
      `</div>`
    : "";
  const body = m.paragraphs
    .flatMap((p) => p.split(/\n{2,}/))
    .filter((p) => p.trim())
    .map(htmlParagraph)
    .join("\n");
  const links = m.footer.map((f) => anchor(f.url, f.label)).join(" · ");
  const notes = m.footerNotes.map((n) => `<br>${escapeHtml(n)}`).join("");
  const footer =
    `<hr style="border:0;border-top:1px solid #ddd;margin:20px 0 8px">` +
    `<p style="margin:0;font-size:.9em;color:#555">${links}${notes}</p>`;
  return (
    `<!doctype html><html lang="vi"><head><meta charset="utf-8">` +
    `<meta name="viewport" content="width=device-width,initial-scale=1"><title>${escapeHtml(m.subject)}</title></head>` +
    `<body style="font-family:Arial,Helvetica,sans-serif;line-height:1.5;color:#222;margin:0;padding:12px;` +
    `max-width:40em;overflow-wrap:anywhere;word-break:break-word">\n${lead}\n${peak}\n${body}\n${footer}\n</body></html>`
  );
}

function toText(m: MailParts): string {
  const blocks: string[] = [];
  if (m.lead.length) blocks.push(m.lead.map(lineText).join("\n"));
  if (m.peak?.length) blocks.push(m.peak.join("\n"));
  blocks.push(...m.paragraphs.filter((p) => p.trim()));
  blocks.push(["--", ...m.footer.map((f) => `${f.label}: ${f.url}`), ...m.footerNotes].join("\n"));
  return `${blocks.join("\n\n")}\n`;
}

export function render(m: MailParts): RenderedMail {
  return { subject: m.subject, text: toText(m), html: toHtml(m) };
}
