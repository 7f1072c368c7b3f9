import { describe, expect, it } from "vitest";
import { cohenKappa } from "./cohen-kappa";
import { labelerAgreementMatrix } from "./labeler-matrix";
import { KRIPPENDORFF_2011 } from "./published-examples.fixtures";

describe("labelerAgreementMatrix", () => {
  it("gives, for each pair of the Krippendorff (2011) observers, Cohen's kappa and percent agreement on the units both rated", () => {
    const categories = [1, 2, 3, 4, 5];
    const matrix = labelerAgreementMatrix(KRIPPENDORFF_2011, { weights: "quadratic" });
    expect(matrix.categories).toEqual(categories);
    // Observers A and B both rated units 1-9 and agree on all but unit 6 (1 against 2): 8/9, computed by hand.
    expect(matrix.unitsBothRated[0]![1]).toBe(9);
    expect(matrix.percentAgreement[0]![1]!.value).toBeCloseTo(8 / 9, 14);
    for (let first = 0; first < 4; first++) {
      for (let second = 0; second < 4; second++) {
        if (first === second) continue;
        const kappa = cohenKappa(KRIPPENDORFF_2011[first]!, KRIPPENDORFF_2011[second]!, { weights: "quadratic", categories });
        expect(matrix.kappa[first]![second]).toEqual(kappa);
        expect(matrix.unitsBothRated[first]![second]).toBe(kappa.unitsCompared);
      }
    }
  });

  it("is symmetric, with the units each labeler rated on the diagonal and undefined self-agreement", () => {
    const matrix = labelerAgreementMatrix(KRIPPENDORFF_2011);
    expect(matrix.unitsBothRated.map((row, i) => row[i])).toEqual([9, 11, 10, 11]);
    for (let i = 0; i < 4; i++) {
      expect(matrix.kappa[i]![i]).toMatchObject({ value: null, reason: "a labeler is not compared with themself" });
      expect(matrix.percentAgreement[i]![i]).toMatchObject({ value: null, reason: "a labeler is not compared with themself" });
      for (let j = 0; j < 4; j++) {
        expect(matrix.kappa[i]![j]!.value).toBe(matrix.kappa[j]![i]!.value);
        expect(matrix.percentAgreement[i]![j]!.value).toBe(matrix.percentAgreement[j]![i]!.value);
      }
    }
  });

  it("leaves pairs without shared units undefined, and handles empty input", () => {
    const matrix = labelerAgreementMatrix([["a", null], [null, "b"]]);
    expect(matrix.unitsBothRated).toEqual([[1, 0], [0, 1]]);
    expect(matrix.kappa[0]![1]).toMatchObject({ value: null, unitsCompared: 0 });
    expect(matrix.percentAgreement[0]![1]!.reason).toMatch(/no unit was rated by both/);
    expect(labelerAgreementMatrix([])).toEqual({ categories: [], unitsBothRated: [], percentAgreement: [], kappa: [] });
  });

  it("throws on malformed input", () => {
    expect(() => labelerAgreementMatrix([["a"], ["a", "b"]])).toThrow(/Ragged reliability data/);
    expect(() => labelerAgreementMatrix([["a"], ["a"]], { categories: ["b"] })).toThrow(/not in the category list/);
    expect(() => labelerAgreementMatrix([["a"], ["a"]], { weights: "exponential" as "linear" })).toThrow(/Unknown kappa weighting/);
  });
});
