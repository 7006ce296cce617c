/**
 * What every page handler shares: the HTML reply with the pages' security headers, the signed-in person
 * (or a redirect to the login page that comes back here), the session's CSRF token, and a safe `next`.
 * Page route files (`*-pages.ts(x)` routes) use these instead of repeating them.
 */
import type { FastifyReply, FastifyRequest } from "fastify";
import { csrfToken } from "../auth/csrf.ts";
import type { Principal } from "../auth/principal.ts";
import type { AppDeps } from "../http/types.ts";

/** The pages' policy: scripts and styles from the app only (no inline script), forms to the app only. */
export const PAGE_CSP =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; " +
  "form-action 'self'; frame-ancestors 'none'; base-uri 'none'; object-src 'none'";

/** An HTML answer: never cached by a shared cache, the pages' CSP, and a same-origin Referer policy. Served
 * over https (PUBLIC_URL), the CSP also upgrades any http subresource (HSTS comes from helmet, app.ts). */
export function html(reply: FastifyReply, status = 200): FastifyReply {
  const https = (reply.server as { deps?: AppDeps }).deps?.config.https ?? false;
  return (
    reply
      .code(status)
      .type("text/html; charset=utf-8")
      .header("cache-control", "private, no-store")
      .header("content-security-policy", https ? `${PAGE_CSP}; upgrade-insecure-requests` : PAGE_CSP)
      // Forms then send their Origin (under no-referrer browsers send "null"), which the CSRF check reads.
      .header("referrer-policy", "same-origin")
  );
}

/** Only a path of this site: never another origin ("//evil", "https://…"). */
export function safeNext(next: unknown): string {
  return typeof next === "string" && /^\/(?!\/)[^\s\\]*$/.test(next) ? next : "/";
}

/**
 * The signed-in person, or null after sending a redirect to the login page that comes back to this URL.
 * Usage: `const p = signedIn(request, reply); if (!p) return reply;`
 */
export function signedIn(request: FastifyRequest, reply: FastifyReply): Principal | null {
  if (request.principal) return request.principal;
  const back = safeNext(request.url);
  void reply.redirect(back === "/" ? "/" : `/?next=${encodeURIComponent(back)}`, 303);
  return null;
}

/** The session's CSRF token, for the hidden `_csrf` field of every form that changes something. */
export function csrfOf(deps: AppDeps, p: Principal): Promise<string> {
  return csrfToken(deps.database.db, p.sessionId);
}
