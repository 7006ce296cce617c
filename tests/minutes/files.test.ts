import { createHash } from "node:crypto";
import { count, eq } from "drizzle-orm";
import { strToU8, zipSync } from "fflate";
import { beforeAll, describe, expect, it } from "vitest";
import { auditLog, minutesFileChunks, minutesFiles } from "../../src/db/schema.ts";
import { buildTestApp } from "../helpers/app.ts";
import { fixtures } from "./fixtures.ts";

const t = await buildTestApp({ now: "2026-06-20T03:00:00Z" });
const { app, database } = t;
const f = fixtures(t);

// Tiny but real files of each accepted kind.
const PDF = Buffer.from(
  "%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n",
);
const PNG = Buffer.from(
  "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==",
  "base64",
);
const JPEG = Buffer.from(
  "/9j/4AAQSkZJRgABAQEASABIAAD/2wBDAP//////////////////////////////////////////////////////////////////////////////////////wgALCAABAAEBAREA/8QAFBABAAAAAAAAAAAAAAAAAAAAAP/aAAgBAQABPxA=",
  "base64",
);
const DOCX = Buffer.from(
  zipSync({
    "[Content_Types].xml": strToU8(
      '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>',
    ),
    "_rels/.rels": strToU8(
      '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>',
    ),
    "word/document.xml": strToU8(
      '<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>Biên bản sinh hoạt chi bộ</w:t></w:r></w:p></w:body></w:document>',
    ),
  }),
);
const ODT = Buffer.from(
  zipSync({
    mimetype: [strToU8("application/vnd.oasis.opendocument.text"), { level: 0 }],
    "content.xml": strToU8(
      '<?xml version="1.0" encoding="UTF-8"?><office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"><office:body><office:text><text:p>Biên bản</text:p></office:text></office:body></office:document-content>',
    ),
    "META-INF/manifest.xml": strToU8(
      '<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"><manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.text"/></manifest:manifest>',
    ),
  }),
);
const ELF = Buffer.concat([Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0]), Buffer.alloc(120, 0)]);
const ZIP = Buffer.from(zipSync({ "ghi-chu.txt": strToU8("Không phải văn bản") }));
const HTML = Buffer.from('<!doctype html><html><body><script>alert("x")</script></body></html>');

interface Part {
  name?: string;
  fileName: string;
  type?: string;
  data: Buffer;
}
const BOUNDARY = "----chibo-boundary-7MA4YWxkTrZu0gW";
function multipart(parts: Part[], opts: { truncate?: boolean } = {}) {
  const chunks: Buffer[] = [];
  for (const p of parts) {
    chunks.push(
      Buffer.from(
        `--${BOUNDARY}\r\nContent-Disposition: form-data; name="${p.name ?? "file"}"; filename="${p.fileName}"\r\n` +
          `Content-Type: ${p.type ?? "application/octet-stream"}\r\n\r\n`,
        "utf8",
      ),
      p.data,
      Buffer.from("\r\n"),
    );
  }
  if (!opts.truncate) chunks.push(Buffer.from(`--${BOUNDARY}--\r\n`));
  const body = Buffer.concat(chunks);
  return opts.truncate ? body.subarray(0, body.length - 40) : body;
}

let meeting: string;
let secretary: { authorization: string };
let otherSecretary: { authorization: string };
let memberLogin: { authorization: string };

beforeAll(async () => {
  const ward = await f.committee("Đảng ủy phường Quang Trung");
  const branch = await f.branch(ward, "Chi bộ Khu phố 3");
  const other = await f.branch(ward, "Chi bộ Khu phố 4");
  const an = await f.member(branch, "Nguyễn Văn An");
  meeting = await f.meeting(branch, "2026-06-05");
  secretary = await f.user("secretary", "kp3@test.vn", { branchId: branch });
  otherSecretary = await f.user("secretary", "kp4@test.vn", { branchId: other });
  memberLogin = await f.user("member", "an.kp3@test.vn", { memberId: an });
});

const upload = (parts: Part[], headers = secretary, opts: { truncate?: boolean } = {}) =>
  app.inject({
    method: "POST",
    url: `/api/meetings/${meeting}/files`,
    headers: { ...headers, "content-type": `multipart/form-data; boundary=${BOUNDARY}` },
    payload: multipart(parts, opts),
  });

async function stored(): Promise<number> {
  const [row] = await database.db
    .select({ n: count() })
    .from(minutesFiles)
    .where(eq(minutesFiles.meetingId, meeting));
  return row!.n;
}

