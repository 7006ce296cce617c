import { describe, expect, it } from "vitest";
import { pushOutcome } from "../../src/domain/push-outcome.ts";

describe("pushOutcome", () => {
  it("is sent when one device took it, retried on 429/5xx/no answer, falls back when every device is gone", () => {
    expect(pushOutcome([{ status: 201 }, { status: 410 }])).toMatchObject({ kind: "sent" });
    expect(pushOutcome([{ status: 500 }, { status: 410 }])).toMatchObject({ kind: "retry" });
    expect(pushOutcome([{ status: 429, retryAfter: 120 }])).toMatchObject({
      kind: "retry",
      afterSeconds: 120,
    });
    expect(pushOutcome([{ status: null }])).toMatchObject({ kind: "retry" });
    expect(pushOutcome([{ status: 404 }, { status: 410 }])).toMatchObject({ kind: "fallback" });
    expect(pushOutcome([])).toMatchObject({ kind: "fallback" });
    expect(pushOutcome([{ status: 413 }])).toMatchObject({ kind: "failed" });
  });
});
