/**
 * Members' phone numbers (issue 21: Zalo reaches a member by it): a Vietnamese mobile number, checked by
 * one rule in the API and the CSV import (every problem of a file at once, nothing imported), kept in one
 * form, and read only by the secretary and above (and the member themselves).
 */
import { beforeAll, describe, expect, it } from "vitest";
import { buildTestApp } from "../helpers/app.ts";
import { buildOrg, type Org } from "../helpers/fixtures.ts";

const t = await buildTestApp({ now: "2026-06-01T03:00:00Z" });
let org: Org;
beforeAll(async () => {
  org = await buildOrg(t);
});

const add = (payload: object) =>
  t.app.inject({
    method: "POST",
    url: `/api/branches/${org.branchA}/members`,
    headers: org.secretaryA,
    payload,
  });

describe("a member's phone number", () => {
  it("is kept in one form however it was typed", async () => {
    const res = await add({ fullName: "Đỗ Thị Mai", phone: "+84 912.345.678" });
    expect(res.statusCode).toBe(201);
    expect(res.json().phone).toBe("0912345678");
  });

  it("is refused when it is a landline, naming the field and the reason", async () => {
    const res = await add({ fullName: "Đỗ Văn Bàn", phone: "024 3825 3825" });
    expect(res.statusCode).toBe(400);
    expect(res.json().errors).toEqual([{ field: "body.phone", reason: expect.stringContaining("máy bàn") }]);
  });

  it("is refused when it is an old 11-digit number, with the number it became", async () => {
    const res = await t.app.inject({
      method: "PATCH",
      url: `/api/members/${org.memberA}`,
      headers: org.secretaryA,
      payload: { phone: "0168 123 4567" },
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().errors[0]).toMatchObject({
      field: "body.phone",
      reason: expect.stringContaining("0381 234 567"),
    });
    const read = await t.app.inject({ url: `/api/members/${org.memberA}`, headers: org.secretaryA });
    expect(read.json().phone).toBeNull(); // nothing written
  });

  it("is checked in the CSV import: every bad number of the file at once, nothing imported", async () => {
    const csv =
      "Họ và tên,Điện thoại\nA Văn Một,0912 345 679\nB Thị Hai,024 3825 3825\nC Văn Ba,0512345678\nD Thị Bốn,84 38 825 1234\n";
    const res = await t.app.inject({
      method: "POST",
      url: `/api/branches/${org.branchA}/members/import`,
      headers: { ...org.secretaryA, "content-type": "text/csv" },
      payload: csv,
    });
    expect(res.statusCode).toBe(400);
    const lines = JSON.stringify(res.json());
    expect(lines).toContain("máy bàn");
    expect(lines).toContain("đầu số di động");
    const list = await t.app.inject({ url: `/api/branches/${org.branchA}/members`, headers: org.secretaryA });
    expect(list.json().map((m: { fullName: string }) => m.fullName)).not.toContain("A Văn Một");
  });

  it("is read by the secretary, never by another member (only their own)", async () => {
    await t.app.inject({
      method: "PATCH",
      url: `/api/members/${org.memberA}`,
      headers: org.secretaryA,
      payload: { phone: "0987 654 321" },
    });
    const bySecretary = await t.app.inject({ url: `/api/members/${org.memberA}`, headers: org.secretaryA });
    expect(bySecretary.json().phone).toBe("0987654321");
    const byMember = await t.app.inject({ url: `/api/members/${org.memberA}`, headers: org.memberALogin });
    expect(byMember.statusCode).toBeGreaterThanOrEqual(403);
    expect(byMember.body).not.toContain("0987654321");
    const own = await t.app.inject({ url: `/api/members/${org.memberA2}`, headers: org.memberALogin });
    expect(own.statusCode).toBe(200);
    const list = await t.app.inject({
      url: `/api/branches/${org.branchA}/members`,
      headers: org.memberALogin,
    });
    expect(list.statusCode).toBe(403);
    expect(list.body).not.toContain("0987654321");
  });
});

describe("the member form", () => {
  it("shows the phone's reason next to the field, and adds no one", async () => {
    const login = await t.app.inject({
      method: "POST",
      url: "/api/auth/login",
      payload: { email: "binh@to1.vn", password: "mat-khau-dai-du" },
    });
    const c = login.cookies.find((x) => x.name === "chibo_session")!;
    const res = await t.app.inject({
      method: "POST",
      url: `/chi-bo/${org.branchA}/dang-vien/them`,
      headers: {
        cookie: `${c.name}=${c.value}`,
        origin: "https://chibo.test",
        "content-type": "application/x-www-form-urlencoded",
      },
      payload: new URLSearchParams({ fullName: "Vũ Văn Bàn", phone: "0168 123 4567" }).toString(),
    });
    expect(res.statusCode).toBe(400);
    const error = /id="f-phone-error"[^>]*>([^<]*)</.exec(res.body)?.[1];
    expect(error).toContain("0381 234 567");
    const list = await t.app.inject({ url: `/api/branches/${org.branchA}/members`, headers: org.secretaryA });
    expect(list.json().map((m: { fullName: string }) => m.fullName)).not.toContain("Vũ Văn Bàn");
  });
});
