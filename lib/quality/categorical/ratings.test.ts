import { describe, expect, it } from "vitest";
import { encodeRatings, MISSING, ratedUnits } from "./ratings";

describe("encodeRatings", () => {
  it("orders numbers ascending and stores codes unit by unit", () => {
    const encoded = encodeRatings([[10, 2, null], [2, 7, 10]]);
    expect(encoded.categories).toEqual([2, 7, 10]);
    expect(Array.from(encoded.codes)).toEqual([2, 0, 0, 1, MISSING, 2]);
  });

  it("orders strings by first appearance, reading coder by coder", () => {
    expect(encodeRatings([["b", null], ["c", "a"]]).categories).toEqual(["b", "c", "a"]);
  });

  it("follows an explicit category list, including categories nobody used", () => {
    const encoded = encodeRatings([["low", "high"]], ["high", "mid", "low"]);
    expect(encoded.categories).toEqual(["high", "mid", "low"]);
    expect(Array.from(encoded.codes)).toEqual([2, 0]);
  });

  it("accepts empty data", () => {
    expect(encodeRatings([])).toMatchObject({ categories: [], coderCount: 0, unitCount: 0 });
    expect(encodeRatings([[], []])).toMatchObject({ categories: [], coderCount: 2, unitCount: 0 });
  });

  it.each<[string, () => unknown, RegExp]>([
    ["ragged rows", () => encodeRatings([[1, 2], [1, 2, 3]]), /Ragged reliability data: coder 1 has 3 ratings but coder 0 has 2\./],
    ["Infinity", () => encodeRatings([[Infinity]]), /Invalid rating Infinity \(coder 0, unit 0\)/],
    ["undefined", () => encodeRatings([[undefined as unknown as null]]), /Invalid rating undefined/],
    ["mixed numbers and strings", () => encodeRatings([[1], ["1"]]), /mix numbers and strings/],
    ["an invalid category", () => encodeRatings([[1]], [Number.NaN]), /Invalid category NaN in the category list/],
  ])("throws on %s", (_, run, message) => {
    expect(run).toThrow(message);
  });
});

describe("ratedUnits", () => {
  it("keeps the units with enough ratings, with their codes in compressed rows", () => {
    const units = ratedUnits(encodeRatings([["a", "b", null], ["a", null, "c"], [null, null, "c"]]));
    expect(Array.from(units.unitIndex)).toEqual([0, 2]);
    expect(Array.from(units.offsets)).toEqual([0, 2, 4]);
    expect(Array.from(units.values)).toEqual([0, 0, 2, 2]);
  });
});
