/**
 * The security headers of each kind of answer, computed once at start: they are the same for every answer
 * of a kind, so a request only copies a frozen list (no per-request middleware as @fastify/helmet runs).
 * helmet itself computes them, so its defaults (and their updates) still decide what a header says.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import type { FastifyInstance } from "fastify";
import helmet, { type HelmetOptions } from "helmet";
import type { Config } from "../config.ts";

export type HeaderList = readonly (readonly [name: string, value: string])[];

/** What helmet would set with `options`, captured from one run against a recording response. */
export function helmetHeaders(options: Readonly<HelmetOptions>): HeaderList {
  const headers = new Map<string, string>();
  const res = {
    setHeader(name: string, value: unknown) {
      headers.set(name.toLowerCase(), String(value));
    },
    removeHeader(name: string) {
      headers.delete(name.toLowerCase());
    },
  };
  let done = false;
  helmet(options)({} as IncomingMessage, res as unknown as ServerResponse, (err?: unknown) => {
    if (err) throw err;
    done = true;
  });
  // helmet's middlewares are synchronous; if that ever changed, starting must fail rather than send nothing.
  if (!done) throw new Error("helmet did not finish synchronously");
  return Object.freeze([...headers].map(([k, v]) => Object.freeze([k, v] as const)));
}

/** The pages' policy: scripts and styles from the app only (no inline script), forms to the app only. */
export const PAGE_CSP =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; " +
  "form-action 'self'; frame-ancestors 'none'; base-uri 'none'; object-src 'none'";

/** HSTS only when the app is served over https (PUBLIC_URL): on a plain http LAN name it would send
 * browsers to an https that does not exist. */
const hsts = (config: Pick<Config, "https">) => (config.https ? { maxAge: 31_536_000 } : (false as const));

/** The API, the OpenAPI page, the assets and the health check: helmet's defaults, with a policy that lets
 * the OpenAPI page run its own scripts and styles. */
export function apiHeaders(config: Pick<Config, "https">): HeaderList {
  return helmetHeaders({
    strictTransportSecurity: hsts(config),
    contentSecurityPolicy: {
      directives: {
        upgradeInsecureRequests: config.https ? [] : null,
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'", "'unsafe-inline'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", "data:"],
      },
    },
  });
}

/** The HTML pages: helmet's defaults with the pages' own policy (no inline script; over https it also
 * upgrades any http subresource) and a same-origin Referer, so that forms send the Origin the CSRF
 * check reads (under no-referrer browsers send "null"). */
export function pageHeaders(config: Pick<Config, "https">): HeaderList {
  const base = helmetHeaders({
    strictTransportSecurity: hsts(config),
    contentSecurityPolicy: false,
    referrerPolicy: { policy: "same-origin" },
  });
  const csp = config.https ? `${PAGE_CSP}; upgrade-insecure-requests` : PAGE_CSP;
  return Object.freeze([...base, Object.freeze(["content-security-policy", csp] as const)]);
}

/** Calendar feeds: data for calendar apps, never a document a browser renders or frames; only what
 * still matters there. */
export function feedHeaders(config: Pick<Config, "https">): HeaderList {
  const keep = new Set(["x-content-type-options", "strict-transport-security"]);
  return Object.freeze(apiHeaders(config).filter(([name]) => keep.has(name)));
}

/** Every answer of this context (errors and redirects included) carries `headers`. */
export function sendHeaders(app: FastifyInstance, headers: HeaderList): void {
  // A callback hook, not an async one: no promise per request for a copy.
  app.addHook("onRequest", (_request, reply, done) => {
    for (const [name, value] of headers) reply.header(name, value);
    done();
  });
}
