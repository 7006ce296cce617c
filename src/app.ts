/**
 * The app factory: builds the Fastify app from its dependencies and never listens. `server.ts` owns the
 * process (database, workers, signals, listen); tests build the app with a real database.
 */
import compress from "@fastify/compress";
import cookie from "@fastify/cookie";
import helmet from "@fastify/helmet";
import swagger from "@fastify/swagger";
import swaggerUi from "@fastify/swagger-ui";
import type { TypeBoxTypeProvider } from "@fastify/type-provider-typebox";
import Fastify, { type FastifyServerOptions, LogController } from "fastify";
import { auditRoutes } from "./audit/audit-routes.ts";
import { authPlugin } from "./auth/auth-plugin.ts";
import { authRoutes } from "./auth/auth-routes.ts";
import { csrfGuard } from "./auth/csrf.ts";
import { guardReach } from "./auth/reach-guard.ts";
import { campaignRoutes } from "./campaigns/campaign-routes.ts";
import { startFeedLive } from "./feeds/feed-live.ts";
import { feedRoutes } from "./feeds/feed-routes.ts";
import { holidayRoutes } from "./holidays/holiday-routes.ts";
import { frameworkErrors, registerErrorHandler } from "./http/errors.ts";
import { guardInput } from "./http/input-guard.ts";
import { safeError } from "./http/log-safety.ts";
import type { App, AppDeps } from "./http/types.ts";
import { minutesRoutes } from "./minutes/minutes-routes.ts";
import { organisationRoutes } from "./organisation/organisation-routes.ts";
import { planRoutes } from "./plan/plan-routes.ts";
import { reminderRoutes } from "./reminders/reminder-routes.ts";
import { reportsRoutes } from "./reports/reports-routes.ts";
import { oldMeetingAddress } from "./web/old-meeting-address.ts";
import { isPageRequest, pageNotFound } from "./web/page-errors.ts";
import { pageRoutes } from "./web/page-routes.ts";

export interface BuildOptions {
  logger?: FastifyServerOptions["logger"];
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
  // Before any route: the feed cache hears of every write answered by this instance.
  await startFeedLive(app, { maxBytes: deps.config.feedCacheMb * 1024 * 1024 });

  app.addHook("onResponse", async (request, reply) => {
    request.log.info(
      {
        method: request.method,
        route: request.routeOptions.url ?? "(unmatched)",
        status: reply.statusCode,
        ms: Math.round(reply.elapsedTime),
      },
      "request",
    );
  });

  registerErrorHandler(app, {
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
  guardReach(app);
  guardInput(app);
  await app.register(helmet, {
    // HSTS and upgrade-insecure-requests only when the app is served over https (PUBLIC_URL): on a plain
    // http LAN name they would send browsers to an https that does not exist.
    strictTransportSecurity: deps.config.https ? { maxAge: 31_536_000 } : false,
    // The OpenAPI page needs its own scripts and styles.
    contentSecurityPolicy: {
      directives: {
        upgradeInsecureRequests: deps.config.https ? [] : null,
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'", "'unsafe-inline'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", "data:"],
      },
    },
  });
  await app.register(cookie);
  await app.register(compress, { global: true, threshold: 1024, encodings: ["gzip", "deflate"] });
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
  await app.register(swaggerUi, {
    routePrefix: "/docs",
    // /docs is the API's reference: the pages' form routes, the feeds and /healthz stay out of what it
    // serves. app.swagger() keeps every route's schemas (tests/fuzz walks them all).
    transformSpecificationClone: false,
    transformSpecification: (doc) => ({
      ...doc,
      paths: Object.fromEntries(Object.entries(doc.paths ?? {}).filter(([path]) => path.startsWith("/api/"))),
    }),
  });
  await app.register(authPlugin);
  // Cookie-authenticated state changes from another site are refused (see csrf.ts).
  await app.register(csrfGuard);

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

  await app.register(authRoutes, { prefix: "/api" });
  await app.register(organisationRoutes, { prefix: "/api" });
  await app.register(minutesRoutes, { prefix: "/api" });
  await app.register(auditRoutes, { prefix: "/api" });
  await app.register(reportsRoutes, { prefix: "/api" });
  await app.register(feedRoutes);
  await app.register(campaignRoutes, { prefix: "/api" });
  await app.register(holidayRoutes, { prefix: "/api" });
  await app.register(planRoutes, { prefix: "/api" });
  await app.register(oldMeetingAddress);
  await app.register(pageRoutes);
  await app.register(reminderRoutes);
  return app;
}
