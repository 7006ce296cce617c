/** Tiny HTML helpers for the few server-rendered pages: everything interpolated is escaped. */
const ESCAPES: Record<string, string> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&#39;",
};

export function esc(value: unknown): string {
  return String(value ?? "").replace(/[&<>"']/g, (c) => ESCAPES[c]!);
}

/** A mobile-first Vietnamese page shell. */
export function page(title: string, body: string): string {
  return `<!doctype html>
<html lang="vi"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${esc(title)}</title>
<style>
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:0;padding:1rem;max-width:40rem;margin-inline:auto;line-height:1.5;color:#1a1a1a}
h1{font-size:1.3rem;margin:.2rem 0 1rem}.peak{background:#fff3cd;border-left:4px solid #c00;padding:.5rem .8rem;font-weight:600}
.cancelled{background:#f8d7da;padding:.5rem .8rem}pre{white-space:pre-wrap;font-family:inherit}
label{display:block;margin:.6rem 0 .2rem}input{width:100%;padding:.6rem;font-size:1rem;box-sizing:border-box}
button{margin-top:1rem;padding:.7rem 1.2rem;font-size:1rem;background:#b00;color:#fff;border:0;border-radius:.3rem}
.muted{color:#666;font-size:.9rem}
</style></head><body>${body}</body></html>`;
}
