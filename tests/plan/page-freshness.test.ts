/** What a page showing meetings is made of, and when time alone changes it (src/plan/page-freshness.ts). */
import { DateTime } from "luxon";
import { describe, expect, it } from "vitest";
import type { Principal } from "../../src/auth/principal.ts";
import type { MeetingRecord } from "../../src/plan/meeting-view.ts";
import { pageFreshness } from "../../src/plan/page-freshness.ts";

const ZONE = "Asia/Ho_Chi_Minh";
const p: Principal = {
  userId: "u1",
  email: "hoa@to1.vn",
  displayName: "Nguyễn Thị Hoa",
  role: "member",
  committeeId: null,
  branchId: "b1",
  memberId: "m1",
  sessionId: "s1",
};
const meeting = (start: string, end: string, o: { branchId?: string; campaignId?: string | null } = {}) =>
  ({
    branchId: o.branchId ?? "b1",
    campaignId: o.campaignId === undefined ? "k1" : o.campaignId,
    view: { start: DateTime.fromISO(start, { zone: ZONE }), end: DateTime.fromISO(end, { zone: ZONE }) },
  }) as unknown as MeetingRecord;
const at = (iso: string) => DateTime.fromISO(iso, { zone: ZONE }).toJSDate();
const ms = (iso: string) => DateTime.fromISO(iso, { zone: ZONE }).toMillis();

describe("pageFreshness", () => {
  it("ends at the branch's next midnight when no meeting starts or ends before it", () => {
    const f = pageFreshness(
      p,
      [meeting("2026-06-20T08:00", "2026-06-20T10:00")],
      ZONE,
      at("2026-06-10T23:59:59"),
    );
    expect(f.validUntil).toBe(ms("2026-06-11T00:00"));
    // 17:00 UTC is the midnight in Hà Nội, not 00:00 UTC.
    expect(new Date(f.validUntil).toISOString()).toBe("2026-06-10T17:00:00.000Z");
  });

  it("ends when a meeting it shows starts, or ends, later the same day", () => {
    const m = meeting("2026-06-20T08:00", "2026-06-20T10:00");
    expect(pageFreshness(p, [m], ZONE, at("2026-06-20T07:00")).validUntil).toBe(ms("2026-06-20T08:00"));
    expect(pageFreshness(p, [m], ZONE, at("2026-06-20T08:00")).validUntil).toBe(ms("2026-06-20T10:00"));
    expect(pageFreshness(p, [m], ZONE, at("2026-06-20T10:30")).validUntil).toBe(ms("2026-06-21T00:00"));
  });

  it("is made of the caller, the meetings' branches and campaigns, and the branch's page rows when asked", () => {
    const shown = [
      meeting("2026-06-20T08:00", "2026-06-20T10:00"),
      meeting("2026-07-20T08:00", "2026-07-20T10:00", { branchId: "b2", campaignId: null }),
    ];
    const home = pageFreshness(p, shown, ZONE, at("2026-06-01T09:00"));
    expect(home.tags.sort()).toEqual(["b:b1", "b:b2", "k:k1", "m:m1", "u:u1"]);
    const page = pageFreshness(p, shown, ZONE, at("2026-06-01T09:00"), { branchRows: true });
    expect(page.tags.sort()).toEqual(["b:b1", "b:b2", "g:b1", "g:b2", "k:k1", "m:m1", "u:u1"]);
  });
});
