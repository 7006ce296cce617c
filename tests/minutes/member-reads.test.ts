/**
 * What a member reads of the minutes: the text as the secretary last submitted it, never a draft or a
 * change not yet submitted. The secretary and the committee above read every revision.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { buildTestApp } from "../helpers/app.ts";
import { fixtures } from "./fixtures.ts";

const t = await buildTestApp({ now: "2026-06-20T03:00:00Z" });
const { app, clock } = t;
const f = fixtures(t);
type Headers = { authorization: string };

let meeting: string;
let secretary: Headers;
let member: Headers;
let officer: Headers;

const text = (conclusions: string) => ({
  chair: "Nguyễn Văn An",
  recorder: "Trần Thị Bình",
  startTime: "14:00",
  endTime: "16:00",
  introducedBy: "Nguyễn Văn An",
  discussion: [],
  conclusions,
  tasks: [],
});
const save = (conclusions: string, reason?: string) =>
  app.inject({
    method: "PUT",
    url: `/api/meetings/${meeting}/minutes`,
    headers: secretary,
    payload: { ...text(conclusions), ...(reason ? { reason } : {}) },
  });
const submit = () =>
  app.inject({ method: "POST", url: `/api/meetings/${meeting}/minutes/submit`, headers: secretary });
const read = (headers: Headers) => app.inject({ url: `/api/meetings/${meeting}/minutes`, headers });
const revisions = async (headers: Headers) =>
  (await app.inject({ url: `/api/meetings/${meeting}/minutes/revisions`, headers }))
    .json()
    .map((r: { revision: number }) => r.revision);

beforeAll(async () => {
  const ward = await f.committee("Đảng ủy phường Trần Phú");
  const branch = await f.branch(ward, "Chi bộ Tổ 4");
  const an = await f.member(branch, "Nguyễn Văn An");
  meeting = await f.meeting(branch, "2026-06-05");
  secretary = await f.user("secretary", "bithu4@test.vn", { branchId: branch });
  member = await f.user("member", "an4@test.vn", { memberId: an });
  officer = await f.user("officer", "tranphu@test.vn", { committeeId: ward });
});

describe("minutes as a member reads them", () => {
  it("shows the submitted text, not a change made after it until that change is submitted", async () => {
    clock.set("2026-06-06T03:00:00Z");
    expect((await save("Bản nháp 1")).statusCode).toBe(200);
    expect((await save("Bản nộp")).statusCode).toBe(200);
    expect((await submit()).statusCode).toBe(200);
    clock.set("2026-06-20T03:00:00Z");
    const amended = await save("Bản sửa chưa nộp", "Bổ sung ý kiến");
    expect(amended.statusCode).toBe(200);

    let res = await read(member);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ revision: 2, submitted: true, submittedRevision: 2, amendments: [] });
    expect(res.json().content.conclusions).toBe("Bản nộp");
    expect(await revisions(member)).toEqual([2]);

    // The secretary and the committee read the change in progress, and every draft.
    for (const headers of [secretary, officer]) {
      res = await read(headers);
      expect(res.json()).toMatchObject({ revision: 3, submittedRevision: 2 });
      expect(res.json().content.conclusions).toBe("Bản sửa chưa nộp");
      expect(await revisions(headers)).toEqual([1, 2, 3]);
    }
  });

  it("shows the change once the secretary submits it again; the first submission's date stands", async () => {
    let res = await submit();
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({
      submittedRevision: 3,
      submittedAt: "2026-06-06T03:00:00.000Z",
      late: false,
    });
    // Nothing new to submit.
    expect((await submit()).statusCode).toBe(409);
    res = await read(member);
    expect(res.json()).toMatchObject({ revision: 3, submittedRevision: 3 });
    expect(res.json().content.conclusions).toBe("Bản sửa chưa nộp");
    expect(res.json().amendments).toEqual([
      expect.objectContaining({ revision: 3, reason: "Bổ sung ý kiến" }),
    ]);
    expect(await revisions(member)).toEqual([2, 3]);

    // A further change is again the secretary's until submitted.
    expect((await save("Bản sửa lần hai", "Sửa lỗi chính tả")).statusCode).toBe(200);
    res = await read(member);
    expect(res.json().content.conclusions).toBe("Bản sửa chưa nộp");
    expect(res.json().amendments).toHaveLength(1);
    expect(await revisions(member)).toEqual([2, 3]);
  });
});
