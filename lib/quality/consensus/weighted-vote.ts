import { describeValue, entriesByName, tabulateRatings, type ByName, type Rating } from "./ratings";
import { tallyVotes, type VoteOutcome } from "./vote";

export type WeightedVoteOptions = {
  /** The weight of a labeler absent from the weights. Default 1: an unknown labeler counts as in a plain majority vote. */
  unknownLabelerWeight?: number;
};

/**
 * Vote per item weighted by labeler reliability.
 *
 * Definition: each rating adds its labeler's weight to its label's tally (a repeated rating adds it again); the
 * winner is the label with the largest tally. Weights are finite numbers ≥ 0 — e.g. each labeler's `accuracy`
 * from `dawidSkene` — and 0 ignores a labeler. A labeler missing from `weights` gets `unknownLabelerWeight`
 * (default 1). Ties are reported as in `majorityVote`: tallies within 10⁻⁹ of the item's total weight of the
 * largest tie, `label` is null and `tiedLabels` lists them. `confidence` is the largest tally / the item's total
 * weight; it is undefined (null with a reason, and `label` null) when every rating of the item has weight 0.
 *
 * Source: weighted majority rule with fixed weights. For independent labelers on a two-class task with accuracies
 * pₖ, the rule is optimal with weights log(pₖ / (1 − pₖ)) (Nitzan & Paroush 1982, "Optimal decision rules in
 * uncertain dichotomous choice situations", International Economic Review 23(2), 289–297); the caller chooses.
 *
 * Complexity: O(n log n + w) time and O(n + w) memory for n ratings and w weights.
 * Throws on malformed ratings, or a weight that is negative, infinite or not a number.
 */
export function weightedVote(
  ratings: readonly Rating[],
  weights: ByName<number>,
  options: WeightedVoteOptions = {},
): Record<string, VoteOutcome> {
  const unknownLabelerWeight = checkedWeight(options.unknownLabelerWeight ?? 1, "unknownLabelerWeight");
  const weightByLabeler = new Map(
    entriesByName(weights, "weights").map(([labeler, weight]) => [labeler, checkedWeight(weight, `weight of labeler ${describeValue(labeler)}`)]),
  );
  const table = tabulateRatings(ratings);
  return tallyVotes(table, Float64Array.from(table.labelers, (labeler) => weightByLabeler.get(labeler) ?? unknownLabelerWeight));
}

function checkedWeight(weight: unknown, what: string): number {
  if (typeof weight !== "number" || !Number.isFinite(weight) || weight < 0) {
    throw new Error(`${what} must be a finite number ≥ 0, got ${describeValue(weight)}`);
  }
  return weight;
}
