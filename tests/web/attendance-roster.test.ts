/**
 * Attendance after the roll changed: a member recorded as joining before a held meeting, after its
 * attendance was filed, is on the form (unmarked) instead of making every save fail; a refusal names the
 * members concerned ("Chưa ghi lý do vắng của đồng chí …"), never "Danh sách … không khớp".
 */
import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { attendance } from "../../src/db/schema.ts";
import { type Org, plannedOrg } from "../helpers/fixtures.ts";
import { webKit } from "./browser-kit.ts";

vi.setConfig({ testTimeout: 120_000 });
const kit = await webKit({ now: "2026-05-05T03:00:00Z" });
const { t, base, phone, check, logIn } = kit;
const db = t.database.db;
let org: Org;
let mayId: string;

beforeAll(async () => {
  ({ org, meetingId: mayId } = await plannedOrg(t, "2026-04", "2027-03", "2026-05"));
  const filed = await t.app.inject({
    method: "PUT",
    url: `/api/meetings/${mayId}/attendance`,
    headers: org.secretaryA,
    payload: {
      members: [
        { memberId: org.memberA, status: "present" },
        { memberId: org.memberA2, status: "present" },
      ],
    },
  });
  expect(filed.statusCode).toBe(200);
  // Recorded afterwards: a member who joined in January.
  const added = await t.app.inject({
    method: "POST",
    url: `/api/branches/${org.branchA}/members`,
    headers: org.secretaryA,
    payload: { fullName: "Vàng Thị Mỷ", email: "my@to1.vn", joinedOn: "2026-01-10" },
  });
  expect(added.statusCode).toBe(201);
  await kit.start();
}, 120_000);

describe("attendance after members are added", () => {
  it("lists the meeting's roll as it is now, names whoever a refusal concerns, and saves", async () => {
    // The old list is refused by the API, naming the member it lacks.
    const old = await t.app.inject({
      method: "PUT",
      url: `/api/meetings/${mayId}/attendance`,
      headers: org.secretaryA,
      payload: {
        members: [
          { memberId: org.memberA, status: "present" },
          { memberId: org.memberA2, status: "present" },
        ],
      },
    });
    expect(old.statusCode).toBe(400);
    expect(old.json().detail).toContain("Vàng Thị Mỷ");
    expect(old.json().detail).not.toMatch(/không khớp|[0-9a-f]{8}-/);

    const { ctx, page } = await phone();
    await logIn(page, "binh@to1.vn");
    await page.goto(`${base}/cuoc-hop/${mayId}`);
    const my = page.locator("fieldset", { hasText: "Vàng Thị Mỷ" });
    await my.waitFor();
    await my.getByLabel("Có mặt").check();
    const hoa = page.locator("fieldset", { hasText: "Lê Thị Hoa" });
    // A reason box only for an absence: a member marked present shows none, and the form stays short.
    expect(await my.getByLabel("Lý do vắng").isVisible()).toBe(false);
    expect(await hoa.getByLabel("Lý do vắng").isVisible()).toBe(false);
    const before = (await page.locator("#diem-danh").boundingBox())!.height;
    await hoa.getByLabel("Vắng có lý do").check();
    expect(await hoa.getByLabel("Lý do vắng").isVisible()).toBe(true);
    expect(await my.getByLabel("Lý do vắng").isVisible()).toBe(false);
    const markHeight = (await my.boundingBox())!.height;
    expect(markHeight).toBeLessThan(160);
    expect((await page.locator("#diem-danh").boundingBox())!.height).toBeGreaterThan(before);
    await page.getByRole("button", { name: "Lưu điểm danh" }).click();
    const refused = page.getByText(/Chưa ghi lý do vắng của đồng chí Lê Thị Hoa/).first();
    await refused.waitFor();
    const body = await page.locator("main").innerText();
    expect(body).not.toMatch(/không khớp|body\.|members\.\d/);
    await check(page, "attendance-refused-names");

    await page.locator("fieldset", { hasText: "Lê Thị Hoa" }).getByLabel("Lý do vắng").fill("Ốm");
    await page.getByRole("button", { name: "Lưu điểm danh" }).click();
    await page.getByText("Đã lưu điểm danh.").waitFor();
    const marks = await db.select().from(attendance).where(eq(attendance.meetingId, mayId));
    expect(marks).toHaveLength(3);
    expect(marks.find((m) => m.memberId === org.memberA2)).toMatchObject({
      status: "absent_excused",
      reason: "Ốm",
    });
    await ctx.close();
  });
});
