/**
 * Setting up from pages (issue 18), in Chromium at 360 px: an admin builds the tree (a committee under a
 * committee, a branch with its meeting rule, zone, place and online link) without /docs, gives a secretary
 * an account by an invitation mail whose one-use link sets the password, sends a fresh link, locks the
 * account (its session ends at once) and unlocks it; each change is in the audit trail. The secretary sets
 * the branch's place and link on the branch's settings page (not its name); a member is refused; an officer
 * sees only their subtree.
 */
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { auditLog, branches, committees } from "../../src/db/schema.ts";
import { ADMIN } from "../helpers/app.ts";
import { buildOrg, type Org } from "../helpers/fixtures.ts";
import { startSink } from "../reminders/smtp-sink.ts";
import { mailsTo, PW, passwordLinkIn, webKit } from "./browser-kit.ts";

vi.setConfig({ testTimeout: 120_000 });
const sink = await startSink();
afterAll(() => sink.close());
const kit = await webKit({ now: "2026-06-09T03:00:00Z", env: { SMTP_URL: sink.url } });
const { t, base, phone, check, logIn } = kit;
let org: Org;

beforeAll(async () => {
  org = await buildOrg(t);
  await kit.start();
}, 120_000);

describe("an admin sets up a committee from the pages", () => {
  it("builds committees under committees and a branch with its rule, zone, place and link", async () => {
    const { ctx, page } = await phone();
    await logIn(page, ADMIN.email, ADMIN.password);
    expect(await page.locator("main").innerText()).not.toMatch(/tài liệu API/);
    expect(await page.locator('a[href="/docs"]').count()).toBe(0);
    await page.getByRole("link", { name: "Cấp ủy và chi bộ" }).click();
    await page.getByRole("heading", { name: "Sơ đồ tổ chức" }).waitFor();

    // A top committee, then one under it.
    await page.getByLabel("Tên cấp ủy").fill("Tỉnh ủy Lào Cai");
    await page.getByLabel("Trực thuộc").selectOption({ label: "Cấp cao nhất (không trực thuộc)" });
    await page.getByRole("button", { name: "Thêm cấp ủy" }).click();
    await page.getByText("Đã thêm cấp ủy.").waitFor();
    await page.getByLabel("Tên cấp ủy").fill("Huyện ủy Bát Xát");
    await page.getByLabel("Trực thuộc").selectOption({ label: "Tỉnh ủy Lào Cai" });
    await page.getByRole("button", { name: "Thêm cấp ủy" }).click();
    await page.getByText("Đã thêm cấp ủy.").waitFor();
    const [huyen] = await t.database.db
      .select({ parentId: committees.parentId, ancestors: committees.ancestorIds })
      .from(committees)
      .where(eq(committees.name, "Huyện ủy Bát Xát"));
    expect(huyen!.ancestors).toHaveLength(2);

    // A branch meeting on the last Friday at 19:30; a bad link is refused next to its field, the rest kept.
    const form = page.locator("#them-chi-bo");
    await form.getByLabel("Thuộc cấp ủy").selectOption({ label: "— Huyện ủy Bát Xát" });
    await form.getByLabel("Tên chi bộ").fill("Chi bộ thôn Trịnh Tường");
    await form.getByLabel("Tính ngày họp theo").selectOption("weekday");
    await form.getByLabel("Thứ (khi họp theo thứ)").selectOption({ label: "Thứ Sáu" });
    await form.getByLabel("Tuần trong tháng (khi họp theo thứ)").selectOption({ label: "Tuần cuối cùng" });
    await form.getByLabel("Giờ bắt đầu").fill("19:30");
    await form.getByLabel("Thời lượng (phút)").fill("90");
    await form.getByLabel("Địa điểm họp thường lệ").fill("Nhà văn hóa thôn");
    await form.getByLabel("Đường dẫn họp trực tuyến (nếu có)").fill("meet.example.vn/tt");
    await form.getByRole("button", { name: "Thêm chi bộ" }).click();
    await page.locator("#f-onlineUrl-error").waitFor();
    expect(await page.locator("#f-onlineUrl-error").innerText()).toContain("https://");
    expect(await page.getByLabel("Tên chi bộ").inputValue()).toBe("Chi bộ thôn Trịnh Tường");
    expect(await page.getByLabel("Giờ bắt đầu").inputValue()).toBe("19:30");
    await check(page, "org-branch-refused");

    await page.getByLabel("Đường dẫn họp trực tuyến (nếu có)").fill("https://meet.example.vn/tt");
    await page.getByLabel("Múi giờ").fill("Asia/Ha_Noi");
    await page.getByRole("button", { name: "Thêm chi bộ" }).click();
    await page.locator("#f-timezone-error").waitFor();
    await page.getByLabel("Múi giờ").fill("Asia/Ho_Chi_Minh");
    await page.getByRole("button", { name: "Thêm chi bộ" }).click();
    await page.getByText(/Đã thêm chi bộ/).waitFor();
    const tree = await page.locator("ul.tree").innerText();
    expect(tree).toMatch(/Tỉnh ủy Lào Cai\s+Huyện ủy Bát Xát\s+Chi bộ thôn Trịnh Tường/);
    expect(tree).toContain("Nhà văn hóa thôn");
    const [b] = await t.database.db
      .select()
      .from(branches)
      .where(eq(branches.name, "Chi bộ thôn Trịnh Tường"));
    expect(b!.meetingRule).toEqual({
      day: { kind: "weekday", weekday: 5, nth: -1 },
      startTime: "19:30",
      durationMinutes: 90,
      shift: "next",
    });
    expect(b!.onlineUrl).toBe("https://meet.example.vn/tt");
    await check(page, "org-tree");
    await ctx.close();
  });

  it("gives a secretary an account by invitation, sends a new link, locks and unlocks it", async () => {
    const { ctx, page } = await phone();
    await logIn(page, ADMIN.email, ADMIN.password);
    await page.getByRole("link", { name: "Tổ chức" }).click();
    await page.getByRole("link", { name: /Tài khoản người dùng/ }).click();
    await page.getByRole("heading", { name: "Tạo tài khoản" }).waitFor();

    // An officer needs a committee: said next to that field, what was typed kept.
    await page.getByLabel("Họ và tên").fill("Giàng A Páo");
    await page.getByLabel("Email").fill("pao@trinhtuong.vn");
    await page.getByLabel("Vai trò").selectOption({ label: "Cán bộ cấp ủy" });
    await page.getByRole("button", { name: "Tạo tài khoản và gửi thư mời" }).click();
    await page.locator("#f-committeeId-error").waitFor();
    expect(await page.getByLabel("Họ và tên").inputValue()).toBe("Giàng A Páo");
    await check(page, "accounts-refused");

    await page.getByLabel("Vai trò").selectOption({ label: "Bí thư chi bộ" });
    await page.getByLabel("Chi bộ (với bí thư chi bộ)").selectOption({ label: "Chi bộ thôn Trịnh Tường" });
    await page.getByRole("button", { name: "Tạo tài khoản và gửi thư mời" }).click();
    await page.getByText(/Đã tạo tài khoản và gửi thư mời/).waitFor();
    expect(await page.locator("ul.accounts").innerText()).toMatch(
      /Giàng A Páo · pao@trinhtuong.vn\s+Bí thư chi bộ · Chi bộ thôn Trịnh Tường/,
    );
    await check(page, "accounts");

    // The invitation: Vietnamese, a reply goes to the admin, a link that sets the password once.
    await expect.poll(() => mailsTo(sink, "pao@trinhtuong.vn").length, { timeout: 15_000 }).toBe(1);
    const invitation = mailsTo(sink, "pao@trinhtuong.vn")[0]!;
    expect(invitation.subject).toBe("Mời đồng chí dùng chibo: đặt mật khẩu");
    expect(invitation.replyTo?.text).toContain(ADMIN.email);
    const link = passwordLinkIn(invitation.text);
    const pao = await phone();
    await pao.page.goto(link);
    await pao.page.getByLabel("Mật khẩu mới", { exact: true }).fill("hoa đào nở trên núi cao");
    await pao.page.getByLabel("Nhập lại mật khẩu mới").fill("hoa đào nở trên núi cao");
    await pao.page.getByRole("button", { name: "Đặt mật khẩu" }).click();
    await pao.page.getByText(/Đã đặt mật khẩu mới/).waitFor();
    expect((await pao.page.goto(link))!.status()).toBe(410);
    await logIn(pao.page, "pao@trinhtuong.vn", "hoa đào nở trên núi cao");
    await pao.page.getByText("Bí thư chi bộ").first().waitFor();

    // A fresh link by mail; the account locked: its open session ends, it cannot log in; then unlocked.
    await page.getByRole("button", { name: "Gửi đường dẫn đặt mật khẩu cho pao@trinhtuong.vn" }).click();
    await page.getByText(/Đã gửi đường dẫn đặt mật khẩu mới/).waitFor();
    await expect.poll(() => mailsTo(sink, "pao@trinhtuong.vn").length, { timeout: 15_000 }).toBe(2);
    expect(mailsTo(sink, "pao@trinhtuong.vn")[1]!.subject).toBe("Đặt mật khẩu chibo");
    await page.getByRole("button", { name: "Khóa tài khoản pao@trinhtuong.vn" }).click();
    await page.getByText(/Đã khóa tài khoản/).waitFor();
    expect(await page.locator("ul.accounts").innerText()).toContain("Đã khóa");
    await pao.page.reload();
    await pao.page.getByRole("button", { name: "Đăng nhập" }).waitFor();
    await logIn(pao.page, "pao@trinhtuong.vn", "hoa đào nở trên núi cao");
    await pao.page.getByText("Email hoặc mật khẩu không đúng").waitFor();
    await page.getByRole("button", { name: "Mở khóa tài khoản pao@trinhtuong.vn" }).click();
    await page.getByText(/Đã mở khóa tài khoản/).waitFor();
    await logIn(pao.page, "pao@trinhtuong.vn", "hoa đào nở trên núi cao");
    await pao.page.getByText("Bí thư chi bộ").first().waitFor();
    await pao.ctx.close();

    // Audited like the API; the link itself is never in the trail.
    const trail = await t.database.db
      .select({ action: auditLog.action, after: auditLog.after })
      .from(auditLog)
      .where(and(eq(auditLog.entity, "account")));
    expect(trail.map((r) => r.action)).toEqual(["invited", "password_link_sent", "disabled", "enabled"]);
    expect(JSON.stringify(trail)).not.toContain(link.split("/").pop()!);
    await ctx.close();
  });
});

