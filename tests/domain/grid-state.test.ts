import { describe, expect, it } from "vitest";
import {
  GRID_LABELS,
  GRID_STATES,
  gridMonths,
  gridState,
  MEETING_LABELS,
  meetingLabel,
  monthMeeting,
} from "../../src/domain/grid-state.ts";

describe("a branch's month in the committee's grid", () => {
  it("reads cancelled first, then a day still ahead as planned, then the minutes' standing", () => {
    expect(gridState({ status: "cancelled", ahead: false, standing: "late" })).toBe("cancelled");
    expect(gridState({ status: "cancelled", ahead: true, standing: "pending" })).toBe("cancelled");
    expect(gridState({ status: "planned", ahead: true, standing: "pending" })).toBe("planned");
    expect(gridState({ status: "held", ahead: false, standing: "on_time" })).toBe("minutes");
    expect(gridState({ status: "held", ahead: false, standing: "late" })).toBe("late");
    expect(gridState({ status: "planned", ahead: false, standing: "late" })).toBe("late");
    expect(gridState({ status: "held", ahead: false, standing: "pending" })).toBe("held");
  });

  it("gives every state its own word and symbol", () => {
    const symbols = new Set(GRID_STATES.map((s) => GRID_LABELS[s].symbol));
    const words = new Set(GRID_STATES.map((s) => GRID_LABELS[s].short));
    expect(symbols.size).toBe(GRID_STATES.length);
    expect(words.size).toBe(GRID_STATES.length);
  });
});

describe("a month that was made up", () => {
  const cancelled = { id: "t2", date: "2027-02-09", makeup: false, status: "cancelled" as const };
  const makeup = { id: "bu", date: "2027-02-20", makeup: true, status: "planned" as const };

  it("shows the make-up, whatever order the meetings come in", () => {
    expect(monthMeeting([cancelled, makeup])).toBe(makeup);
    expect(monthMeeting([makeup, cancelled])).toBe(makeup);
    expect(monthMeeting([cancelled])).toBe(cancelled);
    expect(monthMeeting([])).toBeNull();
    // Its own state: planned while ahead, not the cancelled meeting's "Đã hủy".
    expect(gridState({ ...monthMeeting([cancelled, makeup])!, ahead: true, standing: "pending" })).toBe(
      "planned",
    );
  });

  it("calls a make-up 'Họp bù', even when its date was changed; held and cancelled keep their words", () => {
    expect(MEETING_LABELS[meetingLabel({ status: "planned", edited: true, makeup: true })]).toBe("Họp bù");
    expect(MEETING_LABELS[meetingLabel({ status: "planned", edited: false, makeup: true })]).toBe("Họp bù");
    expect(MEETING_LABELS[meetingLabel({ status: "planned", edited: true, makeup: false })]).toBe(
      "Đã dời lịch",
    );
    expect(MEETING_LABELS[meetingLabel({ status: "planned", edited: false, makeup: false })]).toBe("Dự kiến");
    expect(MEETING_LABELS[meetingLabel({ status: "held", edited: true, makeup: true })]).toBe("Đã họp");
    expect(MEETING_LABELS[meetingLabel({ status: "cancelled", edited: false, makeup: true })]).toBe("Đã hủy");
  });
});

describe("the months a grid shows", () => {
  it("shows a 12-month campaign whole, across two years, whatever year is asked", () => {
    const c = { firstMonth: "2026-12", lastMonth: "2027-11" };
    for (const year of [2026, 2027]) {
      const v = gridMonths(year, c);
      expect(v.byYear).toBe(false);
      expect(v.months).toHaveLength(12);
      expect(v.months[0]).toBe("2026-12");
      expect(v.months.at(-1)).toBe("2027-11");
    }
  });

  it("shows a longer campaign, or none, by calendar year", () => {
    const long = gridMonths(2026, { firstMonth: "2025-07", lastMonth: "2026-12" });
    expect(long).toEqual({
      months: Array.from({ length: 12 }, (_, i) => `2026-${String(i + 1).padStart(2, "0")}`),
      byYear: true,
    });
    expect(gridMonths(2025, { firstMonth: "2025-07", lastMonth: "2026-12" }).months).toHaveLength(6);
    expect(gridMonths(2027, null).months).toHaveLength(12);
  });
});
