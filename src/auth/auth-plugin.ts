import type { FastifyInstance, FastifyRequest } from "fastify";
import fp from "fastify-plugin";
import { resolveSession } from "./auth-service.ts";

export const SESSION_COOKIE = "chibo_session";

function tokenFrom(request: FastifyRequest): string | null {
  const header = request.headers.authorization;
  if (header?.startsWith("Bearer ")) return header.slice(7).trim() || null;
  return request.cookies?.[SESSION_COOKIE] ?? null;
}

/** Resolves the caller from the bearer token or the session cookie on every request. */
export const authPlugin = fp(async (app: FastifyInstance) => {
  app.decorateRequest("principal", null);
  app.addHook("onRequest", async (request) => {
    const token = tokenFrom(request);
    if (!token) return;
    request.principal = await resolveSession(app.deps.database.db, app.deps.clock, token);
    if (request.principal) request.log = request.log.child({ user: request.principal.userId });
  });
});
