/**
 * Administration from the command line: `npm run cli -- <command>`. Opens the same database as the
 * server (DATABASE_URL, else the embedded one under DATA_DIR — reusing it when the server already runs).
 */
import { parseArgs } from "node:util";
import { generatePassword } from "./auth/secrets.ts";
import { checkPassword, createUser, MIN_PASSWORD, setPassword } from "./auth/users-service.ts";
import { backupName, writeBackupFile } from "./backup/backup-file.ts";
import { BackupError } from "./backup/backup-format.ts";
import { restoreBackup, verifyBackup } from "./backup/backup-restore.ts";
import { systemClock } from "./clock.ts";
import { ConfigError, loadConfig } from "./config.ts";
import { appliedMigrations } from "./db/migrate.ts";
import { AppError } from "./http/errors.ts";
import type { AppDeps } from "./http/types.ts";
import { synthesise } from "./organisation/synth.ts";
import { openRuntime, type Runtime } from "./runtime.ts";

const ROLES = ["admin", "officer", "secretary", "member"] as const;
type Role = (typeof ROLES)[number];
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const HELP = `Cách dùng: npm run cli -- <lệnh> [tùy chọn]

Lệnh:
  create-user     Tạo tài khoản
      --email E       email đăng nhập (bắt buộc)
      --name N        tên hiển thị (bắt buộc)
      --role R        admin | officer | secretary | member (bắt buộc)
      --committee ID  cấp ủy (bắt buộc với officer)
      --branch ID     chi bộ (bắt buộc với secretary)
      --member ID     hồ sơ đảng viên (bắt buộc với member)
      --password P    mật khẩu (ít nhất ${MIN_PASSWORD} ký tự, không dễ đoán); bỏ trống để tạo ngẫu nhiên, in ra một lần
  reset-password  Đặt lại mật khẩu
      --email E       email của tài khoản (bắt buộc)
      --password P    mật khẩu mới; bỏ trống để tạo ngẫu nhiên, in ra một lần
                      (mọi phiên đăng nhập của tài khoản kết thúc)
  synth           Tạo một tổ chức giả lập cỡ cả nước để thử và đo (cấp ủy, chi bộ, đảng viên, tài khoản,
                  đợt sinh hoạt mẫu sao chép cho cấp Trung ương)
      --branches N    số chi bộ (bắt buộc)
      --members M     số đảng viên (bắt buộc, ít nhất bằng số chi bộ)
      --committees P,D,C  số tỉnh/thành ủy, huyện ủy, đảng ủy xã (mặc định: khoảng 15 chi bộ một xã,
                      10 xã một huyện, tối đa 34 tỉnh)
      --users U       số bí thư chi bộ có tài khoản (mặc định 1000)
      --months K      số tháng của đợt sinh hoạt (mặc định 36, từ tháng này)
      --plan          lập kế hoạch luôn cho mọi chi bộ
      --password P    mật khẩu chung của các tài khoản giả lập; bỏ trống để tạo ngẫu nhiên, in ra một lần
  backup          Sao lưu toàn bộ dữ liệu (mọi bảng, tệp đính kèm, khóa) vào một tệp nén, khi dịch vụ vẫn chạy
      --out F         tệp ghi ra (mặc định: chibo-<ngày giờ UTC>.backup.gz trong thư mục hiện tại)
  restore FILE    Khôi phục từ một tệp sao lưu vào cơ sở dữ liệu trống (hãy dừng dịch vụ trước)
      --force         thay toàn bộ dữ liệu hiện có bằng bản sao lưu
  migrate         Áp dụng các migration còn thiếu vào cơ sở dữ liệu (npm run db:migrate)
  help            Hiện hướng dẫn này

Cơ sở dữ liệu: DATABASE_URL nếu có; nếu không, PostgreSQL nhúng trong DATA_DIR (mặc định var/).`;

/** A mistake of the caller: shown as is, exit code 2. */
class UsageError extends Error {}

function required(values: Record<string, string | undefined>, name: string): string {
  const v = values[name]?.trim();
  if (!v) throw new UsageError(`Thiếu --${name}`);
  return v;
}

function optionalId(values: Record<string, string | undefined>, name: string): string | undefined {
  const v = values[name]?.trim();
  if (v === undefined || v === "") return undefined;
  if (!UUID.test(v)) throw new UsageError(`--${name} phải là một UUID, nhận được "${v}"`);
  return v;
}

