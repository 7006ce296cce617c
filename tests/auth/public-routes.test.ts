/**
 * Routes whose authority is not the session (the feed's secret, the unsubscribe link, the login itself,
 * the stylesheet, the API docs) answer a signed-in browser as they answer anyone: the reach guard must not
 * turn them into 500s because a session cookie came along.
 */
import { describe, expect, it } from "vitest";
import { buildTestApp } from "../helpers/app.ts";
import { buildOrg } from "../helpers/fixtures.ts";

const t = await buildTestApp();
const org = await buildOrg(t);

async function cookieOf(email: string, password: string) {
  const res = await t.app.inject({ method: "POST", url: "/api/auth/login", payload: { email, password } });
  const c = res.cookies.find((x) => x.name === "chibo_session")!;
  return `${c.name}=${c.value}`;
}

describe("public routes with a session cookie", () => {
  it("serve a feed, the assets, the docs and the login to a signed-in browser", async () => {
    const cookie = await cookieOf("hoa@to1.vn", "mat-khau-dai-du");
    const feed = await t.app.inject({
      method: "POST",
      url: "/api/feeds",
      payload: { kind: "branch", branchId: org.branchA },
      headers: org.memberALogin,
    });
    expect(feed.statusCode).toBe(201);
    const feedPath = new URL(feed.json().httpsUrl).pathname;
    const page = await t.app.inject({ url: "/", headers: { cookie } });
    const css = page.body.match(/href="(\/static\/app\.css\?v=[^"]+)"/)![1]!;
    for (const url of [feedPath, css, "/favicon.ico", "/docs/json", "/healthz"]) {
      const res = await t.app.inject({ url, headers: { cookie } });
      expect(res.statusCode, url).toBeLessThan(300);
    }
    const again = await t.app.inject({
      method: "POST",
      url: "/api/auth/login",
      payload: { email: "hoa@to1.vn", password: "mat-khau-dai-du" },
      headers: { cookie, origin: "https://chibo.test" },
    });
    expect(again.statusCode).toBe(200);
  });
});
