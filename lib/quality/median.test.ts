import { describe, expect, it } from "vitest";
import { median } from "./median";

describe("median", () => {
  it("is the middle value of an odd count, whatever the input order", () => {
    expect(median([9, 1, 5])).toBe(5);
    expect(median([7])).toBe(7);
  });

  it("averages the two middle values of an even count", () => {
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([1000, 2000])).toBe(1500);
  });

  it("sorts numerically, not as text, and leaves its input alone", () => {
    const values = [10, 9, 100];
    expect(median(values)).toBe(10);
    expect(values).toEqual([10, 9, 100]);
  });

  it("is null without values", () => {
    expect(median([])).toBeNull();
  });
});