const OPTIONS = {
  email: { type: "string" },
  name: { type: "string" },
  role: { type: "string" },
  committee: { type: "string" },
  branch: { type: "string" },
  member: { type: "string" },
  password: { type: "string" },
  branches: { type: "string" },
  members: { type: "string" },
  committees: { type: "string" },
  users: { type: "string" },
  months: { type: "string" },
  plan: { type: "boolean" },
  out: { type: "string" },
  force: { type: "boolean" },
  help: { type: "boolean", short: "h" },
} as const;

async function withDatabase<T>(
  fn: (db: Awaited<ReturnType<typeof openRuntime>>["database"]["db"]) => Promise<T>,
) {
  return withDeps((deps) => fn(deps.database.db));
}

async function withDeps<T>(fn: (deps: AppDeps) => Promise<T>) {
  const config = loadConfig();
  return withRuntime({}, (runtime) => fn({ database: runtime.database, config, clock: systemClock }));
}

async function withRuntime<T>(opts: { migrate?: boolean }, fn: (runtime: Runtime) => Promise<T>) {
  const config = loadConfig();
  // Progress goes to stderr: stdout holds only the result (a generated password) for scripts.
  const runtime = await openRuntime(config, (msg) => console.error(`[chibo] ${msg}`), opts);
  try {
    return await fn(runtime);
  } finally {
    await runtime.close();
  }
}

