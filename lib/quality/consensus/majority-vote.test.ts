import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { majorityVote } from "./majority-vote";
import { CROWD_KIT_TOY, ratingsArbitrary, relabel, relabelingArbitrary, reordered } from "./test-support";

describe("majorityVote", () => {
  it("reproduces crowd-kit's majority-vote shares on its toy data, reporting t1's 2–2 tie instead of breaking it", () => {
    // Expected shares: crowd-kit test_ds_aggregation.py, fixture probas_iter_0 (majority-vote probabilities).
    const result = majorityVote(CROWD_KIT_TOY);
    expect(result.t1).toEqual({ label: null, tiedLabels: ["no", "yes"], confidence: { value: 0.5 }, votes: { no: 2, yes: 2 } });
    expect(result.t2).toEqual({ label: "yes", tiedLabels: [], confidence: { value: 0.6 }, votes: { no: 2, yes: 3 } });
    expect(result.t3).toEqual({ label: "no", tiedLabels: [], confidence: { value: 0.6 }, votes: { no: 3, yes: 2 } });
    expect(result.t4).toEqual({ label: "yes", tiedLabels: [], confidence: { value: 1 }, votes: { yes: 5 } });
    expect(result.t5).toEqual({ label: "no", tiedLabels: [], confidence: { value: 0.8 }, votes: { no: 4, yes: 1 } });
  });

  it("counts every rating of a labeler who rated an item more than once", () => {
    const ratings = [
      ...["cat", "cat", "cat"].map((label) => ({ item: "photo", labeler: "retester", label })),
      { item: "photo", labeler: "b", label: "dog" },
      { item: "photo", labeler: "c", label: "dog" },
    ];
    expect(majorityVote(ratings).photo).toMatchObject({ label: "cat", confidence: { value: 0.6 }, votes: { cat: 3, dog: 2 } });
  });

  it("lists every label of a three-way tie in label order", () => {
    const ratings = ["b", "c", "a"].map((label, k) => ({ item: "x", labeler: `l${k}`, label }));
    expect(majorityVote(ratings).x).toMatchObject({ label: null, tiedLabels: ["a", "b", "c"], confidence: { value: 1 / 3 } });
  });

  it("gives {} for no ratings and keeps names such as __proto__ as ordinary keys", () => {
    expect(majorityVote([])).toEqual({});
    const result = majorityVote([{ item: "__proto__", labeler: "constructor", label: "__proto__" }]);
    expect(Object.keys(result)).toEqual(["__proto__"]);
    expect(Object.getPrototypeOf(result)).toBe(Object.prototype);
    expect(result["__proto__"]).toMatchObject({ label: "__proto__", confidence: { value: 1 } });
  });

  it("is the same whatever the order of the ratings, and permutes with a relabeling of the classes", () => {
    fc.assert(
      fc.property(ratingsArbitrary, relabelingArbitrary, (ratings, newName) => {
        const original = majorityVote(ratings);
        expect(majorityVote(reordered(ratings))).toStrictEqual(original);
        const relabeled = majorityVote(relabel(ratings, newName));
        for (const [item, outcome] of Object.entries(original)) {
          expect(relabeled[item]!.label).toBe(outcome.label === null ? null : newName.get(outcome.label));
          expect(relabeled[item]!.tiedLabels).toEqual(outcome.tiedLabels.map((label) => newName.get(label)).sort());
          expect(relabeled[item]!.confidence).toEqual(outcome.confidence);
          const votes = Object.entries(outcome.votes).map(([label, votes]) => [newName.get(label), votes]);
          expect(relabeled[item]!.votes).toEqual(Object.fromEntries(votes));
        }
      }),
    );
  });
});
