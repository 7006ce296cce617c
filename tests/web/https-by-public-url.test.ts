import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "../../src/config.ts";
import { ADMIN, buildTestApp } from "../helpers/app.ts";

async function loginAndHome(env: Record<string, string>) {
  const { app } = await buildTestApp({ env });
  const login = await app.inject({
    method: "POST",
    url: "/api/auth/login",
    payload: { email: ADMIN.email, password: ADMIN.password },
  });
  const cookie = String(login.headers["set-cookie"]);
  const page = await app.inject({ url: "/" });
  const api = await app.inject({ url: "/healthz" });
  return { cookie, page, api };
}

describe("https follows PUBLIC_URL", () => {
  it("over https: HSTS, upgrade-insecure-requests and a Secure session cookie", async () => {
    const { cookie, page, api } = await loginAndHome({ PUBLIC_URL: "https://chibo.example.vn" });
    expect(cookie).toMatch(/chibo_session=[^;]+;.*Secure/);
    expect(page.headers["strict-transport-security"]).toMatch(/max-age=31536000/);
    expect(page.headers["content-security-policy"]).toContain("upgrade-insecure-requests");
    expect(api.headers["strict-transport-security"]).toMatch(/max-age=/);
    expect(api.headers["content-security-policy"]).toContain("upgrade-insecure-requests");
  });

  it("over plain http on a LAN name: none of them, so that the login works", async () => {
    const { cookie, page, api } = await loginAndHome({ PUBLIC_URL: "http://chibo.lan:3000" });
    expect(cookie).toContain("chibo_session=");
    expect(cookie).not.toMatch(/Secure/i);
    for (const res of [page, api]) {
      expect(res.headers["strict-transport-security"]).toBeUndefined();
      expect(String(res.headers["content-security-policy"])).not.toContain("upgrade-insecure-requests");
    }
  });

  it("refuses to start with a Secure cookie forced on over plain http, naming the variable", () => {
    expect(() => loadConfig({ PUBLIC_URL: "http://chibo.lan:3000", COOKIE_SECURE: "true" })).toThrow(
      ConfigError,
    );
    expect(() => loadConfig({ PUBLIC_URL: "http://chibo.lan:3000", COOKIE_SECURE: "true" })).toThrow(
      /COOKIE_SECURE: phải là false/,
    );
    // Browsers keep Secure cookies on localhost: allowed there.
    expect(loadConfig({ PUBLIC_URL: "http://localhost:3000", COOKIE_SECURE: "true" }).cookieSecure).toBe(
      true,
    );
  });
});
