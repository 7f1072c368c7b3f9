import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { categoryCountsByUnit, fleissKappa } from "./fleiss-kappa";
import { percentAgreement } from "./percent-agreement";
import { transpose, WIKIPEDIA_FLEISS_TABLE } from "./published-examples.fixtures";

/** Reliability data (one row per rater) with the given units × categories counts; which rater gave which rating is arbitrary. */
function ratersFromCounts(counts: number[][]): number[][] {
  return transpose(counts.map((row) => row.flatMap((count, category) => new Array<number>(count).fill(category))));
}

describe("percentAgreement, published examples", () => {
  it("equals Fleiss' P̄ of the Wikipedia worked example: 0.378", () => {
    const result = percentAgreement(ratersFromCounts(WIKIPEDIA_FLEISS_TABLE));
    expect(result.value).toBeCloseTo(0.378, 3);
    expect(result.value).toBeCloseTo(172 / 455, 14); // Σ_i (Σ_j n_ij² − 14) = 688 over 10 · 14 · 13, by hand
    expect(result.unitsCompared).toBe(10);
  });

  it("is the observed agreement p_o = 0.7 of Wikipedia's two readers of 50 grant proposals", () => {
    const cells: [string, string, number][] = [["Yes", "Yes", 20], ["Yes", "No", 5], ["No", "Yes", 10], ["No", "No", 15]];
    const readers = [0, 1].map((reader) => cells.flatMap((cell) => new Array<string>(cell[2]).fill(cell[reader] as string)));
    expect(percentAgreement(readers).value).toBeCloseTo(0.7, 14);
  });
});

describe("percentAgreement, missing ratings", () => {
  it("averages the share of agreeing pairs over the units with at least two ratings (computed by hand: 7/9)", () => {
    const data = [
      ["a", "a", "b", null],
      ["a", "b", "b", "a"],
      [null, "b", "b", null],
    ];
    // Unit 0: a, a → 1. Unit 1: a, b, b → 2 of 6 ordered pairs → 1/3. Unit 2: b, b, b → 1. Unit 3 has one rating.
    const result = percentAgreement(data);
    expect(result.value).toBeCloseTo(7 / 9, 14);
    expect(result.unitsCompared).toBe(3);
  });
});

describe("percentAgreement, degenerate and malformed input", () => {
  it("is undefined on empty input and with one coder per unit", () => {
    for (const data of [[], [[]], [["a", "b"]], [["a", null], [null, "b"]]]) {
      const result = percentAgreement(data);
      expect(result).toMatchObject({ value: null, unitsCompared: 0 });
      expect(result.reason).toMatch(/no unit was rated by at least two coders/);
    }
  });

  it("is 1, not undefined, when everyone always picks the single category", () => {
    expect(percentAgreement([["a", "a"], ["a", "a"]]).value).toBe(1);
  });

  it("throws on ragged rows and on ratings outside the category list", () => {
    expect(() => percentAgreement([["a"], ["a", "b"]])).toThrow(/Ragged reliability data: coder 1 has 2 ratings but coder 0 has 1/);
    expect(() => percentAgreement([["a"], ["b"]], { categories: ["a"] })).toThrow(/Rating "b" \(coder 1, unit 0\) is not in the category list/);
  });
});

describe("percentAgreement, properties", () => {
  it("equals Fleiss' P̄ on complete data, is symmetric in the coders and lies in [0, 1]", () => {
    const completeData = fc
      .tuple(fc.integer({ min: 2, max: 6 }), fc.integer({ min: 1, max: 12 }))
      .chain(([coders, units]) => fc.array(fc.array(fc.integer({ min: 0, max: 3 }), { minLength: units, maxLength: units }), { minLength: coders, maxLength: coders }));
    fc.assert(
      fc.property(completeData, (data) => {
        const agreement = percentAgreement(data).value!;
        expect(agreement).toBeCloseTo(fleissKappa(categoryCountsByUnit(data).counts).observedAgreement!, 12);
        expect(percentAgreement([...data].reverse()).value).toBeCloseTo(agreement, 12);
        expect(agreement).toBeGreaterThanOrEqual(0);
        expect(agreement).toBeLessThanOrEqual(1);
      }),
    );
  });
});
