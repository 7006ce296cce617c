/**
 * A joining date in the future (in the branch's zone) is refused, by the member form's service and by the
 * CSV import, in Vietnamese; and a CSV file's problems come in one round: its own (a bad email) together
 * with its emails already in the branch, not the second only after the first is fixed.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { buildTestApp } from "../helpers/app.ts";
import { buildOrg, type Org } from "../helpers/fixtures.ts";

// 17:30 UTC on 31/12/2026 is already 01/01/2027 in Hồ Chí Minh time.
const t = await buildTestApp({ now: "2026-12-31T17:30:00Z" });
let org: Org;
beforeAll(async () => {
  org = await buildOrg(t);
});

const importCsv = (csv: string) =>
  t.app.inject({
    method: "POST",
    url: `/api/branches/${org.branchA}/members/import`,
    headers: { ...org.secretaryA, "content-type": "text/csv" },
    payload: csv,
  });

describe("a member's joining date", () => {
  it("is refused in the future, accepted today in the branch's zone", async () => {
    const future = await t.app.inject({
      method: "POST",
      url: `/api/branches/${org.branchA}/members`,
      headers: org.secretaryA,
      payload: { fullName: "Đỗ Văn Tới", joinedOn: "2030-01-10" },
    });
    expect(future.statusCode).toBe(400);
    expect(future.json().errors[0]).toMatchObject({ field: "body.joinedOn" });
    expect(future.json().errors[0].reason).toContain("10/01/2030 là ngày trong tương lai");

    const today = await t.app.inject({
      method: "POST",
      url: `/api/branches/${org.branchA}/members`,
      headers: org.secretaryA,
      payload: { fullName: "Đỗ Văn Nay", joinedOn: "2027-01-01" },
    });
    expect(today.statusCode).toBe(201);

    const changed = await t.app.inject({
      method: "PATCH",
      url: `/api/members/${org.memberA}`,
      headers: org.secretaryA,
      payload: { joinedOn: "2030-01-10" },
    });
    expect(changed.statusCode).toBe(400);
    expect(changed.json().detail).toContain("tương lai");
  });

  it("is refused in the future by the CSV import, with the line", async () => {
    const res = await importCsv("Họ và tên,Ngày vào Đảng\nĐỗ Văn Sau,10/01/2030\n");
    expect(res.statusCode).toBe(400);
    expect(res.json().problems).toEqual([
      expect.objectContaining({ line: 2, field: "joinedOn", reason: expect.stringContaining("tương lai") }),
    ]);
  });
});

describe("a CSV import's problems", () => {
  it("are all reported at once: a bad email and an email already in the branch", async () => {
    const res = await importCsv(
      "Họ và tên,Email\nLê Thị Hoa Hai,hoa@to1.vn\nPhạm Văn Sai,sai email\nNgô Văn Trùng,trung@to1.vn\nNgô Văn Trùng Hai,trung@to1.vn\n",
    );
    expect(res.statusCode).toBe(400);
    const problems = res.json().problems as { line: number; field: string; reason: string }[];
    expect(problems.map((p) => [p.line, p.field])).toEqual([
      [2, "email"],
      [3, "email"],
      [5, "email"],
    ]);
    expect(problems[0]!.reason).toContain("hoa@to1.vn đã có trong danh sách chi bộ");
    expect(problems[2]!.reason).toContain("trùng với email ở dòng 4");
  });
});
