/** Each ZNS answer's meaning for a reminder, and the template data (pure). */
import { describe, expect, it } from "vitest";
import { secondsToMorning, znsVerdict } from "../../src/channels/zalo/zns-answers.ts";
import { reminderTemplateData } from "../../src/channels/zalo/zns-template.ts";

const now = new Date("2026-05-01T02:00:00Z");
const answer = (error: number | null, httpStatus = 200) =>
  znsVerdict({ httpStatus, error, message: "m" }, now);

describe("a ZNS answer", () => {
  it.each([
    [0, "sent"],
    [-124, "token"],
    [-100, "retry"],
    [-115, "retry"],
    [-144, "retry"],
    [-32, "retry"],
    [-118, "fallback"],
    [-119, "fallback"],
    [-114, "fallback"],
    [-108, "fallback"],
    [-109, "failed"],
    [-112, "failed"],
    [-117, "failed"],
    [-104, "failed"],
    [-9999, "failed"],
  ])("%i means %s", (code, kind) => {
    expect(answer(code).kind).toBe(kind);
  });

  it("is retried when Zalo fails or does not answer", () => {
    expect(answer(null, 502).kind).toBe("retry");
    expect(answer(null, 0).kind).toBe("retry");
    expect(answer(null, 200).kind).toBe("retry"); // not ZNS's JSON
  });

  it("waits for 06:00 in Vietnam after a night refusal", () => {
    expect(secondsToMorning(new Date("2026-05-01T15:00:00Z"))).toBe(8 * 3600); // 22:00 → 06:00
    expect(secondsToMorning(new Date("2026-05-01T22:30:00Z"))).toBe(30 * 60); // 05:30 → 06:00
  });
});

describe("the template data", () => {
  it("cuts a long name to Zalo's 30 characters and keeps diacritics", () => {
    const d = reminderTemplateData({
      trackingId: "t",
      recipientName: "Tôn Nữ Thị Phương Thảo Hoàng Nguyễn Quỳnh",
      phone: "0912345678",
      meetingDate: "2026-12-05",
      meetingTime: "19:30",
      place: null,
      meetingUrl: "https://chibo.test/m",
    });
    expect([...d.name]).toHaveLength(30);
    expect(d.name.startsWith("Tôn Nữ Thị Phương Thảo")).toBe(true);
    expect(d).toMatchObject({ date: "05/12/2026", time: "19:30", place: "Theo thông báo của chi bộ" });
  });
});
