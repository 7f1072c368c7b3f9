import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { categoryCountsByUnit, fleissKappa } from "./fleiss-kappa";
import { krippendorffAlpha } from "./krippendorff";
import { DIAGNOSES_BY_PATIENT, transpose, WIKIPEDIA_FLEISS_TABLE } from "./published-examples.fixtures";

describe("fleissKappa, published examples", () => {
  it("reproduces the Wikipedia worked example: P̄ = 0.378, P̄e = 0.213, kappa = 0.210", () => {
    const result = fleissKappa(WIKIPEDIA_FLEISS_TABLE);
    expect(result.observedAgreement).toBeCloseTo(0.378, 3);
    expect(result.expectedAgreement).toBeCloseTo(0.213, 3);
    expect(result.value).toBeCloseTo(0.21, 3);
    expect(result.value).toBeCloseTo(4211 / 20059, 14); // exact, computed by hand in rational arithmetic
    expect(result).toMatchObject({ units: 10, ratingsPerUnit: 14 });
  });

  it("reproduces Fleiss (1971) on the diagnoses data: 0.430 (R irr kappam.fleiss: 0.4302445)", () => {
    const { categories, counts } = categoryCountsByUnit(transpose(DIAGNOSES_BY_PATIENT));
    expect(categories).toEqual([1, 2, 3, 4, 5]);
    // Column totals checked by statsmodels' test_aggregate_raters.
    expect(transpose(counts).map((column) => column.reduce((sum, count) => sum + count, 0))).toEqual([26, 26, 30, 55, 43]);
    expect(fleissKappa(counts).value).toBeCloseTo(0.4302445, 7);
  });
});

describe("fleissKappa, degenerate input", () => {
  it("is undefined without units", () => {
    expect(fleissKappa([])).toMatchObject({ value: null, reason: "no units", units: 0 });
  });

  it("is undefined with one rating per unit", () => {
    const result = fleissKappa([[1, 0], [0, 1]]);
    expect(result).toMatchObject({ value: null, observedAgreement: null, expectedAgreement: null, ratingsPerUnit: 1 });
    expect(result.reason).toMatch(/fewer than two ratings per unit/);
  });

  it("is undefined when every rating is in one category", () => {
    const result = fleissKappa([[3, 0], [3, 0]]);
    expect(result).toMatchObject({ value: null, observedAgreement: 1, expectedAgreement: 1 });
    expect(result.reason).toMatch(/every rating is in one category/);
  });
});

describe("fleissKappa, malformed input", () => {
  it.each<[string, number[][], RegExp]>([
    ["ragged rows", [[1, 1], [2]], /Ragged counts: unit 1 has 1 categories but unit 0 has 2/],
    ["units with different numbers of ratings", [[1, 1], [2, 1]], /same number of ratings per unit: unit 1 has 3, unit 0 has 2/],
    ["a negative count", [[3, -1], [1, 1]], /Count -1 \(unit 0, category 1\)/],
    ["a fractional count", [[1.5, 0.5], [1, 1]], /Count 1.5 \(unit 0, category 0\)/],
  ])("throws on %s", (_, counts, message) => {
    expect(() => fleissKappa(counts)).toThrow(message);
  });

  it("builds counts only from well-formed reliability data", () => {
    expect(() => categoryCountsByUnit([[1, 2], [1]])).toThrow(/Ragged reliability data/);
    expect(() => categoryCountsByUnit([["a"]], ["b"])).toThrow(/"a" \(coder 0, unit 0\) is not in the category list/);
  });
});

describe("fleissKappa, properties", () => {
  const completeData = fc
    .tuple(fc.integer({ min: 2, max: 6 }), fc.integer({ min: 1, max: 15 }))
    .chain(([coders, units]) => fc.array(fc.array(fc.integer({ min: 0, max: 3 }), { minLength: units, maxLength: units }), { minLength: coders, maxLength: coders }));

  it("relates to nominal alpha on complete data as 1 − α = (1 − κ)(nN − 1) / (nN)", () => {
    // From Krippendorff (2011)'s D_o and D_e: with m ratings on each of N units, D_o = 1 − P̄ and D_e = (1 − P̄e) nN / (nN − 1).
    fc.assert(
      fc.property(completeData, (data) => {
        const kappa = fleissKappa(categoryCountsByUnit(data).counts);
        const alpha = krippendorffAlpha(data, { level: "nominal" });
        const values = kappa.units * kappa.ratingsPerUnit;
        if (kappa.value === null) expect(alpha.value).toBeNull();
        else expect(alpha.value).toBeCloseTo(1 - ((1 - kappa.value) * (values - 1)) / values, 12);
      }),
    );
  });

  it("is invariant to the order of the coders and of the categories", () => {
    fc.assert(
      fc.property(completeData, (data) => {
        const { counts } = categoryCountsByUnit(data);
        const original = fleissKappa(counts).value;
        const permuted = fleissKappa(counts.map((row) => [...row].reverse())).value;
        const recoded = fleissKappa(categoryCountsByUnit([...data].reverse()).counts).value;
        for (const other of [permuted, recoded]) {
          if (original === null) expect(other).toBeNull();
          else expect(other).toBeCloseTo(original, 12);
        }
      }),
    );
  });
});
