/**
 * What the sender does with the relay's answers in one batch, pure: a temporary refusal waits longer each
 * time, a bad address fails its message, and a relay that refuses everything (or refuses several addresses
 * alike) holds the whole batch back and takes back the failures it caused.
 */
import { describe, expect, it } from "vitest";
import type { SendFailure } from "../../src/domain/reminder-decision.ts";
import {
  afterAccepted,
  afterRefusal,
  backoffMs,
  freshMemory,
  heldBack,
  type SendMemory,
} from "../../src/domain/send-refusals.ts";

const MIN = 60_000;
const HOUR = 60 * MIN;
const at = (command: string, responseCode: number, response: string): SendFailure => ({
  command,
  responseCode,
  response,
});
const DOWN: SendFailure = { code: "ECONNECTION", message: "connect ECONNREFUSED" };
const BUSY = at("DATA", 451, "451 4.3.0 Try again later");
const NO_USER = at("RCPT TO", 550, "550 5.1.1 No such user");
const DENIED = at("RCPT TO", 550, "550 5.7.1 Relaying denied");
const BAD_SENDER = at("MAIL FROM", 550, "550 5.1.8 Bad sender domain");

/** One answer of the relay to the message for `to`: accepted ("ok") or refused. */
interface Step {
  to: string;
  answer: "ok" | SendFailure;
  attempts?: number;
}

/** What became of each message, in order: "sent", "fail", "retry <ms>", "held <ms>", with "+unfail a,b". */
function run(steps: Step[]): string[] {
  let memory: SendMemory<string> = freshMemory();
  return steps.map((s) => {
    const attempt = {
      message: s.to,
      to: s.to,
      attempts: s.attempts ?? 1,
      maxAttempts: 5,
      retryBaseMs: MIN,
      retryMaxMs: 6 * HOUR,
    };
    const held = heldBack(memory, attempt);
    const show = (o: NonNullable<typeof held>, word: string) =>
      `${o.action === "fail" ? "fail" : `${word} ${o.afterMs}`}${o.unfail.length ? ` +unfail ${o.unfail.join(",")}` : ""}`;
    if (held) return show(held, "held");
    if (s.answer === "ok") {
      memory = afterAccepted(memory, s.to);
      return "sent";
    }
    const next = afterRefusal(memory, s.answer, attempt);
    memory = next.memory;
    return show(next.outcome, "retry");
  });
}

describe("the sender's answer to each refusal in a batch", () => {
  it.each<[string, Step[], string[]]>([
    ["a temporary refusal waits the base back-off", [{ to: "a", answer: DOWN }], [`retry ${MIN}`]],
    [
      "a temporary refusal doubles with each attempt, up to the maximum",
      [
        { to: "a", answer: BUSY, attempts: 3 },
        { to: "b", answer: BUSY, attempts: 4 },
      ],
      [`retry ${4 * MIN}`, `retry ${8 * MIN}`],
    ],
    ["after the last attempt a temporary refusal fails", [{ to: "a", answer: DOWN, attempts: 5 }], ["fail"]],
    [
      "a bad address fails its message; the next one is still offered",
      [
        { to: "a", answer: NO_USER },
        { to: "b", answer: "ok" },
      ],
      ["fail", "sent"],
    ],
    [
      "a refusal at MAIL FROM is the relay's: 15 min, and the rest of the batch is held with it",
      [
        { to: "a", answer: BAD_SENDER },
        { to: "b", answer: "ok" },
        { to: "c", answer: "ok", attempts: 2 },
        { to: "d", answer: "ok", attempts: 3 },
      ],
      [`retry ${15 * MIN}`, `held ${15 * MIN}`, `held ${HOUR}`, `held ${6 * HOUR}`],
    ],
    [
      "a held message on its last attempt fails",
      [
        { to: "a", answer: BAD_SENDER },
        { to: "b", answer: "ok", attempts: 5 },
      ],
      [`retry ${15 * MIN}`, "fail"],
    ],
    [
      "the same recipient refusal for three addresses is the relay's: the two failed go back to the queue",
      [
        { to: "a", answer: DENIED },
        { to: "b", answer: NO_USER },
        { to: "c", answer: DENIED },
        { to: "d", answer: DENIED },
        { to: "e", answer: "ok" },
      ],
      ["fail", "fail", "fail", `retry ${15 * MIN} +unfail a,c`, `held ${15 * MIN}`],
    ],
    [
      "one address refused three times is not a streak",
      [
        { to: "a", answer: DENIED },
        { to: "a", answer: DENIED },
        { to: "a", answer: DENIED },
      ],
      ["fail", "fail", "fail"],
    ],
    [
      "an accepted message ends the streak",
      [
        { to: "a", answer: DENIED },
        { to: "b", answer: DENIED },
        { to: "c", answer: "ok" },
        { to: "d", answer: DENIED },
        { to: "e", answer: DENIED },
      ],
      ["fail", "fail", "sent", "fail", "fail"],
    ],
    [
      "a temporary refusal in between neither ends nor extends the streak",
      [
        { to: "a", answer: DENIED },
        { to: "b", answer: DOWN },
        { to: "c", answer: DENIED },
        { to: "d", answer: DENIED },
      ],
      ["fail", `retry ${MIN}`, "fail", `retry ${15 * MIN} +unfail a,c`],
    ],
    [
      "a relay refusal takes back no failure of a different kind",
      [
        { to: "a", answer: NO_USER },
        { to: "b", answer: BAD_SENDER },
      ],
      ["fail", `retry ${15 * MIN}`],
    ],
  ])("%s", (_, steps, outcomes) => {
    expect(run(steps)).toEqual(outcomes);
  });

  it("records the server's answer, and where a recipient was refused", () => {
    const r = afterRefusal(freshMemory<string>(), DENIED, {
      message: "a",
      to: "a",
      attempts: 1,
      maxAttempts: 5,
      retryBaseMs: MIN,
      retryMaxMs: HOUR,
    });
    expect(r.outcome).toEqual({ action: "fail", response: "RCPT TO: 550 5.7.1 Relaying denied", unfail: [] });
    expect(r.memory.failedBy.get("550 5.7.1")).toEqual(["a"]);
  });

  it("backs off exponentially from the base, never beyond the maximum", () => {
    expect([0, 1, 2, 3, 10].map((n) => backoffMs(n, MIN, HOUR))).toEqual([MIN, MIN, 2 * MIN, 4 * MIN, HOUR]);
  });
});