function count(values: Record<string, string | undefined>, name: string, fallback?: number): number {
  const raw = values[name]?.trim();
  if (raw === undefined || raw === "") {
    if (fallback === undefined) throw new UsageError(`Thiếu --${name}`);
    return fallback;
  }
  const n = Number(raw.replace(/[_.]/g, ""));
  if (!Number.isInteger(n) || n < 1)
    throw new UsageError(`--${name} phải là một số nguyên dương, nhận được "${raw}"`);
  return n;
}

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (!command || command === "help" || command === "--help" || command === "-h") {
    console.log(HELP);
    return command ? 0 : 2;
  }
  let values: Record<string, string | boolean | undefined>;
  let positionals: string[];
  try {
    ({ values, positionals } = parseArgs({
      args: rest,
      options: OPTIONS,
      strict: true,
      allowPositionals: command === "restore",
    }));
  } catch (err) {
    throw new UsageError(`Tùy chọn không hợp lệ: ${(err as Error).message}`);
  }
  const v = values as Record<string, string | undefined>;

  if (command === "create-user") {
    const email = required(v, "email");
    const name = required(v, "name");
    const role = required(v, "role") as Role;
    if (!ROLES.includes(role)) throw new UsageError(`--role phải là một trong: ${ROLES.join(", ")}`);
    const committeeId = optionalId(v, "committee");
    const branchId = optionalId(v, "branch");
    const memberId = optionalId(v, "member");
    // Checked before opening the database: too short, or too easy to guess (the email's name, "matkhau123").
    if (v.password !== undefined) checkPassword(v.password, email, "body.password");
    const generated = v.password ? null : generatePassword();
    const user = await withDatabase((db) =>
      createUser(db, {
        email,
        displayName: name,
        role,
        password: v.password ?? generated!,
        committeeId,
        branchId,
        memberId,
      }),
    );
    console.log(`Đã tạo tài khoản ${email.toLowerCase()} (vai trò ${role}, id ${user.id}).`);
    if (generated) console.log(`Mật khẩu (chỉ hiện một lần, hãy đổi ngay): ${generated}`);
    return 0;
  }

  if (command === "reset-password") {
    const email = required(v, "email");
    if (v.password !== undefined) checkPassword(v.password, email, "body.password");
    const generated = v.password ? null : generatePassword();
    // A reset ends every session of the account: whoever used the old password is out.
    await withDatabase((db) => setPassword(db, email, v.password ?? generated!, { now: systemClock.now() }));
    console.log(`Đã đặt lại mật khẩu cho ${email.toLowerCase()}.`);
    if (generated) console.log(`Mật khẩu mới (chỉ hiện một lần): ${generated}`);
    return 0;
  }

  if (command === "synth") {
    const branches = count(v, "branches");
    const members = count(v, "members");
    if (members < branches) throw new UsageError("--members phải ít nhất bằng --branches");
    let committees: [number, number, number] | undefined;
    if (v.committees !== undefined) {
      const parts = v.committees.split(",").map((x) => Number(x.trim()));
      if (parts.length !== 3 || parts.some((x) => !Number.isInteger(x) || x < 1))
        throw new UsageError(`--committees cần ba số nguyên dương P,D,C, nhận được "${v.committees}"`);
      committees = parts as [number, number, number];
    }
    const generated = v.password ? null : generatePassword();
    const r = await withDeps((deps) =>
      synthesise(deps, {
        branches,
        members,
        committees,
        secretaryUsers: count(v, "users", 1000),
        months: count(v, "months", 36),
        plan: values.plan === true,
        password: v.password ?? generated!,
        log: (msg) => console.error(`[synth] ${msg}`),
      }),
    );
    const total = Object.values(r.timings).reduce((a, b) => a + b, 0);
    console.log(
      `Đã tạo ${r.committees} cấp ủy, ${r.branches} chi bộ, ${r.members} đảng viên, ${r.users} tài khoản ` +
        `trong ${(total / 1000).toFixed(1)} s (nhãn ${r.tag}).`,
    );
    console.log(`Cấp ủy gốc: ${r.rootCommitteeId}; đợt sinh hoạt: ${r.campaignId}`);
    if (r.plan) console.log(`Kế hoạch: ${r.plan.created} buổi sinh hoạt cho ${r.plan.branches} chi bộ.`);
    console.log(`Đăng nhập cán bộ Trung ương: ${r.officerEmail}`);
    if (generated) console.log(`Mật khẩu chung (chỉ hiện một lần): ${generated}`);
    return 0;
  }

  if (command === "backup") {
    const out = v.out?.trim() || backupName(systemClock.now());
    const r = await withRuntime({}, (runtime) =>
      writeBackupFile(runtime.database.pool, out, () => systemClock.now()),
    );
    console.error(
      `[chibo] Đã sao lưu ${Object.values(r.trailer.rows).reduce((a, b) => a + b, 0)} dòng của ` +
        `${Object.keys(r.trailer.rows).length} bảng (lược đồ ${r.header.schema.tag}) trong ` +
        `${(r.trailer.tookMs / 1000).toFixed(1)} s: ${(r.sizeBytes / 1e6).toFixed(1)} MB, SHA-256 ${r.trailer.sha256}`,
    );
    console.log(r.file);
    return 0;
  }

  if (command === "restore") {
    const file = positionals[0];
    if (!file || positionals.length > 1)
      throw new UsageError("Cần đúng một tệp: npm run cli -- restore FILE [--force]");
    // Checked before the database is opened: a damaged file is refused without touching anything.
    await verifyBackup(file);
    const r = await withRuntime({ migrate: false }, (runtime) =>
      restoreBackup(runtime.database.pool, file, {
        force: values.force === true,
        log: (msg) => console.error(`[chibo] ${msg}`),
      }),
    );
    console.log(
      `Đã khôi phục ${r.rows} dòng từ bản sao lưu lúc ${r.header.startedAt} (lược đồ ${r.header.schema.tag}) ` +
        `trong ${(r.tookMs / 1000).toFixed(1)} s.`,
    );
    return 0;
  }

  if (command === "migrate") {
    // Opening the runtime applies the migrations (under an advisory lock); report where the schema stands.
    const applied = await withDatabase(appliedMigrations);
    console.log(`Cơ sở dữ liệu đã cập nhật: ${applied} migration đã áp dụng.`);
    return 0;
  }

  throw new UsageError(`Lệnh không rõ: "${command}". Xem: npm run cli -- help`);
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: unknown) => {
    if (err instanceof UsageError) {
      console.error(`Lỗi: ${err.message}`);
      process.exit(2);
    }
    if (err instanceof BackupError) {
      console.error(`Lỗi: ${err.message}`);
      process.exit(1);
    }
    if ((err as NodeJS.ErrnoException).code === "ENOENT") {
      console.error(`Lỗi: không có tệp / no such file: ${(err as NodeJS.ErrnoException).path}`);
      process.exit(1);
    }
    if (err instanceof ConfigError) {
      console.error(`Cấu hình sai — ${err.message}`);
      process.exit(78);
    }
    if (err instanceof AppError) {
      // Field names come from the HTTP API ("body.email"); on the command line they are options.
      const flag = (f: string) =>
        `--${f
          .replace(/^body\./, "")
          .replace(/Id$/, "")
          .replace("displayName", "name")}`;
      const detail = err.errors.length
        ? err.errors.map((e) => `${flag(e.field)}: ${e.reason}`).join("; ")
        : err.message;
      console.error(`Lỗi: ${err.status === 409 ? `${err.message} (${detail})` : detail}`);
      process.exit(1);
    }
    console.error("Lỗi:", err instanceof Error ? err.message : err);
    process.exit(1);
  },
);
