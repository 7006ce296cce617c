/**
 * Cross-site request forgery: a page elsewhere must not make a signed-in browser change anything. A state
 * change (any method but GET, HEAD, OPTIONS) made with the session cookie is refused when the browser says
 * it comes from elsewhere (`Origin` not the app's own, `Sec-Fetch-Site` cross-site or same-site); when it
 * says nothing (an old browser), it must carry the session's token, which the pages embed. Bearer tokens
 * are never sent by a browser on its own, so scripts that use them are not concerned.
 *
 * The token is the session id signed with HMAC-SHA256 under a key kept in the database (created once,
 * shared by every instance): nothing to store per session, and it dies with the session.
 */
import { createHmac, timingSafeEqual } from "node:crypto";
import type { FastifyInstance, FastifyRequest } from "fastify";
import fp from "fastify-plugin";
import type { DbOrTx } from "../db/client.ts";
import { appError } from "../http/errors.ts";
import { namedKey } from "./named-keys.ts";

const KEY_NAME = "csrf";
export const CSRF_HEADER = "x-csrf-token";
export const CSRF_FIELD = "_csrf";
const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

function sign(key: Buffer, sessionId: string): string {
  return createHmac("sha256", key).update(`csrf:${sessionId}`).digest("base64url");
}

/** The CSRF token of a session, for a page to put in a `_csrf` field or an `x-csrf-token` header. */
export async function csrfToken(db: DbOrTx, sessionId: string): Promise<string> {
  return sign(await namedKey(db, KEY_NAME), sessionId);
}

async function validToken(db: DbOrTx, sessionId: string, given: string): Promise<boolean> {
  const expected = Buffer.from(await csrfToken(db, sessionId));
  const actual = Buffer.from(given);
  return expected.length === actual.length && timingSafeEqual(expected, actual);
}

/** The origins a request of ours may come from: PUBLIC_URL's, and behind a trusted proxy the forwarded host. */
function ownOrigins(request: FastifyRequest, publicUrl: string, trustProxy: boolean): string[] {
  const own = [new URL(publicUrl).origin];
  if (trustProxy && request.host) own.push(`${request.protocol}://${request.host}`.toLowerCase());
  return own;
}

/** The `_csrf` field of a parsed body, taken out so that the route's schema does not see it. */
function takeBodyToken(request: FastifyRequest): string | undefined {
  const body = request.body as Record<string, unknown> | null | undefined;
  if (!body || typeof body !== "object" || !Object.hasOwn(body, CSRF_FIELD)) return undefined;
  const token = body[CSRF_FIELD];
  delete body[CSRF_FIELD];
  return typeof token === "string" ? token : undefined;
}

const refuse = () =>
  appError("csrf", "Yêu cầu thay đổi dữ liệu đến từ trang khác; hãy thao tác trên trang của ứng dụng.");

/** The check, on every route: after the body is parsed (for `_csrf`), before it is validated. */
export const csrfGuard = fp(async (app: FastifyInstance) => {
  const { config, database } = app.deps;
  app.addHook("preValidation", async (request) => {
    if (SAFE_METHODS.has(request.method)) return;
    const p = request.principal;
    // Only the cookie is sent by a browser on its own; a bearer token is a script's choice.
    if (!p || request.headers.authorization?.startsWith("Bearer ")) return;
    const bodyToken = takeBodyToken(request);
    // "null" is what a browser sends under `Referrer-Policy: no-referrer` or from an opaque origin: it
    // proves nothing either way, so the fetch metadata or the token decide.
    const origin = request.headers.origin === "null" ? undefined : request.headers.origin;
    const site = request.headers["sec-fetch-site"];
    if (
      origin !== undefined &&
      !ownOrigins(request, config.publicUrl, config.trustProxy).includes(origin.toLowerCase())
    )
      throw refuse();
    if (site === "cross-site" || site === "same-site") throw refuse();
    if (origin !== undefined || site !== undefined) return;
    const given = request.headers[CSRF_HEADER] ?? bodyToken;
    if (typeof given !== "string" || !(await validToken(database.db, p.sessionId, given))) throw refuse();
  });
});
