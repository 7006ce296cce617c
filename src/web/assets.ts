/**
 * The pages' one stylesheet and one script, served from memory with a content hash in the URL, so that
 * phones on weak connections fetch them once and the pages carry no inline script (CSP without
 * 'unsafe-inline').
 */
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { gzipSync } from "node:zlib";
import { acceptsGzip } from "../http/precompressed.ts";
import type { App } from "../http/types.ts";

interface Asset {
  body: Buffer;
  /** Made once at start (they are served in the assets' context, which runs no compression hook). */
  gzip: Buffer;
  type: string;
  hash: string;
  etag: string;
}

function load(name: string, type: string): Asset {
  const body = readFileSync(new URL(`./assets/${name}`, import.meta.url));
  const hash = createHash("sha256").update(body).digest("base64url").slice(0, 12);
  return { body, gzip: gzipSync(body, { level: 9 }), type, hash, etag: `"${hash}"` };
}

const ASSETS: Record<string, Asset> = {
  "app.css": load("app.css", "text/css; charset=utf-8"),
  "app.js": load("app.js", "text/javascript; charset=utf-8"),
  "meeting.js": load("meeting.js", "text/javascript; charset=utf-8"),
};

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
