import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { cohenKappa, cohenKappaFromConfusion, type KappaWeighting } from "./cohen-kappa";
import type { Rating } from "./ratings";

/** Two raters' ratings repeated as in a contingency table: `cells` lists [first, second, count]. */
function fromTable<T>(cells: [T, T, number][]): [T[], T[]] {
  const expand = (side: 0 | 1) => cells.flatMap((cell) => new Array<T>(cell[2]).fill(cell[side]));
  return [expand(0), expand(1)];
}

// scikit-learn sklearn/metrics/tests/test_classification.py, test_cohen_kappa (the label vectors are copied from there).
const repeat = (value: number, times: number) => new Array<number>(times).fill(value);
const concat = (...parts: number[][]) => parts.flat();

describe("cohenKappa, published examples", () => {
  it("reproduces Wikipedia's 50 grant proposals (Yes/Yes 20, Yes/No 5, No/Yes 10, No/No 15): p_o 0.7, p_e 0.5, kappa 0.4", () => {
    const [readerA, readerB] = fromTable<string>([["Yes", "Yes", 20], ["Yes", "No", 5], ["No", "Yes", 10], ["No", "No", 15]]);
    const result = cohenKappa(readerA, readerB);
    expect(result.value).toBeCloseTo(0.4, 14);
    expect(result.observedDisagreement).toBeCloseTo(1 - 0.7, 14);
    expect(result.expectedDisagreement).toBeCloseTo(1 - 0.5, 14);
    expect(result.unitsCompared).toBe(50);
    expect(cohenKappaFromConfusion([[20, 5], [10, 15]]).value).toBeCloseTo(0.4, 14);
  });

  it("reproduces scikit-learn test_cohen_kappa, Artstein & Poesio (2008) table 1: 0.348, symmetric", () => {
    const y1 = concat(repeat(0, 40), repeat(1, 60));
    const y2 = concat(repeat(0, 20), repeat(1, 20), repeat(0, 10), repeat(1, 50));
    const kappa = cohenKappa(y1, y2).value;
    expect(kappa).toBeCloseTo(0.348, 3);
    expect(kappa).toBeCloseTo(8 / 23, 14); // (0.70 − 0.54) / (1 − 0.54), by hand
    expect(cohenKappa(y2, y1).value).toBe(kappa);
    expect(cohenKappa(y1, y1).value).toBe(1);
  });

  it("reproduces scikit-learn test_cohen_kappa, Artstein & Poesio (2008) table 4 (three classes): 0.8013", () => {
    const y1 = concat(repeat(0, 46), repeat(1, 44), repeat(2, 10));
    const y2 = concat(repeat(0, 52), repeat(1, 32), repeat(2, 16));
    expect(cohenKappa(y1, y2).value).toBeCloseTo(0.8013, 4);
  });

  it.each<[KappaWeighting, number, number]>([
    ["unweighted", 0.9315, 68 / 73],
    ["linear", 0.9412, 16 / 17],
    ["quadratic", 0.9541, 104 / 109],
  ])("reproduces scikit-learn test_cohen_kappa's weighting example, %s: %s", (weights, published, exact) => {
    const y1 = concat(repeat(0, 46), repeat(1, 44), repeat(2, 10));
    const y2 = concat(repeat(0, 50), repeat(1, 40), repeat(2, 10));
    const kappa = cohenKappa(y1, y2, { weights }).value;
    expect(kappa).toBeCloseTo(published, 4);
    expect(kappa).toBeCloseTo(exact, 14); // exact fractions computed by hand in rational arithmetic
  });

  it("reproduces the scikit-learn cohen_kappa_score docstring example on strings: 0.6875", () => {
    const y1 = ["negative", "positive", "negative", "neutral", "positive"];
    const y2 = ["negative", "positive", "negative", "neutral", "negative"];
    expect(cohenKappa(y1, y2).value).toBeCloseTo(0.6875, 14);
  });

  it("reproduces R irr::kappa2 on anxiety[, 2:3] (values recorded in statsmodels' test_inter_rater.py): weights by position among the levels used", () => {
    // irr's anxiety data set, raters 2 and 3 of 20 subjects. Level 5 is never used, so positions are 1, 2, 3, 4, 6 → 0..4.
    const rater2 = [3, 6, 4, 6, 2, 4, 2, 4, 3, 3, 2, 3, 3, 3, 2, 2, 1, 3, 3, 4];
    const rater3 = [2, 1, 4, 4, 3, 2, 1, 6, 1, 1, 1, 2, 3, 3, 1, 1, 3, 3, 2, 2];
    expect(cohenKappa(rater2, rater3).value).toBeCloseTo(-0.006289308, 9);
    expect(cohenKappa(rater2, rater3, { weights: "linear" }).value).toBeCloseTo(0.1459075, 7);
    expect(cohenKappa(rater2, rater3, { weights: "quadratic" }).value).toBeCloseTo(0.2520325, 7);
    // With the full scale 1..6 given, 6 moves one position further away; by hand in rational arithmetic: 13/103 and 91/396.
    const scale = [1, 2, 3, 4, 5, 6];
    expect(cohenKappa(rater2, rater3, { weights: "linear", categories: scale }).value).toBeCloseTo(13 / 103, 14);
    expect(cohenKappa(rater2, rater3, { weights: "quadratic", categories: scale }).value).toBeCloseTo(91 / 396, 14);
  });

  it("reproduces the SAS example in statsmodels' test_inter_rater.py: kappa 0.4842, linear weighted 0.4701", () => {
    const table = [[0, 4, 1], [0, 8, 0], [0, 1, 5]];
    expect(cohenKappaFromConfusion(table).value).toBeCloseTo(0.4842, 4);
    expect(cohenKappaFromConfusion(table, "linear").value).toBeCloseTo(0.4701, 4);
  });
});

