/**
 * The backup file: gzip around a sequence of frames, each `kind (1 byte) · length (uint32 BE) · payload`.
 * The first frame is the header (JSON), then per table a `T` frame (name and columns), its COPY text in
 * `D` frames and an `E` frame (rows), the sequences in an `S` frame, and last the trailer `Z` (JSON),
 * which holds the SHA-256 of every byte before it. A file cut anywhere has no valid trailer, a changed
 * byte breaks the gzip CRC or the SHA-256: either way it is refused before anything is written.
 */
import { createHash, type Hash } from "node:crypto";
import type { Readable, Writable } from "node:stream";

export const FORMAT = "chibo-backup";
export const FORMAT_VERSION = 1;
const MAGIC = Buffer.from("CHIBO-BACKUP\n");
/** Data frames are gathered up to this size: one frame per row would cost five bytes a row. */
export const DATA_FRAME_BYTES = 256 * 1024;

export type FrameKind = "H" | "T" | "D" | "E" | "S" | "Z";

export interface BackupHeader {
  format: typeof FORMAT;
  formatVersion: number;
  /** The last migration applied to the database backed up: its tag, drizzle's hash and timestamp. */
  schema: { tag: string; hash: string; createdAt: number };
  startedAt: string;
  serverVersion: string;
  chiboVersion: string;
}

export interface TableStart {
  table: string;
  columns: string[];
}

export interface SequenceValue {
  name: string;
  lastValue: string;
  isCalled: boolean;
}

export interface BackupTrailer {
  sha256: string;
  finishedAt: string;
  tookMs: number;
  rows: Record<string, number>;
}

/** A backup that cannot be used, with the reason in Vietnamese and English (printed as is by the CLI). */
export class BackupError extends Error {
  constructor(vi: string, en: string) {
    super(`${vi} / ${en}`);
    this.name = "BackupError";
  }
}

export const notABackup = (detail: string) =>
  new BackupError(
    `Tệp không phải bản sao lưu chibo hợp lệ hoặc đã hỏng (${detail}); không ghi gì vào cơ sở dữ liệu.`,
    `Not a valid chibo backup or the file is damaged (${detail}); nothing was written.`,
  );

/** Writes frames into a stream (the gzip in front of the file), honouring its backpressure. */
export class FrameWriter {
  private readonly hash: Hash = createHash("sha256");
  bytes = 0;
  constructor(private readonly out: Writable) {}

  async start(): Promise<void> {
    await this.raw(MAGIC);
  }

  async frame(kind: FrameKind, payload: Buffer | string): Promise<void> {
    const body = typeof payload === "string" ? Buffer.from(payload) : payload;
    const head = Buffer.alloc(5);
    head.write(kind, 0, "latin1");
    head.writeUInt32BE(body.length, 1);
    await this.raw(head);
    await this.raw(body);
  }

  json(kind: FrameKind, value: unknown): Promise<void> {
    return this.frame(kind, JSON.stringify(value));
  }

  /** The trailer: the checksum of everything written so far, then the end of the stream. */
  async finish(trailer: Omit<BackupTrailer, "sha256">): Promise<BackupTrailer> {
    const full = { ...trailer, sha256: this.hash.digest("hex") };
    const body = Buffer.from(JSON.stringify(full));
    const head = Buffer.alloc(5);
    head.write("Z", 0, "latin1");
    head.writeUInt32BE(body.length, 1);
    await this.write(Buffer.concat([head, body]));
    return full;
  }

  private async raw(buf: Buffer): Promise<void> {
    this.hash.update(buf);
    await this.write(buf);
  }

  private write(buf: Buffer): Promise<void> {
    if (this.out.destroyed) return Promise.reject(this.out.errored ?? new Error("backup stream closed"));
    this.bytes += buf.length;
    if (this.out.write(buf)) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const done = (err?: Error) => {
        this.out.off("drain", ok);
        this.out.off("error", done);
        this.out.off("close", closed);
        err ? reject(err) : resolve();
      };
      const ok = () => done();
      const closed = () => done(this.out.errored ?? new Error("backup stream closed"));
      this.out.once("drain", ok);
      this.out.once("error", done);
      this.out.once("close", closed);
    });
  }
}

export interface Frame {
  kind: FrameKind;
  payload: Buffer;
}

const KINDS = new Set<string>(["H", "T", "D", "E", "S", "Z"]);

/**
 * Reads the frames of an uncompressed backup stream. The trailer is checked against the bytes read: a
 * missing, early or wrong trailer throws. The caller sees the trailer frame only once it has been verified.
 */
export async function* readFrames(input: Readable): AsyncGenerator<Frame> {
  const hash = createHash("sha256");
  const chunks: Buffer[] = [];
  let buffered = 0;
  let magicSeen = false;
  let trailer: BackupTrailer | null = null;
  const take = (n: number): Buffer => {
    const all = chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, buffered);
    chunks.length = 0;
    const out = all.subarray(0, n);
    const rest = all.subarray(n);
    buffered = rest.length;
    if (rest.length) chunks.push(rest);
    return out;
  };
  const peekHeader = (): Buffer => (chunks[0]!.length >= 5 ? chunks[0]! : Buffer.concat(chunks, buffered));
  for await (const chunk of input as AsyncIterable<Buffer>) {
    if (trailer) throw notABackup("dữ liệu sau phần kết / data after the trailer");
    chunks.push(chunk);
    buffered += chunk.length;
    if (!magicSeen) {
      if (buffered < MAGIC.length) continue;
      const magic = take(MAGIC.length);
      if (!magic.equals(MAGIC)) throw notABackup("sai mã nhận dạng / wrong signature");
      hash.update(magic);
      magicSeen = true;
    }
    while (buffered >= 5) {
      const head = peekHeader();
      const kind = String.fromCharCode(head[0]!);
      const len = head.readUInt32BE(1);
      if (!KINDS.has(kind)) throw notABackup(`khung lạ / unknown frame "${kind}"`);
      if (buffered < 5 + len) break;
      const frame = take(5 + len);
      const payload = frame.subarray(5);
      if (kind === "Z") {
        if (trailer) throw notABackup("hai phần kết / two trailers");
        trailer = parseTrailer(payload);
        if (trailer.sha256 !== hash.digest("hex"))
          throw notABackup("sai mã kiểm tra SHA-256 / SHA-256 mismatch");
        if (buffered > 0) throw notABackup("dữ liệu sau phần kết / data after the trailer");
        yield { kind: "Z", payload };
        continue;
      }
      hash.update(frame);
      yield { kind: kind as FrameKind, payload };
    }
  }
  if (!trailer) throw notABackup("tệp bị cắt cụt, thiếu phần kết / truncated, no trailer");
}

function parseTrailer(payload: Buffer): BackupTrailer {
  try {
    const t = JSON.parse(payload.toString("utf8")) as BackupTrailer;
    if (typeof t.sha256 === "string") return t;
  } catch {}
  throw notABackup("phần kết hỏng / damaged trailer");
}

export function parseJson<T>(payload: Buffer, what: string): T {
  try {
    return JSON.parse(payload.toString("utf8")) as T;
  } catch {
    throw notABackup(`${what} hỏng / damaged ${what}`);
  }
}
