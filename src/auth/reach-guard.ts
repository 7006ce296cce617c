/**
 * Fails closed when a signed-in caller's request succeeded without any reach decision: a route (or page)
 * that reached a service function that forgot to call `policy.ts` answers 500 instead of leaking, and
 * every role-matrix test fails on it. Routes about the caller's own account declare
 * `config: { reach: "self" }`; anonymous routes (login, feeds by token, unsubscribe) have no principal.
 */
import type { FastifyInstance } from "fastify";
import { problemBody } from "../http/errors.ts";
import { reachChecked } from "./policy.ts";

declare module "fastify" {
  interface FastifyContextConfig {
    /**
     * "self": the route acts on the caller's own account and needs no reach decision; "public": it
     * answers everyone alike (the health check) whoever is signed in.
     */
    reach?: "self" | "public";
  }
}

export function guardReach(app: FastifyInstance): void {
  // The OpenAPI page is registered by a plugin: it shows schemas, never data.
  app.addHook("onRoute", (route) => {
    if (route.url.startsWith("/docs"))
      route.config = { ...route.config, reach: route.config?.reach ?? "public" };
  });
  app.addHook("onSend", async (request, reply, payload) => {
    const p = request.principal;
    if (!p || reply.statusCode >= 400 || reply.statusCode === 304) return payload;
    if (request.routeOptions.config?.reach !== undefined || reachChecked(p)) return payload;
    request.log.error({ route: request.routeOptions.url }, "answer refused: no reach decision was taken");
    reply.code(500).type("application/problem+json; charset=utf-8");
    reply.removeHeader("content-disposition");
    reply.removeHeader("etag");
    return JSON.stringify(problemBody("reach_unchecked", "Đã có lỗi hệ thống; vui lòng thử lại sau."));
  });
}
