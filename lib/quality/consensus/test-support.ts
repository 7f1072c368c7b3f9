import fc from "fast-check";
import type { Rating } from "./ratings";

/** Test support shared by the consensus property tests: small random rating sets and class relabelings. */
export const LABELS = ["x", "y", "z"] as const;

export const ratingsArbitrary: fc.Arbitrary<Rating[]> = fc.array(
  fc.record({
    item: fc.constantFrom("i1", "i2", "i3", "i4", "i5", "i6"),
    labeler: fc.constantFrom("a", "b", "c", "d"),
    label: fc.constantFrom(...LABELS),
  }),
  { minLength: 1, maxLength: 40 },
);

/** A bijection of LABELS onto new names whose code-unit order differs from the old one's. */
export const relabelingArbitrary: fc.Arbitrary<Map<string, string>> = fc
  .shuffledSubarray(["q", "p", "r"], { minLength: LABELS.length, maxLength: LABELS.length })
  .map((names) => new Map(LABELS.map((label, index) => [label, names[index]!])));

export function relabel(ratings: readonly Rating[], newName: ReadonlyMap<string, string>): Rating[] {
  return ratings.map((rating) => ({ ...rating, label: newName.get(rating.label)! }));
}

/** A deterministic shuffle (reversal interleaved), enough to show results don't depend on input order. */
export function reordered<T>(values: readonly T[]): T[] {
  const reversed = [...values].reverse();
  return [...reversed.filter((_, index) => index % 2 === 0), ...reversed.filter((_, index) => index % 2 === 1)];
}

/** crowd-kit's toy data (Toloka/crowd-kit, tests/aggregation/test_ds_aggregation.py, fixture `data`): 5 tasks × 5 workers, t1 lacks w3. */
export const CROWD_KIT_TOY: Rating[] = [
  ["t1", "w1", "no"], ["t1", "w2", "yes"], ["t1", "w4", "yes"], ["t1", "w5", "no"],
  ["t2", "w1", "yes"], ["t2", "w2", "yes"], ["t2", "w3", "yes"], ["t2", "w4", "no"], ["t2", "w5", "no"],
  ["t3", "w1", "yes"], ["t3", "w2", "no"], ["t3", "w3", "no"], ["t3", "w4", "yes"], ["t3", "w5", "no"],
  ["t4", "w1", "yes"], ["t4", "w2", "yes"], ["t4", "w3", "yes"], ["t4", "w4", "yes"], ["t4", "w5", "yes"],
  ["t5", "w1", "yes"], ["t5", "w2", "no"], ["t5", "w3", "no"], ["t5", "w4", "no"], ["t5", "w5", "no"],
].map(([item, labeler, label]) => ({ item: item!, labeler: labeler!, label: label! }));
