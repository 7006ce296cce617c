/**
 * A mail in four parts (the lead, the peak box, the letter's paragraphs, the footer) rendered as plain text
 * here and as HTML from the same lines (`mail-html.tsx`). Pure.
 */
import { mailHtml } from "./mail-html.tsx";

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

function toText(m: MailParts): string {
  const blocks: string[] = [];
  if (m.lead.length) blocks.push(m.lead.map(lineText).join("\n"));
  if (m.peak?.length) blocks.push(m.peak.join("\n"));
  blocks.push(...m.paragraphs.filter((p) => p.trim()));
  blocks.push(["--", ...m.footer.map((f) => `${f.label}: ${f.url}`), ...m.footerNotes].join("\n"));
  return `${blocks.join("\n\n")}\n`;
}

export function render(m: MailParts): RenderedMail {
  return { subject: m.subject, text: toText(m), html: mailHtml(m) };
}
