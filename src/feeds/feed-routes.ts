/**
 * Feed subscriptions under /api/feeds (logged in, reach-checked: `feedRoutes`) and the feeds themselves
 * under /feeds/<token>.ics (no login: the token is the secret: `feedServing`).
 *
 * The token is in the path, so nothing here logs `request.url`: the app's request log records the
 * route pattern, and the 404 below names the route pattern too.
 */
import type { FastifyReply, FastifyRequest } from "fastify";
import { Type } from "typebox";
import { requireUser } from "../auth/principal.ts";
import { acceptsGzip, gzipOnce } from "../http/precompressed.ts";
import { IdParams, problems } from "../http/schemas.ts";
import type { App } from "../http/types.ts";
import { FeedLinkSchema, FeedParams, FeedSubscriptionSchema, NewFeedBody } from "./feed-schemas.ts";
import { createFeed, feedBytes, listFeeds, resolveFeed, revokeFeed, rotateFeed } from "./feed-service.ts";

/** Calendar apps poll; a shared cache must not keep someone's private feed. */
const CACHE_CONTROL = "private, max-age=300";

/** If-None-Match uses the weak comparison (RFC 9110 §13.1.2): "W/" is ignored, "*" matches anything. */
export function etagMatches(header: string, etag: string): boolean {
  const bare = etag.replace(/^W\//, "");
  return header.split(",").some((t) => {
    const v = t.trim();
    return v === "*" || v.replace(/^W\//, "") === bare;
  });
}

/** The ETag of the gzip coding of a feed: another representation, so another strong ETag (RFC 9110
 * §8.8.3), derived from the plain one so that either is known without rendering. */
export function gzipEtag(etag: string): string {
  return `${etag.slice(0, -1)}-gz"`;
}

function notFoundFeed(reply: FastifyReply) {
  return reply
    .code(404)
    .type("application/problem+json; charset=utf-8")
    .header("cache-control", "no-store")
    .send({
      type: "about:blank",
      title: "Không tìm thấy",
      status: 404,
      code: "not_found",
      detail: "Đường dẫn lịch không tồn tại hoặc đã bị thu hồi",
      instance: "/feeds/{token}.ics",
    });
}

/** The subscriptions under /api/feeds: in the API's context (signed in, reach-checked). */
export async function feedRoutes(app: App) {
  const { deps } = app;
  const tags = ["feeds"];

  app.post(
    "/api/feeds",
    {
      schema: {
        tags,
        summary:
          "Tạo đường dẫn đăng ký lịch (iCal) của chính mình cho chi bộ, đảng viên hoặc cấp ủy trong phạm vi",
        body: NewFeedBody,
        response: { 201: FeedLinkSchema, ...problems },
      },
    },
    async (request, reply) => {
      reply.code(201);
      return createFeed(deps, requireUser(request), request.body);
    },
  );

  app.get(
    "/api/feeds",
    {
      schema: {
        tags,
        summary: "Các đường dẫn lịch đang dùng của người dùng (không kèm mã bí mật)",
        response: { 200: Type.Array(FeedSubscriptionSchema), ...problems },
      },
    },
    async (request) => listFeeds(deps, requireUser(request)),
  );

  app.post(
    "/api/feeds/:id/rotate",
    {
      schema: {
        tags,
        summary: "Đổi mã đường dẫn lịch: đường dẫn cũ ngừng hoạt động ngay",
        params: IdParams,
        response: { 200: FeedLinkSchema, ...problems },
      },
    },
    async (request) => rotateFeed(deps, requireUser(request), { id: request.params.id }),
  );

  app.delete(
    "/api/feeds/:id",
    {
      schema: {
        tags,
        summary: "Thu hồi đường dẫn lịch",
        params: IdParams,
        response: { 204: Type.Null(), ...problems },
      },
    },
    async (request, reply) => {
      await revokeFeed(deps, requireUser(request), { id: request.params.id });
      return reply.code(204).send(null);
    },
  );
}

/**
 * The feeds themselves, `/feeds/<token>.ics`: registered in the feeds' own context (app.ts), which runs no
 * session, CSRF or reach hook: the secret in the path is the only authority.
 */
export async function feedServing(app: App) {
  const { deps } = app;
  const tags = ["feeds"];
  const live = app.feedLive;
  const cache = live.feeds;

  const serveFeed = async (request: FastifyRequest<{ Params: { token: string } }>, reply: FastifyReply) => {
    const state = await resolveFeed(deps, live, request.params.token);
    if (!state) return notFoundFeed(reply);

    const lastModified = state.lastModified.toUTCString();
    // The route codes its own gzip (the compress plugin is off for it): one Vary, an ETag per coding, and a
    // HEAD that reports the length its GET would send.
    const gz = acceptsGzip(request.headers["accept-encoding"]);
    const tagOf = (etag: string) => (gz ? gzipEtag(etag) : etag);
    reply
      .header("cache-control", CACHE_CONTROL)
      .header("vary", "Accept-Encoding")
      .header("last-modified", lastModified);
    const inm = request.headers["if-none-match"];
    const ims = request.headers["if-modified-since"];

    // The common case: an unchanged feed answered from the version key, without rendering.
    const cached = cache.peek(state.scope, state.version);
    // The ETag may outlive the evicted bytes: a revalidation of an unchanged feed still costs no render.
    const known = cached?.etag ?? cache.etagOf(state.scope, state.version);
    if (inm && known && etagMatches(inm, tagOf(known)))
      return reply.code(304).header("etag", tagOf(known)).send();
    if (!inm && ims) {
      const since = Date.parse(ims);
      if (!Number.isNaN(since) && state.lastModified.getTime() <= since) {
        if (cached) reply.header("etag", tagOf(cached.etag));
        return reply.code(304).send();
      }
    }

    const feed = cached ?? (await cache.get(state.scope, state.version, () => feedBytes(deps, state)));
    const etag = tagOf(feed.etag);
    reply.header("etag", etag);
    if (inm && etagMatches(inm, etag)) return reply.code(304).send();
    reply.type("text/calendar; charset=utf-8");
    if (!gz) return reply.send(feed.body);
    // The feeds' context runs no compression hook: the gzip is made once per version and kept with the bytes.
    feed.gzip ??= gzipOnce(feed.body);
    return reply.header("content-encoding", "gzip").send(await feed.gzip);
  };

  app.get(
    "/feeds/:token.ics",
    {
      // The secret in the path is the authority; a browser that also sends a session cookie changes nothing.
      config: { reach: "public" },
      compress: false,
      schema: {
        tags,
        summary:
          "Lịch iCal của chi bộ, đảng viên hoặc cấp ủy (không cần đăng nhập: mã trong đường dẫn là bí mật)",
        security: [],
        params: FeedParams,
      },
    },
    serveFeed,
  );
}
