import { describe, expect, it } from "vitest";
import {
  channelFailureReason,
  channelStep,
  channelsFor,
  meetingReach,
} from "../../src/domain/reminder-channels.ts";

describe("channelsFor", () => {
  it("takes the chosen channels that can reach the person, and email when none can", () => {
    const all = new Set(["email", "push", "zalo"] as const);
    expect(channelsFor(null, all)).toEqual(["email"]);
    expect(channelsFor(["zalo", "push"], all)).toEqual(["push", "zalo"]);
    expect(channelsFor(["push"], new Set(["email"] as const))).toEqual(["email"]);
    expect(channelsFor(["push", "email"], new Set(["email"] as const))).toEqual(["email"]);
    expect(channelsFor(["fax"], all)).toEqual(["email"]);
  });
});

describe("channelStep", () => {
  it("retries with a doubling backoff (or the service's Retry-After), then fails", () => {
    expect(channelStep({ kind: "retry", reason: "500" }, 1)).toMatchObject({
      state: "queued",
      afterMs: 60_000,
    });
    expect(channelStep({ kind: "retry", reason: "500" }, 3)).toMatchObject({ afterMs: 240_000 });
    expect(channelStep({ kind: "retry", reason: "429", afterSeconds: 900 }, 1)).toMatchObject({
      afterMs: 900_000,
    });
    expect(channelStep({ kind: "retry", reason: "500" }, 10)).toMatchObject({ state: "failed" });
    expect(channelStep({ kind: "fallback", reason: "410" }, 1)).toMatchObject({ state: "fallback" });
    expect(channelStep({ kind: "sent", providerId: "1/1" }, 1)).toEqual({
      state: "sent",
      response: "sent 1/1",
    });
  });
});

describe("meetingReach", () => {
  it("names the channels that reached each member, and who none reached (not those still waiting)", () => {
    const r = meetingReach([
      { memberId: "a", name: "Hoa", channel: "push", state: "sent" },
      { memberId: "a", name: "Hoa", channel: "email", state: "sent" },
      { memberId: "b", name: "Bình", channel: "push", state: "withdrawn" },
      { memberId: "b", name: "Bình", channel: "email", state: "failed" },
      { memberId: "c", name: "Nam", channel: "email", state: "queued" },
    ]);
    expect(r.reached).toEqual([{ memberId: "a", name: "Hoa", channels: ["email", "push"] }]);
    expect(r.none).toEqual([{ memberId: "b", name: "Bình" }]);
    expect(r.failed).toEqual([{ memberId: "b", name: "Bình", channels: ["email"] }]);
  });

  it("says which channel failed, so that a Zalo template error shows as Zalo's", () => {
    const r = meetingReach([
      { memberId: "d", name: "Dũng", channel: "zalo", state: "failed" },
      { memberId: "d", name: "Dũng", channel: "zalo", state: "queued" },
    ]);
    expect(r.none).toEqual([]);
    expect(r.failed).toEqual([{ memberId: "d", name: "Dũng", channels: ["zalo"] }]);
    expect(channelFailureReason("zalo", "mẫu tin ZNS không hợp lệ (Zalo -109: x)")).toBe(
      "Tin Zalo không gửi được: mẫu tin ZNS không hợp lệ (Zalo -109: x)",
    );
  });
});
