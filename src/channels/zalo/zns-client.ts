/**
 * The two requests chibo makes to Zalo, as Zalo documents them, and nothing else: no rule here, only the
 * wire. Send a template message: `POST {apiUrl}/message/template`, header `access_token`, JSON body
 * `{phone, template_id, template_data, tracking_id}`, answer `{error, message, data: {msg_id, …}}`.
 * Refresh the OA's access token: `POST {oauthUrl}/v4/oa/access_token`, header `secret_key`, form
 * `refresh_token, app_id, grant_type=refresh_token`, answer `{access_token, refresh_token, expires_in}` or
 * `{error, error_name, error_description}`. Tokens never reach a log: errors carry Zalo's message only.
 */
import type { ZaloConfig } from "../../config.ts";
import type { ZnsAnswer } from "./zns-answers.ts";

const TIMEOUT_MS = 10_000;

function retryAfterOf(res: Response): number | undefined {
  const v = res.headers.get("retry-after");
  return v && /^\d+$/.test(v) ? Number(v) : undefined;
}

async function jsonOf(res: Response): Promise<Record<string, unknown> | null> {
  try {
    const body = (await res.json()) as unknown;
    return body && typeof body === "object" ? (body as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

const networkMessage = (err: unknown) =>
  err instanceof Error ? (err.name === "TimeoutError" ? "hết thời gian chờ" : err.message) : String(err);

export interface TemplateRequest {
  phone: string;
  template_id: string;
  template_data: Record<string, string>;
  tracking_id: string;
}

export async function sendTemplate(
  cfg: ZaloConfig,
  accessToken: string,
  body: TemplateRequest,
): Promise<ZnsAnswer> {
  let res: Response;
  try {
    res = await fetch(`${cfg.apiUrl}/message/template`, {
      method: "POST",
      headers: { "content-type": "application/json", access_token: accessToken },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
  } catch (err) {
    return { httpStatus: 0, error: null, message: networkMessage(err) };
  }
  const json = await jsonOf(res);
  const retryAfter = retryAfterOf(res);
  const data = json?.data as { msg_id?: unknown } | undefined;
  return {
    httpStatus: res.status,
    error: typeof json?.error === "number" ? json.error : null,
    message: typeof json?.message === "string" ? json.message : res.statusText,
    ...(typeof data?.msg_id === "string" ? { msgId: data.msg_id } : {}),
    ...(retryAfter !== undefined ? { retryAfter } : {}),
  };
}

export type RefreshAnswer =
  | { kind: "ok"; accessToken: string; refreshToken: string; expiresInSeconds: number }
  /** Zalo refused the refresh token (used, expired, revoked): only a new one from the OA helps. */
  | { kind: "refused"; reason: string }
  /** No answer, or Zalo failing: try again later with the same refresh token. */
  | { kind: "transient"; reason: string };

export async function refreshAccessToken(cfg: ZaloConfig, refreshToken: string): Promise<RefreshAnswer> {
  let res: Response;
  try {
    res = await fetch(`${cfg.oauthUrl}/v4/oa/access_token`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", secret_key: cfg.secretKey },
      body: new URLSearchParams({
        refresh_token: refreshToken,
        app_id: cfg.appId,
        grant_type: "refresh_token",
      }),
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
  } catch (err) {
    return { kind: "transient", reason: `không kết nối được tới Zalo: ${networkMessage(err)}` };
  }
  const json = await jsonOf(res);
  if (res.status === 429 || res.status >= 500 || !json) {
    return { kind: "transient", reason: `Zalo trả lời HTTP ${res.status} khi làm mới token` };
  }
  const { access_token, refresh_token, expires_in } = json;
  if (typeof access_token === "string" && typeof refresh_token === "string") {
    // Zalo sends expires_in as a string of seconds ("90000": 25 hours).
    const seconds = Number(expires_in);
    return {
      kind: "ok",
      accessToken: access_token,
      refreshToken: refresh_token,
      expiresInSeconds: Number.isFinite(seconds) && seconds > 0 ? seconds : 3600,
    };
  }
  const code = typeof json.error === "number" ? json.error : "?";
  if (code === -32) return { kind: "transient", reason: "Zalo yêu cầu làm mới token chậm lại (mã -32)" };
  const why = [json.error_name, json.error_description ?? json.message]
    .filter((v) => typeof v === "string")
    .join(": ");
  return { kind: "refused", reason: `Zalo từ chối làm mới token (mã ${code}${why ? `, ${why}` : ""})` };
}
