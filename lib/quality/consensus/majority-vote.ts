import { tabulateRatings, type Rating } from "./ratings";
import { tallyVotes, type VoteOutcome } from "./vote";

/**
 * Majority (plurality) vote per item.
 *
 * Definition: each rating is one vote for its label, so a labeler who rated an item three times (test–retest)
 * casts three votes. The winner is the label with the most votes. Ties are reported, not broken: when two or more
 * labels share the most votes, `label` is null and `tiedLabels` lists them in label order (UTF-16 code units), so a
 * tie can be sent to review instead of being settled by an arbitrary rule. `confidence` is the vote share of the
 * leading label(s): top votes / all votes on the item (0.5 for a 2–2 tie); it is always defined here.
 *
 * Source: the plurality baseline of the crowdsourcing literature, e.g. crowd-kit's MajorityVote
 * (Toloka, https://github.com/Toloka/crowd-kit), whose per-item probabilities are these vote shares.
 *
 * Complexity: O(n log n) time and O(n) memory for n ratings (dominated by indexing the ratings).
 * No ratings give `{}`. Malformed ratings throw (see `tabulateRatings`).
 */
export function majorityVote(ratings: readonly Rating[]): Record<string, VoteOutcome> {
  const table = tabulateRatings(ratings);
  return tallyVotes(table, new Float64Array(table.labelers.length).fill(1));
}
