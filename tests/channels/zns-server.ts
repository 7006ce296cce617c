/**
 * A Zalo of the tests' own on 127.0.0.1: the two documented requests (send a ZNS template message, refresh
 * the OA's access token) and their documented answers. Like Zalo, it rotates the refresh token on each use
 * (the old one is then refused) and refuses an access token it did not issue or has expired with -124.
 * What it answers a phone number is set by the test (`answer`).
 */
import { createServer, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";

export const APP_ID = "4318052147520091234";
export const SECRET = "bi-mat-ung-dung-zalo";
export const FIRST_REFRESH = "refresh-token-dau-tien";
export const TEMPLATE_ID = "412345";

export interface TemplateCall {
  accessToken: string | undefined;
  body: { phone: string; template_id: string; template_data: Record<string, string>; tracking_id: string };
}

type Answer = { status?: number; body: unknown; headers?: Record<string, string> };

async function bodyOf(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

export async function startZnsServer() {
  let n = 0;
  let access = "";
  let refresh = FIRST_REFRESH;
  const state = {
    refreshes: 0,
    refreshDelayMs: 0,
    sends: [] as TemplateCall[],
    /** Answers by phone (84…); a phone without one gets success. */
    answers: new Map<string, Answer>(),
    /** Zalo forgets the access token it issued (expired or revoked early). */
    expireAccess() {
      access = "";
    },
    /** Zalo voids the refresh token (e.g. refreshed by another app holding a copy). */
    voidRefresh() {
      refresh = "";
    },
    setRefresh(token: string) {
      refresh = token;
    },
  };

  const server = createServer(async (req, res) => {
    const text = await bodyOf(req);
    const reply = (a: Answer) => {
      res.writeHead(a.status ?? 200, { "content-type": "application/json", ...a.headers });
      res.end(JSON.stringify(a.body));
    };
    if (req.method === "POST" && req.url === "/v4/oa/access_token") {
      const form = new URLSearchParams(text);
      if (req.headers.secret_key !== SECRET || form.get("app_id") !== APP_ID) {
        return reply({
          body: { error: -14002, error_name: "Invalid app", error_description: "secret_key sai" },
        });
      }
      if (form.get("grant_type") !== "refresh_token" || !refresh || form.get("refresh_token") !== refresh) {
        return reply({
          body: {
            error: -14014,
            error_name: "Invalid refresh token",
            error_description: "Refresh token không hợp lệ",
          },
        });
      }
      await new Promise((r) => setTimeout(r, state.refreshDelayMs));
      state.refreshes++;
      n++;
      access = `access-${n}-${Math.random().toString(36).slice(2)}`;
      refresh = `refresh-${n}-${Math.random().toString(36).slice(2)}`;
      return reply({ body: { access_token: access, refresh_token: refresh, expires_in: "90000" } });
    }
    if (req.method === "POST" && req.url === "/message/template") {
      const body = JSON.parse(text) as TemplateCall["body"];
      const token = req.headers.access_token as string | undefined;
      state.sends.push({ accessToken: token, body });
      if (!token || token !== access) {
        return reply({ body: { error: -124, message: "Access token is invalid", data: {} } });
      }
      if (!/^84\d{9}$/.test(body.phone) || body.template_id !== TEMPLATE_ID || !body.template_data) {
        return reply({ body: { error: -132, message: "Invalid parameter" } });
      }
      const answer = state.answers.get(body.phone);
      if (answer) return reply(answer);
      return reply({
        body: {
          error: 0,
          message: "Success",
          data: {
            msg_id: `msg-${state.sends.length}`,
            sent_time: "1733385600000",
            quota: { dailyQuota: "500", remainingQuota: "499" },
          },
        },
      });
    }
    reply({ status: 404, body: { error: -106, message: "Method unsupported" } });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    state,
    url,
    env: {
      ZALO_APP_ID: APP_ID,
      ZALO_SECRET_KEY: SECRET,
      ZALO_REFRESH_TOKEN: FIRST_REFRESH,
      ZALO_TEMPLATE_ID: TEMPLATE_ID,
      ZALO_API_URL: url,
      ZALO_OAUTH_URL: url,
    },
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}
