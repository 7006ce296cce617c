/**
 * A district-sized member list in one file: thousands of rows go in whole (in batches, one transaction),
 * or none of them do.
 */
import { count, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { members } from "../../src/db/schema.ts";
import { buildTestApp } from "../helpers/app.ts";

const t = await buildTestApp();
const { app, admin, database } = t;

const HO = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ"];
const DEM = ["Văn", "Thị", "Hữu", "Đức", "Minh", "Ngọc", "Thanh", "Quốc", "Thu", "Xuân"];
const TEN = ["An", "Bình", "Cường", "Dũng", "Giang", "Hằng", "Hương", "Khánh", "Lâm", "Mai", "Nam", "Phúc"];

/** `n` members with Vietnamese names, a unique email and a phone, as Excel saves them (BOM, ";", CRLF). */
function memberCsv(n: number, tag: string): string {
  const lines = ["\uFEFFSTT;Họ và tên;Email;Điện thoại;Chức vụ;Loại đảng viên;Ngày vào Đảng"];
  for (let i = 1; i <= n; i++) {
    const name = `${HO[i % HO.length]} ${DEM[(i >> 2) % DEM.length]} ${TEN[(i >> 4) % TEN.length]}`;
    const phone = `09${String(i).padStart(8, "0")}`;
    const day = String((i % 28) + 1).padStart(2, "0");
    lines.push(`${i};${name};dv${i}.${tag}@example.vn;${phone};Đảng viên;Chính thức;${day}/03/2010`);
  }
  return `${lines.join("\r\n")}\r\n`;
}

let committee: string;
const importCsv = (branch: string, csv: string) =>
  app.inject({
    method: "POST",
    url: `/api/branches/${branch}/members/import`,
    headers: { ...admin, "content-type": "text/csv" },
    payload: csv,
  });
async function newBranch(name: string): Promise<string> {
  const res = await app.inject({
    method: "POST",
    url: `/api/committees/${committee}/branches`,
    headers: admin,
    payload: { name },
  });
  return res.json().id;
}
async function countIn(branch: string): Promise<number> {
  const [row] = await database.db.select({ n: count() }).from(members).where(eq(members.branchId, branch));
  return row!.n;
}

beforeAll(async () => {
  const res = await app.inject({
    method: "POST",
    url: "/api/committees",
    headers: admin,
    payload: { name: "Đảng ủy khối Doanh nghiệp" },
  });
  committee = res.json().id;
});

describe("importing a large member list", () => {
  it("imports 10,000 rows (about 700 KiB) in one request", async () => {
    const branch = await newBranch("Chi bộ Tổng công ty");
    const csv = memberCsv(10_000, "a");
    const res = await importCsv(branch, csv);
    expect(res.statusCode, res.body.slice(0, 500)).toBe(201);
    expect(res.json().imported).toBe(10_000);
    expect(await countIn(branch)).toBe(10_000);
    expect(res.json().members[9_999]).toMatchObject({ email: "dv10000.a@example.vn", role: "member" });
  }, 120_000);

  it("imports 37,000 rows (about 2.6 MB), under the documented limit", async () => {
    const branch = await newBranch("Chi bộ Tập đoàn");
    const csv = memberCsv(37_000, "b");
    expect(Buffer.byteLength(csv)).toBeGreaterThan(2_000_000);
    const res = await importCsv(branch, csv);
    expect(res.statusCode, res.body.slice(0, 500)).toBe(201);
    expect(res.json().imported).toBe(37_000);
    expect(await countIn(branch)).toBe(37_000);
  }, 180_000);

  it("a clash on the last of 12,000 rows imports none of them (all or nothing across batches)", async () => {
    const branch = await newBranch("Chi bộ Nhà máy");
    expect((await importCsv(branch, memberCsv(1, "c"))).statusCode).toBe(201);
    // Row 12,000 reuses the email already in the branch; the batches before it must not stay.
    const csv = memberCsv(12_000, "d").replace("dv12000.d@example.vn", "dv1.c@example.vn");
    const res = await importCsv(branch, csv);
    expect(res.statusCode).toBe(400);
    expect(res.json().errors[0].field).toBe("line 12001.email");
    expect(await countIn(branch)).toBe(1);
  }, 120_000);

  it("refuses a file over the limit with 413, naming the limit in Vietnamese", async () => {
    const branch = await newBranch("Chi bộ Kho vận");
    const csv = `Họ và tên\n${"Nguyễn Văn An\n".repeat(800_000)}`;
    const res = await importCsv(branch, csv);
    expect(res.statusCode).toBe(413);
    expect(res.headers["content-type"]).toContain("application/problem+json");
    expect(res.json().detail).toContain("MB");
    expect(await countIn(branch)).toBe(0);
  }, 60_000);
});
