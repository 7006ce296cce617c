/**
 * A changed or reset password ends the sessions opened with the old one, and passwords that a guesser
 * tries first are refused wherever a password is set.
 */
import { describe, expect, it } from "vitest";
import { setPassword } from "../../src/auth/users-service.ts";
import { buildTestApp } from "../helpers/app.ts";

const t = await buildTestApp();
const { app, admin } = t;

async function newAdmin(email: string, password = "mat-khau-ban-dau") {
  const res = await app.inject({
    method: "POST",
    url: "/api/users",
    headers: admin,
    payload: { email, displayName: "Người Dùng", password, role: "admin" },
  });
  expect(res.statusCode, res.body).toBe(201);
}
const meStatus = async (headers: { authorization: string }) =>
  (await app.inject({ url: "/api/auth/me", headers })).statusCode;

describe("sessions after a password change", () => {
  it("a change ends every other session of the user and keeps the one that made it", async () => {
    await newAdmin("doi@test.vn");
    const laptop = await t.login("doi@test.vn", "mat-khau-ban-dau");
    const stolen = await t.login("doi@test.vn", "mat-khau-ban-dau");
    const res = await app.inject({
      method: "POST",
      url: "/api/auth/password",
      headers: laptop,
      payload: { currentPassword: "mat-khau-ban-dau", newPassword: "cay-tre-xanh-ngat" },
    });
    expect(res.statusCode).toBe(204);
    expect(await meStatus(stolen)).toBe(401);
    expect(await meStatus(laptop)).toBe(200);
    // Other users keep theirs.
    expect(await meStatus(admin)).toBe(200);
  });

  it("a reset (the CLI's) ends every session of the user", async () => {
    await newAdmin("quen@test.vn");
    const one = await t.login("quen@test.vn", "mat-khau-ban-dau");
    const two = await t.login("quen@test.vn", "mat-khau-ban-dau");
    await setPassword(t.database.db, "quen@test.vn", "song-hong-mua-lu", { now: t.clock.now() });
    expect(await meStatus(one)).toBe(401);
    expect(await meStatus(two)).toBe(401);
    expect(await meStatus(await t.login("quen@test.vn", "song-hong-mua-lu"))).toBe(200);
    expect(await meStatus(admin)).toBe(200);
  });
});

describe("passwords too easy to guess", () => {
  const weak = ["aaaaaaaaaa", "1234567890", "password12", "matkhau123", "qwertyuiop", "chibo12345"];

  it("are refused on creation, naming the field, in Vietnamese", async () => {
    for (const password of weak) {
      const res = await app.inject({
        method: "POST",
        url: "/api/users",
        headers: admin,
        payload: { email: "yeu@test.vn", displayName: "Yếu", password, role: "admin" },
      });
      expect(res.statusCode, password).toBe(400);
      expect(res.headers["content-type"]).toContain("application/problem+json");
      expect(res.json().errors).toEqual([
        { field: "body.password", reason: expect.stringMatching(/dễ đoán/) },
      ]);
    }
    const local = await app.inject({
      method: "POST",
      url: "/api/users",
      headers: admin,
      payload: { email: "nguyenvanan@test.vn", displayName: "An", password: "nguyenvanan", role: "admin" },
    });
    expect(local.statusCode).toBe(400);
    expect(local.json().errors[0]).toMatchObject({
      field: "body.password",
      reason: expect.stringMatching(/email/),
    });
  });

  it("are refused on change (body.newPassword) and on reset", async () => {
    await newAdmin("doi2@test.vn");
    const headers = await t.login("doi2@test.vn", "mat-khau-ban-dau");
    for (const newPassword of weak) {
      const res = await app.inject({
        method: "POST",
        url: "/api/auth/password",
        headers,
        payload: { currentPassword: "mat-khau-ban-dau", newPassword },
      });
      expect(res.statusCode, newPassword).toBe(400);
      expect(res.json().errors[0].field).toBe("body.newPassword");
    }
    await expect(
      setPassword(t.database.db, "doi2@test.vn", "matkhau123", { now: t.clock.now() }),
    ).rejects.toMatchObject({
      status: 400,
    });
    expect(await meStatus(headers)).toBe(200);
  });
});
