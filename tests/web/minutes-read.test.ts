/**
 * Reading minutes on the pages (issue 18), in Chromium at 360 px: a member opens a held meeting and reads
 * the minutes as submitted (topic, chair, opinions, conclusions, tasks, the signed scan), not a change the
 * secretary has not submitted yet; before submission there is nothing to read. The secretary opens an older
 * revision from the list of revisions. A second upload of the same bytes is refused, naming the file.
 */
import { beforeAll, describe, expect, it, vi } from "vitest";
import { type Org, plannedOrg } from "../helpers/fixtures.ts";
import { minimalPdf, webKit } from "./browser-kit.ts";

vi.setConfig({ testTimeout: 120_000 });
const kit = await webKit({ now: "2026-04-01T03:00:00Z" });
const { t, base, phone, check, logIn } = kit;
let org: Org;
let may: string;

const minutes = (conclusions: string, reason?: string) => ({
  chair: "Trần Văn Bình",
  recorder: "Lê Thị Hoa",
  startTime: "14:00",
  endTime: "16:00",
  introducedBy: "Trần Văn Bình",
  discussion: [{ by: "Lê Thị Hoa", opinion: "Cần gương mẫu trong sinh hoạt hằng ngày." }],
  conclusions,
  tasks: [{ content: "Viết bài thu hoạch", assignee: "Các đảng viên", due: "2026-05-20" }],
  ...(reason ? { reason } : {}),
});

beforeAll(async () => {
  ({ org, meetingId: may } = await plannedOrg(t, "2026-04", "2026-05", "2026-05"));
  await kit.start();
}, 120_000);

describe("the minutes of a held meeting", () => {
  it("a member reads them once submitted; the secretary reads an older revision", async () => {
    t.clock.set("2026-05-10T10:00:00Z");
    const sec = await t.login("binh@to1.vn", "mat-khau-dai-du");
    const put = (body: object) =>
      t.app.inject({ method: "PUT", url: `/api/meetings/${may}/minutes`, headers: sec, payload: body });
    const att = await t.app.inject({
      method: "PUT",
      url: `/api/meetings/${may}/attendance`,
      headers: sec,
      payload: {
        members: [
          { memberId: org.memberA, status: "present" },
          { memberId: org.memberA2, status: "present" },
        ],
      },
    });
    expect(att.statusCode, att.body).toBe(200);
    expect((await put(minutes("Bản nháp đầu tiên."))).statusCode).toBe(200);

    // Before submission a member reads the attendance only.
    const { ctx, page } = await phone();
    await logIn(page, "hoa@to1.vn");
    await page.goto(`${base}/cuoc-hop/${may}`);
    await page.getByText("Điểm danh của đồng chí").waitFor();
    expect(await page.locator("main").innerText()).not.toContain("Bản nháp đầu tiên");

    expect((await put(minutes("Chi bộ thống nhất học tập và làm theo."))).statusCode).toBe(200);
    const boundary = "----chibo";
    const bodyOf = (name: string) =>
      Buffer.concat([
        Buffer.from(
          `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${name}"\r\nContent-Type: application/pdf\r\n\r\n`,
        ),
        minimalPdf(),
        Buffer.from(`\r\n--${boundary}--\r\n`),
      ]);
    const body = bodyOf("Biên bản đã ký.pdf");
    const up = await t.app.inject({
      method: "POST",
      url: `/api/meetings/${may}/files`,
      headers: { ...sec, "content-type": `multipart/form-data; boundary=${boundary}` },
      payload: body,
    });
    expect(up.statusCode, up.body).toBe(201);
    // The same bytes again (under another name): refused, naming the file already there; no copy kept.
    const again = await t.app.inject({
      method: "POST",
      url: `/api/meetings/${may}/files`,
      headers: { ...sec, "content-type": `multipart/form-data; boundary=${boundary}` },
      payload: bodyOf("ban-sao.pdf"),
    });
    expect(again.statusCode, again.body).toBe(409);
    expect(again.json().detail).toContain("đã có; không lưu thêm bản sao");
    expect(again.json().detail).toContain("“Biên bản đã ký.pdf”");
    const listed = await t.app.inject({ url: `/api/meetings/${may}/files`, headers: sec });
    expect(listed.json()).toHaveLength(1);
    expect(
      (await t.app.inject({ method: "POST", url: `/api/meetings/${may}/minutes/submit`, headers: sec }))
        .statusCode,
    ).toBe(200);
    // A change not yet submitted stays the secretary's.
    expect((await put(minutes("Bản sửa chưa nộp.", "Bổ sung"))).statusCode).toBe(200);

    await page.reload();
    const section = page.locator("section", {
      has: page.getByRole("heading", { name: "Biên bản buổi sinh hoạt" }),
    });
    await section.waitFor();
    const text = await section.innerText();
    expect(text).toContain("Chủ trì: Trần Văn Bình");
    expect(text).toContain("Lê Thị Hoa: Cần gương mẫu trong sinh hoạt hằng ngày.");
    expect(text).toContain("Chi bộ thống nhất học tập và làm theo.");
    expect(text).toContain("Viết bài thu hoạch — Các đảng viên (hạn 20/05/2026)");
    expect(text).not.toContain("Bản sửa chưa nộp");
    const file = section.getByRole("link", { name: "Biên bản đã ký.pdf" });
    const download = await page.request.get(`${base}${await file.getAttribute("href")}`);
    expect(download.status()).toBe(200);
    expect((await download.body()).subarray(0, 5).toString()).toBe("%PDF-");
    await check(page, "member-minutes");
    await ctx.close();

    const s = await phone();
    await logIn(s.page, "binh@to1.vn");
    await s.page.goto(`${base}/cuoc-hop/${may}`);
    await s.page.getByText(/^Phiên bản 1,/).click();
    const first = s.page.locator("ol.revisions > li").first();
    expect(await first.innerText()).toContain("Bản nháp đầu tiên.");
    await check(s.page, "secretary-old-revision");
    await s.ctx.close();
  });
});
