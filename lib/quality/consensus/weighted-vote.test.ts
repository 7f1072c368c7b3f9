import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { majorityVote } from "./majority-vote";
import { ratingsArbitrary } from "./test-support";
import { weightedVote } from "./weighted-vote";

const SPLIT = [
  { item: "x", labeler: "a", label: "cat" },
  { item: "x", labeler: "b", label: "cat" },
  { item: "x", labeler: "expert", label: "dog" },
];

describe("weightedVote", () => {
  it("lets a reliable labeler outvote two others: tallies are sums of weights", () => {
    const result = weightedVote(SPLIT, { a: 1, b: 1, expert: 3 });
    expect(result.x).toEqual({ label: "dog", tiedLabels: [], confidence: { value: 0.6 }, votes: { cat: 2, dog: 3 } });
  });

  it("accepts the weights as a Map or as an object alike", () => {
    const weights = { a: 0.9, b: 0.55, expert: 0.7 };
    expect(weightedVote(SPLIT, new Map(Object.entries(weights)))).toStrictEqual(weightedVote(SPLIT, weights));
  });

  it("weighs a labeler missing from the weights 1 by default, or unknownLabelerWeight", () => {
    expect(weightedVote(SPLIT, { expert: 1.5 }).x).toMatchObject({ label: "cat", votes: { cat: 2, dog: 1.5 } });
    expect(weightedVote(SPLIT, { expert: 1.5 }, { unknownLabelerWeight: 0 }).x).toMatchObject({ label: "dog", confidence: { value: 1 } });
  });

  it("reports a tie between floating-point sums that differ only by rounding (0.1 + 0.2 versus 0.3)", () => {
    const result = weightedVote(SPLIT, { a: 0.1, b: 0.2, expert: 0.3 });
    expect(0.1 + 0.2).not.toBe(0.3);
    expect(result.x).toMatchObject({ label: null, tiedLabels: ["cat", "dog"] });
  });

  it("has no winner and an undefined confidence when every rating of an item weighs 0", () => {
    const result = weightedVote(SPLIT, {}, { unknownLabelerWeight: 0 });
    expect(result.x).toEqual({
      label: null,
      tiedLabels: [],
      confidence: { value: null, reason: "every rating of this item has weight 0" },
      votes: { cat: 0, dog: 0 },
    });
  });

  it.each([
    [{ a: -1 }, {}, 'weight of labeler "a" must be a finite number ≥ 0, got -1'],
    [{ a: Number.NaN }, {}, 'weight of labeler "a" must be a finite number ≥ 0, got NaN'],
    [{ a: Number.POSITIVE_INFINITY }, {}, 'weight of labeler "a" must be a finite number ≥ 0, got Infinity'],
    [{ a: "2" }, {}, 'weight of labeler "a" must be a finite number ≥ 0, got "2"'],
    [{}, { unknownLabelerWeight: -0.5 }, "unknownLabelerWeight must be a finite number ≥ 0, got -0.5"],
  ])("rejects the weights %j with options %j", (weights, options, message) => {
    expect(() => weightedVote(SPLIT, weights as never, options)).toThrow(new Error(message));
  });

  it("with one positive weight for everybody, picks what majorityVote picks", () => {
    fc.assert(
      fc.property(ratingsArbitrary, fc.double({ min: 0.01, max: 100, noNaN: true }), (ratings, weight) => {
        const majority = majorityVote(ratings);
        const weighted = weightedVote(ratings, {}, { unknownLabelerWeight: weight });
        for (const [item, outcome] of Object.entries(majority)) {
          expect(weighted[item]!.label).toBe(outcome.label);
          expect(weighted[item]!.tiedLabels).toEqual(outcome.tiedLabels);
          expect(weighted[item]!.confidence.value).toBeCloseTo(outcome.confidence.value!, 12);
        }
      }),
    );
  });
});
