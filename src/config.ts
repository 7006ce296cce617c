/**
 * Configuration from environment variables, parsed once and frozen. A bad value stops the process with
 * a message that names the variable.
 */
import path from "node:path";

export interface Config {
  databaseUrl: string | null;
  host: string;
  port: number;
  publicUrl: string;
  dataDir: string;
  logLevel: "fatal" | "error" | "warn" | "info" | "debug" | "trace" | "silent";
  adminEmail: string | null;
  adminPassword: string | null;
  smtpUrl: string | null;
  mailFrom: string;
  /** PUBLIC_URL starts with https: pages then send HSTS and `upgrade-insecure-requests`. */
  https: boolean;
  /** The session cookie's Secure flag: from PUBLIC_URL unless COOKIE_SECURE says otherwise. */
  cookieSecure: boolean;
  sessionTtlHours: number;
  trustProxy: boolean;
  loginRateLimit: number;
  workers: boolean;
  /** Rendered feeds kept in memory per instance, in MiB (issue 12: size it to the feeds' working set). */
  feedCacheMb: number;
  /** Rendered pages (homes, meeting pages) kept in memory per instance, in MiB; 0 = none (src/web/page-cache.ts). */
  pageCacheMb: number;
  // --- backups (issue 22) ---
  /** Hours between scheduled backups into DATA_DIR/backups; 0 = none. Default 24 on the embedded
   * database, 0 with DATABASE_URL (whose own PostgreSQL tooling backs it up: README). */
  backupEveryHours: number;
  /** Scheduled backups kept (the newest). */
  backupKeep: number;
  // --- push (issue 21) ---
  /** Web Push reminders (PUSH_ENABLED, default on: no third party to configure). */
  pushEnabled: boolean;
  /** The VAPID contact the push services see (PUSH_CONTACT, default mailto: MAIL_FROM's address). */
  pushContact: string;
  // --- Zalo (issue 21) ---
  /** The Zalo Official Account that sends ZNS reminders; null: the channel is off (the admin page says so). */
  zalo: ZaloConfig | null;
}

/** What ZNS needs (src/channels/zalo): every variable of ZALO_REQUIRED, or none of them. */
export interface ZaloConfig {
  appId: string;
  secretKey: string;
  /** The first refresh token (from the OA's authorisation); rotated tokens live encrypted in PostgreSQL. */
  refreshToken: string;
  /** The approved template of a meeting reminder. */
  templateId: string;
  /** Zalo's hosts, overridable so that the tests point them at a server of their own. */
  apiUrl: string;
  oauthUrl: string;
}

/** The variables that turn the Zalo channel on (all four, or none). */
export const ZALO_REQUIRED = [
  "ZALO_APP_ID",
  "ZALO_SECRET_KEY",
  "ZALO_REFRESH_TOKEN",
  "ZALO_TEMPLATE_ID",
] as const;

export class ConfigError extends Error {
  constructor(
    readonly variable: string,
    reason: string,
  ) {
    super(`${variable}: ${reason}`);
    this.name = "ConfigError";
  }
}

type Env = Record<string, string | undefined>;

function str(env: Env, name: string): string | null {
  const v = env[name];
  return v === undefined || v.trim() === "" ? null : v.trim();
}

function int(env: Env, name: string, def: number, min: number, max: number): number {
  const v = str(env, name);
  if (v === null) return def;
  if (!/^\d+$/.test(v)) throw new ConfigError(name, `phải là số nguyên, nhận được "${v}"`);
  const n = Number(v);
  if (n < min || n > max) throw new ConfigError(name, `phải từ ${min} đến ${max}, nhận được ${n}`);
  return n;
}

function bool(env: Env, name: string, def: boolean): boolean {
  const v = str(env, name);
  if (v === null) return def;
  if (/^(1|true|yes|on)$/i.test(v)) return true;
  if (/^(0|false|no|off)$/i.test(v)) return false;
  throw new ConfigError(name, `phải là true hoặc false, nhận được "${v}"`);
}

function url(env: Env, name: string, protocols: string[]): string | null {
  const v = str(env, name);
  if (v === null) return null;
  let parsed: URL;
  try {
    parsed = new URL(v);
  } catch {
    throw new ConfigError(name, "không phải URL hợp lệ");
  }
  if (!protocols.includes(parsed.protocol)) {
    throw new ConfigError(name, `phải dùng ${protocols.join(" hoặc ")}, nhận được "${parsed.protocol}"`);
  }
  return v;
}

function zaloConfig(env: Env): ZaloConfig | null {
  const [appId, secretKey, refreshToken, templateId] = ZALO_REQUIRED.map((name) => str(env, name));
  const given = [appId, secretKey, refreshToken, templateId].filter((v) => v !== null).length;
  if (given === 0) return null;
  // Half a configuration would leave the channel silently off: name what is missing instead.
  const missing = ZALO_REQUIRED.find((name) => str(env, name) === null);
  if (missing)
    throw new ConfigError(
      missing,
      `cần có khi đã đặt ${ZALO_REQUIRED.filter((n) => str(env, n)).join(", ")}`,
    );
  if (!/^\d+$/.test(appId!))
    throw new ConfigError("ZALO_APP_ID", "phải là dãy số (ID ứng dụng trên Zalo for Developers)");
  if (!/^\d+$/.test(templateId!))
    throw new ConfigError("ZALO_TEMPLATE_ID", "phải là dãy số (ID mẫu ZNS đã được duyệt)");
  return {
    appId: appId!,
    secretKey: secretKey!,
    refreshToken: refreshToken!,
    templateId: templateId!,
    apiUrl: (url(env, "ZALO_API_URL", ["http:", "https:"]) ?? "https://business.openapi.zalo.me").replace(
      /\/+$/,
      "",
    ),
    oauthUrl: (url(env, "ZALO_OAUTH_URL", ["http:", "https:"]) ?? "https://oauth.zaloapp.com").replace(
      /\/+$/,
      "",
    ),
  };
}

