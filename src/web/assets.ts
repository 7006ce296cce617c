/**
 * The pages' one stylesheet and one script, served from memory with a content hash in the URL, so that
 * phones on weak connections fetch them once and the pages carry no inline script (CSP without
 * 'unsafe-inline').
 */
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { gzipSync } from "node:zlib";
import type { FastifyReply, FastifyRequest } from "fastify";
import { acceptsGzip } from "../http/precompressed.ts";
import type { App } from "../http/types.ts";
import { iconPng } from "./icons.ts";

interface Asset {
  body: Buffer;
  /** Made once at start (they are served in the assets' context, which runs no compression hook). */
  gzip: Buffer;
  type: string;
  hash: string;
  etag: string;
}

function load(name: string, type: string): Asset {
  return made(readFileSync(new URL(`./assets/${name}`, import.meta.url)), type);
}

function made(body: Buffer, type: string): Asset {
  const hash = createHash("sha256").update(body).digest("base64url").slice(0, 12);
  return { body, gzip: gzipSync(body, { level: 9 }), type, hash, etag: `"${hash}"` };
}

const ASSETS: Record<string, Asset> = {
  "app.css": load("app.css", "text/css; charset=utf-8"),
  "app.js": load("app.js", "text/javascript; charset=utf-8"),
  "meeting.js": load("meeting.js", "text/javascript; charset=utf-8"),
  "icon-180.png": made(iconPng(180), "image/png"),
  "icon-192.png": made(iconPng(192), "image/png"),
  "icon-512.png": made(iconPng(512), "image/png"),
};

/** The service worker: at the root (its scope is the whole site), revalidated on every check. */
const SERVICE_WORKER = load("sw.js", "text/javascript; charset=utf-8");

/** The web app manifest (installable on Android; iPhone reads the apple-touch-icon and the name). */
const MANIFEST = made(
  Buffer.from(
    JSON.stringify({
      name: "chibo – lịch sinh hoạt chi bộ",
      short_name: "chibo",
      lang: "vi",
      start_url: "/",
      scope: "/",
      display: "standalone",
      background_color: "#ffffff",
      theme_color: "#c8102e",
      icons: [
        { src: "/static/icon-192.png", sizes: "192x192", type: "image/png", purpose: "any" },
        { src: "/static/icon-512.png", sizes: "512x512", type: "image/png", purpose: "any" },
        { src: "/static/icon-512.png", sizes: "512x512", type: "image/png", purpose: "maskable" },
      ],
    }),
  ),
  "application/manifest+json; charset=utf-8",
);

/** Sends an asset (gzip when accepted), with its ETag. */
function serve(request: FastifyRequest, reply: FastifyReply, a: Asset, cacheControl: string) {
  reply.header("cache-control", cacheControl).header("vary", "Accept-Encoding").header("etag", a.etag);
  if (request.headers["if-none-match"] === a.etag) return reply.code(304).send();
  reply.type(a.type);
  if (!acceptsGzip(request.headers["accept-encoding"])) return reply.send(a.body);
  return reply.header("content-encoding", "gzip").send(a.gzip);
}

/** The versioned URL of an asset, e.g. `/static/app.css?v=…`. */
export function assetUrl(name: keyof typeof ASSETS & string): string {
  return `/static/${name}?v=${ASSETS[name]!.hash}`;
}

export async function assetRoutes(app: App) {
  // Browsers ask for it on every site; an empty answer they may keep saves a 404 per page on weak links.
  app.get(
    "/favicon.ico",
    { config: { reach: "public" }, schema: { hide: true } },
    async (_request, reply) => {
      reply.code(204).header("cache-control", "public, max-age=604800");
    },
  );
  app.get("/sw.js", { config: { reach: "public" }, schema: { hide: true } }, async (request, reply) =>
    serve(request, reply, SERVICE_WORKER, "no-cache"),
  );
  app.get(
    "/manifest.webmanifest",
    { config: { reach: "public" }, schema: { hide: true } },
    async (request, reply) => serve(request, reply, MANIFEST, "public, max-age=86400"),
  );
  app.get(
    "/static/:name",
    {
      config: { reach: "public" },
      schema: {
        hide: true,
        params: { type: "object", properties: { name: { type: "string", maxLength: 40 } } },
      },
    },
    async (request, reply) => {
      const a = ASSETS[(request.params as { name: string }).name];
      if (!a) return reply.callNotFound();
      reply
        .header("cache-control", "public, max-age=31536000, immutable")
        .header("vary", "Accept-Encoding")
        .header("etag", a.etag);
      // The ETag names the bytes before any coding, whichever coding is sent (as the feeds do).
      if (request.headers["if-none-match"] === a.etag) return reply.code(304).send();
      reply.type(a.type);
      if (!acceptsGzip(request.headers["accept-encoding"])) return reply.send(a.body);
      return reply.header("content-encoding", "gzip").send(a.gzip);
    },
  );
}