describe("cohenKappa, category order", () => {
  it("orders numbers ascending by default, whatever order they appear in", () => {
    const first = [3, 1, 2, 2, 1, 3];
    const second = [3, 2, 2, 1, 1, 1];
    expect(cohenKappa(first, second, { weights: "linear" }).value).toBe(cohenKappa(first, second, { weights: "linear", categories: [1, 2, 3] }).value);
  });

  it("orders strings by first appearance (first rater, then second) by default", () => {
    const first = ["mid", "low", "high", "mid", "low"];
    const second = ["mid", "high", "high", "low", "mid"];
    const firstSeen = cohenKappa(first, second, { weights: "quadratic", categories: ["mid", "low", "high"] }).value;
    expect(cohenKappa(first, second, { weights: "quadratic" }).value).toBe(firstSeen);
    expect(cohenKappa(first, second, { weights: "quadratic", categories: ["low", "mid", "high"] }).value).not.toBe(firstSeen);
  });
});

describe("cohenKappa, degenerate input", () => {
  it("is undefined on empty input and when no unit was rated by both", () => {
    for (const [first, second] of [[[], []], [[1, null], [null, 2]]] as Rating[][][]) {
      const result = cohenKappa(first!, second!);
      expect(result).toMatchObject({ value: null, observedDisagreement: null, expectedDisagreement: null, unitsCompared: 0 });
      expect(result.reason).toMatch(/no unit was rated by both/);
    }
  });

  it("is undefined when both raters used one and the same category throughout, even with a longer category list", () => {
    for (const weights of ["unweighted", "linear", "quadratic"] as const) {
      const result = cohenKappa(["a", "a", null], ["a", "a", "b"], { weights, categories: ["a", "b"] });
      expect(result).toMatchObject({ value: null, observedDisagreement: 0, expectedDisagreement: 0, unitsCompared: 2 });
      expect(result.reason).toMatch(/chance agreement is certain/);
    }
  });

  it("is 0, not undefined, when each rater uses one category but not the same one", () => {
    // p_o = 0 and p_e = 0, so kappa = (0 − 0) / (1 − 0) = 0 by hand.
    expect(cohenKappa(["a", "a"], ["b", "b"]).value).toBe(0);
  });
});

describe("cohenKappa, malformed input", () => {
  it.each<[string, () => unknown, RegExp]>([
    ["arrays of different lengths", () => cohenKappa([1, 2], [1]), /Ragged reliability data: coder 1 has 1 ratings but coder 0 has 2/],
    ["an unknown weighting", () => cohenKappa([1], [1], { weights: "cubic" as KappaWeighting }), /Unknown kappa weighting "cubic"/],
    ["a rating outside the categories", () => cohenKappa(["a"], ["z"], { categories: ["a", "b"] }), /Rating "z" \(coder 1, unit 0\) is not in the category list/],
    ["a non-square table", () => cohenKappaFromConfusion([[1, 2], [3]]), /not square: row 1 has 1 cells, expected 2/],
    ["a negative count", () => cohenKappaFromConfusion([[1, -2], [3, 4]]), /cell \[0\]\[1\] is -2/],
  ])("throws on %s", (_, run, message) => {
    expect(run).toThrow(message);
  });
});

const pairOfRaters = fc
  .integer({ min: 0, max: 20 })
  .chain((units) => fc.tuple(...[0, 1].map(() => fc.array(fc.option(fc.integer({ min: 0, max: 3 }), { nil: null, freq: 5 }), { minLength: units, maxLength: units }))));
const weightings = fc.constantFrom<KappaWeighting>("unweighted", "linear", "quadratic");

describe("cohenKappa, properties", () => {
  it("is symmetric: swapping the raters does not change kappa", () => {
    fc.assert(
      fc.property(pairOfRaters, weightings, ([first, second], weights) => {
        const forward = cohenKappa(first!, second!, { weights, categories: [0, 1, 2, 3] }).value;
        const backward = cohenKappa(second!, first!, { weights, categories: [0, 1, 2, 3] }).value;
        if (forward === null) expect(backward).toBeNull();
        else expect(backward).toBeCloseTo(forward, 12);
      }),
    );
  });

  it("is invariant to relabeling the categories when unweighted", () => {
    fc.assert(
      fc.property(pairOfRaters, fc.shuffledSubarray(["w", "x", "y", "z"], { minLength: 4, maxLength: 4 }), ([first, second], names) => {
        const rename = (ratings: Rating[]) => ratings.map((value) => (value === null ? null : names[value as number]!));
        const original = cohenKappa(first!, second!).value;
        const renamed = cohenKappa(rename(first!), rename(second!)).value;
        if (original === null) expect(renamed).toBeNull();
        else expect(renamed).toBeCloseTo(original, 12);
      }),
    );
  });

  it("is 1 on perfect agreement with more than one category, for every weighting", () => {
    const ratings = fc.array(fc.option(fc.integer({ min: 0, max: 3 }), { nil: null, freq: 5 }), { maxLength: 20 });
    fc.assert(
      fc.property(ratings, weightings, (same, weights) => {
        fc.pre(new Set(same.filter((value) => value !== null)).size > 1);
        expect(cohenKappa(same, same, { weights }).value).toBe(1);
      }),
    );
  });

  it("never exceeds 1", () => {
    fc.assert(
      fc.property(pairOfRaters, weightings, ([first, second], weights) => {
        expect(cohenKappa(first!, second!, { weights }).value ?? 0).toBeLessThanOrEqual(1 + 1e-12);
      }),
    );
  });
});
