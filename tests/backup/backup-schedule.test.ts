/**
 * Scheduled backups: daily into DATA_DIR/backups, one instance per backup, the newest BACKUP_KEEP kept, the
 * outcome on the admins' page, and a failure mailed to the admins.
 */
import { mkdtemp, readdir, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { BACKUP_NAME } from "../../src/backup/backup-file.ts";
import { verifyBackup } from "../../src/backup/backup-restore.ts";
import { type BackupWorkerDeps, backupTick } from "../../src/backup/backup-schedule.ts";
import { loadConfig } from "../../src/config.ts";
import { smtpTransport } from "../../src/reminders/mail-transport.ts";
import { ADMIN, buildTestApp } from "../helpers/app.ts";
import { fixtures } from "../minutes/fixtures.ts";
import { startSink } from "../reminders/smtp-sink.ts";

const dataDir = await mkdtemp(path.join(os.tmpdir(), "chibo-backup-schedule-"));
const t = await buildTestApp({ now: "2026-12-05T19:00:00Z" });
const sink = await startSink({ parse: true });
const transport = smtpTransport(sink.url);
afterAll(async () => {
  transport.close();
  await sink.close();
});

function deps(dir = dataDir): BackupWorkerDeps {
  const config = loadConfig({ DATA_DIR: dir, BACKUP_KEEP: "2", MAIL_FROM: "chibo <sao-luu@chibo.test>" });
  return { database: t.database, config, clock: t.clock, transport };
}
const backups = async () =>
  (await readdir(path.join(dataDir, "backups"))).filter((n) => BACKUP_NAME.test(n)).sort();
const page = async (headers = t.admin) => t.app.inject({ url: "/quan-tri/sao-luu", headers });

describe("scheduled backups", () => {
  it("is daily by default on the embedded database, and off under DATABASE_URL unless asked", () => {
    expect(loadConfig({}).backupEveryHours).toBe(24);
    expect(loadConfig({ DATABASE_URL: "postgres://x@127.0.0.1/chibo" }).backupEveryHours).toBe(0);
    expect(
      loadConfig({ DATABASE_URL: "postgres://x@127.0.0.1/chibo", BACKUP_EVERY_HOURS: "6" }).backupEveryHours,
    ).toBe(6);
    expect(() => loadConfig({ BACKUP_KEEP: "0" })).toThrow(/BACKUP_KEEP/);
  });

  it("takes one backup when two instances tick at once, then none until it is due again", async () => {
    const results = await Promise.all([backupTick(deps()), backupTick(deps())]);
    expect(results.map((r) => r.kind).sort()).toEqual(["not-due", "ok"]);
    expect(await backups()).toEqual(["chibo-20261205-190000Z.backup.gz"]);
    const ok = results.find((r) => r.kind === "ok")!;
    if (ok.kind === "ok") await verifyBackup(ok.file);
    t.clock.set("2026-12-06T18:00:00Z");
    expect((await backupTick(deps())).kind).toBe("not-due");
  });

  it("keeps the newest BACKUP_KEEP, and shows the last one's time, size and success to the admins only", async () => {
    t.clock.set("2026-12-06T19:05:00Z");
    expect((await backupTick(deps())).kind).toBe("ok");
    t.clock.set("2026-12-07T19:10:00Z");
    expect((await backupTick(deps())).kind).toBe("ok");
    expect(await backups()).toEqual(["chibo-20261206-190500Z.backup.gz", "chibo-20261207-191000Z.backup.gz"]);
    const res = await page();
    expect(res.statusCode).toBe(200);
    // 19h10 UTC is 02h10 the next day in Hà Nội.
    expect(res.body).toContain("02h10 ngày 08/12/2026 · Thành công");
    expect(res.body).toMatch(/\d+(,\d)? MB · chibo-20261207-191000Z\.backup\.gz/);
    const home = await t.app.inject({ url: "/", headers: t.admin });
    expect(home.body).toContain('href="/quan-tri/sao-luu"');
    const f = fixtures(t);
    const branch = await f.branch(await f.committee("Đảng ủy xã Thanh Xương"), "Chi bộ thôn 1");
    const secretary = await f.user("secretary", "thon1@test.vn", { branchId: branch });
    const refused = await page(secretary);
    expect(refused.statusCode).toBe(403);
    expect(refused.body).not.toContain("backup.gz");
  });

  it("records a failure, mails it to the admins and shows it on the page", async () => {
    const broken = await mkdtemp(path.join(os.tmpdir(), "chibo-backup-broken-"));
    // The backups folder cannot be made: a file has its name.
    await writeFile(path.join(broken, "backups"), "không phải thư mục");
    t.clock.set("2026-12-08T19:15:00Z");
    const r = await backupTick(deps(broken));
    expect(r.kind).toBe("failed");
    await expect.poll(() => sink.received.length).toBe(1);
    const mail = sink.received[0]!;
    expect(mail.rcpt).toEqual([ADMIN.email]);
    expect(mail.parsed?.subject).toBe("[chibo] Sao lưu dữ liệu KHÔNG thành công lúc 02h15 ngày 09/12/2026");
    expect(mail.parsed?.text).toContain("EEXIST");
    const res = await page();
    expect(res.body).toContain("Sao lưu lúc 02h15 ngày 09/12/2026 không thành công");
    expect(res.body).toContain("Bản thành công gần nhất: 02h10 ngày 08/12/2026");
  });
});
