/**
 * What every page handler shares: the HTML reply with the pages' security headers, the signed-in person
 * (or a redirect to the login page that comes back here), the session's CSRF token, a safe `next`, and a
 * service's refusal turned into a page (`orRefused`, `refusalOf`) or into reasons next to fields
 * (`fieldErrorsOf`).
 * Page route files (`*-pages.ts(x)` routes) use these instead of repeating them.
 */
import { createHash } from "node:crypto";
import type { FastifyReply, FastifyRequest } from "fastify";
import { csrfToken } from "../auth/csrf.ts";
import type { Principal } from "../auth/principal.ts";
import { AppError } from "../http/errors.ts";
import { acceptsGzip } from "../http/precompressed.ts";
import { PAGE_CSP } from "../http/security-headers.ts";
import type { AppDeps } from "../http/types.ts";
import { type KeptForm, sessionEndedPage } from "./error-pages.tsx";
import type { FieldErrors, FormRead } from "./forms.ts";
import type { CachedPage } from "./page-cache.ts";

/** An HTML answer: never cached by a shared cache, the pages' CSP, and a same-origin Referer policy. Served
 * over https (PUBLIC_URL), the CSP also upgrades any http subresource. The pages' context sends the same
 * headers on every answer (security-headers.ts); these also cover an HTML answer from another context. */
