/** Meeting quality through the API on a real database: a committee's settings (validated, inherited, audited),
 * the framework criteria computed from a held meeting's record, and the judgement points (audited). */
import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { auditLog } from "../../src/db/schema.ts";
import { DEFAULT_SCHEME } from "../../src/domain/meeting-rating.ts";
import { buildTestApp } from "../helpers/app.ts";
import { fixtures } from "../minutes/fixtures.ts";

const t = await buildTestApp({ now: "2026-06-20T03:00:00Z" });
const { app, admin, database } = t;
const f = fixtures(t);

type Headers = { authorization: string };
const get = (url: string, headers: Headers = admin) => app.inject({ method: "GET", url, headers });
const put = (url: string, payload: unknown, headers: Headers = admin) =>
  app.inject({ method: "PUT", url, payload: payload as object, headers });

let city: string;
let ward: string;
let street: string;
let branch: string;
let members: string[];
let secretary: Headers;
let otherSecretary: Headers;
let officer: Headers;

const SCHEME = {
  criteria: [
    { key: "chuan_bi", label: "Chuẩn bị", maxPoints: 30 },
    { key: "dien_bien", label: "Diễn biến", maxPoints: 70 },
  ],
  minTotal: { tot: 85, kha: 65, trung_binh: 50 },
  fullForTop: [],
};

beforeAll(async () => {
  city = await f.committee("Thành ủy Hà Giang");
  ward = await f.committee("Đảng ủy phường Nguyễn Trãi", city);
  street = await f.committee("Đảng ủy khu phố 3", ward);
  branch = await f.branch(street, "Chi bộ Tổ dân phố 5");
  const other = await f.branch(ward, "Chi bộ Tổ dân phố 6");
  members = [];
  for (const n of [
    "Nguyễn Văn An",
    "Trần Thị Bình",
    "Lê Văn Cường",
    "Phạm Thị Dung",
    "Hoàng Văn Em",
    "Vũ Thị Giang",
    "Bùi Thị Hoa",
  ])
    members.push(await f.member(branch, n));
  secretary = await f.user("secretary", "bithu5@test.vn", { branchId: branch });
  otherSecretary = await f.user("secretary", "bithu6@test.vn", { branchId: other });
  officer = await f.user("officer", "tochuc@test.vn", { committeeId: ward });
});

describe("a committee's rating settings", () => {
  it("starts from the documented defaults, and a committee below inherits what one above sets", async () => {
    let res = await get(`/api/committees/${street}/rating-settings`, officer);
    expect(res.statusCode).toBe(200);
    expect(res.json().scheme).toEqual(DEFAULT_SCHEME);
    expect(res.json().quality.attendanceShare).toBe(0.85);
    expect(res.json().from.scheme).toEqual({ kind: "default" });

    res = await put(`/api/committees/${ward}/rating-settings`, { scheme: SCHEME }, officer);
    expect(res.statusCode).toBe(200);
    expect(res.json().from.scheme).toEqual({ kind: "own" });
    res = await get(`/api/committees/${street}/rating-settings`, officer);
    expect(res.json().scheme).toEqual(SCHEME);
    expect(res.json().from.scheme).toEqual({ kind: "parent", committeeId: ward });
    // Only the scheme was set: the framework settings stay the defaults.
    expect(res.json().from.quality).toEqual({ kind: "default" });

    const [audit] = await database.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.entityId, ward), eq(auditLog.action, "rating_settings")));
    expect(audit?.after).toMatchObject({ scheme: SCHEME, quality: null });
  });

  it("refuses an unusable scheme whole, naming the field, and stores nothing", async () => {
    const bad = { ...SCHEME, minTotal: { tot: 120, kha: 65, trung_binh: 50 } };
    const res = await put(
      `/api/committees/${ward}/rating-settings`,
      {
        scheme: bad,
        quality: {
          attendanceShare: 0.9,
          attendanceStrict: false,
          minMinutes: 90,
          combinedMinMinutes: 60,
          thematicPerQuarter: 1,
        },
      },
      officer,
    );
    expect(res.statusCode).toBe(400);
    const fields = res.json().errors.map((e: { field: string }) => e.field);
    expect(fields).toContain("scheme");
    expect(fields).toContain("quality.combinedMinMinutes");
    expect((await get(`/api/committees/${ward}/rating-settings`, officer)).json().scheme).toEqual(SCHEME);
  });

  it("is not for secretaries, nor for an officer outside the line", async () => {
    expect((await get(`/api/committees/${ward}/rating-settings`, secretary)).statusCode).toBe(404);
    expect((await put(`/api/committees/${city}/rating-settings`, { scheme: null }, officer)).statusCode).toBe(
      404,
    );
  });
});