describe("the branch's settings and reach", () => {
  it("a secretary sets where the branch meets (not its name); a member is refused", async () => {
    const { ctx, page } = await phone();
    await logIn(page, "binh@to1.vn");
    await page.goto(`${base}/chi-bo/${org.branchA}/cai-dat`);
    await page.getByRole("heading", { name: "Cài đặt Chi bộ Tổ 1" }).waitFor();
    expect(await page.getByLabel("Tên chi bộ").count()).toBe(0);
    expect(await page.getByLabel("Địa điểm họp thường lệ").inputValue()).toBe("Nhà văn hóa tổ 1");
    await page.getByLabel("Ngày trong tháng (khi họp ngày cố định)").fill("40");
    await page.getByRole("button", { name: "Lưu cài đặt" }).click();
    await page.locator("#f-day-error").waitFor();
    await page.getByLabel("Ngày trong tháng (khi họp ngày cố định)").fill("3");
    await page.getByLabel("Địa điểm họp thường lệ").fill("Hội trường tổ dân phố 1");
    await page.getByLabel("Đường dẫn họp trực tuyến (nếu có)").fill("https://meet.example.vn/to1");
    await page.getByRole("button", { name: "Lưu cài đặt" }).click();
    await page.getByText("Đã lưu cài đặt của chi bộ.").waitFor();
    await check(page, "branch-settings");
    const [b] = await t.database.db.select().from(branches).where(eq(branches.id, org.branchA));
    expect(b!.place).toBe("Hội trường tổ dân phố 1");
    expect(b!.meetingRule.day).toEqual({ kind: "day_of_month", day: 3 });
    expect((await page.goto(`${base}/to-chuc`))!.status()).toBe(403);
    expect((await page.goto(`${base}/chi-bo/${org.branchB}/cai-dat`))!.status()).toBe(404);
    await ctx.close();

    const member = await phone();
    await logIn(member.page, "hoa@to1.vn");
    expect((await member.page.goto(`${base}/chi-bo/${org.branchA}/cai-dat`))!.status()).toBe(403);
    await member.ctx.close();
  });

  it("an officer sees only their subtree, and cannot make an admin", async () => {
    const { ctx, page } = await phone();
    await logIn(page, "cb@minhkhai.vn", PW);
    await page.getByRole("link", { name: "Tổ chức" }).click();
    const tree = await page.locator("ul.tree").innerText();
    expect(tree).toContain("Chi bộ Tổ 1");
    expect(tree).not.toContain("Nậm Thanh");
    expect(tree).not.toContain("Lào Cai");
    expect(await page.getByRole("option", { name: "Cấp cao nhất (không trực thuộc)" }).count()).toBe(0);
    await page.goto(`${base}/to-chuc/tai-khoan`);
    const list = await page.locator("ul.accounts").innerText();
    expect(list).toContain("binh@to1.vn");
    expect(list).not.toContain("cb@phuongdo.vn");
    expect(list).not.toContain(ADMIN.email);
    expect(await page.getByLabel("Vai trò").locator("option").allInnerTexts()).toEqual([
      "Cán bộ cấp ủy",
      "Bí thư chi bộ",
    ]);
    // Another committee's account reads as not found.
    const [other] = await t.database.db
      .select({ id: committees.id })
      .from(committees)
      .where(eq(committees.id, org.otherWardId));
    expect(other).toBeDefined();
    const api = await t.app.inject({ url: "/api/accounts", headers: await t.login("cb@minhkhai.vn", PW) });
    expect(api.json().map((a: { email: string }) => a.email)).not.toContain("cb@phuongdo.vn");
    await ctx.close();
  });
});
