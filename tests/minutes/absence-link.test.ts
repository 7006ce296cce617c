import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { absenceToken, verifyAbsenceToken } from "../../src/minutes/absence-link.ts";

const key = randomBytes(32);
const claim = {
  meetingId: "0b6f3c1e-2a4d-4f5e-8a9b-1c2d3e4f5a6b",
  memberId: "7e8f9a0b-1c2d-4e3f-9a4b-5c6d7e8f9a0b",
  expiresAt: new Date("2026-05-15T07:00:00Z"),
};

describe("the báo vắng link's token", () => {
  it("says which member, meeting and expiry it was made for", () => {
    expect(verifyAbsenceToken(key, absenceToken(key, claim))).toEqual(claim);
  });

  it("is not accepted under another key, nor with any character changed", () => {
    const token = absenceToken(key, claim);
    expect(verifyAbsenceToken(randomBytes(32), token)).toBeNull();
    for (let i = 0; i < token.length; i++) {
      if (token[i] === ".") continue;
      const changed = `${token.slice(0, i)}${token[i] === "A" ? "B" : "A"}${token.slice(i + 1)}`;
      expect(verifyAbsenceToken(key, changed), `position ${i}`).toBeNull();
    }
  });

  it("cannot be moved to another member or a later expiry", () => {
    const mine = absenceToken(key, claim).split(".");
    const other = absenceToken(key, { ...claim, memberId: claim.meetingId }).split(".");
    const later = absenceToken(key, { ...claim, expiresAt: new Date("2027-01-01T00:00:00Z") }).split(".");
    expect(verifyAbsenceToken(key, `${other[0]}.${mine[1]}`)).toBeNull();
    expect(verifyAbsenceToken(key, `${later[0]}.${mine[1]}`)).toBeNull();
  });
});