const LOG_LEVELS = ["fatal", "error", "warn", "info", "debug", "trace", "silent"] as const;

export function loadConfig(env: Env = process.env, cwd = process.cwd()): Readonly<Config> {
  const host = str(env, "HOST") ?? "127.0.0.1";
  const port = int(env, "PORT", 3000, 0, 65535);
  const publicUrl = (
    url(env, "PUBLIC_URL", ["http:", "https:"]) ?? `http://${host.includes(":") ? `[${host}]` : host}:${port}`
  ).replace(/\/+$/, "");
  const logLevel = (str(env, "LOG_LEVEL") ?? "info") as Config["logLevel"];
  if (!LOG_LEVELS.includes(logLevel))
    throw new ConfigError("LOG_LEVEL", `phải là một trong: ${LOG_LEVELS.join(", ")}`);
  const adminEmail = str(env, "ADMIN_EMAIL");
  if (adminEmail !== null && !/^[^\s@]+@[^\s@]+$/.test(adminEmail)) {
    throw new ConfigError("ADMIN_EMAIL", "không phải địa chỉ email");
  }
  const adminPassword = str(env, "ADMIN_PASSWORD");
  if (adminPassword !== null && adminPassword.length < 10) {
    throw new ConfigError("ADMIN_PASSWORD", "phải có ít nhất 10 ký tự");
  }
  // A browser keeps a Secure cookie but never sends it back over plain http (a LAN name): nobody could log
  // in. Derived from PUBLIC_URL; forcing it on over http is refused at start rather than failing silently.
  const https = publicUrl.startsWith("https:");
  const cookieSecure = bool(env, "COOKIE_SECURE", https);
  if (cookieSecure && !https && !/^http:\/\/(localhost|127\.0\.0\.1|\[::1\])(:\d+)?$/.test(publicUrl)) {
    throw new ConfigError(
      "COOKIE_SECURE",
      `phải là false (hoặc bỏ trống) khi PUBLIC_URL dùng http ("${publicUrl}"): trình duyệt không gửi cookie Secure qua http, không ai đăng nhập được`,
    );
  }
  const mailFrom = str(env, "MAIL_FROM") ?? "chibo <no-reply@chibo.local>";
  if (!/@/.test(mailFrom)) throw new ConfigError("MAIL_FROM", "phải chứa một địa chỉ email");
  const databaseUrl = url(env, "DATABASE_URL", ["postgres:", "postgresql:"]);
  return Object.freeze({
    databaseUrl,
    host,
    port,
    publicUrl,
    dataDir: path.resolve(cwd, str(env, "DATA_DIR") ?? "var"),
    logLevel,
    adminEmail: adminEmail?.toLowerCase() ?? null,
    adminPassword,
    smtpUrl: url(env, "SMTP_URL", ["smtp:", "smtps:"]),
    mailFrom,
    https,
    cookieSecure,
    sessionTtlHours: int(env, "SESSION_TTL_HOURS", 24 * 14, 1, 24 * 365),
    trustProxy: bool(env, "TRUST_PROXY", false),
    loginRateLimit: int(env, "LOGIN_RATE_LIMIT", 10, 1, 10_000),
    workers: bool(env, "WORKERS", true),
    feedCacheMb: int(env, "FEED_CACHE_MB", 64, 1, 65_536),
    pageCacheMb: int(env, "PAGE_CACHE_MB", 32, 0, 65_536),
    // --- backups (issue 22) ---
    backupEveryHours: int(env, "BACKUP_EVERY_HOURS", databaseUrl ? 0 : 24, 0, 24 * 366),
    backupKeep: int(env, "BACKUP_KEEP", 7, 1, 1000),
    // --- push (issue 21) ---
    pushEnabled: bool(env, "PUSH_ENABLED", true),
    pushContact: pushContactOf(str(env, "PUSH_CONTACT") ?? undefined, mailFrom),
    zalo: zaloConfig(env),
  });
}

/** A mailto: or https: URL (RFC 8292 §2.1); a bare address becomes mailto:. */
function pushContactOf(given: string | undefined, mailFrom: string): string {
  if (given) {
    if (/^(mailto:[^@\s]+@[^@\s]+|https:\/\/\S+)$/.test(given)) return given;
    if (/^[^@\s:]+@[^@\s]+$/.test(given)) return `mailto:${given}`;
    throw new ConfigError("PUSH_CONTACT", "phải là một địa chỉ email (mailto:) hoặc một địa chỉ https:");
  }
  const address = /<([^>]+)>/.exec(mailFrom)?.[1] ?? mailFrom.trim();
  return `mailto:${address}`;
}
