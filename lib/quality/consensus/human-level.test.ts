import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { humanLevelPerformance } from "./human-level";
import { majorityVote } from "./majority-vote";
import type { Rating } from "./ratings";
import { ratingsArbitrary } from "./test-support";

function ratingsOf(item: string, labelsByLabeler: Record<string, string[]>): Rating[] {
  return Object.entries(labelsByLabeler).flatMap(([labeler, labels]) => labels.map((label) => ({ item, labeler, label })));
}

/** Ng's "Raising HLP" example: 70% of labelers transcribe an utterance one way, 30% another. */
const SEVENTY_THIRTY = ratingsOf(
  "utterance",
  Object.fromEntries(Array.from({ length: 10 }, (_, k) => [`labeler${k}`, [k < 7 ? "um, nearest gas station" : "um… nearest gas station"]])),
);

describe("humanLevelPerformance", () => {
  it("gives 0.7² + 0.3² = 0.58 for two random labelers on a 70/30 split, against 0.7 for a majority-label model", () => {
    const result = humanLevelPerformance(SEVENTY_THIRTY);
    expect(result.items.utterance!.expectedAgreement.value).toBeCloseTo(0.58, 12);
    expect(result.items.utterance!.majorityAgreement.value).toBeCloseTo(0.7, 12);
    expect(result.overall.expectedAgreement.value).toBeCloseTo(0.58, 12);
    expect(result.overall.majorityAgreement.value).toBeCloseTo(0.7, 12);
  });

  it("measures how often each labeler agrees with the other labelers of the same items", () => {
    // A labeler in the 70% agrees with 6 of the 9 others; one in the 30% with 2 of 9.
    const result = humanLevelPerformance(SEVENTY_THIRTY);
    expect(result.labelers.labeler0!.agreementWithOthers.value).toBeCloseTo(6 / 9, 12);
    expect(result.labelers.labeler9!.agreementWithOthers.value).toBeCloseTo(2 / 9, 12);
    expect(result.overall.agreementWithOthers.value).toBeCloseTo((7 * 6 + 3 * 2) / 90, 12);
  });

  it("never uses a labeler's own repeated ratings as their reference", () => {
    const result = humanLevelPerformance(ratingsOf("x", { retester: ["A", "A"], b: ["A"], c: ["B"] }));
    expect(result.labelers.retester!.agreementWithOthers.value).toBeCloseTo(1 / 2, 12);
    expect(result.labelers.b!.agreementWithOthers.value).toBeCloseTo(2 / 3, 12);
    expect(result.labelers.c!.agreementWithOthers.value).toBe(0);
    expect(result.items.x!.expectedAgreement.value).toBeCloseTo((3 / 4) ** 2 + (1 / 4) ** 2, 12);
  });

  it("measures accuracy against gold labels where they are given, ignoring gold for unrated items", () => {
    const ratings = [...ratingsOf("x", { a: ["A"], b: ["B"] }), ...ratingsOf("y", { a: ["A"], b: ["A"] }), ...ratingsOf("z", { b: ["B"] })];
    const result = humanLevelPerformance(ratings, { gold: new Map([["x", "A"], ["y", "A"], ["unrated", "A"]]) });
    expect(result.labelers.a!.accuracyOnGold).toEqual({ value: 1 });
    expect(result.labelers.b!.accuracyOnGold).toEqual({ value: 0.5 });
    expect(result.overall.accuracyOnGold.value).toBeCloseTo(3 / 4, 12);
    const bOnly = humanLevelPerformance(ratings, { gold: { z: "B" } });
    expect(bOnly.labelers.a!.accuracyOnGold).toEqual({ value: null, reason: "this labeler rated no gold item" });
    expect(bOnly.labelers.b!.accuracyOnGold).toEqual({ value: 1 });
  });

  it("gives nulls with reasons where nothing can be compared", () => {
    const empty = humanLevelPerformance([]);
    expect(empty.labelers).toEqual({});
    expect(empty.items).toEqual({});
    expect(empty.overall).toEqual({
      agreementWithOthers: { value: null, reason: "no item was rated by two or more labelers" },
      accuracyOnGold: { value: null, reason: "no gold labels were given" },
      expectedAgreement: { value: null, reason: "no item has two or more ratings" },
      majorityAgreement: { value: null, reason: "no item has two or more ratings" },
    });
    const alone = humanLevelPerformance([{ item: "x", labeler: "a", label: "A" }]);
    expect(alone.labelers.a!.agreementWithOthers).toEqual({ value: null, reason: "no item this labeler rated was rated by another labeler" });
    expect(alone.items.x!.expectedAgreement).toEqual({
      value: null,
      reason: "the item has a single rating, so agreement between two ratings cannot be observed",
    });
  });

  it("gives 1 everywhere for a single label", () => {
    const result = humanLevelPerformance(ratingsOf("x", { a: ["A"], b: ["A", "A"] }), { gold: { x: "A" } });
    const one = { value: 1 };
    expect(result.overall).toEqual({ agreementWithOthers: one, accuracyOnGold: one, expectedAgreement: one, majorityAgreement: one });
  });

  it.each([
    [{ x: "" }, 'gold label of item "x" must be a non-empty string, got ""'],
    [{ x: 3 }, 'gold label of item "x" must be a non-empty string, got 3'],
    ["x", 'gold must be a Map or an object keyed by name, got "x"'],
  ])("rejects the gold %j", (gold, message) => {
    expect(() => humanLevelPerformance(SEVENTY_THIRTY, { gold: gold as never })).toThrow(new Error(message));
  });

  it("bounds Σp² by the majority share, which is the majority vote's confidence", () => {
    fc.assert(
      fc.property(ratingsArbitrary, (ratings) => {
        const votes = majorityVote(ratings);
        for (const [item, { expectedAgreement, majorityAgreement }] of Object.entries(humanLevelPerformance(ratings).items)) {
          if (majorityAgreement.value === null) continue;
          expect(majorityAgreement.value).toBeCloseTo(votes[item]!.confidence.value!, 12);
          expect(expectedAgreement.value!).toBeGreaterThan(0);
          expect(expectedAgreement.value!).toBeLessThanOrEqual(majorityAgreement.value + 1e-12);
        }
      }),
    );
  });
});
