import { describe, expect, it } from "vitest";
import { overviewBars } from "./overview";

describe("overviewBars", () => {
  it("keeps the lowest minimum and highest maximum of each bar's share", () => {
    // Four (min, max) pairs into two bars.
    expect(overviewBars([-0.1, 0.2, -0.5, 0.1, 0, 0.9, -0.3, 0.3], 2)).toEqual([
      [-0.5, 0.2],
      [-0.3, 0.9],
    ]);
  });

  it("shares uneven counts out without losing a pair", () => {
    const peaks = [-1, 1, -2, 2, -3, 3, -4, 4, -5, 5];
    const bars = overviewBars(peaks, 2);
    expect(bars).toEqual([
      [-2, 2],
      [-5, 5],
    ]);
  });

  it("draws no more bars than there are pairs", () => {
    expect(overviewBars([-0.1, 0.1, -0.2, 0.2], 300)).toEqual([
      [-0.1, 0.1],
      [-0.2, 0.2],
    ]);
    expect(overviewBars([], 300)).toEqual([]);
  });

  it("refuses a bar count that is not a positive integer", () => {
    expect(() => overviewBars([0, 0], 0)).toThrow(RangeError);
    expect(() => overviewBars([0, 0], 2.5)).toThrow(RangeError);
  });
});
