/**
 * The pages' one stylesheet and one script, served from memory with a content hash in the URL, so that
 * phones on weak connections fetch them once and the pages carry no inline script (CSP without
 * 'unsafe-inline').
 */
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import type { App } from "../http/types.ts";

interface Asset {
  body: Buffer;
  type: string;
  hash: string;
}

function load(name: string, type: string): Asset {
  const body = readFileSync(new URL(`./assets/${name}`, import.meta.url));
  return { body, type, hash: createHash("sha256").update(body).digest("base64url").slice(0, 12) };
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
        .type(a.type)
        .header("cache-control", "public, max-age=31536000, immutable")
        .header("etag", `"${a.hash}"`);
      return a.body;
    },
  );
}
