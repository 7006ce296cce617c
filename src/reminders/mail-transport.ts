/**
 * Where mail goes: a pooled SMTP transport when SMTP_URL is set, otherwise `.eml` files under
 * DATA_DIR/outbox (named by Message-ID, so that a retry overwrites instead of duplicating). Nothing is
 * dropped silently: the files are listed for admins through GET /api/outbox.
 */
import { mkdir, rename, writeFile } from "node:fs/promises";
import path from "node:path";
import nodemailer from "nodemailer";
import type Mail from "nodemailer/lib/mailer";
import type { Config } from "../config.ts";

export interface SentInfo {
  /** The server's answer ("250 2.0.0 Ok: queued as …") or where the file went. */
  response: string;
}

export interface MailTransport {
  readonly kind: "smtp" | "file";
  send(message: Mail.Options): Promise<SentInfo>;
  close(): void;
}

export interface PoolOptions {
  maxConnections?: number;
  maxMessages?: number;
}

export const DEFAULT_POOL: Required<PoolOptions> = { maxConnections: 5, maxMessages: 1000 };

export function smtpTransport(url: string, pool: PoolOptions = {}): MailTransport {
  const opts = { ...DEFAULT_POOL, ...pool };
  const u = new URL(url);
  const transporter = nodemailer.createTransport({
    pool: true,
    host: u.hostname,
    port: Number(u.port || (u.protocol === "smtps:" ? 465 : 25)),
    secure: u.protocol === "smtps:",
    auth: u.username
      ? { user: decodeURIComponent(u.username), pass: decodeURIComponent(u.password) }
      : undefined,
    // A local relay may offer STARTTLS with a self-signed certificate; `?tls=strict` insists on a valid one.
    tls: { rejectUnauthorized: u.searchParams.get("tls") === "strict" },
    ignoreTLS: u.searchParams.get("starttls") === "off",
    maxConnections: opts.maxConnections,
    maxMessages: opts.maxMessages,
    connectionTimeout: 15_000,
    greetingTimeout: 15_000,
    socketTimeout: 60_000,
  });
  return {
    kind: "smtp",
    async send(message) {
      const info = await transporter.sendMail(message);
      return { response: String(info.response ?? "250 accepted") };
    },
    close: () => transporter.close(),
  };
}

/** Message-ID "<a.b@host>" → "a.b@host.eml", with nothing that could leave the folder. */
export function emlFileName(messageId: string): string {
  return `${messageId.replace(/^<|>$/g, "").replace(/[^A-Za-z0-9@._-]/g, "_")}.eml`;
}

export function fileTransport(dir: string): MailTransport {
  const stream = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: "windows" });
  return {
    kind: "file",
    async send(message) {
      const info = await stream.sendMail(message);
      const name = emlFileName(String(message.messageId ?? info.messageId));
      await mkdir(dir, { recursive: true });
      const file = path.join(dir, name);
      const tmp = `${file}.${process.pid}.tmp`;
      await writeFile(tmp, info.message as unknown as Buffer);
      await rename(tmp, file);
      return { response: `250 written to outbox/${name}` };
    },
    close: () => stream.close(),
  };
}

export function outboxDir(config: Pick<Config, "dataDir">): string {
  return path.join(config.dataDir, "outbox");
}

export function createMailTransport(
  config: Pick<Config, "smtpUrl" | "dataDir">,
  pool?: PoolOptions,
): MailTransport {
  return config.smtpUrl ? smtpTransport(config.smtpUrl, pool) : fileTransport(outboxDir(config));
}
