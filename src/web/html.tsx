/**
 * One way to write HTML: Preact components rendered by preact-render-to-string, which escapes every text and
 * attribute, for the pages, the printed documents and the mails alike. Three document shells:
 *
 *   Layout      (layout.tsx) a page of the app: the person's menu, app.css and app.js
 *   PrintShell  a document printed on A4 (the printable report): self-contained, its style inline
 *   MailShell   the HTML part of a mail: styled on the elements, since mail clients drop style sheets
 */
import type { ComponentChildren, VNode } from "preact";
import { renderToString } from "preact-render-to-string";

/** A whole document as a string, with its doctype. */
export function documentHtml(node: VNode): string {
  return `<!doctype html>${renderToString(node)}`;
}

/**
 * What every printed document shares: A4 with the margins of a Vietnamese party document (left 30 mm for
 * the binding), Times at 13 pt, a column of the page's width on a computer's screen and the phone's width on
 * a phone, and the screen-only links (`.noprint`) left off the paper.
 */
const PRINT_CSS = `
  @page { size: A4; margin: 20mm 15mm 20mm 30mm; }
  body { font-family: "Times New Roman", Times, serif; font-size: 13pt; line-height: 1.4; color: #000; }
  @media screen { body { max-width: 190mm; margin: 1rem auto; padding: 0 1rem; } }
  .back { font-family: system-ui, sans-serif; font-size: 11pt; margin-bottom: 12pt; }
  @media print { .noprint { display: none; } h3, tr { break-inside: avoid; } }
  @media screen and (max-width: 600px) { body { font-size: 11pt; } }`;

/**
 * A document printed on A4. `css` is the document's own style (a constant of its view: it is written as
 * is, never with data in it). The viewport makes a phone show it at its own width, not 980 px.
 */
export function PrintShell(props: { title: string; css: string; children: ComponentChildren }) {
  return (
    <html lang="vi">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{props.title}</title>
        {/* A style sheet is not text: escaping would break its selectors (">"). */}
        <style dangerouslySetInnerHTML={{ __html: `${PRINT_CSS}${props.css}\n` }} />
      </head>
      <body>{props.children}</body>
    </html>
  );
}

/** A link back to the page the document was opened from, on the screen only. */
export function BackLink(props: { href: string; label: string; hint: string }) {
  return (
    <p class="back noprint">
      <a href={props.href}>← {props.label}</a> · {props.hint}
    </p>
  );
}

const MAIL_BODY =
  "font-family:Arial,Helvetica,sans-serif;line-height:1.5;color:#222;margin:0;padding:12px;" +
  "max-width:40em;overflow-wrap:anywhere;word-break:break-word";

/** The HTML part of a mail: one narrow column that a 360 px phone shows without sideways scrolling. */
export function MailShell(props: { title: string; children: ComponentChildren }) {
  return (
    <html lang="vi">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width,initial-scale=1" />
        <title>{props.title}</title>
      </head>
      <body style={MAIL_BODY}>{props.children}</body>
    </html>
  );
}
