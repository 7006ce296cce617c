import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import fp from "fastify-plugin";
import type { AppDeps } from "../http/types.ts";
import { resolveSession } from "./auth-service.ts";
import type { Principal } from "./principal.ts";

export const SESSION_COOKIE = "chibo_session";

/** The session cookie after a login, the same for the API and the login form. */
export function setSessionCookie(
  reply: FastifyReply,
  deps: AppDeps,
  s: { token: string; expiresAt: Date },
): void {
  reply.setCookie(SESSION_COOKIE, s.token, {
    httpOnly: true,
    secure: deps.config.cookieSecure,
    sameSite: "lax",
    path: "/",
    expires: s.expiresAt,
    // Max-Age wins over Expires and counts on the browser's own clock, whatever the server's says.
    maxAge: Math.max(0, Math.floor((s.expiresAt.getTime() - deps.clock.now().getTime()) / 1000)),
  });
}

function tokenFrom(request: FastifyRequest): string | null {
  const header = request.headers.authorization;
  if (header?.startsWith("Bearer ")) return header.slice(7).trim() || null;
  return request.cookies?.[SESSION_COOKIE] ?? null;
}

/**
 * The person signed in by the session cookie of a request answered outside the signed-in contexts (an
 * address that names nothing, answered by the root's not-found handler): read from the Cookie header
 * itself, since no cookie plugin ran for it.
 */
export async function principalFromCookieHeader(
  deps: AppDeps,
  request: FastifyRequest,
): Promise<Principal | null> {
  for (const part of (request.headers.cookie ?? "").split(";")) {
    const [name, ...value] = part.trim().split("=");
    if (name !== SESSION_COOKIE) continue;
    try {
      const token = decodeURIComponent(value.join("="));
      return token ? await resolveSession(deps.database.db, deps.clock, token) : null;
    } catch {
      return null;
    }
  }
  return null;
}

/**
 * Resolves the caller from the bearer token or the session cookie on every request of the context it is
 * registered in (the API's and the pages'); elsewhere `request.principal` stays null (app.ts decorates it
 * for every request, so a route outside these contexts sees nobody signed in).
 */
export const authPlugin = fp(async (app: FastifyInstance) => {
  if (!app.hasRequestDecorator("principal")) app.decorateRequest("principal", null);
  app.addHook("onRequest", async (request) => {
    const token = tokenFrom(request);
    if (!token) return;
    request.principal = await resolveSession(app.deps.database.db, app.deps.clock, token);
    if (request.principal) request.log = request.log.child({ user: request.principal.userId });
  });
});
