import { describe, expect, it } from "vitest";
import { GRID_LABELS, GRID_STATES, gridState } from "../../src/domain/grid-state.ts";

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
