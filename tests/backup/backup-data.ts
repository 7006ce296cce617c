/**
 * A small organisation with a row in every table, made through the API where a person would make it
 * (members, logins, attendance, minutes, a file, a feed link) and as rows where the API has no door.
 */
import { createHash, randomBytes } from "node:crypto";
import { sql } from "drizzle-orm";
import pg from "pg";
import { afterAll, inject } from "vitest";
import { type Database, openDatabase } from "../../src/db/client.ts";
import type { TestApp } from "../helpers/app.ts";
import { fixtures } from "../minutes/fixtures.ts";

export const PDF = Buffer.from(
  "%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\n" +
    `% Biên bản sinh hoạt chi bộ ${"x".repeat(300_000)}\ntrailer<</Root 1 0 R>>\n%%EOF\n`,
);
export const sha256 = (b: Buffer | string) => createHash("sha256").update(b).digest("hex");

const BOUNDARY = "----chibo-backup-boundary";
export function multipart(fileName: string, data: Buffer) {
  return Buffer.concat([
    Buffer.from(
      `--${BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="${fileName}"\r\n` +
        "Content-Type: application/pdf\r\n\r\n",
    ),
    data,
    Buffer.from(`\r\n--${BOUNDARY}--\r\n`),
  ]);
}
export const MULTIPART = `multipart/form-data; boundary=${BOUNDARY}`;

export const SECRETARY = "bithu.backup@test.vn";

export const MINUTES = {
  chair: "Nguyễn Văn An",
  recorder: "Trần Thị Bình",
  startTime: "14:00",
  endTime: "16:00",
  introducedBy: "Nguyễn Văn An",
  discussion: [{ by: "Nguyễn Văn An", opinion: "Học tập tinh thần “quyết chiến, quyết thắng”." }],
  conclusions: "Chi bộ thống nhất kế hoạch rèn luyện.",
  tasks: [],
};

