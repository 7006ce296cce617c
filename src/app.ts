/**
 * The app factory: builds the Fastify app from its dependencies and never listens. `server.ts` owns the
 * process (database, workers, signals, listen); tests build the app with a real database.
 */
import compress from "@fastify/compress";
import cookie from "@fastify/cookie";
import swagger from "@fastify/swagger";
import swaggerUi from "@fastify/swagger-ui";
import type { TypeBoxTypeProvider } from "@fastify/type-provider-typebox";
import Fastify, { type FastifyPluginAsync, type FastifyServerOptions, LogController } from "fastify";
import { auditRoutes } from "./audit/audit-routes.ts";
import { accountsRoutes } from "./auth/accounts-routes.ts";
import { authPlugin } from "./auth/auth-plugin.ts";
import { authRoutes } from "./auth/auth-routes.ts";
import { csrfGuard } from "./auth/csrf.ts";
import { guardReach } from "./auth/reach-guard.ts";
import { campaignRoutes } from "./campaigns/campaign-routes.ts";
import { startFeedLive } from "./feeds/feed-live.ts";
import { feedRoutes, feedServing } from "./feeds/feed-routes.ts";
import { holidayRoutes } from "./holidays/holiday-routes.ts";
import { frameworkErrors, registerErrorHandler } from "./http/errors.ts";
import { guardInput } from "./http/input-guard.ts";
import { safeError } from "./http/log-safety.ts";
import { apiHeaders, feedHeaders, pageHeaders, sendHeaders } from "./http/security-headers.ts";
import type { App, AppDeps } from "./http/types.ts";
import { minutesRoutes } from "./minutes/minutes-routes.ts";
import { organisationRoutes } from "./organisation/organisation-routes.ts";
import { standingRoutes } from "./organisation/standing-routes.ts";
import { planRoutes } from "./plan/plan-routes.ts";
import { ratingsRoutes } from "./ratings/ratings-routes.ts";
import { reminderRoutes } from "./reminders/reminder-routes.ts";
import { reportsRoutes } from "./reports/reports-routes.ts";
import { assetRoutes } from "./web/assets.ts";
import { oldMeetingAddress } from "./web/old-meeting-address.ts";
import { startPageCache } from "./web/page-cache.ts";
import { isPageRequest, pageNotFound } from "./web/page-errors.ts";
import { pageRoutes } from "./web/page-routes.ts";
// Each zone's offsets are remembered (luxon asks Intl for them on every DateTime): see the file.
import "./zone-offsets.ts";

export interface BuildOptions {
  logger?: FastifyServerOptions["logger"];
  /** More plugins registered in the API's context after its own routes (tests' probe routes). */
  apiPlugins?: FastifyPluginAsync[];
}

/** Log redaction: no passwords, tokens, cookies or feed links in the logs. */
export const REDACT = [
  "req.headers.authorization",
  "req.headers.cookie",
  'res.headers["set-cookie"]',
  "password",
  "*.password",
  "token",
  "*.token",
];

