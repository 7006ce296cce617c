/**
 * A real SMTP server on 127.0.0.1 (port 0) that keeps what it accepts. `answer` lets a test refuse a
 * message (451 the first time, 550 always …), `rcptAnswer` one recipient at RCPT TO; `delayMs` slows every
 * message down (a slow relay).
 */
import type { AddressInfo } from "node:net";
import { type ParsedMail, simpleParser } from "mailparser";
import { SMTPServer, type SMTPServerDataStream, type SMTPServerSession } from "smtp-server";

export interface Received {
  raw: string;
  messageId: string;
  rcpt: string[];
  parsed: ParsedMail | null;
}

export interface SinkOptions {
  parse?: boolean;
  delayMs?: number;
  /** Return [code, text] to refuse; `seen` counts earlier deliveries of the same Message-ID (refused too). */
  answer?: (info: { messageId: string; rcpt: string[]; seen: number }) => [number, string] | null;
  /** Return [code, text] to refuse one recipient at RCPT TO (before any DATA). */
  rcptAnswer?: (address: string) => [number, string] | null;
}

export interface Sink {
  port: number;
  url: string;
  received: Received[];
  /** Every DATA the sink was offered, accepted or not: Message-ID → count. */
  offered: Map<string, number>;
  options: SinkOptions;
  close(): Promise<void>;
  /** Message-IDs accepted more than once. */
  duplicates(): string[];
}

function headerOf(raw: string, name: string): string {
  const head = raw.split(/\r?\n\r?\n/, 1)[0] ?? "";
  const re = new RegExp(`^${name}:\\s*(.*(?:\\r?\\n[ \\t].*)*)`, "im");
  return (re.exec(head)?.[1] ?? "").replace(/\r?\n[ \t]/g, " ").trim();
}

export async function startSink(options: SinkOptions = {}): Promise<Sink> {
  const received: Received[] = [];
  const offered = new Map<string, number>();
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS", "AUTH"],
    logger: false,
    onRcptTo(address, _session, callback) {
      const refuse = options.rcptAnswer?.(address.address);
      if (refuse) return callback(Object.assign(new Error(refuse[1]), { responseCode: refuse[0] }));
      callback();
    },
    onData(stream: SMTPServerDataStream, session: SMTPServerSession, callback) {
      const chunks: Buffer[] = [];
      stream.on("data", (c: Buffer) => chunks.push(c));
      stream.on("end", async () => {
        const raw = Buffer.concat(chunks).toString("utf8");
        const messageId = headerOf(raw, "Message-ID");
        const rcpt = session.envelope.rcptTo.map((r) => r.address);
        const seen = offered.get(messageId) ?? 0;
        offered.set(messageId, seen + 1);
        if (options.delayMs) await new Promise((r) => setTimeout(r, options.delayMs));
        const refuse = options.answer?.({ messageId, rcpt, seen });
        if (refuse) {
          const err = Object.assign(new Error(refuse[1]), { responseCode: refuse[0] });
          return callback(err);
        }
        received.push({
          raw,
          messageId,
          rcpt,
          parsed: options.parse === false ? null : await simpleParser(raw),
        });
        callback(null, "Ok: queued");
      });
    },
  });
  server.on("error", () => {});
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.server.address() as AddressInfo).port;
  return {
    port,
    url: `smtp://127.0.0.1:${port}?starttls=off`,
    received,
    offered,
    options,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
    duplicates() {
      const count = new Map<string, number>();
      for (const r of received) count.set(r.messageId, (count.get(r.messageId) ?? 0) + 1);
      return [...count].filter(([, n]) => n > 1).map(([id]) => id);
    },
  };
}
