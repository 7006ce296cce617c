/**
 * The CLI as an operator runs it: a separate process on the same database as the app, whose accounts
 * then log in through the API.
 */
import { execFile } from "node:child_process";
import { randomBytes } from "node:crypto";
import { readdir } from "node:fs/promises";
import { promisify } from "node:util";
import pg from "pg";
import { describe, expect, inject, it } from "vitest";
import { buildTestApp } from "../helpers/app.ts";

const run = promisify(execFile);
const t = await buildTestApp();
const { app, admin } = t;

/** A command's arguments: `argsOf("create-user", { email: "a@b.vn" })` → create-user --email a@b.vn. */
const argsOf = (name: string, flags: Record<string, string>) => [
  name,
  ...Object.entries(flags).flatMap(([k, v]) => [`--${k}`, v]),
];

async function cli(args: string[], env: Record<string, string> = {}) {
  try {
    const { stdout, stderr } = await run("npx", ["tsx", "src/cli.ts", ...args], {
      env: { ...process.env, DATABASE_URL: t.database.url, ...env },
      timeout: 60_000,
    });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code?: number; stdout: string; stderr: string };
    return { code: e.code ?? -1, stdout: e.stdout, stderr: e.stderr };
  }
}

async function loginStatus(email: string, password: string) {
  const res = await app.inject({ method: "POST", url: "/api/auth/login", payload: { email, password } });
  return res.statusCode;
}

