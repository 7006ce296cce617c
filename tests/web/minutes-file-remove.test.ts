/**
 * Removing a wrongly uploaded file on the meeting page (issue 18), in Chromium at 360 px: the secretary
 * sees "Xóa" next to each file while the minutes are a draft, removes the wrong one (post/redirect/get,
 * CSRF), and the audit log keeps who, when, its name, size and SHA-256. Once the minutes are submitted
 * the button is gone and a replayed form is refused with the reason on the page.
 */
import { createHash } from "node:crypto";
import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { auditLog } from "../../src/db/schema.ts";
import { plannedOrg } from "../helpers/fixtures.ts";
import { webKit } from "./browser-kit.ts";

vi.setConfig({ testTimeout: 120_000 });
const kit = await webKit({ now: "2026-04-01T03:00:00Z" });
const { t, base, phone, check, logIn } = kit;
let may: string;

const pdf = (note: string) =>
  Buffer.from(
    `%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\n% ${note}\ntrailer<</Root 1 0 R>>\n%%EOF\n`,
    "latin1",
  );

beforeAll(async () => {
  ({ meetingId: may } = await plannedOrg(t, "2026-04", "2026-05", "2026-05"));
  await kit.start();
}, 120_000);

describe("removing a file from the minutes on the page", () => {
  it("the secretary removes a wrong upload before submission; after submission the files stay", async () => {
    t.clock.set("2026-05-10T10:00:00Z");
    const sec = await t.login("binh@to1.vn", "mat-khau-dai-du");
    const boundary = "----chibo";
    const upload = (name: string, data: Buffer) =>
      t.app.inject({
        method: "POST",
        url: `/api/meetings/${may}/files`,
        headers: { ...sec, "content-type": `multipart/form-data; boundary=${boundary}` },
        payload: Buffer.concat([
          Buffer.from(
            `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${name}"\r\nContent-Type: application/pdf\r\n\r\n`,
          ),
          data,
          Buffer.from(`\r\n--${boundary}--\r\n`),
        ]),
      });
    const wrong = pdf("chi bo khac");
    expect((await upload("Biên bản chi bộ khác.pdf", wrong)).statusCode).toBe(201);
    expect((await upload("Biên bản đã ký.pdf", pdf("dung"))).statusCode).toBe(201);

    const { ctx, page } = await phone();
    await logIn(page, "binh@to1.vn");
    await page.goto(`${base}/cuoc-hop/${may}#tep`);
    const files = page.locator("#tep ul.files");
    await expect.poll(() => files.locator("li").count()).toBe(2);
    await check(page, "minutes-file-remove");
    const stale = await page
      .locator("#tep form.inline")
      .first()
      .evaluate((f) => f.outerHTML);
    await page.getByRole("button", { name: "Xóa tệp Biên bản chi bộ khác.pdf" }).click();
    await page.waitForURL(/xong=file-removed/);
    expect(await page.locator("main").innerText()).toContain("Đã xóa tệp");
    expect(await files.innerText()).not.toContain("Biên bản chi bộ khác.pdf");
    expect(await files.innerText()).toContain("Biên bản đã ký.pdf");
    const [audit] = await t.database.db
      .select({ before: auditLog.before, actor: auditLog.actorUserId, at: auditLog.at })
      .from(auditLog)
      .where(eq(auditLog.action, "file_removed"));
    expect(audit!.actor).toBeTruthy();
    expect(audit!.at.toISOString()).toBe("2026-05-10T10:00:00.000Z");
    expect(audit!.before).toMatchObject({
      fileName: "Biên bản chi bộ khác.pdf",
      size: wrong.length,
      sha256: createHash("sha256").update(wrong).digest("hex"),
    });

    // Submitted: no more "Xóa"; a form sent from a page opened before is refused, in words, on the page.
    const kept = (await t.app.inject({ url: `/api/meetings/${may}/files`, headers: sec })).json()[0].id;
    const put = await t.app.inject({
      method: "PUT",
      url: `/api/meetings/${may}/minutes`,
      headers: sec,
      payload: {
        chair: "Trần Văn Bình",
        recorder: "Lê Thị Hoa",
        startTime: "14:00",
        endTime: "16:00",
        introducedBy: "Trần Văn Bình",
        discussion: [],
        conclusions: "Chi bộ thống nhất.",
        tasks: [],
      },
    });
    expect(put.statusCode, put.body).toBe(200);
    const sub = await t.app.inject({
      method: "POST",
      url: `/api/meetings/${may}/minutes/submit`,
      headers: sec,
    });
    expect(sub.statusCode, sub.body).toBe(200);
    await page.goto(`${base}/cuoc-hop/${may}#tep`);
    expect(await page.locator("#tep").getByRole("button", { name: /^Xóa/ }).count()).toBe(0);
    await page.evaluate(
      ([h, id]) => {
        document.body.insertAdjacentHTML(
          "beforeend",
          h!.replace(/name="fileId" value="[^"]*"/, `name="fileId" value="${id}"`),
        );
      },
      [stale, kept],
    );
    await page.locator("body > form.inline button").click();
    await page.waitForLoadState("load");
    expect(await page.locator("#tep").innerText()).toContain("Biên bản đã nộp, không thể xóa tệp");
    expect(await files.innerText()).toContain("Biên bản đã ký.pdf");
    await ctx.close();
  });
});