describe("files attached to the minutes", () => {
  it("accepts PDF, PNG, JPEG, DOCX and ODT, checked from their content, with SHA-256 and the Vietnamese name", async () => {
    // The name arrives decomposed (as macOS sends it) and is kept composed.
    const pdfName = "Biên bản họp chi bộ tháng 6.pdf".normalize("NFD");
    const res = await upload([
      { fileName: pdfName, type: "application/pdf", data: PDF },
      { fileName: "Ảnh chụp buổi sinh hoạt.png", data: PNG },
      { fileName: "Đảng viên phát biểu.jpg", type: "image/jpeg", data: JPEG },
      { fileName: "Bài thu hoạch.docx", data: DOCX },
      { fileName: "Nghị quyết chi bộ.odt", data: ODT },
    ]);
    expect(res.statusCode, res.body).toBe(201);
    const files = res.json();
    expect(files.map((x: { mime: string }) => x.mime).sort()).toEqual(
      [
        "application/pdf",
        "image/png",
        "image/jpeg",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "application/vnd.oasis.opendocument.text",
      ].sort(),
    );
    const pdf = files.find((x: { mime: string }) => x.mime === "application/pdf");
    expect(pdf.fileName).toBe("Biên bản họp chi bộ tháng 6.pdf".normalize("NFC"));
    expect(pdf.sha256).toBe(createHash("sha256").update(PDF).digest("hex"));
    expect(pdf.size).toBe(PDF.length);

    const down = await app.inject({ url: `/api/meetings/${meeting}/files/${pdf.id}`, headers: secretary });
    expect(down.statusCode).toBe(200);
    expect(down.headers["content-type"]).toBe("application/pdf");
    expect(down.rawPayload.equals(PDF)).toBe(true);
    const cd = String(down.headers["content-disposition"]);
    expect(cd).toContain('filename="Bien ban hop chi bo thang 6.pdf"');
    expect(cd).toContain(`filename*=UTF-8''${encodeURIComponent("Biên bản họp chi bộ tháng 6.pdf")}`);
    const docx = files.find((x: { fileName: string }) => x.fileName === "Bài thu hoạch.docx");
    const d2 = await app.inject({ url: `/api/meetings/${meeting}/files/${docx.id}`, headers: secretary });
    expect(d2.rawPayload.equals(DOCX)).toBe(true);
    expect(String(d2.headers["content-disposition"])).toContain('filename="Bai thu hoach.docx"');

    const list = await app.inject({ url: `/api/meetings/${meeting}/files`, headers: secretary });
    expect(list.json()).toHaveLength(5);
    // The upload answers with the files as the list gives them, in its order.
    expect(list.json()).toEqual(files);
  });

  it("refuses a renamed executable, a plain zip and an HTML page, storing nothing of the batch", async () => {
    const before = await stored();
    for (const bad of [
      { fileName: "Biên bản.pdf", type: "application/pdf", data: ELF },
      { fileName: "Biên bản.docx", data: ZIP },
      { fileName: "Biên bản.pdf", type: "application/pdf", data: HTML },
      { fileName: "Trống.pdf", data: Buffer.alloc(0) },
    ]) {
      const res = await upload([{ fileName: "Hợp lệ.png", data: PNG }, bad]);
      expect(res.statusCode, bad.fileName).toBe(415);
      expect(res.headers["content-type"]).toContain("application/problem+json");
      expect(res.json().detail).toContain("PDF, DOCX, ODT, JPEG, PNG");
      expect(res.json().errors[0].field).toBe("body.file.1");
    }
    expect(await stored()).toBe(before);
  });

  it("refuses a file over 20 MB and a broken upload, storing nothing", async () => {
    const before = await stored();
    const big = Buffer.concat([PDF, Buffer.alloc(20 * 1024 * 1024, 0x20)]);
    let res = await upload([
      { fileName: "Hợp lệ.png", data: PNG },
      { fileName: "Bản quét rất lớn.pdf", data: big },
    ]);
    expect(res.statusCode).toBe(413);
    expect(res.headers["content-type"]).toContain("application/problem+json");
    expect(res.json().detail).toContain("20 MB");

    res = await upload([{ fileName: "Biên bản.pdf", data: PDF }], secretary, { truncate: true });
    expect(res.statusCode).toBe(400);
    expect(res.json().code).toBe("broken_multipart");

    res = await app.inject({
      method: "POST",
      url: `/api/meetings/${meeting}/files`,
      headers: { ...secretary, "content-type": "application/json" },
      payload: { file: "không phải tệp" },
    });
    expect(res.statusCode).toBe(415);
    expect(await stored()).toBe(before);
  });

  it("keeps files from another branch's secretary and from members before the minutes are submitted", async () => {
    const res = await upload([{ fileName: "Biên bản.pdf", data: PDF }], otherSecretary);
    expect(res.statusCode).toBe(404);
    const list = await app.inject({ url: `/api/meetings/${meeting}/files`, headers: otherSecretary });
    expect(list.statusCode).toBe(404);
    expect(
      (await app.inject({ url: `/api/meetings/${meeting}/files`, headers: memberLogin })).statusCode,
    ).toBe(404);
    expect((await upload([{ fileName: "Ảnh.png", data: PNG }], memberLogin)).statusCode).toBe(403);
  });

  it("removes a wrongly uploaded file before submission, bytes and all, keeping who, when, name, size and SHA-256 in the audit log", async () => {
    const wrong = Buffer.concat([PDF, Buffer.from("% nhầm\n")]);
    const up = await upload([{ fileName: "Nhầm tệp.pdf", data: wrong }]);
    expect(up.statusCode).toBe(201);
    const fileId: string = up.json()[0].id;
    const del = (id: string, headers = secretary) =>
      app.inject({ method: "DELETE", url: `/api/meetings/${meeting}/files/${id}`, headers });

    expect((await del(fileId, memberLogin)).statusCode).toBe(403);
    expect((await del(fileId, otherSecretary)).statusCode).toBe(404);
    const bad = await del("khong-phai-uuid");
    expect(bad.statusCode).toBe(400);
    expect(bad.headers["content-type"]).toContain("application/problem+json");

    const res = await del(fileId);
    expect(res.statusCode).toBe(204);
    const list = await app.inject({ url: `/api/meetings/${meeting}/files`, headers: secretary });
    expect(list.json().map((x: { fileName: string }) => x.fileName)).not.toContain("Nhầm tệp.pdf");
    expect(
      (await app.inject({ url: `/api/meetings/${meeting}/files/${fileId}`, headers: secretary })).statusCode,
    ).toBe(404);
    const chunks = await database.db
      .select({ n: count() })
      .from(minutesFileChunks)
      .where(eq(minutesFileChunks.fileId, fileId));
    expect(chunks[0]!.n).toBe(0);
    const audit = await database.db
      .select({
        action: auditLog.action,
        before: auditLog.before,
        actor: auditLog.actorUserId,
        at: auditLog.at,
      })
      .from(auditLog)
      .where(eq(auditLog.action, "file_removed"));
    expect(audit).toHaveLength(1);
    expect(audit[0]!.actor).toBeTruthy();
    expect(audit[0]!.at.toISOString()).toBe("2026-06-20T03:00:00.000Z");
    expect(audit[0]!.before).toMatchObject({
      fileId,
      fileName: "Nhầm tệp.pdf",
      size: wrong.length,
      sha256: createHash("sha256").update(wrong).digest("hex"),
    });
    expect((await del(fileId)).statusCode).toBe(404);

    // The same bytes may come back once the wrong copy is gone.
    expect((await upload([{ fileName: "Nhầm tệp.pdf", data: wrong }])).statusCode).toBe(201);
  });

  it("refuses to remove a file once the minutes are submitted, saying why", async () => {
    const kept = (await app.inject({ url: `/api/meetings/${meeting}/files`, headers: secretary })).json()[0]
      .id;
    const saved = await app.inject({
      method: "PUT",
      url: `/api/meetings/${meeting}/minutes`,
      headers: secretary,
      payload: {
        chair: "Nguyễn Văn An",
        recorder: "Nguyễn Văn An",
        startTime: "14:00",
        endTime: "16:00",
        introducedBy: "Nguyễn Văn An",
        discussion: [],
        conclusions: "Thống nhất",
        tasks: [],
      },
    });
    expect(saved.statusCode, saved.body).toBeLessThan(300);
    const sub = await app.inject({
      method: "POST",
      url: `/api/meetings/${meeting}/minutes/submit`,
      headers: secretary,
    });
    expect(sub.statusCode, sub.body).toBe(200);
    const res = await app.inject({
      method: "DELETE",
      url: `/api/meetings/${meeting}/files/${kept}`,
      headers: secretary,
    });
    expect(res.statusCode).toBe(409);
    expect(res.headers["content-type"]).toContain("application/problem+json");
    expect(res.json().detail ?? res.json().title).toContain("Biên bản đã nộp");
    expect(await stored()).toBeGreaterThan(0);
  });
});