export function html(reply: FastifyReply, status = 200): FastifyReply {
  const https = (reply.server as { deps?: AppDeps }).deps?.config.https ?? false;
  // The service worker keeps pages per session and drops them when another (or nobody) signs in (sw.js).
  const session = reply.request.principal?.sessionId;
  if (session) reply.header("x-chibo-session", sessionTag(session));
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

/** A session's name for the service worker's cache: a hash of its row id, which reveals nothing. */
export function sessionTag(sessionId: string): string {
  return createHash("sha256").update(`chibo-cache:${sessionId}`).digest("base64url").slice(0, 22);
}

/** The largest url-encoded form a page takes (the minutes are long prose); each field has its own limit. */
export const PAGE_FORM_LIMIT = 1_048_576;

/** Only a path of this site: never another origin ("//evil", "https://…"). */
export function safeNext(next: unknown): string {
  return typeof next === "string" && /^\/(?!\/)[^\s\\]*$/.test(next) ? next : "/";
}

/**
 * The pages' sign-in, as a preHandler: a person who is not signed in goes to the login page, which brings
 * them back to this URL. The page modules that are all for signed-in people get it once, on their context
 * (page-routes.ts); a single page gets it as its route's `preHandler`. Handlers behind it read the person
 * with `requireUser(request)`.
 */
export async function signInFirst(request: FastifyRequest, reply: FastifyReply): Promise<void> {
  if (request.principal) return;
  // A form sent after the session ended: never a redirect to its address (a GET there is no page), but the
  // login form carrying it.
  if (request.method !== "GET" && request.method !== "HEAD") {
    await sessionEnded(request, reply);
    return;
  }
  const back = safeNext(request.url);
  await reply.redirect(back === "/" ? "/" : `/?next=${encodeURIComponent(back)}`, 303);
}

/** The form's fields as sent (a url-encoded body), without the CSRF token: to show back or carry over. */
export function keptForm(request: FastifyRequest): KeptForm {
  const body = request.body;
  const fields: [string, string][] =
    body && typeof body === "object"
      ? Object.entries(body as Record<string, unknown>).filter(
          (e): e is [string, string] => typeof e[1] === "string" && e[0] !== "_csrf",
        )
      : [];
  return { action: safeNext(request.url.split("?")[0]), fields };
}

/** The page a form was sent from (its Referer, on this site), else the form's own address less its last step. */
export function pageOfForm(request: FastifyRequest): string {
  const referer = request.headers.referer;
  if (referer) {
    try {
      const u = new URL(referer);
      if (u.host === request.host) return safeNext(`${u.pathname}${u.search}`);
    } catch {
      // Not a URL: fall through.
    }
  }
  const path = request.url.split("?")[0]!;
  return safeNext(path.slice(0, path.lastIndexOf("/")) || "/");
}

/** A form sent without a live session: the login form (401), carrying the form, coming back to its page. */
export function sessionEnded(request: FastifyRequest, reply: FastifyReply): FastifyReply {
  return html(reply, 401).send(sessionEndedPage({ next: pageOfForm(request), kept: keptForm(request) }));
}

/** The session's CSRF token, for the hidden `_csrf` field of every form that changes something. */
export function csrfOf(deps: AppDeps, p: Principal): Promise<string> {
  return csrfToken(deps.database.db, p.sessionId);
}

/** Sends a rendered page's bytes: its gzip when the browser takes gzip, as the pages' compression would. */
export function sendPage(reply: FastifyReply, page: CachedPage): FastifyReply {
  html(reply).header("vary", "accept-encoding");
  if (page.gzip && acceptsGzip(reply.request.headers["accept-encoding"])) {
    return reply.header("content-encoding", "gzip").send(page.gzip);
  }
  return reply.send(page.html);
}

/** The `?xong=` a redirect after a done form carries, when the page has a notice of that name. */
export function doneKey(notices: Record<string, string>, key: string | undefined): string | undefined {
  return key && notices[key] ? key : undefined;
}

/** A page's id parameter that can name a row at all; anything else is answered as not found. */
export const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A service's refusal (an AppError below 500: bad input, not allowed, not found, conflict…), which a page
 * shows to the person; anything else is a fault for the error handler. */
export const isRefusal = (err: unknown): err is AppError => err instanceof AppError && err.status < 500;

/** The refusal, for a page to show; anything that is not one is thrown on. */
export function refusalOf(err: unknown): AppError {
  if (isRefusal(err)) return err;
  throw err;
}

/** A refusal that asks to wait (too many attempts) says how long, as the API does: Retry-After. */
export function retryAfter(reply: FastifyReply, err: AppError): void {
  if (err.extra.retryAfter) reply.header("retry-after", String(err.extra.retryAfter));
}

/**
 * Runs a page handler; a refusal (only those with a status in `statuses`, when given) is answered by
 * `refused` (the area's refusal page, or the page again with the reason); anything else propagates.
 */
export async function orRefused<T, R>(
  run: () => Promise<T>,
  refused: (err: AppError) => R | Promise<R>,
  statuses?: readonly number[],
): Promise<T | R> {
  try {
    return await run();
  } catch (err) {
    if (isRefusal(err) && (!statuses || statuses.includes(err.status))) return refused(err);
    throw err;
  }
}

/**
 * A refusal's reasons by form field, the first reason of each field: the API's field less its part
 * ("body.email" → "email", "params.date" → "date"), then `field` maps it to the form's name; `reason`
 * words the reason for the page. A reason that names no field is left to the page's message.
 */
export function fieldErrorsOf(
  err: AppError,
  o: { field?: (name: string) => string; reason?: (reason: string) => string } = {},
): Record<string, string> {
  const errors: Record<string, string> = {};
  for (const e of err.errors) {
    const bare = e.field.replace(/^(body|params|query|querystring)\./, "");
    const name = o.field ? o.field(bare) : bare;
    if (name) errors[name] ??= o.reason ? o.reason(e.reason) : e.reason;
  }
  return errors;
}

/**
 * A form's write, once the form is read: when it was read (`read.ok`) the service call runs and answers where to
 * go; its refusal (below 500, but for the `throwOn` statuses, which the area's handler answers) becomes the
 * reasons by field (`reasons`, by default the API's fields in the page's words, `reword`), and a refusal that
 * names no field is told next to `orOn`. Answers the address to go to, or the reasons to show with the form.
 */
export async function writeForm<T>(
  read: FormRead<T>,
  write: (value: T) => Promise<string>,
  o: {
    orOn: string;
    reword?: (reason: string) => string;
    reasons?: (err: AppError) => Partial<FieldErrors>;
    throwOn?: readonly number[];
  },
): Promise<{ to: string } | { errors: FieldErrors }> {
  if (!read.ok) return { errors: read.errors };
  try {
    return { to: await write(read.value) };
  } catch (err) {
    if (!isRefusal(err) || o.throwOn?.includes(err.status)) throw err;
    const errors = o.reasons ? o.reasons(err) : fieldErrorsOf(err, { reason: o.reword });
    if (Object.keys(errors).length) return { errors: errors as FieldErrors };
    return { errors: { [o.orOn]: o.reword ? o.reword(err.message) : err.message } };
  }
}
