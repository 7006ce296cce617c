/**
 * Large uploads go to PostgreSQL as they arrive (in chunks, in the upload's transaction), not through the
 * process's memory; downloads stream them back; a few uploads at a time per instance; names shown to
 * people carry no direction tricks.
 */
import { createHash, randomBytes } from "node:crypto";
import { PassThrough, Readable } from "node:stream";
import { sql } from "drizzle-orm";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { uploadsInProgress } from "../../src/minutes/upload-gate.ts";
import { buildTestApp } from "../helpers/app.ts";
import { fixtures } from "./fixtures.ts";

const t = await buildTestApp({ now: "2026-06-20T03:00:00Z" });
const { app, database } = t;
const f = fixtures(t);

const BOUNDARY = "----chibo-stream-boundary-Qx81";
const MB = 1_000_000;
const PDF_HEAD = Buffer.from("%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", "latin1");

let meeting: string;
let secretary: { authorization: string };

beforeAll(async () => {
  const ward = await f.committee("Đảng ủy phường Hàng Bông");
  const branch = await f.branch(ward, "Chi bộ Tổ dân phố 7");
  meeting = await f.meeting(branch, "2026-06-05");
  secretary = await f.user("secretary", "tdp7@test.vn", { branchId: branch });
});

const partHead = (fileName: string) =>
  Buffer.from(
    `--${BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="${fileName}"\r\n` +
      "Content-Type: application/pdf\r\n\r\n",
  );

/** A PDF-looking file of `size` bytes: `%PDF-1.7` and random bytes, made 64 KiB at a time. */
function* pdfChunks(size: number, hash: ReturnType<typeof createHash>) {
  let left = size - PDF_HEAD.length;
  hash.update(PDF_HEAD);
  yield PDF_HEAD;
  while (left > 0) {
    const chunk = randomBytes(Math.min(64 * 1024, left));
    hash.update(chunk);
    left -= chunk.length;
    yield chunk;
  }
}

const chunkRows = async () =>
  Number(
    (
      (await database.db.execute(sql`select count(*)::int as n from minutes_file_chunks`)).rows[0] as {
        n: number;
      }
    ).n,
  );

