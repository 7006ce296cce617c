/**
 * Each kind of route runs in its own context with only its hooks; what every answer must still carry is
 * there: an unmatched URL's 404 has the security headers, the assets are served gzipped (made once at
 * start) and revalidated with a 304.
 */
import { gunzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { buildTestApp } from "../helpers/app.ts";

const { app } = await buildTestApp();

describe("the contexts of the app", () => {
  it("answers an unmatched URL with the security headers: a page for a person, a problem for the API", async () => {
    const page = await app.inject({ url: "/khong-co-trang-nay" });
    expect(page.statusCode).toBe(404);
    expect(page.headers["content-type"]).toContain("text/html");
    expect(page.body).toContain("Không tìm thấy");
    const api = await app.inject({ url: "/api/khong-co-duong-nay" });
    expect(api.statusCode).toBe(404);
    expect(api.headers["content-type"]).toContain("application/problem+json");
    for (const res of [page, api]) {
      expect(res.headers["x-content-type-options"]).toBe("nosniff");
      expect(res.headers["content-security-policy"]).toContain("default-src 'self'");
      expect(res.headers["strict-transport-security"]).toMatch(/max-age=/);
    }
  });

  it("serves the stylesheet gzipped to a browser that accepts it, and 304 on its ETag", async () => {
    const login = await app.inject({ url: "/" });
    const css = login.body.match(/href="(\/static\/app\.css\?v=[^"]+)"/)![1]!;
    const plain = await app.inject({ url: css });
    expect(plain.statusCode).toBe(200);
    expect(plain.headers["content-encoding"]).toBeUndefined();
    expect(plain.headers["x-content-type-options"]).toBe("nosniff");
    const gz = await app.inject({ url: css, headers: { "accept-encoding": "gzip, deflate, br" } });
    expect(gz.headers["content-encoding"]).toBe("gzip");
    expect(String(gz.headers.vary)).toMatch(/accept-encoding/i);
    expect(gunzipSync(gz.rawPayload).toString("utf8")).toBe(plain.body);
    const refused = await app.inject({ url: css, headers: { "accept-encoding": "gzip;q=0, identity" } });
    expect(refused.headers["content-encoding"]).toBeUndefined();
    const again = await app.inject({ url: css, headers: { "if-none-match": String(plain.headers.etag) } });
    expect(again.statusCode).toBe(304);
  });
});