export async function fillEveryTable(t: TestApp) {
  const f = fixtures(t);
  const { app } = t;
  const city = await f.committee("Thành ủy Điện Biên Phủ");
  const ward = await f.committee("Đảng ủy phường Mường Thanh", city);
  const branch = await f.branch(ward, "Chi bộ Tổ dân phố 7");
  const busy = await f.branch(ward, "Chi bộ Tổ dân phố 8");
  const campaign = await f.campaign(city);
  await f.peak(campaign.id, 7, 5, 1954, "Chiến thắng Điện Biên Phủ");
  const an = await f.member(branch, "Nguyễn Văn An");
  const binh = await f.member(branch, "Trần Thị Bình");
  const meeting = await f.meeting(branch, "2026-06-05", {
    campaignId: campaign.id,
    topicId: campaign.topicIds[0]!,
  });
  await f.meeting(branch, "2026-07-05", { campaignId: campaign.id, topicId: campaign.topicIds[1]! });
  const secretary = await f.user("secretary", SECRETARY, { branchId: branch });
  const memberLogin = await f.user("member", "an.backup@test.vn", { memberId: an });
  const put = async (url: string, payload: unknown) => {
    const res = await app.inject({ method: "PUT", url, payload: payload as object, headers: secretary });
    if (res.statusCode >= 300) throw new Error(`${url}: ${res.statusCode} ${res.body}`);
  };
  await put(`/api/meetings/${meeting}/attendance`, {
    members: [
      { memberId: an, status: "present" },
      { memberId: binh, status: "absent_excused", reason: "Đi công tác" },
    ],
    guests: [],
  });
  await put(`/api/meetings/${meeting}/minutes`, MINUTES);
  // The other branch's meeting, whose minutes the writes during the backup keep revising.
  const busyMeeting = await f.meeting(busy, "2026-06-10", {
    campaignId: campaign.id,
    topicId: campaign.topicIds[0]!,
  });
  const up = await app.inject({
    method: "POST",
    url: `/api/meetings/${meeting}/files`,
    headers: { ...secretary, "content-type": MULTIPART },
    payload: multipart("Biên bản tháng 6.pdf", PDF),
  });
  if (up.statusCode >= 300) throw new Error(`upload: ${up.statusCode} ${up.body}`);
  const fileId = (up.json() as { id: string }[])[0]!.id;
  const feed = await app.inject({
    method: "POST",
    url: "/api/feeds",
    headers: secretary,
    payload: { kind: "branch", branchId: branch },
  });
  if (feed.statusCode >= 300) throw new Error(`feed: ${feed.statusCode} ${feed.body}`);
  const feedPath = new URL((feed.json() as { httpsUrl: string }).httpsUrl).pathname;
  // A failed login leaves a rate-limit row; a reset request a password_resets row.
  await app.inject({
    method: "POST",
    url: "/api/auth/login",
    payload: { email: SECRETARY, password: "sai-mat-khau-1" },
  });
  // Where the API has no door of its own (the planner and the reminder scheduler write these), rows.
  const db = t.database.db;
  await db.execute(
    sql`insert into holiday_overrides (date, name, action) values ('2026-09-03', 'Nghỉ bù Quốc khánh', 'add')`,
  );
  await db.execute(sql`insert into deadlines (campaign_id, day, month, audience, title)
    values (${campaign.id}, 15, 12, 'branch', 'Báo cáo tổng kết năm')`);
  await db.execute(sql`insert into campaign_events (campaign_id, date, title)
    values (${campaign.id}, '2026-09-02', 'Kỷ niệm Quốc khánh')`);
  await db.execute(sql`insert into topic_schedule (campaign_id, month, topic_id, fixed)
    values (${campaign.id}, '2026-06-01', ${campaign.topicIds[0]!}, true)`);
  await db.execute(sql`insert into password_resets (user_id, token_hash, created_at, expires_at)
    select id, 'c0ffee', now(), now() + interval '1 hour' from users where email = ${SECRETARY}`);
  await db.execute(sql`insert into reminders (region_id, key, kind, slot, branch_id, meeting_id, due_at,
      next_attempt_at, message_id, to_email)
    select region_id, 'prepare:' || id, 'secretary_prepare', '7d', branch_id, id, now(), now(),
      '<prepare@chibo.test>', ${SECRETARY} from meetings where id = ${meeting}`);
  await db.execute(
    sql`insert into mail_keys (name, secret) values ('backup-test', 'a2V5') on conflict do nothing`,
  );
  // The tables of issues 19–21: a member's word of absence, an exemption and a temporary member, a rating and
  // a committee's own settings, a push device, a member's channels, the Zalo tokens (encrypted in production).
  await db.execute(sql`insert into absence_notices (meeting_id, region_id, member_id, reason, sent_at)
    select id, region_id, ${binh}, 'Đi công tác', now() from meetings where id = ${busyMeeting}`);
  await db.execute(sql`insert into member_exemptions (region_id, member_id, reason, from_date, decision_ref,
      created_at, updated_at)
    select region_id, id, 'Tuổi cao, sức yếu', '2026-01-01', '12-QĐ/ĐU', now(), now() from members where id = ${binh}`);
  await db.execute(sql`insert into temporary_attendances (region_id, member_id, home_organisation, from_date,
      created_at, updated_at)
    select region_id, id, 'Chi bộ Tổ dân phố 2, phường Him Lam', '2026-03-01', now(), now()
      from members where id = ${an}`);
  await db.execute(sql`insert into meeting_ratings (meeting_id, region_id, points, scheme, total, band, rated_at)
    select id, region_id, '{"preparation":15}'::jsonb, '{"criteria":[]}'::jsonb, 90, 'tot', now()
      from meetings where id = ${meeting}`);
  await db.execute(
    sql`insert into committee_rating_settings (committee_id, updated_at) values (${ward}, now())`,
  );
  await db.execute(sql`insert into channel_choices (user_id, channels)
    select id, array['email','push'] from users where email = ${SECRETARY}`);
  await db.execute(sql`insert into push_subscriptions (user_id, endpoint, p256dh, auth, label)
    select id, 'https://push.example.test/abc', 'BP256', 'AUTH', 'Điện thoại' from users where email = ${SECRETARY}`);
  await db.execute(sql`insert into zalo_tokens (app_id, refresh_token, seed_hash)
    values ('backup-test-app', 'ciphertext', 'seed')`);
  await db.execute(sql`insert into backup_runs (started_at, finished_at, ok, file, size_bytes, took_ms)
    values (now() - interval '1 day', now() - interval '1 day', true, 'chibo-old.backup.gz', 1234, 56)`);
  return { branch, busy, busyMeeting, campaign, meeting, fileId, feedPath, secretary, memberLogin, ward };
}

/** A new, empty database on the test server (no template: nothing in it), closed after the file's tests. */
export async function emptyDatabase(): Promise<Database & { url: string }> {
  const server = inject("pgServerUrl");
  const name = `chibo_restore_${randomBytes(6).toString("hex")}`;
  const admin = new pg.Client({ connectionString: server });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const u = new URL(server);
  u.pathname = `/${name}`;
  const database = openDatabase(u.toString(), 4);
  afterAll(() => database.close());
  return { ...database, url: u.toString() };
}