describe("a held meeting's quality", () => {
  let meeting: string;
  beforeAll(async () => {
    meeting = await f.meeting(branch, "2026-06-05");
    // Six of seven present, one absent without a reason; the minutes from 14:00 to 15:20 (80 minutes).
    const sheet = {
      members: members.map((id, i) =>
        i < 6 ? { memberId: id, status: "present" } : { memberId: id, status: "absent_unexcused" },
      ),
    };
    expect((await put(`/api/meetings/${meeting}/attendance`, sheet, secretary)).statusCode).toBe(200);
    const minutes = {
      chair: "Nguyễn Văn An",
      recorder: "Trần Thị Bình",
      startTime: "14:00",
      endTime: "15:20",
      introducedBy: "Nguyễn Văn An",
      discussion: [{ by: "Lê Văn Cường", opinion: "Đồng ý với dự thảo." }],
      conclusions: "",
      tasks: [],
    };
    expect((await put(`/api/meetings/${meeting}/minutes`, minutes, secretary)).statusCode).toBe(200);
  });

  it("computes the framework criteria from the record", async () => {
    const res = await get(`/api/meetings/${meeting}/quality`, secretary);
    expect(res.statusCode).toBe(200);
    const byKey = Object.fromEntries(
      res.json().criteria.map((c: { key: string; met: boolean; detail: string }) => [c.key, c]),
    );
    expect(byKey.attendance).toMatchObject({
      met: true,
      detail: "6/7 đảng viên dự (85,7%); yêu cầu trên 85%",
    });
    expect(byKey.no_unexcused).toMatchObject({ met: false, detail: "1 đảng viên vắng không lý do" });
    expect(byKey.duration).toMatchObject({ met: false, detail: "80 phút; yêu cầu ít nhất 90 phút" });
    expect(byKey.minutes_complete.met).toBe(false);
    expect(byKey.minutes_complete.detail).toContain("kết luận của chủ trì");
    // The committee's scheme, inherited from the ward.
    expect(res.json().scheme).toEqual(SCHEME);
    expect(res.json().rating).toBeNull();
  });

  it("takes the secretary's points under the committee's scheme, audited with who and when", async () => {
    let res = await put(
      `/api/meetings/${meeting}/rating`,
      { points: { chuan_bi: 25, dien_bien: 71 } },
      secretary,
    );
    expect(res.statusCode).toBe(400);
    expect(res.json().errors).toEqual([
      expect.objectContaining({ field: "points.dien_bien", reason: "Điểm từ 0 đến 70" }),
    ]);
    res = await put(`/api/meetings/${meeting}/rating`, { points: { chuan_bi: 25 } }, secretary);
    expect(res.json().errors[0].field).toBe("points.dien_bien");

    res = await put(
      `/api/meetings/${meeting}/rating`,
      { points: { chuan_bi: 25, dien_bien: 55 } },
      secretary,
    );
    expect(res.statusCode).toBe(200);
    expect(res.json().rating).toMatchObject({ total: 80, band: "kha", ratedBy: "bithu5" });
    // The officer above may change it; the change is audited with before and after.
    res = await put(`/api/meetings/${meeting}/rating`, { points: { chuan_bi: 30, dien_bien: 60 } }, officer);
    expect(res.json().rating).toMatchObject({ total: 90, band: "tot", ratedBy: "tochuc" });
    const audits = await database.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.entityId, meeting), eq(auditLog.action, "rated")))
      .orderBy(auditLog.id);
    expect(audits.map((a) => a.after)).toEqual([
      { points: { chuan_bi: 25, dien_bien: 55 }, total: 80, band: "kha" },
      { points: { chuan_bi: 30, dien_bien: 60 }, total: 90, band: "tot" },
    ]);
    expect(audits[1]!.before).toMatchObject({ total: 80, band: "kha" });
  });

  it("rates only held meetings, and only within reach", async () => {
    const planned = await f.meeting(branch, "2026-07-06");
    const points = { chuan_bi: 30, dien_bien: 60 };
    expect((await put(`/api/meetings/${planned}/rating`, { points }, secretary)).statusCode).toBe(409);
    expect((await put(`/api/meetings/${meeting}/rating`, { points }, otherSecretary)).statusCode).toBe(404);
  });
});