export async function buildApp(deps: AppDeps, opts: BuildOptions = {}): Promise<App> {
  const app = Fastify({
    // Errors are logged through safeError: no statement parameters, no full email addresses.
    logger:
      opts.logger && typeof opts.logger === "object"
        ? { ...opts.logger, serializers: { err: safeError, ...opts.logger.serializers } }
        : (opts.logger ?? false),
    trustProxy: deps.config.trustProxy,
    genReqId: () => crypto.randomUUID(),
    requestIdHeader: false,
    // Feed tokens live in the path: the request log shows the route pattern instead of the URL.
    logController: new LogController({ disableRequestLogging: true }),
    frameworkErrors,
    ajv: {
      customOptions: { removeAdditional: false, coerceTypes: "array", useDefaults: true, allErrors: true },
    },
  }).withTypeProvider<TypeBoxTypeProvider>();
  app.decorate("deps", deps);
  // Nobody is signed in unless the context's auth hook says so (only the API's and the pages' have one).
  app.decorateRequest("principal", null);
  // Before any route: the feed cache hears of every write answered by this instance.
  await startFeedLive(app, { maxBytes: deps.config.feedCacheMb * 1024 * 1024 });
  // Rendered pages, dropped by the same notifications (src/web/page-cache.ts).
  startPageCache(app, deps.config.pageCacheMb * 1024 * 1024);

  // The request log, only when there is a log to write to.
  if (opts.logger) {
    app.addHook("onResponse", (request, reply, done) => {
      request.log.info(
        {
          method: request.method,
          route: request.routeOptions.url ?? "(unmatched)",
          status: reply.statusCode,
          ms: Math.round(reply.elapsedTime),
        },
        "request",
      );
      done();
    });
  }

  registerErrorHandler(app, {
    notFoundHeaders: apiHeaders(deps.config),
    // An unknown address opened in a browser is a page; the API's stay problem documents.
    notFound: async (request, reply) => {
      if (!isPageRequest(request)) return false;
      await pageNotFound(request, reply);
      return true;
    },
  });
  // A pooled connection lost while idle (server restart, network cut): the pool replaces it on demand.
  const poolError = (err: Error) => app.log.warn({ err }, "database connection lost");
  deps.database.pool.on("error", poolError);
  app.addHook("onClose", async () => {
    deps.database.pool.off("error", poolError);
  });
  // At the root: the OpenAPI document collects the routes of every context.
  await app.register(swagger, {
    openapi: {
      info: {
        title: "chibo API",
        version: "0.1.0",
        description:
          "Kế hoạch sinh hoạt chi bộ hằng tháng: tổ chức, chuyên đề, lịch iCal, nhắc lịch, biên bản, báo cáo.",
      },
      components: {
        securitySchemes: {
          bearer: { type: "http", scheme: "bearer" },
          cookie: { type: "apiKey", in: "cookie", name: "chibo_session" },
        },
      },
      security: [{ bearer: [] }, { cookie: [] }],
    },
  });

  /*
   * Each kind of route in its own context (an encapsulated Fastify plugin) with only the hooks it needs;
   * the security headers of each are computed once (security-headers.ts). Nothing that checks a caller
   * is registered at the root: a route added outside these four contexts sees nobody signed in.
   *
   *                 session  CSRF  reach guard  input guard  compression   headers
   *   feeds           –       –        –            –        precomputed   nosniff, HSTS
   *   assets/health   –       –        –            –        precomputed   the API's
   *   pages           ✓       ✓        ✓            ✓        ✓             the pages' (their CSP)
   *   API (+ /docs)   ✓       ✓        ✓            ✓        ✓             the API's
   */

  // Calendar feeds: the token in the path is the authority; calendar apps poll them all day.
  await app.register(async (feeds: App) => {
    sendHeaders(feeds, feedHeaders(deps.config));
    await feeds.register(feedServing);
  });

  // The pages' stylesheet and scripts (from memory, gzip made once) and the health check.
  await app.register(async (statics: App) => {
    sendHeaders(statics, apiHeaders(deps.config));
    await statics.register(assetRoutes);
    await statics.register(healthRoutes);
  });

  // Server-rendered pages, signed in by the session cookie.
  await app.register(async (pages: App) => {
    // First, so that an answer refused by a later hook (a database down while resolving the session)
    // still carries them.
    sendHeaders(pages, pageHeaders(deps.config));
    await signedInContext(pages);
    await pages.register(oldMeetingAddress);
    await pages.register(pageRoutes);
  });

  // The JSON API and its reference, signed in by a bearer token or the session cookie. The unsubscribe
  // page (by its token) is registered with its capability's API routes and keeps the API's context.
  await app.register(async (api: App) => {
    sendHeaders(api, apiHeaders(deps.config));
    await signedInContext(api);
    await api.register(swaggerUi, {
      routePrefix: "/docs",
      // /docs is the API's reference: the pages' form routes, the feeds and /healthz stay out of what it
      // serves. app.swagger() keeps every route's schemas (tests/fuzz walks them all).
      transformSpecificationClone: false,
      transformSpecification: (doc) => ({
        ...doc,
        paths: Object.fromEntries(
          Object.entries(doc.paths ?? {}).filter(([path]) => path.startsWith("/api/")),
        ),
      }),
    });
    await api.register(authRoutes, { prefix: "/api" });
    await api.register(accountsRoutes, { prefix: "/api" });
    await api.register(organisationRoutes, { prefix: "/api" });
    await api.register(standingRoutes, { prefix: "/api" });
    await api.register(minutesRoutes, { prefix: "/api" });
    await api.register(auditRoutes, { prefix: "/api" });
    await api.register(reportsRoutes, { prefix: "/api" });
    await api.register(feedRoutes);
    await api.register(campaignRoutes, { prefix: "/api" });
    await api.register(holidayRoutes, { prefix: "/api" });
    await api.register(planRoutes, { prefix: "/api" });
    await api.register(ratingsRoutes, { prefix: "/api" });
    await api.register(reminderRoutes);
    for (const plugin of opts.apiPlugins ?? []) await api.register(plugin);
  });
  return app;
}

/**
 * What a context whose routes act for a signed-in person needs, in the order a request meets it: the
 * cookie, the caller (bearer token or session cookie), the reach guard (a signed-in success without a
 * reach decision answers 500), the input guard (NUL bytes, infinite numbers), the CSRF check, and
 * compression of what it renders.
 */
async function signedInContext(app: App): Promise<void> {
  guardReach(app);
  guardInput(app);
  await app.register(cookie);
  // A page (up to 64 KiB: the meeting page is ~30) is compressed in one call: above @fastify/compress's own
  // threshold (8 KiB on 2 cores) it builds a stream pipeline per answer, which cost more than the gzip itself.
  await app.register(compress, {
    global: true,
    threshold: 1024,
    syncThreshold: 64 * 1024,
    encodings: ["gzip", "deflate"],
    // Level 1: the 29 KiB meeting page in ~0.4 ms instead of ~1 ms at zlib's default 6, for ~10 % more bytes
    // (about 1 KiB: one more TCP segment on a phone); gzip was 10 % of a page's CPU (bench/README.md).
    zlibOptions: { level: 1 },
  });
  await app.register(authPlugin);
  // Cookie-authenticated state changes from another site are refused (see csrf.ts).
  await app.register(csrfGuard);
}

/** GET /healthz: the same answer for everyone, from the database's state. */
async function healthRoutes(app: App): Promise<void> {
  const { deps } = app;
  app.get(
    "/healthz",
    {
      schema: { tags: ["system"], summary: "Tình trạng dịch vụ và cơ sở dữ liệu", security: [] },
      // The same answer for everyone: a monitor or a browser sending its session is not refused.
      config: { reach: "public" },
    },
    async (_request, reply) => {
      try {
        const started = performance.now();
        await deps.database.pool.query("select 1");
        return {
          status: "ok",
          database: { state: "up", latencyMs: Math.round(performance.now() - started) },
        };
      } catch {
        reply.code(503);
        return { status: "degraded", database: { state: "down" } };
      }
    },
  );
}
