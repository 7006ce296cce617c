/**
 * The one HTML escaper and the one page shell, for every server-rendered page (meeting page, unsubscribe
 * page) and for the HTML of mails and reports: everything interpolated goes through `escapeHtml`.
 */
const ESCAPES: Record<string, string> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&#39;",
};

/** Text (or any value, null and undefined as "") made safe inside an element or a quoted attribute. */
export function escapeHtml(value: unknown): string {
  return String(value ?? "").replace(/[&<>"']/g, (c) => ESCAPES[c]!);
}

/** A mobile-first Vietnamese page shell; `body` is HTML already escaped by its builder. */
export function page(title: string, body: string): string {
  return `<!doctype html>
<html lang="vi"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:0;padding:1rem;max-width:40rem;margin-inline:auto;line-height:1.5;color:#1a1a1a}
h1{font-size:1.3rem;margin:.2rem 0 1rem}.peak{background:#fff3cd;border-left:4px solid #c00;padding:.5rem .8rem;font-weight:600}
.cancelled{background:#f8d7da;padding:.5rem .8rem}pre{white-space:pre-wrap;font-family:inherit}
label{display:block;margin:.6rem 0 .2rem}input{width:100%;padding:.6rem;font-size:1rem;box-sizing:border-box}
button{margin-top:1rem;padding:.7rem 1.2rem;font-size:1rem;background:#b00;color:#fff;border:0;border-radius:.3rem;cursor:pointer}
.muted{color:#666;font-size:.9rem}
</style></head><body>${body}</body></html>`;
}

/** The shell with the title as the page's heading. */
export function titledPage(title: string, body: string): string {
  return page(title, `<h1>${escapeHtml(title)}</h1>${body}`);
}