describe("npm run cli", () => {
  it("creates an administrator with a given password who can then log in", async () => {
    const r = await cli(
      argsOf("create-user", {
        email: "Tong.Bi.Thu@Example.vn",
        name: "Trần Quốc Toản",
        role: "admin",
        password: "mat-khau-rat-dai",
      }),
    );
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain("Đã tạo tài khoản tong.bi.thu@example.vn");
    expect(r.stdout).not.toContain("mat-khau-rat-dai");
    expect(await loginStatus("tong.bi.thu@example.vn", "mat-khau-rat-dai")).toBe(200);
  });

  it("prints a generated password once, and that password works", async () => {
    const r = await cli(
      argsOf("create-user", { email: "sinh@example.vn", name: "Người Được Sinh Mật Khẩu", role: "admin" }),
    );
    expect(r.code, r.stderr).toBe(0);
    const password = r.stdout.match(/Mật khẩu \(chỉ hiện một lần[^:]*: (\S+)/)?.[1];
    expect(password).toBeDefined();
    expect(await loginStatus("sinh@example.vn", password!)).toBe(200);
  });

  it("creates a secretary bound to a branch, who then reaches exactly that branch", async () => {
    const c = await app.inject({
      method: "POST",
      url: "/api/committees",
      headers: admin,
      payload: { name: "Đảng ủy phường Hàng Bạc" },
    });
    const b = await app.inject({
      method: "POST",
      url: `/api/committees/${c.json().id}/branches`,
      headers: admin,
      payload: { name: "Chi bộ số 3" },
    });
    const r = await cli([
      "create-user",
      "--email",
      "bithu3@example.vn",
      "--name",
      "Bí thư Ba",
      "--role",
      "secretary",
      "--branch",
      b.json().id,
      "--password",
      "bi-thu-chi-bo-3",
    ]);
    expect(r.code, r.stderr).toBe(0);
    const headers = await t.login("bithu3@example.vn", "bi-thu-chi-bo-3");
    const me = await app.inject({ url: "/api/auth/me", headers });
    expect(me.json()).toMatchObject({ role: "secretary", branchId: b.json().id, displayName: "Bí thư Ba" });
    const mine = await app.inject({ url: "/api/branches", headers });
    expect(mine.json().map((x: { id: string }) => x.id)).toEqual([b.json().id]);
  });

  it("resets a password: the old one stops working, the new one works, and every session ends", async () => {
    await cli(
      argsOf("create-user", {
        email: "quen@example.vn",
        name: "Hay Quên",
        role: "admin",
        password: "mat-khau-cu-1234",
      }),
    );
    const before = await t.login("quen@example.vn", "mat-khau-cu-1234");
    const r = await cli(["reset-password", "--email", "QUEN@example.vn"]);
    expect(r.code, r.stderr).toBe(0);
    expect((await app.inject({ url: "/api/auth/me", headers: before })).statusCode).toBe(401);
    const fresh = r.stdout.match(/Mật khẩu mới \(chỉ hiện một lần\): (\S+)/)?.[1];
    expect(fresh).toBeDefined();
    expect(await loginStatus("quen@example.vn", "mat-khau-cu-1234")).toBe(401);
    expect(await loginStatus("quen@example.vn", fresh!)).toBe(200);
    const given = await cli(
      argsOf("reset-password", { email: "quen@example.vn", password: "mat-khau-moi-hon-5678" }),
    );
    expect(given.code, given.stderr).toBe(0);
    expect(given.stdout).not.toContain("mat-khau-moi-hon-5678");
    expect(await loginStatus("quen@example.vn", "mat-khau-moi-hon-5678")).toBe(200);
  }, 90_000);

  it("refuses mistakes with a Vietnamese message and a non-zero exit", async () => {
    const duplicate = await cli(
      argsOf("create-user", {
        email: "tong.bi.thu@example.vn",
        name: "Trùng",
        role: "admin",
        password: "mat-khau-rat-dai",
      }),
    );
    expect(duplicate.code).not.toBe(0);
    expect(duplicate.stderr).toContain("đã có tài khoản");

    const noBranch = await cli(
      argsOf("create-user", {
        email: "x@example.vn",
        name: "X",
        role: "secretary",
        password: "mat-khau-rat-dai",
      }),
    );
    expect(noBranch.code).not.toBe(0);
    expect(noBranch.stderr).toContain("--branch");

    const badRole = await cli(["create-user", "--email", "y@example.vn", "--name", "Y", "--role", "king"]);
    expect(badRole.code).not.toBe(0);
    expect(badRole.stderr).toContain("--role");

    const shortPw = await cli(
      argsOf("create-user", { email: "z@example.vn", name: "Z", role: "admin", password: "ngan" }),
    );
    expect(shortPw.code).not.toBe(0);
    expect(shortPw.stderr).toContain("ít nhất 10 ký tự");

    for (const args of [
      argsOf("create-user", { email: "w@example.vn", name: "W", role: "admin", password: "matkhau123" }),
      ["reset-password", "--email", "tong.bi.thu@example.vn", "--password", "1234567890"],
    ]) {
      const weak = await cli(args);
      expect(weak.code).not.toBe(0);
      expect(weak.stderr).toContain("--password: quá dễ đoán");
    }
    expect(await loginStatus("tong.bi.thu@example.vn", "1234567890")).toBe(401);

    const unknown = await cli(
      argsOf("reset-password", { email: "khong-co@example.vn", password: "mat-khau-rat-dai" }),
    );
    expect(unknown.code).not.toBe(0);
    expect(unknown.stderr).toContain("Không có tài khoản");

    const command = await cli(["drop-everything"]);
    expect(command.code).not.toBe(0);
    expect(command.stderr).toContain("Lệnh không rõ");

    // Nothing was written by the refused commands.
    expect(await loginStatus("y@example.vn", "mat-khau-rat-dai")).toBe(401);
    expect(await loginStatus("x@example.vn", "mat-khau-rat-dai")).toBe(401);
  }, 90_000);

  it("stops on a bad environment value with a message naming the variable", async () => {
    const r = await cli(["reset-password", "--email", "quen@example.vn"], { DATABASE_URL: "mysql://nope" });
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain("DATABASE_URL");
  });

  it("npm run db:migrate brings an empty database to the current schema, and again changes nothing", async () => {
    const server = inject("pgServerUrl");
    const name = `chibo_migrate_${randomBytes(6).toString("hex")}`;
    const admin = new pg.Client({ connectionString: server });
    await admin.connect();
    await admin.query(`create database ${name}`);
    await admin.end();
    const url = new URL(server);
    url.pathname = `/${name}`;
    const migrate = () =>
      run("npm", ["run", "--silent", "db:migrate"], {
        env: { ...process.env, DATABASE_URL: url.toString() },
        timeout: 60_000,
      });
    const journal = (await readdir("migrations")).filter((f) => f.endsWith(".sql")).length;
    const first = await migrate();
    expect(first.stdout).toContain(`${journal} migration đã áp dụng`);
    const db = new pg.Client({ connectionString: url.toString() });
    await db.connect();
    try {
      const { rows } = await db.query(
        "select to_regclass('public.members') as t, to_regclass('public.meetings') as m",
      );
      expect(rows[0]).toEqual({ t: "members", m: "meetings" });
    } finally {
      await db.end();
    }
    expect((await migrate()).stdout).toContain(`${journal} migration đã áp dụng`);
  }, 120_000);

  it("prints help", async () => {
    const r = await cli(["help"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("create-user");
    expect(r.stdout).toContain("reset-password");
    expect(r.stdout).toContain("migrate");
  });
});