describe("streaming uploads", () => {
  it("stores 10 × 20 MB in one upload without holding them in memory, and gives back the same bytes", async () => {
    const count = 10;
    const size = 20 * MB;
    const hashes: string[] = [];
    let peakRss = 0;
    function* body() {
      for (let i = 0; i < count; i++) {
        const hash = createHash("sha256");
        yield partHead(`Bản quét biên bản ${i + 1}.pdf`);
        for (const chunk of pdfChunks(size, hash)) {
          peakRss = Math.max(peakRss, process.memoryUsage().rss);
          yield chunk;
        }
        yield Buffer.from("\r\n");
        hashes.push(hash.digest("hex"));
      }
      yield Buffer.from(`--${BOUNDARY}--\r\n`);
    }
    const before = process.memoryUsage().rss;
    const res = await app.inject({
      method: "POST",
      url: `/api/meetings/${meeting}/files`,
      headers: { ...secretary, "content-type": `multipart/form-data; boundary=${BOUNDARY}` },
      payload: Readable.from(body(), { objectMode: false }),
    });
    peakRss = Math.max(peakRss, process.memoryUsage().rss);
    expect(res.statusCode, res.body).toBe(201);
    // The body is generated as it is read (nothing of it is held by the test), so the growth is the
    // server's: buffered, it was about 550 MB (the files, then copies of them); streamed, it is the
    // chunk being written, the parser's and the driver's buffers, and garbage not yet collected. 150 MB
    // is far below the 200 MB uploaded and leaves room for a collector that runs late on a busy machine.
    const growth = (peakRss - before) / 2 ** 20;
    console.info(`RSS growth during a 10 × 20 MB upload: ${growth.toFixed(0)} MiB`);
    expect(growth).toBeLessThan(150);

    const files = res.json() as { id: string; sha256: string; size: number; mime: string }[];
    expect(files).toHaveLength(count);
    expect(files.map((x) => x.sha256).sort()).toEqual([...hashes].sort());
    for (const file of files) {
      expect(file).toMatchObject({ size, mime: "application/pdf" });
      const down = await app.inject({ url: `/api/meetings/${meeting}/files/${file.id}`, headers: secretary });
      expect(down.statusCode).toBe(200);
      expect(down.headers["content-length"]).toBe(String(size));
      expect(createHash("sha256").update(down.rawPayload).digest("hex")).toBe(file.sha256);
    }
  }, 300_000);

  it("a large upload broken in its third file leaves no file and no chunk", async () => {
    const before = await chunkRows();
    const listBefore = (
      await app.inject({ url: `/api/meetings/${meeting}/files`, headers: secretary })
    ).json();
    function* body() {
      for (let i = 0; i < 3; i++) {
        yield partHead(`Phần ${i + 1}.pdf`);
        for (const chunk of pdfChunks(5 * MB, createHash("sha256"))) yield chunk;
        if (i < 2) yield Buffer.from("\r\n");
      }
      // no closing boundary: the connection dropped
    }
    const res = await app.inject({
      method: "POST",
      url: `/api/meetings/${meeting}/files`,
      headers: { ...secretary, "content-type": `multipart/form-data; boundary=${BOUNDARY}` },
      payload: Readable.from(body()),
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().code).toBe("broken_multipart");
    expect(await chunkRows()).toBe(before);
    expect((await app.inject({ url: `/api/meetings/${meeting}/files`, headers: secretary })).json()).toEqual(
      listBefore,
    );
  }, 120_000);

  it("takes four uploads at a time; a fifth is told to come back (503, Retry-After)", async () => {
    const streams = Array.from({ length: 4 }, () => new PassThrough());
    const pending = streams.map((payload) =>
      app.inject({
        method: "POST",
        url: `/api/meetings/${meeting}/files`,
        headers: { ...secretary, "content-type": `multipart/form-data; boundary=${BOUNDARY}` },
        payload,
      }),
    );
    for (const [i, s] of streams.entries())
      s.write(Buffer.concat([partHead(`Chờ ${i}.pdf`), PDF_HEAD, Buffer.from(`% ${i}\n`)]));
    await vi.waitFor(() => expect(uploadsInProgress()).toBe(4), { timeout: 20_000, interval: 50 });

    const fifth = await app.inject({
      method: "POST",
      url: `/api/meetings/${meeting}/files`,
      headers: { ...secretary, "content-type": `multipart/form-data; boundary=${BOUNDARY}` },
      payload: Buffer.concat([partHead("Thứ năm.pdf"), PDF_HEAD, Buffer.from(`\r\n--${BOUNDARY}--\r\n`)]),
    });
    expect(fifth.statusCode).toBe(503);
    expect(fifth.headers["content-type"]).toContain("application/problem+json");
    expect(Number(fifth.headers["retry-after"])).toBeGreaterThan(0);

    for (const s of streams) s.end(Buffer.from(`%%EOF\n\r\n--${BOUNDARY}--\r\n`));
    for (const res of await Promise.all(pending)) expect(res.statusCode, res.body).toBe(201);
    expect(uploadsInProgress()).toBe(0);
  }, 60_000);
});

describe("file names", () => {
  it("strips direction overrides and other invisible controls from the stored name", async () => {
    const names = [
      ["\u202Efdp.exe.jpg", "fdp.exe.jpg"],
      ["Biên bản\u202Efdp.exe", "Biên bảnfdp.exe"],
      ["\u2066Ảnh\u2069 chụp\u200E\u200F\u061C.pdf", "Ảnh chụp.pdf"],
      ["Tờ\u202A trình\u202B\u202C\u202D\u2067\u2068.pdf", "Tờ trình.pdf"],
      ["Nghị\u0085 quyết\u009B.pdf", "Nghị quyết.pdf"],
    ];
    const body = Buffer.concat([
      // Each file's bytes are its own: the same bytes twice are refused as a copy.
      ...names.flatMap(([raw], i) => [
        partHead(raw!),
        PDF_HEAD,
        Buffer.from(`% ${i}\n1 0 obj<<>>endobj\n%%EOF\n\r\n`),
      ]),
      Buffer.from(`--${BOUNDARY}--\r\n`),
    ]);
    const res = await app.inject({
      method: "POST",
      url: `/api/meetings/${meeting}/files`,
      headers: { ...secretary, "content-type": `multipart/form-data; boundary=${BOUNDARY}` },
      payload: body,
    });
    expect(res.statusCode, res.body).toBe(201);
    const stored = (res.json() as { id: string; fileName: string }[]).map((x) => x.fileName).sort();
    expect(stored).toEqual(names.map(([, clean]) => clean).sort());
    for (const file of res.json() as { id: string; fileName: string }[]) {
      const down = await app.inject({ url: `/api/meetings/${meeting}/files/${file.id}`, headers: secretary });
      expect(String(down.headers["content-disposition"])).not.toMatch(/%E2%80%AE|%E2%81%A6/i);
    }
  });
});
