import { describe, expect, it } from "vitest";
import {
  absenceRefusal,
  absenceRefusalText,
  cleanReason,
  startFromNotices,
} from "../../src/domain/absence-rules.ts";

const start = new Date("2026-05-15T07:00:00Z");

describe("when word of an absence may be sent or taken back", () => {
  it("until the meeting starts, not from its first second, never for a cancelled or held one", () => {
    expect(
      absenceRefusal({ status: "planned", startAt: start }, new Date("2026-05-15T06:59:59Z")),
    ).toBeNull();
    expect(absenceRefusal({ status: "planned", startAt: start }, start)).toBe("started");
    expect(absenceRefusal({ status: "held", startAt: start }, new Date("2026-05-01T00:00:00Z"))).toBe(
      "started",
    );
    expect(absenceRefusal({ status: "cancelled", startAt: start }, new Date("2026-05-01T00:00:00Z"))).toBe(
      "cancelled",
    );
  });

  it("says when it started, in the branch's zone", () => {
    expect(absenceRefusalText("started", start, "Asia/Ho_Chi_Minh")).toContain(
      "đã bắt đầu lúc 14h00 ngày 15/05/2026",
    );
    expect(absenceRefusalText("started", start, "Europe/Paris")).toContain("09h00 ngày 15/05/2026");
  });

  it("keeps a reason as typed, NFC and trimmed; refuses an empty or overlong one", () => {
    expect(cleanReason("  Đi  công\ntác ")).toEqual({ reason: "Đi công tác" });
    expect(cleanReason("Ha\u0300 Giang")).toEqual({ reason: "Hà Giang" });
    expect(cleanReason("   ")).toEqual({ error: "Hãy ghi lý do vắng." });
    expect(cleanReason("x".repeat(501))).toEqual({ error: "Tối đa 500 ký tự." });
  });
});

describe("the attendance form starts from the word sent", () => {
  const rows = [
    { memberId: "a", status: null, reason: null },
    { memberId: "b", status: null, reason: null },
    { memberId: "c", status: "present", reason: null },
  ];
  it("absent with the reason for those who sent word and have no mark; a recorded mark stays", () => {
    const out = startFromNotices(rows, [
      { memberId: "a", reason: "Ốm" },
      { memberId: "c", reason: "Bận" },
    ]);
    expect(out).toEqual([
      { memberId: "a", status: "absent_excused", reason: "Ốm", noticed: true },
      { memberId: "b", status: null, reason: null, noticed: false },
      { memberId: "c", status: "present", reason: null, noticed: true },
    ]);
  });
});
